import type { OutboxEventDoc } from "../events/events-store";
import { NOTIFICATION_TYPES, type NotificationType } from "./notification-types";

/** Whose webhook endpoints receive a notification. */
export type WebhookOwner = { kind: "user"; uid: string } | { kind: "team"; teamId: string };

/** Plain values only: they travel as webhook JSON and as FCM data (strings). */
export type NotificationData = Record<string, string | number | boolean | null>;

/** One notification an event makes, before it is delivered anywhere. */
export interface NotificationDraft {
  /**
   * What dedupes it on every channel: (key, channel, destination) is delivered once. The event's
   * own id unless the rule names the fact more precisely (a subscription renewal per period).
   */
  key: string;
  type: NotificationType;
  /** Users whose feed (and phones) get it, each as their preferences allow. */
  recipients: string[];
  /** Whose webhook endpoints subscribed to `type` get it. */
  webhookOwners: WebhookOwner[];
  /** False: webhooks only (the feed tells the same story through another type). */
  feed: boolean;
  title: string;
  body: string;
  data: NotificationData;
  occurredAt: Date;
}

/** What rules may look up beyond the event itself. */
export interface RuleContext {
  previousOf(event: OutboxEventDoc, field: string, value: string): Promise<OutboxEventDoc | null>;
}

export type NotificationRule = (event: OutboxEventDoc, ctx: RuleContext) => NotificationDraft[] | Promise<NotificationDraft[]>;

const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);
const int = (v: unknown): number | null => (typeof v === "number" && Number.isSafeInteger(v) ? v : null);
const date = (v: unknown): Date | null => (v instanceof Date && !Number.isNaN(v.getTime()) ? v : null);
const credits = (n: number | null) => `${(n ?? 0).toLocaleString("en-US")} credit${n === 1 ? "" : "s"}`;

/** Integer minor units in an ISO currency, as people read them ("$20.00", "₹1,599.00"). */
export function formatMoney(amount: number | null, currency: string | null): string {
  if (amount === null || !currency || !/^[A-Z]{3}$/.test(currency)) return "a payment";
  try {
    const format = new Intl.NumberFormat("en-US", { style: "currency", currency });
    return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
  } catch {
    return `${amount} ${currency} (minor units)`;
  }
}

/** The event's own user, and its own user's or team's webhooks. */
function draft(
  event: OutboxEventDoc,
  type: NotificationType,
  fields: Pick<NotificationDraft, "title" | "body" | "data"> & Partial<NotificationDraft>,
) {
  const owners: WebhookOwner[] = [];
  if (event.uid) owners.push({ kind: "user", uid: event.uid });
  if (event.team_id) owners.push({ kind: "team", teamId: event.team_id });
  return {
    key: event._id.toHexString(),
    type,
    recipients: event.uid ? [event.uid] : [],
    webhookOwners: owners,
    feed: true,
    occurredAt: event.occurred_at,
    ...fields,
  } satisfies NotificationDraft;
}

const creditsGranted: NotificationRule = (event) => {
  const d = event.data;
  const data = { source: str(d.source), credits: int(d.credits), expiresAt: date(d.expiresAt)?.toISOString() ?? null };
  return [
    draft(event, "credits.granted", {
      title: data.source === "free_allowance" ? "Your monthly credits are here" : "Credits added",
      body: `${credits(data.credits)} were added to your balance${data.expiresAt ? `, usable until ${data.expiresAt.slice(0, 10)}` : ""}.`,
      data,
    }),
  ];
};

const one =
  (
    type: NotificationType,
    render: (d: Record<string, unknown>) => { title: string; body: string; data: NotificationData },
  ): NotificationRule =>
  (event) => [draft(event, type, render(event.data))];

/**
 * From recorded facts (core/events) to notifications: one entry per event type, returning the
 * notifications it makes (none, one or several). A module that records a new event type adds its
 * entry here; an event without an entry notifies nobody. Titles and bodies are short and plain:
 * they are shown in the feed and on phones as they are.
 */
