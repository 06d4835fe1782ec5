import { ObjectId } from "mongodb";

/** An ObjectId from its hex form, or null for anything else (ids stored as strings in event data). */
export const toObjectIdOrNull = (hex: string): ObjectId | null => (/^[0-9a-f]{24}$/.test(hex) ? new ObjectId(hex) : null);
