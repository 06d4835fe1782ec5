import type { MarketplaceAccountDoc } from "../../functions/src/core/marketplace/marketplace-accounts-store";
import { runPayouts } from "../../functions/src/core/marketplace/payout-run";
import { services } from "../../functions/src/services";
import { createUser, type TestUser } from "../support/auth-emulator";
import { startPaymentFakes, type PaymentFakes } from "../support/fakes/payment-fakes";
import { request } from "../support/http";
import { deliver, ids, stripeEvent, useWebhookApi } from "../support/webhook-events";

/**
 * Stripe Connect onboarding (POST/GET /marketplace/payouts/account) through the exported functions,
 * the real stripe SDK against the loopback fake, and `account.updated` through the exported
 * stripeWebhook, signed with the Connect endpoint's own secret.
 */
const api = useWebhookApi("mkt_connect");
const CONNECT_SECRET = "whsec_test_connect_endpoint";
const RETURN_URL = "https://app.example.test/payouts/return";
const REFRESH_URL = "https://app.example.test/payouts/refresh";
const PATH = "/marketplace/payouts/account";
let fakes: PaymentFakes;

beforeAll(async () => {
  fakes = await startPaymentFakes();
  process.env.STRIPE_CONNECT_WEBHOOK_SECRET = CONNECT_SECRET;
  process.env.STRIPE_CONNECT_RETURN_URL = RETURN_URL;
  process.env.STRIPE_CONNECT_REFRESH_URL = REFRESH_URL;
});
afterAll(async () => {
  for (const k of ["STRIPE_CONNECT_WEBHOOK_SECRET", "STRIPE_CONNECT_RETURN_URL", "STRIPE_CONNECT_REFRESH_URL"]) delete process.env[k];
  await fakes.close();
});

const onboard = (who: TestUser, body?: unknown) => request(api.baseUrl, "POST", PATH, { token: who.idToken, body });
const status = (who: TestUser) => request(api.baseUrl, "GET", PATH, { token: who.idToken });
const accountDoc = async (uid: string) => (await api.db()).collection<MarketplaceAccountDoc>("marketplace_accounts").findOne({ uid });
const fakeAccountsOf = (uid: string) => [...fakes.stripe.accounts.values()].filter((a) => a.metadata?.uid === uid);

/** A Connect `account.updated` (the event names the connected account), Stripe's account as the fake now holds it. */
function accountUpdated(account: Record<string, unknown>, created: Date) {
  const d = stripeEvent("account.updated", account, { created });
  const body = JSON.parse(d.body);
  return { ...d, body: JSON.stringify({ ...body, account: account.id }) };
}
const READY = {
  charges_enabled: true,
  payouts_enabled: true,
  details_submitted: true,
  capabilities: { transfers: "active" },
  requirements: { currently_due: [], disabled_reason: null },
};
const PAST_DUE = {
  charges_enabled: false,
  payouts_enabled: false,
  details_submitted: true,
  capabilities: { transfers: "inactive" },
  requirements: { currently_due: ["individual.verification.document"], disabled_reason: "requirements.past_due" },
};

