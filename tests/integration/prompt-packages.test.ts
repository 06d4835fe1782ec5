import { ObjectId } from "mongodb";
import yazl from "yazl";
import { resetRateLimitersForTests } from "../../functions/src/core/rate-limit/rate-limit-stores";
import { startApi, type ApiServer } from "../support/api-server";
import { createUser, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";

/**
 * Export and import of prompt packages (Dotprompt .prompt files in a JSON document or a zip), driven
 * through the deployed function over HTTP with real tokens: round trips, idempotent re-runs, dry runs,
 * labels only on request, licensed prompts refused, and every kind of bad package answered with a 4xx
 * that changes nothing.
 */
const testDb = useTestDatabase("prompt_packages");
let api: ApiServer;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  api = await startApi();
  [alice, bob] = await Promise.all([createUser("pkg_alice"), createUser("pkg_bob")]);
});
afterAll(() => api.close());
// Export and import are limited to a few calls a minute per user; these tests make many.
beforeEach(() => resetRateLimitersForTests());

const call = (who: TestUser, method: string, path: string, body?: unknown) =>
  request(api.baseUrl, method, path, { token: who.idToken, body });

async function createPrompt(who: TestUser, body: Record<string, unknown>) {
  const res = await call(who, "POST", "/prompts", { type: "text", ...body });
  expect(res.status).toBe(201);
  return res.json as { id: string; version: { version: number } };
}

async function addVersion(who: TestUser, promptId: string, body: Record<string, unknown>) {
  const res = await call(who, "POST", `/prompts/${promptId}/versions`, body);
  expect(res.status).toBe(201);
}

/** A prompt's versions oldest first, as the API shows them, without what differs between copies (ids, times, authors). */
async function versionsOf(who: TestUser, promptId: string) {
  const res = await call(who, "GET", `/prompts/${promptId}/versions?limit=100`);
  expect(res.status).toBe(200);
  return (res.json.versions as Record<string, unknown>[])
    .map(({ version, template, variables, settings, commitMessage }) => ({ version, template, variables, settings, commitMessage }))
    .reverse();
}

async function importPackage(who: TestUser, body: unknown, query = "", contentType = "application/json") {
  return request(api.baseUrl, "POST", `/prompt-packages${query}`, {
    token: who.idToken,
    body: Buffer.isBuffer(body) ? body : JSON.stringify(body),
    headers: { "content-type": contentType },
  });
}

