import type { ObjectId } from "mongodb";
import type { Attribution } from "./grant-attribution";

/**
 * The credit ledger's contract. Credits are integers. Every change to an account is one append-only
 * entry in `transactions`, idempotent by its `idempotency_key` (unique per effect, e.g.
 * `stripe:invoice:in_123:grant`), carrying who, why, the balances after it and what caused it.
 *
 * Balances live on one `credit_accounts` document per user and change only by conditional atomic
 * single-document updates (no multi-document transactions): the update also records the key in the
 * account's `applied_keys` and the entry in `pending`, then the entry is inserted and un-pended. A
 * crash in between leaves the entry in `pending`, which any later operation or the sweep finishes.
 * Invariant: balance = Σ delta_available and reserved = Σ delta_reserved over the user's entries.
 */
export const ENTRY_TYPES = [
  "grant", // tier allowance, promo, admin: may expire
  "purchase", // bought credit pack: never expires
  "reserve", // available → reserved, before metered work
  "settle", // reserved → spent (actual), remainder back to available
  "release", // reserved → available, work failed or deadline passed
  "refund", // provider refund: reverses purchased/granted credits, never below zero
  "chargeback", // dispute: reverses credits, may go below zero and flags the account
  "expire", // an expiring grant's unspent remainder at its expiry
  "adjust", // admin correction, ±
  "transfer", // marketplace: credits paid for something (a purchase), or given back (its refund); see transferOut/transferBack
  "shortfall", // moves nothing: an actual cost above its reservation, uncollected (meta.uncollected), for review
] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

export interface EntryCause {
  /** e.g. "payment", "invoice", "webhook_event", "llm_call", "admin", "reservation", "grant". */
  kind: string;
  id: string;
}

export interface LedgerEntry {
  _id: ObjectId;
  user_id: string;
  type: EntryType;
  /** Change to spendable credits (negative for spends, reserves, reversals). */
  delta_available: number;
  /** Change to reserved credits. */
  delta_reserved: number;
  idempotency_key: string;
  /** uid of the person or "system:<component>" that caused it. */
  actor: string;
  reason: string;
  cause: EntryCause;
  /** Balances right after this entry; null for an entry recovered after a crash (unknown then). */
  balance_after: number | null;
  reserved_after: number | null;
  /** The account's `rev` right after this entry: the order in which entries applied (null if recovered). */
  seq?: number | null;
  /** For grants that expire (subscription allowances, promos). */
  expires_at?: Date;
  /** For reserve/settle/release: the reservation this belongs to. */
  reservation_id?: string;
  meta?: Record<string, unknown>;
  created_at: Date;
}

export interface CreditAccount {
  _id?: ObjectId;
  user_id: string;
  balance: number;
  reserved: number;
  /** Set by a chargeback that took the balance below zero, or by an admin: spending is blocked. */
  flagged: boolean;
  flagged_reason?: string;
  /** The most recent idempotency keys applied (bounded), guarding the window before an entry exists. */
  applied_keys: string[];
  /** Incremented by every change: tells a reader whether the account moved between two reads. */
  rev: number;
  /** Entries applied to the balances but not yet written to `transactions`. */
  pending: Omit<LedgerEntry, "_id">[];
  created_at: Date;
  updated_at: Date;
}

export interface ApplyResult {
  entry: LedgerEntry;
  /** True when the idempotency key had already been applied: nothing changed this time. */
  duplicate: boolean;
}

export interface Reservation {
  id: string;
  user_id: string;
  amount: number;
  deadline: Date;
  state: "open" | "settled" | "released";
}

export interface GrantInput {
  uid: string;
  amount: number;
  idempotencyKey: string;
  actor: string;
  reason: string;
  cause: EntryCause;
  /** Grants with an expiry are drawn first and expire at this time. */
  expiresAt?: Date;
  meta?: Record<string, unknown>;
}

