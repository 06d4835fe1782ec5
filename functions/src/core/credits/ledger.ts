import { derivedId } from "../../platform/derived-id";
import { ObjectId, type Collection, type Db, type Filter, type UpdateFilter } from "mongodb";
import { HttpError, notFound } from "../../platform/http-error";
import { errorFields, log } from "../../platform/logger";
import { isDuplicateKey } from "../../platform/mongo-errors";
import { attributeGrants, type Attribution } from "./grant-attribution";
import type {
  ApplyResult,
  BalanceCheck,
  CreditAccount,
  CreditLedger,
  EntryCause,
  EntryType,
  GrantInput,
  LedgerEntry,
  LedgerPage,
  Reservation,
  TransferInput,
} from "./ledger-types";

/** How many recent idempotency keys an account remembers (see `apply`). */
const APPLIED_KEYS_KEPT = 1_000;
/** Default time a reservation may stay open before the sweep releases it. */
export const DEFAULT_RESERVATION_TTL_SECONDS = 15 * 60;
/** A pending entry older than this is finished by whoever sees it (a crash interrupted its writer). */
const STALE_PENDING_MS = 30_000;
const MAX_AMOUNT = 1_000_000_000;

/** Steps of `apply`, for crash-injection tests. */
export type LedgerStep = "account_updated" | "entry_inserted";

interface ApplyOp {
  uid: string;
  type: EntryType;
  deltaAvailable: number;
  deltaReserved: number;
  key: string;
  actor: string;
  reason: string;
  cause: EntryCause;
  expiresAt?: Date;
  reservationId?: string;
  meta?: Record<string, unknown>;
  /** Chargebacks may take the balance below zero; nothing else may. */
  allowNegative?: boolean;
  /** A balance taken below zero flags the account, unless this is false (a chargeback awaiting review). */
  flagIfNegative?: boolean;
  /** Reserves are refused on a flagged account. */
  blockIfFlagged?: boolean;
}

interface ReservationDoc {
  _id: ObjectId;
  user_id: string;
  amount: number;
  deadline: Date;
  state: "pending" | "open" | "settled" | "released" | "rejected";
  key: string;
  created_at: Date;
  closed_at?: Date;
  settled_amount?: number;
  /** Sweep runs that failed on this document: a failing one goes to the back of the queue. */
  sweep_failures?: number;
  last_sweep_error?: string;
}

/** Why an operation allowed below zero flagged the account (so the flag's log names its cause). */
const flagReason = (op: Pick<ApplyOp, "type" | "key">) => `${op.type} ${op.key} took the balance below zero`;

/** A reservation's id is derived from its idempotency key, so a retried reserve finds the same one. */
export function reservationIdFor(key: string): ObjectId {
  return derivedId("reservation", key);
}

/**
 * An entry's `_id` is derived from its idempotency key too: whoever writes it (the caller or a
 * recovery), it is written once, even on an engine that does not enforce secondary unique indexes.
 */
export const entryIdFor = (key: string): ObjectId => derivedId("entry", key);

const positiveAmount = (amount: number, what = "amount") => {
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > MAX_AMOUNT) {
    throw new HttpError(400, "invalid_amount", `${what} must be a whole number of credits between 1 and ${MAX_AMOUNT}`);
  }
};

/**
 * The credit ledger over MongoDB, correct without multi-document transactions:
 *
 * 1. If an entry with the idempotency key exists, the effect already happened: return it.
 * 2. One conditional atomic update of the account applies the deltas (never below zero unless
 *    allowed, never spending on a flagged account), records the key in `applied_keys` (so a
 *    concurrent duplicate cannot apply twice before the entry exists) and parks the entry in `pending`.
 * 3. The entry is inserted into `transactions` with the balances the update returned.
 * 4. The entry is removed from `pending`.
 * A crash after 2 leaves the entry in `pending`; `finishPending` (run by later operations on the
 * account, by reads and by the sweep) inserts it, so nothing is lost and nothing applies twice.
 * On a real MongoDB the unique index on `transactions.idempotency_key` also backs step 1.
 *
 * `credit_accounts`, `transactions` and `reservations` are one aggregate, written and read only
 * here (reached through `services.ledger()`): the balances, the entries that explain them, and the
 * reservations that hold part of them.
 */
