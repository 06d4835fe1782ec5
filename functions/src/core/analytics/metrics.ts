import type { ScopeKind } from "./series";

/** A sum of measures (each times a factor) of one series, over the documents whose dimensions match `where`. */
type Terms = [measure: string, factor: number][];

export type MetricDef =
  | { kind: "sum"; series: string; terms: Terms; where?: Record<string, string>; money?: boolean; description: string }
  | { kind: "ratio"; series: string; num: Terms; den: Terms; description: string }
  /** How many distinct users have documents in the period (from the users' own series). */
  | { kind: "distinct_users"; series: string; description: string }
  /** How many distinct users made an authenticated request in the period (activity markers, activity-store.ts). */
  | { kind: "active_users"; series: "activity"; description: string };

const sum = (
  series: string,
  measure: string,
  description: string,
  extra: Partial<Extract<MetricDef, { kind: "sum" }>> = {},
): MetricDef => ({
  kind: "sum",
  series,
  terms: [[measure, 1]],
  description,
  ...extra,
});

/**
 * Every metric the analytics API answers, by name: what it sums and from which series (series.ts).
 * docs/analytics.md explains each one; the endpoints offer the ones of their scope (SCOPE_METRICS).
 */
export const METRICS = {
  calls: sum("usage", "calls", "Metered model calls (every outcome)"),
  errors: sum("usage", "errors", "Calls that failed with nothing charged"),
  error_rate: { kind: "ratio", series: "usage", num: [["errors", 1]], den: [["calls", 1]], description: "errors / calls" },
  input_tokens: sum("usage", "input_tokens", "Input tokens, cache reads and writes included"),
  output_tokens: sum("usage", "output_tokens", "Output tokens (reasoning tokens included)"),
  cached_tokens: sum("usage", "cache_read_tokens", "Input tokens the vendor served from its prompt cache"),
  cache_write_tokens: sum("usage", "cache_write_tokens", "Input tokens written to the vendor's prompt cache"),
  tokens: {
    kind: "sum",
    series: "usage",
    terms: [
      ["input_tokens", 1],
      ["output_tokens", 1],
    ],
    description: "Input + output tokens",
  },
  credits: sum("usage", "credits", "Credits charged for model calls"),
  latency_ms_avg: {
    kind: "ratio",
    series: "usage",
    num: [["latency_ms", 1]],
    den: [["calls", 1]],
    description: "Mean latency of a call, fallbacks included (ms)",
  },
  provider_cost_microcredits: sum("usage", "provider_cost_micro", "What the vendors bill for those calls, in µcr (1 µcr = US$0.000000001)"),
  gross_margin_microcredits: {
    kind: "sum",
    series: "usage",
    terms: [
      ["credits", 1_000_000],
      ["provider_cost_micro", -1],
    ],
    description: "Credits revenue of model calls (1 credit = 1,000,000 µcr) minus their provider cost, in µcr",
  },
  active_users: {
    kind: "active_users",
    series: "activity",
    description: "Distinct users with at least one authenticated request in the period (DAU/WAU/MAU by granularity)",
  },
  metered_users: { kind: "distinct_users", series: "usage", description: "Distinct users with at least one metered call in the period" },
  attempts: sum("attempts", "attempts", "Vendor calls, fallbacks and retries of other models included"),
  attempt_errors: sum("attempts", "attempt_errors", "Vendor calls that failed"),
  attempt_error_rate: {
    kind: "ratio",
    series: "attempts",
    num: [["attempt_errors", 1]],
    den: [["attempts", 1]],
    description: "attempt_errors / attempts (per vendor and model: their health)",
  },
  attempt_latency_ms_avg: {
    kind: "ratio",
    series: "attempts",
    num: [["attempt_latency_ms", 1]],
    den: [["attempts", 1]],
    description: "Mean latency of a vendor call (ms)",
  },
  breaker_skips: sum("attempts", "breaker_skips", "Models skipped because their circuit breaker was open (not called)"),
  payments: sum("payments", "payments", "Payments credited (credit packs and subscription periods)"),
  revenue: sum("payments", "amount", "Amount paid, in minor units of its currency (never summed across currencies)", { money: true }),
  credits_sold: sum("payments", "credits", "Credits bought as credit packs", { where: { kind: "credits" } }),
  credits_subscribed: sum("payments", "credits", "Credits granted by paid subscription periods", { where: { kind: "subscription" } }),
  credits_granted: sum("grants", "credits", "Credits granted outside payments (free allowance, admin grants and adjustments)"),
  credits_reversed: sum("reversals", "credits", "Credits taken back by refunds and chargebacks"),
  held_payments: sum("held", "held", "Payments held for an admin (nothing granted)"),
  signups: sum("signups", "signups", "New accounts"),
  subscription_changes: sum("subscriptions", "changes", "Subscription state changes (renewals, plan changes, cancellations)"),
  // A seller's own series (GET /analytics/seller).
  sales: sum("sales", "sales", "Listings sold (a bundle counts once per listing in it)"),
  gross_credits: sum("sales", "gross_credits", "Credits buyers paid for those listings (list price at purchase)"),
  earned_credits: sum("sales", "earned_credits", "The seller's share of those sales, net of what refunds took back"),
  refunds: sum("sales", "refunds", "Refunds that took back some of the seller's earnings"),
  refunded_credits: sum("sales", "refunded_credits", "Earnings those refunds took back"),
  // A partner's own series (GET /analytics/partner).
  commissions: sum("commissions", "commissions", "Commissions earned on referred users' payments and purchases"),
  commission_credits: sum("commissions", "commission_credits", "Credits those commissions earned (before reversals)"),
  reversals: sum("commissions", "reversals", "Commissions reversed because the referred payment or purchase was refunded"),
  reversed_credits: sum("commissions", "reversed_credits", "Credits those reversals took back"),
  net_commission_credits: sum("commissions", "net_credits", "commission_credits − reversed_credits"),
  // The marketplace as a whole, for admins.
  marketplace_sales: sum("marketplace", "sales", "Marketplace listings sold, all sellers"),
  marketplace_gross_credits: sum("marketplace", "gross_credits", "Credits paid by marketplace buyers"),
  marketplace_refunds: sum("marketplace", "refunds", "Marketplace refunds to buyers"),
  marketplace_refunded_credits: sum("marketplace", "refunded_credits", "Credits refunded to marketplace buyers"),
  marketplace_earned_credits: sum("marketplace", "earned_credits", "Sellers' earnings, all sellers, net of refunds"),
} satisfies Record<string, MetricDef>;

