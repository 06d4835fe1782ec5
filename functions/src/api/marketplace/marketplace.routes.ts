import { LLM_SECRETS } from "../../core/llm/llm-providers";
import { MONGODB_URI, STRIPE_SECRET_KEY } from "../../platform/params";
import { moduleRoutes, perMinute } from "../../platform/module-routes";
import { operation } from "../../platform/operation";
import {
  BuyListingInput,
  AvailabilityInput,
  BrowseQuery,
  CreateListingInput,
  EarningsSummary,
  ForkedLicence,
  ForkLicenceInput,
  LicensedContent,
  ListingPage,
  ListingParams,
  ListingPreview,
  ListingVersionParams,
  ModerationDecisionInput,
  ModerationPage,
  PageQuery,
  PinInput,
  PurchaseParams,
  PurchasePage,
  PurchaseResult,
  RefundInput,
  RefundResult,
  SellerListing,
  SellerListingPage,
  TakedownInput,
  UpdateListingInput,
  MyReview,
  TryListingInput,
  TryListingResult,
  BundlePage,
  BundleParams,
  BundleView,
  CreateBundleInput,
  ReportedReviewPage,
  ReportResult,
  ReportReviewInput,
  ReviewDecision,
  ReviewDecisionInput,
  ReviewInput,
  ReviewPage,
  ReviewParams,
  PayoutAccountLink,
  PayoutAccountStatus,
} from "./marketplace.schema";

/**
 * The marketplace's functions (docs/marketplace.md). Money operations (purchase, refund) take ID
 * tokens only: no API-key scope admits them.
 */
