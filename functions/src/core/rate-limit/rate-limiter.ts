import type { RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";

/** A limit: `points` requests per `durationSeconds` window. */
export interface RateRule {
  points: number;
  durationSeconds: number;
}

export interface RateDecision {
  allowed: boolean;
  remaining: number;
  /** Seconds until the caller may try again (when not allowed) or the window resets. */
  resetSeconds: number;
}

/** Counts requests per key against a rule; which store backs it is the adapter's business. */
export interface RateLimiter {
  consume(bucket: string, key: string, rule: RateRule): Promise<RateDecision>;
  /** Gives back one point taken by `consume` (a request that turned out to be one we do not count). */
  refund(bucket: string, key: string, rule: RateRule): Promise<void>;
}

/** The shape of rate-limiter-flexible's limiters, so adapters only decide how to build one. */
export type LimiterFactory = (opts: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract;

const isLimiterRes = (v: unknown): v is RateLimiterRes =>
  typeof v === "object" && v !== null && "msBeforeNext" in v && "remainingPoints" in v;

/**
 * Adapts rate-limiter-flexible: one limiter per (bucket, rule), created on first use and reused.
 * A rejection carrying a RateLimiterRes means "over the limit"; any other rejection is a store failure,
 * which the insured limiters have already absorbed before it reaches us.
 */
export function flexibleRateLimiter(create: LimiterFactory): RateLimiter {
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiterFor = (bucket: string, rule: RateRule) => {
    const id = `${bucket}:${rule.points}:${rule.durationSeconds}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = create({ keyPrefix: `rl:${bucket}`, points: rule.points, duration: rule.durationSeconds });
      limiters.set(id, limiter);
    }
    return limiter;
  };
  return {
    async refund(bucket, key, rule) {
      await limiterFor(bucket, rule).reward(key, 1);
    },
    async consume(bucket, key, rule) {
      const limiter = limiterFor(bucket, rule);
      try {
        const res = await limiter.consume(key, 1);
        return { allowed: true, remaining: res.remainingPoints, resetSeconds: Math.ceil(res.msBeforeNext / 1000) };
      } catch (rejection) {
        if (isLimiterRes(rejection)) {
          return { allowed: false, remaining: 0, resetSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
        }
        throw rejection;
      }
    },
  };
}
