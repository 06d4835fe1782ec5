import { MongoCreditLedger } from "../../functions/src/core/credits/ledger";
import { overrideServicesForTests } from "../../functions/src/services";
import { costCredits } from "../../functions/src/core/llm/llm-router-types";
import { DEMO_MODELS } from "../../functions/src/core/llm/providers/demo-provider";
import { startApi, type ApiServer } from "../support/api-server";
import { scriptedRouter } from "../support/scripted-router";
import { createUser, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";

/** POST /ideas/generate with a scripted router (paid, validated JSON, never saved) and the saved ideas' CRUD. */
const testDb = useTestDatabase("ideas");
const echo = DEMO_MODELS[0];
const usage = { inputTokens: 100, outputTokens: 50 };
const { router, state } = scriptedRouter(echo, usage);
let api: ApiServer;
let alice: TestUser;
let bob: TestUser;

const restore = overrideServicesForTests({ llm: async () => router });

beforeAll(async () => {
  api = await startApi();
  [alice, bob] = await Promise.all([createUser("ideas-alice"), createUser("ideas-bob")]);
});
afterAll(async () => {
  restore();
  await api.close();
});

async function fundedUser(amount = 100) {
  const user = await createUser("ideas-gen");
  await new MongoCreditLedger(await testDb.db(), () => new Date()).grant({
    uid: user.uid,
    amount,
    idempotencyKey: `t:${user.uid}`,
    actor: "system:test",
    reason: "t",
    cause: { kind: "test", id: "a" },
  });
  return user;
}
const balance = async (uid: string) => (await new MongoCreditLedger(await testDb.db(), () => new Date()).account(uid)).balance;
const perCall = costCredits(echo, usage);
const generate = (user: TestUser, body: unknown) => request(api.baseUrl, "POST", "/ideas/generate", { token: user.idToken, body });
const call = (user: TestUser, method: string, path: string, body?: unknown) =>
  request(api.baseUrl, method, path, { token: user.idToken, body });
const countIdeas = async () => (await testDb.db()).collection("prompt_ideas").countDocuments();
const ideaJson = (n: number) => ({
  title: `Idea ${n}`,
  prompt: `Write a welcome email for {{product}} (${n})`,
  tags: ["email", "onboarding"],
});

describe("POST /ideas/generate", () => {
  it("returns validated ideas, settles exactly what the model cost, records usage and saves nothing", async () => {
    const user = await fundedUser();
    state.answers = ["```json\n" + JSON.stringify({ ideas: [ideaJson(1), ideaJson(2), ideaJson(3)] }) + "\n```"];
    const res = await generate(user, { topic: "Onboarding emails", count: 2 });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      topic: "Onboarding emails",
      ideas: [ideaJson(1), ideaJson(2)],
      call: { model: echo.id, usage, cost: { credits: perCall }, attempts: 1 },
    });
    expect(await balance(user.uid)).toBe(100 - perCall);
    const events = await (await testDb.db()).collection("usage_events").find({ uid: user.uid }).toArray();
    expect(events).toEqual([expect.objectContaining({ operation: "ideas", outcome: "ok", credits: perCall })]);
    expect(JSON.stringify(events)).not.toContain("Onboarding");
    expect(await countIdeas()).toBe(0);
  });

  it("defaults tags to [] and retries invalid JSON once", async () => {
    const user = await fundedUser();
    state.answers = ["Here are some ideas!", JSON.stringify({ ideas: [{ title: "T", prompt: "P" }] })];
    const res = await generate(user, { topic: "haiku" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      ideas: [{ title: "T", prompt: "P", tags: [] }],
      call: { attempts: 2, cost: { credits: 2 * perCall } },
    });
    expect(await balance(user.uid)).toBe(100 - 2 * perCall);
  });

  it.each([
    ["not JSON", ["nope", "still nope"]],
    [
      "too many tags",
      [
        JSON.stringify({ ideas: [{ ...ideaJson(1), tags: ["a", "b", "c", "d", "e", "f"] }] }),
        JSON.stringify({ ideas: [{ ...ideaJson(1), tags: ["a", "b", "c", "d", "e", "f"] }] }),
      ],
    ],
    [
      "an over-long title and extra fields",
      [
        JSON.stringify({ ideas: [{ ...ideaJson(1), title: "t".repeat(121) }] }),
        JSON.stringify({ ideas: [{ ...ideaJson(1), html: "<script>" }] }),
      ],
    ],
    ["no ideas", [JSON.stringify({ ideas: [] }), JSON.stringify({})]],
  ])("answers 502 after two invalid answers (%s), charging only the two vendor calls", async (_what, answers) => {
    const user = await fundedUser();
    state.answers = [...answers];
    const res = await generate(user, { topic: "t" });
    expectErrorBody(res, 502, "invalid_model_output");
    expect(res.text).not.toMatch(/nope|script|Idea 1/);
    expect(await balance(user.uid)).toBe(100 - 2 * perCall);
    const reservations = await (await testDb.db()).collection("reservations").find({ user_id: user.uid }).toArray();
    expect(reservations.map((r) => r.state)).toEqual(["settled", "settled"]);
  });

  it("rejects bad input with 400 before any credit moves", async () => {
    const user = await fundedUser();
    for (const body of [
      {},
      { topic: "" },
      { topic: "t".repeat(201) },
      { topic: "t", count: 0 },
      { topic: "t", count: 11 },
      { topic: "t", count: 2.5 },
      { topic: "t", extra: 1 },
    ]) {
      expectErrorBody(await generate(user, body), 400, "validation_failed");
    }
    expect(await balance(user.uid)).toBe(100);
  });
});