export class MongoCreditLedger implements CreditLedger {
  private readonly accounts: Collection<CreditAccount>;
  private readonly entries: Collection<LedgerEntry>;
  private readonly reservations: Collection<ReservationDoc>;
  /** Reservations this instance made and has not closed yet (see close()). */
  private readonly reservedHere = new Map<string, { key: string; uid: string; amount: number }>();

  constructor(
    db: Db,
    private readonly now: () => Date,
    /** Called at each step of `apply` (crash-injection tests throw from it). */
    private readonly faultAt?: (step: LedgerStep) => void,
  ) {
    this.accounts = db.collection<CreditAccount>("credit_accounts");
    this.entries = db.collection<LedgerEntry>("transactions");
    this.reservations = db.collection<ReservationDoc>("reservations");
  }

  async account(uid: string): Promise<CreditAccount> {
    const existing = await this.accounts.findOne({ user_id: uid });
    if (existing) {
      if (existing.pending.some((p) => this.now().getTime() - p.created_at.getTime() > STALE_PENDING_MS)) {
        await this.finishPending(uid);
        return (await this.accounts.findOne({ user_id: uid }))!;
      }
      return existing;
    }
    await this.ensureAccount(uid);
    return (await this.accounts.findOne({ user_id: uid }))!;
  }

  async grant(input: GrantInput): Promise<ApplyResult> {
    positiveAmount(input.amount);
    return this.apply({ ...this.base(input), type: "grant", deltaAvailable: input.amount, deltaReserved: 0, expiresAt: input.expiresAt });
  }

  async purchase(input: Omit<GrantInput, "expiresAt">): Promise<ApplyResult> {
    positiveAmount(input.amount);
    return this.apply({ ...this.base(input), type: "purchase", deltaAvailable: input.amount, deltaReserved: 0 });
  }

  async adjust(input: GrantInput): Promise<ApplyResult> {
    if (!Number.isSafeInteger(input.amount) || input.amount === 0 || Math.abs(input.amount) > MAX_AMOUNT) {
      throw new HttpError(400, "invalid_amount", "An adjustment is a non-zero whole number of credits");
    }
    return this.apply({ ...this.base(input), type: "adjust", deltaAvailable: input.amount, deltaReserved: 0, expiresAt: input.expiresAt });
  }

  async chargeback(input: GrantInput, options: { flag?: boolean } = {}): Promise<ApplyResult> {
    positiveAmount(input.amount);
    return this.apply({
      ...this.base(input),
      type: "chargeback",
      deltaAvailable: -input.amount,
      deltaReserved: 0,
      allowNegative: true,
      flagIfNegative: options.flag !== false,
      // Kept on the entry so a crash recovery (finishPending) knows not to flag either.
      ...(options.flag === false ? { meta: { ...input.meta, flag_account: false } } : {}),
    });
  }

  /**
   * Reverses up to `amount` credits without going below zero. What could not be reversed (already
   * spent) is recorded as `meta.shortfall` and logged for review; the money side is the provider's.
   */
  async refund(input: GrantInput): Promise<ApplyResult> {
    positiveAmount(input.amount);
    for (let attempt = 0; attempt < 8; attempt++) {
      const done = await this.findApplied(input.idempotencyKey);
      if (done) return { entry: done, duplicate: true };
      const available = Math.max(0, (await this.account(input.uid)).balance);
      const reversible = Math.min(input.amount, available);
      const shortfall = input.amount - reversible;
      try {
        const result = await this.apply({
          ...this.base(input),
          type: "refund",
          deltaAvailable: -reversible,
          deltaReserved: 0,
          meta: { ...input.meta, requested: input.amount, shortfall },
        });
        if (shortfall > 0 && !result.duplicate) {
          log.warn("refund_shortfall", { uid: input.uid, key: input.idempotencyKey, requested: input.amount, shortfall });
        }
        return result;
      } catch (err) {
        // The balance moved under us (a concurrent spend): recompute what can be reversed.
        if (!(err instanceof HttpError && err.code === "insufficient_credits")) throw err;
      }
    }
    throw new HttpError(503, "ledger_busy", "The account is changing too fast; retry shortly", { headers: { "Retry-After": "1" } });
  }

  async transferOut(input: TransferInput): Promise<ApplyResult> {
    positiveAmount(input.amount);
    return this.apply({
      ...this.base(input),
      type: "transfer",
      deltaAvailable: -input.amount,
      deltaReserved: 0,
      blockIfFlagged: true,
      meta: { ...input.meta, purpose: input.purpose },
    });
  }

