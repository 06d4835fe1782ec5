import type { OperationContext } from "../../platform/operation";
import type { AnalyticsSellerQuery } from "./analytics.schema";
import { subjectSeries } from "./run-series-query";

/** The caller's marketplace sales (an admin: anyone's): sales, gross and earned credits, refunds. */
export async function getSeller(ctx: OperationContext<unknown, AnalyticsSellerQuery>) {
  return subjectSeries(ctx, "seller");
}
