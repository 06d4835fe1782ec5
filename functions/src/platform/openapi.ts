import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { ErrorResponse } from "./common-schemas";
import { API_PREFIX, HTTP_METHODS, type FunctionSpec } from "./operation";
import { compilePath } from "./path-pattern";

// Adds `.openapi()` to zod's prototypes; only this module (loaded by the openapi function and the
// generator script) needs it, so other functions never pay for it.
extendZodWithOpenApi(z);

const statusText: Record<number, string> = {
  400: "Invalid input (details.fields names each failing field)",
  401: "Missing, invalid, expired or revoked ID token",
  403: "The caller lacks a required role",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  413: "Body over 10 MB",
  415: "Body is not JSON",
  429: "Rate limited (see Retry-After)",
  500: "Unexpected error (reported)",
  502: "An upstream provider (e.g. payments) failed or refused the request",
  503: "A dependency is unavailable (see Retry-After)",
};

/** The OpenAPI 3.1 document, built from the operation table and its zod schemas. */
export function buildOpenApi(routes: Record<string, FunctionSpec>, version: string): Record<string, unknown> {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent("securitySchemes", "firebaseIdToken", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "Firebase ID token",
  });
  for (const [functionName, spec] of Object.entries(routes)) {
    const path = compilePath(spec.path).openApiPath;
    for (const method of HTTP_METHODS) {
      const op = spec.operations[method];
      if (!op) continue;
      const common = op.auth === "user" ? [400, 401, 405, 429, 500] : [400, 405, 429, 500];
      const bodyStatuses = method === "GET" ? [] : [413, 415];
      // Signed-in operations depend on Firebase Auth (revocation check); others on MongoDB when bound to it.
      const dependsOnService = op.auth === "user" || spec.secrets.some((s) => s.name === "MONGODB_URI");
      const errors = [
        ...new Set([...common, ...bodyStatuses, ...(op.roles ? [403] : []), ...(dependsOnService ? [503] : []), ...(op.errors ?? [])]),
      ].sort();
      registry.registerPath({
        method: method.toLowerCase() as "get",
        path,
        operationId: op.operationId,
        summary: op.summary,
        tags: [op.tag],
        description: `Cloud Function \`${functionName}\`. Rate limit: ${op.rateLimit.points} per ${op.rateLimit.durationSeconds} s per ${op.auth === "user" ? "user" : "IP"}.${op.roles ? ` Roles: ${op.roles.join(", ")}.` : ""}${op.scopes ? ` Also accepts an API key with scope ${op.scopes.join(" + ")}.` : ""}`,
        security: op.auth === "user" ? [{ [bearer.name]: [] }] : [],
        request: {
          params: op.params,
          query: op.query,
          body: op.body ? { content: { "application/json": { schema: op.body } }, required: true } : undefined,
        },
        responses: {
          [op.status ?? 200]: { description: "Success", content: { "application/json": { schema: op.response } } },
          ...Object.fromEntries(
            errors.map((s) => [s, { description: statusText[s] ?? "Error", content: { "application/json": { schema: ErrorResponse } } }]),
          ),
        },
      });
    }
  }
  const generator = new OpenApiGeneratorV31(registry.definitions);
  return generator.generateDocument({
    openapi: "3.1.0",
    info: {
      title: "PromptForge API",
      version,
      description: "Write and version prompts, run them on many LLMs paid with credits. Errors share one body: `{ error: { code, message, requestId, details? } }`.",
    },
    servers: [{ url: API_PREFIX }],
  }) as unknown as Record<string, unknown>;
}

