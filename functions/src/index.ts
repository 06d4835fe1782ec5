/**
 * The manifest: one export per deployed Cloud Function, named as deployed, and the module table that
 * declares it. Each export is a getter (lazy-exports.ts): a deployed function, whose name Cloud
 * Functions passes in FUNCTION_TARGET, loads only its own module; the Firebase CLI reads every export
 * at deploy time. A test checks this list against routes.ts and schedules.ts.
 */
import { endpointsOf, exportLazily, schedulesOf } from "./lazy-exports";

const health = endpointsOf(() => require("./api/health/health.routes").healthRoutes);
const meta = endpointsOf(() => require("./api/meta/meta.routes").metaRoutes);
const users = endpointsOf(() => require("./api/users/users.routes").usersRoutes);
const admin = endpointsOf(() => require("./api/admin/admin.routes").adminRoutes);
const monitoring = endpointsOf(() => require("./api/monitoring/monitoring.routes").monitoringRoutes);
const billing = endpointsOf(() => require("./api/billing/billing.routes").billingRoutes);
const webhooks = endpointsOf(() => require("./webhooks/webhooks.routes").webhooksRoutes);
const vault = endpointsOf(() => require("./api/vault/vault.routes").vaultRoutes);
const teams = endpointsOf(() => require("./api/teams/teams.routes").teamsRoutes);
const projects = endpointsOf(() => require("./api/projects/projects.routes").projectsRoutes);
const prompts = endpointsOf(() => require("./api/prompts/prompts.routes").promptsRoutes);
const marketplace = endpointsOf(() => require("./api/marketplace/marketplace.routes").marketplaceRoutes);
const partners = endpointsOf(() => require("./api/partners/partners.routes").partnersRoutes);
const search = endpointsOf(() => require("./api/search/search.routes").searchRoutes);
const analytics = endpointsOf(() => require("./api/analytics/analytics.routes").analyticsRoutes);
const ai = endpointsOf(() => require("./api/ai/ai.routes").aiRoutes);
const ideas = endpointsOf(() => require("./api/ideas/ideas.routes").ideasRoutes);
const notifications = endpointsOf(() => require("./api/notifications/notifications.routes").notificationsRoutes);
const webhookEndpoints = endpointsOf(() => require("./api/webhook-endpoints/webhook-endpoints.routes").webhookEndpointsRoutes);
const schedules = schedulesOf(() => require("./schedules").schedules);

exportLazily(exports, {
  health: health,
  healthReady: health,
  openapi: meta,
  apiNotFound: meta,
  usersMe: users,
  usersMeExport: users,
  usersMeApiKeys: users,
  usersMeApiKey: users,
  usersMeApiKeyRotate: users,
  adminUser: admin,
  adminUserRoles: admin,
  adminUserCredits: admin,
  adminPayments: admin,
  adminPaymentResolve: admin,
  monitoringProviders: monitoring,
  billingTiers: billing,
  billingBalance: billing,
  billingLedger: billing,
  billingCheckout: billing,
  billingSubscription: billing,
  billingSubscriptionCancel: billing,
  billingPortal: billing,
  stripeWebhook: webhooks,
  razorpayWebhook: webhooks,
  paddleWebhook: webhooks,
  vaultItems: vault,
  vaultItem: vault,
  vaultItemReveal: vault,
  teams: teams,
  team: teams,
  teamInvitations: teams,
  teamInvitation: teams,
  teamInvitationResponse: teams,
  teamMember: teams,
  teamTransfer: teams,
  projects: projects,
  prompts: prompts,
  prompt: prompts,
  promptVersions: prompts,
  promptDiff: prompts,
  promptLabels: prompts,
  promptFork: prompts,
  promptArchive: prompts,
  promptRender: prompts,
  promptPackages: prompts,
  search: search,
  analyticsUsage: analytics,
  analyticsPlatform: analytics,
  analyticsSeller: analytics,
  analyticsPartner: analytics,
  adminAnalyticsFindings: analytics,
  aiGenerate: ai,
  aiCompare: ai,
  aiAnalyze: ai,
  aiModels: ai,
  aiEnhance: ai,
  ideasGenerate: ideas,
  ideas: ideas,
  idea: ideas,
  notifications: notifications,
  notificationsUnreadCount: notifications,
  notificationRead: notifications,
  notificationArchive: notifications,
  notificationsReadAll: notifications,
  notificationsStream: notifications,
  notificationPreferences: notifications,
  notificationDevices: notifications,
  notificationDevice: notifications,
  webhookEventTypes: webhookEndpoints,
  webhookEndpoints: webhookEndpoints,
  webhookEndpoint: webhookEndpoints,
  webhookEndpointSecretRotation: webhookEndpoints,
  webhookEndpointMessages: webhookEndpoints,
  webhookEndpointMessage: webhookEndpoints,
  webhookEndpointMessageResend: webhookEndpoints,
  webhookEndpointReplay: webhookEndpoints,
  webhookEndpointTest: webhookEndpoints,
  marketplaceListings: marketplace,
  marketplaceListing: marketplace,
  marketplaceListingSubmit: marketplace,
  marketplaceListingAvailability: marketplace,
  marketplaceListingTakedown: marketplace,
  marketplacePurchase: marketplace,
  marketplaceMyListings: marketplace,
  marketplaceEarnings: marketplace,
  marketplacePayoutAccount: marketplace,
  marketplacePurchases: marketplace,
  marketplaceRefund: marketplace,
  marketplaceLicence: marketplace,
  marketplaceLicencePin: marketplace,
  marketplaceLicenceFork: marketplace,
  marketplaceModeration: marketplace,
  marketplaceModerationDecision: marketplace,
  marketplaceListingReviews: marketplace,
  marketplaceMyReview: marketplace,
  marketplaceReviewReport: marketplace,
  marketplaceReviewModeration: marketplace,
  marketplaceReviewDecision: marketplace,
  marketplaceBundles: marketplace,
  marketplaceBundle: marketplace,
  marketplaceBundlePurchase: marketplace,
  marketplaceBundleAvailability: marketplace,
  marketplaceListingTry: marketplace,
  partnersMe: partners,
  partnersDashboard: partners,
  partnersClicks: partners,
  partnersTerms: partners,
  creditsSweep: schedules,
  marketplaceSweep: schedules,
  payoutRun: schedules,
  ledgerReconciliation: schedules,
  analyticsRollup: schedules,
  analyticsReconciliation: schedules,
  analyticsRetention: schedules,
  notificationsDispatch: schedules,
});