export const NOTIFICATION_RULES: Record<string, NotificationRule> = {
  "payment.succeeded": (event) => {
    const d = event.data;
    const data = {
      provider: str(d.provider),
      paymentId: str(d.paymentId),
      sku: str(d.sku),
      credits: int(d.credits),
      amount: int(d.amount),
      currency: str(d.currency),
    };
    if (d.kind === "subscription") {
      return [
        draft(event, "subscription.payment_succeeded", {
          feed: false,
          title: "Subscription paid",
          body: `${formatMoney(data.amount, data.currency)} paid; ${credits(data.credits)} added.`,
          data,
        }),
      ];
    }
    return [
      draft(event, "credits.purchased", {
        title: "Credits added",
        body: `${credits(data.credits)} were added to your balance (${formatMoney(data.amount, data.currency)}).`,
        data,
      }),
    ];
  },
  "payment.failed": one("payment.failed", (d) => {
    const data = {
      provider: str(d.provider),
      paymentId: str(d.paymentId),
      subscriptionId: str(d.subscriptionId),
      amount: int(d.amount),
      currency: str(d.currency),
      reason: str(d.reason),
    };
    return {
      title: "Payment failed",
      body: `${formatMoney(data.amount, data.currency)} could not be charged${data.reason ? ` (${data.reason})` : ""}. Check your payment method.`,
      data,
    };
  }),
  "payment.held": one("payment.held", (d) => {
    const data = { provider: str(d.provider), paymentId: str(d.paymentId), amount: int(d.amount), currency: str(d.currency) };
    return {
      title: "Payment under review",
      body: `We received ${formatMoney(data.amount, data.currency)}; its credits are added once our team has reviewed it.`,
      data,
    };
  }),
  "payment.reversed": (event) => {
    const d = event.data;
    const data = { provider: str(d.provider), paymentId: str(d.paymentId), credits: int(d.credits) };
    return d.kind === "chargeback"
      ? [
          draft(event, "payment.disputed", {
            title: "Payment disputed",
            body: `${credits(data.credits)} were taken back after a dispute.`,
            data,
          }),
        ]
      : [
          draft(event, "payment.refunded", {
            title: "Payment refunded",
            body: `${credits(data.credits)} were taken back for a refund.`,
            data,
          }),
        ];
  },
  "subscription.changed": subscriptionChanged,
  // A negative admin adjustment is recorded as a grant of less than nothing: not news to announce.
  "credits.granted": (event, ctx) => ((int(event.data.credits) ?? 0) > 0 ? creditsGranted(event, ctx) : []),
  "credits.low_balance": one("credits.low_balance", (d) => {
    const data = { credits: int(d.credits), threshold: int(d.threshold) };
    return {
      title: "Low credit balance",
      body: `You have ${credits(data.credits)} left, below your alert threshold of ${credits(data.threshold)}.`,
      data,
    };
  }),
  "team.invitation_created": (event) => {
    const d = event.data;
    const data = { teamId: str(d.teamId), invitationId: str(d.invitationId), role: str(d.role), invitedBy: str(d.invitedBy) };
    // The invitee's feed; the team's own webhooks (the invitee's would tell them about another team's admin).
    return [
      {
        ...draft(event, "team.invitation_created", {
          title: "Team invitation",
          body: `You were invited to join a team as ${data.role ?? "a member"}.`,
          data,
        }),
        webhookOwners: event.team_id ? [{ kind: "team" as const, teamId: event.team_id }] : [],
      },
    ];
  },
  "webhook.endpoint_disabled": one("webhook.endpoint_disabled", (d) => {
    const data = { endpointId: str(d.endpointId), url: str(d.url), reason: str(d.reason) };
    return {
      title: "Webhook endpoint disabled",
      body:
        data.reason === "gone"
          ? `${data.url} answered 410 Gone, so we stopped sending to it.`
          : `${data.url} kept failing for 5 days, so we stopped sending to it. Fix it, enable it and replay what it missed.`,
      data,
    };
  }),
  // The marketplace's and payouts' facts: plain renderings of the fields those events carry.
  "marketplace.sale": generic("marketplace.sale", "Prompt sold"),
  "marketplace.purchase": generic("marketplace.purchase", "Purchase complete"),
  "marketplace.review": generic("marketplace.review", "New review"),
  "marketplace.moderation": generic("marketplace.moderation", "Listing reviewed"),
  "payout.sent": generic("payout.sent", "Payout sent"),
  "payout.failed": generic("payout.failed", "Payout failed"),
};

