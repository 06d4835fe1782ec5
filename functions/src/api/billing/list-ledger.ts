import { decodeTimeCursor, encodeTimeCursor } from "../../platform/cursor";
import type { OperationContext } from "../../platform/operation";
import type { LedgerQuery } from "./credits.schema";
import { toLedgerEntryView } from "../../core/credits/ledger-view";

/**
 * The caller's ledger, newest first, paginated by a cursor over (created_at, _id): stable while new
 * entries arrive (they sort before the cursor and never shift later pages).
 */
export async function listLedger(ctx: OperationContext<unknown, LedgerQuery>) {
  const { type, limit, cursor } = ctx.query;
  const after = cursor ? decodeTimeCursor(cursor) : undefined;
  const page = await (await ctx.services.ledger()).entriesOf(ctx.caller.uid, { type, limit: limit + 1, after });
  const entries = page.slice(0, limit);
  const last = entries[entries.length - 1];
  return {
    entries: entries.map(toLedgerEntryView),
    nextCursor: page.length > limit && last ? encodeTimeCursor(last.created_at, last._id) : null,
  };
}