export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

const USAGE_FOR_CALLERS: MetricName[] = [
  "calls",
  "errors",
  "error_rate",
  "input_tokens",
  "output_tokens",
  "cached_tokens",
  "cache_write_tokens",
  "tokens",
  "credits",
  "latency_ms_avg",
];

const SELLER_METRICS: MetricName[] = ["sales", "gross_credits", "earned_credits", "refunds", "refunded_credits"];
const PARTNER_METRICS: MetricName[] = ["commissions", "commission_credits", "reversals", "reversed_credits", "net_commission_credits"];

/** Which metrics each scope's endpoint offers (provider cost and margins are the platform's, for admins). */
export const SCOPE_METRICS: Record<ScopeKind, MetricName[]> = {
  user: USAGE_FOR_CALLERS,
  team: USAGE_FOR_CALLERS,
  platform: METRIC_NAMES.filter((m) => !SELLER_METRICS.includes(m) && !PARTNER_METRICS.includes(m)).concat(PARTNER_METRICS),
  seller: SELLER_METRICS,
  partner: PARTNER_METRICS,
};

/**
 * Group-by and filter names of the API → the dimension each series stores them under. A name a
 * metric's series does not have cannot group or filter that metric (400).
 */
export const DIMENSIONS = {
  model: { usage: "model", attempts: "model" },
  provider: { usage: "provider", attempts: "provider" },
  prompt: { usage: "prompt_id" },
  promptVersion: { usage: "prompt_version" },
  project: { usage: "project_id" },
  team: { usage: "team_id" },
  operation: { usage: "operation" },
  errorCode: { usage: "error_code" },
  paymentProvider: { payments: "provider", reversals: "provider", held: "provider", subscriptions: "provider" },
  currency: { payments: "currency", held: "currency" },
  kind: { payments: "kind", reversals: "kind" },
  source: { grants: "source", commissions: "source" },
  tier: { subscriptions: "tier" },
  status: { subscriptions: "status" },
  listing: { sales: "listing_id" },
} satisfies Record<string, Record<string, string>>;

export type DimensionName = keyof typeof DIMENSIONS;
export const DIMENSION_NAMES = Object.keys(DIMENSIONS) as DimensionName[];

/** The dimension names an endpoint of a scope may group or filter by. */
export const SCOPE_DIMENSIONS: Record<ScopeKind, DimensionName[]> = {
  user: ["model", "provider", "prompt", "promptVersion", "project", "team", "operation"],
  team: ["model", "provider", "prompt", "promptVersion", "project", "operation"],
  platform: ["model", "provider", "operation", "errorCode", "paymentProvider", "currency", "kind", "source", "tier", "status"],
  seller: ["listing"],
  partner: ["source"],
};

/** The stored dimension of an API dimension name in a series, if that series has it. */
export function dimensionOf(name: DimensionName, series: string): string | undefined {
  return (DIMENSIONS[name] as Record<string, string>)[series];
}
