import { runRollup } from "../../functions/src/core/analytics/rollup";
import { overrideServicesForTests, services } from "../../functions/src/services";
import { createUser, createUserWithRoles, type TestUser } from "../support/auth-emulator";
import { expectErrorBody, request } from "../support/http";
import { usageRecord } from "../support/usage-records";
import { useWebhookApi } from "../support/webhook-events";

/**
 * GET /admin/analytics/findings: what the rollup and the reconciliation recorded, for admins only,
 * newest first, by state and kind, cursor-paginated.
 */
const api = useWebhookApi("analytics_findings");
const HOUR = 3_600_000;
let admin: TestUser;
let user: TestUser;

beforeAll(async () => {
  [admin, user] = await Promise.all([createUserWithRoles(["admin"], "findings-admin"), createUser("findings-user")]);
  const findings = await services.store("analyticsFindings");
  // Found an hour apart, in January: older than the malformed fact the rollup finds below.
  let clock = Date.parse("2026-01-10T00:00:00Z");
  const restore = overrideServicesForTests({ now: () => new Date((clock += HOUR)) });
  await findings.report("cost_drift", "2026-01-09T10:00:00.000Z", { rollup: 10, ledger: 12 }, "rec-1");
  await findings.report("usage_record_missing", "ai:key-1", { credits: 5 }, "rec-1");
  await findings.report("event_missing", "purchase:pay-1", { type: "purchase" }, "rec-2");
  await findings.resolve("event_missing", "purchase:pay-1");
  restore();
  // A real malformed fact: a usage record whose outcome no version of the code writes, found by a rollup run.
  await (
    await services.store("usage")
  ).record({
    ...usageRecord({ uid: user.uid, dedupe_key: "findings:bad", credits: 3, created_at: new Date() }),
    outcome: "exploded" as never,
  });
  const [usage, events, rollups, daily, state] = await Promise.all([
    services.store("usage"),
    services.store("events"),
    services.store("analyticsRollups"),
    services.store("analyticsDaily"),
    services.store("analyticsState"),
  ]);
  await runRollup(
    { usage, events, rollups, daily, state, findings },
    { now: new Date(Date.now() + 1_000), lookbackMs: 48 * HOUR, retentionMs: 400 * 24 * HOUR, runId: "findings-rollup" },
  );
});

const get = (path: string, who: TestUser) => request(api.baseUrl, "GET", path, { token: who.idToken });

it("lists open findings newest first, the malformed fact a rollup met included", async () => {
  const res = await get("/admin/analytics/findings", admin);
  expect(res.status).toBe(200);
  expect(res.json.findings.map((f: any) => [f.kind, f.key, f.resolvedAt])).toEqual([
    ["malformed_fact", expect.stringMatching(/^ai\.call:[0-9a-f]{24}$/), null],
    ["usage_record_missing", "ai:key-1", null],
    ["cost_drift", "2026-01-09T10:00:00.000Z", null],
  ]);
  expect(res.json.findings[0]).toMatchObject({
    runId: "findings-rollup",
    detail: { type: "ai.call", issues: [expect.stringMatching(/^outcome/)] },
  });
  expect(res.json.findings[2].detail).toEqual({ rollup: 10, ledger: 12 });
  expect(res.json.nextCursor).toBeNull();
});

it("filters by state and kind", async () => {
  const resolved = await get("/admin/analytics/findings?state=resolved", admin);
  expect(resolved.json.findings.map((f: any) => [f.kind, f.key])).toEqual([["event_missing", "purchase:pay-1"]]);
  expect(resolved.json.findings[0].resolvedAt).not.toBeNull();
  const all = await get("/admin/analytics/findings?state=all&kind=cost_drift", admin);
  expect(all.json.findings.map((f: any) => f.kind)).toEqual(["cost_drift"]);
});

it("pages with a cursor, every finding once", async () => {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await get(`/admin/analytics/findings?state=all&limit=1${cursor ? `&cursor=${cursor}` : ""}`, admin);
    expect(res.status).toBe(200);
    seen.push(...res.json.findings.map((f: any) => f.id));
    cursor = res.json.nextCursor;
    pages++;
  } while (cursor && pages < 10);
  expect(seen).toHaveLength(4);
  expect(new Set(seen).size).toBe(4);
});

it("is for admins only", async () => {
  expectErrorBody(await get("/admin/analytics/findings", user), 403);
});

it.each([
  ["an unknown kind", "kind=everything", "validation_failed"],
  ["an unknown state", "state=closed", "validation_failed"],
  ["a limit above 100", "limit=500", "validation_failed"],
  ["a cursor this API never returned", "cursor=bm90LWEtY3Vyc29y", "invalid_cursor"],
])("rejects %s with 400", async (_name, query, code) => {
  expectErrorBody(await get(`/admin/analytics/findings?${query}`, admin), 400, code);
});
