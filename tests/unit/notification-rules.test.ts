import { ObjectId } from "mongodb";
import type { OutboxEventDoc } from "../../functions/src/core/events/events-store";
import { NOTIFICATION_RULES, type NotificationDraft, type RuleContext } from "../../functions/src/core/notifications/notification-rules";

/**
 * From recorded facts to notifications: the rules that need more than a rendering — a failed payment,
 * a subscription's renewal and cancellation (told apart from the state recorded before), a team
 * invitation (the invitee's feed, the team's webhooks). Rules are pure apart from `previousOf`, given
 * here as the event that came before.
 */
const at = (iso: string) => new Date(iso);
const uid = "user-rules-1";
const teamId = new ObjectId().toHexString();

function event(type: string, data: Record<string, unknown>, o: Partial<OutboxEventDoc> = {}): OutboxEventDoc {
  return {
    _id: new ObjectId(),
    type: type as OutboxEventDoc["type"],
    dedupe_key: `k:${Math.random()}`,
    occurred_at: at("2026-11-01T10:00:00Z"),
    recorded_at: at("2026-11-01T10:00:01Z"),
    uid,
    team_id: null,
    data,
    ...o,
  };
}

const after = (previous: OutboxEventDoc | null): RuleContext => ({ previousOf: async () => previous });
const apply = async (e: OutboxEventDoc, ctx: RuleContext = after(null)): Promise<NotificationDraft[]> => NOTIFICATION_RULES[e.type](e, ctx);

describe("payment.failed", () => {
  it("tells the payer what could not be charged and why, on their feed and their webhooks", async () => {
    const e = event("payment.failed", {
      provider: "stripe",
      paymentId: "in_1",
      subscriptionId: "sub_1",
      amount: 1999,
      currency: "EUR",
      reason: "card_declined",
    });
    const [draft, ...more] = await apply(e);
    expect(more).toEqual([]);
    expect(draft).toMatchObject({
      key: e._id.toHexString(),
      type: "payment.failed",
      recipients: [uid],
      webhookOwners: [{ kind: "user", uid }],
      feed: true,
      title: "Payment failed",
      data: { provider: "stripe", paymentId: "in_1", subscriptionId: "sub_1", amount: 1999, currency: "EUR", reason: "card_declined" },
    });
    expect(draft.body).toBe("€19.99 could not be charged (card_declined). Check your payment method.");
  });

  it("renders an amount in a zero-decimal currency exactly, and a failure without a reason", async () => {
    const [draft] = await apply(event("payment.failed", { provider: "paddle", paymentId: "txn_1", amount: 500, currency: "JPY" }));
    expect(draft.body).toBe("¥500 could not be charged. Check your payment method.");
    expect(draft.data).toMatchObject({ reason: null, subscriptionId: null });
  });
});

describe("subscription.changed", () => {
  const state = (o: Record<string, unknown>, occurred = "2026-11-01T10:00:00Z") =>
    event(
      "subscription.changed",
      { provider: "stripe", subscriptionId: "sub_9", sku: "pro_monthly", tier: "pro", status: "active", cancelAtPeriodEnd: false, ...o },
      { occurred_at: at(occurred) },
    );
  const periodEnd = at("2026-12-01T00:00:00Z");
  const nextPeriodEnd = at("2027-01-01T00:00:00Z");

  it("a first active state is a start", async () => {
    const [draft] = await apply(state({ currentPeriodEnd: periodEnd }));
    expect(draft).toMatchObject({ type: "subscription.started", key: "subscription:stripe:sub_9:started" });
  });

  it("a later period end while active is a renewal, keyed by the period so two reports of it notify once", async () => {
    const before = state({ currentPeriodEnd: periodEnd });
    const renewal = state({ currentPeriodEnd: nextPeriodEnd }, "2026-12-01T00:00:05Z");
    const [draft, ...more] = await apply(renewal, after(before));
    expect(more).toEqual([]);
    expect(draft).toMatchObject({
      type: "subscription.renewed",
      key: `subscription:stripe:sub_9:renewed:${nextPeriodEnd.getTime()}`,
      body: "Your pro plan renewed until 2027-01-01.",
      recipients: [uid],
    });
    // The same period reported again (another provider event): nothing new.
    expect(await apply(state({ currentPeriodEnd: nextPeriodEnd }), after(renewal))).toEqual([]);
  });

  it("a cancellation at the period's end is told once, with the date it takes effect", async () => {
    const before = state({ currentPeriodEnd: periodEnd });
    const scheduled = state({ currentPeriodEnd: periodEnd, cancelAtPeriodEnd: true });
    const [draft] = await apply(scheduled, after(before));
    expect(draft).toMatchObject({
      type: "subscription.cancelled",
      key: `subscription:stripe:sub_9:cancel_scheduled:${periodEnd.getTime()}`,
      body: "Your pro plan stays active until 2026-12-01, then ends.",
      data: { effective: "period_end" },
    });
    expect(await apply(state({ currentPeriodEnd: periodEnd, cancelAtPeriodEnd: true }), after(scheduled))).toEqual([]);
  });

  it("a subscription that ended is a cancellation effective now, told once", async () => {
    const before = state({ currentPeriodEnd: periodEnd, cancelAtPeriodEnd: true });
    const ended = state({ currentPeriodEnd: periodEnd, status: "canceled" });
    const [draft] = await apply(ended, after(before));
    expect(draft).toMatchObject({
      type: "subscription.cancelled",
      key: "subscription:stripe:sub_9:cancelled",
      body: "Your pro plan has ended.",
      data: { effective: "now", status: "canceled" },
    });
    expect(await apply(state({ status: "canceled" }), after(ended))).toEqual([]);
  });

  it("a previous state of another provider's subscription with the same id is not this one's", async () => {
    const other = event("subscription.changed", {
      provider: "paddle",
      subscriptionId: "sub_9",
      status: "active",
      currentPeriodEnd: periodEnd,
    });
    const [draft] = await apply(state({ currentPeriodEnd: nextPeriodEnd }), after(other));
    expect(draft.type).toBe("subscription.started");
  });

  it("a state without a subscription id, or a past-due one, notifies nobody", async () => {
    expect(await apply(state({ subscriptionId: undefined }))).toEqual([]);
    expect(
      await apply(state({ status: "past_due", currentPeriodEnd: nextPeriodEnd }), after(state({ currentPeriodEnd: periodEnd }))),
    ).toEqual([]);
  });
});

describe("team.invitation_created", () => {
  const data = { teamId, invitationId: new ObjectId().toHexString(), email: "invitee@example.com", role: "editor", invitedBy: "admin-1" };

  it("goes to the invitee's feed and to the team's webhooks, never the invitee's own", async () => {
    const [draft, ...more] = await apply(event("team.invitation_created", data, { uid, team_id: teamId }));
    expect(more).toEqual([]);
    expect(draft).toMatchObject({
      type: "team.invitation_created",
      recipients: [uid],
      webhookOwners: [{ kind: "team", teamId }],
      body: "You were invited to join a team as editor.",
      data: { teamId, role: "editor", invitedBy: "admin-1" },
    });
    // The invitee's email address is not repeated to the team's systems.
    expect(draft.data).not.toHaveProperty("email");
  });

  it("an invitee without an account yet: no feed, the team's webhooks still told", async () => {
    const [draft] = await apply(event("team.invitation_created", data, { uid: null, team_id: teamId }));
    expect(draft).toMatchObject({ recipients: [], webhookOwners: [{ kind: "team", teamId }] });
  });
});