describe("saved ideas", () => {
  it("creates, reads, lists, updates and deletes an idea", async () => {
    const created = await call(alice, "POST", "/ideas", {
      title: "  Welcome email  ",
      prompt: "Write a welcome email for {{product}}",
      tags: ["email"],
      topic: "Onboarding",
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(created.json).toEqual({
      id,
      title: "Welcome email",
      prompt: "Write a welcome email for {{product}}",
      tags: ["email"],
      topic: "Onboarding",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await call(alice, "GET", `/ideas/${id}`)).json).toEqual(created.json);
    expect((await call(alice, "GET", "/ideas")).json.ideas.map((i: { id: string }) => i.id)).toContain(id);

    const updated = await call(alice, "PATCH", `/ideas/${id}`, { title: "Welcome", tags: ["email", "b2b"] });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({
      id,
      title: "Welcome",
      prompt: "Write a welcome email for {{product}}",
      tags: ["email", "b2b"],
      topic: "Onboarding",
    });

    expect((await call(alice, "DELETE", `/ideas/${id}`)).json).toEqual({ id, deleted: true });
    expectErrorBody(await call(alice, "GET", `/ideas/${id}`), 404, "not_found");
    expectErrorBody(await call(alice, "DELETE", `/ideas/${id}`), 404, "not_found");
  });

  it("paginates newest first with a cursor, filters by tag, and refuses a cursor it did not issue", async () => {
    const user = await createUser("ideas-pages");
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await call(user, "POST", "/ideas", { title: `Idea ${i}`, prompt: "p", tags: i % 2 ? ["odd"] : [] });
      ids.push(res.json.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof call>> = await call(user, "GET", `/ideas?limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      expect(page.json.ideas.length).toBeLessThanOrEqual(3);
      seen.push(...page.json.ideas.map((i: { id: string }) => i.id));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const odd = await call(user, "GET", "/ideas?tag=odd");
    expect(odd.json.ideas.map((i: { title: string }) => i.title)).toEqual(["Idea 5", "Idea 3", "Idea 1"]);
    expectErrorBody(await call(user, "GET", "/ideas?cursor=bm90LW91cnM"), 400, "invalid_cursor");
  });

  it("hides another user's idea: 404 for read, update and delete, and it stays unchanged", async () => {
    const created = await call(alice, "POST", "/ideas", { title: "Private", prompt: "mine" });
    const id = created.json.id as string;
    expectErrorBody(await call(bob, "GET", `/ideas/${id}`), 404, "not_found");
    expectErrorBody(await call(bob, "PATCH", `/ideas/${id}`, { title: "Stolen" }), 404, "not_found");
    expectErrorBody(await call(bob, "DELETE", `/ideas/${id}`), 404, "not_found");
    expect((await call(bob, "GET", "/ideas")).json.ideas.map((i: { id: string }) => i.id)).not.toContain(id);
    expect((await call(alice, "GET", `/ideas/${id}`)).json).toEqual(created.json);
  });

  it("rejects bad input with 400 and writes nothing", async () => {
    const existing = await call(alice, "POST", "/ideas", { title: "Keep", prompt: "keep" });
    const before = await testDb.snapshot();
    for (const body of [
      {},
      { title: "", prompt: "p" },
      { title: "t".repeat(121), prompt: "p" },
      { title: "t", prompt: "p".repeat(4_001) },
      { title: "t", prompt: "p", tags: ["a", "b", "c", "d", "e", "f"] },
      { title: "t", prompt: "p", topic: "t".repeat(201) },
      { title: "t", prompt: "p", uid: bob.uid },
      { title: { $gt: "" }, prompt: "p" },
    ]) {
      expectErrorBody(await call(alice, "POST", "/ideas", body), 400, "validation_failed");
    }
    for (const body of [{}, { topic: "x" }, { prompt: "" }, { tags: ["t".repeat(41)] }]) {
      expectErrorBody(await call(alice, "PATCH", `/ideas/${existing.json.id}`, body), 400, "validation_failed");
    }
    expectErrorBody(await call(alice, "GET", "/ideas/not-an-id"), 400, "validation_failed");
    expectErrorBody(await call(alice, "GET", "/ideas?limit=101"), 400, "validation_failed");
    expect(await testDb.snapshot()).toEqual(before);
  });
});
