import { RateLimiterMemory, type RateLimiterAbstract } from "rate-limiter-flexible";
import { flexibleRateLimiter, type LimiterFactory, type RateDecision } from "../../functions/src/core/rate-limit/rate-limiter";
import { HttpError, tooManyRequests } from "../../functions/src/platform/http-error";

const memory: LimiterFactory = (o) => new RateLimiterMemory(o);

async function consumeMany(n: number, consume: () => Promise<RateDecision>): Promise<RateDecision[]> {
  const out: RateDecision[] = [];
  for (let i = 0; i < n; i++) out.push(await consume());
  return out;
}

/** A rate-limiter-flexible look-alike whose consume does what the test says. */
const fakeLimiter = (consume: () => Promise<unknown>) => ({ consume }) as unknown as RateLimiterAbstract;

describe("flexibleRateLimiter over RateLimiterMemory", () => {
  const rule = { points: 3, durationSeconds: 60 };

  it("allows `points` requests, counting down, then denies with a retry delay within the window", async () => {
    const limiter = flexibleRateLimiter(memory);
    const decisions = await consumeMany(5, () => limiter.consume("fn.GET", "ip:1.2.3.4", rule));
    expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
      [false, 0],
    ]);
    for (const d of decisions) {
      expect(Number.isInteger(d.resetSeconds)).toBe(true);
      expect(d.resetSeconds).toBeGreaterThanOrEqual(1);
      expect(d.resetSeconds).toBeLessThanOrEqual(60);
    }
  });

  it("counts each key separately", async () => {
    const limiter = flexibleRateLimiter(memory);
    await consumeMany(3, () => limiter.consume("fn.GET", "uid:a", rule));
    expect((await limiter.consume("fn.GET", "uid:a", rule)).allowed).toBe(false);
    expect(await limiter.consume("fn.GET", "uid:b", rule)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it("counts each bucket separately for the same key", async () => {
    const limiter = flexibleRateLimiter(memory);
    await consumeMany(3, () => limiter.consume("usersMe.GET", "uid:a", rule));
    expect((await limiter.consume("usersMe.GET", "uid:a", rule)).allowed).toBe(false);
    expect((await limiter.consume("usersMe.PATCH", "uid:a", rule)).allowed).toBe(true);
  });

  it("keeps a separate counter per rule in the same bucket", async () => {
    const limiter = flexibleRateLimiter(memory);
    await consumeMany(3, () => limiter.consume("b", "k", rule));
    expect((await limiter.consume("b", "k", rule)).allowed).toBe(false);
    expect(await limiter.consume("b", "k", { points: 5, durationSeconds: 60 })).toMatchObject({ allowed: true, remaining: 4 });
  });

  it("does not share counters between two limiter instances (each is its own store)", async () => {
    const a = flexibleRateLimiter(memory);
    const b = flexibleRateLimiter(memory);
    await consumeMany(3, () => a.consume("b", "k", rule));
    expect((await b.consume("b", "k", rule)).allowed).toBe(true);
  });

  it("builds each store limiter with a per-bucket key prefix and the rule, once per (bucket, rule)", async () => {
    const built: { keyPrefix: string; points: number; duration: number }[] = [];
    const limiter = flexibleRateLimiter((o) => {
      built.push(o);
      return new RateLimiterMemory(o);
    });
    await limiter.consume("usersMe.PATCH", "uid:a", { points: 30, durationSeconds: 60 });
    await limiter.consume("usersMe.PATCH", "uid:b", { points: 30, durationSeconds: 60 });
    await limiter.consume("usersMe.DELETE", "uid:a", { points: 5, durationSeconds: 3600 });
    expect(built).toEqual([
      { keyPrefix: "rl:usersMe.PATCH", points: 30, duration: 60 },
      { keyPrefix: "rl:usersMe.DELETE", points: 5, duration: 3600 },
    ]);
  });

  it("allows again once the window has passed", async () => {
    jest.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") });
    try {
      const limiter = flexibleRateLimiter(memory);
      const short = { points: 1, durationSeconds: 2 };
      expect((await limiter.consume("b", "k", short)).allowed).toBe(true);
      const denied = await limiter.consume("b", "k", short);
      expect(denied.allowed).toBe(false);
      expect(denied.resetSeconds).toBe(2);
      jest.advanceTimersByTime(2_100);
      expect((await limiter.consume("b", "k", short)).allowed).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe("flexibleRateLimiter decisions from the store's answers", () => {
  it("rounds the reset time of an allowed request up to whole seconds", async () => {
    const limiter = flexibleRateLimiter(() => fakeLimiter(async () => ({ remainingPoints: 7, msBeforeNext: 1_001 })));
    expect(await limiter.consume("b", "k", { points: 10, durationSeconds: 60 })).toEqual({ allowed: true, remaining: 7, resetSeconds: 2 });
  });

  it("never tells a denied caller to retry in less than one second", async () => {
    const limiter = flexibleRateLimiter(() => fakeLimiter(() => Promise.reject({ remainingPoints: 0, msBeforeNext: 0 })));
    expect(await limiter.consume("b", "k", { points: 1, durationSeconds: 1 })).toEqual({ allowed: false, remaining: 0, resetSeconds: 1 });
  });

  it("rounds a denied caller's retry delay up", async () => {
    const limiter = flexibleRateLimiter(() => fakeLimiter(() => Promise.reject({ remainingPoints: 0, msBeforeNext: 12_300 })));
    expect((await limiter.consume("b", "k", { points: 1, durationSeconds: 60 })).resetSeconds).toBe(13);
  });

  it("propagates a store error instead of allowing or denying", async () => {
    const storeError = new Error("connection refused");
    const limiter = flexibleRateLimiter(() => fakeLimiter(() => Promise.reject(storeError)));
    await expect(limiter.consume("b", "k", { points: 1, durationSeconds: 60 })).rejects.toBe(storeError);
  });

  it("propagates a non-Error rejection that is not a limiter result", async () => {
    const limiter = flexibleRateLimiter(() => fakeLimiter(() => Promise.reject({ message: "weird" })));
    await expect(limiter.consume("b", "k", { points: 1, durationSeconds: 60 })).rejects.toEqual({ message: "weird" });
  });
});

describe("tooManyRequests", () => {
  it("is a 429 rate_limited with Retry-After in whole seconds", () => {
    const err = tooManyRequests({ resetSeconds: 42 });
    expect(err).toBeInstanceOf(HttpError);
    expect(err.status).toBe(429);
    expect(err.code).toBe("rate_limited");
    expect(err.headers).toEqual({ "Retry-After": "42" });
    expect(err.message).toContain("42 s");
  });
});
