import { querySeries } from "../../functions/src/core/analytics/query";
import { services } from "../../functions/src/services";
import { countCommands } from "../support/command-counter";
import { createUser, createUserWithRoles, type TestUser } from "../support/auth-emulator";
import { request } from "../support/http";
import { useWebhookApi } from "../support/webhook-events";

/**
 * DAU/WAU/MAU from authenticated activity (core/analytics/activity-store.ts): every authenticated
 * request marks its user's 15-minute slot once, after the response; distinct users per local day,
 * week and month come from the slots, so they are exact in any zone and never sums of daily counts.
 */
const api = useWebhookApi("analytics_activity");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function activeUsers(timeZone: string, granularity: "hour" | "day" | "week" | "month", from: string, days: number) {
  const result = await querySeries(
    await services.store("analyticsDaily"),
    {
      scope: "platform",
      scopeId: null,
      metrics: ["active_users"],
      granularity,
      timeZone,
      from: Date.parse(from),
      to: Date.parse(from) + days * DAY,
      groupBy: [],
      filters: {},
      maxGroups: 10,
    },
    await services.store("activity"),
  );
  return Object.fromEntries(result.rows.map((r) => [r.period.label, r.values.active_users]));
}

describe("activity markers folded into local periods", () => {
  beforeAll(async () => {
    const activity = await services.store("activity");
    // Monday 2026-02-02 … : u1 active on three days of one week, u2 once, u3 late on Monday UTC.
    for (const at of ["2026-02-02T09:00:00Z", "2026-02-02T09:05:00Z", "2026-02-03T12:00:00Z", "2026-02-05T23:50:00Z"]) {
      await activity.mark("act-u1", new Date(at));
    }
    await activity.mark("act-u2", new Date("2026-02-03T01:00:00Z"));
    // 18:20Z on Monday is already Tuesday 00:05 in Kathmandu (+05:45), still Monday in UTC.
    await activity.mark("act-u3", new Date("2026-02-02T18:20:00Z"));
    // Outside the month asked for.
    await activity.mark("act-u4", new Date("2026-03-01T10:00:00Z"));
  });

  it("counts each user once per day, and once per week or month however many days they were active", async () => {
    expect(await activeUsers("UTC", "day", "2026-02-02T00:00:00Z", 5)).toEqual({
      "2026-02-02": 2,
      "2026-02-03": 2,
      "2026-02-04": 0,
      "2026-02-05": 1,
      "2026-02-06": 0,
    });
    // Daily counts add up to 5; the week had 3 distinct users.
    expect(await activeUsers("UTC", "week", "2026-02-02T00:00:00Z", 7)).toEqual({ "2026-02-02": 3 });
    expect(await activeUsers("UTC", "month", "2026-02-01T00:00:00Z", 28)).toEqual({ "2026-02-01": 3 });
  });

  it("puts activity on the local day of the zone asked for (+05:45: 15-minute slots, not UTC days)", async () => {
    expect(await activeUsers("Asia/Kathmandu", "day", "2026-02-01T18:15:00Z", 5)).toEqual({
      "2026-02-02": 1,
      // u1 at 12:00Z, u2 at 01:00Z and u3 at 18:20Z Monday are all Tuesday in Kathmandu.
      "2026-02-03": 3,
      "2026-02-04": 0,
      // u1 at 23:50Z Thursday is Friday 05:35 there.
      "2026-02-05": 0,
      "2026-02-06": 1,
    });
    expect(await activeUsers("UTC", "hour", "2026-02-02T09:00:00Z", 1 / 24)).toEqual({ "2026-02-02T09:00+00:00": 1 });
  });
});

describe("authenticated requests", () => {
  let user: TestUser;
  let admin: TestUser;
  beforeAll(async () => {
    [user, admin] = await Promise.all([createUser("act-api-user"), createUserWithRoles(["admin"], "act-api-admin")]);
  });

  const markerOf = async (uid: string) => (await api.db()).collection("user_activity").findOne({ uid });
  const waitForMarker = async (uid: string) => {
    for (let i = 0; i < 100 && !(await markerOf(uid)); i++) await new Promise((r) => setTimeout(r, 20));
    return markerOf(uid);
  };

  it("mark the caller active after the response, once per 15 minutes, and the platform series counts them", async () => {
    expect((await request(api.baseUrl, "GET", "/users/me", { token: user.idToken })).status).toBe(200);
    const marker = await waitForMarker(user.uid);
    expect(marker).toMatchObject({ uid: user.uid, slots: [expect.any(Number)] });
    // The same user again within the quarter hour: nothing written.
    const again = await countCommands(() => request(api.baseUrl, "GET", "/users/me", { token: user.idToken }));
    expect(again.commands.filter((c) => c.endsWith("user_activity"))).toEqual([]);

    const now = Date.now();
    const res = await request(
      api.baseUrl,
      "GET",
      `/analytics/platform?metric=active_users&granularity=day&timeZone=UTC&from=${new Date(now - DAY).toISOString()}&to=${new Date(now + HOUR).toISOString()}`,
      { token: admin.idToken },
    );
    expect(res.status).toBe(200);
    const today = res.json.rows.find((r: any) => Date.parse(r.start) <= now && now < Date.parse(r.end));
    // The user, and the admin (marked by their own earlier request, if it finished in time: at least the user).
    expect(today.values.active_users).toBeGreaterThanOrEqual(1);
    expect(await markerOf(admin.uid)).not.toBeNull();
  });

  it("marks nothing for a refused request (bad input or no access changes nothing)", async () => {
    const refused = await createUser("act-refused");
    expect((await request(api.baseUrl, "GET", "/analytics/platform?metric=active_users", { token: refused.idToken })).status).toBe(403);
    expect((await request(api.baseUrl, "POST", "/prompts", { token: refused.idToken, body: { title: "" } })).status).toBe(400);
    // An accepted request after them is marked: had the refused ones marked, it would already be there.
    await new Promise((r) => setTimeout(r, 200));
    expect(await markerOf(refused.uid)).toBeNull();
    expect((await request(api.baseUrl, "GET", "/users/me", { token: refused.idToken })).status).toBe(200);
    expect(await waitForMarker(refused.uid)).not.toBeNull();
  });

  it("refuses to group active users by a dimension (they have none)", async () => {
    const res = await request(api.baseUrl, "GET", "/analytics/platform?metric=active_users&groupBy=model", { token: admin.idToken });
    expect(res.status).toBe(400);
  });

  it("goes with the account when it is deleted", async () => {
    const doomed = await createUser("act-doomed");
    expect((await request(api.baseUrl, "GET", "/users/me", { token: doomed.idToken })).status).toBe(200);
    expect(await waitForMarker(doomed.uid)).not.toBeNull();
    expect((await request(api.baseUrl, "DELETE", "/users/me", { token: doomed.idToken })).status).toBeLessThan(300);
    expect(await markerOf(doomed.uid)).toBeNull();
  });
});
