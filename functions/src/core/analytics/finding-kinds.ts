/**
 * What the analytics jobs found wrong, for a person to look at; nothing is ever corrected by them.
 * - cost_drift: an hour whose AI credits in the rollups differ from the ledger's debits.
 * - usage_record_missing: a ledger debit of a model call with no usage record.
 * - event_missing: a credit movement (purchase, grant, refund...) with no domain event.
 * - malformed_fact: a usage record or event the rollups could not read (skipped).
 * - late_fact_beyond_retention: a fact that arrived for a bucket older than the raw-data retention (not counted).
 */
export const FINDING_KINDS = [
  "cost_drift",
  "usage_record_missing",
  "event_missing",
  "malformed_fact",
  "late_fact_beyond_retention",
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];
