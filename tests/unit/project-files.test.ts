import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import * as index from "../../functions/src/index";
import { routes } from "../../functions/src/routes";
import { schedules } from "../../functions/src/schedules";
import { hostingRewrites } from "../../functions/src/platform/hosting-rewrites";
import { buildOpenApi } from "../../functions/src/platform/openapi";
import { API_VERSION } from "../../functions/src/api/meta/get-openapi";
import { CATALOGUE_END, CATALOGUE_START, functionCatalogue } from "../../functions/src/platform/function-catalogue";

/** The files derived from the operation table must agree with it (`npm run generate` rewrites them). */
const root = path.resolve(__dirname, "../..");
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), "utf8"));

describe("derived from the operation table", () => {
  it("exports exactly one Cloud Function per table entry and per scheduled job, under the same name", () => {
    expect(Object.keys(index).sort()).toEqual([...Object.keys(routes), ...Object.keys(schedules)].sort());
  });

  it("runs the scheduled jobs in UTC with retries, binding only the database secret (and Stripe's for the payout run)", () => {
    for (const name of Object.keys(schedules)) {
      const endpoint = (index as Record<string, any>)[name].__endpoint;
      expect(endpoint.scheduleTrigger).toMatchObject({ timeZone: "Etc/UTC", retryConfig: { retryCount: 3 } });
      expect(endpoint.secretEnvironmentVariables.map((s: { key: string }) => s.key)).toEqual(
        name === "payoutRun" ? ["MONGODB_URI", "STRIPE_SECRET_KEY"] : ["MONGODB_URI"],
      );
    }
  });

  it("has firebase.json Hosting rewrites that match the table (run `npm run generate` if not)", () => {
    expect(readJson("firebase.json").hosting.rewrites).toEqual(hostingRewrites(routes));
  });

  it("has a committed openapi.json equal to the generated document (run `npm run generate` if not)", () => {
    expect(readJson("openapi.json")).toEqual(buildOpenApi(routes, API_VERSION));
  });

  it("binds secrets only where they are used: public functions without a database get none", () => {
    const bound = Object.fromEntries(
      Object.entries(index).map(([name, fn]) => [
        name,
        ((fn as any).__endpoint.secretEnvironmentVariables ?? []).map((s: { key: string }) => s.key),
      ]),
    );
    expect(bound).toEqual({
      health: [],
      openapi: [],
      billingTiers: [],
      monitoringProviders: ["MONGODB_URI"],
      adminAnalyticsFindings: ["MONGODB_URI"],
      analyticsPartner: ["MONGODB_URI"],
      analyticsPlatform: ["MONGODB_URI"],
      analyticsReconciliation: ["MONGODB_URI"],
      analyticsRetention: ["MONGODB_URI"],
      analyticsRollup: ["MONGODB_URI"],
      analyticsSeller: ["MONGODB_URI"],
      analyticsUsage: ["MONGODB_URI"],
      apiNotFound: [],
      healthReady: ["MONGODB_URI"],
      billingBalance: ["MONGODB_URI"],
      billingLedger: ["MONGODB_URI"],
      adminUserCredits: ["MONGODB_URI"],
      adminPayments: ["MONGODB_URI"],
      adminPaymentResolve: ["MONGODB_URI"],
      creditsSweep: ["MONGODB_URI"],
      ledgerReconciliation: ["MONGODB_URI"],
      notificationsDispatch: ["MONGODB_URI"],
      notifications: ["MONGODB_URI"],
      notificationsUnreadCount: ["MONGODB_URI"],
      notificationRead: ["MONGODB_URI"],
      notificationArchive: ["MONGODB_URI"],
      notificationsReadAll: ["MONGODB_URI"],
      notificationsStream: ["MONGODB_URI"],
      notificationPreferences: ["MONGODB_URI"],
      notificationDevices: ["MONGODB_URI"],
      notificationDevice: ["MONGODB_URI"],
      webhookEventTypes: ["MONGODB_URI"],
      webhookEndpoints: ["MONGODB_URI"],
      webhookEndpoint: ["MONGODB_URI"],
      webhookEndpointSecretRotation: ["MONGODB_URI"],
      webhookEndpointMessages: ["MONGODB_URI"],
      webhookEndpointMessage: ["MONGODB_URI"],
      webhookEndpointMessageResend: ["MONGODB_URI"],
      webhookEndpointReplay: ["MONGODB_URI"],
      webhookEndpointTest: ["MONGODB_URI"],
      marketplaceListings: ["MONGODB_URI"],
      marketplaceListing: ["MONGODB_URI"],
      marketplaceListingSubmit: ["MONGODB_URI"],
      marketplaceListingAvailability: ["MONGODB_URI"],
      marketplaceListingTakedown: ["MONGODB_URI"],
      marketplacePurchase: ["MONGODB_URI"],
      marketplaceMyListings: ["MONGODB_URI"],
      marketplaceEarnings: ["MONGODB_URI"],
      marketplacePurchases: ["MONGODB_URI"],
      marketplaceRefund: ["MONGODB_URI"],
      marketplaceLicence: ["MONGODB_URI"],
      marketplaceLicencePin: ["MONGODB_URI"],
      marketplaceLicenceFork: ["MONGODB_URI"],
      marketplaceModeration: ["MONGODB_URI"],
      marketplaceModerationDecision: ["MONGODB_URI"],
      marketplaceListingReviews: ["MONGODB_URI"],
      marketplaceMyReview: ["MONGODB_URI"],
      marketplaceReviewReport: ["MONGODB_URI"],
      marketplaceReviewModeration: ["MONGODB_URI"],
      marketplaceReviewDecision: ["MONGODB_URI"],
      marketplaceBundles: ["MONGODB_URI"],
      marketplaceBundle: ["MONGODB_URI"],
      marketplaceBundlePurchase: ["MONGODB_URI"],
      marketplaceBundleAvailability: ["MONGODB_URI"],
      marketplaceListingTry: ["MONGODB_URI", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GROQ_API_KEY"],
      marketplaceSweep: ["MONGODB_URI"],
      payoutRun: ["MONGODB_URI", "STRIPE_SECRET_KEY"],
      billingCheckout: ["MONGODB_URI", "STRIPE_SECRET_KEY", "RAZORPAY_KEY_ID", "RAZORPAY_KEY_SECRET", "PADDLE_API_KEY"],
      billingSubscription: ["MONGODB_URI"],
      billingSubscriptionCancel: ["MONGODB_URI", "STRIPE_SECRET_KEY", "RAZORPAY_KEY_ID", "RAZORPAY_KEY_SECRET", "PADDLE_API_KEY"],
      billingPortal: ["MONGODB_URI", "STRIPE_SECRET_KEY"],
      stripeWebhook: ["STRIPE_WEBHOOK_SECRET", "STRIPE_CONNECT_WEBHOOK_SECRET", "MONGODB_URI"],
      marketplacePayoutAccount: ["MONGODB_URI", "STRIPE_SECRET_KEY"],
      razorpayWebhook: ["RAZORPAY_WEBHOOK_SECRET", "MONGODB_URI"],
      paddleWebhook: ["PADDLE_WEBHOOK_SECRET", "MONGODB_URI"],
      partnersMe: ["MONGODB_URI"],
      partnersDashboard: ["MONGODB_URI"],
      partnersClicks: ["MONGODB_URI"],
      partnersTerms: ["MONGODB_URI"],
      usersMe: ["MONGODB_URI"],
      adminUser: ["MONGODB_URI"],
      adminUserRoles: ["MONGODB_URI"],
      teams: ["MONGODB_URI"],
      team: ["MONGODB_URI"],
      teamInvitations: ["MONGODB_URI"],
      teamInvitation: ["MONGODB_URI"],
      teamInvitationResponse: ["MONGODB_URI"],
      teamMember: ["MONGODB_URI"],
      teamTransfer: ["MONGODB_URI"],
      projects: ["MONGODB_URI"],
      prompts: ["MONGODB_URI"],
      prompt: ["MONGODB_URI"],
      promptVersions: ["MONGODB_URI"],
      promptDiff: ["MONGODB_URI"],
      promptLabels: ["MONGODB_URI"],
      promptPackages: ["MONGODB_URI"],
      promptFork: ["MONGODB_URI"],
      promptArchive: ["MONGODB_URI"],
      promptRender: ["MONGODB_URI"],
      search: ["MONGODB_URI"],
      aiGenerate: ["MONGODB_URI", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GROQ_API_KEY"],
      aiAnalyze: ["MONGODB_URI", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GROQ_API_KEY"],
      aiEnhance: ["MONGODB_URI", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GROQ_API_KEY"],
      aiModels: ["MONGODB_URI", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GROQ_API_KEY"],
      aiCompare: ["MONGODB_URI", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GROQ_API_KEY"],
      ideasGenerate: ["MONGODB_URI", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GROQ_API_KEY"],
      ideas: ["MONGODB_URI"],
      idea: ["MONGODB_URI"],
      usersMeExport: ["MONGODB_URI"],
      usersMeApiKeys: ["MONGODB_URI"],
      usersMeApiKey: ["MONGODB_URI"],
      usersMeApiKeyRotate: ["MONGODB_URI"],
      vaultItems: ["MONGODB_URI", "VAULT_MASTER_KEY"],
      vaultItem: ["MONGODB_URI", "VAULT_MASTER_KEY"],
      vaultItemReveal: ["MONGODB_URI", "VAULT_MASTER_KEY"],
    });
  });

  it("declares every function as a public-invoker 2nd-gen HTTPS function with CORS handled by us", () => {
    for (const name of Object.keys(routes)) {
      const endpoint = (index as Record<string, any>)[name].__endpoint;
      expect(endpoint).toMatchObject({
        platform: "gcfv2",
        region: ["us-central1"],
        httpsTrigger: { invoker: ["public"] },
        concurrency: 80,
      });
    }
  });
});

describe("project configuration", () => {
  it("emulates auth 9099, functions 5001 and hosting 5000 with the UI disabled", () => {
    const { emulators, functions } = readJson("firebase.json");
    expect(emulators).toMatchObject({ auth: { port: 9099 }, functions: { port: 5001 }, hosting: { port: 5000 }, ui: { enabled: false } });
    expect(functions[0]).toMatchObject({ source: "functions", runtime: "nodejs24" });
    expect(functions[0].predeploy[0]).toContain("run build");
  });

  it("targets Node 24 and keeps demo-promptforge as the default project", () => {
    expect(readJson("functions/package.json").engines.node).toBe("24");
    expect(readJson(".firebaserc").projects).toMatchObject({
      default: "demo-promptforge",
      dev: expect.any(String),
      staging: expect.any(String),
      prod: expect.any(String),
    });
  });

  it("denies all Firestore access", () => {
    const rules = readFileSync(path.join(root, "firestore.rules"), "utf8");
    expect(rules).toMatch(/allow read, write: if false;/);
    expect(rules).not.toMatch(/if true/);
  });
});

describe("README", () => {
  it("has the function catalogue generated from the table (run `npm run generate` if not)", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf(CATALOGUE_START) + CATALOGUE_START.length, readme.indexOf(CATALOGUE_END));
    expect(section.trim()).toBe(functionCatalogue(routes));
  });

  it("links only to pages that exist, and every docs/ page links back", () => {
    const pages = [
      "README.md",
      ...readdirSync(path.join(root, "docs"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => `docs/${f}`),
    ];
    expect(pages.length).toBeGreaterThanOrEqual(6);
    for (const page of pages) {
      const text = readFileSync(path.join(root, page), "utf8");
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        expect({ page, target, exists: existsSync(path.resolve(root, path.dirname(page), target)) }).toEqual({
          page,
          target,
          exists: true,
        });
      }
      if (page !== "README.md") expect(text).toContain("](../README.md)");
    }
  });

  it("shows the two quickstart commands", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    expect(readme).toContain("npm install && npm start");
    expect(readme).toContain("npm test");
  });
});
