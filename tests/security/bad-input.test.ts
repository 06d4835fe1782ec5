import { routes } from "../../functions/src/routes";
import { HTTP_METHODS, type HttpMethod, type OperationSpec } from "../../functions/src/platform/operation";
import { startApi, type ApiServer } from "../support/api-server";
import { createUserWithRoles, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";
import { useWebhookSecrets } from "../support/webhook-events";

/**
 * Bad input for every operation in the operation table: the right 4xx, the uniform error body, and
 * the database unchanged. A new operation fails this file until it gets a fixture below.
 */
const testDb = useTestDatabase("bad_input");
/** A well-formed id that names nothing. */
const ID = "0123456789abcdef01234567";
const FCM_TOKEN = `fcm:${"A".repeat(140)}`;
let api: ApiServer;
let caller: TestUser;

/** Input that passes every check but one: what the operation would accept if that check were removed. */
interface Invalid {
  label: string;
  params?: Record<string, string>;
  query?: string;
  body?: Record<string, unknown>;
}

/** A valid request per operation, one over-long string to put in its place, and specific invalid inputs. */
const fixtures: Record<
  string,
  { params?: Record<string, string>; body?: Record<string, unknown>; overlong?: Record<string, unknown> | string; invalid?: Invalid[] }
> = {
  getHealth: {},
  getReady: {},
  getOpenApi: {},
  getTiers: {},
  getMe: {},
  updateMe: { body: { displayName: "Valid Name" }, overlong: { displayName: "n".repeat(5_000) } },
  deleteMe: {},
  adminGetUser: { params: { uid: "target-user-1" }, overlong: "u".repeat(129) },
  getProvidersHealth: {},
  getUsageAnalytics: {},
  getPlatformAnalytics: {},
  getSellerAnalytics: {},
  getPartnerAnalytics: {},
  adminListAnalyticsFindings: {},
  getBalance: {},
  listLedger: {},
  adminCreditUser: {
    params: { uid: "target-user-1" },
    body: { type: "grant", amount: 10, reason: "valid reason" },
    overlong: { type: "grant", amount: 10, reason: "r".repeat(501) },
  },
  adminListPayments: {},
  adminResolvePayment: {
    params: { paymentId: "0123456789abcdef01234567" },
    body: { action: "dismiss", reason: "valid reason" },
    overlong: { action: "dismiss", reason: "r".repeat(501) },
  },
  createCheckout: {
    body: { provider: "stripe", sku: "credits_1000" },
    overlong: { provider: "stripe", sku: "credits_1000", idempotencyKey: "k".repeat(65) },
  },
  getSubscription: {},
  cancelSubscription: {},
  createPortalSession: {
    body: { returnUrl: "https://promptforge.app/billing" },
    overlong: { returnUrl: `https://promptforge.app/${"a".repeat(2_000)}` },
  },
  adminSetRoles: {
    params: { uid: "target-user-1" },
    body: { roles: ["support"], reason: "valid reason" },
    overlong: { roles: ["support"], reason: "r".repeat(501) },
  },
  exportMe: {},
  listApiKeys: {},
  createApiKey: { body: { name: "CI", scopes: ["prompts:read"] }, overlong: { name: "n".repeat(101), scopes: ["prompts:read"] } },
  revokeApiKey: { params: { keyId: "0123456789abcdef01234567" } },
  rotateApiKey: { params: { keyId: "0123456789abcdef01234567" } },
  listVaultItems: {},
  createVaultItem: {
    body: { kind: "note", title: "Valid", plaintext: "secret" },
    overlong: { kind: "note", title: "t".repeat(201), plaintext: "secret" },
  },
  getVaultItem: { params: { itemId: "0123456789abcdef01234567" } },
  updateVaultItem: {
    params: { itemId: "0123456789abcdef01234567" },
    body: { title: "Valid" },
    overlong: { plaintext: "p".repeat(64 * 1024 + 1) },
  },
  deleteVaultItem: { params: { itemId: "0123456789abcdef01234567" } },
  revealVaultItem: { params: { itemId: "0123456789abcdef01234567" } },
  createTeam: { body: { name: "Team" }, overlong: { name: "n".repeat(101) } },
  listTeams: {},
  getTeam: { params: { teamId: "0123456789abcdef01234567" } },
  inviteTeamMember: {
    params: { teamId: "0123456789abcdef01234567" },
    body: { email: "a@example.test", role: "editor" },
    overlong: { email: `${"a".repeat(300)}@example.test`, role: "editor" },
  },
  listTeamInvitations: { params: { teamId: "0123456789abcdef01234567" } },
  revokeTeamInvitation: { params: { teamId: "0123456789abcdef01234567", invitationId: "0123456789abcdef01234568" } },
  respondTeamInvitation: { body: { token: "t".repeat(43), decision: "accept" }, overlong: { token: "t".repeat(101), decision: "accept" } },
  updateTeamMember: {
    params: { teamId: "0123456789abcdef01234567", uid: "member-1" },
    body: { role: "viewer" },
    overlong: "u".repeat(129),
  },
  removeTeamMember: { params: { teamId: "0123456789abcdef01234567", uid: "member-1" }, overlong: "u".repeat(129) },
  transferTeamOwnership: { params: { teamId: "0123456789abcdef01234567" }, body: { uid: "member-1" }, overlong: { uid: "u".repeat(129) } },
  createProject: { body: { name: "Project" }, overlong: { name: "n".repeat(101) } },
  listProjects: {},
  createPrompt: {
    body: { title: "T", type: "text", template: "Hi {{name}}" },
    overlong: { title: "t".repeat(201), type: "text", template: "x" },
  },
  listPrompts: {},
  getPrompt: { params: { promptId: "0123456789abcdef01234567" } },
  updatePrompt: { params: { promptId: "0123456789abcdef01234567" }, body: { title: "T" }, overlong: { title: "t".repeat(201) } },
  deletePrompt: { params: { promptId: "0123456789abcdef01234567" } },
  addPromptVersion: {
    params: { promptId: "0123456789abcdef01234567" },
    body: { template: "x" },
    overlong: { template: "x".repeat(100 * 1024 + 1) },
  },
  listPromptVersions: { params: { promptId: "0123456789abcdef01234567" } },
  diffPromptVersions: { params: { promptId: "0123456789abcdef01234567" } },
  listPromptLabels: { params: { promptId: "0123456789abcdef01234567" } },
  movePromptLabel: {
    params: { promptId: "0123456789abcdef01234567" },
    body: { label: "production", version: 1 },
    overlong: { label: "p".repeat(41), version: 1 },
  },
  forkPrompt: { params: { promptId: "0123456789abcdef01234567" }, body: { title: "F" }, overlong: { title: "t".repeat(201) } },
  archivePrompt: { params: { promptId: "0123456789abcdef01234567" }, body: { archived: true } },
  renderPrompt: {
    params: { promptId: "0123456789abcdef01234567" },
    body: { variables: { name: "x" } },
    overlong: { variables: { ["k".repeat(65)]: 1 } },
  },
  exportPrompts: {},
  importPrompts: {},
  searchPrompts: {},
  // Marketplace
  browseListings: {},
  createListing: {
    body: {
      promptId: "0123456789abcdef01234567",
      title: "Title",
      description: "A description long enough.",
      category: "coding",
      price: 100,
    },
    overlong: {
      promptId: "0123456789abcdef01234567",
      title: "t".repeat(121),
      description: "A description long enough.",
      category: "coding",
      price: 100,
    },
  },
  getListing: { params: { listingId: "0123456789abcdef01234567" } },
  updateListing: { params: { listingId: "0123456789abcdef01234567" }, body: { title: "Title" }, overlong: { title: "t".repeat(121) } },
  submitListing: { params: { listingId: "0123456789abcdef01234567" } },
  setListingAvailability: { params: { listingId: "0123456789abcdef01234567" }, body: { listed: false } },
  takeDownListing: {
    params: { listingId: "0123456789abcdef01234567" },
    body: { reasonCode: "other", note: "n" },
    overlong: { reasonCode: "other", note: "n".repeat(1_001) },
  },
  buyListing: { params: { listingId: "0123456789abcdef01234567" }, body: { expectedPrice: 10 } },
  listMyListings: {},
  getMyEarnings: {},
  getPayoutAccount: {},
  // No body: the return and refresh URLs come from the deployment's configuration, never the client.
  startPayoutOnboarding: { invalid: [{ label: "a client-chosen return URL", body: { return_url: "https://evil.example/" } }] },
  listPurchases: {},
  refundPurchase: {
    params: { purchaseId: "0123456789abcdef01234567" },
    body: { reason: "r", listingIds: ["0123456789abcdef01234567"] },
    overlong: { reason: "r".repeat(301) },
  },
  getLicensedContent: { params: { listingId: "0123456789abcdef01234567" } },
  pinLicence: { params: { listingId: "0123456789abcdef01234567" }, body: { version: 1 } },
  forkLicence: { params: { listingId: "0123456789abcdef01234567" }, body: { title: "F" }, overlong: { title: "t".repeat(201) } },
  listModerationQueue: {},
  decideListing: {
    params: { listingId: "0123456789abcdef01234567", version: "1" },
    body: { decision: "approve" },
    overlong: { decision: "approve", note: "n".repeat(1_001) },
  },
  listReviews: { params: { listingId: "0123456789abcdef01234567" } },
  putMyReview: {
    params: { listingId: "0123456789abcdef01234567" },
    body: { stars: 4, text: "Good" },
    overlong: { stars: 4, text: "t".repeat(4_001) },
  },
  reportReview: {
    params: { reviewId: "0123456789abcdef01234567" },
    body: { reason: "spam" },
    overlong: { reason: "spam", note: "n".repeat(501) },
  },
  listReportedReviews: {},
  browseBundles: {},
  tryListing: {
    params: { listingId: "0123456789abcdef01234567" },
    body: { variables: { topic: "rain" }, model: "demo:echo" },
    overlong: { variables: { topic: "t".repeat(10_001) }, model: "demo:echo" },
  },
  createBundle: {
    body: {
      title: "Bundle",
      description: "A bundle of two good prompts.",
      listingIds: ["0123456789abcdef01234567", "0123456789abcdef01234568"],
      price: 100,
    },
    overlong: {
      title: "t".repeat(121),
      description: "A bundle of two good prompts.",
      listingIds: ["0123456789abcdef01234567", "0123456789abcdef01234568"],
      price: 100,
    },
  },
  getBundle: { params: { bundleId: "0123456789abcdef01234567" } },
  buyBundle: { params: { bundleId: "0123456789abcdef01234567" }, body: { expectedPrice: 10 } },
  setBundleAvailability: { params: { bundleId: "0123456789abcdef01234567" }, body: { listed: false } },
  decideReview: {
    params: { reviewId: "0123456789abcdef01234567" },
    body: { decision: "keep" },
    overlong: { decision: "keep", note: "n".repeat(1_001) },
  },
  // Partnerships
  getPartner: {},
  becomePartner: {},
  getPartnerDashboard: {},
  recordReferralClick: { body: { code: "ABCDEFGH" }, overlong: { code: "A".repeat(200) } },
  setPartnerTerms: { params: { uid: "target-user-1" }, body: { commissionBps: 1000 }, overlong: "u".repeat(129) },
  aiGenerate: {
    body: { messages: [{ role: "user", content: "hi" }] },
    overlong: { messages: [{ role: "user", content: "x".repeat(100_001) }] },
  },
  aiAnalyze: { body: { prompt: "Write a haiku" }, overlong: { prompt: "p".repeat(20_001) } },
  aiEnhance: { body: { prompt: "Write a haiku" }, overlong: { prompt: "p".repeat(20_001) } },
  listModels: {},
  generateIdeas: { body: { topic: "Onboarding emails" }, overlong: { topic: "t".repeat(201) } },
  listIdeas: {},
  createIdea: { body: { title: "Idea", prompt: "Write about {{topic}}" }, overlong: { title: "t".repeat(121), prompt: "p" } },
  getIdea: { params: { ideaId: "0123456789abcdef01234567" } },
  updateIdea: { params: { ideaId: "0123456789abcdef01234567" }, body: { title: "Idea" }, overlong: { prompt: "p".repeat(4_001) } },
  deleteIdea: { params: { ideaId: "0123456789abcdef01234567" } },
  aiCompare: {
    body: { models: ["demo:echo", "demo:echo-large"], messages: [{ role: "user", content: "hi" }] },
    overlong: { models: ["demo:echo", "m".repeat(101)], messages: [{ role: "user", content: "hi" }] },
  },
  receiveStripeWebhook: {},
  receiveRazorpayWebhook: {},
  receivePaddleWebhook: {},
  // Notifications and outgoing webhooks. Operations without input (unread count, read-all, preferences,
  // devices and event-type lists) get only the unsupported-method, unknown-query and $-operator checks.
  listNotifications: { invalid: [{ label: "an unknown filter", query: "filter=starred" }] },
  getUnreadNotificationCount: {},
  markNotificationRead: {
    params: { notificationId: ID },
    invalid: [{ label: "a notification id that is not one", params: { notificationId: "n-1" } }],
  },
  archiveNotification: {
    params: { notificationId: ID },
    invalid: [{ label: "a notification id that is not one", params: { notificationId: "0123" } }],
  },
  markAllNotificationsRead: {},
  // An hour-long stream would outlive Hosting's 60 s limit.
  streamNotifications: {
    invalid: [
      { label: "a stream longer than 50 s", query: "maxSeconds=3600" },
      { label: "a malformed resume position", query: "lastEventId=not%2Bours" },
    ],
  },
  getNotificationPreferences: {},
  updateNotificationPreferences: {
    body: { lowBalanceThreshold: 100 },
    invalid: [
      { label: "an unknown category", body: { channels: { sales: { push: false } } } },
      { label: "an unknown channel", body: { channels: { credits: { sms: true } } } },
      { label: "a negative threshold", body: { lowBalanceThreshold: -5 } },
    ],
  },
  listPushDevices: {},
  registerPushDevice: {
    body: { token: FCM_TOKEN, platform: "android" },
    overlong: { token: "t".repeat(4097), platform: "android" },
    invalid: [
      { label: "an unknown platform", body: { token: FCM_TOKEN, platform: "symbian" } },
      { label: "a token with characters FCM never uses", body: { token: `${FCM_TOKEN}<script>`, platform: "web" } },
    ],
  },
  unregisterPushDevice: {
    params: { deviceId: "a".repeat(64) },
    invalid: [{ label: "a device id that is not a hash", params: { deviceId: "abc" } }],
  },
  listWebhookEventTypes: {},
  createWebhookEndpoint: {
    body: { url: "https://hooks.example.com/promptforge", eventTypes: ["credits.purchased"] },
    overlong: { url: `https://hooks.example.com/${"p".repeat(2048)}`, eventTypes: ["credits.purchased"] },
    invalid: [
      { label: "a private address", body: { url: "https://10.0.0.7/hook", eventTypes: ["credits.purchased"] } },
      { label: "the cloud metadata address", body: { url: "http://169.254.169.254/latest/meta-data/", eventTypes: ["credits.purchased"] } },
      { label: "loopback in IPv4-mapped IPv6", body: { url: "https://[::ffff:127.0.0.1]/hook", eventTypes: ["credits.purchased"] } },
      { label: "a URL with credentials", body: { url: "https://user:pw@hooks.example.com/", eventTypes: ["credits.purchased"] } },
      { label: "an unknown event type", body: { url: "https://hooks.example.com/h", eventTypes: ["credits.stolen"] } },
      {
        label: "a description over its 500-character cap",
        body: { url: "https://hooks.example.com/h", eventTypes: ["credits.purchased"], description: "d".repeat(501) },
      },
    ],
  },
  listWebhookEndpoints: { invalid: [{ label: "a team id that is not one", query: "teamId=team-1" }] },
  getWebhookEndpoint: {
    params: { endpointId: ID },
    invalid: [{ label: "an endpoint id that is not one", params: { endpointId: "ep_1" } }],
  },
  updateWebhookEndpoint: {
    params: { endpointId: ID },
    body: { description: "Billing" },
    overlong: { description: "d".repeat(501) },
    invalid: [
      { label: "a loopback URL", body: { url: "https://127.0.0.1:8443/hook" } },
      { label: "an unknown event type", body: { eventTypes: ["credits.stolen"] } },
      { label: "a repeated event type", body: { eventTypes: ["credits.purchased", "credits.purchased"] } },
      { label: "nothing to change", body: {} },
    ],
  },
  deleteWebhookEndpoint: {
    params: { endpointId: ID },
    invalid: [{ label: "an endpoint id that is not one", params: { endpointId: "0123" } }],
  },
  rotateWebhookEndpointSecret: {
    params: { endpointId: ID },
    body: { overlapHours: 24 },
    invalid: [
      { label: "an overlap over a week", body: { overlapHours: 169 } },
      { label: "a fractional overlap", body: { overlapHours: 1.5 } },
    ],
  },
  listWebhookMessages: { params: { endpointId: ID }, invalid: [{ label: "an unknown status", query: "status=delivered" }] },
  getWebhookMessage: {
    params: { endpointId: ID, messageId: `msg_${ID}` },
    invalid: [{ label: "a message id without its msg_ prefix", params: { messageId: ID } }],
  },
  resendWebhookMessage: {
    params: { endpointId: ID, messageId: `msg_${ID}` },
    invalid: [{ label: "a message id that is not one", params: { messageId: "msg_123" } }],
  },
  replayWebhookMessages: {
    params: { endpointId: ID },
    body: { since: "2026-11-20T00:00:00.000Z" },
    invalid: [{ label: "an unknown scope", body: { since: "2026-11-20T00:00:00.000Z", include: "everything" } }],
  },
  sendWebhookTestMessage: {
    params: { endpointId: ID },
    invalid: [{ label: "an endpoint id that is not one", params: { endpointId: "x" } }],
  },
};

const operations = Object.entries(routes).flatMap(([fn, spec]) =>
  HTTP_METHODS.filter((m) => (spec.operations as Partial<Record<HttpMethod, OperationSpec>>)[m]).map((method) => ({
    fn,
    method,
    op: (spec.operations as Record<string, OperationSpec>)[method],
    path: spec.path,
  })),
);

function urlFor(path: string, params: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(params[name] ?? "x"));
}

