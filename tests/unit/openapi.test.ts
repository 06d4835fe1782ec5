import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ErrorResponse } from "../../functions/src/platform/common-schemas";
import { buildOpenApi, namedSchemas } from "../../functions/src/platform/openapi";
import { HTTP_METHODS, operation, type FunctionSpec, type OperationSpec } from "../../functions/src/platform/operation";
import { compilePath } from "../../functions/src/platform/path-pattern";
import { routes } from "../../functions/src/routes";

type Json = Record<string, any>;

const doc = buildOpenApi(routes, "9.8.7") as Json;

/** Follows a local $ref (the generator may inline or reference schemas). */
const resolve = (node: Json): Json => {
  if (typeof node?.$ref !== "string") return node;
  const target = node.$ref
    .replace(/^#\//, "")
    .split("/")
    .reduce((acc: Json, key: string) => acc?.[key], doc);
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
        const schema = resolve(resolve(response as Json).content["application/json"].schema);
        expect(schema.required).toEqual(["error"]);
        const error = resolve(schema.properties.error);
        expect(error.required).toEqual(["code", "message", "requestId"]);
        expect(Object.keys(error.properties).sort()).toEqual(["code", "details", "message", "requestId"]);
        expect(resolve(response as Json).description).toEqual(expect.any(String));
      }
    }
  });

  it("documents path parameters and required JSON request bodies", () => {
    const getUser = operations.find((o) => o.op.operationId === "adminGetUser")!;
    expect(documented(getUser).parameters).toEqual([expect.objectContaining({ name: "uid", in: "path", required: true })]);
    const setRoles = operations.find((o) => o.op.operationId === "adminSetRoles")!;
    expect(documented(setRoles).requestBody).toMatchObject({
      required: true,
      content: { "application/json": { schema: expect.any(Object) } },
    });
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
    expect(put.responses["418"]).toEqual({ $ref: "#/components/responses/Error418" });
    expect(customDoc.components.responses.Error418.description).toBe("Error");
    expect(put.responses["409"]).toEqual({ $ref: "#/components/responses/Conflict" });
    expect(customDoc.components.responses.Conflict.description).toBe("Conflict");
  });

  it("declares only the error responses its operations use", () => {
    expect(Object.keys(customDoc.components.responses).sort()).toEqual([
      "BadRequest",
      "Conflict",
      "ContentTooLarge",
      "Error418",
      "InternalServerError",
      "MethodNotAllowed",
      "TooManyRequests",
      "UnsupportedMediaType",
    ]);
  });
});

/** Every `$ref` in a document, with where it is. */
const refsOf = (node: unknown, at = "#"): { at: string; ref: string }[] => {
  if (Array.isArray(node)) return node.flatMap((v, i) => refsOf(v, `${at}/${i}`));
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([k, v]) => (k === "$ref" ? [{ at, ref: v as string }] : refsOf(v, `${at}/${k}`)));
};
const compactBytes = (d: unknown) => Buffer.byteLength(JSON.stringify(d));

