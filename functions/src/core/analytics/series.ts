import { z } from "zod";

/**
 * What the rollups compute, as a table: each kind of fact (a metered model call from `usage_events`,
 * or a domain event type from `events`) maps to contributions, each adding measures to one series of
 * one scope, split by dimensions. The rollup job sums the contributions of every 15-minute bucket; a
 * new fact type plugs in as one more entry here (as the marketplace's sales and commissions below did), with
 * its series and metrics declared in metrics.ts.
 */
export const SCOPES = ["user", "team", "platform", "seller", "partner"] as const;
export type ScopeKind = (typeof SCOPES)[number];

export type DimValue = string | number | null;
export type Dims = Record<string, DimValue>;
export type Measures = Record<string, number>;

/** One fact, as the series see it. */
export interface Fact {
  /** "ai.call" for a `usage_events` record; the event type for an `events` document. */
  type: string;
  /** The stored document's id (for reports about it). */
  id: string;
  occurredAt: Date;
  uid: string | null;
  teamId: string | null;
  data: Record<string, unknown>;
}

export interface Contribution {
  series: string;
  scope: ScopeKind;
  /** The user, team, seller or partner the series belongs to; null for platform series. */
  scopeId: string | null;
  dims: Dims;
  m: Measures;
}

export type FactMapper = (fact: Fact) => Contribution[];

