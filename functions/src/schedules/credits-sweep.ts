import { MongoCreditLedger } from "../core/credits/ledger";
import { getDb } from "../platform/mongo";

/**
 * Every 5 minutes: releases reservations whose deadline passed (work that never settled), and expires
 * what is left of grants whose expiry passed. Both are idempotent, so overlapping runs are harmless.
 */
export async function runCreditsSweep(): Promise<Record<string, unknown>> {
  const ledger = new MongoCreditLedger(await getDb());
  const released = await ledger.releaseExpiredReservations();
  const expiredCredits = await ledger.expireGrants();
  return { released, expiredCredits };
}
