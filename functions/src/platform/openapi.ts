import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { ErrorResponse } from "./common-schemas";
import { API_PREFIX, HTTP_METHODS, type FunctionSpec } from "./operation";
import { compilePath } from "./path-pattern";

/** Each error status's response, a component every operation that can answer it refers to. */
const errorResponses: Record<number, { name: string; description: string }> = {
  400: { name: "BadRequest", description: "Invalid input (details.fields names each failing field)" },
  401: { name: "Unauthorized", description: "Missing, invalid, expired or revoked ID token" },
  402: { name: "PaymentRequired", description: "Not enough credits for this operation" },
  403: { name: "Forbidden", description: "The caller lacks a required role" },
  404: { name: "NotFound", description: "Not found" },
  405: { name: "MethodNotAllowed", description: "Method not allowed" },
  409: { name: "Conflict", description: "Conflict" },
  413: { name: "ContentTooLarge", description: "Body over 10 MB" },
  415: { name: "UnsupportedMediaType", description: "Body is not JSON" },
  422: { name: "UnprocessableContent", description: "Refused as it stands (a model's content policy, a vault item's integrity check)" },
  429: { name: "TooManyRequests", description: "Rate limited (see Retry-After)" },
  500: { name: "InternalServerError", description: "Unexpected error (reported)" },
  502: { name: "BadGateway", description: "An upstream provider (e.g. payments) failed or refused the request" },
  503: { name: "ServiceUnavailable", description: "A dependency is unavailable (see Retry-After)" },
  504: { name: "GatewayTimeout", description: "An upstream provider (e.g. a model) did not answer in time" },
};
const errorResponse = (status: number) => errorResponses[status] ?? { name: `Error${status}`, description: "Error" };

/**
 * The OpenAPI 3.1 document, built from the operation table and its zod schemas. A schema named with
 * zod's `.meta({ id: "Name" })` where it is declared becomes `components.schemas.Name`, referenced by
 * `$ref` wherever it is used; naming needs no zod-to-openapi at declaration time, so only this module
 * (loaded by the openapi function and the generator) loads it.
 */
export function buildOpenApi(routes: Record<string, FunctionSpec>, version: string): Record<string, unknown> {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent("securitySchemes", "firebaseIdToken", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "Firebase ID token",
  });
  const paths = Object.entries(routes).flatMap(([functionName, spec]) =>
    HTTP_METHODS.flatMap((method) => {
      const op = spec.operations[method];
      if (!op) return [];
      const common = op.auth === "user" ? [400, 401, 405, 429, 500] : [400, 405, 429, 500];
      const bodyStatuses = method === "GET" ? [] : [413, 415];
      // Signed-in operations depend on Firebase Auth (revocation check); others on MongoDB when bound to it.
      const dependsOnService = op.auth === "user" || spec.secrets.some((s) => s.name === "MONGODB_URI");
      const errors = [
        ...new Set([...common, ...bodyStatuses, ...(op.roles ? [403] : []), ...(dependsOnService ? [503] : []), ...(op.errors ?? [])]),
      ].sort();
      return [{ functionName, spec, method, op, errors }];
    }),
  );
  for (const status of [...new Set(paths.flatMap((p) => p.errors))].sort()) {
    const { name, description } = errorResponse(status);
    registry.registerComponent("responses", name, {
      description,
      content: { "application/json": { schema: { $ref: `#/components/schemas/${ErrorResponse.meta()?.id}` } } },
    });
  }
  for (const { functionName, spec, method, op, errors } of paths) {
    const path = compilePath(spec.path).openApiPath;
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
        headers: op.idempotencyKey ? IdempotencyHeader : undefined,
      },
      responses: {
        [op.status ?? 200]: {
          description: op.events ? `Success: JSON, or Server-Sent Events (${Object.keys(op.events).join(", ")}) when streamed` : "Success",
          content: {
            "application/json": { schema: op.response },
            ...(op.events
              ? {
                  "text/event-stream": {
                    schema: {
                      type: "string",
                      description: `Server-Sent Events ${Object.keys(op.events)
                        .map((event) => `\`${event}\``)
                        .join(", ")}; x-sse-events names each event's data schema`,
                    },
                  },
                }
              : {}),
          },
        },
        ...Object.fromEntries(errors.map((s) => [s, { $ref: `#/components/responses/${errorResponse(s).name}` }])),
      },
    });
  }
  // The named schemas go first, innermost first: the generator defines a component where it first meets
  // it, and a component first met through `.nullable()` would otherwise be defined as nullable.
  const named = namedSchemas([
    ErrorResponse,
    ...paths.flatMap(({ op }) => [op.params, op.query, op.body, op.response, ...Object.values(op.events ?? {})]),
  ]);
  const components = [...named.values()].map((schema) => ({ type: "schema" as const, schema }));
  const generator = new OpenApiGeneratorV31([...components, ...registry.definitions], { sortComponents: "alphabetically" });
  const document = generator.generateDocument({
    openapi: "3.1.0",
    info: {
      title: "PromptForge API",
      version,
      description:
        "Write and version prompts, run them on many LLMs paid with credits. Errors share one body: `{ error: { code, message, requestId, details? } }`.",
    },
    servers: [{ url: API_PREFIX }],
  });
  // OpenAPI 3.1 has no per-event schema for text/event-stream: an extension names them (components, so
  // generated clients get their types).
  for (const { spec, method, op } of paths) {
    if (!op.events) continue;
    const media = (
      document.paths as Record<string, Record<string, { responses: Record<string, { content: Record<string, Record<string, unknown>> }> }>>
    )[compilePath(spec.path).openApiPath][method.toLowerCase()].responses[String(op.status ?? 200)].content["text/event-stream"];
    const named = Object.entries(op.events).flatMap(([event, schema]) => {
      const id = schema.meta()?.id;
      return id ? [[event, { $ref: `#/components/schemas/${id}` }]] : [];
    });
    if (named.length > 0) media["x-sse-events"] = Object.fromEntries(named);
  }
  return nullableRefsAsAnyOf(document) as unknown as Record<string, unknown>;
}