  async transferBack(input: TransferInput & { reverses: string }): Promise<ApplyResult> {
    positiveAmount(input.amount);
    const done = await this.findApplied(input.idempotencyKey);
    if (done) return { entry: done, duplicate: true };
    const original = await this.appliedEntry(input.uid, input.reverses);
    if (!original || original.type !== "transfer" || original.delta_available >= 0) {
      throw new Error(`ledger: ${input.reverses} is not a transfer out of ${input.uid}`);
    }
    const returned = await this.entries
      .find({ user_id: input.uid, type: "transfer", "meta.reverses": input.reverses }, { projection: { delta_available: 1 } })
      .toArray();
    const left = -original.delta_available - returned.reduce((sum, e) => sum + e.delta_available, 0);
    if (input.amount > left) {
      throw new Error(`ledger: giving back ${input.amount} of ${input.reverses}, which has ${left} left to give back`);
    }
    return this.apply({
      ...this.base(input),
      type: "transfer",
      deltaAvailable: input.amount,
      deltaReserved: 0,
      meta: { ...input.meta, purpose: input.purpose, reverses: input.reverses },
    });
  }

  async appliedEntry(uid: string, idempotencyKey: string): Promise<LedgerEntry | null> {
    const account = await this.accounts.findOne({ user_id: uid }, { projection: { pending: 1 } });
    if (account?.pending?.some((p) => p.idempotency_key === idempotencyKey)) await this.finishPending(uid);
    const entry = await this.entries.findOne({ _id: entryIdFor(idempotencyKey) });
    return entry && entry.user_id === uid ? entry : null;
  }

