import { MongoCreditLedger } from "../../functions/src/core/credits/ledger";
import { setLogSink } from "../../functions/src/platform/logger";
import { createUser, createUserWithRoles, type TestUser } from "../support/auth-emulator";
import { expectErrorBody, request } from "../support/http";
import {
  deliver,
  ids,
  ledgerOf,
  paddleAdjustment,
  paddleEvent,
  paddleTransaction,
  recordCheckout,
  stripeCheckoutPayment,
  stripeEvent,
  useWebhookApi,
} from "../support/webhook-events";

/**
 * Held payments and reviews, as admins see and resolve them: GET /admin/payments?state=… and
 * POST /admin/payments/{id}/resolve, through the deployed functions, with the webhooks that hold,
 * refund and dispute the payments.
 */
const api = useWebhookApi("admin_payments");
const db = api.db;

let admin: TestUser;
let user: TestUser;
beforeAll(async () => {
  [admin, user] = await Promise.all([createUserWithRoles(["admin"], "pay-admin"), createUser("pay-plain")]);
});

const list = (query = "", token = admin.idToken) => request(api.baseUrl, "GET", `/admin/payments${query}`, { token });
const resolve = (id: string, body: unknown, token = admin.idToken) =>
  request(api.baseUrl, "POST", `/admin/payments/${id}/resolve`, { token, body });

/** A Paddle transaction we did not create, custom_data naming `claimedUid`: held. Returns our payment id. */
async function heldPaddle(claimedUid: string, sku = "credits_1000", total = 500) {
  const txn = ids.of("txn");
  const res = await deliver(
    api.baseUrl,
    paddleEvent("transaction.completed", paddleTransaction({ id: txn, sku, total, customData: { uid: claimedUid, sku: "credits_20000" } })),
  );
  expect(res.status).toBe(200);
  const doc = await (await db()).collection("payments").findOne({ provider: "paddle", payment_id: txn });
  expect(doc).toMatchObject({ state: "held" });
  return { txn, id: doc!._id.toHexString() };
}