export const marketplaceRoutes = moduleRoutes(
  { tag: "marketplace", secrets: [MONGODB_URI] },
  {
    marketplaceListings: {
      path: "/marketplace/listings",
      operations: {
        GET: operation({
          operationId: "browseListings",
          summary:
            "Listed prompts (public): search words, category, tag, model, price and rating filters; newest, sales, rating, trending or price order; cursor-paginated",
          auth: "public",
          rateLimit: perMinute(120),
          query: BrowseQuery,
          response: ListingPage,
          handler: () => import("./browse-listings").then((m) => m.browseListings),
        }),
        POST: operation({
          operationId: "createListing",
          summary: "A draft listing: a snapshot of one version of a prompt the caller owns, with its preview and price",
          auth: "user",
          rateLimit: perMinute(30),
          body: CreateListingInput,
          response: SellerListing,
          status: 201,
          errors: [403, 404],
          handler: () => import("./create-listing").then((m) => m.createListing),
        }),
      },
    },
    marketplaceListing: {
      path: "/marketplace/listings/{listingId}",
      operations: {
        GET: operation({
          operationId: "getListing",
          summary: "A listed prompt's preview (public): variables, samples, rating, sales and measured stats, never its template",
          auth: "public",
          rateLimit: perMinute(300),
          params: ListingParams,
          response: ListingPreview,
          errors: [404],
          handler: () => import("./browse-listings").then((m) => m.getListing),
        }),
        PATCH: operation({
          operationId: "updateListing",
          summary:
            "Edit a listing (seller): a draft changes in place; a listed item gets a pending revision while the approved one stays on sale",
          auth: "user",
          rateLimit: perMinute(30),
          params: ListingParams,
          body: UpdateListingInput,
          response: SellerListing,
          errors: [403, 404, 409, 429],
          handler: () => import("./update-listing").then((m) => m.updateListing),
        }),
      },
    },
    marketplaceListingSubmit: {
      path: "/marketplace/listings/{listingId}/submit",
      operations: {
        POST: operation({
          operationId: "submitListing",
          summary: "Send a draft listing to review (new and flagged sellers: a daily cap and a cool-down)",
          auth: "user",
          rateLimit: perMinute(30),
          params: ListingParams,
          response: SellerListing,
          errors: [404, 409, 429],
          handler: () => import("./submit-listing").then((m) => m.submitListing),
        }),
      },
    },
    marketplaceListingAvailability: {
      path: "/marketplace/listings/{listingId}/availability",
      operations: {
        POST: operation({
          operationId: "setListingAvailability",
          summary: "Delist a listed item or put a delisted one back on sale (seller; buyers keep their licences)",
          auth: "user",
          rateLimit: perMinute(30),
          params: ListingParams,
          body: AvailabilityInput,
          response: SellerListing,
          errors: [404, 409],
          handler: () => import("./set-availability").then((m) => m.setAvailability),
        }),
      },
    },
    marketplaceListingTakedown: {
      path: "/marketplace/listings/{listingId}/takedown",
      operations: {
        POST: operation({
          operationId: "takeDownListing",
          summary: "Take a listing off sale for good (admins; reason code audited; the seller is paced as a new one)",
          auth: "user",
          roles: ["admin"],
          rateLimit: perMinute(60),
          params: ListingParams,
          body: TakedownInput,
          response: SellerListing,
          errors: [404],
          handler: () => import("./moderation").then((m) => m.takeDownListing),
        }),
      },
    },
    marketplacePurchase: {
      path: "/marketplace/listings/{listingId}/purchase",
      operations: {
        POST: operation({
          operationId: "buyListing",
          summary:
            "Buy a listed prompt with credits, exactly once (owning it already answers the existing purchase with 200); with expectedPrice, a changed price is 409 price_changed and nothing is charged",
          auth: "user",
          rateLimit: perMinute(30),
          params: ListingParams,
          body: BuyListingInput,
          response: PurchaseResult,
          status: 201,
          errors: [402, 403, 404, 409],
          handler: () => import("./purchases").then((m) => m.buyListing),
        }),
      },
    },
    marketplaceMyListings: {
      path: "/marketplace/me/listings",
      operations: {
        GET: operation({
          operationId: "listMyListings",
          summary: "The caller's listings in every state (draft, pending, rejected with the reason, listed, delisted, taken down)",
          auth: "user",
          rateLimit: perMinute(120),
          query: PageQuery,
          response: SellerListingPage,
          handler: () => import("./my-listings").then((m) => m.myListings),
        }),
      },
    },
    marketplaceEarnings: {
      path: "/marketplace/me/earnings",
      operations: {
        GET: operation({
          operationId: "getMyEarnings",
          summary: "The caller's earnings as seller and partner: pending (refund window), available, revenue by day, top listings",
          auth: "user",
          rateLimit: perMinute(60),
          response: EarningsSummary,
          handler: () => import("./my-earnings").then((m) => m.myEarnings),
        }),
      },
    },
    marketplacePayoutAccount: {
      path: "/marketplace/payouts/account",
      secrets: [MONGODB_URI, STRIPE_SECRET_KEY],
      operations: {
        GET: operation({
          operationId: "getPayoutAccount",
          summary: "The caller's Stripe Connect account for payouts, as last recorded (capabilities, requirements, readiness)",
          auth: "user",
          rateLimit: perMinute(60),
          response: PayoutAccountStatus,
          handler: () => import("./payout-account").then((m) => m.getPayoutAccount),
        }),
        POST: operation({
          operationId: "startPayoutOnboarding",
          summary:
            "Create the caller's Stripe Express account (once) and answer a fresh single-use onboarding link (return and refresh URLs from the deployment's config)",
          auth: "user",
          rateLimit: perMinute(20),
          response: PayoutAccountLink,
          errors: [502],
          handler: () => import("./payout-account").then((m) => m.startPayoutOnboarding),
        }),
      },
    },
    marketplacePurchases: {
      path: "/marketplace/purchases",
      operations: {
        GET: operation({
          operationId: "listPurchases",
          summary: "The caller's marketplace purchases, newest first",
          auth: "user",
          rateLimit: perMinute(120),
          query: PageQuery,
          response: PurchasePage,
          handler: () => import("./purchases").then((m) => m.listPurchases),
        }),
      },
    },
    marketplaceRefund: {
      path: "/marketplace/purchases/{purchaseId}/refund",
      operations: {
        POST: operation({
          operationId: "refundPurchase",
          summary:
            "Refund a purchase or some items of a bundle (listingIds): its buyer within the refund window, admins any time (credits back, earnings reversed, licence revoked)",
          auth: "user",
          rateLimit: perMinute(30),
          params: PurchaseParams,
          body: RefundInput,
          response: RefundResult,
          errors: [403, 404, 409],
          handler: () => import("./purchases").then((m) => m.refundPurchase),
        }),
      },
    },
    marketplaceLicence: {
      path: "/marketplace/licences/{listingId}",
      operations: {
        GET: operation({
          operationId: "getLicensedContent",
          summary: "A bought prompt's template: the pinned version or the latest approved revision (licence holders only)",
          auth: "user",
          rateLimit: perMinute(300),
          params: ListingParams,
          response: LicensedContent,
          errors: [404],
          handler: () => import("./licences").then((m) => m.getLicensedContent),
        }),
      },
    },
    marketplaceLicencePin: {
      path: "/marketplace/licences/{listingId}/pin",
      operations: {
        POST: operation({
          operationId: "pinLicence",
          summary: "Stay on one version of a bought prompt (null: follow the latest approved revision)",
          auth: "user",
          rateLimit: perMinute(60),
          params: ListingParams,
          body: PinInput,
          response: LicensedContent,
          errors: [404],
          handler: () => import("./licences").then((m) => m.pinLicence),
        }),
      },
    },
    marketplaceLicenceFork: {
      path: "/marketplace/licences/{listingId}/fork",
      operations: {
        POST: operation({
          operationId: "forkLicence",
          summary: "Copy a bought prompt into the caller's prompts, marked as licensed (not for resale)",
          auth: "user",
          rateLimit: perMinute(30),
          params: ListingParams,
          body: ForkLicenceInput,
          response: ForkedLicence,
          status: 201,
          errors: [404],
          handler: () => import("./licences").then((m) => m.forkLicence),
        }),
      },
    },
    marketplaceModeration: {
      path: "/marketplace/moderation",
      operations: {
        GET: operation({
          operationId: "listModerationQueue",
          summary: "Listing versions awaiting review, oldest first (admins)",
          auth: "user",
          roles: ["admin"],
          rateLimit: perMinute(120),
          query: PageQuery,
          response: ModerationPage,
          handler: () => import("./moderation").then((m) => m.moderationQueue),
        }),
      },
    },
    marketplaceModerationDecision: {
      path: "/marketplace/moderation/{listingId}/versions/{version}",
      operations: {
        POST: operation({
          operationId: "decideListing",
          summary: "Approve or reject (reason code + note) a listing version awaiting review (admins)",
          auth: "user",
          roles: ["admin"],
          rateLimit: perMinute(120),
          params: ListingVersionParams,
          body: ModerationDecisionInput,
          response: SellerListing,
          errors: [404, 409],
          handler: () => import("./moderation").then((m) => m.decideListing),
        }),
      },
    },
    marketplaceListingReviews: {
      path: "/marketplace/listings/{listingId}/reviews",
      operations: {
        GET: operation({
          operationId: "listReviews",
          summary: "A listed prompt's reviews by verified buyers (public), newest first, with the exact rating; cursor-paginated",
          auth: "public",
          rateLimit: perMinute(300),
          params: ListingParams,
          query: PageQuery,
          response: ReviewPage,
          errors: [404],
          handler: () => import("./reviews").then((m) => m.listReviews),
        }),
      },
    },
    marketplaceMyReview: {
      path: "/marketplace/listings/{listingId}/reviews/mine",
      operations: {
        POST: operation({
          operationId: "putMyReview",
          summary:
            "Write or edit the caller's review of a listing they bought (active licence): 1–5 stars and a text, one per buyer and listing",
          auth: "user",
          rateLimit: perMinute(30),
          params: ListingParams,
          body: ReviewInput,
          response: MyReview,
          status: 201,
          errors: [403, 404, 409],
          handler: () => import("./reviews").then((m) => m.putMyReview),
        }),
      },
    },
    marketplaceReviewReport: {
      path: "/marketplace/reviews/{reviewId}/report",
      operations: {
        POST: operation({
          operationId: "reportReview",
          summary: "Report a review as abusive (once per user): it enters the admins' moderation queue",
          auth: "user",
          rateLimit: perMinute(30),
          params: ReviewParams,
          body: ReportReviewInput,
          response: ReportResult,
          errors: [404, 409],
          handler: () => import("./reviews").then((m) => m.reportReview),
        }),
      },
    },
    marketplaceReviewModeration: {
      path: "/marketplace/moderation/reviews",
      operations: {
        GET: operation({
          operationId: "listReportedReviews",
          summary: "Reported reviews awaiting a decision, with their reports (admins)",
          auth: "user",
          roles: ["admin"],
          rateLimit: perMinute(120),
          query: PageQuery,
          response: ReportedReviewPage,
          handler: () => import("./reviews").then((m) => m.reportedReviews),
        }),
      },
    },
    marketplaceReviewDecision: {
      path: "/marketplace/moderation/reviews/{reviewId}",
      operations: {
        POST: operation({
          operationId: "decideReview",
          summary: "Keep a reported review, or remove it (it leaves the listing's rating; audited) (admins)",
          auth: "user",
          roles: ["admin"],
          rateLimit: perMinute(120),
          params: ReviewParams,
          body: ReviewDecisionInput,
          response: ReviewDecision,
          errors: [404, 409],
          handler: () => import("./reviews").then((m) => m.decideReview),
        }),
      },
    },
    marketplaceBundles: {
      path: "/marketplace/bundles",
      operations: {
        GET: operation({
          operationId: "browseBundles",
          summary: "Listed bundles (public), newest first, with each item's share of the bundle price; cursor-paginated",
          auth: "public",
          rateLimit: perMinute(120),
          query: PageQuery,
          response: BundlePage,
          handler: () => import("./bundles").then((m) => m.browseBundles),
        }),
        POST: operation({
          operationId: "createBundle",
          summary:
            "Bundle 2–20 of the caller's own listed items at one price (at most their total); the price is split across them in proportion to their prices",
          auth: "user",
          rateLimit: perMinute(30),
          body: CreateBundleInput,
          response: BundleView,
          status: 201,
          handler: () => import("./bundles").then((m) => m.createBundle),
        }),
      },
    },
    marketplaceBundle: {
      path: "/marketplace/bundles/{bundleId}",
      operations: {
        GET: operation({
          operationId: "getBundle",
          summary: "A listed bundle (public): its items, their prices and each one's share of the bundle price",
          auth: "public",
          rateLimit: perMinute(300),
          params: BundleParams,
          response: BundleView,
          errors: [404],
          handler: () => import("./bundles").then((m) => m.getBundle),
        }),
      },
    },
    marketplaceBundleAvailability: {
      path: "/marketplace/bundles/{bundleId}/availability",
      operations: {
        POST: operation({
          operationId: "setBundleAvailability",
          summary:
            "Take one of your bundles off sale (buyers keep what they bought) or put it back (only while every item is on sale: else 409 bundle_unavailable)",
          auth: "user",
          rateLimit: perMinute(30),
          params: BundleParams,
          body: AvailabilityInput,
          response: BundleView,
          errors: [404, 409],
          handler: () => import("./bundles").then((m) => m.setBundleAvailability),
        }),
      },
    },
    marketplaceBundlePurchase: {
      path: "/marketplace/bundles/{bundleId}/purchase",
      operations: {
        POST: operation({
          operationId: "buyBundle",
          summary:
            "Buy a bundle with credits, exactly once (items already owned are not charged again); with expectedPrice, a changed price is 409 price_changed",
          auth: "user",
          rateLimit: perMinute(30),
          params: BundleParams,
          body: BuyListingInput,
          response: PurchaseResult,
          status: 201,
          errors: [402, 403, 404, 409],
          handler: () => import("./bundles").then((m) => m.buyBundle),
        }),
      },
    },
    marketplaceListingTry: {
      path: "/marketplace/listings/{listingId}/try",
      timeoutSeconds: 120,
      secrets: [MONGODB_URI, ...LLM_SECRETS],
      operations: {
        POST: operation({
          operationId: "tryListing",
          summary:
            "Try a listed prompt before buying: run its approved version on your variables, paid in credits like a generate call (Idempotency-Key replays); answers the model's output only (echoes of the template redacted), a few runs per listing a day",
          auth: "user",
          scopes: ["ai:run"],
          rateLimit: perMinute(10),
          tierRateLimit: true,
          params: ListingParams,
          body: TryListingInput,
          response: TryListingResult,
          idempotencyKey: true,
          errors: [402, 403, 404, 409, 429, 502, 504],
          handler: () => import("./try-listing").then((m) => m.tryListing),
        }),
      },
    },
  },
);