describe("onboarding", () => {
  it("creates one Express account under 10 concurrent calls and answers links to the configured URLs", async () => {
    const seller = await createUser("connect-seller");
    expect((await status(seller)).json).toMatchObject({ connected: false, accountId: null, readyForPayouts: false });

    const replies = await Promise.all(Array.from({ length: 10 }, () => onboard(seller)));
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
    const [account] = fakeAccountsOf(seller.uid);
    expect(fakeAccountsOf(seller.uid)).toHaveLength(1);
    // The emulator's new users have unverified emails: none is passed on to Stripe.
    expect(account).toMatchObject({ type: "express", country: "US", email: null, capabilities: { transfers: "inactive" } });
    expect(new Set(replies.map((r) => r.json.account.accountId))).toEqual(new Set([account.id]));
    expect((await accountDoc(seller.uid))?.connect?.account_id).toBe(account.id);
    // Every create carried the key derived from the uid (Stripe answers the first account again).
    const creates = fakes.stripe.requestsTo("POST", "/v1/accounts").filter((r) => r.body.metadata?.uid === seller.uid);
    expect(new Set(creates.map((r) => r.headers["idempotency-key"]))).toEqual(new Set([`connect-account:${seller.uid}`]));

    const links = fakes.stripe.accountLinks.filter((l) => l.account === account.id);
    expect(links).toHaveLength(10);
    for (const l of links) expect(l).toMatchObject({ return_url: RETURN_URL, refresh_url: REFRESH_URL });
    expect(new Set(replies.map((r) => r.json.url))).toEqual(new Set(links.map((l) => l.url)));
    expect(replies[0].json).toMatchObject({
      expiresAt: expect.any(String),
      account: { connected: true, transfers: "inactive", payoutsEnabled: false, readyForPayouts: false, currentlyDue: expect.any(Array) },
    });
  });

  it("never creates a second account, even after Stripe forgot the idempotency key, and reads the account again", async () => {
    const seller = await createUser("connect-again");
    expect((await onboard(seller)).status).toBe(200);
    const [account] = fakeAccountsOf(seller.uid);
    fakes.stripe.forgetIdempotencyKeys();
    fakes.stripe.updateAccount(account.id, READY);
    const again = await onboard(seller);
    expect(again.status).toBe(200);
    expect(fakeAccountsOf(seller.uid)).toHaveLength(1);
    expect(again.json.account).toMatchObject({ accountId: account.id, transfers: "active", payoutsEnabled: true, readyForPayouts: true });
    expect((await status(seller)).json).toMatchObject({ accountId: account.id, readyForPayouts: true });
  });

  it("takes the link's URLs from the configuration only: URLs a client sends are refused", async () => {
    const seller = await createUser("connect-urls");
    const res = await onboard(seller, { return_url: "https://evil.example/steal", refresh_url: "https://evil.example/steal" });
    expect(res.status).toBe(400);
    expect(fakeAccountsOf(seller.uid)).toHaveLength(0);
    expect(await accountDoc(seller.uid)).toBeNull();
  });
});

describe("account.updated (Connect endpoint)", () => {
  async function onboarded() {
    const seller = await createUser("connect-events");
    expect((await onboard(seller)).status).toBe(200);
    return { seller, accountId: fakeAccountsOf(seller.uid)[0].id as string };
  }

  it("records the account's new state, signed with either secret; a wrong secret is refused", async () => {
    const { seller, accountId } = await onboarded();
    const ready = fakes.stripe.updateAccount(accountId, READY);
    const later = new Date(Date.now() + 5_000);
    expect((await deliver(api.baseUrl, accountUpdated(ready, later), { secret: "whsec_wrong" })).status).toBe(400);
    expect((await status(seller)).json).toMatchObject({ payoutsEnabled: false, readyForPayouts: false });
    expect((await deliver(api.baseUrl, accountUpdated(ready, later), { secret: CONNECT_SECRET })).status).toBe(200);
    expect((await status(seller)).json).toMatchObject({
      transfers: "active",
      chargesEnabled: true,
      payoutsEnabled: true,
      detailsSubmitted: true,
      currentlyDue: [],
      disabledReason: null,
      readyForPayouts: true,
      statusAt: new Date(Math.floor(later.getTime() / 1000) * 1000).toISOString(),
    });
    // The platform endpoint's secret is accepted too (one function serves both endpoints).
    const pastDue = fakes.stripe.updateAccount(accountId, PAST_DUE);
    expect((await deliver(api.baseUrl, accountUpdated(pastDue, new Date(Date.now() + 10_000)))).status).toBe(200);
    expect((await status(seller)).json).toMatchObject({
      transfers: "inactive",
      payoutsEnabled: false,
      currentlyDue: ["individual.verification.document"],
      disabledReason: "requirements.past_due",
      readyForPayouts: false,
    });
  });

  it("never moves an older state over a newer one (out of order, redelivered)", async () => {
    const { seller, accountId } = await onboarded();
    const t0 = Date.now() + 60_000;
    const older = accountUpdated({ ...fakes.stripe.accounts.get(accountId)!, ...READY }, new Date(t0));
    const newer = accountUpdated({ ...fakes.stripe.accounts.get(accountId)!, ...PAST_DUE }, new Date(t0 + 2_000));
    expect((await deliver(api.baseUrl, newer, { secret: CONNECT_SECRET })).status).toBe(200);
    expect((await deliver(api.baseUrl, older, { secret: CONNECT_SECRET })).status).toBe(200);
    expect((await deliver(api.baseUrl, newer, { secret: CONNECT_SECRET })).status).toBe(200);
    expect((await status(seller)).json).toMatchObject({
      payoutsEnabled: false,
      disabledReason: "requirements.past_due",
      readyForPayouts: false,
    });
    const doc = await accountDoc(seller.uid);
    expect(doc?.connect?.status_at?.getTime()).toBe(Math.floor((t0 + 2_000) / 1000) * 1000);
    // Onboarding's own read (now, before t0) is older than the recorded event: it changes nothing either.
    fakes.stripe.updateAccount(accountId, READY);
    expect((await onboard(seller)).json.account).toMatchObject({ payoutsEnabled: false, readyForPayouts: false });
  });

  it("ignores an account we did not create, and other events of connected accounts", async () => {
    const db = await api.db();
    const before = await db.collection("marketplace_accounts").find().sort({ _id: 1 }).toArray();
    const foreign = { id: `acct_${ids.of("foreign")}`, object: "account", ...READY };
    expect((await deliver(api.baseUrl, accountUpdated(foreign, new Date()), { secret: CONNECT_SECRET })).status).toBe(200);
    // A refund on the seller's own Stripe account is not a refund of our payments.
    const refund = stripeEvent("charge.refunded", {
      id: "ch_seller",
      object: "charge",
      amount_refunded: 500,
      currency: "usd",
      payment_intent: "pi_x",
    });
    const onAccount = { ...refund, body: JSON.stringify({ ...JSON.parse(refund.body), account: foreign.id }) };
    expect((await deliver(api.baseUrl, onAccount, { secret: CONNECT_SECRET })).status).toBe(200);
    expect(await db.collection("marketplace_accounts").find().sort({ _id: 1 }).toArray()).toEqual(before);
    const events = await db
      .collection("webhook_events")
      .find({ type: { $in: ["account.updated", "charge.refunded"] } })
      .toArray();
    expect(events.filter((e) => e.state === "done" && e.outcome === "ignored").length).toBeGreaterThanOrEqual(2);
  });
});

