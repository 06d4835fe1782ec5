import { MONGODB_URI } from "../../platform/params";
import { AdminCreditsInput, AdminCreditsResponse, AdminUserView, SetRolesInput, SetRolesResponse, UidParams } from "./admin.schema";
import { AdminPaymentList, PaymentIdParams, PaymentQueueQuery, ResolvePaymentInput, ResolvePaymentResponse } from "./payments.schema";
import { moduleRoutes, perMinute } from "../../platform/module-routes";
import { operation } from "../../platform/operation";

/** The admin module's functions (composed into the whole API by routes.ts). */
export const adminRoutes = moduleRoutes(
  { tag: "admin", secrets: [MONGODB_URI] },
  {
    adminUser: {
      path: "/admin/users/{uid}",
      operations: {
        GET: operation({
          operationId: "adminGetUser",
          summary: "Read a user's Auth account and profile",
          auth: "user",
          roles: ["admin"],
          rateLimit: perMinute(300),
          params: UidParams,
          response: AdminUserView,
          errors: [403, 404],
          handler: () => import("./get-user").then((m) => m.getUser),
        }),
      },
    },
    adminUserRoles: {
      path: "/admin/users/{uid}/roles",
      operations: {
        POST: operation({
          operationId: "adminSetRoles",
          summary: "Set a user's roles (custom claims); removing a role revokes their sessions",
          auth: "user",
          roles: ["admin"],
          rateLimit: perMinute(30),
          params: UidParams,
          body: SetRolesInput,
          response: SetRolesResponse,
          errors: [403, 404, 409],
          handler: () => import("./set-roles").then((m) => m.setRoles),
        }),
      },
    },
    adminUserCredits: {
      path: "/admin/users/{uid}/credits",
      operations: {
        POST: operation({
          operationId: "adminCreditUser",
          summary:
            "Grant or adjust a user's credits with a reason (audited; idempotent by key per admin and target user, 409 if reused for a different change)",
          auth: "user",
          roles: ["admin"],
          rateLimit: perMinute(30),
          params: UidParams,
          body: AdminCreditsInput,
          response: AdminCreditsResponse,
          errors: [402, 403, 404, 409],
          handler: () => import("./credit-user").then((m) => m.creditUser),
        }),
      },
    },
    // Payments the webhooks held (unattributable, unknown price, amount not the catalogue's) or put in review.
    adminPayments: {
      path: "/admin/payments",
      operations: {
        GET: operation({
          operationId: "adminListPayments",
          summary:
            "Payments waiting for an admin: held (nothing granted), in review (chargeback, payer not established) or dismissed; cursor-paginated",
          auth: "user",
          roles: ["admin"],
          rateLimit: perMinute(120),
          query: PaymentQueueQuery,
          response: AdminPaymentList,
          errors: [403],
          handler: () => import("./list-payments").then((m) => m.listPayments),
        }),
      },
    },
    adminPaymentResolve: {
      path: "/admin/payments/{paymentId}/resolve",
      operations: {
        POST: operation({
          operationId: "adminResolvePayment",
          summary:
            "Grant a held payment's credits to a user or dismiss it, or close a review (audited; the same decision again is a no-op)",
          auth: "user",
          roles: ["admin"],
          rateLimit: perMinute(30),
          params: PaymentIdParams,
          body: ResolvePaymentInput,
          response: ResolvePaymentResponse,
          errors: [403, 404, 409],
          handler: () => import("./resolve-payment").then((m) => m.resolvePayment),
        }),
      },
    },
  },
);
