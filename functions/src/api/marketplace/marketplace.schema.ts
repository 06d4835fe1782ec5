import { z } from "zod";
import { EntityId } from "../../core/access/entity-id";
import { BOUNDS } from "../../core/marketplace/money";
import { DisplayText, IsoDate } from "../../platform/common-schemas";
import { ModelSettings, PromptType, Template, VariableSpec } from "../../core/prompts/template.schema";
import { ModelOrPolicy, UsageView } from "../../core/llm/call.schema";

// Kept in step with core/marketplace/listings-store.ts (LISTING_CATEGORIES, REASON_CODES, BROWSE_SORTS):
// schemas load with index.js, so they do not import the store.
export const ListingCategory = z
  .enum(["writing", "marketing", "coding", "data", "education", "business", "creative", "productivity", "research", "other"])
  .meta({ id: "ListingCategory" });
export const ReasonCode = z
  .enum(["too_short", "low_quality", "not_llm_instruction", "infringing", "misleading", "other"])
  .meta({ id: "ReasonCode" });

const Title = DisplayText(120).pipe(z.string().min(3, "must be at least 3 characters"));
const Tag = DisplayText(40)
  .transform((s) => s.toLowerCase())
  .pipe(z.string().min(1, "must not be empty"));
const ModelId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:/@-]+$/);
/** 0 (free) or within BOUNDS.price: anything else is refused, never clamped. */
const Price = z
  .number()
  .int()
  .refine((p) => p === 0 || (p >= BOUNDS.price.min && p <= BOUNDS.price.max), {
    message: `must be 0 (free) or between ${BOUNDS.price.min} and ${BOUNDS.price.max} credits`,
  });
const SampleValue = z.union([z.string().max(2_000), z.number(), z.boolean(), z.null()]);
export const ListingSample = z
  .strictObject({
    inputs: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/), SampleValue)
      .refine((r) => Object.keys(r).length <= 50, "at most 50 inputs"),
    output: z.string().min(1).max(5_000),
  })
  .meta({ id: "ListingSample" });

const ListingFields = {
  title: Title,
  /** Rich text, sanitized on the server (the prompts' allowlist). */
  description: z.string().min(20, "must be at least 20 characters").max(5_000),
  category: ListingCategory,
  tags: z.array(Tag).max(10),
  models: z.array(ModelId).max(10),
  price: Price,
  samples: z.array(ListingSample).max(5),
};

/** A listing is a snapshot of one version of a prompt the caller owns. */
export const CreateListingInput = z
  .strictObject({
    promptId: EntityId,
    /** Default: the prompt's latest version. */
    version: z.number().int().min(1).optional(),
    ...ListingFields,
    samples: ListingFields.samples.default([]),
    tags: ListingFields.tags.default([]),
    models: ListingFields.models.default([]),
  })
  .meta({ id: "CreateListingInput" });
export type CreateListingInput = z.infer<typeof CreateListingInput>;

