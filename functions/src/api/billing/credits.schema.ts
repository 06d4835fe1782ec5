import { z } from "zod";
import { DisplayText } from "../../platform/common-schemas";
import { ENTRY_TYPES } from "../../core/credits/ledger-types";

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
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional(),
});
export type LedgerQuery = z.infer<typeof LedgerQuery>;

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

export const LedgerResponse = z
  .object({ entries: z.array(LedgerEntryView), nextCursor: z.string().nullable() })
  .meta({ id: "LedgerResponse" });

export const AdminCreditsInput = z
  .strictObject({
    type: z.enum(["grant", "adjust"]),
    /** grant: > 0; adjust: ≠ 0 (negative cannot take the balance below zero). */
    amount: z.number().int().min(-10_000_000).max(10_000_000),
    reason: DisplayText(500).pipe(z.string().min(3, "say why (at least 3 characters)")),
    /** Only for grants: when the granted credits expire (a future time, within 2 years). */
    expiresAt: z.iso.datetime().optional(),
    /** Makes a retried request (e.g. a double click) apply once. */
    idempotencyKey: z
      .string()
      .min(8)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/)
      .optional(),
  })
  .refine((v) => v.amount !== 0, { path: ["amount"], message: "must not be zero" })
  .refine((v) => v.type === "adjust" || v.amount > 0, { path: ["amount"], message: "a grant must be positive" })
  .refine((v) => v.type === "grant" || v.expiresAt === undefined, { path: ["expiresAt"], message: "only grants expire" })
  .meta({ id: "AdminCreditsInput" });
export type AdminCreditsInput = z.infer<typeof AdminCreditsInput>;

export const AdminCreditsResponse = z
  .object({
    uid: z.string(),
    entry: LedgerEntryView,
    duplicate: z.boolean(),
    credits: z.number().int(),
    reserved: z.number().int(),
  })
  .meta({ id: "AdminCreditsResponse" });
