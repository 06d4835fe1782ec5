import type { OperationContext } from "../../platform/operation";
import type { AnalyticsPartnerQuery } from "./analytics.schema";
import { subjectSeries } from "./run-series-query";

/** The caller's partner commissions (an admin: anyone's): commissions, reversals and net credits. */
export async function getPartner(ctx: OperationContext<unknown, AnalyticsPartnerQuery>) {
  return subjectSeries(ctx, "partner");
}
