import { runRollup } from "../../functions/src/core/analytics/rollup";
import type { NewUsageEvent } from "../../functions/src/core/usage/usage-store";
import { services } from "../../functions/src/services";
import { createUser, createUserWithRoles, type TestUser } from "../support/auth-emulator";
import { expectErrorBody, request } from "../support/http";
import { addMember, createTeam, createVerifiedUser } from "../support/teams";
import { useWebhookApi } from "../support/webhook-events";
import { usageRecord } from "../support/usage-records";

/**
 * GET /analytics/usage and GET /analytics/platform through the deployed functions, over rollups the
 * rollup job computed from usage records: who sees what, time zones, grouping, CSV, and bad input.
 */
const api = useWebhookApi("analytics_api");
const HOUR = 3_600_000;

let alice: TestUser;
let bob: TestUser;
let admin: TestUser;
let owner: TestUser;
let editor: TestUser;
let teamId: string;
// Calls two days ago, at fixed UTC times of that day: far enough back to be outside "today" anywhere.
const base = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) - 2 * 24 * HOUR;
const day = (offsetDays: number) => new Date(base + offsetDays * 24 * HOUR).toISOString().slice(0, 10);

let seq = 0;
async function call(uid: string, at: number, credits: number, over: Partial<NewUsageEvent> = {}) {
  const record = usageRecord({
    uid,
    dedupe_key: `api-test:${++seq}`,
    credits,
    provider_cost_micro: credits * 400_000,
    created_at: new Date(at),
    ...over,
  });
  await (await services.store("usage")).record(record);
}

beforeAll(async () => {
  [alice, bob, admin, owner, editor] = await Promise.all([
    createUser("an-alice"),
    createUser("an-bob"),
    createUserWithRoles(["admin"], "an-admin"),
    createVerifiedUser("an-owner"),
    createVerifiedUser("an-editor"),
  ]);
  teamId = await createTeam(api.baseUrl, owner, "Analytics team");
  await addMember(api.baseUrl, teamId, owner, editor, "editor");
  // 18:40Z is already the next day in Kathmandu (+05:45) and in Kolkata (+05:30), still the same day in UTC.
  await call(alice.uid, base + 10 * HOUR, 7);
  await call(alice.uid, base + 18 * HOUR + 40 * 60_000, 11, { model: "anthropic:claude-3-5-haiku", provider: "anthropic" });
  await call(bob.uid, base + 10 * HOUR, 1000);
  await call(owner.uid, base + 12 * HOUR, 40, { team_id: teamId });
  await call(editor.uid, base + 13 * HOUR, 2, { team_id: teamId });
  const [usage, events, rollups, daily, state, findings] = await Promise.all([
    services.store("usage"),
    services.store("events"),
    services.store("analyticsRollups"),
    services.store("analyticsDaily"),
    services.store("analyticsState"),
    services.store("analyticsFindings"),
  ]);
  await runRollup(
    { usage, events, rollups, daily, state, findings },
    { now: new Date(), lookbackMs: 48 * HOUR, retentionMs: 400 * 24 * HOUR, runId: "t" },
  );
});

const get = (path: string, user: TestUser) => request(api.baseUrl, "GET", path, { token: user.idToken });
const range = `from=${day(0)}&to=${day(2)}`;