const IdempotencyHeader = z.object({
  "Idempotency-Key": z
    .string()
    .regex(/^[A-Za-z0-9._:-]{8,128}$/)
    .optional()
    .meta({ description: "Runs the request at most once per key for 24 h; a retry with the same key and body replays the first answer" }),
});

/**
 * Every schema named with `.meta({ id })` that `roots` use, each before the schemas that contain it.
 * Two different schemas given one name would make one of them document the other: that throws.
 */
export function namedSchemas(roots: (z.ZodType | undefined)[]): Map<string, z.ZodType> {
  const named = new Map<string, z.ZodType>();
  const seen = new Set<unknown>();
  const visit = (node: unknown): void => {
    if (node instanceof z.ZodType) {
      if (seen.has(node)) return;
      seen.add(node);
      Object.values(node._zod.def).forEach(visit);
      if (node instanceof z.ZodDefault || node instanceof z.ZodPrefault) {
        const inner = wrappedId(node.unwrap() as z.ZodType);
        // The generator writes such a use as a bare $ref: the default would vanish from the document.
        if (inner) {
          throw new Error(`${inner} is named and used with .default(): zod-to-openapi 9.1 drops a $ref's default, so leave it unnamed`);
        }
      }
      const id = node.meta()?.id;
      if (typeof id !== "string") return;
      if (named.has(id)) throw new Error(`Two different schemas are named ${id} (.meta({ id })): give each its own name`);
      named.set(id, node);
    } else if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node !== null && typeof node === "object" && Object.getPrototypeOf(node) === Object.prototype) {
      Object.values(node).forEach(visit); // an object's shape
    }
  };
  roots.forEach(visit);
  return named;
}

/** The name of a schema, looking through the wrappers the generator looks through. */
function wrappedId(schema: z.ZodType): string | undefined {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodReadonly) {
    return wrappedId(schema.unwrap() as z.ZodType);
  }
  const id = schema.meta()?.id;
  return typeof id === "string" ? id : undefined;
}

/**
 * zod-to-openapi 9.1 writes a nullable use of a component as `allOf: [{ $ref }, { type: [..., "null"] }]`,
 * which null does not satisfy (it must match the $ref too); OpenAPI 3.1 spells it
 * `anyOf: [{ $ref }, { type: "null" }]` (upstream: asteasolutions/zod-to-openapi#387).
 */
function nullableRefsAsAnyOf<T>(node: T): T {
  if (Array.isArray(node)) return node.map(nullableRefsAsAnyOf) as T;
  if (node === null || typeof node !== "object") return node;
  const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, nullableRefsAsAnyOf(v)])) as Record<string, unknown>;
  const allOf = out.allOf;
  if (!Array.isArray(allOf) || allOf.length !== 2) return out as T;
  const [ref, { type, ...rest }] = allOf as [Record<string, unknown>, Record<string, unknown>];
  if (typeof ref.$ref !== "string" || Object.keys(ref).length !== 1 || !Array.isArray(type) || !type.includes("null")) return out as T;
  const { allOf: _, ...siblings } = out;
  return { ...siblings, anyOf: [ref, { type: "null" }], ...rest } as T;
}
