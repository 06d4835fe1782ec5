import type { Services } from "../services";

/**
 * Every 5 minutes: releases reservations whose deadline passed (work that never settled), and expires
 * what is left of grants whose expiry passed. Both are idempotent, so overlapping runs are harmless.
 */
export async function runCreditsSweep(_runId: string, services: Services): Promise<Record<string, unknown>> {
  const ledger = await services.ledger();
  const released = await ledger.releaseExpiredReservations();
  const expiredCredits = await ledger.expireGrants();
  return { released, expiredCredits };
}
