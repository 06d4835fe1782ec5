import { decodeTimeCursor, encodeTimeCursor } from "../../platform/cursor";
import type { OperationContext } from "../../platform/operation";
import type { AnalyticsFindingList, AnalyticsFindingsQuery } from "./analytics.schema";

/**
 * What the analytics jobs recorded for a person to look at (reconciliation drift, facts without their
 * records, malformed facts, facts too late to count), newest first, cursor-paginated over
 * (first_seen_at, _id). Nothing here is ever fixed automatically.
 */
export async function listFindings(ctx: OperationContext<unknown, AnalyticsFindingsQuery>): Promise<AnalyticsFindingList> {
  const { state, kind, limit, cursor } = ctx.query;
  const after = cursor ? decodeTimeCursor(cursor) : undefined;
  const page = await (await ctx.services.store("analyticsFindings")).list({ state, kind, limit: limit + 1, after });
  const findings = page.slice(0, limit);
  const last = findings[findings.length - 1];
  return {
    findings: findings.map((f) => ({
      id: f._id.toHexString(),
      kind: f.kind,
      key: f.key,
      detail: JSON.parse(JSON.stringify(f.detail ?? {})) as Record<string, unknown>,
      firstSeenAt: f.first_seen_at.toISOString(),
      lastSeenAt: f.last_seen_at.toISOString(),
      runId: f.run_id,
      resolvedAt: f.resolved_at?.toISOString() ?? null,
    })),
    nextCursor: page.length > limit && last ? encodeTimeCursor(last.first_seen_at, last._id) : null,
  };
}
