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
export const monitoringProviders = defineEndpoint("monitoringProviders", routes.monitoringProviders);
export const billingBalance = defineEndpoint("billingBalance", routes.billingBalance);
export const billingLedger = defineEndpoint("billingLedger", routes.billingLedger);
export const adminUserCredits = defineEndpoint("adminUserCredits", routes.adminUserCredits);
export const adminPayments = defineEndpoint("adminPayments", routes.adminPayments);
export const adminPaymentResolve = defineEndpoint("adminPaymentResolve", routes.adminPaymentResolve);
export const billingCheckout = defineEndpoint("billingCheckout", routes.billingCheckout);
export const billingSubscription = defineEndpoint("billingSubscription", routes.billingSubscription);
export const billingSubscriptionCancel = defineEndpoint("billingSubscriptionCancel", routes.billingSubscriptionCancel);
export const billingPortal = defineEndpoint("billingPortal", routes.billingPortal);
export const usersMeExport = defineEndpoint("usersMeExport", routes.usersMeExport);
export const usersMeApiKeys = defineEndpoint("usersMeApiKeys", routes.usersMeApiKeys);
export const usersMeApiKey = defineEndpoint("usersMeApiKey", routes.usersMeApiKey);
export const usersMeApiKeyRotate = defineEndpoint("usersMeApiKeyRotate", routes.usersMeApiKeyRotate);
export const vaultItems = defineEndpoint("vaultItems", routes.vaultItems);
export const vaultItem = defineEndpoint("vaultItem", routes.vaultItem);
export const vaultItemReveal = defineEndpoint("vaultItemReveal", routes.vaultItemReveal);
export const stripeWebhook = defineEndpoint("stripeWebhook", routes.stripeWebhook);
export const razorpayWebhook = defineEndpoint("razorpayWebhook", routes.razorpayWebhook);
export const paddleWebhook = defineEndpoint("paddleWebhook", routes.paddleWebhook);
export const teams = defineEndpoint("teams", routes.teams);
export const team = defineEndpoint("team", routes.team);
export const teamInvitations = defineEndpoint("teamInvitations", routes.teamInvitations);
export const teamInvitation = defineEndpoint("teamInvitation", routes.teamInvitation);
export const teamInvitationResponse = defineEndpoint("teamInvitationResponse", routes.teamInvitationResponse);
export const teamMember = defineEndpoint("teamMember", routes.teamMember);
export const teamTransfer = defineEndpoint("teamTransfer", routes.teamTransfer);
export const projects = defineEndpoint("projects", routes.projects);
export const prompts = defineEndpoint("prompts", routes.prompts);
export const prompt = defineEndpoint("prompt", routes.prompt);
export const promptVersions = defineEndpoint("promptVersions", routes.promptVersions);
export const promptDiff = defineEndpoint("promptDiff", routes.promptDiff);
export const promptLabels = defineEndpoint("promptLabels", routes.promptLabels);
export const promptFork = defineEndpoint("promptFork", routes.promptFork);
export const promptArchive = defineEndpoint("promptArchive", routes.promptArchive);
export const promptRender = defineEndpoint("promptRender", routes.promptRender);
export const aiGenerate = defineEndpoint("aiGenerate", routes.aiGenerate);
export const aiCompare = defineEndpoint("aiCompare", routes.aiCompare);
export const aiAnalyze = defineEndpoint("aiAnalyze", routes.aiAnalyze);
export const aiEnhance = defineEndpoint("aiEnhance", routes.aiEnhance);
export const ideasGenerate = defineEndpoint("ideasGenerate", routes.ideasGenerate);
export const ideas = defineEndpoint("ideas", routes.ideas);
export const idea = defineEndpoint("idea", routes.idea);
export const search = defineEndpoint("search", routes.search);
export const aiModels = defineEndpoint("aiModels", routes.aiModels);
export const apiNotFound = defineEndpoint("apiNotFound", routes.apiNotFound);

export const creditsSweep = defineSchedule("creditsSweep", schedules.creditsSweep);
export const ledgerReconciliation = defineSchedule("ledgerReconciliation", schedules.ledgerReconciliation);
