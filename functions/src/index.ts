/**
 * The manifest: one export per deployed Cloud Function, named as deployed, each generated from its
 * entry in the operation table (routes.ts). Nothing else happens here: handlers and SDKs load on a
 * function's first request.
 */
import { defineEndpoint } from "./platform/define-endpoint";
import { routes } from "./routes";

export const health = defineEndpoint("health", routes.health);
export const healthReady = defineEndpoint("healthReady", routes.healthReady);
export const openapi = defineEndpoint("openapi", routes.openapi);
export const billingTiers = defineEndpoint("billingTiers", routes.billingTiers);
export const usersMe = defineEndpoint("usersMe", routes.usersMe);
export const adminUser = defineEndpoint("adminUser", routes.adminUser);
export const adminUserRoles = defineEndpoint("adminUserRoles", routes.adminUserRoles);
export const apiNotFound = defineEndpoint("apiNotFound", routes.apiNotFound);
