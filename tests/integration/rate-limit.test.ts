import { Redis } from "ioredis";
import { describeIf } from "../support/describe-if";
import { resetConfigForTests } from "../../functions/src/platform/config";
import { resetRateLimitersForTests } from "../../functions/src/core/rate-limit/rate-limit-stores";
import { routes } from "../../functions/src/routes";
import { startApi, type ApiServer } from "../support/api-server";
import { createUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";
import { freePortSync } from "../support/ports";

/**
 * Per-caller limits of a "shared" operation (GET /users/me: 120 per minute per uid), enforced by
 * rate-limiter-flexible with the MongoDB store (no REDIS_URL) and with a real redis-server.
 */
const testDb = useTestDatabase("rate_limit");
const LIMIT = routes.usersMe.operations.GET!.rateLimit.points;
let api: ApiServer;

beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

async function hammer(token: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, count - i) }, () => request(api.baseUrl, "GET", "/users/me", { token })),
    );
    statuses.push(...batch.map((r) => r.status));
  }
  return statuses;
}

async function useRedis(url: string) {
  process.env.REDIS_URL = url;
  resetConfigForTests();
  await resetRateLimitersForTests();
}

afterEach(async () => {
  await useRedis("");
});

describe("MongoDB store (default)", () => {
  it(`allows ${LIMIT} requests per minute per user, then 429 with Retry-After; other users are unaffected`, async () => {
    const [a, b] = await Promise.all([createUser("rl-a"), createUser("rl-b")]);
    const statuses = await hammer(a.idToken, LIMIT + 5);
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    const limited = await request(api.baseUrl, "GET", "/users/me", { token: a.idToken });
    expectErrorBody(limited, 429, "rate_limited");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await request(api.baseUrl, "GET", "/users/me", { token: b.idToken })).status).toBe(200);
    const counters = await (
      await testDb.db()
    )
      .collection("rate_limits")
      .find({ key: { $regex: `^rl:usersMe\\.GET:uid:${a.uid}$` } })
      .toArray();
    expect(counters.length).toBeGreaterThanOrEqual(1);
  });
});

const redisUrl = process.env.TEST_REDIS_URL;
// `npm test` starts a redis-server when one is installed and fails in CI when it is not.
describeIf(!!redisUrl, "no redis-server (TEST_REDIS_URL unset): apt-get install redis-server", "Redis store (REDIS_URL set)", () => {
  it(`keeps the counter in Redis and enforces ${LIMIT} per minute`, async () => {
    await useRedis(redisUrl!);
    const user = await createUser("rl-redis");
    const statuses = await hammer(user.idToken, LIMIT + 3);
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    const redis = new Redis(redisUrl!);
    try {
      const key = `rl:usersMe.GET:uid:${user.uid}`;
      expect(Number(await redis.get(key))).toBeGreaterThanOrEqual(LIMIT);
      expect(await redis.pttl(key)).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });

  it("falls back to per-instance counting when Redis is unreachable, instead of failing requests", async () => {
    await useRedis(`redis://127.0.0.1:${freePortSync()}`);
    const user = await createUser("rl-down");
    const statuses = await hammer(user.idToken, 5);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });
});
