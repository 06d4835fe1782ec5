import { runPayouts } from "../core/marketplace/payout-run";
import type { Services } from "../services";

/** Daily: pays sellers and partners their available earnings, once per payout period (core/marketplace/payout-run.ts). */
export async function runPayoutRun(runId: string, services: Services): Promise<Record<string, unknown>> {
  return runPayouts(services, runId);
}
