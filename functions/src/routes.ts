import { composeRoutes } from "./platform/module-routes";
import { healthRoutes } from "./api/health/health.routes";
import { metaRoutes } from "./api/meta/meta.routes";
import { billingRoutes } from "./api/billing/billing.routes";
import { usersRoutes } from "./api/users/users.routes";
import { adminRoutes } from "./api/admin/admin.routes";
import { monitoringRoutes } from "./api/monitoring/monitoring.routes";
import { vaultRoutes } from "./api/vault/vault.routes";
import { webhooksRoutes } from "./webhooks/webhooks.routes";
import { teamsRoutes } from "./api/teams/teams.routes";
import { projectsRoutes } from "./api/projects/projects.routes";
import { promptsRoutes } from "./api/prompts/prompts.routes";
import { aiRoutes } from "./api/ai/ai.routes";
import { ideasRoutes } from "./api/ideas/ideas.routes";
import { searchRoutes } from "./api/search/search.routes";
import { analyticsRoutes } from "./api/analytics/analytics.routes";
import { notificationsRoutes } from "./api/notifications/notifications.routes";
import { webhookEndpointsRoutes } from "./api/webhook-endpoints/webhook-endpoints.routes";
import { marketplaceRoutes } from "./api/marketplace/marketplace.routes";
import { partnersRoutes } from "./api/partners/partners.routes";

/**
 * The whole API: every module's table of functions (one per resource path) and their operations.
 * The exports in index.ts, the Hosting rewrites in firebase.json, the OpenAPI document and the
 * README's catalogue are all derived from it (tests fail when they drift). Deployed functions never
 * load this file: each loads only its own module's table (see index.ts).
 */
export const routes = composeRoutes(
  healthRoutes,
  metaRoutes,
  billingRoutes,
  usersRoutes,
  adminRoutes,
  monitoringRoutes,
  vaultRoutes,
  webhooksRoutes,
  teamsRoutes,
  projectsRoutes,
  promptsRoutes,
  aiRoutes,
  ideasRoutes,
  searchRoutes,
  analyticsRoutes,
  notificationsRoutes,
  webhookEndpointsRoutes,
  marketplaceRoutes,
  partnersRoutes,
);
