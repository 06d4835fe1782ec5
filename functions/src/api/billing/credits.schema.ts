import { z } from "zod";
import { PageCursor } from "../../platform/common-schemas";
import { ENTRY_TYPES } from "../../core/credits/ledger-types";
import { LedgerEntryView } from "../../core/credits/ledger-entry.schema";

export { LedgerEntryView };

export const BalanceResponse = z
  .object({
    /** What the caller can spend now (reservations already taken out). */
    credits: z.number().int(),
    /** Held by work in progress (e.g. an LLM call), settled or released when it ends. */
    reserved: z.number().int(),
    /** Spending is blocked (e.g. after a chargeback); contact support. */
    restricted: z.boolean(),
    expiringSoon: z.array(z.object({ credits: z.number().int(), expiresAt: z.iso.datetime(), source: z.string() })),
  })
  .meta({ id: "BalanceResponse" });

export const LedgerQuery = z.strictObject({
  type: z.enum(ENTRY_TYPES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: PageCursor.optional(),
});
export type LedgerQuery = z.infer<typeof LedgerQuery>;

export const LedgerResponse = z
  .object({ entries: z.array(LedgerEntryView), nextCursor: z.string().nullable() })
  .meta({ id: "LedgerResponse" });
