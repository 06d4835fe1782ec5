import { z } from "zod";
import { AdminUserView, SetRolesInput, SetRolesResponse, UidParams } from "./api/admin/admin.schema";
import { TiersResponse } from "./api/billing/billing.schema";
import { HealthResponse, ReadyResponse } from "./api/health/health.schema";
import { DeleteMeResponse, UpdateMeInput, UserProfile } from "./api/users/users.schema";
import { operation, type FunctionSpec } from "./platform/operation";
import { MONGODB_URI } from "./platform/params";

/**
 * The operation table: every deployed function (one per resource path), its operations (one per
 * HTTP method) and everything about them. The exports in index.ts, the Hosting rewrites in
 * firebase.json and the OpenAPI document are all derived from it (tests fail when they drift).
 * Handlers are imported on a function's first request, never when index.js loads.
 */
const perMinute = (points: number, store: "local" | "shared" = "shared") => ({ points, durationSeconds: 60, store });

export const routes = {
  health: {
    path: "/health",
    secrets: [],
    operations: {
      GET: operation({
        operationId: "getHealth",
        summary: "Liveness: the function answers (no database call)",
        tag: "health",
        auth: "public",
        rateLimit: perMinute(120, "local"),
        response: HealthResponse,
        handler: () => import("./api/health/get-health").then((m) => m.getHealth),
      }),
    },
  },
  healthReady: {
    path: "/health/ready",
    secrets: [MONGODB_URI],
    operations: {
      GET: operation({
        operationId: "getReady",
        summary: "Readiness: configuration is valid and MongoDB answers a ping (503 names the failing check)",
        tag: "health",
        auth: "public",
        rateLimit: perMinute(60, "local"),
        response: ReadyResponse,
        errors: [503],
        handler: () => import("./api/health/get-ready").then((m) => m.getReady),
      }),
    },
  },
  openapi: {
    path: "/openapi.json",
    secrets: [],
    operations: {
      GET: operation({
        operationId: "getOpenApi",
        summary: "This API's OpenAPI 3.1 document",
        tag: "meta",
        auth: "public",
        rateLimit: perMinute(60, "local"),
        response: z.record(z.string(), z.unknown()),
        handler: () => import("./api/meta/get-openapi").then((m) => m.getOpenApi),
      }),
    },
  },
  billingTiers: {
    path: "/billing/tiers",
    secrets: [],
    operations: {
      GET: operation({
        operationId: "getTiers",
        summary: "Subscription tiers and credit packs with prices per currency",
        tag: "billing",
        auth: "public",
        rateLimit: perMinute(120, "local"),
        response: TiersResponse,
        handler: () => import("./api/billing/get-tiers").then((m) => m.getTiers),
      }),
    },
  },
  usersMe: {
    path: "/users/me",
    secrets: [MONGODB_URI],
    operations: {
      GET: operation({
        operationId: "getMe",
        summary: "The caller's profile (created on first call)",
        tag: "users",
        auth: "user",
        rateLimit: perMinute(120),
        response: UserProfile,
        handler: () => import("./api/users/get-me").then((m) => m.getMe),
      }),
      PATCH: operation({
        operationId: "updateMe",
        summary: "Change display name, locale, time zone or preferences",
        tag: "users",
        auth: "user",
        rateLimit: perMinute(30),
        body: UpdateMeInput,
        response: UserProfile,
        handler: () => import("./api/users/update-me").then((m) => m.updateMe),
      }),
      DELETE: operation({
        operationId: "deleteMe",
        summary: "Delete the caller's account (Auth user and personal data); needs a sign-in in the last 15 minutes",
        tag: "users",
        auth: "user",
        rateLimit: { points: 5, durationSeconds: 3600, store: "shared" },
        response: DeleteMeResponse,
        errors: [403],
        handler: () => import("./api/users/delete-me").then((m) => m.deleteMe),
      }),
    },
  },
  adminUser: {
    path: "/admin/users/{uid}",
    secrets: [MONGODB_URI],
    operations: {
      GET: operation({
        operationId: "adminGetUser",
        summary: "Read a user's Auth account and profile",
        tag: "admin",
        auth: "user",
        roles: ["admin"],
        rateLimit: perMinute(300),
        params: UidParams,
        response: AdminUserView,
        errors: [403, 404],
        handler: () => import("./api/admin/get-user").then((m) => m.getUser),
      }),
    },
  },
  adminUserRoles: {
    path: "/admin/users/{uid}/roles",
    secrets: [MONGODB_URI],
    operations: {
      POST: operation({
        operationId: "adminSetRoles",
        summary: "Set a user's roles (custom claims); removing a role revokes their sessions",
        tag: "admin",
        auth: "user",
        roles: ["admin"],
        rateLimit: perMinute(30),
        params: UidParams,
        body: SetRolesInput,
        response: SetRolesResponse,
        errors: [403, 404, 409],
        handler: () => import("./api/admin/set-roles").then((m) => m.setRoles),
      }),
    },
  },
  /** Unknown paths under /api/v1 get the same JSON error body as everything else. */
  apiNotFound: {
    path: "/**",
    secrets: [],
    operations: {},
  },
} satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof routes;
