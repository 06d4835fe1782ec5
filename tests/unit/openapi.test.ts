import { z } from "zod";
import { buildOpenApi } from "../../functions/src/platform/openapi";
import { HTTP_METHODS, operation, type FunctionSpec, type OperationSpec } from "../../functions/src/platform/operation";
import { compilePath } from "../../functions/src/platform/path-pattern";
import { routes } from "../../functions/src/routes";

type Json = Record<string, any>;

const doc = buildOpenApi(routes, "9.8.7") as Json;

/** Follows a local $ref (the generator may inline or reference schemas). */
const resolve = (node: Json): Json => {
  if (typeof node?.$ref !== "string") return node;
  const target = node.$ref.replace(/^#\//, "").split("/").reduce((acc: Json, key: string) => acc?.[key], doc);
  return resolve(target);
};

const operations = Object.entries(routes).flatMap(([functionName, spec]) =>
  HTTP_METHODS.filter((m) => (spec as FunctionSpec).operations[m]).map((method) => ({
    functionName,
    method,
    path: compilePath(spec.path).openApiPath,
    op: (spec as FunctionSpec).operations[method] as OperationSpec,
  })),
);
const documented = (o: (typeof operations)[number]): Json => doc.paths[o.path][o.method.toLowerCase()];

describe("buildOpenApi over the operation table", () => {
  it("is an OpenAPI 3.1.0 document with the given version, served under /api/v1", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: "PromptForge API", version: "9.8.7" });
    expect(doc.servers).toEqual([{ url: "/api/v1" }]);
  });

  it("documents every operation of the table exactly once, and nothing else", () => {
    const ids: string[] = [];
    for (const item of Object.values(doc.paths as Json)) {
      for (const op of Object.values(item as Json)) ids.push((op as Json).operationId);
    }
    expect(ids.sort()).toEqual(operations.map((o) => o.op.operationId).sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("puts each operation at its path and method, with its summary and tag", () => {
    for (const o of operations) {
      expect(documented(o)).toMatchObject({ operationId: o.op.operationId, summary: o.op.summary, tags: [o.op.tag] });
      expect(documented(o).description).toContain(`\`${o.functionName}\``);
    }
  });

  it("does not document the catch-all function", () => {
    expect(Object.keys(doc.paths)).not.toContain("/**");
  });

  it("declares the Firebase ID token bearer scheme", () => {
    expect(doc.components.securitySchemes.firebaseIdToken).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("requires the bearer token on user operations and nothing on public ones", () => {
    for (const o of operations) {
      expect({ id: o.op.operationId, security: documented(o).security }).toEqual({
        id: o.op.operationId,
        security: o.op.auth === "user" ? [{ firebaseIdToken: [] }] : [],
      });
    }
    expect(operations.some((o) => o.op.auth === "user")).toBe(true);
    expect(operations.some((o) => o.op.auth === "public")).toBe(true);
  });

  it("documents the error statuses every operation can answer", () => {
    for (const o of operations) {
      const statuses = Object.keys(documented(o).responses);
      const expected = ["400", "405", "429", "500"];
      if (o.op.auth === "user") expected.push("401");
      if (o.method !== "GET") expected.push("413", "415");
      if (o.op.roles?.length) expected.push("403");
      for (const s of o.op.errors ?? []) expected.push(String(s));
      expect({ id: o.op.operationId, statuses: expect.arrayContaining(expected) }).toEqual({ id: o.op.operationId, statuses });
      expect(statuses).toContain(String(o.op.status ?? 200));
    }
  });

  it("gives every error response the shared error body schema", () => {
    for (const o of operations) {
      for (const [status, response] of Object.entries(documented(o).responses as Json)) {
        if (Number(status) < 400) continue;
        const schema = resolve((response as Json).content["application/json"].schema);
        expect(schema.required).toEqual(["error"]);
        const error = resolve(schema.properties.error);
        expect(error.required).toEqual(["code", "message", "requestId"]);
        expect(Object.keys(error.properties).sort()).toEqual(["code", "details", "message", "requestId"]);
        expect((response as Json).description).toEqual(expect.any(String));
      }
    }
  });

  it("documents path parameters and required JSON request bodies", () => {
    const getUser = operations.find((o) => o.op.operationId === "adminGetUser")!;
    expect(documented(getUser).parameters).toEqual([expect.objectContaining({ name: "uid", in: "path", required: true })]);
    const setRoles = operations.find((o) => o.op.operationId === "adminSetRoles")!;
    expect(documented(setRoles).requestBody).toMatchObject({ required: true, content: { "application/json": { schema: expect.any(Object) } } });
    const getMe = operations.find((o) => o.op.operationId === "getMe")!;
    expect(documented(getMe).requestBody).toBeUndefined();
  });

  it("mentions the rate limit and required roles in the description", () => {
    const setRoles = operations.find((o) => o.op.operationId === "adminSetRoles")!;
    expect(documented(setRoles).description).toBe("Cloud Function `adminUserRoles`. Rate limit: 30 per 60 s per user. Roles: admin.");
    const health = operations.find((o) => o.op.operationId === "getHealth")!;
    expect(documented(health).description).toBe("Cloud Function `health`. Rate limit: 120 per 60 s per IP.");
  });
});

describe("buildOpenApi for a custom table", () => {
  const Item = z.object({ id: z.string() });
  const custom: Record<string, FunctionSpec> = {
    things: {
      path: "/things/{id}",
      secrets: [],
      operations: {
        PUT: operation({
          operationId: "putThing",
          summary: "Create a thing",
          tag: "things",
          auth: "public",
          rateLimit: { points: 10, durationSeconds: 60, store: "local" },
          params: z.object({ id: z.string() }),
          query: z.object({ dryRun: z.enum(["true", "false"]).optional() }),
          body: z.object({ name: z.string() }),
          response: Item,
          status: 201,
          errors: [409, 418],
          handler: async () => async () => ({ id: "x" }),
        }),
      },
    },
  };
  const customDoc = buildOpenApi(custom, "1") as Json;
  const put = customDoc.paths["/things/{id}"].put;

  it("uses the operation's success status", () => {
    expect(Object.keys(put.responses)).toContain("201");
    expect(Object.keys(put.responses)).not.toContain("200");
  });

  it("documents query parameters", () => {
    expect(put.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "id", in: "path", required: true }),
        expect.objectContaining({ name: "dryRun", in: "query", required: false }),
      ]),
    );
  });

  it("lists extra errors, with a generic description for an unusual status", () => {
    expect(Object.keys(put.responses)).toEqual(["201", "400", "405", "409", "413", "415", "418", "429", "500"]);
    expect(put.responses["418"].description).toBe("Error");
    expect(put.responses["409"].description).toBe("Conflict");
  });
});
