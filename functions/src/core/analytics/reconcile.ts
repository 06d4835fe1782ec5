import type { CreditLedger, EntryType, LedgerEntry } from "../credits/ledger-types";
import type { EventsStore } from "../events/events-store";
import type { UsageStore } from "../usage/usage-store";
import { log } from "../../platform/logger";
import type { AnalyticsStateStore } from "./analytics-state-store";
import type { FindingKind, FindingsStore } from "./findings-store";
import { RECORDING_SKEW_MS, ROLLUP_JOB } from "./rollup";
import type { RollupsStore } from "./rollups-store";

const HOUR_MS = 3_600_000;
/** Facts younger than this are not checked: their usage record or event may still be on its way. */
export const FACT_GRACE_MS = 10 * 60_000;
/** Ledger entries read per batch when looking up their records. */
const BATCH = 500;

/**
 * The ledger entries that must each have a domain event keyed by their idempotency key (the code that
 * makes the credit movement records it: payment-effects.ts, get-me.ts, credit-user.ts). `transfer`
 * (the marketplace) joins when its events are keyed the same way.
 */
export const ENTRIES_WITH_EVENTS: EntryType[] = ["purchase", "grant", "adjust", "refund", "chargeback"];

export interface ReconcileDeps {
  ledger: Pick<CreditLedger, "entriesBetween">;
  usage: Pick<UsageStore, "creditsByReservation">;
  events: Pick<EventsStore, "recordedKeys">;
  rollups: Pick<RollupsStore, "find">;
  state: Pick<AnalyticsStateStore, "get">;
  findings: Pick<FindingsStore, "report" | "resolve" | "openKeys">;
}

export interface ReconcileResult {
  hours: number;
  drifted: number;
  settles: number;
  missingUsage: number;
  creditEntries: number;
  missingEvents: number;
}

/**
 * The hourly reconciliation of analytics with the ledger, over the late-event window. It compares, per
 * UTC hour the rollups have covered, the AI credits in the platform rollups with the ledger's settle
 * debits (every settle is a metered model call), and finds facts without their records: debits without
 * a usage record, credit movements without a domain event. Everything it finds is recorded in
 * `analytics_findings` and logged at error level when new (admins are alerted on those logs); nothing
 * is ever fixed here. A finding a later run no longer sees is marked resolved (a late record arrived).
 */
export async function reconcileAnalytics(
  deps: ReconcileDeps,
  opts: { now: Date; lookbackMs: number; runId: string },
): Promise<ReconcileResult> {
  const T = opts.now.getTime();
  const from = new Date(Math.floor((T - opts.lookbackMs) / HOUR_MS) * HOUR_MS);
  const factsTo = new Date(T - FACT_GRACE_MS);
  const result: ReconcileResult = { hours: 0, drifted: 0, settles: 0, missingUsage: 0, creditEntries: 0, missingEvents: 0 };
  const report = async (kind: FindingKind, key: string, detail: Record<string, unknown>, event: string) => {
    if (await deps.findings.report(kind, key, detail, opts.runId)) log.error(event, { key, ...detail, runId: opts.runId });
  };

  // Facts without records.
  const ledgerCreditsByHour = new Map<number, number>();
  const openUsage = await deps.findings.openKeys("usage_record_missing");
  const openEvents = await deps.findings.openKeys("event_missing");
  let settles: LedgerEntry[] = [];
  let credits: LedgerEntry[] = [];
  const checkSettles = async () => {
    const recorded = await deps.usage.creditsByReservation(settles.map((e) => e.reservation_id!));
    for (const e of settles) {
      const key = `reservation:${e.reservation_id}`;
      if (recorded.has(e.reservation_id!)) {
        if (openUsage.has(key)) await deps.findings.resolve("usage_record_missing", key);
        continue;
      }
      result.missingUsage++;
      await report(
        "usage_record_missing",
        key,
        { uid: e.user_id, credits: charged(e), ledgerKey: e.idempotency_key, at: e.created_at },
        "analytics_usage_record_missing",
      );
    }
    settles = [];
  };
  const checkCredits = async () => {
    const recorded = await deps.events.recordedKeys(credits.map((e) => e.idempotency_key));
    for (const e of credits) {
      if (recorded.has(e.idempotency_key)) {
        if (openEvents.has(e.idempotency_key)) await deps.findings.resolve("event_missing", e.idempotency_key);
        continue;
      }
      result.missingEvents++;
      await report(
        "event_missing",
        e.idempotency_key,
        { uid: e.user_id, type: e.type, credits: e.delta_available, cause: e.cause, at: e.created_at },
        "analytics_event_missing",
      );
    }
    credits = [];
  };
  for await (const entry of deps.ledger.entriesBetween(["settle", ...ENTRIES_WITH_EVENTS], from, factsTo)) {
    if (entry.type === "settle") {
      result.settles++;
      const hour = Math.floor(entry.created_at.getTime() / HOUR_MS) * HOUR_MS;
      ledgerCreditsByHour.set(hour, (ledgerCreditsByHour.get(hour) ?? 0) + charged(entry));
      if (entry.reservation_id) settles.push(entry);
      if (settles.length >= BATCH) await checkSettles();
    } else {
      result.creditEntries++;
      credits.push(entry);
      if (credits.length >= BATCH) await checkCredits();
    }
  }
  await checkSettles();
  await checkCredits();

  // Analytics cost against ledger debits, per hour the rollups have covered.
  const { watermark } = await deps.state.get(ROLLUP_JOB);
  if (watermark) {
    const coveredTo = Math.floor(Math.min(factsTo.getTime(), watermark.getTime() - RECORDING_SKEW_MS) / HOUR_MS) * HOUR_MS;
    const analyticsByHour = new Map<number, number>();
    if (coveredTo > from.getTime()) {
      for await (const doc of deps.rollups.find({ series: "usage", scope: "platform", scopeId: null, from, to: new Date(coveredTo) })) {
        const hour = Math.floor(doc.bucket.getTime() / HOUR_MS) * HOUR_MS;
        analyticsByHour.set(hour, (analyticsByHour.get(hour) ?? 0) + (doc.m.credits ?? 0));
      }
    }
    for (let hour = from.getTime(); hour < coveredTo; hour += HOUR_MS) {
      result.hours++;
      const ledgerCredits = ledgerCreditsByHour.get(hour) ?? 0;
      const analyticsCredits = analyticsByHour.get(hour) ?? 0;
      const key = new Date(hour).toISOString();
      if (ledgerCredits === analyticsCredits) {
        await deps.findings.resolve("cost_drift", key);
        continue;
      }
      result.drifted++;
      await report(
        "cost_drift",
        key,
        { hour: new Date(hour), ledgerCredits, analyticsCredits, difference: analyticsCredits - ledgerCredits },
        "analytics_cost_drift",
      );
    }
  }
  log.info("analytics_reconciled", { ...result, runId: opts.runId });
  return result;
}

/** What a settle entry charged (the reservation minus what it gave back). */
const charged = (e: LedgerEntry) => -(e.delta_available + e.delta_reserved);
