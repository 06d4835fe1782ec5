import { ObjectId, type Filter } from "mongodb";
import type { LedgerEntry } from "../../core/credits/ledger-types";
import { HttpError } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import type { LedgerQuery } from "./credits.schema";
import { toLedgerEntryView } from "./ledger-view";

interface Cursor {
  t: string;
  id: string;
}

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");

function decode(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Cursor;
    if (typeof c.t === "string" && !Number.isNaN(Date.parse(c.t)) && ObjectId.isValid(c.id)) return c;
  } catch {
    // fall through
  }
  throw new HttpError(400, "invalid_cursor", "The cursor is not one this API returned");
}

/**
 * The caller's ledger, newest first, paginated by a cursor over (created_at, _id): stable while new
 * entries arrive (they sort before the cursor and never shift later pages).
 */
export async function listLedger(ctx: OperationContext<unknown, LedgerQuery>) {
  const { type, limit, cursor } = ctx.query;
  const filter: Filter<LedgerEntry> = { user_id: ctx.caller.uid };
  if (type) filter.type = type;
  if (cursor) {
    const c = decode(cursor);
    const t = new Date(c.t);
    filter.$or = [{ created_at: { $lt: t } }, { created_at: t, _id: { $lt: new ObjectId(c.id) } }];
  }
  const db = await ctx.services.db();
  const page = await db
    .collection<LedgerEntry>("transactions")
    .find(filter)
    .sort({ created_at: -1, _id: -1 })
    .limit(limit + 1)
    .toArray();
  const entries = page.slice(0, limit);
  const last = entries[entries.length - 1];
  return {
    entries: entries.map(toLedgerEntryView),
    nextCursor: page.length > limit && last ? encode({ t: last.created_at.toISOString(), id: last._id.toHexString() }) : null,
  };
}
