import { REGION } from "../../functions/src/platform/region";
import { hostingRewrites } from "../../functions/src/platform/hosting-rewrites";
import type { FunctionSpec } from "../../functions/src/platform/operation";
import { compilePath } from "../../functions/src/platform/path-pattern";
import { routes } from "../../functions/src/routes";

const spec = (p: string): FunctionSpec => ({ path: p, secrets: [], operations: {} });

/** Hosting's glob semantics (as the local server in tests/support/api-server.ts implements them). */
const globMatches = (glob: string, pathname: string) =>
  new RegExp(
    `^${glob
      .split("/")
      .map((seg) => (seg === "**" ? ".*" : seg === "*" ? "[^/]+" : seg.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
      .join("/")}/?$`,
  ).test(pathname);

describe("hostingRewrites", () => {
  const rewrites = hostingRewrites(routes);

  it("has one rewrite per function of the operation table, in its region", () => {
    expect(rewrites.map((r) => r.function.functionId).sort()).toEqual(Object.keys(routes).sort());
    for (const r of rewrites) expect(r.function.region).toBe(REGION);
    expect(new Set(rewrites.map((r) => r.source)).size).toBe(rewrites.length);
  });

  it("routes every function's path under /api/v1", () => {
    for (const r of rewrites) {
      expect(r.source.startsWith("/api/v1/")).toBe(true);
      expect(r.source).toBe(compilePath(routes[r.function.functionId as keyof typeof routes].path).hostingSource);
    }
  });

  it("puts the catch-all last", () => {
    expect(rewrites.at(-1)).toEqual({ source: "/api/v1/**", function: { functionId: "apiNotFound", region: REGION } });
  });

  it("sends each function's own paths to it under first-match semantics", () => {
    const samples: Record<string, string[]> = {
      health: ["/api/v1/health"],
      healthReady: ["/api/v1/health/ready"],
      openapi: ["/api/v1/openapi.json"],
      billingTiers: ["/api/v1/billing/tiers"],
      usersMe: ["/api/v1/users/me", "/api/v1/users/me/"],
      adminUser: ["/api/v1/admin/users/u1"],
      adminUserRoles: ["/api/v1/admin/users/u1/roles"],
      monitoringProviders: ["/api/v1/monitoring/providers"],
      billingCheckout: ["/api/v1/billing/checkout"],
      billingBalance: ["/api/v1/billing/balance"],
      billingLedger: ["/api/v1/billing/ledger"],
      adminUserCredits: ["/api/v1/admin/users/abc/credits"],
      adminPayments: ["/api/v1/admin/payments"],
      adminPaymentResolve: ["/api/v1/admin/payments/0123456789abcdef01234567/resolve"],
      billingSubscription: ["/api/v1/billing/subscription"],
      billingSubscriptionCancel: ["/api/v1/billing/subscription/cancel"],
      billingPortal: ["/api/v1/billing/portal"],
      usersMeExport: ["/api/v1/users/me/export"],
      usersMeApiKeys: ["/api/v1/users/me/api-keys"],
      usersMeApiKey: ["/api/v1/users/me/api-keys/0123456789abcdef01234567"],
      usersMeApiKeyRotate: ["/api/v1/users/me/api-keys/0123456789abcdef01234567/rotate"],
      vaultItems: ["/api/v1/vault", "/api/v1/vault/"],
      vaultItem: ["/api/v1/vault/0123456789abcdef01234567"],
      vaultItemReveal: ["/api/v1/vault/0123456789abcdef01234567/reveal"],
      stripeWebhook: ["/api/v1/webhooks/stripe"],
      razorpayWebhook: ["/api/v1/webhooks/razorpay"],
      paddleWebhook: ["/api/v1/webhooks/paddle"],
      partnersMe: ["/api/v1/partners/me"],
      partnersDashboard: ["/api/v1/partners/me/dashboard"],
      partnersClicks: ["/api/v1/partners/clicks"],
      partnersTerms: ["/api/v1/partners/u1/terms"],
      teams: ["/api/v1/teams"],
      team: ["/api/v1/teams/0123456789abcdef01234567"],
      teamInvitations: ["/api/v1/teams/0123456789abcdef01234567/invitations"],
      teamInvitation: ["/api/v1/teams/0123456789abcdef01234567/invitations/0123456789abcdef01234568"],
      teamInvitationResponse: ["/api/v1/team-invitations/respond"],
      teamMember: ["/api/v1/teams/0123456789abcdef01234567/members/u1"],
      teamTransfer: ["/api/v1/teams/0123456789abcdef01234567/transfer"],
      projects: ["/api/v1/projects"],
      prompts: ["/api/v1/prompts"],
      prompt: ["/api/v1/prompts/0123456789abcdef01234567"],
      promptVersions: ["/api/v1/prompts/0123456789abcdef01234567/versions"],
      promptDiff: ["/api/v1/prompts/0123456789abcdef01234567/diff"],
      promptLabels: ["/api/v1/prompts/0123456789abcdef01234567/labels"],
      promptFork: ["/api/v1/prompts/0123456789abcdef01234567/fork"],
      promptArchive: ["/api/v1/prompts/0123456789abcdef01234567/archive"],
      promptPackages: ["/api/v1/prompt-packages"],
      promptRender: ["/api/v1/prompts/0123456789abcdef01234567/render"],
      search: ["/api/v1/search", "/api/v1/search/"],
      aiGenerate: ["/api/v1/ai/generate"],
      aiAnalyze: ["/api/v1/ai/analyze"],
      aiEnhance: ["/api/v1/ai/enhance"],
      aiModels: ["/api/v1/ai/models"],
      aiCompare: ["/api/v1/ai/compare"],
      ideasGenerate: ["/api/v1/ideas/generate"],
      ideas: ["/api/v1/ideas", "/api/v1/ideas/"],
      idea: ["/api/v1/ideas/0123456789abcdef01234567"],
      analyticsUsage: ["/api/v1/analytics/usage"],
      analyticsPlatform: ["/api/v1/analytics/platform"],
      analyticsSeller: ["/api/v1/analytics/seller"],
      analyticsPartner: ["/api/v1/analytics/partner"],
      adminAnalyticsFindings: ["/api/v1/admin/analytics/findings"],
      notifications: ["/api/v1/notifications"],
      notificationsUnreadCount: ["/api/v1/notifications/unread-count"],
      notificationRead: ["/api/v1/notifications/0123456789abcdef01234567/read"],
      notificationArchive: ["/api/v1/notifications/0123456789abcdef01234567/archive"],
      notificationsReadAll: ["/api/v1/notifications/read-all"],
      notificationsStream: ["/api/v1/notifications/stream"],
      notificationPreferences: ["/api/v1/notifications/preferences"],
      notificationDevices: ["/api/v1/notifications/devices"],
      notificationDevice: ["/api/v1/notifications/devices/0123456789abcdef01234567"],
      webhookEventTypes: ["/api/v1/webhook-event-types"],
      webhookEndpoints: ["/api/v1/webhook-endpoints"],
      webhookEndpoint: ["/api/v1/webhook-endpoints/0123456789abcdef01234567"],
      webhookEndpointSecretRotation: ["/api/v1/webhook-endpoints/0123456789abcdef01234567/secret/rotate"],
      webhookEndpointMessages: ["/api/v1/webhook-endpoints/0123456789abcdef01234567/messages"],
      webhookEndpointMessage: ["/api/v1/webhook-endpoints/0123456789abcdef01234567/messages/0123456789abcdef01234568"],
      webhookEndpointMessageResend: ["/api/v1/webhook-endpoints/0123456789abcdef01234567/messages/0123456789abcdef01234568/resend"],
      webhookEndpointReplay: ["/api/v1/webhook-endpoints/0123456789abcdef01234567/replay"],
      webhookEndpointTest: ["/api/v1/webhook-endpoints/0123456789abcdef01234567/test"],
      marketplaceListings: ["/api/v1/marketplace/listings"],
      marketplaceListing: ["/api/v1/marketplace/listings/0123456789abcdef01234567"],
      marketplaceListingSubmit: ["/api/v1/marketplace/listings/0123456789abcdef01234567/submit"],
      marketplaceListingAvailability: ["/api/v1/marketplace/listings/0123456789abcdef01234567/availability"],
      marketplaceListingTakedown: ["/api/v1/marketplace/listings/0123456789abcdef01234567/takedown"],
      marketplacePurchase: ["/api/v1/marketplace/listings/0123456789abcdef01234567/purchase"],
      marketplaceMyListings: ["/api/v1/marketplace/me/listings"],
      marketplaceEarnings: ["/api/v1/marketplace/me/earnings"],
      marketplacePayoutAccount: ["/api/v1/marketplace/payouts/account"],
      marketplacePurchases: ["/api/v1/marketplace/purchases"],
      marketplaceRefund: ["/api/v1/marketplace/purchases/0123456789abcdef01234567/refund"],
      marketplaceLicence: ["/api/v1/marketplace/licences/0123456789abcdef01234567"],
      marketplaceLicencePin: ["/api/v1/marketplace/licences/0123456789abcdef01234567/pin"],
      marketplaceLicenceFork: ["/api/v1/marketplace/licences/0123456789abcdef01234567/fork"],
      marketplaceModeration: ["/api/v1/marketplace/moderation"],
      marketplaceModerationDecision: ["/api/v1/marketplace/moderation/0123456789abcdef01234567/versions/2"],
      marketplaceListingReviews: ["/api/v1/marketplace/listings/0123456789abcdef01234567/reviews"],
      marketplaceMyReview: ["/api/v1/marketplace/listings/0123456789abcdef01234567/reviews/mine"],
      marketplaceReviewReport: ["/api/v1/marketplace/reviews/0123456789abcdef01234567/report"],
      marketplaceReviewModeration: ["/api/v1/marketplace/moderation/reviews"],
      marketplaceReviewDecision: ["/api/v1/marketplace/moderation/reviews/0123456789abcdef01234567"],
      marketplaceBundles: ["/api/v1/marketplace/bundles"],
      marketplaceBundle: ["/api/v1/marketplace/bundles/0123456789abcdef01234567"],
      marketplaceBundlePurchase: ["/api/v1/marketplace/bundles/0123456789abcdef01234567/purchase"],
      marketplaceBundleAvailability: ["/api/v1/marketplace/bundles/0123456789abcdef01234567/availability"],
      marketplaceListingTry: ["/api/v1/marketplace/listings/0123456789abcdef01234567/try"],
      apiNotFound: ["/api/v1/nope", "/api/v1/users/me/extra", "/api/v1/admin/users/u1/roles/x"],
    };
    expect(Object.keys(samples).sort()).toEqual(Object.keys(routes).sort());
    for (const [functionId, paths] of Object.entries(samples)) {
      for (const p of paths) {
        const first = rewrites.find((r) => globMatches(r.source, p));
        expect({ path: p, functionId: first?.function.functionId }).toEqual({ path: p, functionId });
      }
    }
  });

  it("orders more segments first, then literal before wildcard before catch-all, then alphabetically", () => {
    const out = hostingRewrites({
      catchAll: spec("/**"),
      top: spec("/zeta"),
      alpha: spec("/alpha"),
      item: spec("/things/{id}"),
      mine: spec("/things/mine"),
      sub: spec("/things/{id}/parts"),
      nestedAll: spec("/things/**"),
      deep: spec("/a/b/c/d"),
    });
    expect(out.map((r) => r.source)).toEqual([
      "/api/v1/a/b/c/d",
      "/api/v1/things/*/parts",
      "/api/v1/things/mine",
      "/api/v1/things/*",
      "/api/v1/things/**",
      "/api/v1/alpha",
      "/api/v1/zeta",
      "/api/v1/**",
    ]);
  });

  it("does not depend on the order of the operation table", () => {
    const reversed = Object.fromEntries(Object.entries(routes).reverse());
    expect(hostingRewrites(reversed)).toEqual(rewrites);
  });
});