beforeAll(async () => {
  useWebhookSecrets();
  api = await startApi();
  caller = await createUserWithRoles(["admin"], "badinput");
  // The caller exists, so a request that wrongly got through would change their document.
  await request(api.baseUrl, "GET", "/users/me", { token: caller.idToken });
});
afterAll(() => api.close());

it("has a fixture for every operation in the table", () => {
  expect(operations.map((o) => o.op.operationId).sort()).toEqual(Object.keys(fixtures).sort());
});

describe.each(operations)("$method $path ($op.operationId)", ({ method, op, path }) => {
  const fx = fixtures[op.operationId] ?? {};
  const url = urlFor(path, fx.params);
  const token = () => (op.auth === "user" ? caller.idToken : undefined);
  let before: Record<string, unknown[]>;

  beforeEach(async () => {
    before = await testDb.snapshot();
  });
  afterEach(async () => {
    expect(await testDb.snapshot()).toEqual(before);
  });

  it("answers a method it does not support with 405 and Allow", async () => {
    const res = await request(api.baseUrl, "PUT", url, { token: token(), body: {} });
    expectErrorBody(res, 405, "method_not_allowed");
    expect(res.headers.get("allow")).toContain(method);
  });

  it("rejects an unknown query parameter with 400", async () => {
    const res = await request(api.baseUrl, method, `${url}?unexpected=1`, {
      token: token(),
      body: method === "GET" ? undefined : (fx.body ?? {}),
    });
    expectErrorBody(res, 400, "validation_failed");
    expect(res.json.error.details.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: "query.unexpected" })]));
  });

  it("rejects a $-operator in the query string with 400", async () => {
    const res = await request(api.baseUrl, method, `${url}?%24where=1`, {
      token: token(),
      body: method === "GET" ? undefined : (fx.body ?? {}),
    });
    expectErrorBody(res, 400, "validation_failed");
  });

  if (op.rawBody && op.auth === "user") {
    // A prompt package is read by its handler (JSON or zip); tests/integration/prompt-packages.test.ts covers each kind of bad package.
    it.each([
      ["a JSON array", "application/json", "[1,2]", 400, "invalid_package"],
      ["a $-operator", "application/json", '{"format":{"$gt":""}}', 400, "invalid_package"],
      ["an empty body", "application/json", "", 400, "invalid_package"],
      ["text", "text/plain", "format=x", 415, "unsupported_media_type"],
    ])("rejects %s with %i %s", async (_label, contentType, body, status, code) => {
      const res = await request(api.baseUrl, method, url, { token: token(), body, headers: { "content-type": contentType } });
      expectErrorBody(res, status, code);
    });

    it("rejects a body over 10 MB with 413 before reading it", async () => {
      const res = await request(api.baseUrl, method, url, { token: token(), body: { blob: "b".repeat(10 * 1024 * 1024 + 1) } });
      expectErrorBody(res, 413, "payload_too_large");
    });
  } else if (op.rawBody) {
    // Webhooks read their body raw and believe nothing unsigned: every kind of bad body is a bad signature.
    it.each([
      ["a JSON event", "application/json", '{"id":"evt_1","type":"checkout.session.completed","data":{"object":{}}}'],
      ["malformed JSON sent as text", "text/plain", '{"id": "evt_1",'],
      ["a JSON array", "application/json", "[1,2]"],
      ["a $-operator", "application/json", '{"id":{"$gt":""}}'],
      ["an empty body", "application/json", ""],
    ])("rejects %s without a valid signature with 400 invalid_signature", async (_label, contentType, body) => {
      const res = await request(api.baseUrl, method, url, { body, headers: { "content-type": contentType } });
      expectErrorBody(res, 400, "invalid_signature");
    });

    it("rejects a body over 10 MB with 413 before reading it", async () => {
      const res = await request(api.baseUrl, method, url, { body: { blob: "b".repeat(10 * 1024 * 1024 + 1) } });
      expectErrorBody(res, 413, "payload_too_large");
    });
  }

  if (method !== "GET" && !op.rawBody) {
    it("rejects malformed JSON with 400", async () => {
      const res = await request(api.baseUrl, method, url, {
        token: token(),
        body: '{"displayName": "x",',
        headers: { "content-type": "application/json" },
      });
      // Rejected by the Functions Framework's body parser before our code runs (see README): the
      // status is right, the body is the framework's and carries no stack trace in production mode.
      expect(res.status).toBe(400);
      expect(res.text).not.toMatch(/\n\s+at |node_modules/);
    });

    it("rejects a body that is not JSON with 415", async () => {
      const res = await request(api.baseUrl, method, url, {
        token: token(),
        body: "displayName=x",
        headers: { "content-type": "text/plain" },
      });
      expectErrorBody(res, 415, "unsupported_media_type");
    });

    it("rejects a JSON array body with 400", async () => {
      const res = await request(api.baseUrl, method, url, { token: token(), body: "[1,2]" });
      expectErrorBody(res, 400, "invalid_body");
    });

    it("rejects a body over 10 MB with 413", async () => {
      const res = await request(api.baseUrl, method, url, { token: token(), body: { blob: "b".repeat(10 * 1024 * 1024 + 1) } });
      expectErrorBody(res, 413, "payload_too_large");
    });

    it("rejects an unknown field with 400 naming it", async () => {
      const res = await request(api.baseUrl, method, url, { token: token(), body: { ...(fx.body ?? {}), isAdmin: true } });
      expectErrorBody(res, 400, "validation_failed");
      expect(res.json.error.details.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: "body.isAdmin" })]));
    });

    it('rejects {"$gt": ""}-style operators anywhere in the body with 400', async () => {
      const firstKey = Object.keys(fx.body ?? { field: 1 })[0];
      const res = await request(api.baseUrl, method, url, { token: token(), body: { ...(fx.body ?? {}), [firstKey]: { $gt: "" } } });
      expectErrorBody(res, 400, "validation_failed");
    });
  }

  for (const bad of fx.invalid ?? []) {
    it(`rejects ${bad.label} with 400`, async () => {
      const target = `${urlFor(path, { ...fx.params, ...bad.params })}${bad.query ? `?${bad.query}` : ""}`;
      const res = await request(api.baseUrl, method, target, {
        token: token(),
        body: method === "GET" || method === "DELETE" ? undefined : (bad.body ?? fx.body ?? {}),
      });
      expectErrorBody(res, 400, "validation_failed");
    });
  }

  if (fx.overlong !== undefined) {
    it("rejects an over-long string with 400", async () => {
      const res =
        typeof fx.overlong === "string"
          ? await request(api.baseUrl, method, urlFor(path, { uid: fx.overlong }), { token: token(), body: fx.body })
          : await request(api.baseUrl, method, url, { token: token(), body: fx.overlong });
      expectErrorBody(res, 400, "validation_failed");
    });
  }

  if (op.auth === "user") {
    it("rejects a request without a token with 401 before reading its input", async () => {
      const res = await request(api.baseUrl, method, url, { body: method === "GET" ? undefined : fx.body });
      expectErrorBody(res, 401, "unauthenticated");
    });
  }
});

describe("unknown paths", () => {
  it.each(["/nope", "/users/me/extra", "/admin/users", "/billing/tiers/x/y"])("%s gets a JSON 404", async (path) => {
    expectErrorBody(await request(api.baseUrl, "GET", path), 404, "not_found");
  });
});
