import { MONGODB_URI } from "../../platform/params";
import { ApiKeyIdParams, ApiKeyList, ApiKeyWithSecret, CreateApiKeyInput, ListApiKeysQuery, RevokeApiKeyResponse } from "./api-keys.schema";
import { DeleteMeResponse, ExportMeResponse, GetMeQuery, UpdateMeInput, UserProfile } from "./users.schema";
import { moduleRoutes, perMinute } from "../../platform/module-routes";
import { operation } from "../../platform/operation";

/** The users module's functions (composed into the whole API by routes.ts). */
export const usersRoutes = moduleRoutes(
  { tag: "users", secrets: [MONGODB_URI] },
  {
    usersMe: {
      path: "/users/me",
      operations: {
        GET: operation({
          operationId: "getMe",
          summary: "The caller's profile (created on first call, which also records the referral click the app presents)",
          auth: "user",
          rateLimit: perMinute(120),
          query: GetMeQuery,
          response: UserProfile,
          handler: () => import("./get-me").then((m) => m.getMe),
        }),
        PATCH: operation({
          operationId: "updateMe",
          summary: "Change display name, locale, time zone or preferences",
          auth: "user",
          rateLimit: perMinute(30),
          body: UpdateMeInput,
          response: UserProfile,
          handler: () => import("./update-me").then((m) => m.updateMe),
        }),
        DELETE: operation({
          operationId: "deleteMe",
          summary: "Delete the caller's account (Auth user and personal data); needs a sign-in in the last 15 minutes",
          auth: "user",
          rateLimit: { points: 5, durationSeconds: 3600, store: "shared" },
          response: DeleteMeResponse,
          errors: [403],
          handler: () => import("./delete-me").then((m) => m.deleteMe),
        }),
      },
    },
    usersMeExport: {
      path: "/users/me/export",
      operations: {
        GET: operation({
          operationId: "exportMe",
          summary: "Everything the caller owns, as JSON (secrets left out; vault items as metadata only)",
          auth: "user",
          rateLimit: { points: 10, durationSeconds: 3600, store: "shared" },
          response: ExportMeResponse,
          handler: () => import("./export-me").then((m) => m.exportMe),
        }),
      },
    },
    // API keys are managed with a signed-in session only: an operation without `scopes` refuses API keys.
    usersMeApiKeys: {
      path: "/users/me/api-keys",
      operations: {
        GET: operation({
          operationId: "listApiKeys",
          summary: "The caller's active API keys, newest first (cursor-paginated; metadata and last use, never the secret)",
          auth: "user",
          rateLimit: perMinute(60),
          query: ListApiKeysQuery,
          response: ApiKeyList,
          handler: () => import("./list-api-keys").then((m) => m.listApiKeys),
        }),
        POST: operation({
          operationId: "createApiKey",
          summary:
            "Create an API key with scopes and an optional expiry; the key (pf_live_…) is shown only in this response; at most 25 live keys (409)",
          auth: "user",
          rateLimit: perMinute(10),
          body: CreateApiKeyInput,
          response: ApiKeyWithSecret,
          status: 201,
          errors: [409],
          handler: () => import("./create-api-key").then((m) => m.createApiKey),
        }),
      },
    },
    usersMeApiKey: {
      path: "/users/me/api-keys/{keyId}",
      operations: {
        DELETE: operation({
          operationId: "revokeApiKey",
          summary: "Revoke an API key: it is rejected from its next request on",
          auth: "user",
          rateLimit: perMinute(30),
          params: ApiKeyIdParams,
          response: RevokeApiKeyResponse,
          errors: [404],
          handler: () => import("./revoke-api-key").then((m) => m.revokeApiKey),
        }),
      },
    },
    usersMeApiKeyRotate: {
      path: "/users/me/api-keys/{keyId}/rotate",
      operations: {
        POST: operation({
          operationId: "rotateApiKey",
          summary: "Give an API key a new secret (shown once); the old one stops working at once",
          auth: "user",
          rateLimit: perMinute(10),
          params: ApiKeyIdParams,
          response: ApiKeyWithSecret,
          errors: [404],
          handler: () => import("./rotate-api-key").then((m) => m.rotateApiKey),
        }),
      },
    },
  },
);