describe("a held payment", () => {
  it("is logged at error level under a stable name, and listed for admins with what the browser claimed", async () => {
    const logged: { level: string; event: string; fields: Record<string, unknown> }[] = [];
    setLogSink((level, event, fields) => logged.push({ level, event, fields }));
    let held: { txn: string; id: string };
    try {
      held = await heldPaddle(user.uid);
    } finally {
      setLogSink(() => undefined);
    }
    expect(logged.find((l) => l.event === "payment_held")).toMatchObject({
      level: "error",
      fields: { provider: "paddle", paymentId: held.txn, uid: null },
    });

    const res = await list("?state=held&limit=100");
    expect(res.status).toBe(200);
    expect(res.json.payments.find((p: { id: string }) => p.id === held.id)).toMatchObject({
      provider: "paddle",
      providerPaymentId: held.txn,
      state: "held",
      holdReason: expect.stringContaining("names the buyer"),
      uid: null,
      sku: "credits_1000",
      credits: 0,
      amount: 500,
      currency: "USD",
      claimed: { uid: user.uid, sku: "credits_20000" },
      payerIsBeneficiary: true,
      review: null,
      resolution: null,
    });
  });

  it("is paginated newest first with a cursor, and only for admins", async () => {
    for (let i = 0; i < 3; i++) await heldPaddle(ids.uid());
    const first = await list("?state=held&limit=2");
    expect(first.json.payments).toHaveLength(2);
    const second = await list(`?state=held&limit=2&cursor=${first.json.nextCursor}`);
    const seen = [...first.json.payments, ...second.json.payments].map((p: { id: string }) => p.id);
    expect(new Set(seen).size).toBe(seen.length);
    const times = [...first.json.payments, ...second.json.payments].map((p: { createdAt: string }) => p.createdAt);
    expect([...times].sort().reverse()).toEqual(times);

    expectErrorBody(await list("?state=held", user.idToken), 403, "forbidden");
    expectErrorBody(await list("?state=held&cursor=bm90LW91cnM"), 400, "invalid_cursor");
    expectErrorBody(await list("?state=granted"), 400, "validation_failed");
  });

  it("granted by an admin to the claimed user: credited once, audited once, the same decision again is a no-op, another a 409", async () => {
    const beneficiary = await createUser("pay-claimed");
    const held = await heldPaddle(beneficiary.uid);
    const body = { action: "grant", uid: beneficiary.uid, sku: "credits_1000", reason: "support ticket 123: receipt checked" };
    const res = await resolve(held.id, body);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      duplicate: false,
      payment: {
        state: "granted",
        uid: beneficiary.uid,
        credits: 1000,
        attributedBy: "admin",
        payerIsBeneficiary: false,
        resolution: { action: "grant", actor: admin.uid },
      },
    });
    expect((await resolve(held.id, body)).json).toMatchObject({ duplicate: true, payment: { state: "granted" } });
    expect((await resolve(held.id, { action: "grant", reason: "again, defaults" })).json.duplicate).toBe(true);
    expectErrorBody(await resolve(held.id, { action: "dismiss", reason: "changed my mind" }), 409, "payment_already_resolved");
    expectErrorBody(await resolve(held.id, { ...body, uid: user.uid }), 409, "payment_already_resolved");

    const { entries } = await ledgerOf(await db(), beneficiary.uid);
    expect(entries.map((e) => [e.type, e.delta_available, e.idempotency_key, e.actor])).toEqual([
      ["purchase", 1000, `paddle:payment:${held.txn}:credit`, admin.uid],
    ]);
    const audits = await (await db()).collection("audit_log").find({ "data.payment": held.id }).toArray();
    expect(audits).toEqual([
      expect.objectContaining({ action: "payments.held_granted", actor_uid: admin.uid, target_uid: beneficiary.uid, reason: body.reason }),
    ]);
    expect((await list("?state=held&limit=100")).json.payments.map((p: { id: string }) => p.id)).not.toContain(held.id);

    // Later the card holder disputes it: the credits go back, the beneficiary is not flagged, the payment is in review.
    const ledger = new MongoCreditLedger(await db(), () => new Date());
    const r = await ledger.reserve({
      uid: beneficiary.uid,
      amount: 700,
      idempotencyKey: `${beneficiary.uid}:run`,
      actor: beneficiary.uid,
      reason: "llm run",
      cause: { kind: "llm_call", id: "r" },
    });
    await ledger.settle(r.id, 700, beneficiary.uid);
    const dispute = paddleEvent(
      "adjustment.created",
      paddleAdjustment({ id: ids.of("adj"), transactionId: held.txn, action: "chargeback", total: 500 }),
    );
    for (const e of [dispute, dispute]) expect((await deliver(api.baseUrl, e)).status).toBe(200);
    expect(await ledgerOf(await db(), beneficiary.uid)).toMatchObject({ balance: -700, flagged: false });
    const review = await list("?state=review&limit=100");
    expect(review.json.payments.find((p: { id: string }) => p.id === held.id)).toMatchObject({
      status: "disputed",
      review: { reason: expect.stringContaining("payer"), closedAt: null },
    });

    // An admin looks: dismiss closes the review (audited once); grant is not for a granted payment.
    expectErrorBody(await resolve(held.id, body), 409, "payment_in_review");
    const closed = await resolve(held.id, { action: "dismiss", reason: "card holder confirmed as the user's parent" });
    expect(closed.json).toMatchObject({
      duplicate: false,
      payment: { review: { closedBy: admin.uid, note: "card holder confirmed as the user's parent" } },
    });
    expect((await list("?state=review&limit=100")).json.payments.map((p: { id: string }) => p.id)).not.toContain(held.id);
    expect(await (await db()).collection("audit_log").countDocuments({ "data.payment": held.id, action: "payments.review_closed" })).toBe(
      1,
    );
  });

  it("granted to the user our checkout named (held for its amount): that user is the payer, so a later chargeback flags as usual", async () => {
    const buyer = await createUser("pay-buyer");
    const session = ids.of("cs");
    const pi = ids.of("pi");
    await recordCheckout(await db(), { provider: "stripe", uid: buyer.uid, sku: "credits_1000", ids: [session] });
    // 400 of a 500 list price, without a discount the provider reports: held.
    expect(
      await deliver(
        api.baseUrl,
        stripeEvent(
          "checkout.session.completed",
          stripeCheckoutPayment({ uid: buyer.uid, sku: "credits_1000", paymentIntent: pi, amount: 400, sessionId: session }),
        ),
      ),
    ).toMatchObject({ status: 200 });
    const doc = await (await db()).collection("payments").findOne({ provider: "stripe", payment_id: pi });
    expect(doc).toMatchObject({
      state: "held",
      uid: buyer.uid,
      attributed_by: "checkout",
      hold_reason: expect.stringContaining("price is 500 USD"),
    });
    expectErrorBody(
      await resolve(doc!._id.toHexString(), { action: "grant", uid: "no_such_user_anywhere", reason: "typo" }),
      404,
      "not_found",
    );

    const res = await resolve(doc!._id.toHexString(), { action: "grant", reason: "old price honoured" });
    expect(res.json.payment).toMatchObject({ state: "granted", uid: buyer.uid, payerIsBeneficiary: true });
    const ledger = new MongoCreditLedger(await db(), () => new Date());
    const r = await ledger.reserve({
      uid: buyer.uid,
      amount: 900,
      idempotencyKey: `${buyer.uid}:run`,
      actor: buyer.uid,
      reason: "llm run",
      cause: { kind: "llm_call", id: "r" },
    });
    await ledger.settle(r.id, 900, buyer.uid);
    expect(
      await deliver(
        api.baseUrl,
        stripeEvent("charge.dispute.created", { id: ids.of("dp"), object: "dispute", amount: 400, currency: "usd", payment_intent: pi }),
      ),
    ).toMatchObject({ status: 200 });
    expect(await ledgerOf(await db(), buyer.uid)).toMatchObject({ balance: -900, flagged: true });
  });

  it("two admins deciding at once: the same grant applies once; a different decision loses with 409", async () => {
    const beneficiary = await createUser("pay-race");
    const held = await heldPaddle(beneficiary.uid);
    const grant = { action: "grant", uid: beneficiary.uid, reason: "both saw the ticket" };
    const same = await Promise.all([resolve(held.id, grant), resolve(held.id, grant), resolve(held.id, grant)]);
    expect(same.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(same.filter((r) => !r.json.duplicate)).toHaveLength(1);
    expect((await ledgerOf(await db(), beneficiary.uid)).entries).toHaveLength(1);

    const other = await heldPaddle(beneficiary.uid);
    const split = await Promise.all([resolve(other.id, grant), resolve(other.id, { action: "dismiss", reason: "looks like a test" })]);
    expect(split.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await (await db()).collection("audit_log").countDocuments({ "data.payment": { $in: [held.id, other.id] } })).toBe(2);
  });

  it("dismissed: grants nothing, is listed as dismissed, and cannot be granted afterwards", async () => {
    const held = await heldPaddle(ids.uid());
    const res = await resolve(held.id, { action: "dismiss", reason: "test purchase by the team" });
    expect(res.json).toMatchObject({ duplicate: false, payment: { state: "dismissed", resolution: { action: "dismiss" } } });
    expect((await resolve(held.id, { action: "dismiss", reason: "again" })).json.duplicate).toBe(true);
    expectErrorBody(await resolve(held.id, { action: "grant", uid: user.uid, reason: "oops" }), 409, "payment_already_resolved");
    expect((await list("?state=dismissed&limit=100")).json.payments.map((p: { id: string }) => p.id)).toContain(held.id);
    expect(await (await db()).collection("audit_log").countDocuments({ "data.payment": held.id })).toBe(1);
  });

  it("refunded in part while held: granting it credits only what was not refunded", async () => {
    const beneficiary = await createUser("pay-refunded");
    const held = await heldPaddle(beneficiary.uid);
    const refund = paddleEvent(
      "adjustment.created",
      paddleAdjustment({ id: ids.of("adj"), transactionId: held.txn, action: "refund", total: 250 }),
    );
    expect((await deliver(api.baseUrl, refund)).status).toBe(200);
    expect((await ledgerOf(await db(), beneficiary.uid)).entries).toEqual([]);
    expect((await resolve(held.id, { action: "grant", uid: beneficiary.uid, reason: "verified buyer" })).status).toBe(200);
    const { balance, entries } = await ledgerOf(await db(), beneficiary.uid);
    expect(balance).toBe(500);
    expect(entries.map((e) => [e.type, e.delta_available])).toEqual([
      ["purchase", 1000],
      ["refund", -500],
    ]);
  });

  it.each([
    ["refunded in full", "refund", 500, "payment_refunded"],
    ["disputed", "chargeback", 500, "payment_disputed"],
  ] as const)("%s while held: there is nothing to grant (409)", async (_label, action, total, code) => {
    const held = await heldPaddle(user.uid);
    expect(
      await deliver(
        api.baseUrl,
        paddleEvent("adjustment.created", paddleAdjustment({ id: ids.of("adj"), transactionId: held.txn, action, total })),
      ),
    ).toMatchObject({ status: 200 });
    expect(await ledgerOf(await db(), user.uid)).toMatchObject({ flagged: false });
    expectErrorBody(await resolve(held.id, { action: "grant", uid: user.uid, reason: "try" }), 409, code);
  });

  it("naming nobody: the grant must say whom to credit; an unknown payment is a 404", async () => {
    const held = await heldPaddle(ids.uid());
    const res = await resolve(held.id, { action: "grant", reason: "who?" });
    expectErrorBody(res, 400, "validation_failed");
    expect(res.json.error.details.fields[0].field).toBe("body.uid");
    expectErrorBody(await resolve("0123456789abcdef01234567", { action: "dismiss", reason: "none" }), 404, "not_found");
    expectErrorBody(await resolve("not-an-id", { action: "dismiss", reason: "none" }), 400, "validation_failed");
    expectErrorBody(
      await resolve(held.id, { action: "grant", uid: user.uid, sku: "credits_7", reason: "bad sku" }),
      400,
      "validation_failed",
    );
    expectErrorBody(await resolve(held.id, { action: "dismiss", reason: "x" }), 400, "validation_failed");
    expectErrorBody(await resolve(held.id, { action: "dismiss", reason: "user not admin" }, user.idToken), 403, "forbidden");
  });
});
