import { z } from "zod";
import { ENTRY_TYPES } from "./ledger-types";

/** A ledger entry as the API shows it: the billing ledger page and the admin credit response share it. */
export const LedgerEntryView = z
  .object({
    id: z.string(),
    type: z.enum(ENTRY_TYPES),
    /** Change to spendable credits. */
    credits: z.number().int(),
    /** Change to reserved credits. */
    reserved: z.number().int(),
    balanceAfter: z.number().int().nullable(),
    reason: z.string(),
    cause: z.object({ kind: z.string(), id: z.string() }),
    expiresAt: z.iso.datetime().optional(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "LedgerEntryView" });
