import { execFileSync } from "node:child_process";
import { describeIf } from "../support/describe-if";
import path from "node:path";
import { MongoClient } from "mongodb";
import { createUser, createUserWithRoles } from "../support/auth-emulator";
import { expectErrorBody, request } from "../support/http";

/**
 * End to end through the Firebase emulators, as an app would call the API: Hosting (on the port `npm test` chose)
 * rewrites /api/v1/** to the Functions emulator, which runs the built functions with the secrets in
 * functions/.secret.local (written by `npm test`), verifying tokens against the Auth emulator.
 */
const BASE = process.env.E2E_API_BASE ?? "http://127.0.0.1:5000/api/v1";
const e2eUri = process.env.E2E_MONGODB_URI;
const enabled = !!(process.env.FIREBASE_AUTH_EMULATOR_HOST && e2eUri);

describeIf(enabled, "the emulators are not running (run the suite with npm test)", "through Hosting + Functions + Auth emulators", () => {
  let mongo: MongoClient;
  beforeAll(async () => {
    mongo = new MongoClient(e2eUri!);
    await mongo.connect();
  });
  afterAll(async () => {
    await mongo
      .db()
      .dropDatabase()
      .catch(() => undefined);
    await mongo.close();
  });

  it("serves the public health endpoint", async () => {
    const res = await request(BASE, "GET", "/health");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "ok", environment: "development" });
  }, 60_000);

  it("creates and updates the caller's profile in MongoDB with a real ID token", async () => {
    const user = await createUser("e2e");
    const first = await request(BASE, "GET", "/users/me", { token: user.idToken });
    expect(first.status).toBe(200);
    expect(first.json.uid).toBe(user.uid);
    const patched = await request(BASE, "PATCH", "/users/me", { token: user.idToken, body: { timezone: "Europe/Paris" } });
    expect(patched.status).toBe(200);
    const doc = await mongo.db().collection("users").findOne({ uid: user.uid });
    expect(doc).toMatchObject({ uid: user.uid, timezone: "Europe/Paris" });
  }, 60_000);

  it("rejects bad input and missing tokens with the uniform error body", async () => {
    const user = await createUser("e2e-bad");
    expectErrorBody(await request(BASE, "PATCH", "/users/me", { token: user.idToken, body: { role: "admin" } }), 400, "validation_failed");
    expectErrorBody(await request(BASE, "GET", "/users/me"), 401, "unauthenticated");
    expectErrorBody(await request(BASE, "POST", "/health"), 405, "method_not_allowed");
    expectErrorBody(await request(BASE, "GET", "/no/such/thing"), 404, "not_found");
  }, 60_000);

  it("routes path parameters through the Hosting rewrites to the admin functions", async () => {
    const [admin, target] = await Promise.all([createUserWithRoles(["admin"], "e2e-admin"), createUser("e2e-target")]);
    const read = await request(BASE, "GET", `/admin/users/${target.uid}`, { token: admin.idToken });
    expect(read.status).toBe(200);
    expect(read.json.auth.email).toBe(target.email);
    const set = await request(BASE, "POST", `/admin/users/${target.uid}/roles`, {
      token: admin.idToken,
      body: { roles: ["support"], reason: "e2e check" },
    });
    expect(set.json).toEqual({ uid: target.uid, roles: ["support"], sessionsRevoked: false });
    expectErrorBody(await request(BASE, "GET", `/admin/users/${admin.uid}`, { token: target.idToken }), 403, "forbidden");
  }, 60_000);

  it("credits a user from signed webhooks of all three providers (the demo script), once each", async () => {
    const buyer = await createUser("e2e-buyer");
    const send = (provider: string, sku: string) =>
      execFileSync(
        process.execPath,
        [
          path.resolve(__dirname, "../../scripts/send-demo-webhook.mjs"),
          provider,
          "--sku",
          sku,
          "--uid",
          buyer.uid,
          "--base",
          BASE,
          "--mongodb-uri",
          e2eUri!,
        ],
        {
          encoding: "utf8",
        },
      );
    expect(send("stripe", "credits_1000")).toContain("→ 200");
    expect(send("razorpay", "credits_5000")).toContain("→ 200");
    expect(send("paddle", "credits_1000")).toContain("→ 200");
    const balance = await request(BASE, "GET", "/billing/balance", { token: buyer.idToken });
    expect(balance.json).toMatchObject({ credits: 7_000, reserved: 0, restricted: false });
    const ledger = await request(BASE, "GET", "/billing/ledger", { token: buyer.idToken });
    expect(ledger.json.entries.map((e: { type: string }) => e.type)).toEqual(["purchase", "purchase", "purchase"]);
    // Three cold webhook functions in the emulator, one after the other: seconds each on a busy 2-core machine.
  }, 180_000);
});
