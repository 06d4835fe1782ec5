import { ObjectId } from "mongodb";
import { HttpError } from "./http-error";

/**
 * Opaque pagination cursors: the position after the last item of a page, over a stable sort that
 * ends with `_id` — (time, id) here — base64url-encoded JSON. A cursor the API did not issue is a 400.
 */
export interface TimeCursor {
  t: Date;
  id: ObjectId;
}

export function encodeTimeCursor(t: Date, id: ObjectId): string {
  return Buffer.from(JSON.stringify({ t: t.toISOString(), id: id.toHexString() })).toString("base64url");
}

export function decodeTimeCursor(raw: string): TimeCursor {
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as { t?: unknown; id?: unknown };
    if (typeof c.t === "string" && !Number.isNaN(Date.parse(c.t)) && typeof c.id === "string" && ObjectId.isValid(c.id)) {
      return { t: new Date(c.t), id: new ObjectId(c.id) };
    }
  } catch {
    // fall through: not ours
  }
  throw new HttpError(400, "invalid_cursor", "The cursor is not one this API returned");
}
