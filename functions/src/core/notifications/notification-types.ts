/**
 * What users are told about, by whom it is grouped and through which channels. The public names
 * here (`credits.purchased`...) are the `type` of in-app notifications, push data and webhook
 * payloads alike: a rename breaks customers' webhook consumers.
 */
export const CATEGORIES = ["billing", "credits", "teams", "marketplace", "payouts", "developer"] as const;
export type Category = (typeof CATEGORIES)[number];

/** Channels users choose per category. `email` is a placeholder: stored, off by default, nothing sends it yet. */
export const CHANNELS = ["in_app", "push", "email"] as const;
export type Channel = (typeof CHANNELS)[number];

export const DEFAULT_CHANNELS: Record<Channel, boolean> = { in_app: true, push: true, email: false };

export interface NotificationTypeInfo {
  category: Category;
  description: string;
  /** Customers may subscribe webhook endpoints to it. */
  webhook: boolean;
}

/** Every notification type (also the webhook event types customers subscribe to). */
export const NOTIFICATION_TYPES = {
  "credits.purchased": { category: "credits", description: "A credit pack was paid and its credits added", webhook: true },
  "credits.granted": { category: "credits", description: "Credits were granted: the monthly allowance or by support", webhook: true },
  "credits.low_balance": { category: "credits", description: "Your credits fell below your low-balance threshold", webhook: true },
  "payment.failed": { category: "billing", description: "A payment attempt failed; nothing was charged", webhook: true },
  "payment.held": { category: "billing", description: "A payment is on hold until our team reviews it", webhook: true },
  "payment.refunded": { category: "billing", description: "A payment was refunded and its credits taken back", webhook: true },
  "payment.disputed": { category: "billing", description: "A payment was disputed and its credits taken back", webhook: true },
  "subscription.payment_succeeded": {
    category: "billing",
    description: "A subscription period was paid and its credits granted",
    webhook: true,
  },
  "subscription.started": { category: "billing", description: "A subscription started", webhook: true },
  "subscription.renewed": { category: "billing", description: "A subscription renewed for a new period", webhook: true },
  "subscription.cancelled": {
    category: "billing",
    description: "A subscription was cancelled, now or at the end of its period",
    webhook: true,
  },
  "team.invitation_created": { category: "teams", description: "Someone was invited to a team", webhook: true },
  "marketplace.sale": { category: "marketplace", description: "You sold a prompt", webhook: true },
  "marketplace.purchase": { category: "marketplace", description: "You bought a prompt", webhook: true },
  "marketplace.review": { category: "marketplace", description: "A buyer reviewed your prompt", webhook: true },
  "marketplace.moderation": { category: "marketplace", description: "A moderation decision on your listing", webhook: true },
  "payout.sent": { category: "payouts", description: "A payout was sent", webhook: true },
  "payout.failed": { category: "payouts", description: "A payout failed", webhook: true },
  "webhook.endpoint_disabled": {
    category: "developer",
    description: "One of your webhook endpoints was disabled after failing",
    webhook: false,
  },
  "webhook.test": { category: "developer", description: "A test message sent from the dashboard", webhook: false },
} as const satisfies Record<string, NotificationTypeInfo>;

export type NotificationType = keyof typeof NOTIFICATION_TYPES;

/** The types a webhook endpoint may subscribe to. */
export const WEBHOOK_EVENT_TYPES = (Object.keys(NOTIFICATION_TYPES) as NotificationType[]).filter((t) => NOTIFICATION_TYPES[t].webhook) as [
  NotificationType,
  ...NotificationType[],
];