  async reserve(input: {
    uid: string;
    amount: number;
    idempotencyKey: string;
    actor: string;
    reason: string;
    cause: EntryCause;
    ttlSeconds?: number;
  }): Promise<Reservation & { duplicate: boolean }> {
    positiveAmount(input.amount);
    const id = reservationIdFor(input.idempotencyKey);
    const now = this.now();
    const deadline = new Date(now.getTime() + (input.ttlSeconds ?? DEFAULT_RESERVATION_TTL_SECONDS) * 1000);
    // The reservation document exists before the credits move, so the sweep can always find it.
    let created = true;
    try {
      await this.reservations.insertOne({
        _id: id,
        user_id: input.uid,
        amount: input.amount,
        deadline,
        state: "pending",
        key: input.idempotencyKey,
        created_at: now,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      created = false;
      // The amount is fixed by the first reserve with this key: a retry that asks for another amount
      // (or another user) would move credits that settle and release never give back.
      const first = await this.reservations.findOne({ _id: id });
      if (first && (first.amount !== input.amount || first.user_id !== input.uid)) {
        throw new HttpError(409, "idempotency_key_reused", "This reservation key was already used for another amount or account");
      }
      // A retry of a reserve that was refused earlier may succeed now: reopen its document first.
      await this.reservations.updateOne({ _id: id, state: "rejected" }, { $set: { state: "pending", deadline } });
    }
    try {
      const { duplicate } = await this.apply(
        {
          ...this.base(input),
          type: "reserve",
          deltaAvailable: -input.amount,
          deltaReserved: input.amount,
          reservationId: id.toHexString(),
          blockIfFlagged: true,
        },
        // The document was just created with this key: the key cannot have been applied before.
        { fresh: created },
      );
      if (created && !duplicate) {
        // The usual path: the reservation stays "pending" until it is closed (close() and the sweep
        // tell an applied one by its reserve entry), and this instance remembers what it reserved so
        // that its own settle or release needs no reads (see close()).
        this.remember(id.toHexString(), { key: input.idempotencyKey, uid: input.uid, amount: input.amount });
        return { id: id.toHexString(), user_id: input.uid, amount: input.amount, deadline, state: "open", duplicate };
      }
      // A sweep that saw it pending before the credits moved may have rejected it meanwhile: the
      // credits did move, so it is open (and the sweep releases it once its deadline passes).
      await this.reservations.updateOne(
        { _id: id, state: { $in: ["pending", "rejected"] } },
        { $set: { state: "open" }, $unset: { closed_at: "" } },
      );
      const doc = (await this.reservations.findOne({ _id: id }))!;
      return {
        id: id.toHexString(),
        user_id: doc.user_id,
        amount: doc.amount,
        deadline: doc.deadline,
        state: doc.state === "pending" ? "open" : (doc.state as Reservation["state"]),
        duplicate,
      };
    } catch (err) {
      // Refused: nothing moved. Anything else (a crash, a lost connection) may have moved the credits:
      // the reservation stays pending and the sweep settles the question (release, or reject).
      if (err instanceof HttpError && (err.status === 402 || err.status === 403)) {
        await this.reservations.updateOne({ _id: id, state: "pending" }, { $set: { state: "rejected", closed_at: this.now() } });
      }
      throw err;
    }
  }

  async settle(reservationId: string, actual: number, actor: string, meta?: Record<string, unknown>): Promise<ApplyResult> {
    if (!Number.isSafeInteger(actual) || actual < 0) throw new HttpError(400, "invalid_amount", "The actual cost is a whole number ≥ 0");
    return this.close(reservationId, "settle", actor, "settled", actual, meta);
  }

  async release(reservationId: string, actor: string, reason: string): Promise<ApplyResult> {
    return this.close(reservationId, "release", actor, reason);
  }

  /**
   * Settle and release share one idempotency key per reservation, so exactly one of them ever
   * applies, whichever comes first (the work finishing or the sweep giving up on it). Both move exactly
   * what the reservation's `reserve` entry moved: settle charges at most that, release returns it all.
   * A settle asked for more (the vendor reported more than the upper bound reserved) charges the
   * reservation in full and records the rest in a `shortfall` entry that moves nothing: the reserved
   * amount is the most the caller agreed to pay, so the difference is ours, and it is never hidden.
   */
  private async close(
    reservationId: string,
    type: "settle" | "release",
    actor: string,
    reason: string,
    actual = 0,
    meta?: Record<string, unknown>,
  ): Promise<ApplyResult> {
    if (!ObjectId.isValid(reservationId)) throw notFound("Reservation");
    // This instance reserved it moments ago (the metered call closing its own reservation): the
    // amount is what its reserve moved, and nothing else can have closed it before its deadline.
    const own = this.reservedHere.get(reservationId);
    this.reservedHere.delete(reservationId);
    const { uid, amount } = own ?? (await this.reservedAmount(reservationId));
    const spent = type === "settle" ? Math.min(actual, amount) : 0;
    const result = await this.apply(
      {
        uid,
        type,
        deltaAvailable: amount - spent,
        deltaReserved: -amount,
        key: `reservation:${reservationId}:close`,
        actor,
        reason,
        cause: { kind: "reservation", id: reservationId },
        reservationId,
        meta: type === "settle" ? { ...meta, reserved: amount, spent, requested: actual } : meta,
      },
      { fresh: !!own },
    );
    if (result.entry.type === "settle") await this.recordShortfall(result.entry, reservationId, actor);
    const state = result.entry.type === "settle" ? "settled" : "released";
    await this.reservations.updateOne(
      { _id: new ObjectId(reservationId), state: { $in: ["pending", "open"] } },
      { $set: { state, closed_at: this.now(), settled_amount: -result.entry.delta_available - result.entry.delta_reserved } },
    );
    return result;
  }

  /** The part of a settle's actual cost that its reservation could not cover, as an entry of its own. */
  private async recordShortfall(settle: LedgerEntry, reservationId: string, actor: string): Promise<void> {
    const reserved = Number(settle.meta?.reserved);
    const requested = Number(settle.meta?.requested);
    if (!(requested > reserved)) return;
    const uncollected = requested - reserved;
    const { duplicate } = await this.apply({
      uid: settle.user_id,
      type: "shortfall",
      deltaAvailable: 0,
      deltaReserved: 0,
      key: `reservation:${reservationId}:shortfall`,
      actor,
      reason: "actual cost above the reserved upper bound",
      cause: { kind: "reservation", id: reservationId },
      reservationId,
      meta: {
        reserved,
        requested,
        uncollected,
        ...(settle.meta?.model ? { model: settle.meta.model } : {}),
        ...(settle.meta?.provider ? { provider: settle.meta.provider } : {}),
      },
    });
    // Error level: the upper bound was wrong, which only a code or catalogue fix can correct.
    if (!duplicate)
      log.error("credits_settle_shortfall", {
        uid: settle.user_id,
        reservationId,
        reserved,
        requested,
        uncollected,
        model: settle.meta?.model,
      });
  }

  /**
   * Releases every open reservation whose deadline has passed; returns how many. Each one is handled
   * on its own: one that fails is logged, counted on its document (which sends it behind the others
   * next time) and skipped, so a bad document never keeps the others' credits reserved.
   */
  async releaseExpiredReservations(limit = 500): Promise<number> {
    const now = this.now();
    const stale = await this.reservations
      .find({ state: { $in: ["open", "pending"] }, deadline: { $lt: now } })
      .sort({ sweep_failures: 1, deadline: 1 })
      .limit(limit)
      .toArray();
    let released = 0;
    for (const r of stale) {
      try {
        if (r.state === "pending" && !(await this.reserveApplied(r))) {
          // The reserve never applied (refused, or crashed before): nothing to give back.
          await this.reservations.updateOne({ _id: r._id, state: "pending" }, { $set: { state: "rejected", closed_at: now } });
          continue;
        }
        const result = await this.release(r._id.toHexString(), "system:credits-sweep", "reservation deadline passed");
        if (!result.duplicate) released++;
      } catch (err) {
        log.error("credits_sweep_reservation_failed", { reservationId: r._id.toHexString(), uid: r.user_id, ...errorFields(err) });
        await this.reservations
          .updateOne(
            { _id: r._id },
            { $inc: { sweep_failures: 1 }, $set: { last_sweep_error: String((err as Error)?.message ?? err).slice(0, 300) } },
          )
          .catch(() => undefined);
      }
    }
    return released;
  }

  /** What a reservation's reserve entry moved, and whose it is: read from the database (another instance's, or the sweep's). */
  private async reservedAmount(reservationId: string): Promise<{ uid: string; amount: number }> {
    const doc = await this.reservations.findOne({ _id: new ObjectId(reservationId) });
    if (!doc || doc.state === "rejected") throw notFound("Reservation");
    const reserved = await this.entries.findOne({ _id: entryIdFor(doc.key) });
    if (!reserved && !(await this.reserveApplied(doc))) {
      // Its reserve never moved any credits: closing it must not touch other reservations' credits.
      if (doc.state === "pending") throw notFound("Reservation");
      throw new Error(`ledger: reservation ${reservationId} is ${doc.state} but its reserve entry is missing`);
    }
    const entry = reserved ?? (await this.entries.findOne({ _id: entryIdFor(doc.key) }));
    if (!entry || entry.type !== "reserve" || entry.user_id !== doc.user_id || !(entry.delta_reserved > 0)) {
      throw new Error(`ledger: reservation ${reservationId} does not match its reserve entry`);
    }
    return { uid: doc.user_id, amount: entry.delta_reserved };
  }

  /** A reservation this instance just made, for its own close (bounded: a call that never closes is the sweep's). */
  private remember(reservationId: string, r: { key: string; uid: string; amount: number }): void {
    if (this.reservedHere.size >= 10_000) this.reservedHere.delete(this.reservedHere.keys().next().value!);
    this.reservedHere.set(reservationId, r);
  }

  private async reserveApplied(r: ReservationDoc): Promise<boolean> {
    if (await this.entries.findOne({ idempotency_key: r.key })) return true;
    const account = await this.accounts.findOne({ user_id: r.user_id });
    if (!account?.applied_keys.includes(r.key)) return false;
    await this.finishPending(r.user_id);
    return true;
  }

  /** One page of the user's entries, newest first, after the (created_at, _id) position of the previous page's last one. */
  entriesOf(uid: string, page: LedgerPage): Promise<LedgerEntry[]> {
    const filter: Filter<LedgerEntry> = { user_id: uid };
    if (page.type) filter.type = page.type;
    if (page.after) filter.$or = [{ created_at: { $lt: page.after.t } }, { created_at: page.after.t, _id: { $lt: page.after.id } }];
    return this.entries.find(filter).sort({ created_at: -1, _id: -1 }).limit(page.limit).toArray();
  }

  /**
   * Every account's balances beside the sums of its entries (reconciliation), one account at a time.
   * Entries left pending by a crash are written first. Only a quiet snapshot is compared: the account
   * unchanged while its entries were summed (an operation in flight would otherwise look like drift);
   * an account still busy after three tries is reported not quiet.
   */
  async *balanceChecks(): AsyncGenerator<BalanceCheck> {
    for await (const account of this.accounts.find({}, { projection: { user_id: 1, pending: 1 } })) {
      const uid = account.user_id;
      if (account.pending?.length) await this.finishPending(uid);
      let check: BalanceCheck = { uid, quiet: false };
      for (let attempt = 0; attempt < 3; attempt++) {
        const before = await this.accounts.findOne({ user_id: uid });
        if (!before) break;
        const [sums] = await this.entries
          .aggregate<{ available: number; reserved: number }>([
            { $match: { user_id: uid } },
            { $group: { _id: null, available: { $sum: "$delta_available" }, reserved: { $sum: "$delta_reserved" } } },
          ])
          .toArray();
        const after = await this.accounts.findOne({ user_id: uid });
        if (!after || after.rev !== before.rev || after.pending.length > 0) {
          await new Promise((r) => setTimeout(r, 500));
          continue;
        }
        check = {
          uid,
          quiet: true,
          balance: after.balance,
          reserved: after.reserved,
          ledgerBalance: sums?.available ?? 0,
          ledgerReserved: sums?.reserved ?? 0,
        };
        break;
      }
      yield check;
    }
  }

  /** Which credits are left of each expiring grant, from the user's entries (oldest first). */
  async attribution(uid: string): Promise<Attribution> {
    const entries = await this.entries
      .find(
        { user_id: uid },
        { projection: { type: 1, delta_available: 1, idempotency_key: 1, expires_at: 1, reservation_id: 1, created_at: 1, meta: 1 } },
      )
      .sort({ created_at: 1, seq: 1, _id: 1 })
      .toArray();
    return attributeGrants(entries);
  }

  /**
   * Expires what is left of grants whose expiry has passed (within `lookbackDays`: the sweep runs
   * every few minutes, the window only covers outages). One `expire` entry per grant and pass, keyed
   * by the grant and how many expiries it already had, so concurrent sweeps apply it once.
   */
  async expireGrants(lookbackDays = 7): Promise<number> {
    const now = this.now();
    const since = new Date(now.getTime() - lookbackDays * 86_400_000);
    const uids = await this.entries.distinct("user_id", {
      type: { $in: ["grant", "adjust", "transfer"] },
      expires_at: { $lte: now, $gt: since },
    });
    let expired = 0;
    for (const uid of uids) {
      try {
        expired += await this.expireGrantsOf(uid, now);
      } catch (err) {
        // One user's bad data must not keep everyone else's grants from expiring.
        log.error("credits_sweep_expiry_failed", { uid, ...errorFields(err) });
      }
    }
    return expired;
  }

  private async expireGrantsOf(uid: string, now: Date): Promise<number> {
    let expired = 0;
    await this.finishPending(uid);
    const { grants } = await this.attribution(uid);
    for (const bucket of grants.filter((g) => g.expiresAt <= now && g.remaining > 0)) {
      const balance = (await this.account(uid)).balance;
      const amount = Math.min(bucket.remaining, Math.max(0, balance));
      if (amount <= 0) continue;
      const previous = await this.entries.countDocuments({ user_id: uid, type: "expire", "meta.grant_key": bucket.key });
      try {
        const { duplicate } = await this.apply({
          uid,
          type: "expire",
          deltaAvailable: -amount,
          deltaReserved: 0,
          key: `${bucket.key}:expire:${previous}`,
          actor: "system:credits-sweep",
          reason: "grant expired",
          cause: { kind: "grant", id: bucket.key },
          meta: { grant_key: bucket.key, expired_at: bucket.expiresAt },
        });
        if (!duplicate) expired += amount;
      } catch (err) {
        // A concurrent spend lowered the balance: the next sweep expires what is left then.
        if (!(err instanceof HttpError && err.code === "insufficient_credits")) throw err;
      }
    }
    return expired;
  }

  /** Writes entries left in `pending` by an interrupted `apply`, then un-pends them. */
  async finishPending(uid: string): Promise<number> {
    const account = await this.accounts.findOne({ user_id: uid });
    if (!account?.pending.length) return 0;
    for (const pending of account.pending) {
      try {
        // Balances after a crashed write are unknown: recorded as null, marked recovered.
        await this.entries.insertOne({
          ...pending,
          _id: entryIdFor(pending.idempotency_key),
          balance_after: null,
          reserved_after: null,
          seq: null,
          meta: { ...pending.meta, recovered: true },
        });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      await this.accounts.updateOne({ user_id: uid }, { $pull: { pending }, $inc: { rev: 1 }, $set: { updated_at: this.now() } });
    }
    log.warn("ledger_pending_recovered", { uid, count: account.pending.length });
    // The interrupted writer never reached its flag step: a chargeback that took the balance below
    // zero must still block spending.
    if (account.pending.some((p) => p.type === "chargeback" && p.meta?.flag_account !== false)) {
      const after = await this.accounts.findOne({ user_id: uid });
      if (after && after.balance < 0 && !after.flagged) await this.flag(uid, `chargeback took the balance to ${after.balance}`);
    }
    return account.pending.length;
  }

  /** The entry of an applied key, finishing its account's `pending` if its writer crashed after writing it. */
  private async findApplied(key: string): Promise<LedgerEntry | null> {
    const done = await this.entries.findOne({ _id: entryIdFor(key) });
    if (!done) return null;
    const stuck = await this.accounts.findOne({ user_id: done.user_id, "pending.idempotency_key": key }, { projection: { _id: 1 } });
    if (stuck) await this.finishPending(done.user_id);
    return done;
  }

  private base(input: {
    uid: string;
    idempotencyKey: string;
    actor: string;
    reason: string;
    cause: EntryCause;
    meta?: Record<string, unknown>;
  }) {
    return { uid: input.uid, key: input.idempotencyKey, actor: input.actor, reason: input.reason, cause: input.cause, meta: input.meta };
  }

  private async ensureAccount(uid: string): Promise<void> {
    const now = this.now();
    try {
      await this.accounts.updateOne(
        { user_id: uid },
        {
          $setOnInsert: {
            user_id: uid,
            balance: 0,
            reserved: 0,
            rev: 0,
            flagged: false,
            applied_keys: [],
            pending: [],
            created_at: now,
            updated_at: now,
          },
        },
        { upsert: true },
      );
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  /**
   * `fresh`: the caller knows the key has never been applied (it just created the document the key
   * belongs to), so the lookup of an existing entry is skipped; the conditional update still refuses
   * a key the account has applied.
   */
  private async apply(op: ApplyOp, opts: { fresh?: boolean } = {}): Promise<ApplyResult> {
    if (!op.key || op.key.length > 300) throw new Error("ledger: idempotency key missing or too long");
    if (!opts.fresh) {
      const done = await this.findApplied(op.key);
      if (done) return { entry: done, duplicate: true };
    }

    const now = this.now();
    const pending: Omit<LedgerEntry, "_id"> = {
      user_id: op.uid,
      type: op.type,
      delta_available: op.deltaAvailable,
      delta_reserved: op.deltaReserved,
      idempotency_key: op.key,
      actor: op.actor,
      reason: op.reason,
      cause: op.cause,
      balance_after: 0,
      reserved_after: 0,
      ...(op.expiresAt ? { expires_at: op.expiresAt } : {}),
      ...(op.reservationId ? { reservation_id: op.reservationId } : {}),
      ...(op.meta ? { meta: op.meta } : {}),
      created_at: now,
    };
    const filter: Record<string, unknown> = { user_id: op.uid, applied_keys: { $ne: op.key } };
    if (op.deltaAvailable < 0 && !op.allowNegative) filter.balance = { $gte: -op.deltaAvailable };
    if (op.deltaReserved < 0) filter.reserved = { $gte: -op.deltaReserved };
    if (op.blockIfFlagged) filter.flagged = { $ne: true };
    const update = {
      $inc: { balance: op.deltaAvailable, reserved: op.deltaReserved, rev: 1 },
      $push: { applied_keys: { $each: [op.key], $slice: -APPLIED_KEYS_KEPT }, pending },
      $set: { updated_at: now },
    };

    let updated = await this.update(op, filter, update);
    if (!updated) {
      // Perhaps no account yet: create it (a no-op if a concurrent first operation just did) and try
      // once more, so the loser of that race is not refused for a balance it never saw.
      await this.ensureAccount(op.uid);
      updated = await this.update(op, filter, update);
    }
    if (!updated) return this.explainRefusal(op);
    this.faultAt?.("account_updated");

    const entry: LedgerEntry = {
      ...pending,
      _id: entryIdFor(op.key),
      balance_after: updated.balance,
      reserved_after: updated.reserved,
      seq: updated.rev,
    };
    try {
      await this.entries.insertOne(entry);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    this.faultAt?.("entry_inserted");
    await this.accounts.updateOne({ user_id: op.uid }, { $pull: { pending }, $inc: { rev: 1 }, $set: { updated_at: this.now() } });

    if (updated.balance < 0 && !updated.flagged && op.flagIfNegative !== false)
      await this.flag(op.uid, `${op.type} took the balance to ${updated.balance}`);
    if (updated.balance < 0 && updated.flagged_reason === flagReason(op))
      log.error("credit_account_flagged", { uid: op.uid, reason: updated.flagged_reason });
    return { entry, duplicate: false };
  }

  /**
   * The conditional update of `apply`. A debit allowed below zero runs as one of two complementary
   * updates: the one that takes the balance below zero also flags the account in the same atomic
   * step, so no spend can slip in between a chargeback and its flag.
   */
  private async update(op: ApplyOp, filter: Filter<CreditAccount>, update: UpdateFilter<CreditAccount>): Promise<CreditAccount | null> {
    if (!(op.allowNegative && op.deltaAvailable < 0)) return this.accounts.findOneAndUpdate(filter, update, { returnDocument: "after" });
    for (let attempt = 0; attempt < 8; attempt++) {
      const stays = await this.accounts.findOneAndUpdate({ ...filter, balance: { $gte: -op.deltaAvailable } }, update, {
        returnDocument: "after",
      });
      if (stays) return stays;
      const negative = await this.accounts.findOneAndUpdate(
        { ...filter, balance: { $lt: -op.deltaAvailable } },
        op.flagIfNegative === false ? update : { ...update, $set: { ...update.$set, flagged: true, flagged_reason: flagReason(op) } },
        { returnDocument: "after" },
      );
      if (negative) return negative;
      // Neither matched: the account changed in between, or the key applied, or no account: re-check.
      const account = await this.accounts.findOne({ user_id: op.uid });
      if (!account || account.applied_keys.includes(op.key)) return null;
    }
    return null;
  }

  /** The conditional update matched nothing: say why (duplicate, flagged, or not enough credits). */
  private async explainRefusal(op: ApplyOp): Promise<ApplyResult> {
    const account = await this.accounts.findOne({ user_id: op.uid });
    if (account?.applied_keys.includes(op.key)) {
      // Applied by a concurrent call (give it a moment to write its entry) or a crashed one (recover).
      for (let i = 0; i < 20; i++) {
        const entry = await this.entries.findOne({ idempotency_key: op.key });
        if (entry) return { entry, duplicate: true };
        if (i === 19) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await this.finishPending(op.uid);
      const entry = await this.entries.findOne({ idempotency_key: op.key });
      if (entry) return { entry, duplicate: true };
      throw new Error(`ledger: key ${op.key} applied but its entry is missing`);
    }
    if (op.blockIfFlagged && account?.flagged) {
      throw new HttpError(403, "account_restricted", "Spending is blocked on this account; contact support");
    }
    if (op.deltaReserved < 0) throw new Error(`ledger: reservation ${op.reservationId} exceeds the reserved balance`);
    throw new HttpError(
      402,
      "insufficient_credits",
      `Balance ${account?.balance ?? 0} is below the ${-op.deltaAvailable} credits this needs`,
      {
        details: { balance: account?.balance ?? 0, required: -op.deltaAvailable },
      },
    );
  }

  /**
   * The written entries of these types created in [from, to), across accounts, oldest first (read
   * only). An entry still pending after a crash is not among them until it is finished.
   */
  async *entriesBetween(types: EntryType[], from: Date, to: Date): AsyncGenerator<LedgerEntry> {
    yield* this.entries.find({ type: { $in: types }, created_at: { $gte: from, $lt: to } }).sort({ created_at: 1, _id: 1 });
  }

  private async flag(uid: string, reason: string): Promise<void> {
    await this.accounts.updateOne(
      { user_id: uid },
      { $set: { flagged: true, flagged_reason: reason, updated_at: this.now() }, $inc: { rev: 1 } },
    );
    // Error level: admins are alerted on these (log-based alert on the event name).
    log.error("credit_account_flagged", { uid, reason });
  }
}