/** The fact's data does not have the shape its entry reads: the rollup records it and goes on. */
export class MalformedFact extends Error {
  constructor(readonly issues: string[]) {
    super(`malformed fact: ${issues.join("; ")}`);
    this.name = "MalformedFact";
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new MalformedFact(parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`));
  return parsed.data;
}

const Count = z.number().int().nonnegative();
const Credits = z.number().int();

/** The fields of a usage record the series read (core/usage/usage-store.ts). */
const UsageFields = z.object({
  operation: z.string(),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  prompt_id: z.string().nullable(),
  prompt_version: z.number().int().nullable(),
  project_id: z.string().nullable().default(null),
  team_id: z.string().nullable().default(null),
  input_tokens: Count,
  output_tokens: Count,
  cache_read_tokens: Count.default(0),
  cache_write_tokens: Count.default(0),
  credits: Credits,
  provider_cost_micro: z.number().int().nonnegative().nullable().default(null),
  latency_ms: z.number().nonnegative(),
  outcome: z.enum(["ok", "error", "partial", "aborted"]),
  error_code: z.string().nullable().default(null),
  path: z
    .array(z.object({ model: z.string(), provider: z.string(), outcome: z.string(), latencyMs: z.number().nonnegative() }))
    .default([]),
});

function usageContributions(fact: Fact): Contribution[] {
  if (!fact.uid) throw new MalformedFact(["uid: missing"]);
  const u = parse(UsageFields, fact.data);
  const m: Measures = {
    calls: 1,
    errors: u.outcome === "error" ? 1 : 0,
    input_tokens: u.input_tokens,
    output_tokens: u.output_tokens,
    cache_read_tokens: u.cache_read_tokens,
    cache_write_tokens: u.cache_write_tokens,
    credits: u.credits,
    provider_cost_micro: u.provider_cost_micro ?? 0,
    latency_ms: Math.round(u.latency_ms),
  };
  const model = { model: u.model, provider: u.provider };
  const prompt = { prompt_id: u.prompt_id, prompt_version: u.prompt_version, project_id: u.project_id, operation: u.operation };
  const out: Contribution[] = [
    // A user's own series also splits by team: "by project/team".
    { series: "usage", scope: "user", scopeId: fact.uid, dims: { ...model, ...prompt, team_id: u.team_id }, m },
    // Failed calls name the model that failed (core/llm/metered-call.ts): errors per provider/model and code.
    { series: "usage", scope: "platform", scopeId: null, dims: { ...model, operation: u.operation, error_code: u.error_code }, m },
  ];
  if (u.team_id) out.push({ series: "usage", scope: "team", scopeId: u.team_id, dims: { ...model, ...prompt }, m });
  // Every model tried (fallbacks included): the vendors' error rate and latency, apart from the callers'.
  for (const attempt of u.path) {
    if (attempt.outcome === "skipped_open_breaker") {
      // Not called (its breaker was open): counted apart, so it neither dilutes nor inflates the error rate.
      out.push({
        series: "attempts",
        scope: "platform",
        scopeId: null,
        dims: { model: attempt.model, provider: attempt.provider },
        m: { attempts: 0, attempt_errors: 0, attempt_latency_ms: 0, breaker_skips: 1 },
      });
      continue;
    }
    out.push({
      series: "attempts",
      scope: "platform",
      scopeId: null,
      dims: { model: attempt.model, provider: attempt.provider },
      m: { attempts: 1, attempt_errors: attempt.outcome === "ok" ? 0 : 1, attempt_latency_ms: Math.round(attempt.latencyMs) },
    });
  }
  return out;
}

const platform = (series: string, dims: Dims, m: Measures): Contribution => ({ series, scope: "platform", scopeId: null, dims, m });

/** One event type's entry: the fields it reads (its own schema, so a mismatch is reported, not guessed) and what they add. */
function eventEntry<T>(schema: z.ZodType<T>, map: (data: T, fact: Fact) => Contribution[]): FactMapper {
  return (fact) => map(parse(schema, fact.data), fact);
}

/**
 * Marketplace facts as core/marketplace/purchase-saga.ts records them (credits are integers). A sale's
 * subject is its seller; a refund is recorded once for the buyer and once per seller whose earnings it
 * reversed (`credits` then negative: what that seller lost).
 */
const Sale = z.object({ listingId: z.string(), price: Credits, earned: Credits });
const Refund = z.object({ listingIds: z.array(z.string()), role: z.enum(["buyer", "seller"]), credits: Credits });
/** A partner's commission (subject: the partner); negative `credits` is a reversal (the referred payment or purchase refunded). */
const Commission = z.object({ source: z.string(), credits: Credits });

function subjectOf(fact: Fact): string {
  if (!fact.uid) throw new MalformedFact(["subject.uid: missing"]);
  return fact.uid;
}

function saleContributions(d: z.infer<typeof Sale>, fact: Fact): Contribution[] {
  const m = { sales: 1, gross_credits: d.price, earned_credits: d.earned };
  return [
    { series: "sales", scope: "seller", scopeId: subjectOf(fact), dims: { listing_id: d.listingId }, m },
    platform("marketplace", {}, m),
  ];
}

function refundContributions(d: z.infer<typeof Refund>, fact: Fact): Contribution[] {
  if (d.role === "buyer") return [platform("marketplace", {}, { refunds: 1, refunded_credits: d.credits })];
  // A seller's refund names every listing refunded (a bundle may hold other sellers'): one listing is theirs for sure.
  const listing = d.listingIds.length === 1 ? d.listingIds[0] : null;
  return [
    {
      series: "sales",
      scope: "seller",
      scopeId: subjectOf(fact),
      dims: { listing_id: listing },
      m: { refunds: 1, refunded_credits: -d.credits, earned_credits: d.credits },
    },
    platform("marketplace", {}, { earned_credits: d.credits }),
  ];
}

function commissionContributions(d: z.infer<typeof Commission>, fact: Fact): Contribution[] {
  const m =
    d.credits >= 0
      ? { commissions: 1, commission_credits: d.credits, reversals: 0, reversed_credits: 0, net_credits: d.credits }
      : { commissions: 0, commission_credits: 0, reversals: 1, reversed_credits: -d.credits, net_credits: d.credits };
  return [
    { series: "commissions", scope: "partner", scopeId: subjectOf(fact), dims: { source: d.source }, m },
    platform("commissions", { source: d.source }, m),
  ];
}

/**
 * Every fact type the rollups read, by type. A type absent here is not analytics' business (team
 * invitations); one whose data does not parse is recorded as malformed and skipped.
 */
export const FACT_SERIES: Record<string, FactMapper> = {
  "ai.call": usageContributions,
  "payment.succeeded": eventEntry(
    z.object({ provider: z.string(), currency: z.string(), kind: z.string(), credits: Credits, amount: z.number().int() }),
    (d) => [
      platform(
        "payments",
        { provider: d.provider, currency: d.currency, kind: d.kind },
        { payments: 1, amount: d.amount, credits: d.credits },
      ),
    ],
  ),
  "payment.reversed": eventEntry(z.object({ provider: z.string(), kind: z.string(), credits: Credits }), (d) => [
    platform("reversals", { provider: d.provider, kind: d.kind }, { reversals: 1, credits: d.credits }),
  ]),
  "payment.held": eventEntry(z.object({ provider: z.string(), currency: z.string(), amount: z.number().int() }), (d) => [
    platform("held", { provider: d.provider, currency: d.currency }, { held: 1, amount: d.amount }),
  ]),
  "credits.granted": eventEntry(z.object({ source: z.string(), credits: Credits }), (d) => [
    platform("grants", { source: d.source }, { grants: 1, credits: d.credits }),
  ]),
  "user.signed_up": eventEntry(z.record(z.string(), z.unknown()), () => [platform("signups", {}, { signups: 1 })]),
  "subscription.changed": eventEntry(z.object({ provider: z.string(), tier: z.string(), status: z.string() }), (d) => [
    platform("subscriptions", { provider: d.provider, tier: d.tier, status: d.status }, { changes: 1 }),
  ]),
  "marketplace.sale": eventEntry(Sale, saleContributions),
  "marketplace.refund": eventEntry(Refund, refundContributions),
  "partner.commission": eventEntry(Commission, commissionContributions),
};

/** The `events` types the rollups read. */
export const EVENT_FACT_TYPES = Object.keys(FACT_SERIES).filter((t) => t !== "ai.call");
