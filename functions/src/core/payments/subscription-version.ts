import type { SubscriptionStatus } from "./payment-event";

/** Later in a subscription's life: a state reported in the same instant as another wins over it. */
const LIFECYCLE_RANK: Record<SubscriptionStatus, number> = {
  incomplete: 0,
  trialing: 1,
  active: 2,
  past_due: 3,
  paused: 4,
  canceled: 5,
};

/**
 * The version of a subscription state: the provider's time of it in ms, ×10, plus the status' rank.
 * Providers with one-second event times (Stripe, Razorpay) often report `created` and `activated`
 * in the same second; the rank orders those, and states further apart are ordered by time alone.
 */
export function stateVersion(timeMs: number, status: SubscriptionStatus): number {
  return timeMs * 10 + LIFECYCLE_RANK[status];
}
