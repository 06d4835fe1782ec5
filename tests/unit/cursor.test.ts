import { ObjectId } from "mongodb";
import { z } from "zod";
import { cursorField, decodeCursor, decodeTimeCursor, encodeCursor, encodeTimeCursor } from "../../functions/src/platform/cursor";
import { HttpError } from "../../functions/src/platform/http-error";

const b64 = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
const id = new ObjectId("65a1b2c3d4e5f60718293a4b");
const at = new Date("2030-05-06T07:08:09.010Z");

function invalidCursor(fn: () => unknown, message = "The cursor is not one this API returned") {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ status: 400, code: "invalid_cursor", message });
    return;
  }
  throw new Error("expected a 400 invalid_cursor");
}

describe("the cursor codec (platform/cursor.ts), the one home of every list's cursors", () => {
  it("encodes fields as base64url JSON, Dates as ISO strings and ObjectIds as hex", () => {
    expect(encodeCursor({ s: "title", v: at, id, n: 3 })).toBe(b64({ s: "title", v: at.toISOString(), id: id.toHexString(), n: 3 }));
  });

  it("decodes what it encoded into typed values", () => {
    const Fields = z.object({ s: z.number().int(), u: cursorField.date, id: cursorField.objectId });
    const decoded = decodeCursor(encodeCursor({ s: 7, u: at, id }), Fields);
    expect(decoded.s).toBe(7);
    expect(decoded.u).toEqual(at);
    expect(decoded.id.equals(id)).toBe(true);
  });

  it.each([
    ["not base64url JSON", "bm90LW91cnM"],
    ["JSON null", b64("null")],
    ["a missing field", b64({ s: 7, u: at.toISOString() })],
    ["a date that does not parse", b64({ s: 7, u: "yesterday", id: id.toHexString() })],
    ["an id that is not an ObjectId", b64({ s: 7, u: at.toISOString(), id: "x".repeat(24) })],
    ["a non-integer score", b64({ s: 7.5, u: at.toISOString(), id: id.toHexString() })],
  ])("answers 400 invalid_cursor for %s", (_what, raw) => {
    invalidCursor(() => decodeCursor(raw, z.object({ s: z.number().int(), u: cursorField.date, id: cursorField.objectId })));
  });

  it("says which list's rule was broken when asked to", () => {
    invalidCursor(() => decodeCursor(b64({ s: "created" }), z.object({ s: z.literal("title") }), "for this sort"), "for this sort");
  });

  it("keeps the time cursor's wire format, so cursors issued before still work", () => {
    const issuedBefore = Buffer.from(JSON.stringify({ t: at.toISOString(), id: id.toHexString() })).toString("base64url");
    expect(encodeTimeCursor(at, id)).toBe(issuedBefore);
    const decoded = decodeTimeCursor(issuedBefore);
    expect(decoded.t).toEqual(at);
    expect(decoded.id.equals(id)).toBe(true);
    invalidCursor(() => decodeTimeCursor(b64({ t: "not a date", id: id.toHexString() })));
    invalidCursor(() => decodeTimeCursor("bogus"));
  });
});