describe("named components", () => {
  it("validates as an OpenAPI 3.1 document, and every component schema as a JSON Schema 2020-12 schema", () => {
    // The validator is ESM-only, which jest (CommonJS here) cannot import: it runs in a child process.
    const script = `
      import { Validator } from "@seriousme/openapi-schema-validator";
      import { createRequire } from "node:module";
      import { readFileSync } from "node:fs";
      const doc = JSON.parse(readFileSync(0, "utf8"));
      const validator = new Validator();
      const result = await validator.validate(structuredClone(doc));
      const Ajv2020 = createRequire(import.meta.resolve("@seriousme/openapi-schema-validator"))("ajv/dist/2020").default;
      const ajv = new Ajv2020({ strict: false });
      const invalidSchemas = Object.entries(doc.components.schemas)
        .filter(([, s]) => !ajv.validateSchema(s))
        .map(([n]) => n + ": " + ajv.errorsText());
      const { valid, errors } = result;
      process.stdout.write(JSON.stringify({ valid, version: validator.version, errors: errors ?? null, invalidSchemas }));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: path.resolve(__dirname, "../.."),
      input: JSON.stringify(doc),
      encoding: "utf8",
    });
    expect(JSON.parse(out)).toEqual({ valid: true, version: "3.1", errors: null, invalidSchemas: [] });
  });

  it("refers to a named component for every request body and success response (the OpenAPI document itself excepted)", () => {
    const inline: string[] = [];
    for (const o of operations) {
      const op = documented(o);
      const success = op.responses[String(o.op.status ?? 200)].content["application/json"].schema;
      if (typeof success.$ref !== "string") inline.push(`${o.op.operationId} response`);
      const body = op.requestBody?.content["application/json"].schema;
      if (body && typeof body.$ref !== "string") inline.push(`${o.op.operationId} body`);
      if (o.op.body) expect({ id: o.op.operationId, body: Boolean(body) }).toEqual({ id: o.op.operationId, body: true });
    }
    // A free-form JSON object: naming it would tell a client nothing.
    expect(inline).toEqual(["getOpenApi response"]);
  });

  it("refers to one shared response, whose body is ErrorResponse, for every error status", () => {
    for (const o of operations) {
      for (const [status, response] of Object.entries(documented(o).responses as Json)) {
        if (Number(status) < 400) continue;
        expect(response).toEqual({ $ref: expect.stringMatching(/^#\/components\/responses\/[A-Z][A-Za-z0-9]+$/) });
      }
    }
    for (const response of Object.values(doc.components.responses as Json)) {
      expect((response as Json).content).toEqual({ "application/json": { schema: { $ref: "#/components/schemas/ErrorResponse" } } });
    }
  });

  it("resolves every $ref, and uses every component it declares", () => {
    const refs = refsOf(doc);
    const dangling = refs.filter(({ ref }) => resolve({ $ref: ref }) === undefined);
    expect(dangling).toEqual([]);
    const used = new Set(refs.map(({ ref }) => ref));
    const declared = [
      ...Object.keys(doc.components.schemas).map((n) => `#/components/schemas/${n}`),
      ...Object.keys(doc.components.responses).map((n) => `#/components/responses/${n}`),
    ];
    expect(declared.filter((r) => !used.has(r))).toEqual([]);
  });

  it("names its components stably: PascalCase, and this exact list (a rename breaks generated clients)", () => {
    const schemas = Object.keys(doc.components.schemas);
    expect(schemas.filter((n) => !/^[A-Z][A-Za-z0-9]*$/.test(n))).toEqual([]);
    expect(schemas).toEqual([
      "AdminCreditsInput",
      "AdminCreditsResponse",
      "AdminPaymentList",
      "AdminPaymentView",
      "AdminUserView",
      "AnalyticsFinding",
      "AnalyticsFindingList",
      "AnalyticsSeries",
      "AnalyzeInput",
      "AnalyzeResponse",
      "ApiKeyList",
      "ApiKeyView",
      "ApiKeyWithSecret",
      "ArchiveInput",
      "AuthAccount",
      "AvailabilityInput",
      "BalanceResponse",
      "BundlePage",
      "BundleView",
      "BuyListingInput",
      "CallMessage",
      "CancelSubscriptionResponse",
      "ChatMessage",
      "CheckoutInput",
      "CheckoutResponse",
      "CompareInput",
      "CompareResponse",
      "CreateApiKeyInput",
      "CreateBundleInput",
      "CreateIdeaInput",
      "CreateListingInput",
      "CreateProjectInput",
      "CreatePromptInput",
      "CreateTeamInput",
      "CreateVaultItemInput",
      "CreateWebhookEndpointInput",
      "CreditPack",
      "DeletedResponse",
      "DeleteIdeaResponse",
      "DeleteMeResponse",
      "DeleteVaultItemResponse",
      "DiffLine",
      "DiffResponse",
      "EarningsSummary",
      "EnhanceInput",
      "EnhanceResponse",
      "ErrorResponse",
      "ExportMeResponse",
      "ForkedLicence",
      "ForkInput",
      "ForkLicenceInput",
      "GenerateIdeasInput",
      "GenerateIdeasResponse",
      "GenerateInput",
      "GenerateResponse",
      "HealthResponse",
      "IdeaList",
      "IdeaView",
      "ImportedPromptReport",
      "ImportReport",
      "InvitationList",
      "InvitationResponseInput",
      "InvitationResult",
      "InvitationState",
      "InvitationSummary",
      "InvitationView",
      "InviteInput",
      "LabelMove",
      "LabelsResponse",
      "LedgerEntryView",
      "LedgerResponse",
      "LicensedContent",
      "LicensedFrom",
      "ListingCategory",
      "ListingPage",
      "ListingPreview",
      "ListingSample",
      "MemberChange",
      "MemberRole",
      "ModelHealth",
      "ModelsResponse",
      "ModerationDecisionInput",
      "ModerationItem",
      "ModerationPage",
      "MoveLabelInput",
      "MyReview",
      "NotificationCategory",
      "NotificationList",
      "NotificationPreferences",
      "NotificationsReadAllResult",
      "NotificationStreamEvent",
      "NotificationUnreadCount",
      "NotificationView",
      "Owner",
      "PackageVersion",
      "PaidCall",
      "PartnerDashboard",
      "PartnerTerms",
      "PartnerTermsInput",
      "PartnerView",
      "PayoutAccountLink",
      "PayoutAccountStatus",
      "PinInput",
      "PortalInput",
      "PortalResponse",
      "Preferences",
      "ProjectList",
      "ProjectView",
      "PromptList",
      "PromptPackage",
      "PromptRef",
      "PromptType",
      "PromptView",
      "PromptWithVersion",
      "ProvidersHealthResponse",
      "PurchasePage",
      "PurchaseResult",
      "PurchaseView",
      "PushDeviceList",
      "PushDeviceRemoved",
      "PushDeviceView",
      "ReadyChecks",
      "ReadyResponse",
      "ReasonCode",
      "ReferralClick",
      "ReferralClickInput",
      "RefundInput",
      "RefundResult",
      "RegisterPushDeviceInput",
      "RenderInput",
      "RenderResponse",
      "ReportedReview",
      "ReportedReviewPage",
      "ReportResult",
      "ReportReviewInput",
      "ResolvePaymentInput",
      "ResolvePaymentResponse",
      "ResponseFormat",
      "RevealedVaultItem",
      "ReviewDecision",
      "ReviewDecisionInput",
      "ReviewInput",
      "ReviewPage",
      "ReviewReportReason",
      "ReviewView",
      "RevokeApiKeyResponse",
      "RotateWebhookSecretInput",
      "SearchResponse",
      "SearchResult",
      "SellerListing",
      "SellerListingPage",
      "SetRolesInput",
      "SetRolesResponse",
      "StreamDeltaEvent",
      "StreamDoneEvent",
      "StreamErrorEvent",
      "StreamStartEvent",
      "SubscriptionResponse",
      "SubscriptionView",
      "TakedownInput",
      "TeamDetail",
      "TeamList",
      "TeamMemberView",
      "TeamRole",
      "TeamView",
      "Template",
      "Theme",
      "Tier",
      "TiersResponse",
      "TransferInput",
      "TryListingInput",
      "TryListingResult",
      "UpdateIdeaInput",
      "UpdateListingInput",
      "UpdateMeInput",
      "UpdateMemberInput",
      "UpdateNotificationPreferencesInput",
      "UpdatePromptInput",
      "UpdateVaultItemInput",
      "UpdateWebhookEndpointInput",
      "UsageView",
      "UserProfile",
      "VariableSpec",
      "VaultItemList",
      "VaultItemView",
      "VaultKind",
      "VersionInput",
      "VersionList",
      "VersionSettings",
      "VersionView",
      "WebhookAck",
      "WebhookAttemptView",
      "WebhookEndpointCreated",
      "WebhookEndpointDeleted",
      "WebhookEndpointList",
      "WebhookEndpointView",
      "WebhookEventType",
      "WebhookEventTypeList",
      "WebhookMessageDetail",
      "WebhookMessageList",
      "WebhookMessageQueued",
      "WebhookMessageState",
      "WebhookMessageView",
      "WebhookReplayInput",
      "WebhookReplayResult",
      "WebhookSecretRotated",
    ]);
    expect(Object.keys(doc.components.responses)).toEqual([
      "BadRequest",
      "Unauthorized",
      "PaymentRequired",
      "Forbidden",
      "NotFound",
      "MethodNotAllowed",
      "Conflict",
      "ContentTooLarge",
      "UnsupportedMediaType",
      "UnprocessableContent",
      "TooManyRequests",
      "InternalServerError",
      "BadGateway",
      "ServiceUnavailable",
      "GatewayTimeout",
    ]);
  });

  it("names each exported schema after its constant", () => {
    const src = path.resolve(__dirname, "../../functions/src");
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => /(\.schema|common-schemas)\.ts$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    const mismatched: string[] = [];
    for (const file of files) {
      for (const [name, value] of Object.entries(require(path.join(src, file)) as Record<string, unknown>)) {
        const id = value instanceof z.ZodType ? value.meta()?.id : undefined;
        if (id !== undefined && id !== name) mismatched.push(`${file}: ${name} is named ${String(id)}`);
      }
    }
    expect(mismatched).toEqual([]);
  });

  it("refers to the nested pieces it reuses: a version in a prompt, a ledger entry in an admin grant, the owner of a prompt", () => {
    const schemas = doc.components.schemas;
    expect(schemas.PromptWithVersion.properties.version).toEqual({ $ref: "#/components/schemas/VersionView" });
    expect(schemas.PromptList.properties.prompts.items).toEqual({ $ref: "#/components/schemas/PromptView" });
    expect(schemas.PromptView.properties.owner).toEqual({ $ref: "#/components/schemas/Owner" });
    expect(schemas.SearchResult.properties.owner).toEqual({ $ref: "#/components/schemas/Owner" });
    expect(schemas.ProjectView.properties.owner).toEqual({ $ref: "#/components/schemas/Owner" });
    expect(schemas.AdminCreditsResponse.properties.entry).toEqual({ $ref: "#/components/schemas/LedgerEntryView" });
    expect(schemas.LedgerResponse.properties.entries.items).toEqual({ $ref: "#/components/schemas/LedgerEntryView" });
    expect(schemas.CompareResponse.properties.results.items.properties.result).toEqual({ $ref: "#/components/schemas/GenerateResponse" });
  });

  it("writes a nullable use of a component as anyOf [$ref, null], and keeps the component itself non-nullable", () => {
    const schemas = doc.components.schemas;
    const nullableRef = (name: string) => ({ anyOf: [{ $ref: `#/components/schemas/${name}` }, { type: "null" }] });
    expect(schemas.SubscriptionResponse.properties.subscription).toEqual(nullableRef("SubscriptionView"));
    expect(schemas.AdminUserView.properties.auth).toEqual(nullableRef("AuthAccount"));
    expect(schemas.AdminUserView.properties.profile).toEqual(nullableRef("UserProfile"));
    expect(schemas.MemberChange.properties.role).toEqual(nullableRef("TeamRole"));
    for (const name of ["SubscriptionView", "AuthAccount", "UserProfile"]) expect(schemas[name].type).toBe("object");
    expect(schemas.TeamRole.enum).not.toContain(null);
  });

  describe("compared with the same document without names", () => {
    const named = namedSchemas([
      ErrorResponse,
      ...operations.flatMap(({ op }) => [op.params, op.query, op.body, op.response, ...Object.values(op.events ?? {})]),
    ]);
    // ErrorResponse stays named: the shared error responses refer to it.
    const unnamed = [...named.values()].filter((s) => s !== ErrorResponse).map((s) => [s, z.globalRegistry.get(s)] as const);
    let plain: Json;
    beforeAll(() => {
      for (const [schema] of unnamed) z.globalRegistry.remove(schema);
      try {
        plain = buildOpenApi(routes, "9.8.7") as Json;
      } finally {
        for (const [schema, meta] of unnamed) z.globalRegistry.add(schema, meta ?? {});
      }
    });

    /** Inlines every $ref, and writes a nullable component use the way the generator writes an inline nullable schema. */
    const inlined = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(inlined);
      if (node === null || typeof node !== "object") return node;
      const { $ref, anyOf, ...rest } = node as Json;
      if (typeof $ref === "string") return { ...(inlined(resolve({ $ref })) as Json), ...(inlined(rest) as Json) };
      if (anyOf?.length === 2 && typeof anyOf[0].$ref === "string" && anyOf[1].type === "null" && Object.keys(anyOf[1]).length === 1) {
        const target = inlined(anyOf[0]) as Json;
        const withNull = { ...target, type: [target.type, "null"].flat(), ...(target.enum ? { enum: [...target.enum, null] } : {}) };
        return { ...withNull, ...(inlined(rest) as Json) };
      }
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inlined(v)]));
    };

    it("says exactly the same thing (naming loses no default, no constraint, no nullability)", () => {
      expect(Object.keys(plain.components.schemas)).toEqual(["ErrorResponse"]);
      // x-sse-events only names the (named) components of streamed events; without names it is left out.
      const withoutSseRefs = (node: unknown): unknown =>
        JSON.parse(JSON.stringify(node, (key, value) => (key === "x-sse-events" ? undefined : value)));
      expect(withoutSseRefs(inlined(doc.paths))).toEqual(withoutSseRefs(inlined(plain.paths)));
    });

    it("is smaller, and less than half the size of the document with every $ref inlined", () => {
      expect(compactBytes(doc)).toBeLessThan(compactBytes(plain));
      const everythingInline = { ...(inlined(doc) as Json), components: { securitySchemes: doc.components.securitySchemes } };
      expect(compactBytes(doc)).toBeLessThan(compactBytes(everythingInline) / 2);
    });
  });

  describe("naming mistakes", () => {
    const table = (response: z.ZodType): Record<string, FunctionSpec> => ({
      things: {
        path: "/things",
        secrets: [],
        operations: {
          GET: operation({
            operationId: "getThings",
            summary: "Things",
            tag: "things",
            auth: "public",
            rateLimit: { points: 10, durationSeconds: 60, store: "local" },
            response,
            handler: async () => async () => ({}),
          }),
        },
      },
    });

    it("refuses two different schemas with one name", () => {
      const a = z.object({ a: z.string() }).meta({ id: "Thing" });
      const b = z.object({ b: z.string() }).meta({ id: "Thing" });
      expect(() => buildOpenApi(table(z.object({ a, b })), "1")).toThrow("Two different schemas are named Thing");
    });

    it("refuses a named schema used with a default, which the generator would drop", () => {
      const settings = z.object({ model: z.string().optional() }).meta({ id: "Settings" });
      const response = z.object({ settings: settings.default({}) });
      expect(() => buildOpenApi(table(response), "1")).toThrow("Settings is named and used with .default()");
    });

    it("defines a component first met through .nullable() as non-nullable", () => {
      const thing = z.object({ id: z.string() }).meta({ id: "Thing" });
      const d = buildOpenApi(table(z.object({ maybe: thing.nullable(), surely: thing }).meta({ id: "ThingPair" })), "1") as Json;
      expect(d.components.schemas.Thing).toEqual({ type: "object", properties: { id: { type: "string" } }, required: ["id"] });
      expect(d.components.schemas.ThingPair.properties).toEqual({
        maybe: { anyOf: [{ $ref: "#/components/schemas/Thing" }, { type: "null" }] },
        surely: { $ref: "#/components/schemas/Thing" },
      });
    });
  });

  it("keeps zod-to-openapi out of the functions: loading every module's table and schemas does not load it", () => {
    const lib = path.resolve(__dirname, "../../functions/lib");
    expect({ built: existsSync(path.join(lib, "routes.js")) }).toEqual({ built: true }); // `npm test` builds first
    const probe = `
      require(${JSON.stringify(path.join(lib, "routes.js"))});
      const { z } = require("zod");
      process.stdout.write(JSON.stringify({
        loaded: Object.keys(require.cache).filter((p) => p.includes("zod-to-openapi")).length,
        patched: typeof z.ZodType.prototype.openapi,
      }));`;
    const out = execFileSync(process.execPath, ["-e", probe], { cwd: path.resolve(__dirname, "../../functions"), encoding: "utf8" });
    expect(JSON.parse(out)).toEqual({ loaded: 0, patched: "undefined" });
  });
});