async function exportZip(who: TestUser, query = "") {
  const res = await fetch(`${api.baseUrl}/prompt-packages?format=zip${query}`, { headers: { authorization: `Bearer ${who.idToken}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/zip");
  expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="promptforge-\w+-\d{4}-\d\d-\d\d\.zip"$/);
  return Buffer.from(await res.arrayBuffer());
}

/** A zip of the given entries, written with yazl (names it would refuse are patched in afterwards). */
async function zipOf(entries: [string, string | Buffer][], rename: [string, string][] = []): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of entries) zip.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  let out = Buffer.concat(chunks);
  for (const [from, to] of rename) {
    expect(from.length).toBe(to.length);
    out = Buffer.from(out.toString("latin1").split(from).join(to), "latin1");
  }
  return out;
}

const manifestOf = (prompts: unknown[], projects: unknown[] = []) => ({
  format: "promptforge.prompt-package",
  formatVersion: 1,
  projects,
  prompts,
});
const promptFile = (template: string, front = "") => `---\n${front}promptforge.type: text\n---\n${template}\n`;

describe("export → import round trip", () => {
  let summarize: { id: string };
  let chat: { id: string };
  let projectId: string;

  beforeAll(async () => {
    const project = await call(alice, "POST", "/projects", { name: "Support bots" });
    expect(project.status).toBe(201);
    projectId = project.json.id;
    summarize = await createPrompt(alice, {
      title: "Summarize",
      description: "Short <b>summaries</b>",
      tags: ["writing"],
      template: "Summarize {{text}} in {{words}} words.\n---\nkey: not front matter",
      variables: [
        { name: "text", type: "string", description: "the text, verbatim: with commas, and colons" },
        { name: "words", type: "number", required: false, default: 50 },
      ],
      settings: { model: "openai/gpt-4o", temperature: 0.3, maxTokens: 400 },
      commitMessage: "first",
    });
    await addVersion(alice, summarize.id, {
      template: "Summarize {{text}} briefly.",
      settings: { model: "openai/gpt-4o-mini" },
      commitMessage: "shorter",
    });
    await addVersion(alice, summarize.id, { template: "TL;DR of {{text}}" });
    expect((await call(alice, "POST", `/prompts/${summarize.id}/labels`, { label: "production", version: 2 })).status).toBe(200);
    chat = await createPrompt(alice, {
      projectId,
      type: "chat",
      title: "Support agent",
      template: [
        { role: "system", content: 'Be {{tone}}.\n{{role "user"}}\nis text here, not a role' },
        { role: "user", content: "{{question}}" },
        { role: "assistant", content: "" },
      ],
      variables: [{ name: "tone", type: "enum", values: ["formal", "casual"], default: "formal" }],
    });
  });

  it("JSON: exports every version as a .prompt file; another user's import recreates prompts, versions and project, labels untouched", async () => {
    const exported = await call(alice, "GET", "/prompt-packages");
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toMatch(/^attachment; filename="promptforge-account-\d{4}-\d\d-\d\d\.json"$/);
    const pkg = exported.json;
    expect(pkg).toMatchObject({
      format: "promptforge.prompt-package",
      formatVersion: 1,
      projects: [{ sourceId: projectId, name: "Support bots" }],
    });
    const entry = pkg.prompts.find((p: { sourceId: string }) => p.sourceId === summarize.id);
    expect(entry).toMatchObject({ title: "Summarize", labels: { production: 2 }, projectSourceId: null });
    expect(entry.versions.map((v: { version: number }) => v.version)).toEqual([1, 2, 3]);
    expect(entry.versions[0].prompt).toMatch(
      /^---\nmodel: openai\/gpt-4o\nconfig:\n {2}temperature: 0.3\n {2}maxOutputTokens: 400\ninput:\n {2}schema:/,
    );

    const report = await importPackage(bob, pkg);
    expect(report.status).toBe(200);
    expect(report.json.summary).toEqual({
      prompts: { create: 2, update: 0, unchanged: 0, refused: 0, conflict: 0 },
      versions: { create: 4, unchanged: 0, conflict: 0 },
      projects: { create: 1, existing: 0 },
      labels: { move: 0, unchanged: 0, skipped: 0 },
    });
    const copy = report.json.prompts.find((p: { sourceId: string }) => p.sourceId === summarize.id);
    expect(await versionsOf(bob, copy.promptId)).toEqual(await versionsOf(alice, summarize.id));
    const got = await call(bob, "GET", `/prompts/${copy.promptId}`);
    expect(got.json).toMatchObject({ owner: { kind: "user", uid: bob.uid }, title: "Summarize", tags: ["writing"], labels: { latest: 3 } });
    const chatCopy = report.json.prompts.find((p: { sourceId: string }) => p.sourceId === chat.id);
    expect(await versionsOf(bob, chatCopy.promptId)).toEqual(await versionsOf(alice, chat.id));
    expect((await call(bob, "GET", `/prompts/${chatCopy.promptId}`)).json.projectId).toBe(report.json.projects[0].projectId);
  });

  it("is idempotent: the same package again changes nothing, and labels move only with labels=apply, as the last step", async () => {
    const pkg = (await call(alice, "GET", "/prompt-packages")).json;
    // The DAU marker is the one write an accepted request makes whatever it does.
    const before = await testDb.snapshot({ except: ["user_activity"] });
    const again = await importPackage(bob, pkg);
    expect(again.status).toBe(200);
    expect(again.json.summary.prompts).toMatchObject({ create: 0, update: 0, unchanged: 2 });
    expect(again.json.summary.versions).toEqual({ create: 0, unchanged: 4, conflict: 0 });
    expect(again.json.summary.projects).toEqual({ create: 0, existing: 1 });
    expect(await testDb.snapshot({ except: ["user_activity"] })).toEqual(before);

    const dry = await importPackage(bob, pkg, "?labels=apply&dryRun=true");
    expect(dry.json.summary.labels).toEqual({ move: 1, unchanged: 0, skipped: 0 });
    expect(await testDb.snapshot({ except: ["user_activity"] })).toEqual(before);

    const applied = await importPackage(bob, pkg, "?labels=apply");
    const copy = applied.json.prompts.find((p: { sourceId: string }) => p.sourceId === summarize.id);
    expect(copy.labels).toEqual([{ label: "production", sourceVersion: 2, action: "move", from: null, to: 2 }]);
    expect((await call(bob, "GET", `/prompts/${copy.promptId}`)).json.labels).toEqual({ latest: 3, production: 2 });
    const history = await call(bob, "GET", `/prompts/${copy.promptId}/labels`);
    expect(JSON.stringify(history.json)).toContain("Imported from a package");
    const settled = await testDb.snapshot({ except: ["user_activity"] });
    expect((await importPackage(bob, pkg, "?labels=apply")).json.summary.labels).toEqual({ move: 0, unchanged: 1, skipped: 0 });
    expect(await testDb.snapshot({ except: ["user_activity"] })).toEqual(settled);
  });

  it("a new version in the source reaches an earlier import as one new version; imported back where it came from, nothing changes", async () => {
    await addVersion(alice, summarize.id, { template: "Summarize {{text}} for a child." });
    const pkg = (await call(alice, "GET", `/prompt-packages?promptId=${summarize.id}`)).json;
    expect(pkg.source).toEqual({ scope: "prompt", id: summarize.id });
    const update = await importPackage(bob, pkg);
    const copy = update.json.prompts[0];
    expect(copy.action).toBe("update");
    expect(copy.versions.map((v: { action: string }) => v.action)).toEqual(["unchanged", "unchanged", "unchanged", "create"]);
    expect(await versionsOf(bob, copy.promptId)).toEqual(await versionsOf(alice, summarize.id));
    expect((await call(bob, "GET", `/prompts/${copy.promptId}`)).json.labels).toEqual({ latest: 4, production: 2 });

    const before = await testDb.snapshot({ except: ["user_activity"] });
    const home = await importPackage(alice, pkg, "?labels=apply");
    expect(home.json.prompts[0]).toMatchObject({ action: "unchanged", promptId: summarize.id });
    expect(await testDb.snapshot({ except: ["user_activity"] })).toEqual(before);
  });

  it("zip: the same package as manifest.json + .prompt files round-trips too", async () => {
    const carol = await createUser("pkg_carol");
    const zip = await exportZip(alice, `&projectId=${projectId}`);
    const report = await importPackage(carol, zip, "", "application/zip");
    expect(report.status).toBe(200);
    expect(report.json.summary.prompts.create).toBe(1);
    expect(await versionsOf(carol, report.json.prompts[0].promptId)).toEqual(await versionsOf(alice, chat.id));
    const before = await testDb.snapshot({ except: ["user_activity"] });
    expect((await importPackage(carol, zip, "", "application/zip")).json.summary.versions).toEqual({
      create: 0,
      unchanged: 1,
      conflict: 0,
    });
    expect(await testDb.snapshot({ except: ["user_activity"] })).toEqual(before);
  });

  it("concurrent runs of one import create each prompt and version once", async () => {
    const dave = await createUser("pkg_dave");
    const pkg = (await call(alice, "GET", `/prompt-packages?promptId=${summarize.id}`)).json;
    const runs = await Promise.all(Array.from({ length: 4 }, () => importPackage(dave, pkg)));
    expect(runs.map((r) => (r.status === 200 ? 200 : r.text))).toEqual([200, 200, 200, 200]);
    const db = await testDb.db();
    const prompts = await db.collection("prompts").find({ owner_uid: dave.uid }).toArray();
    expect(prompts).toHaveLength(1);
    const versions = await db.collection("prompt_versions").find({ prompt_id: prompts[0]._id }).sort({ version: 1 }).toArray();
    expect(versions.map((v) => v.template)).toEqual((await versionsOf(alice, summarize.id)).map((v) => v.template));
    // Numbers a losing run allocated stay unused (gaps are possible under concurrency); latest is the newest.
    expect(prompts[0].labels).toEqual({ latest: versions[versions.length - 1].version });
  });

  it("an import cut short by a crash is completed by running it again (idempotent on retry), with nothing written twice", async () => {
    const frank = await createUser("pkg_frank");
    const pkg = (await call(alice, "GET", "/prompt-packages")).json;
    const db = await testDb.db();
    // Crash after the first prompt: only part of the package was written.
    const part = {
      ...pkg,
      prompts: pkg.prompts.slice(0, 1).map((p: { versions: unknown[] }) => ({ ...p, versions: p.versions.slice(0, 2) })),
    };
    expect((await importPackage(frank, part)).status).toBe(200);
    const [first] = await db.collection("prompts").find({ owner_uid: frank.uid }).toArray();
    // Crash between a version's insert and `latest` moving to it.
    await db.collection("prompts").updateOne({ _id: first._id }, { $set: { "labels.latest": 1 } });
    // Crash between a new prompt's first version and the prompt itself: the version is there, the prompt not.
    const whole = await importPackage(frank, pkg, "?dryRun=true");
    const second = whole.json.prompts.find((p: { action: string }) => p.action === "create");
    expect((await importPackage(frank, { ...pkg, prompts: [pkg.prompts[second.index]] })).status).toBe(200);
    await db.collection("prompts").deleteOne({ _id: new ObjectId(second.promptId) });

    const report = await importPackage(frank, pkg);
    expect(report.status).toBe(200);
    const again = report.json.prompts.find((p: { sourceId: string }) => p.sourceId === pkg.prompts[0].sourceId);
    expect(again).toMatchObject({ action: "update", latestRepaired: 2 });
    expect(again.versions.map((v: { action: string }) => v.action)).toEqual(["unchanged", "unchanged", "create", "create"]);
    for (const p of report.json.prompts) {
      const source = pkg.prompts[p.index];
      expect(await versionsOf(frank, p.promptId)).toEqual(await versionsOf(alice, source.sourceId));
    }
    const before = await testDb.snapshot({ except: ["user_activity"] });
    expect((await importPackage(frank, pkg)).json.summary.versions.create).toBe(0);
    expect(await testDb.snapshot({ except: ["user_activity"] })).toEqual(before);
  });

  it("an edited version that no longer matches what was imported is a conflict: that prompt gets nothing", async () => {
    const pkg = (await call(alice, "GET", `/prompt-packages?promptId=${summarize.id}`)).json;
    const edited = structuredClone(pkg);
    edited.prompts[0].versions[1].prompt = edited.prompts[0].versions[1].prompt.replace("briefly", "at length");
    const tampered = await importPackage(bob, edited);
    expectErrorBody(tampered, 400, "invalid_package");
    expect(tampered.json.error.details.problems).toEqual([
      expect.objectContaining({ path: "prompts[0].versions[1].contentHash", code: "hash_mismatch" }),
    ]);

    delete edited.prompts[0].versions[1].contentHash;
    const before = await testDb.snapshot({ except: ["user_activity"] });
    const report = await importPackage(bob, edited);
    expect(report.status).toBe(200);
    expect(report.json.prompts[0]).toMatchObject({ action: "conflict", reason: { code: "version_conflict" } });
    expect(await testDb.snapshot({ except: ["user_activity"] })).toEqual(before);
  });
});

describe("who may export and import what", () => {
  it("exports only what the caller can read and imports only where they can write", async () => {
    const mine = await createPrompt(alice, { title: "Private", template: "secret {{x}}" });
    expectErrorBody(await call(bob, "GET", `/prompt-packages?promptId=${mine.id}`), 404, "not_found");
    const project = (await call(alice, "POST", "/projects", { name: "Alice only" })).json.id;
    expectErrorBody(await call(bob, "GET", `/prompt-packages?projectId=${project}`), 404, "not_found");
    const before = await testDb.snapshot({ except: ["user_activity"] });
    const pkg = manifestOf([{ sourceId: "p1", title: "T", type: "text", versions: [{ version: 1, prompt: promptFile("Hi") }] }]);
    expectErrorBody(await importPackage(bob, pkg, `?projectId=${project}`), 404, "not_found");
    expectErrorBody(await importPackage(bob, pkg, `?teamId=${new ObjectId().toHexString()}`), 404, "not_found");
    expect(await testDb.snapshot({ except: ["user_activity"] })).toEqual(before);
  });

  it("refuses licensed (bought) prompts, also when the package no longer says so", async () => {
    const bought = await createPrompt(bob, { title: "Bought", template: "Paid content {{topic}}" });
    const db = await testDb.db();
    await db
      .collection("prompts")
      .updateOne({ _id: new ObjectId(bought.id) }, { $set: { licensed_from: { listingId: "l1", licenceId: "c1" } } });
    const pkg = (await call(bob, "GET", `/prompt-packages?promptId=${bought.id}`)).json;
    expect(pkg.prompts[0].licensedFrom).toEqual({ listingId: "l1", licenceId: "c1" });
    expect(pkg.prompts[0].versions[0].prompt).toContain("promptforge.licensedFrom:");
    const before = await testDb.snapshot({ except: ["user_activity"] });
    const marked = await importPackage(bob, pkg);
    expect(marked.json.prompts[0]).toMatchObject({ action: "refused", reason: { code: "licensed_content" } });
    // Stripped of every mark and given a new id: the content is still what bob holds only under a licence.
    const stripped = structuredClone(pkg);
    delete stripped.prompts[0].licensedFrom;
    stripped.prompts[0].sourceId = "laundered";
    stripped.prompts[0].versions[0].prompt = stripped.prompts[0].versions[0].prompt.replace(/promptforge\.licensedFrom:\n( {2}.*\n)+/, "");
    const laundered = await importPackage(bob, stripped);
    expect(laundered.json.prompts[0]).toMatchObject({ action: "refused", reason: { code: "licensed_content" } });
    expect(await testDb.snapshot({ except: ["user_activity"] })).toEqual(before);
  });
});

describe("bad packages: a clear 4xx, every problem with its path, nothing written", () => {
  const valid = () =>
    manifestOf(
      [
        { sourceId: "a", projectSourceId: "proj", title: "A", type: "text", versions: [{ version: 1, prompt: promptFile("Hi {{name}}") }] },
        { sourceId: "b", title: "B", type: "text", versions: [{ version: 1, prompt: promptFile("Bye") }] },
      ],
      [{ sourceId: "proj", name: "P" }],
    );

  async function expectRefused(
    res: Awaited<ReturnType<typeof importPackage>>,
    status: number,
    code: string,
    problems?: { path: string; code: string }[],
  ) {
    expectErrorBody(res, status, code);
    if (problems) expect(res.json.error.details.problems).toEqual(expect.arrayContaining(problems.map((p) => expect.objectContaining(p))));
  }

  let before: Record<string, unknown[]>;
  let eve: TestUser;
  beforeAll(async () => {
    eve = await createUser("pkg_eve");
  });
  beforeEach(async () => {
    before = await testDb.snapshot({ except: ["user_activity"] });
  });
  afterEach(async () => {
    expect(await testDb.snapshot({ except: ["user_activity"] })).toEqual(before);
  });

  it("lists every problem of a malformed JSON package, in every file, and imports none of the valid prompts", async () => {
    const pkg = valid() as Record<string, any>;
    pkg.prompts.push(
      { sourceId: "a", title: "dup", type: "text", versions: [{ version: 1, prompt: promptFile("x") }] },
      { sourceId: "c", title: "C", type: "text", versions: [{ version: 1, prompt: "---\nmodel: [oops\n---\nHi\n" }] },
      {
        sourceId: "d",
        title: "D",
        type: "chat",
        labels: { production: 9 },
        versions: [
          { version: 2, prompt: promptFile("x") },
          { version: 1, prompt: promptFile("y") },
        ],
      },
      {
        sourceId: "e",
        title: "E",
        type: "text",
        projectSourceId: "nope",
        extra: 1,
        versions: [{ version: 1, prompt: promptFile("{{n}}", "input:\n  schema: { n: number }\n  default: { n: abc }\n") }],
      },
    );
    await expectRefused(await importPackage(eve, pkg), 400, "invalid_package", [
      { path: "prompts[2].sourceId", code: "duplicate_source_id" },
      { path: "prompts[3].versions[0].frontMatter", code: "invalid_yaml" },
      { path: "prompts[4].versions[0].promptforge.type", code: "type_mismatch" },
      { path: "prompts[4].versions[1].version", code: "version_order" },
      { path: "prompts[4].labels.production", code: "unknown_version" },
      { path: "prompts[5].extra", code: "unknown_field" },
      { path: "prompts[5].projectSourceId", code: "unknown_project" },
      { path: "prompts[5].versions[0].input", code: "invalid_variable_default" },
    ]);
  });

  it.each([
    ["JSON that is not an object", "[1, 2]", "application/json", 400, "invalid_package"],
    ["a zip that is only a header", "PK\u0003\u0004", "application/zip", 400, "invalid_package"],
    ["another format", JSON.stringify({ format: "langfuse", formatVersion: 1, prompts: [] }), "application/json", 400, "invalid_package"],
    [
      "a newer format version",
      JSON.stringify({ format: "promptforge.prompt-package", formatVersion: 2, prompts: [] }),
      "application/json",
      400,
      "invalid_package",
    ],
    ["an operator key", JSON.stringify({ ...manifestOf([]), $where: 1 }), "application/json", 400, "invalid_package"],
    ["an empty body", "", "application/json", 400, "invalid_package"],
    ["another media type", "a,b", "text/csv", 415, "unsupported_media_type"],
  ])("refuses %s", async (_what, body, type, status, code) => {
    await expectRefused(await importPackage(eve, Buffer.from(body), "", type), status, code);
  });

  it("refuses malformed JSON (the Functions Framework's parser answers 400 before our code runs)", async () => {
    const res = await importPackage(eve, Buffer.from('{"format": '));
    expect(res.status).toBe(400);
    expect(res.text).not.toMatch(/\n\s+at |node_modules/);
  });

  it("refuses a package over the request limit before reading it", async () => {
    const huge = { ...manifestOf([]), blob: "b".repeat(10 * 1024 * 1024 + 1) };
    await expectRefused(await importPackage(eve, huge), 413, "payload_too_large");
  });

  it("refuses more prompts than a package holds", async () => {
    const prompts = Array.from({ length: 1_001 }, (_, i) => ({
      sourceId: `p${i}`,
      title: "T",
      type: "text",
      versions: [{ version: 1, prompt: "x" }],
    }));
    await expectRefused(await importPackage(eve, manifestOf(prompts)), 400, "invalid_package", [{ path: "prompts", code: "too_big" }]);
  });

  it("refuses a corrupt or truncated zip", async () => {
    await expectRefused(
      await importPackage(eve, Buffer.from("PK\u0003\u0004 not really a zip"), "", "application/zip"),
      400,
      "invalid_package",
      [{ path: "(zip)", code: "invalid_zip" }],
    );
    const zip = await zipOf([["manifest.json", JSON.stringify(manifestOf([]))]]);
    await expectRefused(await importPackage(eve, zip.subarray(0, zip.length - 10), "", "application/zip"), 400, "invalid_package", [
      { path: "(zip)", code: "invalid_zip" },
    ]);
  });

  it("stops a zip bomb at the size limit (30 MB of zeros in a small upload)", async () => {
    const bomb = await zipOf([
      [
        "manifest.json",
        JSON.stringify(manifestOf([{ sourceId: "a", title: "A", type: "text", versions: [{ version: 1, file: "a.prompt" }] }])),
      ],
      ["a.prompt", Buffer.alloc(30 * 1024 * 1024)],
    ]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expectRefused(await importPackage(eve, bomb, "", "application/zip"), 400, "invalid_package", [
      { path: "(zip)", code: "package_too_large" },
    ]);
  });

  it("refuses names that escape the archive, duplicate names, stray files and a missing manifest", async () => {
    const manifest = JSON.stringify(
      manifestOf([{ sourceId: "a", title: "A", type: "text", versions: [{ version: 1, file: "a.prompt" }] }]),
    );
    const traversal = await zipOf(
      [
        ["manifest.json", manifest],
        ["a.prompt", promptFile("Hi")],
        ["xx/evil.prompt", promptFile("evil")],
      ],
      [["xx/evil.prompt", "../evil.prompt"]],
    );
    await expectRefused(await importPackage(eve, traversal, "", "application/zip"), 400, "invalid_package", [
      { path: "(zip)", code: "invalid_zip" },
    ]);
    const absolute = await zipOf(
      [
        ["manifest.json", manifest],
        ["a.prompt", promptFile("Hi")],
        ["xetc/x.prompt", "x"],
      ],
      [["xetc/x.prompt", "/etc/x.prompt"]],
    );
    await expectRefused(await importPackage(eve, absolute, "", "application/zip"), 400, "invalid_package", [
      { path: "(zip)", code: "invalid_zip" },
    ]);
    const duplicate = await zipOf([
      ["manifest.json", manifest],
      ["a.prompt", promptFile("Hi")],
      ["a.prompt", promptFile("Other")],
    ]);
    await expectRefused(await importPackage(eve, duplicate, "", "application/zip"), 400, "invalid_package", [
      { path: 'files["a.prompt"]', code: "duplicate_file" },
    ]);
    const stray = await zipOf([
      ["manifest.json", manifest],
      ["a.prompt", promptFile("Hi")],
      ["run.sh", "rm -rf /"],
      ["b.prompt", promptFile("unlisted")],
    ]);
    await expectRefused(await importPackage(eve, stray, "", "application/zip"), 400, "invalid_package", [
      { path: 'files["run.sh"]', code: "unexpected_file" },
      { path: 'files["b.prompt"]', code: "unreferenced_file" },
    ]);
    const noManifest = await zipOf([["a.prompt", promptFile("Hi")]]);
    await expectRefused(await importPackage(eve, noManifest, "", "application/zip"), 400, "invalid_package", [
      { path: "(zip)", code: "missing_manifest" },
    ]);
    const missing = await zipOf([["manifest.json", manifest]]);
    await expectRefused(await importPackage(eve, missing, "", "application/zip"), 400, "invalid_package", [
      { path: "prompts[0].versions[0].file", code: "missing_file" },
    ]);
  });
});
