import { ObjectId } from "mongodb";
import { z } from "zod";
import { HttpError } from "./http-error";

/**
 * Opaque pagination cursors: the position after the last item of a page, over a stable sort that
 * ends with `_id`, as base64url-encoded JSON. Each list states its cursor's fields as a zod schema
 * (built from `cursorField`); anything else — not base64url JSON, another list's cursor, another
 * sort's — is a 400 `invalid_cursor`, never a query over a made-up position.
 */
export type CursorValue = string | number | boolean | null | Date | ObjectId;

/** Dates and ObjectIds are written as their JSON forms (ISO string, hex), which `cursorField` reads back. */
export function encodeCursor(fields: Record<string, CursorValue>): string {
  return Buffer.from(JSON.stringify(fields)).toString("base64url");
}

export function decodeCursor<S extends z.ZodType>(
  raw: string,
  fields: S,
  message = "The cursor is not one this API returned",
): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    // Not ours: answered below like any other cursor that does not parse.
  }
  const parsed = fields.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new HttpError(400, "invalid_cursor", message);
}

/** The field types a cursor holds besides plain JSON values. */
export const cursorField = {
  date: z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)))
    .transform((s) => new Date(s)),
  objectId: z
    .string()
    .refine((s) => ObjectId.isValid(s))
    .transform((s) => new ObjectId(s)),
};

/** The most common position: (time, id), for lists sorted by a date and then `_id`. */
export interface TimeCursor {
  t: Date;
  id: ObjectId;
}

const TimeCursorFields = z.object({ t: cursorField.date, id: cursorField.objectId });

export const encodeTimeCursor = (t: Date, id: ObjectId): string => encodeCursor({ t, id });

export const decodeTimeCursor = (raw: string): TimeCursor => decodeCursor(raw, TimeCursorFields);