/** A marketplace debit or its refund: credits paid for a purpose, never below zero. */
export interface TransferInput {
  uid: string;
  amount: number;
  idempotencyKey: string;
  /** What the credits pay for (e.g. "marketplace.purchase"), kept on the entry as `meta.purpose`. */
  purpose: string;
  actor: string;
  reason: string;
  cause: EntryCause;
  meta?: Record<string, unknown>;
}

/** A page of a user's entries: newest first, `limit` of them after `after` (the previous page's last). */
export interface LedgerPage {
  type?: EntryType;
  limit: number;
  after?: { t: Date; id: ObjectId };
}

/** An account's balances beside the sums of its entries, or `quiet: false` when it kept changing while read. */
export type BalanceCheck =
  | { uid: string; quiet: true; balance: number; reserved: number; ledgerBalance: number; ledgerReserved: number }
  | { uid: string; quiet: false };

/** The credit ledger as the rest of the code sees it (implemented over MongoDB in ledger.ts). */
export interface CreditLedger {
  account(uid: string): Promise<CreditAccount>;
  grant(input: GrantInput): Promise<ApplyResult>;
  purchase(input: Omit<GrantInput, "expiresAt">): Promise<ApplyResult>;
  /** Reserves `amount` before metered work; 402 insufficient_credits / 403 account_restricted. */
  reserve(input: {
    uid: string;
    amount: number;
    idempotencyKey: string;
    actor: string;
    reason: string;
    cause: EntryCause;
    ttlSeconds?: number;
  }): Promise<Reservation & { duplicate: boolean }>;
  /** Settles a reservation at the actual cost: at most the reserved amount; any excess is recorded as a `shortfall` entry. */
  settle(reservationId: string, actual: number, actor: string, meta?: Record<string, unknown>): Promise<ApplyResult>;
  release(reservationId: string, actor: string, reason: string): Promise<ApplyResult>;
  /** Reverses up to `amount` credits, never below zero; the entry's meta records any shortfall. */
  refund(input: GrantInput): Promise<ApplyResult>;
  /**
   * Reverses `amount` credits even below zero; a negative balance flags the account unless
   * `flag: false` (the payer may not be the beneficiary: an admin decides).
   */
  chargeback(input: GrantInput, options?: { flag?: boolean }): Promise<ApplyResult>;
  /** Admin correction; a negative adjustment cannot take the balance below zero. */
  adjust(input: GrantInput): Promise<ApplyResult>;
  /** One page of the user's entries, newest first. */
  entriesOf(uid: string, page: LedgerPage): Promise<LedgerEntry[]>;
  /** Which credits are left of each expiring grant. */
  attribution(uid: string): Promise<Attribution>;
  /** The sweep: releases reservations past their deadline; returns how many. */
  releaseExpiredReservations(limit?: number): Promise<number>;
  /** The sweep: expires what is left of grants past their expiry; returns the credits expired. */
  expireGrants(lookbackDays?: number): Promise<number>;
  /** Reconciliation: every account's balances beside the sums of its entries. */
  balanceChecks(): AsyncIterable<BalanceCheck>;
  /** Analytics reconciliation: the written entries of these types created in [from, to), across accounts, oldest first. */
  entriesBetween(types: EntryType[], from: Date, to: Date): AsyncIterable<LedgerEntry>;
  /**
   * Marketplace: pays `amount` credits for a purpose (a `transfer` entry): never below zero (402
   * insufficient_credits), refused on a flagged account (403 account_restricted), once per key.
   */
  transferOut(input: TransferInput): Promise<ApplyResult>;
  /**
   * Marketplace: gives back credits of an earlier `transferOut` of the same account (a refund), named
   * by its key in `reverses`; all the gives-back of one debit never exceed it. Credits drawn from an
   * expiring grant go back to that grant (grant-attribution.ts), so a refund never extends an expiry.
   */
  transferBack(input: TransferInput & { reverses: string }): Promise<ApplyResult>;
  /** The entry an idempotency key applied to this account, or null; entries a crash left pending are written first. */
  appliedEntry(uid: string, idempotencyKey: string): Promise<LedgerEntry | null>;
}