/** An edit: a draft changes in place; a listed item gets a pending revision (the approved one stays on sale). */
export const UpdateListingInput = z
  .strictObject({
    /** Take a new snapshot from this version of the source prompt (the caller must still own it). */
    promptVersion: z.number().int().min(1).optional(),
    title: ListingFields.title.optional(),
    description: ListingFields.description.optional(),
    category: ListingFields.category.optional(),
    tags: ListingFields.tags.optional(),
    models: ListingFields.models.optional(),
    price: ListingFields.price.optional(),
    samples: ListingFields.samples.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "nothing to change")
  .meta({ id: "UpdateListingInput" });
export type UpdateListingInput = z.infer<typeof UpdateListingInput>;

export const ListingParams = z.strictObject({ listingId: EntityId });
export type ListingParams = z.infer<typeof ListingParams>;
export const ListingVersionParams = z.strictObject({ listingId: EntityId, version: z.coerce.number().int().min(1).max(1_000_000) });
export type ListingVersionParams = z.infer<typeof ListingVersionParams>;
export const PurchaseParams = z.strictObject({ purchaseId: EntityId });
export type PurchaseParams = z.infer<typeof PurchaseParams>;

export const AvailabilityInput = z.strictObject({ listed: z.boolean() }).meta({ id: "AvailabilityInput" });
export type AvailabilityInput = z.infer<typeof AvailabilityInput>;

export const ModerationDecisionInput = z
  .strictObject({
    decision: z.enum(["approve", "reject"]),
    reasonCode: ReasonCode.optional(),
    note: DisplayText(1_000).optional(),
  })
  .refine((b) => b.decision === "approve" || !!b.reasonCode, { message: "a rejection needs a reasonCode", path: ["reasonCode"] })
  .meta({ id: "ModerationDecisionInput" });
export type ModerationDecisionInput = z.infer<typeof ModerationDecisionInput>;

export const TakedownInput = z
  .strictObject({ reasonCode: ReasonCode, note: DisplayText(1_000).pipe(z.string().min(1)) })
  .meta({ id: "TakedownInput" });
export type TakedownInput = z.infer<typeof TakedownInput>;

/**
 * The price the buyer was shown: a revision approved meanwhile may have changed it, and the buyer
 * pays only what they agreed to (409 price_changed otherwise). Apps should always send it.
 */
export const BuyListingInput = z
  .strictObject({ expectedPrice: z.number().int().min(0).max(100_000_000).optional() })
  .meta({ id: "BuyListingInput" });
export type BuyListingInput = z.infer<typeof BuyListingInput>;

export const RefundInput = z
  .strictObject({
    reason: DisplayText(300).pipe(z.string().min(1, "must not be empty")),
    /** Some items of a bundle purchase (default: every item not refunded yet). */
    listingIds: z.array(EntityId).min(1).max(BOUNDS.bundleItems.max).optional(),
  })
  .meta({ id: "RefundInput" });
export type RefundInput = z.infer<typeof RefundInput>;

export const PinInput = z.strictObject({ version: z.number().int().min(1).nullable() }).meta({ id: "PinInput" });
export type PinInput = z.infer<typeof PinInput>;

export const ForkLicenceInput = z
  .strictObject({ title: DisplayText(200).pipe(z.string().min(1)).optional() })
  .meta({ id: "ForkLicenceInput" });
export type ForkLicenceInput = z.infer<typeof ForkLicenceInput>;

const Limit = z.coerce.number().int().min(1).max(100).default(25);
const Cursor = z.string().max(512).optional();
const QueryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const BrowseQuery = z
  .strictObject({
    q: z.string().max(200).optional(),
    category: ListingCategory.optional(),
    tag: Tag.optional(),
    model: ModelId.optional(),
    minPrice: QueryInt(0, BOUNDS.price.max).optional(),
    maxPrice: QueryInt(0, BOUNDS.price.max).optional(),
    /** Average stars, 1–5. */
    minRating: z.coerce.number().min(1).max(5).optional(),
    sort: z.enum(["newest", "sales", "rating", "trending", "price_asc", "price_desc"]).default("newest"),
    limit: Limit,
    cursor: Cursor,
  })
  .refine((q) => q.minPrice === undefined || q.maxPrice === undefined || q.minPrice <= q.maxPrice, {
    message: "minPrice must not exceed maxPrice",
    path: ["minPrice"],
  });
export type BrowseQuery = z.infer<typeof BrowseQuery>;

export const PageQuery = z.strictObject({ limit: Limit, cursor: Cursor });
export type PageQuery = z.infer<typeof PageQuery>;

const Stats = z
  .object({ runs: z.number().int(), avgCredits: z.number().int(), avgLatencyMs: z.number().int(), models: z.array(z.string()) })
  .nullable();

/** What anyone sees of a listed item: never its template. */
export const ListingPreview = z
  .object({
    id: z.string(),
    sellerUid: z.string(),
    title: z.string(),
    description: z.string(),
    category: ListingCategory,
    tags: z.array(z.string()),
    models: z.array(z.string()),
    price: z.number().int(),
    type: PromptType,
    variables: z.array(VariableSpec),
    samples: z.array(ListingSample),
    rating: z.object({ average: z.number(), count: z.number().int() }),
    sales: z.number().int(),
    salesLast7Days: z.number().int(),
    stats: Stats,
    version: z.number().int().nullable(),
    listedAt: IsoDate.nullable(),
  })
  .meta({ id: "ListingPreview" });

/** What the seller (and moderators) see: the preview plus the states of its versions. */
export const SellerListing = ListingPreview.extend({
  state: z.enum(["draft", "pending", "rejected", "listed", "delisted", "taken_down"]),
  liveVersion: z.number().int().nullable(),
  pendingVersion: z.number().int().nullable(),
  draftVersion: z.number().int().nullable(),
  lastReview: z
    .object({
      version: z.number().int(),
      decision: z.enum(["approved", "rejected"]),
      reasonCode: ReasonCode.nullable(),
      note: z.string().nullable(),
    })
    .nullable(),
  takedown: z.object({ reasonCode: ReasonCode, note: z.string().nullable(), at: IsoDate }).nullable(),
  createdAt: IsoDate,
  updatedAt: IsoDate,
}).meta({ id: "SellerListing" });

export const ListingPage = z.object({ listings: z.array(ListingPreview), nextCursor: z.string().nullable() }).meta({ id: "ListingPage" });
export const SellerListingPage = z
  .object({ listings: z.array(SellerListing), nextCursor: z.string().nullable() })
  .meta({ id: "SellerListingPage" });

/** A version awaiting review, with its content (moderators judge the template). */
export const ModerationItem = z
  .object({
    listingId: z.string(),
    version: z.number().int(),
    sellerUid: z.string(),
    title: z.string(),
    description: z.string(),
    category: ListingCategory,
    price: z.number().int(),
    revision: z.boolean(),
    submittedAt: IsoDate.nullable(),
  })
  .meta({ id: "ModerationItem" });
export const ModerationPage = z
  .object({ items: z.array(ModerationItem), nextCursor: z.string().nullable() })
  .meta({ id: "ModerationPage" });

export const PurchaseItemView = z.object({
  listingId: z.string(),
  version: z.number().int(),
  title: z.string(),
  price: z.number().int(),
  refunded: z.boolean(),
});
export const PurchaseView = z
  .object({
    id: z.string(),
    state: z.enum(["pending", "paid", "completed", "failed"]),
    price: z.number().int(),
    items: z.array(PurchaseItemView),
    refundableUntil: IsoDate,
    refunds: z.array(
      z.object({ id: z.string(), listingIds: z.array(z.string()), credits: z.number().int(), by: z.enum(["buyer", "admin"]), at: IsoDate }),
    ),
    createdAt: IsoDate,
    completedAt: IsoDate.nullable(),
  })
  .meta({ id: "PurchaseView" });
export const PurchaseResult = z.object({ purchase: PurchaseView, alreadyOwned: z.boolean() }).meta({ id: "PurchaseResult" });
export const PurchasePage = z.object({ purchases: z.array(PurchaseView), nextCursor: z.string().nullable() }).meta({ id: "PurchasePage" });
export const RefundResult = z
  .object({ purchase: PurchaseView, refund: z.object({ id: z.string(), credits: z.number().int(), listingIds: z.array(z.string()) }) })
  .meta({ id: "RefundResult" });

/** The bought content of a licence (the buyer's pinned version, or the latest approved one). */
export const LicensedContent = z
  .object({
    listingId: z.string(),
    licenceId: z.string(),
    version: z.number().int(),
    pinnedVersion: z.number().int().nullable(),
    availableVersions: z.array(z.number().int()),
    type: PromptType,
    template: Template,
    variables: z.array(VariableSpec),
    settings: ModelSettings,
  })
  .meta({ id: "LicensedContent" });

export const ForkedLicence = z.object({ promptId: z.string(), version: z.number().int() }).meta({ id: "ForkedLicence" });

export const EarningsSummary = z
  .object({
    pending: z.number().int(),
    available: z.number().int(),
    /** Taken by a payout not confirmed sent yet, and sent to the payee's connected account (net of reversals). */
    inPayout: z.number().int(),
    paid: z.number().int(),
    sales: z.object({ pending: z.number().int(), available: z.number().int() }),
    commissions: z.object({ pending: z.number().int(), available: z.number().int() }),
    revenueByDay: z.array(z.object({ day: z.string(), sales: z.number().int(), credits: z.number().int() })),
    topListings: z.array(z.object({ listingId: z.string(), sales: z.number().int(), credits: z.number().int() })),
  })
  .meta({ id: "EarningsSummary" });

// ---- Reviews ------------------------------------------------------------------------------------

export const ReviewParams = z.strictObject({ reviewId: EntityId });
export type ReviewParams = z.infer<typeof ReviewParams>;

/** A verified buyer's review: 1–5 stars and a text (sanitized to plain text on the server). */
export const ReviewInput = z
  .strictObject({
    stars: z.number().int().min(1).max(5),
    text: z
      .string()
      .max(4_000)
      .transform((s) => s.trim())
      .pipe(z.string().min(1, "must not be empty")),
  })
  .meta({ id: "ReviewInput" });
export type ReviewInput = z.infer<typeof ReviewInput>;

/** What anyone sees of a review: the buyer stays anonymous (every review is by a verified buyer). */
export const ReviewView = z
  .object({
    id: z.string(),
    listingId: z.string(),
    stars: z.number().int(),
    text: z.string(),
    edited: z.boolean(),
    createdAt: IsoDate,
    updatedAt: IsoDate,
  })
  .meta({ id: "ReviewView" });
export const ReviewPage = z
  .object({
    reviews: z.array(ReviewView),
    rating: z.object({ average: z.number(), count: z.number().int() }),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "ReviewPage" });
/** The author's own review (and whether it was new). */
export const MyReview = ReviewView.extend({ created: z.boolean() }).meta({ id: "MyReview" });

export const ReviewReportReason = z
  .enum(["spam", "offensive", "off_topic", "not_a_buyer_experience", "other"])
  .meta({ id: "ReviewReportReason" });
export const ReportReviewInput = z
  .strictObject({ reason: ReviewReportReason, note: DisplayText(500).optional() })
  .meta({ id: "ReportReviewInput" });
export type ReportReviewInput = z.infer<typeof ReportReviewInput>;
export const ReportResult = z.object({ reported: z.boolean() }).meta({ id: "ReportResult" });

/** A reported review awaiting a moderator, with its reports. */
export const ReportedReview = ReviewView.extend({
  buyerUid: z.string(),
  sellerUid: z.string(),
  reports: z.array(z.object({ reason: z.string(), at: IsoDate })),
}).meta({ id: "ReportedReview" });
export const ReportedReviewPage = z
  .object({ reviews: z.array(ReportedReview), nextCursor: z.string().nullable() })
  .meta({ id: "ReportedReviewPage" });
export const ReviewDecisionInput = z
  .strictObject({ decision: z.enum(["keep", "remove"]), note: DisplayText(1_000).optional() })
  .meta({ id: "ReviewDecisionInput" });
export type ReviewDecisionInput = z.infer<typeof ReviewDecisionInput>;
export const ReviewDecision = z
  .object({
    id: z.string(),
    listingId: z.string(),
    state: z.enum(["visible", "removed"]),
    reportState: z.enum(["open", "kept"]).nullable(),
  })
  .meta({ id: "ReviewDecision" });

// ---- Bundles ------------------------------------------------------------------------------------

export const BundleParams = z.strictObject({ bundleId: EntityId });
export type BundleParams = z.infer<typeof BundleParams>;

/**
 * A bundle of the caller's own listed items at one price: 2–20 distinct listings, a price within
 * the listing price bounds and at most the sum of the items' prices (a bundle never costs more than
 * its items bought one by one). Anything else is refused, never clamped.
 */
export const CreateBundleInput = z
  .strictObject({
    title: Title,
    description: ListingFields.description,
    listingIds: z.array(EntityId).min(BOUNDS.bundleItems.min).max(BOUNDS.bundleItems.max),
    price: z.number().int().min(BOUNDS.price.min).max(BOUNDS.price.max),
  })
  .meta({ id: "CreateBundleInput" });
export type CreateBundleInput = z.infer<typeof CreateBundleInput>;

export const BundleView = z
  .object({
    id: z.string(),
    sellerUid: z.string(),
    title: z.string(),
    description: z.string(),
    price: z.number().int(),
    /** What the items cost one by one now. */
    listPrice: z.number().int(),
    /** False when an item is no longer on sale (the bundle cannot be bought then). */
    available: z.boolean(),
    /** Each item with its share of the bundle price (proportional to its price; the shares sum to the price). */
    items: z.array(z.object({ listingId: z.string(), title: z.string(), price: z.number().int(), share: z.number().int() })),
    state: z.enum(["listed", "delisted"]),
    createdAt: IsoDate,
  })
  .meta({ id: "BundleView" });
export const BundlePage = z.object({ bundles: z.array(BundleView), nextCursor: z.string().nullable() }).meta({ id: "BundlePage" });

// ---- Try before buying --------------------------------------------------------------------------

/** A run of a listing's approved version on the caller's own variables (paid like any generate call). */
export const TryListingInput = z
  .strictObject({
    variables: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/), z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]))
      .refine((r) => Object.keys(r).length <= 50, "at most 50 variables")
      .default({}),
    model: ModelOrPolicy.default("auto:cheapest"),
    maxOutputTokens: z.number().int().min(1).max(4_096).default(512),
  })
  .meta({ id: "TryListingInput" });
