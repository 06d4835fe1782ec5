import type { Filter } from "mongodb";
import type { LedgerEntry } from "../../core/credits/ledger-types";
import { decodeTimeCursor, encodeTimeCursor } from "../../platform/cursor";
import type { OperationContext } from "../../platform/operation";
import type { LedgerQuery } from "./credits.schema";
import { toLedgerEntryView } from "./ledger-view";

/**
 * The caller's ledger, newest first, paginated by a cursor over (created_at, _id): stable while new
 * entries arrive (they sort before the cursor and never shift later pages).
 */
export async function listLedger(ctx: OperationContext<unknown, LedgerQuery>) {
  const { type, limit, cursor } = ctx.query;
  const filter: Filter<LedgerEntry> = { user_id: ctx.caller.uid };
  if (type) filter.type = type;
  if (cursor) {
    const c = decodeTimeCursor(cursor);
    filter.$or = [{ created_at: { $lt: c.t } }, { created_at: c.t, _id: { $lt: c.id } }];
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
    nextCursor: page.length > limit && last ? encodeTimeCursor(last.created_at, last._id) : null,
  };
}
