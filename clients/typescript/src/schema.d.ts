// Generated from openapi.json by `npm run generate` (openapi-typescript); do not edit.
export interface paths {
    "/admin/analytics/findings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What the analytics jobs recorded for an admin to look at: cost drift against the ledger, facts without their records, malformed facts, facts too late to count; open, resolved or all, by kind; cursor-paginated
         * @description Cloud Function `adminAnalyticsFindings`. Rate limit: 60 per 60 s per user. Roles: admin.
         */
        get: operations["adminListAnalyticsFindings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Payments waiting for an admin: held (nothing granted), in review (chargeback, payer not established) or dismissed; cursor-paginated
         * @description Cloud Function `adminPayments`. Rate limit: 120 per 60 s per user. Roles: admin.
         */
        get: operations["adminListPayments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/payments/{paymentId}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Grant a held payment's credits to a user or dismiss it, or close a review (audited; the same decision again is a no-op)
         * @description Cloud Function `adminPaymentResolve`. Rate limit: 30 per 60 s per user. Roles: admin.
         */
        post: operations["adminResolvePayment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users/{uid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a user's Auth account and profile
         * @description Cloud Function `adminUser`. Rate limit: 300 per 60 s per user. Roles: admin.
         */
        get: operations["adminGetUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users/{uid}/credits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Grant or adjust a user's credits with a reason (audited; idempotent by key per admin and target user, 409 if reused for a different change)
         * @description Cloud Function `adminUserCredits`. Rate limit: 30 per 60 s per user. Roles: admin.
         */
        post: operations["adminCreditUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users/{uid}/roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a user's roles (custom claims); removing a role revokes their sessions
         * @description Cloud Function `adminUserRoles`. Rate limit: 30 per 60 s per user. Roles: admin.
         */
        post: operations["adminSetRoles"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ai/analyze": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Score a prompt's clarity, specificity, structure and safety (0–10) with a model, and estimate the cost of one run; paid with credits
         * @description Cloud Function `aiAnalyze`. Rate limit: 10 per 60 s per user. Also accepts an API key with scope ai:run.
         */
        post: operations["aiAnalyze"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ai/compare": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run the same input on 2–4 models in parallel, each paid on its own; failed models are reported beside the others' results
         * @description Cloud Function `aiCompare`. Rate limit: 10 per 60 s per user. Also accepts an API key with scope ai:run.
         */
        post: operations["aiCompare"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ai/enhance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rewrite a prompt to be clearer and more specific with a model and list the changes; paid with credits
         * @description Cloud Function `aiEnhance`. Rate limit: 10 per 60 s per user. Also accepts an API key with scope ai:run.
         */
        post: operations["aiEnhance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ai/generate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run messages or a stored prompt version on a model or policy, paid with credits (stream: true answers with Server-Sent Events; an Idempotency-Key header replays a non-streamed call)
         * @description Cloud Function `aiGenerate`. Rate limit: 10 per 60 s per user. Also accepts an API key with scope ai:run.
         */
        post: operations["aiGenerate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ai/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The models the caller may use (configured vendor, priced, in their tier), cheapest first, with prices in credits
         * @description Cloud Function `aiModels`. Rate limit: 60 per 60 s per user. Also accepts an API key with scope ai:run.
         */
        get: operations["listModels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/analytics/partner": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's partner commission series (admins: any partner's): commissions, reversals and net credits per hour/day/week/month of a time zone, by source; JSON or CSV
         * @description Cloud Function `analyticsPartner`. Rate limit: 60 per 60 s per user. Also accepts an API key with scope analytics:read.
         */
        get: operations["getPartnerAnalytics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/analytics/platform": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Platform-wide series for admins: revenue by provider and currency, credits sold vs consumed, provider cost and gross margin, active users, error rate and latency per provider/model; JSON or CSV
         * @description Cloud Function `analyticsPlatform`. Rate limit: 60 per 60 s per user. Roles: admin.
         */
        get: operations["getPlatformAnalytics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/analytics/seller": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's marketplace sales series (admins: any user's): listings sold, gross and earned credits, refunds, per hour/day/week/month of a time zone, by listing; JSON or CSV
         * @description Cloud Function `analyticsSeller`. Rate limit: 60 per 60 s per user. Also accepts an API key with scope analytics:read.
         */
        get: operations["getSellerAnalytics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/analytics/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's (or, for its owner and admins, a team's) usage series: calls, tokens, credits, errors, latency per hour/day/week/month of a time zone, grouped and filtered by model, provider, prompt, project; JSON or CSV
         * @description Cloud Function `analyticsUsage`. Rate limit: 60 per 60 s per user. Also accepts an API key with scope analytics:read.
         */
        get: operations["getUsageAnalytics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/billing/balance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Spendable credits, reserved credits and grants expiring in the next 30 days
         * @description Cloud Function `billingBalance`. Rate limit: 120 per 60 s per user.
         */
        get: operations["getBalance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/billing/checkout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start buying a credit pack or a tier subscription with Stripe, Razorpay (INR) or Paddle; idempotent by key
         * @description Cloud Function `billingCheckout`. Rate limit: 10 per 60 s per user.
         */
        post: operations["createCheckout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/billing/ledger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's credit ledger, newest first (cursor-paginated, filter by type)
         * @description Cloud Function `billingLedger`. Rate limit: 60 per 60 s per user.
         */
        get: operations["listLedger"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/billing/portal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A Stripe customer portal URL for the caller (invoices, payment methods, plan)
         * @description Cloud Function `billingPortal`. Rate limit: 10 per 60 s per user.
         */
        post: operations["createPortalSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/billing/subscription": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's current subscription and tier
         * @description Cloud Function `billingSubscription`. Rate limit: 120 per 60 s per user.
         */
        get: operations["getSubscription"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/billing/subscription/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel the caller's subscription at the end of the paid period
         * @description Cloud Function `billingSubscriptionCancel`. Rate limit: 10 per 60 s per user.
         */
        post: operations["cancelSubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/billing/tiers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Subscription tiers and credit packs with prices per currency
         * @description Cloud Function `billingTiers`. Rate limit: 120 per 60 s per IP.
         */
        get: operations["getTiers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness: the function answers (no database call)
         * @description Cloud Function `health`. Rate limit: 120 per 60 s per IP.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness: configuration is valid and MongoDB answers a ping (503 names the failing check)
         * @description Cloud Function `healthReady`. Rate limit: 60 per 60 s per IP.
         */
        get: operations["getReady"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ideas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's saved prompt ideas, newest first (cursor-paginated, filter by tag)
         * @description Cloud Function `ideas`. Rate limit: 120 per 60 s per user. Also accepts an API key with scope prompts:read.
         */
        get: operations["listIdeas"];
        put?: never;
        /**
         * Save a prompt idea (generated or written)
         * @description Cloud Function `ideas`. Rate limit: 60 per 60 s per user. Also accepts an API key with scope prompts:write.
         */
        post: operations["createIdea"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ideas/{ideaId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A saved prompt idea
         * @description Cloud Function `idea`. Rate limit: 300 per 60 s per user. Also accepts an API key with scope prompts:read.
         */
        get: operations["getIdea"];
        put?: never;
        post?: never;
        /**
         * Delete a saved idea
         * @description Cloud Function `idea`. Rate limit: 30 per 60 s per user. Also accepts an API key with scope prompts:write.
         */
        delete: operations["deleteIdea"];
        options?: never;
        head?: never;
        /**
         * Change a saved idea's title, prompt or tags
         * @description Cloud Function `idea`. Rate limit: 60 per 60 s per user. Also accepts an API key with scope prompts:write.
         */
        patch: operations["updateIdea"];
        trace?: never;
    };
    "/ideas/generate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Prompt ideas (title, prompt, tags) for a topic from a model, paid with credits; nothing is saved
         * @description Cloud Function `ideasGenerate`. Rate limit: 10 per 60 s per user. Also accepts an API key with scope ai:run.
         */
        post: operations["generateIdeas"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/bundles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Listed bundles (public), newest first, with each item's share of the bundle price; cursor-paginated
         * @description Cloud Function `marketplaceBundles`. Rate limit: 120 per 60 s per IP.
         */
        get: operations["browseBundles"];
        put?: never;
        /**
         * Bundle 2–20 of the caller's own listed items at one price (at most their total); the price is split across them in proportion to their prices
         * @description Cloud Function `marketplaceBundles`. Rate limit: 30 per 60 s per user.
         */
        post: operations["createBundle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/bundles/{bundleId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A listed bundle (public): its items, their prices and each one's share of the bundle price
         * @description Cloud Function `marketplaceBundle`. Rate limit: 300 per 60 s per IP.
         */
        get: operations["getBundle"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/bundles/{bundleId}/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Take one of your bundles off sale (buyers keep what they bought) or put it back (only while every item is on sale: else 409 bundle_unavailable)
         * @description Cloud Function `marketplaceBundleAvailability`. Rate limit: 30 per 60 s per user.
         */
        post: operations["setBundleAvailability"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/bundles/{bundleId}/purchase": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Buy a bundle with credits, exactly once (items already owned are not charged again); with expectedPrice, a changed price is 409 price_changed
         * @description Cloud Function `marketplaceBundlePurchase`. Rate limit: 30 per 60 s per user.
         */
        post: operations["buyBundle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/licences/{listingId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A bought prompt's template: the pinned version or the latest approved revision (licence holders only)
         * @description Cloud Function `marketplaceLicence`. Rate limit: 300 per 60 s per user.
         */
        get: operations["getLicensedContent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/licences/{listingId}/fork": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Copy a bought prompt into the caller's prompts, marked as licensed (not for resale)
         * @description Cloud Function `marketplaceLicenceFork`. Rate limit: 30 per 60 s per user.
         */
        post: operations["forkLicence"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/licences/{listingId}/pin": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stay on one version of a bought prompt (null: follow the latest approved revision)
         * @description Cloud Function `marketplaceLicencePin`. Rate limit: 60 per 60 s per user.
         */
        post: operations["pinLicence"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/listings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Listed prompts (public): search words, category, tag, model, price and rating filters; newest, sales, rating, trending or price order; cursor-paginated
         * @description Cloud Function `marketplaceListings`. Rate limit: 120 per 60 s per IP.
         */
        get: operations["browseListings"];
        put?: never;
        /**
         * A draft listing: a snapshot of one version of a prompt the caller owns, with its preview and price
         * @description Cloud Function `marketplaceListings`. Rate limit: 30 per 60 s per user.
         */
        post: operations["createListing"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/listings/{listingId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A listed prompt's preview (public): variables, samples, rating, sales and measured stats, never its template
         * @description Cloud Function `marketplaceListing`. Rate limit: 300 per 60 s per IP.
         */
        get: operations["getListing"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Edit a listing (seller): a draft changes in place; a listed item gets a pending revision while the approved one stays on sale
         * @description Cloud Function `marketplaceListing`. Rate limit: 30 per 60 s per user.
         */
        patch: operations["updateListing"];
        trace?: never;
    };
    "/marketplace/listings/{listingId}/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Delist a listed item or put a delisted one back on sale (seller; buyers keep their licences)
         * @description Cloud Function `marketplaceListingAvailability`. Rate limit: 30 per 60 s per user.
         */
        post: operations["setListingAvailability"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/listings/{listingId}/purchase": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Buy a listed prompt with credits, exactly once (owning it already answers the existing purchase with 200); with expectedPrice, a changed price is 409 price_changed and nothing is charged
         * @description Cloud Function `marketplacePurchase`. Rate limit: 30 per 60 s per user.
         */
        post: operations["buyListing"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/listings/{listingId}/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A listed prompt's reviews by verified buyers (public), newest first, with the exact rating; cursor-paginated
         * @description Cloud Function `marketplaceListingReviews`. Rate limit: 300 per 60 s per IP.
         */
        get: operations["listReviews"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/listings/{listingId}/reviews/mine": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Write or edit the caller's review of a listing they bought (active licence): 1–5 stars and a text, one per buyer and listing
         * @description Cloud Function `marketplaceMyReview`. Rate limit: 30 per 60 s per user.
         */
        post: operations["putMyReview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/listings/{listingId}/submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a draft listing to review (new and flagged sellers: a daily cap and a cool-down)
         * @description Cloud Function `marketplaceListingSubmit`. Rate limit: 30 per 60 s per user.
         */
        post: operations["submitListing"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/listings/{listingId}/takedown": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Take a listing off sale for good (admins; reason code audited; the seller is paced as a new one)
         * @description Cloud Function `marketplaceListingTakedown`. Rate limit: 60 per 60 s per user. Roles: admin.
         */
        post: operations["takeDownListing"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/listings/{listingId}/try": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Try a listed prompt before buying: run its approved version on your variables, paid in credits like a generate call (Idempotency-Key replays); answers the model's output only (echoes of the template redacted), a few runs per listing a day
         * @description Cloud Function `marketplaceListingTry`. Rate limit: 10 per 60 s per user. Also accepts an API key with scope ai:run.
         */
        post: operations["tryListing"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/me/earnings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's earnings as seller and partner: pending (refund window), available, revenue by day, top listings
         * @description Cloud Function `marketplaceEarnings`. Rate limit: 60 per 60 s per user.
         */
        get: operations["getMyEarnings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/me/listings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's listings in every state (draft, pending, rejected with the reason, listed, delisted, taken down)
         * @description Cloud Function `marketplaceMyListings`. Rate limit: 120 per 60 s per user.
         */
        get: operations["listMyListings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/moderation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Listing versions awaiting review, oldest first (admins)
         * @description Cloud Function `marketplaceModeration`. Rate limit: 120 per 60 s per user. Roles: admin.
         */
        get: operations["listModerationQueue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/moderation/{listingId}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve or reject (reason code + note) a listing version awaiting review (admins)
         * @description Cloud Function `marketplaceModerationDecision`. Rate limit: 120 per 60 s per user. Roles: admin.
         */
        post: operations["decideListing"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/moderation/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Reported reviews awaiting a decision, with their reports (admins)
         * @description Cloud Function `marketplaceReviewModeration`. Rate limit: 120 per 60 s per user. Roles: admin.
         */
        get: operations["listReportedReviews"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/moderation/reviews/{reviewId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Keep a reported review, or remove it (it leaves the listing's rating; audited) (admins)
         * @description Cloud Function `marketplaceReviewDecision`. Rate limit: 120 per 60 s per user. Roles: admin.
         */
        post: operations["decideReview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/payouts/account": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's Stripe Connect account for payouts, as last recorded (capabilities, requirements, readiness)
         * @description Cloud Function `marketplacePayoutAccount`. Rate limit: 60 per 60 s per user.
         */
        get: operations["getPayoutAccount"];
        put?: never;
        /**
         * Create the caller's Stripe Express account (once) and answer a fresh single-use onboarding link (return and refresh URLs from the deployment's config)
         * @description Cloud Function `marketplacePayoutAccount`. Rate limit: 20 per 60 s per user.
         */
        post: operations["startPayoutOnboarding"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/purchases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's marketplace purchases, newest first
         * @description Cloud Function `marketplacePurchases`. Rate limit: 120 per 60 s per user.
         */
        get: operations["listPurchases"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/purchases/{purchaseId}/refund": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refund a purchase or some items of a bundle (listingIds): its buyer within the refund window, admins any time (credits back, earnings reversed, licence revoked)
         * @description Cloud Function `marketplaceRefund`. Rate limit: 30 per 60 s per user.
         */
        post: operations["refundPurchase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/marketplace/reviews/{reviewId}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report a review as abusive (once per user): it enters the admins' moderation queue
         * @description Cloud Function `marketplaceReviewReport`. Rate limit: 30 per 60 s per user.
         */
        post: operations["reportReview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/monitoring/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Per provider and model: circuit-breaker state, recent error rate and latency p50/p95, merged across the AI instances that published to llm_health in the last 5 minutes
         * @description Cloud Function `monitoringProviders`. Rate limit: 60 per 60 s per user. Roles: admin.
         */
        get: operations["getProvidersHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's notifications, newest first (cursor-paginated; inbox, unread, archived or all), with the unread count
         * @description Cloud Function `notifications`. Rate limit: 120 per 60 s per user.
         */
        get: operations["listNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/{notificationId}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Archive one notification (it leaves the inbox and counts as read)
         * @description Cloud Function `notificationArchive`. Rate limit: 240 per 60 s per user.
         */
        post: operations["archiveNotification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/{notificationId}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark one notification read
         * @description Cloud Function `notificationRead`. Rate limit: 240 per 60 s per user.
         */
        post: operations["markNotificationRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's devices registered for push notifications
         * @description Cloud Function `notificationDevices`. Rate limit: 60 per 60 s per user.
         */
        get: operations["listPushDevices"];
        put?: never;
        /**
         * Register (201) or refresh (200) the app's FCM registration token; 403 limit_reached beyond 10 devices
         * @description Cloud Function `notificationDevices`. Rate limit: 30 per 60 s per user.
         */
        post: operations["registerPushDevice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/devices/{deviceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Stop push notifications to one device (apps call this on sign-out)
         * @description Cloud Function `notificationDevice`. Rate limit: 30 per 60 s per user.
         */
        delete: operations["unregisterPushDevice"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's channels per category (in_app and push on, email off by default) and low-balance threshold
         * @description Cloud Function `notificationPreferences`. Rate limit: 120 per 60 s per user.
         */
        get: operations["getNotificationPreferences"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Switch channels per category and set the low-balance threshold (only the fields given change)
         * @description Cloud Function `notificationPreferences`. Rate limit: 30 per 60 s per user.
         */
        patch: operations["updateNotificationPreferences"];
        trace?: never;
    };
    "/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark every notification of the caller read
         * @description Cloud Function `notificationsReadAll`. Rate limit: 30 per 60 s per user.
         */
        post: operations["markAllNotificationsRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Server-Sent Events (text/event-stream) of the caller's new notifications: `notification` events carry the notification and the unread count; resumable with Last-Event-ID; heartbeats every 15 s; ends after maxSeconds (≤ 50) with a retry hint
         * @description Cloud Function `notificationsStream`. Rate limit: 30 per 60 s per user.
         */
        get: operations["streamNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/unread-count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How many of the caller's notifications are unread (archived ones excluded)
         * @description Cloud Function `notificationsUnreadCount`. Rate limit: 240 per 60 s per user.
         */
        get: operations["getUnreadNotificationCount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This API's OpenAPI 3.1 document
         * @description Cloud Function `openapi`. Rate limit: 60 per 60 s per IP.
         */
        get: operations["getOpenApi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/partners/{uid}/terms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * An admin sets one partner's commission in basis points (0–5000; null: the default); out of bounds is refused
         * @description Cloud Function `partnersTerms`. Rate limit: 30 per 60 s per user. Roles: admin.
         */
        patch: operations["setPartnerTerms"];
        trace?: never;
    };
    "/partners/clicks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A visit through a referral link (public): the click id the app presents at sign-up
         * @description Cloud Function `partnersClicks`. Rate limit: 30 per 60 s per IP.
         */
        post: operations["recordReferralClick"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/partners/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's referral code, link and commission terms (404 not_a_partner until POST)
         * @description Cloud Function `partnersMe`. Rate limit: 60 per 60 s per user.
         */
        get: operations["getPartner"];
        put?: never;
        /**
         * Become a partner: a referral code and link (idempotent: 201 the first time, then 200 with the same code)
         * @description Cloud Function `partnersMe`. Rate limit: 10 per 60 s per user.
         */
        post: operations["becomePartner"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/partners/me/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Clicks, referred sign-ups, conversions, commission pending / available / in payout / paid, by month
         * @description Cloud Function `partnersDashboard`. Rate limit: 60 per 60 s per user.
         */
        get: operations["getPartnerDashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's projects and their teams' (or one team's)
         * @description Cloud Function `projects`. Rate limit: 120 per 60 s per user. Also accepts an API key with scope prompts:read.
         */
        get: operations["listProjects"];
        put?: never;
        /**
         * Create a project of the caller's, or of a team (editors and up); 403 tier_limit_reached past the owner's tier's projects
         * @description Cloud Function `projects`. Rate limit: 30 per 60 s per user. Also accepts an API key with scope prompts:write.
         */
        post: operations["createProject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/prompt-packages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export one prompt, a project, a team's prompts or all the caller's own, with every version as Dotprompt .prompt files (JSON, or zip with ?format=zip)
         * @description Cloud Function `promptPackages`. Rate limit: 30 per 60 s per user. Also accepts an API key with scope prompts:read.
         */
        get: operations["exportPrompts"];
        put?: never;
        /**
         * Import a prompt package (application/json or application/zip): all checked first, idempotent on re-run, ?dryRun=true reports without writing, labels only with ?labels=apply
         * @description Cloud Function `promptPackages`. Rate limit: 30 per 60 s per user. Also accepts an API key with scope prompts:write.
         */
        post: operations["importPrompts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/prompts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prompts the caller can see (cursor-paginated; filter by project, tag, label; sort by updated, created, title)
         * @description Cloud Function `prompts`. Rate limit: 120 per 60 s per user. Also accepts an API key with scope prompts:read.
         */
        get: operations["listPrompts"];
        put?: never;
        /**
         * Create a prompt with its first version, personal or in a project
         * @description Cloud Function `prompts`. Rate limit: 60 per 60 s per user. Also accepts an API key with scope prompts:write.
         */
        post: operations["createPrompt"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/prompts/{promptId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A prompt with its latest version, or the one at ?label= or ?version=
         * @description Cloud Function `prompt`. Rate limit: 300 per 60 s per user. Also accepts an API key with scope prompts:read.
         */
        get: operations["getPrompt"];
        put?: never;
        post?: never;
        /**
         * Delete a prompt with its versions and label history (owner or team admin)
         * @description Cloud Function `prompt`. Rate limit: 30 per 60 s per user. Also accepts an API key with scope prompts:write.
         */
        delete: operations["deletePrompt"];
        options?: never;
        head?: never;
        /**
         * Change a prompt's title, description or tags (editors and up)
         * @description Cloud Function `prompt`. Rate limit: 60 per 60 s per user. Also accepts an API key with scope prompts:write.
         */
        patch: operations["updatePrompt"];
        trace?: never;
    };
    "/prompts/{promptId}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Archive or restore a prompt (archived prompts are listed only with ?archived=true)
         * @description Cloud Function `promptArchive`. Rate limit: 60 per 60 s per user. Also accepts an API key with scope prompts:write.
         */
        post: operations["archivePrompt"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/prompts/{promptId}/diff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Line diff of two versions' templates, with settings and variable changes
         * @description Cloud Function `promptDiff`. Rate limit: 60 per 60 s per user. Also accepts an API key with scope prompts:read.
         */
        get: operations["diffPromptVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/prompts/{promptId}/fork": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Copy a version (default latest) into a new prompt of the caller's or of a project
         * @description Cloud Function `promptFork`. Rate limit: 30 per 60 s per user. Also accepts an API key with scope prompts:write.
         */
        post: operations["forkPrompt"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/prompts/{promptId}/labels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where each label points and the history of label moves
         * @description Cloud Function `promptLabels`. Rate limit: 120 per 60 s per user. Also accepts an API key with scope prompts:read.
         */
        get: operations["listPromptLabels"];
        put?: never;
        /**
         * Point a label (production, staging or custom) at a version: promote or roll back
         * @description Cloud Function `promptLabels`. Rate limit: 60 per 60 s per user. Also accepts an API key with scope prompts:write.
         */
        post: operations["movePromptLabel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/prompts/{promptId}/render": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Fill a version's variables (checked against their types) and return the final text or messages; no model call
         * @description Cloud Function `promptRender`. Rate limit: 300 per 60 s per user. Also accepts an API key with scope prompts:write.
         */
        post: operations["renderPrompt"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/prompts/{promptId}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A prompt's versions, newest first (cursor-paginated)
         * @description Cloud Function `promptVersions`. Rate limit: 120 per 60 s per user. Also accepts an API key with scope prompts:read.
         */
        get: operations["listPromptVersions"];
        put?: never;
        /**
         * Add an immutable version (template, variables, model settings, commit message); latest moves to it
         * @description Cloud Function `promptVersions`. Rate limit: 60 per 60 s per user. Also accepts an API key with scope prompts:write.
         */
        post: operations["addPromptVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Keyword search (last word as a prefix) over prompts the caller can see, by relevance (cursor-paginated; filter by scope, tags, type)
         * @description Cloud Function `search`. Rate limit: 60 per 60 s per user. Also accepts an API key with scope prompts:read.
         */
        get: operations["searchPrompts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/team-invitations/respond": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept or decline an invitation by its token (the caller's verified email must be the invited one); accepting takes a seat of the owner's tier
         * @description Cloud Function `teamInvitationResponse`. Rate limit: 20 per 60 s per user.
         */
        post: operations["respondTeamInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The teams the caller owns or belongs to, with their role
         * @description Cloud Function `teams`. Rate limit: 120 per 60 s per user.
         */
        get: operations["listTeams"];
        put?: never;
        /**
         * Create a team owned by the caller
         * @description Cloud Function `teams`. Rate limit: 10 per 60 s per user.
         */
        post: operations["createTeam"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{teamId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A team and its members (any member)
         * @description Cloud Function `team`. Rate limit: 120 per 60 s per user.
         */
        get: operations["getTeam"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{teamId}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A team's invitations, newest first (admins; cursor-paginated; pending by default, filter by state); never their tokens
         * @description Cloud Function `teamInvitations`. Rate limit: 60 per 60 s per user.
         */
        get: operations["listTeamInvitations"];
        put?: never;
        /**
         * Invite an email address with a role (admins); the token is shown once and expires in 7 days; 409 if it is already a member's, 403 tier_limit_reached without a free seat
         * @description Cloud Function `teamInvitations`. Rate limit: 20 per 60 s per user.
         */
        post: operations["inviteTeamMember"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{teamId}/invitations/{invitationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a pending invitation (admins): its token stops working at once; 409 if it was already answered
         * @description Cloud Function `teamInvitation`. Rate limit: 30 per 60 s per user.
         */
        delete: operations["revokeTeamInvitation"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{teamId}/members/{uid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a member (admins), or leave the team with your own uid (the owner must transfer first); their pending invitations are revoked
         * @description Cloud Function `teamMember`. Rate limit: 30 per 60 s per user.
         */
        delete: operations["removeTeamMember"];
        options?: never;
        head?: never;
        /**
         * Change a member's role (admins; the owner's role changes only by transfer)
         * @description Cloud Function `teamMember`. Rate limit: 30 per 60 s per user.
         */
        patch: operations["updateTeamMember"];
        trace?: never;
    };
    "/teams/{teamId}/transfer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a member the owner (owner only); the previous owner stays as an admin
         * @description Cloud Function `teamTransfer`. Rate limit: 10 per 60 s per user.
         */
        post: operations["transferTeamOwnership"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's profile (created on first call, which also records the referral click the app presents)
         * @description Cloud Function `usersMe`. Rate limit: 120 per 60 s per user.
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        /**
         * Delete the caller's account (Auth user and personal data); needs a sign-in in the last 15 minutes
         * @description Cloud Function `usersMe`. Rate limit: 5 per 3600 s per user.
         */
        delete: operations["deleteMe"];
        options?: never;
        head?: never;
        /**
         * Change display name, locale, time zone or preferences
         * @description Cloud Function `usersMe`. Rate limit: 30 per 60 s per user.
         */
        patch: operations["updateMe"];
        trace?: never;
    };
    "/users/me/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's active API keys, newest first (cursor-paginated; metadata and last use, never the secret)
         * @description Cloud Function `usersMeApiKeys`. Rate limit: 60 per 60 s per user.
         */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Create an API key with scopes and an optional expiry; the key (pf_live_…) is shown only in this response; at most 25 live keys (409)
         * @description Cloud Function `usersMeApiKeys`. Rate limit: 10 per 60 s per user.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/me/api-keys/{keyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API key: it is rejected from its next request on
         * @description Cloud Function `usersMeApiKey`. Rate limit: 30 per 60 s per user.
         */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/me/api-keys/{keyId}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Give an API key a new secret (shown once); the old one stops working at once
         * @description Cloud Function `usersMeApiKeyRotate`. Rate limit: 10 per 60 s per user.
         */
        post: operations["rotateApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/me/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Everything the caller owns, as JSON (secrets left out; vault items as metadata only)
         * @description Cloud Function `usersMeExport`. Rate limit: 10 per 3600 s per user.
         */
        get: operations["exportMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/vault": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's vault items, newest first, metadata only (cursor-paginated, filter by kind)
         * @description Cloud Function `vaultItems`. Rate limit: 60 per 60 s per user. Also accepts an API key with scope vault:read.
         */
        get: operations["listVaultItems"];
        put?: never;
        /**
         * Store an API key, secret prompt or note, encrypted at rest (AES-256-GCM, envelope keys); 403 tier_limit_reached past the tier's vault items
         * @description Cloud Function `vaultItems`. Rate limit: 30 per 60 s per user. Also accepts an API key with scope vault:write.
         */
        post: operations["createVaultItem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/vault/{itemId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A vault item's metadata (the secret needs the audited reveal)
         * @description Cloud Function `vaultItem`. Rate limit: 120 per 60 s per user. Also accepts an API key with scope vault:read.
         */
        get: operations["getVaultItem"];
        put?: never;
        post?: never;
        /**
         * Delete a vault item
         * @description Cloud Function `vaultItem`. Rate limit: 30 per 60 s per user. Also accepts an API key with scope vault:write.
         */
        delete: operations["deleteVaultItem"];
        options?: never;
        head?: never;
        /**
         * Change a vault item's kind, title or content (new content is encrypted afresh)
         * @description Cloud Function `vaultItem`. Rate limit: 30 per 60 s per user. Also accepts an API key with scope vault:write.
         */
        patch: operations["updateVaultItem"];
        trace?: never;
    };
    "/vault/{itemId}/reveal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decrypt a vault item and return its content (audited: who, when, request id); 422 if it fails its integrity check
         * @description Cloud Function `vaultItemReveal`. Rate limit: 30 per 60 s per user. Also accepts an API key with scope vault:read.
         */
        post: operations["revealVaultItem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's endpoints, or a team's (teamId; admins)
         * @description Cloud Function `webhookEndpoints`. Rate limit: 60 per 60 s per user.
         */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /**
         * Create an endpoint (https URL, event types) for the caller or a team they administer; its signing secret is shown once; 403 limit_reached beyond 10
         * @description Cloud Function `webhookEndpoints`. Rate limit: 20 per 60 s per user.
         */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhook-endpoints/{endpointId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One endpoint (never its secret)
         * @description Cloud Function `webhookEndpoint`. Rate limit: 120 per 60 s per user.
         */
        get: operations["getWebhookEndpoint"];
        put?: never;
        post?: never;
        /**
         * Delete an endpoint and its delivery log
         * @description Cloud Function `webhookEndpoint`. Rate limit: 30 per 60 s per user.
         */
        delete: operations["deleteWebhookEndpoint"];
        options?: never;
        head?: never;
        /**
         * Change an endpoint's URL, event types, description, or enable/disable it
         * @description Cloud Function `webhookEndpoint`. Rate limit: 30 per 60 s per user.
         */
        patch: operations["updateWebhookEndpoint"];
        trace?: never;
    };
    "/webhook-endpoints/{endpointId}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An endpoint's delivery log, newest first (cursor-paginated; filter by status)
         * @description Cloud Function `webhookEndpointMessages`. Rate limit: 120 per 60 s per user.
         */
        get: operations["listWebhookMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhook-endpoints/{endpointId}/messages/{messageId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One message: its payload and every attempt (status, latency, response code, truncated response body)
         * @description Cloud Function `webhookEndpointMessage`. Rate limit: 120 per 60 s per user.
         */
        get: operations["getWebhookMessage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhook-endpoints/{endpointId}/messages/{messageId}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send one message again now (same webhook-id and body, a fresh retry schedule)
         * @description Cloud Function `webhookEndpointMessageResend`. Rate limit: 30 per 60 s per user.
         */
        post: operations["resendWebhookMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhook-endpoints/{endpointId}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send again everything since a time (at most 30 days): failed messages, or all (include: all) including events never queued
         * @description Cloud Function `webhookEndpointReplay`. Rate limit: 5 per 60 s per user.
         */
        post: operations["replayWebhookMessages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhook-endpoints/{endpointId}/secret/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A new signing secret (shown once); the previous one keeps signing beside it for overlapHours (default 24)
         * @description Cloud Function `webhookEndpointSecretRotation`. Rate limit: 10 per 60 s per user.
         */
        post: operations["rotateWebhookEndpointSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhook-endpoints/{endpointId}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Queue a webhook.test message to the endpoint (the test button)
         * @description Cloud Function `webhookEndpointTest`. Rate limit: 10 per 60 s per user.
         */
        post: operations["sendWebhookTestMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhook-event-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The event types endpoints can subscribe to, the payload size cap and the retry schedule
         * @description Cloud Function `webhookEventTypes`. Rate limit: 60 per 60 s per user.
         */
        get: operations["listWebhookEventTypes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/paddle": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Paddle events (Paddle-Signature): transactions, subscriptions, adjustments (refunds, chargebacks)
         * @description Cloud Function `paddleWebhook`. Rate limit: 6000 per 60 s per IP.
         */
        post: operations["receivePaddleWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/razorpay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Razorpay events (X-Razorpay-Signature): payments, orders, subscriptions, refunds, disputes
         * @description Cloud Function `razorpayWebhook`. Rate limit: 6000 per 60 s per IP.
         */
        post: operations["receiveRazorpayWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/stripe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stripe events (Stripe-Signature, platform or Connect endpoint secret): checkouts, invoices, subscriptions, refunds, disputes, transfer reversals, connected accounts
         * @description Cloud Function `stripeWebhook`. Rate limit: 6000 per 60 s per IP.
         */
        post: operations["receiveStripeWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AdminCreditsInput: {
            amount: number;
            /** Format: date-time */
            expiresAt?: string;
            idempotencyKey?: string;
            reason: string;
            /** @enum {string} */
            type: "grant" | "adjust";
        };
        AdminCreditsResponse: {
            credits: number;
            duplicate: boolean;
            entry: components["schemas"]["LedgerEntryView"];
            reserved: number;
            uid: string;
        };
        AdminPaymentList: {
            nextCursor: string | null;
            payments: components["schemas"]["AdminPaymentView"][];
        };
        AdminPaymentView: {
            amount: number;
            /** @enum {string|null} */
            attributedBy: "checkout" | "subscription" | "metadata" | "admin" | null;
            claimed: {
                sku: string | null;
                uid: string | null;
            } | null;
            /** Format: date-time */
            createdAt: string;
            credits: number;
            currency: string;
            holdReason: string | null;
            id: string;
            payerIsBeneficiary: boolean;
            /** @enum {string} */
            provider: "stripe" | "razorpay" | "paddle";
            providerPaymentId: string;
            refundedAmount: number;
            resolution: {
                /** @enum {string} */
                action: "grant" | "dismiss";
                actor: string;
                /** Format: date-time */
                at: string;
                reason: string;
                sku: string | null;
                uid: string | null;
            } | null;
            review: {
                /** Format: date-time */
                at: string;
                /** Format: date-time */
                closedAt: string | null;
                closedBy: string | null;
                note: string | null;
                reason: string;
            } | null;
            sku: string | null;
            /** @enum {string} */
            state: "granted" | "held" | "dismissed";
            /** @enum {string} */
            status: "paid" | "partially_refunded" | "refunded" | "disputed";
            subscriptionId: string | null;
            uid: string | null;
        };
        AdminUserView: {
            auth: components["schemas"]["AuthAccount"] | null;
            profile: components["schemas"]["UserProfile"] | null;
            uid: string;
        };
        AnalyticsFinding: {
            detail: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            firstSeenAt: string;
            id: string;
            key: string;
            /** @enum {string} */
            kind: "cost_drift" | "usage_record_missing" | "event_missing" | "malformed_fact" | "late_fact_beyond_retention";
            /** Format: date-time */
            lastSeenAt: string;
            /** Format: date-time */
            resolvedAt: string | null;
            runId: string;
        };
        AnalyticsFindingList: {
            findings: components["schemas"]["AnalyticsFinding"][];
            nextCursor: string | null;
        };
        AnalyticsSeries: {
            /** Format: date-time */
            asOf: string | null;
            /** Format: date-time */
            finalBefore: string | null;
            /** Format: date-time */
            from: string;
            /** @enum {string} */
            granularity: "hour" | "day" | "week" | "month";
            groupsOmitted: number;
            metrics: string[];
            rows: {
                /** Format: date-time */
                end: string;
                final: boolean;
                group: {
                    [key: string]: string | number | null;
                } | null;
                label: string;
                /** Format: date-time */
                start: string;
                values: {
                    [key: string]: number | null;
                };
            }[];
            /** @enum {string} */
            scope: "user" | "team" | "platform" | "seller" | "partner";
            timeZone: string;
            /** Format: date-time */
            to: string;
        };
        AnalyzeInput: {
            /** @default auto:cheapest */
            model: string;
            prompt: string;
        };
        AnalyzeResponse: {
            call: components["schemas"]["PaidCall"];
            estimatedCostPerRun: {
                credits: number;
                inputTokens: number;
                model: string;
                outputTokens: number;
            };
            scores: {
                clarity: number;
                safety: number;
                specificity: number;
                structure: number;
            };
            suggestions: string[];
        };
        ApiKeyList: {
            keys: components["schemas"]["ApiKeyView"][];
            nextCursor: string | null;
        };
        ApiKeyView: {
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string | null;
            id: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            name: string;
            prefix: string;
            /** Format: date-time */
            rotatedAt: string | null;
            scopes: ("prompts:read" | "prompts:write" | "ai:run" | "vault:read" | "vault:write" | "analytics:read")[];
        };
        ApiKeyWithSecret: {
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string | null;
            id: string;
            key: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            name: string;
            prefix: string;
            /** Format: date-time */
            rotatedAt: string | null;
            scopes: ("prompts:read" | "prompts:write" | "ai:run" | "vault:read" | "vault:write" | "analytics:read")[];
        };
        ArchiveInput: {
            archived: boolean;
        };
        AuthAccount: {
            createdAt: string | null;
            disabled: boolean;
            email: string | null;
            emailVerified: boolean;
            lastSignInAt: string | null;
            roles: ("admin" | "support" | "moderator")[];
            uid: string;
        };
        AvailabilityInput: {
            listed: boolean;
        };
        BalanceResponse: {
            credits: number;
            expiringSoon: {
                credits: number;
                /** Format: date-time */
                expiresAt: string;
                source: string;
            }[];
            reserved: number;
            restricted: boolean;
        };
        BundlePage: {
            bundles: components["schemas"]["BundleView"][];
            nextCursor: string | null;
        };
        BundleView: {
            available: boolean;
            /** Format: date-time */
            createdAt: string;
            description: string;
            id: string;
            items: {
                listingId: string;
                price: number;
                share: number;
                title: string;
            }[];
            listPrice: number;
            price: number;
            sellerUid: string;
            /** @enum {string} */
            state: "listed" | "delisted";
            title: string;
        };
        BuyListingInput: {
            expectedPrice?: number;
        };
        CallMessage: {
            content: string;
            /** @enum {string} */
            role: "user" | "assistant";
        };
        CancelSubscriptionResponse: {
            subscription: components["schemas"]["SubscriptionView"];
        };
        ChatMessage: {
            content: string;
            /** @enum {string} */
            role: "system" | "user" | "assistant";
        };
        CheckoutInput: {
            idempotencyKey?: string;
            /** @enum {string} */
            provider: "stripe" | "razorpay" | "paddle";
            /** @enum {string} */
            sku: "credits_1000" | "credits_5000" | "credits_20000" | "tier_pro_monthly" | "tier_team_monthly";
        };
        CheckoutResponse: {
            id: string;
            /** @enum {string} */
            kind: "redirect";
            /** @enum {string} */
            provider: "stripe";
            url: string;
        } | {
            amount: number;
            /** @enum {string} */
            currency: "INR";
            keyId: string;
            /** @enum {string} */
            kind: "razorpay_order";
            orderId: string;
            /** @enum {string} */
            provider: "razorpay";
        } | {
            keyId: string;
            /** @enum {string} */
            kind: "razorpay_subscription";
            /** @enum {string} */
            provider: "razorpay";
            shortUrl?: string;
            subscriptionId: string;
        } | {
            /** @enum {string} */
            kind: "paddle_transaction";
            /** @enum {string} */
            provider: "paddle";
            transactionId: string;
            url?: string;
        };
        CompareInput: {
            /** @default 1024 */
            maxOutputTokens: number;
            messages?: components["schemas"]["CallMessage"][];
            models: string[];
            prompt?: components["schemas"]["PromptRef"];
            responseFormat?: components["schemas"]["ResponseFormat"];
            stop?: string[];
            system?: string;
            temperature?: number;
        };
        CompareResponse: {
            results: {
                error?: {
                    code: string;
                    message: string;
                };
                ok: boolean;
                requested: string;
                result?: components["schemas"]["GenerateResponse"];
            }[];
        };
        CreateApiKeyInput: {
            /** Format: date-time */
            expiresAt?: string;
            name: string;
            scopes: ("prompts:read" | "prompts:write" | "ai:run" | "vault:read" | "vault:write" | "analytics:read")[];
        };
        CreateBundleInput: {
            description: string;
            listingIds: string[];
            price: number;
            title: string;
        };
        CreateIdeaInput: {
            prompt: string;
            /** @default [] */
            tags: string[];
            title: string;
            topic?: string;
        };
        CreateListingInput: {
            category: components["schemas"]["ListingCategory"];
            description: string;
            /** @default [] */
            models: string[];
            price: number;
            promptId: string;
            /** @default [] */
            samples: components["schemas"]["ListingSample"][];
            /** @default [] */
            tags: string[];
            title: string;
            version?: number;
        };
        CreateProjectInput: {
            name: string;
            teamId?: string;
        };
        CreatePromptInput: {
            commitMessage?: string;
            /** @default  */
            description: string;
            projectId?: string;
            /** @default {} */
            settings: {
                maxTokens?: number;
                model?: string;
                temperature?: number;
            };
            /** @default [] */
            tags: string[];
            template: components["schemas"]["Template"];
            title: string;
            type: components["schemas"]["PromptType"];
            /** @default [] */
            variables: components["schemas"]["VariableSpec"][];
        };
        CreateTeamInput: {
            name: string;
        };
        CreateVaultItemInput: {
            kind: components["schemas"]["VaultKind"];
            plaintext: string;
            title: string;
        };
        CreateWebhookEndpointInput: {
            description?: string;
            enabled?: boolean;
            eventTypes: components["schemas"]["WebhookEventType"][];
            teamId?: string;
            url: string;
        };
        CreditPack: {
            credits: number;
            name: string;
            prices: {
                /** @enum {string} */
                currency: "USD" | "EUR" | "INR";
                unitAmount: number;
            }[];
            sku: string;
        };
        DeletedResponse: {
            /** @enum {boolean} */
            deleted: true;
            id: string;
        };
        DeleteIdeaResponse: {
            /** @enum {boolean} */
            deleted: true;
            id: string;
        };
        DeleteMeResponse: {
            /** @enum {boolean} */
            deleted: true;
            retained: {
                collection: string;
                reason: string;
            }[];
            uid: string;
        };
        DeleteVaultItemResponse: {
            /** @enum {boolean} */
            deleted: true;
            id: string;
        };
        DiffLine: {
            /** @enum {string} */
            op: "=" | "+" | "-";
            text: string;
        };
        DiffResponse: {
            commitMessages: {
                from: string | null;
                to: string | null;
            };
            from: number;
            settings: {
                field: string;
                from?: unknown;
                to?: unknown;
            }[];
            template: components["schemas"]["DiffLine"][];
            to: number;
            variables: {
                added: string[];
                changed: string[];
                removed: string[];
            };
        };
        EarningsSummary: {
            available: number;
            commissions: {
                available: number;
                pending: number;
            };
            inPayout: number;
            paid: number;
            pending: number;
            revenueByDay: {
                credits: number;
                day: string;
                sales: number;
            }[];
            sales: {
                available: number;
                pending: number;
            };
            topListings: {
                credits: number;
                listingId: string;
                sales: number;
            }[];
        };
        EnhanceInput: {
            /** @default auto:cheapest */
            model: string;
            prompt: string;
        };
        EnhanceResponse: {
            call: components["schemas"]["PaidCall"];
            changes: string[];
            prompt: string;
        };
        ErrorResponse: {
            error: {
                code: string;
                details?: unknown;
                message: string;
                requestId: string;
            };
        };
        ExportMeResponse: {
            collections: {
                [key: string]: {
                    [key: string]: unknown;
                }[];
            };
            /** Format: date-time */
            exportedAt: string;
            notes: string[];
            uid: string;
        };
        ForkedLicence: {
            promptId: string;
            version: number;
        };
        ForkInput: {
            projectId?: string;
            title?: string;
            version?: number;
        };
        ForkLicenceInput: {
            title?: string;
        };
        GenerateIdeasInput: {
            /** @default 5 */
            count: number;
            /** @default auto:cheapest */
            model: string;
            topic: string;
        };
        GenerateIdeasResponse: {
            call: components["schemas"]["PaidCall"];
            ideas: {
                prompt: string;
                tags: string[];
                title: string;
            }[];
            topic: string;
        };
        GenerateInput: {
            /** @default 1024 */
            maxOutputTokens: number;
            messages?: components["schemas"]["CallMessage"][];
            /** @default auto:cheapest */
            model: string;
            prompt?: components["schemas"]["PromptRef"];
            responseFormat?: components["schemas"]["ResponseFormat"];
            stop?: string[];
            /** @default false */
            stream: boolean;
            system?: string;
            temperature?: number;
        };
        GenerateResponse: {
            cost: {
                credits: number;
            };
            finishReason: string;
            latencyMs: number;
            model: string;
            path: {
                error?: string;
                latencyMs: number;
                model: string;
                outcome: string;
                provider: string;
            }[];
            provider: string;
            text: string;
            usage: components["schemas"]["UsageView"];
        };
        HealthResponse: {
            environment: string;
            service: string;
            /** @enum {string} */
            status: "ok";
            /** Format: date-time */
            time: string;
            version: string;
        };
        IdeaList: {
            ideas: components["schemas"]["IdeaView"][];
            nextCursor: string | null;
        };
        IdeaView: {
            /** Format: date-time */
            createdAt: string;
            id: string;
            prompt: string;
            tags: string[];
            title: string;
            topic: string | null;
            /** Format: date-time */
            updatedAt: string;
        };
        ImportedPromptReport: {
            /** @enum {string} */
            action: "create" | "update" | "unchanged" | "refused" | "conflict";
            index: number;
            labels: {
                /** @enum {string} */
                action: "move" | "unchanged" | "skipped" | "not_requested";
                from: number | null;
                label: string;
                message?: string;
                sourceVersion: number;
                to: number | null;
            }[];
            latestRepaired: number | null;
            promptId: string | null;
            reason: {
                code: string;
                message: string;
            } | null;
            sourceId: string;
            title: string;
            versions: {
                /** @enum {string} */
                action: "create" | "unchanged" | "conflict";
                message?: string;
                sourceVersion: number;
                version: number | null;
            }[];
            warnings: string[];
        };
        ImportReport: {
            destination: {
                owner: components["schemas"]["Owner"];
                projectId: string | null;
            };
            dryRun: boolean;
            /** @enum {string} */
            labels: "keep" | "apply";
            projects: {
                /** @enum {string} */
                action: "create" | "existing" | "flattened";
                name: string;
                projectId: string | null;
                sourceId: string;
            }[];
            prompts: components["schemas"]["ImportedPromptReport"][];
            summary: {
                labels: {
                    move: number;
                    skipped: number;
                    unchanged: number;
                };
                projects: {
                    create: number;
                    existing: number;
                };
                prompts: {
                    conflict: number;
                    create: number;
                    refused: number;
                    unchanged: number;
                    update: number;
                };
                versions: {
                    conflict: number;
                    create: number;
                    unchanged: number;
                };
            };
        };
        InvitationList: {
            invitations: components["schemas"]["InvitationSummary"][];
            nextCursor: string | null;
        };
        InvitationResponseInput: {
            /** @enum {string} */
            decision: "accept" | "decline";
            token: string;
        };
        InvitationResult: {
            /** @enum {string} */
            decision: "accept" | "decline";
            role: components["schemas"]["MemberRole"];
            teamId: string;
        };
        /** @enum {string} */
        InvitationState: "pending" | "expired" | "accepted" | "declined" | "revoked";
        InvitationSummary: {
            /** Format: date-time */
            createdAt: string;
            email: string;
            /** Format: date-time */
            expiresAt: string;
            id: string;
            invitedBy: string;
            /** Format: date-time */
            respondedAt: string | null;
            /** Format: date-time */
            revokedAt: string | null;
            role: components["schemas"]["MemberRole"];
            state: components["schemas"]["InvitationState"];
            teamId: string;
        };
        InvitationView: {
            email: string;
            /** Format: date-time */
            expiresAt: string;
            id: string;
            role: components["schemas"]["MemberRole"];
            teamId: string;
            token: string;
        };
        InviteInput: {
            /** Format: email */
            email: string;
            role: components["schemas"]["MemberRole"];
        };
        LabelMove: {
            /** Format: date-time */
            at: string;
            fromVersion: number | null;
            label: string;
            movedBy: string;
            reason: string | null;
            toVersion: number;
        };
        LabelsResponse: {
            history: components["schemas"]["LabelMove"][];
            labels: {
                [key: string]: number;
            };
        };
        LedgerEntryView: {
            balanceAfter: number | null;
            cause: {
                id: string;
                kind: string;
            };
            /** Format: date-time */
            createdAt: string;
            credits: number;
            /** Format: date-time */
            expiresAt?: string;
            id: string;
            reason: string;
            reserved: number;
            /** @enum {string} */
            type: "grant" | "purchase" | "reserve" | "settle" | "release" | "refund" | "chargeback" | "expire" | "adjust" | "transfer" | "shortfall";
        };
        LedgerResponse: {
            entries: components["schemas"]["LedgerEntryView"][];
            nextCursor: string | null;
        };
        LicensedContent: {
            availableVersions: number[];
            licenceId: string;
            listingId: string;
            pinnedVersion: number | null;
            settings: {
                maxTokens?: number;
                model?: string;
                temperature?: number;
            };
            template: components["schemas"]["Template"];
            type: components["schemas"]["PromptType"];
            variables: components["schemas"]["VariableSpec"][];
            version: number;
        };
        LicensedFrom: {
            licenceId: string | null;
            listingId: string | null;
        };
        /** @enum {string} */
        ListingCategory: "writing" | "marketing" | "coding" | "data" | "education" | "business" | "creative" | "productivity" | "research" | "other";
        ListingPage: {
            listings: components["schemas"]["ListingPreview"][];
            nextCursor: string | null;
        };
        ListingPreview: {
            category: components["schemas"]["ListingCategory"];
            description: string;
            id: string;
            /** Format: date-time */
            listedAt: string | null;
            models: string[];
            price: number;
            rating: {
                average: number;
                count: number;
            };
            sales: number;
            salesLast7Days: number;
            samples: components["schemas"]["ListingSample"][];
            sellerUid: string;
            stats: {
                avgCredits: number;
                avgLatencyMs: number;
                models: string[];
                runs: number;
            } | null;
            tags: string[];
            title: string;
            type: components["schemas"]["PromptType"];
            variables: components["schemas"]["VariableSpec"][];
            version: number | null;
        };
        ListingSample: {
            inputs: {
                [key: string]: string | number | boolean | null;
            };
            output: string;
        };
        MemberChange: {
            role: components["schemas"]["TeamRole"] | null;
            teamId: string;
            uid: string;
        };
        /** @enum {string} */
        MemberRole: "admin" | "editor" | "viewer";
        ModelHealth: {
            /** @enum {string} */
            breaker: "closed" | "open" | "half_open";
            consecutiveFailures: number;
            enabled: boolean;
            latencyMs: {
                ewma: number | null;
                p50: number | null;
                p95: number | null;
                samples: number;
            };
            model: string;
            openedAt: string | null;
            /** @enum {string} */
            provider: "openai" | "anthropic" | "google" | "groq" | "local" | "demo";
            recent: {
                calls: number;
                errorRate: number;
                failures: number;
                windowSeconds: number;
            };
            retryAt: string | null;
        };
        ModelsResponse: {
            models: {
                capabilities: {
                    json: boolean;
                    jsonSchema: boolean;
                    streaming: boolean;
                    tools: boolean;
                    vision: boolean;
                };
                contextWindow: number;
                id: string;
                maxOutputTokens: number;
                price: {
                    creditsPerMillionInputTokens: number;
                    creditsPerMillionOutputTokens: number;
                };
                provider: string;
            }[];
            tier: string;
        };
        ModerationDecisionInput: {
            /** @enum {string} */
            decision: "approve" | "reject";
            note?: string;
            reasonCode?: components["schemas"]["ReasonCode"];
        };
        ModerationItem: {
            category: components["schemas"]["ListingCategory"];
            description: string;
            listingId: string;
            price: number;
            revision: boolean;
            sellerUid: string;
            /** Format: date-time */
            submittedAt: string | null;
            title: string;
            version: number;
        };
        ModerationPage: {
            items: components["schemas"]["ModerationItem"][];
            nextCursor: string | null;
        };
        MoveLabelInput: {
            label: string;
            reason?: string;
            version: number;
        };
        MyReview: {
            created: boolean;
            /** Format: date-time */
            createdAt: string;
            edited: boolean;
            id: string;
            listingId: string;
            stars: number;
            text: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /** @enum {string} */
        NotificationCategory: "billing" | "credits" | "teams" | "marketplace" | "payouts" | "developer";
        NotificationList: {
            nextCursor: string | null;
            notifications: components["schemas"]["NotificationView"][];
            unread: number;
        };
        NotificationPreferences: {
            channels: {
                billing: {
                    email: boolean;
                    in_app: boolean;
                    push: boolean;
                };
                credits: {
                    email: boolean;
                    in_app: boolean;
                    push: boolean;
                };
                developer: {
                    email: boolean;
                    in_app: boolean;
                    push: boolean;
                };
                marketplace: {
                    email: boolean;
                    in_app: boolean;
                    push: boolean;
                };
                payouts: {
                    email: boolean;
                    in_app: boolean;
                    push: boolean;
                };
                teams: {
                    email: boolean;
                    in_app: boolean;
                    push: boolean;
                };
            };
            lowBalanceThreshold: number | null;
        };
        NotificationsReadAllResult: {
            unread: number;
            updated: number;
        };
        NotificationStreamEvent: {
            /** Format: date-time */
            archivedAt: string | null;
            body: string;
            category: components["schemas"]["NotificationCategory"];
            /** Format: date-time */
            createdAt: string;
            data: {
                [key: string]: string | number | boolean | null;
            };
            id: string;
            /** Format: date-time */
            occurredAt: string;
            /** Format: date-time */
            readAt: string | null;
            title: string;
            type: string;
            unread: number;
        };
        NotificationUnreadCount: {
            unread: number;
        };
        NotificationView: {
            /** Format: date-time */
            archivedAt: string | null;
            body: string;
            category: components["schemas"]["NotificationCategory"];
            /** Format: date-time */
            createdAt: string;
            data: {
                [key: string]: string | number | boolean | null;
            };
            id: string;
            /** Format: date-time */
            occurredAt: string;
            /** Format: date-time */
            readAt: string | null;
            title: string;
            type: string;
        };
        Owner: {
            /** @enum {string} */
            kind: "user";
            uid: string;
        } | {
            /** @enum {string} */
            kind: "team";
            teamId: string;
        };
        PackageVersion: {
            commitMessage?: string | null;
            contentHash?: string;
            /** Format: date-time */
            createdAt?: string;
            prompt: string;
            version: number;
        };
        PaidCall: {
            attempts: number;
            cost: {
                credits: number;
            };
            model: string;
            usage: components["schemas"]["UsageView"];
        };
        PartnerDashboard: {
            balance: {
                available: number;
                inPayout: number;
                paid: number;
                pending: number;
            };
            byMonth: {
                commission: number;
                conversions: number;
                inPayout: number;
                month: string;
                paid: number;
                pending: number;
                signups: number;
            }[];
            clicks: number;
            commission: {
                available: number;
                pending: number;
            };
            conversions: number;
            signups: number;
        };
        PartnerTerms: {
            commissionBps: number;
            uid: string;
        };
        PartnerTermsInput: {
            /** @description 0–5000, or null */
            commissionBps: number | null;
        };
        PartnerView: {
            attributionWindowDays: number;
            code: string;
            commissionBps: number;
            commissionMonths: number;
            /** Format: date-time */
            createdAt: string;
            link: string;
        };
        PayoutAccountLink: {
            account: components["schemas"]["PayoutAccountStatus"];
            /** Format: date-time */
            expiresAt: string;
            url: string;
        };
        PayoutAccountStatus: {
            accountId: string | null;
            chargesEnabled: boolean;
            connected: boolean;
            currentlyDue: string[];
            detailsSubmitted: boolean;
            disabledReason: string | null;
            payoutsEnabled: boolean;
            readyForPayouts: boolean;
            /** Format: date-time */
            statusAt: string | null;
            /** @enum {string|null} */
            transfers: "active" | "pending" | "inactive" | null;
        };
        PinInput: {
            version: number | null;
        };
        PortalInput: {
            /** Format: uri */
            returnUrl?: string;
        };
        PortalResponse: {
            url: string;
        };
        Preferences: {
            defaultModel: string | null;
            emailNotifications: boolean;
            marketingEmails: boolean;
            theme: components["schemas"]["Theme"];
        };
        ProjectList: {
            nextCursor: string | null;
            projects: components["schemas"]["ProjectView"][];
        };
        ProjectView: {
            /** Format: date-time */
            createdAt: string;
            id: string;
            name: string;
            owner: components["schemas"]["Owner"];
        };
        PromptList: {
            nextCursor: string | null;
            prompts: components["schemas"]["PromptView"][];
        };
        PromptPackage: {
            /** Format: date-time */
            exportedAt?: string;
            /** @enum {string} */
            format: "promptforge.prompt-package";
            /** @enum {number} */
            formatVersion: 1;
            /** @default [] */
            projects: {
                name: string;
                sourceId: string;
            }[];
            prompts: {
                /** @default false */
                archived: boolean;
                /** @default  */
                description: string;
                /** @default {} */
                labels: {
                    [key: string]: number;
                };
                licensedFrom?: components["schemas"]["LicensedFrom"] | null;
                /** @default null */
                projectSourceId: string | null;
                sourceId: string;
                /** @default [] */
                tags: string[];
                title: string;
                type: components["schemas"]["PromptType"];
                versions: components["schemas"]["PackageVersion"][];
            }[];
            source?: {
                id: string | null;
                /** @enum {string} */
                scope: "prompt" | "project" | "team" | "account";
            };
        };
        PromptRef: {
            label?: string;
            promptId: string;
            /** @default {} */
            variables: {
                [key: string]: unknown;
            };
            version?: number;
        };
        /** @enum {string} */
        PromptType: "text" | "chat";
        PromptView: {
            archived: boolean;
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            description: string;
            forkedFrom: {
                promptId: string;
                version: number;
            } | null;
            id: string;
            labels: {
                [key: string]: number;
            };
            licensedFrom: {
                licenceId: string;
                listingId: string;
            } | null;
            owner: components["schemas"]["Owner"];
            projectId: string | null;
            tags: string[];
            title: string;
            type: components["schemas"]["PromptType"];
            /** Format: date-time */
            updatedAt: string;
            /** @enum {string} */
            yourRole: "owner" | "admin" | "editor" | "viewer";
        };
        PromptWithVersion: {
            archived: boolean;
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            description: string;
            forkedFrom: {
                promptId: string;
                version: number;
            } | null;
            id: string;
            labels: {
                [key: string]: number;
            };
            licensedFrom: {
                licenceId: string;
                listingId: string;
            } | null;
            owner: components["schemas"]["Owner"];
            projectId: string | null;
            tags: string[];
            title: string;
            type: components["schemas"]["PromptType"];
            /** Format: date-time */
            updatedAt: string;
            version: components["schemas"]["VersionView"];
            /** @enum {string} */
            yourRole: "owner" | "admin" | "editor" | "viewer";
        };
        ProvidersHealthResponse: {
            generatedAt: string;
            instances: number;
            providers: {
                models: components["schemas"]["ModelHealth"][];
                /** @enum {string} */
                provider: "openai" | "anthropic" | "google" | "groq" | "local" | "demo";
            }[];
            /** @enum {string} */
            scope: "instance" | "all_instances";
        };
        PurchasePage: {
            nextCursor: string | null;
            purchases: components["schemas"]["PurchaseView"][];
        };
        PurchaseResult: {
            alreadyOwned: boolean;
            purchase: components["schemas"]["PurchaseView"];
        };
        PurchaseView: {
            /** Format: date-time */
            completedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            id: string;
            items: {
                listingId: string;
                price: number;
                refunded: boolean;
                title: string;
                version: number;
            }[];
            price: number;
            /** Format: date-time */
            refundableUntil: string;
            refunds: {
                /** Format: date-time */
                at: string;
                /** @enum {string} */
                by: "buyer" | "admin";
                credits: number;
                id: string;
                listingIds: string[];
            }[];
            /** @enum {string} */
            state: "pending" | "paid" | "completed" | "failed";
        };
        PushDeviceList: {
            devices: components["schemas"]["PushDeviceView"][];
            limit: number;
        };
        PushDeviceRemoved: {
            id: string;
            /** @enum {boolean} */
            removed: true;
        };
        PushDeviceView: {
            /** Format: date-time */
            addedAt: string;
            id: string;
            /** Format: date-time */
            lastSeenAt: string;
            /** @enum {string} */
            platform: "android" | "ios" | "web";
        };
        ReadyChecks: {
            config: {
                error?: string;
                latencyMs?: number;
                ok: boolean;
            };
            indexes: {
                error?: string;
                latencyMs?: number;
                missing?: string[];
                ok: boolean;
            };
            mongo: {
                error?: string;
                latencyMs?: number;
                ok: boolean;
            };
        };
        ReadyResponse: {
            checks: components["schemas"]["ReadyChecks"];
            /** @enum {string} */
            status: "ready";
        };
        /** @enum {string} */
        ReasonCode: "too_short" | "low_quality" | "not_llm_instruction" | "infringing" | "misleading" | "other";
        ReferralClick: {
            clickId: string;
            /** Format: date-time */
            expiresAt: string;
        };
        ReferralClickInput: {
            code: string;
        };
        RefundInput: {
            listingIds?: string[];
            reason: string;
        };
        RefundResult: {
            purchase: components["schemas"]["PurchaseView"];
            refund: {
                credits: number;
                id: string;
                listingIds: string[];
            };
        };
        RegisterPushDeviceInput: {
            /** @enum {string} */
            platform: "android" | "ios" | "web";
            token: string;
        };
        RenderInput: {
            label?: string;
            /** @default {} */
            variables: {
                [key: string]: unknown;
            };
            version?: number;
        };
        RenderResponse: {
            messages?: {
                content: string;
                /** @enum {string} */
                role: "system" | "user" | "assistant";
            }[];
            settings: components["schemas"]["VersionSettings"];
            text?: string;
            type: components["schemas"]["PromptType"];
            variables: {
                [key: string]: unknown;
            };
            version: number;
        };
        ReportedReview: {
            buyerUid: string;
            /** Format: date-time */
            createdAt: string;
            edited: boolean;
            id: string;
            listingId: string;
            reports: {
                /** Format: date-time */
                at: string;
                reason: string;
            }[];
            sellerUid: string;
            stars: number;
            text: string;
            /** Format: date-time */
            updatedAt: string;
        };
        ReportedReviewPage: {
            nextCursor: string | null;
            reviews: components["schemas"]["ReportedReview"][];
        };
        ReportResult: {
            reported: boolean;
        };
        ReportReviewInput: {
            note?: string;
            reason: components["schemas"]["ReviewReportReason"];
        };
        ResolvePaymentInput: {
            /** @enum {string} */
            action: "grant" | "dismiss";
            reason: string;
            /** @enum {string} */
            sku?: "credits_1000" | "credits_5000" | "credits_20000" | "tier_pro_monthly" | "tier_team_monthly";
            uid?: string;
        };
        ResolvePaymentResponse: {
            duplicate: boolean;
            payment: components["schemas"]["AdminPaymentView"];
        };
        ResponseFormat: {
            /** @enum {string} */
            type: "text";
        } | {
            /** @enum {string} */
            type: "json";
        } | {
            name: string;
            schema: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            type: "json_schema";
        };
        RevealedVaultItem: {
            /** Format: date-time */
            createdAt: string;
            id: string;
            kind: components["schemas"]["VaultKind"];
            plaintext: string;
            size: number;
            title: string;
            /** Format: date-time */
            updatedAt: string;
        };
        ReviewDecision: {
            id: string;
            listingId: string;
            /** @enum {string|null} */
            reportState: "open" | "kept" | null;
            /** @enum {string} */
            state: "visible" | "removed";
        };
        ReviewDecisionInput: {
            /** @enum {string} */
            decision: "keep" | "remove";
            note?: string;
        };
        ReviewInput: {
            stars: number;
            text: string;
        };
        ReviewPage: {
            nextCursor: string | null;
            rating: {
                average: number;
                count: number;
            };
            reviews: components["schemas"]["ReviewView"][];
        };
        /** @enum {string} */
        ReviewReportReason: "spam" | "offensive" | "off_topic" | "not_a_buyer_experience" | "other";
        ReviewView: {
            /** Format: date-time */
            createdAt: string;
            edited: boolean;
            id: string;
            listingId: string;
            stars: number;
            text: string;
            /** Format: date-time */
            updatedAt: string;
        };
        RevokeApiKeyResponse: {
            id: string;
            /** @enum {boolean} */
            revoked: true;
        };
        RotateWebhookSecretInput: {
            overlapHours?: number;
        };
        SearchResponse: {
            nextCursor: string | null;
            results: components["schemas"]["SearchResult"][];
        };
        SearchResult: {
            description: string;
            id: string;
            owner: components["schemas"]["Owner"];
            score: number;
            tags: string[];
            title: string;
            type: components["schemas"]["PromptType"];
            /** Format: date-time */
            updatedAt: string;
        };
        SellerListing: {
            category: components["schemas"]["ListingCategory"];
            /** Format: date-time */
            createdAt: string;
            description: string;
            draftVersion: number | null;
            id: string;
            lastReview: {
                /** @enum {string} */
                decision: "approved" | "rejected";
                note: string | null;
                reasonCode: components["schemas"]["ReasonCode"] | null;
                version: number;
            } | null;
            /** Format: date-time */
            listedAt: string | null;
            liveVersion: number | null;
            models: string[];
            pendingVersion: number | null;
            price: number;
            rating: {
                average: number;
                count: number;
            };
            sales: number;
            salesLast7Days: number;
            samples: components["schemas"]["ListingSample"][];
            sellerUid: string;
            /** @enum {string} */
            state: "draft" | "pending" | "rejected" | "listed" | "delisted" | "taken_down";
            stats: {
                avgCredits: number;
                avgLatencyMs: number;
                models: string[];
                runs: number;
            } | null;
            tags: string[];
            takedown: {
                /** Format: date-time */
                at: string;
                note: string | null;
                reasonCode: components["schemas"]["ReasonCode"];
            } | null;
            title: string;
            type: components["schemas"]["PromptType"];
            /** Format: date-time */
            updatedAt: string;
            variables: components["schemas"]["VariableSpec"][];
            version: number | null;
        };
        SellerListingPage: {
            listings: components["schemas"]["SellerListing"][];
            nextCursor: string | null;
        };
        SetRolesInput: {
            reason: string;
            roles: ("admin" | "support" | "moderator")[];
        };
        SetRolesResponse: {
            roles: ("admin" | "support" | "moderator")[];
            sessionsRevoked: boolean;
            uid: string;
        };
        StreamDeltaEvent: {
            text: string;
        };
        StreamDoneEvent: {
            cost: {
                credits: number;
            };
            latencyMs: number;
            model: string;
            provider: string;
            usage: {
                inputTokens: number;
                outputTokens: number;
            };
        };
        StreamErrorEvent: {
            code: string;
            cost: {
                credits: number;
            };
            message: string;
        };
        StreamStartEvent: {
            model: string;
            provider: string;
            requestId: string;
        };
        SubscriptionResponse: {
            subscription: components["schemas"]["SubscriptionView"] | null;
            /** @enum {string} */
            tier: "free" | "pro" | "team" | "enterprise";
        };
        SubscriptionView: {
            cancelAtPeriodEnd: boolean;
            /** Format: date-time */
            currentPeriodEnd: string | null;
            /** @enum {string} */
            provider: "stripe" | "razorpay" | "paddle";
            sku: string | null;
            /** @enum {string} */
            status: "active" | "trialing" | "past_due" | "canceled" | "paused" | "incomplete";
            subscriptionId: string;
            /** @enum {string|null} */
            tier: "free" | "pro" | "team" | "enterprise" | null;
        };
        TakedownInput: {
            note: string;
            reasonCode: components["schemas"]["ReasonCode"];
        };
        TeamDetail: {
            /** Format: date-time */
            createdAt: string;
            id: string;
            members: components["schemas"]["TeamMemberView"][];
            name: string;
            ownerUid: string;
            yourRole: components["schemas"]["TeamRole"];
        };
        TeamList: {
            teams: components["schemas"]["TeamView"][];
        };
        TeamMemberView: {
            /** Format: date-time */
            joinedAt: string;
            role: components["schemas"]["TeamRole"];
            uid: string;
        };
        /** @enum {string} */
        TeamRole: "owner" | "admin" | "editor" | "viewer";
        TeamView: {
            /** Format: date-time */
            createdAt: string;
            id: string;
            name: string;
            ownerUid: string;
            yourRole: components["schemas"]["TeamRole"];
        };
        Template: string | components["schemas"]["ChatMessage"][];
        /** @enum {string} */
        Theme: "system" | "light" | "dark";
        Tier: {
            contactSales: boolean;
            description: string;
            /** @enum {string} */
            id: "free" | "pro" | "team" | "enterprise";
            limits: {
                maxOutputTokens: number;
                projects: number | null;
                requestsPerMinute: number;
                teamSeats: number | null;
                vaultItems: number | null;
            };
            monthlyCredits: number;
            monthlyPrices: {
                /** @enum {string} */
                currency: "USD" | "EUR" | "INR";
                unitAmount: number;
            }[];
            name: string;
        };
        TiersResponse: {
            creditPacks: components["schemas"]["CreditPack"][];
            currencies: ("USD" | "EUR" | "INR")[];
            tiers: components["schemas"]["Tier"][];
        };
        TransferInput: {
            uid: string;
        };
        TryListingInput: {
            /** @default 512 */
            maxOutputTokens: number;
            /** @default auto:cheapest */
            model: string;
            /** @default {} */
            variables: {
                [key: string]: string | number | boolean | null;
            };
        };
        TryListingResult: {
            cost: {
                credits: number;
            };
            latencyMs: number;
            model: string;
            redacted: boolean;
            runsLeftToday: number;
            text: string;
            usage: components["schemas"]["UsageView"];
        };
        UpdateIdeaInput: {
            prompt?: string;
            tags?: string[];
            title?: string;
        };
        UpdateListingInput: {
            category?: components["schemas"]["ListingCategory"];
            description?: string;
            models?: string[];
            price?: number;
            promptVersion?: number;
            samples?: components["schemas"]["ListingSample"][];
            tags?: string[];
            title?: string;
        };
        UpdateMeInput: {
            displayName?: string | null;
            locale?: string;
            preferences?: {
                defaultModel?: string | null;
                emailNotifications?: boolean;
                marketingEmails?: boolean;
                theme?: components["schemas"]["Theme"];
            };
            timezone?: string;
        };
        UpdateMemberInput: {
            role: components["schemas"]["MemberRole"];
        };
        UpdateNotificationPreferencesInput: {
            channels?: {
                billing?: {
                    email?: boolean;
                    in_app?: boolean;
                    push?: boolean;
                };
                credits?: {
                    email?: boolean;
                    in_app?: boolean;
                    push?: boolean;
                };
                developer?: {
                    email?: boolean;
                    in_app?: boolean;
                    push?: boolean;
                };
                marketplace?: {
                    email?: boolean;
                    in_app?: boolean;
                    push?: boolean;
                };
                payouts?: {
                    email?: boolean;
                    in_app?: boolean;
                    push?: boolean;
                };
                teams?: {
                    email?: boolean;
                    in_app?: boolean;
                    push?: boolean;
                };
            };
            lowBalanceThreshold?: number | null;
        };
        UpdatePromptInput: {
            description?: string;
            tags?: string[];
            title?: string;
        };
        UpdateVaultItemInput: {
            kind?: components["schemas"]["VaultKind"];
            plaintext?: string;
            title?: string;
        };
        UpdateWebhookEndpointInput: {
            description?: string;
            enabled?: boolean;
            eventTypes?: components["schemas"]["WebhookEventType"][];
            url?: string;
        };
        UsageView: {
            inputTokens: number;
            outputTokens: number;
        };
        UserProfile: {
            /** Format: date-time */
            createdAt: string;
            credits: number;
            displayName: string | null;
            email: string | null;
            locale: string;
            preferences: components["schemas"]["Preferences"];
            roles: ("admin" | "support" | "moderator")[];
            /** @enum {string} */
            tier: "free" | "pro" | "team" | "enterprise";
            timezone: string;
            uid: string;
            /** Format: date-time */
            updatedAt: string;
        };
        VariableSpec: {
            default?: string | number | boolean | null | unknown[] | {
                [key: string]: unknown;
            };
            description?: string;
            name: string;
            /** @default true */
            required: boolean;
            /** @enum {string} */
            type: "string" | "number" | "enum" | "json";
            values?: string[];
        };
        VaultItemList: {
            items: components["schemas"]["VaultItemView"][];
            nextCursor: string | null;
        };
        VaultItemView: {
            /** Format: date-time */
            createdAt: string;
            id: string;
            kind: components["schemas"]["VaultKind"];
            size: number;
            title: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /** @enum {string} */
        VaultKind: "api_key" | "secret_prompt" | "note";
        VersionInput: {
            commitMessage?: string;
            /** @default {} */
            settings: {
                maxTokens?: number;
                model?: string;
                temperature?: number;
            };
            template: components["schemas"]["Template"];
            /** @default [] */
            variables: components["schemas"]["VariableSpec"][];
        };
        VersionList: {
            nextCursor: string | null;
            versions: components["schemas"]["VersionView"][];
        };
        VersionSettings: {
            maxTokens?: number;
            model?: string;
            temperature?: number;
        };
        VersionView: {
            commitMessage: string | null;
            /** Format: date-time */
            createdAt: string;
            createdBy: string;
            settings: components["schemas"]["VersionSettings"];
            template: components["schemas"]["Template"];
            variables: {
                default?: unknown;
                description?: string;
                name: string;
                required: boolean;
                /** @enum {string} */
                type: "string" | "number" | "enum" | "json";
                values?: string[];
            }[];
            version: number;
        };
        WebhookAck: {
            /** @enum {boolean} */
            received: true;
        };
        WebhookAttemptView: {
            error: string | null;
            /** Format: date-time */
            finishedAt: string | null;
            latencyMs: number | null;
            n: number;
            responseBody: string | null;
            /** Format: date-time */
            startedAt: string;
            /** @enum {string} */
            state: "sending" | "succeeded" | "failed" | "interrupted";
            statusCode: number | null;
            /** @enum {string} */
            trigger: "scheduled" | "resend" | "replay";
            url: string;
        };
        WebhookEndpointCreated: {
            /** Format: date-time */
            createdAt: string;
            description: string;
            /** Format: date-time */
            disabledAt: string | null;
            /** @enum {string|null} */
            disabledReason: "manual" | "gone" | "failing" | null;
            enabled: boolean;
            eventTypes: string[];
            /** Format: date-time */
            failingSince: string | null;
            id: string;
            owner: components["schemas"]["Owner"];
            /** Format: date-time */
            previousSecretExpiresAt: string | null;
            secret: string;
            /** Format: date-time */
            updatedAt: string;
            url: string;
        };
        WebhookEndpointDeleted: {
            /** @enum {boolean} */
            deleted: true;
            id: string;
        };
        WebhookEndpointList: {
            endpoints: components["schemas"]["WebhookEndpointView"][];
            limit: number;
        };
        WebhookEndpointView: {
            /** Format: date-time */
            createdAt: string;
            description: string;
            /** Format: date-time */
            disabledAt: string | null;
            /** @enum {string|null} */
            disabledReason: "manual" | "gone" | "failing" | null;
            enabled: boolean;
            eventTypes: string[];
            /** Format: date-time */
            failingSince: string | null;
            id: string;
            owner: components["schemas"]["Owner"];
            /** Format: date-time */
            previousSecretExpiresAt: string | null;
            /** Format: date-time */
            updatedAt: string;
            url: string;
        };
        /** @enum {string} */
        WebhookEventType: "credits.purchased" | "credits.granted" | "credits.low_balance" | "payment.failed" | "payment.held" | "payment.refunded" | "payment.disputed" | "subscription.payment_succeeded" | "subscription.started" | "subscription.renewed" | "subscription.cancelled" | "team.invitation_created" | "marketplace.sale" | "marketplace.purchase" | "marketplace.review" | "marketplace.moderation" | "payout.sent" | "payout.failed";
        WebhookEventTypeList: {
            eventTypes: {
                category: string;
                description: string;
                type: string;
            }[];
            payloadLimitBytes: number;
            retryScheduleSeconds: number[];
        };
        WebhookMessageDetail: {
            attemptLog: components["schemas"]["WebhookAttemptView"][];
            attempts: number;
            /** Format: date-time */
            createdAt: string;
            id: string;
            /** Format: date-time */
            lastAttemptAt: string | null;
            lastError: string | null;
            lastStatusCode: number | null;
            /** Format: date-time */
            nextAttemptAt: string | null;
            payload: string;
            state: components["schemas"]["WebhookMessageState"];
            /** Format: date-time */
            succeededAt: string | null;
            /** @enum {string} */
            trigger: "scheduled" | "resend" | "replay";
            type: string;
        };
        WebhookMessageList: {
            messages: components["schemas"]["WebhookMessageView"][];
            nextCursor: string | null;
        };
        WebhookMessageQueued: {
            id: string;
            state: components["schemas"]["WebhookMessageState"];
        };
        /** @enum {string} */
        WebhookMessageState: "pending" | "sending" | "succeeded" | "failed";
        WebhookMessageView: {
            attempts: number;
            /** Format: date-time */
            createdAt: string;
            id: string;
            /** Format: date-time */
            lastAttemptAt: string | null;
            lastError: string | null;
            lastStatusCode: number | null;
            /** Format: date-time */
            nextAttemptAt: string | null;
            state: components["schemas"]["WebhookMessageState"];
            /** Format: date-time */
            succeededAt: string | null;
            /** @enum {string} */
            trigger: "scheduled" | "resend" | "replay";
            type: string;
        };
        WebhookReplayInput: {
            /** @enum {string} */
            include?: "failed" | "all";
            /** Format: date-time */
            since: string;
        };
        WebhookReplayResult: {
            created: number;
            requeued: number;
            truncated: boolean;
        };
        WebhookSecretRotated: {
            /** Format: date-time */
            previousSecretExpiresAt: string | null;
            secret: string;
        };
    };
    responses: {
        /** @description An upstream provider (e.g. payments) failed or refused the request */
        BadGateway: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Invalid input (details.fields names each failing field) */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Conflict */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Body over 10 MB */
        ContentTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The caller lacks a required role */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description An upstream provider (e.g. a model) did not answer in time */
        GatewayTimeout: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Unexpected error (reported) */
        InternalServerError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Method not allowed */
        MethodNotAllowed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Not found */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Not enough credits for this operation */
        PaymentRequired: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description A dependency is unavailable (see Retry-After) */
        ServiceUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Rate limited (see Retry-After) */
        TooManyRequests: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Missing, invalid, expired or revoked ID token */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Refused as it stands (a model's content policy, a vault item's integrity check) */
        UnprocessableContent: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description Body is not JSON */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    adminListAnalyticsFindings: {
        parameters: {
            query?: {
                cursor?: string;
                kind?: "cost_drift" | "usage_record_missing" | "event_missing" | "malformed_fact" | "late_fact_beyond_retention";
                limit?: number;
                state?: "open" | "resolved" | "all";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalyticsFindingList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    adminListPayments: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                state?: "held" | "review" | "dismissed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminPaymentList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    adminResolvePayment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                paymentId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResolvePaymentInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResolvePaymentResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    adminGetUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                uid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUserView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    adminCreditUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                uid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdminCreditsInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminCreditsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    adminSetRoles: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                uid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetRolesInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SetRolesResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    aiAnalyze: {
        parameters: {
            query?: never;
            header?: {
                /** @description Runs the request at most once per key for 24 h; a retry with the same key and body replays the first answer */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AnalyzeInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalyzeResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    aiCompare: {
        parameters: {
            query?: never;
            header?: {
                /** @description Runs the request at most once per key for 24 h; a retry with the same key and body replays the first answer */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CompareInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompareResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    aiEnhance: {
        parameters: {
            query?: never;
            header?: {
                /** @description Runs the request at most once per key for 24 h; a retry with the same key and body replays the first answer */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EnhanceInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnhanceResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    aiGenerate: {
        parameters: {
            query?: never;
            header?: {
                /** @description Runs the request at most once per key for 24 h; a retry with the same key and body replays the first answer */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GenerateInput"];
            };
        };
        responses: {
            /** @description Success: JSON, or Server-Sent Events (start, delta, done, error) when streamed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GenerateResponse"];
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listModels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getPartnerAnalytics: {
        parameters: {
            query?: {
                format?: "json" | "csv";
                from?: string;
                granularity?: "hour" | "day" | "week" | "month";
                groupBy?: string;
                maxGroups?: number;
                metric?: string;
                source?: string;
                timeZone?: string;
                to?: string;
                uid?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalyticsSeries"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getPlatformAnalytics: {
        parameters: {
            query?: {
                currency?: string;
                errorCode?: string;
                format?: "json" | "csv";
                from?: string;
                granularity?: "hour" | "day" | "week" | "month";
                groupBy?: string;
                kind?: string;
                maxGroups?: number;
                metric?: string;
                model?: string;
                operation?: string;
                paymentProvider?: string;
                provider?: string;
                source?: string;
                status?: string;
                tier?: string;
                timeZone?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalyticsSeries"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getSellerAnalytics: {
        parameters: {
            query?: {
                format?: "json" | "csv";
                from?: string;
                granularity?: "hour" | "day" | "week" | "month";
                groupBy?: string;
                listing?: string;
                maxGroups?: number;
                metric?: string;
                timeZone?: string;
                to?: string;
                uid?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalyticsSeries"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getUsageAnalytics: {
        parameters: {
            query?: {
                format?: "json" | "csv";
                from?: string;
                granularity?: "hour" | "day" | "week" | "month";
                groupBy?: string;
                maxGroups?: number;
                metric?: string;
                model?: string;
                operation?: string;
                project?: string;
                prompt?: string;
                promptVersion?: string;
                provider?: string;
                team?: string;
                teamId?: string;
                timeZone?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalyticsSeries"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getBalance: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BalanceResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createCheckout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CheckoutInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckoutResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listLedger: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                type?: "grant" | "purchase" | "reserve" | "settle" | "release" | "refund" | "chargeback" | "expire" | "adjust" | "transfer" | "shortfall";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LedgerResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createPortalSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PortalInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortalResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    cancelSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CancelSubscriptionResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getTiers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TiersResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
        };
    };
    getReady: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReadyResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listIdeas: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                tag?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdeaList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createIdea: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateIdeaInput"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdeaView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getIdea: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ideaId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdeaView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteIdea: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ideaId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeleteIdeaResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateIdea: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                ideaId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateIdeaInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdeaView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    generateIdeas: {
        parameters: {
            query?: never;
            header?: {
                /** @description Runs the request at most once per key for 24 h; a retry with the same key and body replays the first answer */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GenerateIdeasInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GenerateIdeasResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    browseBundles: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BundlePage"];
                };
            };
            400: components["responses"]["BadRequest"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createBundle: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateBundleInput"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BundleView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getBundle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                bundleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BundleView"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    setBundleAvailability: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                bundleId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AvailabilityInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BundleView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    buyBundle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                bundleId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BuyListingInput"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PurchaseResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getLicensedContent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                listingId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LicensedContent"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    forkLicence: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                listingId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ForkLicenceInput"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForkedLicence"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    pinLicence: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                listingId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PinInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LicensedContent"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    browseListings: {
        parameters: {
            query?: {
                category?: components["schemas"]["ListingCategory"];
                cursor?: string;
                limit?: number;
                maxPrice?: number | null;
                minPrice?: number | null;
                minRating?: number;
                model?: string;
                q?: string;
                sort?: "newest" | "sales" | "rating" | "trending" | "price_asc" | "price_desc";
                tag?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListingPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createListing: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateListingInput"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SellerListing"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getListing: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                listingId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListingPreview"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateListing: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                listingId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateListingInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SellerListing"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    setListingAvailability: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                listingId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AvailabilityInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SellerListing"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    buyListing: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                listingId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BuyListingInput"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PurchaseResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listReviews: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                listingId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReviewPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    putMyReview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                listingId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReviewInput"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyReview"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    submitListing: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                listingId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SellerListing"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    takeDownListing: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                listingId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TakedownInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SellerListing"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    tryListing: {
        parameters: {
            query?: never;
            header?: {
                /** @description Runs the request at most once per key for 24 h; a retry with the same key and body replays the first answer */
                "Idempotency-Key"?: string;
            };
            path: {
                listingId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TryListingInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TryListingResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentRequired"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getMyEarnings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EarningsSummary"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listMyListings: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SellerListingPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listModerationQueue: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModerationPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    decideListing: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                listingId: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ModerationDecisionInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SellerListing"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listReportedReviews: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportedReviewPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    decideReview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reviewId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReviewDecisionInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReviewDecision"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getPayoutAccount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayoutAccountStatus"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    startPayoutOnboarding: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayoutAccountLink"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listPurchases: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PurchasePage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    refundPurchase: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                purchaseId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefundInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefundResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    reportReview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reviewId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReportReviewInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getProvidersHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProvidersHealthResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listNotifications: {
        parameters: {
            query?: {
                cursor?: string;
                filter?: "inbox" | "unread" | "archived" | "all";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    archiveNotification: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                notificationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    markNotificationRead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                notificationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listPushDevices: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PushDeviceList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    registerPushDevice: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterPushDeviceInput"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PushDeviceView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    unregisterPushDevice: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deviceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PushDeviceRemoved"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getNotificationPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPreferences"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateNotificationPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateNotificationPreferencesInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationPreferences"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    markAllNotificationsRead: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationsReadAllResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    streamNotifications: {
        parameters: {
            query?: {
                lastEventId?: string;
                maxSeconds?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationStreamEvent"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getUnreadNotificationCount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationUnreadCount"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getOpenApi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
        };
    };
    setPartnerTerms: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                uid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PartnerTermsInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerTerms"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    recordReferralClick: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReferralClickInput"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReferralClick"];
                };
            };
            400: components["responses"]["BadRequest"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getPartner: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    becomePartner: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getPartnerDashboard: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PartnerDashboard"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listProjects: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                teamId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createProject: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateProjectInput"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    exportPrompts: {
        parameters: {
            query?: {
                format?: "json" | "zip";
                projectId?: string;
                promptId?: string;
                teamId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromptPackage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    importPrompts: {
        parameters: {
            query?: {
                dryRun?: "true" | "false";
                labels?: "keep" | "apply";
                projectId?: string;
                teamId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PromptPackage"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportReport"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listPrompts: {
        parameters: {
            query?: {
                archived?: "true" | "false";
                cursor?: string;
                label?: string;
                limit?: number;
                projectId?: string;
                sort?: "updated" | "created" | "title";
                tag?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromptList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createPrompt: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePromptInput"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromptWithVersion"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getPrompt: {
        parameters: {
            query?: {
                label?: string;
                version?: number;
            };
            header?: never;
            path: {
                promptId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromptWithVersion"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deletePrompt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                promptId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeletedResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updatePrompt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                promptId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdatePromptInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromptView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    archivePrompt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                promptId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ArchiveInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromptView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    diffPromptVersions: {
        parameters: {
            query: {
                from: number;
                to: number;
            };
            header?: never;
            path: {
                promptId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DiffResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    forkPrompt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                promptId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ForkInput"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromptWithVersion"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listPromptLabels: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                promptId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LabelsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    movePromptLabel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                promptId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MoveLabelInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromptView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    renderPrompt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                promptId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RenderInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RenderResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listPromptVersions: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                promptId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VersionList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    addPromptVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                promptId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VersionInput"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VersionView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    searchPrompts: {
        parameters: {
            query: {
                cursor?: string;
                limit?: number;
                q: string;
                scope?: "mine" | "team" | "all";
                tags?: string;
                type?: components["schemas"]["PromptType"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    respondTeamInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InvitationResponseInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitationResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listTeams: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createTeam: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTeamInput"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getTeam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                teamId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamDetail"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listTeamInvitations: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                state?: "pending" | "expired" | "accepted" | "declined" | "revoked" | "all";
            };
            header?: never;
            path: {
                teamId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitationList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    inviteTeamMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                teamId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InviteInput"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitationView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    revokeTeamInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                invitationId: string;
                teamId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitationSummary"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    removeTeamMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                teamId: string;
                uid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberChange"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateTeamMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                teamId: string;
                uid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateMemberInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberChange"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    transferTeamOwnership: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                teamId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TransferInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemberChange"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getMe: {
        parameters: {
            query?: {
                referralClick?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserProfile"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeleteMeResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateMeInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserProfile"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyInput"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyWithSecret"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                keyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevokeApiKeyResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    rotateApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                keyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyWithSecret"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    exportMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExportMeResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listVaultItems: {
        parameters: {
            query?: {
                cursor?: string;
                kind?: components["schemas"]["VaultKind"];
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VaultItemList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createVaultItem: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateVaultItemInput"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VaultItemView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getVaultItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                itemId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VaultItemView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteVaultItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                itemId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeleteVaultItemResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateVaultItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                itemId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateVaultItemInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VaultItemView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    revealVaultItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                itemId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevealedVaultItem"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listWebhookEndpoints: {
        parameters: {
            query?: {
                teamId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhookEndpointInput"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointCreated"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointDeleted"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateWebhookEndpointInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listWebhookMessages: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                status?: components["schemas"]["WebhookMessageState"];
            };
            header?: never;
            path: {
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookMessageList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getWebhookMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
                messageId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookMessageDetail"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    resendWebhookMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
                messageId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookMessageQueued"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    replayWebhookMessages: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookReplayInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookReplayResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    rotateWebhookEndpointSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RotateWebhookSecretInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSecretRotated"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    sendWebhookTestMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookMessageQueued"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listWebhookEventTypes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEventTypeList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            405: components["responses"]["MethodNotAllowed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    receivePaddleWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookAck"];
                };
            };
            400: components["responses"]["BadRequest"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    receiveRazorpayWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookAck"];
                };
            };
            400: components["responses"]["BadRequest"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    receiveStripeWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookAck"];
                };
            };
            400: components["responses"]["BadRequest"];
            405: components["responses"]["MethodNotAllowed"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}