describe("access", () => {
  it("anonymous 401, API keys 403, and each user sees only their own account", async () => {
    const [a, b] = [await createUser("connect-a"), await createUser("connect-b")];
    expect((await onboard(a)).status).toBe(200);
    expect((await request(api.baseUrl, "GET", PATH)).status).toBe(401);
    expect((await request(api.baseUrl, "POST", PATH)).status).toBe(401);
    const key = await request(api.baseUrl, "POST", "/users/me/api-keys", {
      token: b.idToken,
      body: { name: "k", scopes: ["prompts:read"] },
    });
    expect(key.status).toBe(201);
    for (const method of ["GET", "POST"]) {
      const res = await request(api.baseUrl, method, PATH, { headers: { authorization: `Bearer ${key.json.key}` } });
      expect({ method, status: res.status }).toEqual({ method, status: 403 });
    }
    expect((await status(b)).json).toMatchObject({ connected: false, accountId: null });
    expect((await status(a)).json).toMatchObject({ connected: true, accountId: fakeAccountsOf(a.uid)[0].id });
  });
});

describe("the payout run", () => {
  it("leaves the earnings of a payee whose account cannot receive payouts available, and pays once it can", async () => {
    const seller = await createUser("connect-payee");
    expect((await onboard(seller)).status).toBe(200);
    const accountId = fakeAccountsOf(seller.uid)[0].id as string;
    // Transfers active but payouts disabled (e.g. a bank account that failed): not paid.
    const noPayouts = fakes.stripe.updateAccount(accountId, { ...READY, payouts_enabled: false });
    expect((await deliver(api.baseUrl, accountUpdated(noPayouts, new Date(Date.now() + 1_000)), { secret: CONNECT_SECRET })).status).toBe(
      200,
    );
    const earnings = await services.store("earnings");
    await earnings.record({
      key: `test:sale:${seller.uid}`,
      payee_uid: seller.uid,
      kind: "sale",
      amount: 12_345,
      available_at: new Date(Date.now() - 1_000),
      source: { type: "purchase", id: `p-${seller.uid}` },
    });
    const available = () => earnings.availableAt(seller.uid, new Date(Date.now() + 1_000));
    await runPayouts(services, `connect-${seller.uid}-1`);
    expect(fakes.stripe.transfers.filter((t) => t.destination === accountId)).toHaveLength(0);
    expect(await available()).toBe(12_345);

    const ready = fakes.stripe.updateAccount(accountId, READY);
    expect((await deliver(api.baseUrl, accountUpdated(ready, new Date(Date.now() + 2_000)), { secret: CONNECT_SECRET })).status).toBe(200);
    await runPayouts(services, `connect-${seller.uid}-2`);
    expect(fakes.stripe.transfers.filter((t) => t.destination === accountId).map((t) => t.amount)).toEqual([1_234]);
    expect(await available()).toBe(5);
  });
});