/**
 * A type whose fields are not known here in detail: the description, plus the amount when there is
 * one; its scalar data goes along as it is (ids, amounts, states: events never hold free text).
 */
function generic(type: NotificationType, title: string): NotificationRule {
  return (event) => {
    const data: NotificationData = {};
    for (const [k, v] of Object.entries(event.data)) {
      if (typeof v === "string" || typeof v === "boolean" || v === null || (typeof v === "number" && Number.isFinite(v))) data[k] = v;
      else if (v instanceof Date) data[k] = v.toISOString();
    }
    const amount = int(event.data.amount);
    const currency = str(event.data.currency);
    const body = `${NOTIFICATION_TYPES[type].description}${amount !== null && currency ? `: ${formatMoney(amount, currency)}` : ""}.`;
    return [draft(event, type, { title, body, data })];
  };
}

/**
 * A subscription's newest state, compared with the one recorded before it: started, renewed (a later
 * period end while active), cancelled (now, or at the period's end). Keyed by subscription and
 * period, so the same change reported by two provider events is told once.
 */
async function subscriptionChanged(event: OutboxEventDoc, ctx: RuleContext): Promise<NotificationDraft[]> {
  const d = event.data;
  const provider = str(d.provider) ?? "unknown";
  const id = str(d.subscriptionId);
  if (!id) return [];
  const status = str(d.status);
  const periodEnd = date(d.currentPeriodEnd);
  const before = await ctx.previousOf(event, "subscriptionId", id);
  const prev = before && before.data.provider === d.provider ? before.data : null;
  const data = {
    provider,
    subscriptionId: id,
    sku: str(d.sku),
    tier: str(d.tier),
    status,
    currentPeriodEnd: periodEnd?.toISOString() ?? null,
  };
  const key = (what: string) => `subscription:${provider}:${id}:${what}`;
  const active = status === "active" || status === "trialing";
  if (status === "canceled" && prev?.status !== "canceled") {
    return [
      draft(event, "subscription.cancelled", {
        key: key("cancelled"),
        title: "Subscription ended",
        body: `Your ${data.tier ?? ""} plan has ended.`.replace("  ", " "),
        data: { ...data, effective: "now" },
      }),
    ];
  }
  if (active && d.cancelAtPeriodEnd === true && prev?.cancelAtPeriodEnd !== true) {
    return [
      draft(event, "subscription.cancelled", {
        key: key(`cancel_scheduled:${periodEnd?.getTime() ?? "unknown"}`),
        title: "Subscription cancelled",
        body: `Your ${data.tier ?? ""} plan stays active until ${data.currentPeriodEnd?.slice(0, 10) ?? "the end of the period"}, then ends.`.replace(
          "  ",
          " ",
        ),
        data: { ...data, effective: "period_end" },
      }),
    ];
  }
  if (!prev && active) {
    return [
      draft(event, "subscription.started", {
        key: key("started"),
        title: "Subscription started",
        body: `Your ${data.tier ?? ""} plan is active.`.replace("  ", " "),
        data,
      }),
    ];
  }
  const prevEnd = date(prev?.currentPeriodEnd);
  if (prev && active && periodEnd && prevEnd && periodEnd > prevEnd) {
    return [
      draft(event, "subscription.renewed", {
        key: key(`renewed:${periodEnd.getTime()}`),
        title: "Subscription renewed",
        body: `Your ${data.tier ?? ""} plan renewed until ${periodEnd.toISOString().slice(0, 10)}.`.replace("  ", " "),
        data,
      }),
    ];
  }
  return [];
}
