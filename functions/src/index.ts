/**
 * The manifest: one export per deployed Cloud Function, named as deployed, each generated from its
 * entry in the operation table (routes.ts). Nothing else happens here: handlers and SDKs load on a
 * function's first request.
 */
import { defineEndpoint } from "./platform/define-endpoint";
import { defineSchedule } from "./platform/define-schedule";
import { routes } from "./routes";
import { schedules } from "./schedules";

export const health = defineEndpoint("health", routes.health);
export const healthReady = defineEndpoint("healthReady", routes.healthReady);
export const openapi = defineEndpoint("openapi", routes.openapi);
export const billingTiers = defineEndpoint("billingTiers", routes.billingTiers);
export const usersMe = defineEndpoint("usersMe", routes.usersMe);
export const adminUser = defineEndpoint("adminUser", routes.adminUser);
export const adminUserRoles = defineEndpoint("adminUserRoles", routes.adminUserRoles);
export const billingBalance = defineEndpoint("billingBalance", routes.billingBalance);
export const billingLedger = defineEndpoint("billingLedger", routes.billingLedger);
export const adminUserCredits = defineEndpoint("adminUserCredits", routes.adminUserCredits);
export const billingCheckout = defineEndpoint("billingCheckout", routes.billingCheckout);
export const billingSubscription = defineEndpoint("billingSubscription", routes.billingSubscription);
export const billingSubscriptionCancel = defineEndpoint("billingSubscriptionCancel", routes.billingSubscriptionCancel);
export const billingPortal = defineEndpoint("billingPortal", routes.billingPortal);
export const stripeWebhook = defineEndpoint("stripeWebhook", routes.stripeWebhook);
export const razorpayWebhook = defineEndpoint("razorpayWebhook", routes.razorpayWebhook);
export const paddleWebhook = defineEndpoint("paddleWebhook", routes.paddleWebhook);
export const apiNotFound = defineEndpoint("apiNotFound", routes.apiNotFound);

export const creditsSweep = defineSchedule("creditsSweep", schedules.creditsSweep);
export const ledgerReconciliation = defineSchedule("ledgerReconciliation", schedules.ledgerReconciliation);
