/** The step boundaries of the marketplace's sagas, where crash-injection tests fail them (`services.faults`). */
export type PurchaseStep =
  "licences_claimed" | "debited" | "paid" | "earnings_recorded" | "licences_activated" | "counted" | "events_recorded";
export type RefundStep =
  | "refund_begun"
  | "earnings_reversed"
  | "licences_revoked"
  | "reviews_removed"
  | "forks_removed"
  | "buyer_credited"
  | "counted"
  | "events_recorded";
export type PayoutStep = "created" | "debited" | "claimed" | "transferred" | "returned";

export type MarketplaceStep =
  `purchase:${PurchaseStep}` | `refund:${RefundStep}` | `payout:${PayoutStep}` | "commission:recorded" | "commission:reversed";
