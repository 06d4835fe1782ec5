import type { LedgerEntry } from "./ledger-types";

/** An expiring grant and what is left of it. */
export interface GrantBucket {
  key: string;
  amount: number;
  remaining: number;
  expiresAt: Date;
  grantedAt: Date;
}

export interface Attribution {
  /** Expiring grants, soonest expiry first, with their unspent remainders. */
  grants: GrantBucket[];
  /** Credits that never expire (purchases, permanent grants, adjustments); negative after a chargeback. */
  permanent: number;
}

type Draw = { bucket: GrantBucket | "permanent"; amount: number };

/**
 * Replays a user's ledger (oldest first) to say which credits are left of each expiring grant.
 * The rule: spending draws the soonest-expiring live grant first, then permanent credits; unused
 * reserved credits, and the credits a marketplace refund gives back (`transferBack`), return to where
 * they were drawn from; a refund or chargeback of a grant draws from
 * that grant first (`meta.grant_key`), otherwise from permanent credits, then grants. Balances on the
 * account are authoritative; this only attributes them, so the hot path (one atomic $inc per spend)
 * never has to choose a bucket.
 */
export function attributeGrants(
  entries: Pick<LedgerEntry, "type" | "delta_available" | "idempotency_key" | "expires_at" | "reservation_id" | "created_at" | "meta">[],
): Attribution {
  const grants: GrantBucket[] = [];
  const byKey = new Map<string, GrantBucket>();
  const drawsByReservation = new Map<string, Draw[]>();
  let permanent = 0;

  const live = (at: Date) =>
    grants.filter((g) => g.remaining > 0 && g.expiresAt > at).sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime());

  const draw = (amount: number, at: Date, first?: GrantBucket, permanentFirst = false): Draw[] => {
    const draws: Draw[] = [];
    let left = amount;
    const take = (bucket: GrantBucket) => {
      const n = Math.min(bucket.remaining, left);
      if (n <= 0) return;
      bucket.remaining -= n;
      left -= n;
      draws.push({ bucket, amount: n });
    };
    if (first) take(first);
    if (permanentFirst && left > 0 && permanent > 0) {
      const n = Math.min(permanent, left);
      permanent -= n;
      left -= n;
      draws.push({ bucket: "permanent", amount: n });
    }
    for (const bucket of live(at)) {
      if (left <= 0) break;
      take(bucket);
    }
    if (left > 0) {
      permanent -= left; // may go negative (chargebacks)
      draws.push({ bucket: "permanent", amount: left });
    }
    return draws;
  };

  const giveBack = (draws: Draw[], amount: number) => {
    let left = amount;
    for (let i = draws.length - 1; i >= 0 && left > 0; i--) {
      const d = draws[i];
      const n = Math.min(d.amount, left);
      if (d.bucket === "permanent") permanent += n;
      else d.bucket.remaining += n;
      d.amount -= n;
      left -= n;
    }
    if (left > 0) permanent += left;
  };

  const drawsByTransfer = new Map<string, Draw[]>();

  for (const e of entries) {
    const delta = e.delta_available;
    const reverses = typeof e.meta?.reverses === "string" ? e.meta.reverses : undefined;
    if (e.type === "transfer" && delta < 0) {
      // A marketplace purchase: remembered, so its refund goes back where it came from.
      drawsByTransfer.set(e.idempotency_key, draw(-delta, e.created_at));
      continue;
    }
    if (e.type === "transfer" && delta > 0 && reverses && drawsByTransfer.has(reverses)) {
      giveBack(drawsByTransfer.get(reverses)!, delta);
      continue;
    }
    switch (e.type) {
      case "grant":
      case "adjust":
      case "transfer":
      case "purchase":
        if (delta > 0 && e.expires_at && e.type !== "purchase") {
          const bucket = { key: e.idempotency_key, amount: delta, remaining: delta, expiresAt: e.expires_at, grantedAt: e.created_at };
          grants.push(bucket);
          byKey.set(e.idempotency_key, bucket);
        } else if (delta > 0) {
          permanent += delta;
        } else if (delta < 0) {
          draw(-delta, e.created_at);
        }
        break;
      case "reserve":
        drawsByReservation.set(e.reservation_id ?? e.idempotency_key, draw(-delta, e.created_at));
        break;
      case "settle":
      case "release": {
        const draws = drawsByReservation.get(e.reservation_id ?? "") ?? [];
        giveBack(draws, delta);
        break;
      }
      case "refund":
      case "chargeback": {
        const grantKey = typeof e.meta?.grant_key === "string" ? e.meta.grant_key : undefined;
        if (delta < 0) draw(-delta, e.created_at, grantKey ? byKey.get(grantKey) : undefined, !grantKey);
        break;
      }
      case "expire": {
        const bucket = byKey.get(String(e.meta?.grant_key ?? ""));
        if (bucket) bucket.remaining = Math.max(0, bucket.remaining + delta);
        else if (delta < 0) draw(-delta, e.created_at);
        break;
      }
    }
  }
  return { grants: [...grants].sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime()), permanent };
}