export type TryListingInput = z.infer<typeof TryListingInput>;

/** Only the model's answer and what it cost: never the template or the rendered prompt. */
export const TryListingResult = z
  .object({
    text: z.string(),
    /** True when parts of the answer repeating the listing's instructions were replaced by [redacted]. */
    redacted: z.boolean(),
    model: z.string(),
    usage: UsageView,
    cost: z.object({ credits: z.number().int() }),
    latencyMs: z.number().int(),
    runsLeftToday: z.number().int(),
  })
  .meta({ id: "TryListingResult" });
export type TryListingResult = z.infer<typeof TryListingResult>;

// ---- Payouts: Stripe Connect onboarding ---------------------------------------------------------

/** The caller's connected account as last recorded (from Stripe: onboarding reads and `account.updated`). */
export const PayoutAccountStatus = z
  .object({
    /** False until onboarding created the caller's Express account. */
    connected: z.boolean(),
    accountId: z.string().nullable(),
    /** The `transfers` capability (null: no account). */
    transfers: z.enum(["active", "pending", "inactive"]).nullable(),
    chargesEnabled: z.boolean(),
    payoutsEnabled: z.boolean(),
    detailsSubmitted: z.boolean(),
    /** What Stripe still needs from the payee now. */
    currentlyDue: z.array(z.string()),
    disabledReason: z.string().nullable(),
    /** The payout run pays this account (transfers active and payouts enabled). */
    readyForPayouts: z.boolean(),
    /** When Stripe's account was in this state (null: no account). */
    statusAt: IsoDate.nullable(),
  })
  .meta({ id: "PayoutAccountStatus" });

/** A single-use Stripe onboarding link (redirect to it now; ask for a new one when it expired). */
export const PayoutAccountLink = z
  .object({ url: z.string(), expiresAt: IsoDate, account: PayoutAccountStatus })
  .meta({ id: "PayoutAccountLink" });