describe("GET /analytics/usage", () => {
  it("answers the caller's own credits per day of the requested time zone, and no one else's", async () => {
    const utc = await get(`/analytics/usage?metric=credits,calls&${range}&timeZone=UTC`, alice);
    expect(utc.status).toBe(200);
    expect(utc.json).toMatchObject({ scope: "user", timeZone: "UTC", granularity: "day" });
    expect(utc.json.rows.map((r: any) => [r.label, r.values.credits, r.values.calls])).toEqual([
      [day(0), 18, 2],
      [day(1), 0, 0],
    ]);
    const nepal = await get(`/analytics/usage?metric=credits&${range}&timeZone=Asia/Kathmandu`, alice);
    expect(nepal.status).toBe(200);
    expect(nepal.json.rows.map((r: any) => [r.label, r.values.credits])).toEqual([
      [day(0), 7],
      [day(1), 11],
    ]);
  });

  it("defaults to the time zone of the caller's profile", async () => {
    expect((await request(api.baseUrl, "PATCH", "/users/me", { token: alice.idToken, body: { timezone: "Asia/Kolkata" } })).status).toBe(
      200,
    );
    const res = await get(`/analytics/usage?${range}`, alice);
    expect(res.json.timeZone).toBe("Asia/Kolkata");
    expect(res.json.rows.map((r: any) => [r.label, r.values.credits])).toEqual([
      [day(0), 7],
      [day(1), 11],
    ]);
  });

  it("groups by model", async () => {
    const res = await get(`/analytics/usage?${range}&timeZone=UTC&granularity=week&groupBy=model`, alice);
    expect(res.status).toBe(200);
    const byModel = Object.fromEntries(
      res.json.rows.filter((r: any) => r.values.credits).map((r: any) => [r.group.model, r.values.credits]),
    );
    expect(byModel).toEqual({ "openai:gpt-4o-mini": 7, "anthropic:claude-3-5-haiku": 11 });
  });

  it("says which periods are final: those that ended before the late-event window", async () => {
    const res = await get(
      `/analytics/usage?metric=credits&timeZone=UTC&granularity=hour&from=${day(0)}&to=${new Date().toISOString()}`,
      alice,
    );
    expect(res.status).toBe(200);
    expect(res.json.asOf).not.toBeNull();
    const finalBefore = Date.parse(res.json.finalBefore);
    for (const row of res.json.rows) expect(row.final).toBe(Date.parse(row.end) <= finalBefore);
    expect(res.json.rows.some((r: any) => !r.final)).toBe(true);
  });

  it("exports the same query as CSV", async () => {
    const res = await get(`/analytics/usage?metric=credits,calls&${range}&timeZone=UTC&format=csv`, alice);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = res.text.trim().split("\r\n");
    expect(lines[0]).toBe("start,end,label,final,credits,calls");
    expect(lines.slice(1).map((l) => l.split(",").slice(2))).toEqual([
      // Both days are still inside the 48-hour late-event window.
      [day(0), "false", "18", "2"],
      [day(1), "false", "0", "0"],
    ]);
  });

  it("gives a team's owner the team's series; an editor gets 403 and an outsider 404", async () => {
    const res = await get(`/analytics/usage?${range}&timeZone=UTC&teamId=${teamId}`, owner);
    expect(res.status).toBe(200);
    expect(res.json.scope).toBe("team");
    expect(res.json.rows.map((r: any) => r.values.credits)).toEqual([42, 0]);
    expectErrorBody(await get(`/analytics/usage?${range}&teamId=${teamId}`, editor), 403, "team_role_required");
    expectErrorBody(await get(`/analytics/usage?${range}&teamId=${teamId}`, alice), 404, "not_found");
  });

  it.each([
    ["an unknown granularity", "granularity=minute"],
    ["a time zone that is not IANA", "timeZone=Mars/Olympus"],
    ["an offset instead of a zone", "timeZone=%2B05:45"],
    ["more than 31 days of hours", `granularity=hour&from=${day(-40)}&to=${day(0)}`],
    ["more than 366 days of days", `from=${day(-400)}&to=${day(0)}`],
    ["from after to", `from=${day(2)}&to=${day(0)}`],
    ["a malformed date", "from=2026-13-01"],
    ["an admin-only metric", "metric=provider_cost_microcredits"],
    ["an unknown metric", "metric=credits,bogus"],
    ["a repeated metric", "metric=credits,credits"],
    ["an unknown parameter", "since=yesterday"],
    ["a malformed team id", "teamId=xyz"],
    ["a bad prompt version filter", "promptVersion=abc"],
  ])("rejects %s with 400 and the uniform body", async (_name, query) => {
    expectErrorBody(await get(`/analytics/usage?${query}`, alice), 400, "validation_failed");
  });
});

describe("API keys", () => {
  const keyOf = async (user: TestUser, scopes: string[]) => {
    const res = await request(api.baseUrl, "POST", "/users/me/api-keys", { token: user.idToken, body: { name: "dashboards", scopes } });
    expect(res.status).toBe(201);
    return res.json.key as string;
  };

  it("read the key holder's series and their team's with analytics:read, nothing without it, never the platform's", async () => {
    const key = await keyOf(owner, ["analytics:read"]);
    const team = await request(api.baseUrl, "GET", `/analytics/usage?${range}&timeZone=UTC&teamId=${teamId}`, { token: key });
    expect(team.status).toBe(200);
    expect(team.json.rows.map((r: any) => r.values.credits)).toEqual([42, 0]);
    expect((await request(api.baseUrl, "GET", `/analytics/seller?${range}`, { token: key })).status).toBe(200);
    const other = await keyOf(owner, ["prompts:read"]);
    expectErrorBody(await request(api.baseUrl, "GET", `/analytics/usage?${range}`, { token: other }), 403, "insufficient_scope");
    const adminKey = await keyOf(admin, ["analytics:read"]);
    expectErrorBody(await request(api.baseUrl, "GET", `/analytics/platform?${range}`, { token: adminKey }), 403, "api_key_not_allowed");
  });
});

describe("GET /analytics/platform", () => {
  it("is for admins only", async () => {
    expectErrorBody(await get(`/analytics/platform?${range}`, alice), 403);
  });

  it("answers platform-wide credits, provider cost and gross margin", async () => {
    const res = await get(
      `/analytics/platform?metric=credits,provider_cost_microcredits,gross_margin_microcredits,metered_users&${range}&timeZone=UTC`,
      admin,
    );
    expect(res.status).toBe(200);
    const [first] = res.json.rows;
    // 7 + 11 + 1000 + 40 + 2 credits, provider cost 0.4 credit each (in µcr: 400,000 per credit).
    expect(first.values).toEqual({
      credits: 1060,
      provider_cost_microcredits: 1060 * 400_000,
      gross_margin_microcredits: 1060 * 600_000,
      metered_users: 4,
    });
  });

  it("refuses to add up money across currencies", async () => {
    expectErrorBody(await get(`/analytics/platform?metric=revenue&${range}`, admin), 400, "validation_failed");
    expect((await get(`/analytics/platform?metric=revenue&groupBy=currency&${range}`, admin)).status).toBe(200);
  });
});
