import { startApi, type ApiServer } from "../support/api-server";
import { createUser, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";

const testDb = useTestDatabase("prompts");
let api: ApiServer;
let user: TestUser;

beforeAll(async () => {
  api = await startApi();
  user = await createUser("prompts");
});
afterAll(() => api.close());

const call = (method: string, path: string, body?: unknown, who: TestUser = user) =>
  request(api.baseUrl, method, path, { token: who.idToken, body });

async function create(body: Record<string, unknown> = {}, who: TestUser = user) {
  const res = await call("POST", "/prompts", { title: "Greeting", type: "text", template: "Hello {{name}}", ...body }, who);
  expect(res.status).toBe(201);
  return res.json;
}

describe("create, read, update", () => {
  it("creates a prompt with version 1, latest on it, sanitized description and search terms", async () => {
    const created = await create({
      description: 'Says <b>hello</b><script>alert(1)</script> <img src=x onerror="x()">politely',
      tags: ["greeting", "greeting", "demo"],
      variables: [{ name: "name", type: "string", description: "who" }],
      settings: { model: "openai/gpt-4o", temperature: 0.2, maxTokens: 100 },
      commitMessage: "first",
    });
    expect(created).toMatchObject({
      owner: { kind: "user", uid: user.uid },
      projectId: null,
      description: "Says <b>hello</b> politely",
      tags: ["greeting", "demo"],
      labels: { latest: 1 },
      archived: false,
      yourRole: "owner",
      version: {
        version: 1,
        template: "Hello {{name}}",
        commitMessage: "first",
        settings: { model: "openai/gpt-4o", temperature: 0.2, maxTokens: 100 },
      },
    });
    const doc = await (await testDb.db()).collection("prompts").findOne({ title: "Greeting", description: "Says <b>hello</b> politely" });
    expect(doc!.search_terms).toEqual(expect.arrayContaining(["greeting", "says", "hello", "politely", "demo", "name"]));
  });

  it("declares undeclared placeholders as required strings", async () => {
    const created = await create({ template: "{{a}} and {{ b }}", variables: [{ name: "a", type: "number" }] });
    expect(created.version.variables).toEqual([
      { name: "a", type: "number", required: true },
      { name: "b", type: "string", required: true },
    ]);
  });

  it("creates a chat prompt and rejects a template of the wrong shape", async () => {
    const chat = await create({
      type: "chat",
      template: [
        { role: "system", content: "Be {{tone}}" },
        { role: "user", content: "Hi" },
      ],
    });
    expect(chat.version.variables.map((v: { name: string }) => v.name)).toEqual(["tone"]);
    const before = await testDb.snapshot();
    expectErrorBody(await call("POST", "/prompts", { title: "x", type: "chat", template: "text" }), 400, "template_type_mismatch");
    expectErrorBody(
      await call("POST", "/prompts", { title: "x", type: "text", template: [{ role: "user", content: "x" }] }),
      400,
      "template_type_mismatch",
    );
    expect(await testDb.snapshot()).toEqual(before);
  });

  it.each([
    ["21 tags", { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, "body.tags"],
    ["a 41-character tag", { tags: ["t".repeat(41)] }, "body.tags.0"],
    ["a temperature above 2", { settings: { temperature: 2.1 } }, "body.settings.temperature"],
    ["a non-integer maxTokens", { settings: { maxTokens: 1.5 } }, "body.settings.maxTokens"],
    ["an unknown chat role", { type: "chat", template: [{ role: "tool", content: "x" }] }, "body.template"],
    ["an enum without values", { variables: [{ name: "name", type: "enum" }] }, "body.variables.0.values"],
    ["a bad variable name", { variables: [{ name: "1x", type: "string" }] }, "body.variables.0.name"],
    ["a template over 100 KB", { template: "x".repeat(100 * 1024 + 1) }, "body.template"],
    ["an empty title", { title: "  " }, "body.title"],
  ])("rejects %s with 400, writing nothing", async (_label, body, field) => {
    const before = await testDb.snapshot();
    const res = await call("POST", "/prompts", { title: "Greeting", type: "text", template: "Hello", ...body });
    expectErrorBody(res, 400, "validation_failed");
    expect(res.json.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(await testDb.snapshot()).toEqual(before);
  });

  it.each([
    ["a default of the wrong type", { variables: [{ name: "name", type: "number", default: "x" }] }, "invalid_variable_default"],
    [
      "a variable declared twice",
      {
        variables: [
          { name: "name", type: "string" },
          { name: "name", type: "string" },
        ],
      },
      "duplicate_variable",
    ],
  ])("rejects %s with 400 %s", async (_label, body, code) => {
    const before = await testDb.snapshot();
    expectErrorBody(await call("POST", "/prompts", { title: "Greeting", type: "text", template: "Hello", ...body }), 400, code);
    expect(await testDb.snapshot()).toEqual(before);
  });

  it("updates metadata and keeps search terms current", async () => {
    const { id } = await create();
    const res = await call("PATCH", `/prompts/${id}`, { title: "Welcome", tags: ["onboarding"], description: "<i>Hi</i> there" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ title: "Welcome", tags: ["onboarding"], description: "<i>Hi</i> there" });
    const doc = await (await testDb.db()).collection("prompts").findOne({ title: "Welcome" });
    expect(doc!.search_terms).toEqual(expect.arrayContaining(["welcome", "onboarding", "hello", "name"]));
    expect(doc!.search_terms).not.toContain("greeting");
    expectErrorBody(await call("PATCH", `/prompts/${id}`, {}), 400, "validation_failed");
  });
});

describe("versions", () => {
  it("numbers versions, moves latest, and reads by version or label", async () => {
    const { id } = await create();
    const v2 = await call("POST", `/prompts/${id}/versions`, { template: "Hi {{name}}", commitMessage: "shorter" });
    expect(v2.status).toBe(201);
    expect(v2.json).toMatchObject({ version: 2, commitMessage: "shorter", createdBy: user.uid });
    expect((await call("GET", `/prompts/${id}`)).json).toMatchObject({ labels: { latest: 2 }, version: { version: 2 } });
    expect((await call("GET", `/prompts/${id}?version=1`)).json.version.template).toBe("Hello {{name}}");
    expect((await call("GET", `/prompts/${id}?label=latest`)).json.version.version).toBe(2);
    expectErrorBody(await call("GET", `/prompts/${id}?label=production`), 404, "label_not_found");
    expectErrorBody(await call("GET", `/prompts/${id}?version=9`), 404, "version_not_found");
    expectErrorBody(await call("GET", `/prompts/${id}?version=1&label=latest`), 400, "version_and_label");
  });

  it("gives 20 concurrent new versions 20 distinct numbers and latest the highest", async () => {
    const { id } = await create();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => call("POST", `/prompts/${id}/versions`, { template: `v${i}` })));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(results.map((r) => r.json.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    expect((await call("GET", `/prompts/${id}`)).json.labels.latest).toBe(21);
    expect(
      await (await testDb.db()).collection("prompt_versions").countDocuments({ version: { $gte: 1 }, prompt_id: { $exists: true } }),
    ).toBeGreaterThanOrEqual(21);
  });

  it("lists versions newest first with a cursor", async () => {
    const { id } = await create();
    for (let i = 0; i < 4; i++) await call("POST", `/prompts/${id}/versions`, { template: `v${i + 2}` });
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await call("GET", `/prompts/${id}/versions?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      seen.push(...page.json.versions.map((v: { version: number }) => v.version));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual([5, 4, 3, 2, 1]);
  });

  it("keeps a version immutable: there is no way to change one, and the type cannot change", async () => {
    const { id } = await create();
    expectErrorBody(
      await call("POST", `/prompts/${id}/versions`, { template: [{ role: "user", content: "x" }] }),
      400,
      "template_type_mismatch",
    );
    expect((await call("PUT", `/prompts/${id}/versions`, { template: "x" })).status).toBe(405);
  });
});

describe("labels", () => {
  it("promotes, rolls back and keeps the history", async () => {
    const { id } = await create();
    await call("POST", `/prompts/${id}/versions`, { template: "v2 {{name}}" });
    await call("POST", `/prompts/${id}/versions`, { template: "v3 {{name}}" });
    expect((await call("POST", `/prompts/${id}/labels`, { label: "production", version: 2 })).json.labels).toEqual({
      latest: 3,
      production: 2,
    });
    await call("POST", `/prompts/${id}/labels`, { label: "production", version: 3, reason: "ship v3" });
    await call("POST", `/prompts/${id}/labels`, { label: "staging", version: 3 });
    const rollback = await call("POST", `/prompts/${id}/labels`, { label: "production", version: 2, reason: "v3 regressed" });
    expect(rollback.json.labels).toEqual({ latest: 3, production: 2, staging: 3 });
    expect((await call("GET", `/prompts/${id}?label=production`)).json.version.template).toBe("v2 {{name}}");
    const labels = await call("GET", `/prompts/${id}/labels`);
    expect(labels.json.labels).toEqual({ latest: 3, production: 2, staging: 3 });
    expect(labels.json.history.map((h: any) => [h.label, h.fromVersion, h.toVersion, h.reason])).toEqual([
      ["production", 3, 2, "v3 regressed"],
      ["staging", null, 3, null],
      ["production", 2, 3, "ship v3"],
      ["production", null, 2, null],
    ]);
    expect(labels.json.history[0].movedBy).toBe(user.uid);
  });

  it("refuses to move latest by hand, to a missing version, or with a bad label name, writing nothing", async () => {
    const { id } = await create();
    const before = await testDb.snapshot();
    expectErrorBody(await call("POST", `/prompts/${id}/labels`, { label: "latest", version: 1 }), 400, "label_reserved");
    expectErrorBody(await call("POST", `/prompts/${id}/labels`, { label: "production", version: 7 }), 404, "version_not_found");
    expectErrorBody(await call("POST", `/prompts/${id}/labels`, { label: "Prod!", version: 1 }), 400, "validation_failed");
    expect(await testDb.snapshot()).toEqual(before);
  });

  it("caps the number of labels", async () => {
    const { id } = await create();
    for (let i = 0; i < 19; i++) expect((await call("POST", `/prompts/${id}/labels`, { label: `l${i}`, version: 1 })).status).toBe(200);
    expectErrorBody(await call("POST", `/prompts/${id}/labels`, { label: "one-too-many", version: 1 }), 409, "too_many_labels");
    expect((await call("POST", `/prompts/${id}/labels`, { label: "l0", version: 1 })).status).toBe(200);
  });
});

describe("diff", () => {
  it("diffs templates line by line with settings and variable changes", async () => {
    const { id } = await create({ template: "line one\nHello {{name}}\nbye", settings: { model: "a/b", temperature: 0.5 } });
    await call("POST", `/prompts/${id}/versions`, {
      template: "line one\nHi {{name}}, {{mood}}\nbye\nPS",
      variables: [{ name: "mood", type: "enum", values: ["happy", "sad"] }],
      settings: { model: "a/b", temperature: 1, maxTokens: 50 },
    });
    const res = await call("GET", `/prompts/${id}/diff?from=1&to=2`);
    expect(res.status).toBe(200);
    expect(res.json.template).toEqual([
      { op: "=", text: "line one" },
      { op: "-", text: "Hello {{name}}" },
      { op: "+", text: "Hi {{name}}, {{mood}}" },
      { op: "=", text: "bye" },
      { op: "+", text: "PS" },
    ]);
    expect(res.json.settings).toEqual([
      { field: "temperature", from: 0.5, to: 1 },
      { field: "maxTokens", from: null, to: 50 },
    ]);
    expect(res.json.variables).toEqual({ added: ["mood"], removed: [], changed: [] });
    expectErrorBody(await call("GET", `/prompts/${id}/diff?from=1&to=3`), 404, "version_not_found");
    expectErrorBody(await call("GET", `/prompts/${id}/diff?from=1`), 400, "validation_failed");
  });
});

describe("fork, archive, delete", () => {
  it("forks a version into a new prompt of the caller's, recording the source", async () => {
    const { id } = await create();
    await call("POST", `/prompts/${id}/versions`, { template: "v2 {{name}}" });
    const other = await createUser("forker");
    expectErrorBody(await call("POST", `/prompts/${id}/fork`, {}, other), 404, "not_found");
    const fork = await call("POST", `/prompts/${id}/fork`, { version: 1, title: "My copy" });
    expect(fork.status).toBe(201);
    expect(fork.json).toMatchObject({
      title: "My copy",
      labels: { latest: 1 },
      forkedFrom: { promptId: id, version: 1 },
      version: { version: 1, template: "Hello {{name}}" },
    });
    expect(fork.json.id).not.toBe(id);
  });

  it("archives and restores; archived prompts are listed only when asked for", async () => {
    const { id } = await create({ tags: ["archive-test"] });
    expect((await call("POST", `/prompts/${id}/archive`, { archived: true })).json.archived).toBe(true);
    expect((await call("GET", "/prompts?tag=archive-test")).json.prompts).toEqual([]);
    expect((await call("GET", "/prompts?tag=archive-test&archived=true")).json.prompts.map((p: any) => p.id)).toEqual([id]);
    expect((await call("GET", `/prompts/${id}`)).status).toBe(200);
    await call("POST", `/prompts/${id}/archive`, { archived: false });
    expect((await call("GET", "/prompts?tag=archive-test")).json.prompts.map((p: any) => p.id)).toEqual([id]);
  });

  it("deletes the prompt with its versions and label history", async () => {
    const { id } = await create();
    await call("POST", `/prompts/${id}/labels`, { label: "production", version: 1 });
    expect((await call("DELETE", `/prompts/${id}`)).json).toEqual({ id, deleted: true });
    expectErrorBody(await call("GET", `/prompts/${id}`), 404, "not_found");
    const db = await testDb.db();
    const { ObjectId } = await import("mongodb");
    expect(await db.collection("prompt_versions").countDocuments({ prompt_id: new ObjectId(id) })).toBe(0);
    expect(await db.collection("prompt_label_history").countDocuments({ prompt_id: new ObjectId(id) })).toBe(0);
    expectErrorBody(await call("DELETE", `/prompts/${id}`), 404, "not_found");
  });
});

describe("list", () => {
  let lister: TestUser;
  const titles = ["delta", "alpha", "echo", "charlie", "bravo"];
  beforeAll(async () => {
    lister = await createUser("lister");
    const project = await call("POST", "/projects", { name: "P" }, lister);
    for (const [i, title] of titles.entries()) {
      const p = await create({ title, tags: i % 2 ? ["odd"] : ["even"], projectId: i < 2 ? project.json.id : undefined }, lister);
      if (i === 3) await call("POST", `/prompts/${p.id}/labels`, { label: "production", version: 1 }, lister);
    }
  });

  it.each([
    ["title", ["alpha", "bravo", "charlie", "delta", "echo"]],
    ["created", [...titles].reverse()],
    ["updated", ["bravo", "charlie", "echo", "alpha", "delta"]],
  ])("pages by %s without gaps or repeats", async (sort, expected) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await call("GET", `/prompts?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ""}`, undefined, lister);
      expect(page.status).toBe(200);
      seen.push(...page.json.prompts.map((p: { title: string }) => p.title));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
  });

  it("filters by tag, label and project", async () => {
    const list = async (q: string) =>
      (await call("GET", `/prompts?sort=title&${q}`, undefined, lister)).json.prompts.map((p: any) => p.title);
    expect(await list("tag=odd")).toEqual(["alpha", "charlie"]);
    expect(await list("label=production")).toEqual(["charlie"]);
    const projects = await call("GET", "/projects", undefined, lister);
    expect(await list(`projectId=${projects.json.projects[0].id}`)).toEqual(["alpha", "delta"]);
  });

  it("rejects a cursor it did not issue, or one from another sort", async () => {
    const page = await call("GET", "/prompts?sort=title&limit=1", undefined, lister);
    expectErrorBody(await call("GET", `/prompts?sort=created&cursor=${page.json.nextCursor}`, undefined, lister), 400, "invalid_cursor");
    expectErrorBody(await call("GET", "/prompts?cursor=bm90LWEtY3Vyc29y", undefined, lister), 400, "invalid_cursor");
  });
});

describe("render", () => {
  let id: string;
  beforeAll(async () => {
    const created = await create({
      template: "Dear {{name}}, you are {{age}} and {{mood}}. Data: {{data}}. {{note}}",
      variables: [
        { name: "name", type: "string" },
        { name: "age", type: "number" },
        { name: "mood", type: "enum", values: ["happy", "sad"], default: "happy" },
        { name: "data", type: "json" },
        { name: "note", type: "string", required: false },
      ],
      settings: { model: "auto:cheapest", temperature: 0 },
    });
    id = created.id;
  });

  it("fills every variable type, applies defaults and leaves optional ones empty", async () => {
    const res = await call("POST", `/prompts/${id}/render`, { variables: { name: "Ada {{age}}", age: 36, data: { a: [1, "x"] } } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      version: 1,
      type: "text",
      text: 'Dear Ada {{age}}, you are 36 and happy. Data: {"a":[1,"x"]}. ',
      settings: { model: "auto:cheapest", temperature: 0 },
      variables: { name: "Ada {{age}}", age: 36, mood: "happy", data: { a: [1, "x"] } },
    });
  });

  it("renders chat messages at a label", async () => {
    const chat = await create({
      type: "chat",
      template: [
        { role: "system", content: "Be {{tone}}" },
        { role: "user", content: "{{q}}" },
      ],
    });
    await call("POST", `/prompts/${chat.id}/labels`, { label: "production", version: 1 });
    await call("POST", `/prompts/${chat.id}/versions`, { template: [{ role: "user", content: "changed" }] });
    const res = await call("POST", `/prompts/${chat.id}/render`, { label: "production", variables: { tone: "brief", q: "Why?" } });
    expect(res.json.messages).toEqual([
      { role: "system", content: "Be brief" },
      { role: "user", content: "Why?" },
    ]);
  });

  it.each([
    ["missing required variables", {}, "missing_variables", { missing: ["name", "age", "data"] }],
    [
      "a number given as a string",
      { name: "a", age: "36", data: 1 },
      "invalid_variables",
      { invalid: [{ name: "age", message: "must be a finite number" }] },
    ],
    [
      "a string given as a number",
      { name: 5, age: 1, data: 1 },
      "invalid_variables",
      { invalid: [{ name: "name", message: "must be a string" }] },
    ],
    [
      "a value outside the enum",
      { name: "a", age: 1, data: 1, mood: "angry" },
      "invalid_variables",
      { invalid: [{ name: "mood", message: "must be one of: happy, sad" }] },
    ],
    [
      "a JSON null for a string",
      { name: null, age: 1, data: 1 },
      "invalid_variables",
      { invalid: [{ name: "name", message: "must be a string" }] },
    ],
    [
      "several problems at once",
      { name: 1, age: "x", data: 1, mood: 3 },
      "invalid_variables",
      {
        invalid: [
          { name: "name", message: "must be a string" },
          { name: "age", message: "must be a finite number" },
          { name: "mood", message: "must be one of: happy, sad" },
        ],
      },
    ],
    ["an unknown variable", { name: "a", age: 1, data: 1, extra: 1 }, "unknown_variables", { unknown: ["extra"] }],
  ])("rejects %s with 400 naming them, writing nothing", async (_label, variables, code, details) => {
    const before = await testDb.snapshot();
    const res = await call("POST", `/prompts/${id}/render`, { variables });
    expectErrorBody(res, 400, code);
    expect(res.json.error.details).toEqual(details);
    expect(await testDb.snapshot()).toEqual(before);
  });

  it("rejects a version that does not exist", async () => {
    expectErrorBody(await call("POST", `/prompts/${id}/render`, { version: 4, variables: {} }), 404, "version_not_found");
  });
});

describe("user-chosen map keys never resolve to Object.prototype members", () => {
  it("treats constructor as an ordinary label: absent until moved, then exactly the version it points at", async () => {
    const prompt = await create({ template: "v1" });
    expect((await call("POST", `/prompts/${prompt.id}/versions`, { template: "v2" })).status).toBe(201);
    for (const label of ["constructor", "prototype"]) {
      expectErrorBody(await call("GET", `/prompts/${prompt.id}?label=${label}`), 404, "label_not_found");
      expectErrorBody(await call("POST", `/prompts/${prompt.id}/render`, { label }), 404, "label_not_found");
    }
    const moved = await call("POST", `/prompts/${prompt.id}/labels`, { label: "constructor", version: 1 });
    expect(moved.json.labels).toEqual({ latest: 2, constructor: 1 });
    expect((await call("GET", `/prompts/${prompt.id}?label=constructor`)).json.version).toMatchObject({ version: 1, template: "v1" });
    expect((await call("POST", `/prompts/${prompt.id}/render`, { label: "constructor" })).json).toMatchObject({ version: 1, text: "v1" });
    const history = (await call("GET", `/prompts/${prompt.id}/labels`)).json.history;
    expect(history[0]).toMatchObject({ label: "constructor", fromVersion: null, toVersion: 1 });
    expect((await call("POST", `/prompts/${prompt.id}/labels`, { label: "constructor", version: 2 })).json.labels).toEqual({
      latest: 2,
      constructor: 2,
    });
    expect((await call("GET", `/prompts/${prompt.id}/labels`)).json.history[0]).toMatchObject({
      label: "constructor",
      fromVersion: 1,
      toVersion: 2,
    });
    expectErrorBody(await call("GET", `/prompts/${prompt.id}?label=__proto__`), 400, "validation_failed");
    expectErrorBody(await call("GET", `/prompts/${prompt.id}?label=toString`), 400, "validation_failed");
  });

  it("treats toString and hasOwnProperty as ordinary variables: missing when not given, their value when given", async () => {
    const prompt = await create({
      template: "A {{toString}} B {{hasOwnProperty}} C {{valueOf}}",
      variables: [{ name: "valueOf", type: "json", required: false }],
    });
    const missing = await call("POST", `/prompts/${prompt.id}/render`, { variables: {} });
    expectErrorBody(missing, 400, "missing_variables");
    expect(missing.json.error.details).toEqual({ missing: ["toString", "hasOwnProperty"] });
    const rendered = await call("POST", `/prompts/${prompt.id}/render`, { variables: { toString: "x", hasOwnProperty: "y" } });
    expect(rendered.json).toMatchObject({ text: "A x B y C ", variables: { toString: "x", hasOwnProperty: "y" } });
    expect(Object.keys(rendered.json.variables)).toEqual(["toString", "hasOwnProperty"]);
  });

  it("refuses (400) variables named like the keys every request body refuses, which could never be given", async () => {
    for (const [template, variables] of [
      ["{{constructor}}", []],
      ["{{__proto__}}", []],
      ["plain", [{ name: "prototype", type: "string" }]],
    ] as const) {
      const res = await call("POST", "/prompts", { title: "Reserved", type: "text", template, variables });
      expectErrorBody(res, 400, "reserved_variable_name");
    }
    expectErrorBody(
      await call("POST", `/prompts/${(await create()).id}/render`, { variables: { constructor: "x" } }),
      400,
      "validation_failed",
    );
  });
});
