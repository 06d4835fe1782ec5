import { startApi, type ApiServer } from "../support/api-server";
import { createUser, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";
import { addMember, createTeam, createVerifiedUser } from "../support/teams";

useTestDatabase("search");
let api: ApiServer;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let sharedTeam: string;
let otherTeam: string;

const call = (method: string, path: string, who: TestUser, body?: unknown) =>
  request(api.baseUrl, method, path, { token: who.idToken, body });

async function create(who: TestUser, body: Record<string, unknown>): Promise<string> {
  const res = await call("POST", "/prompts", who, { type: "text", template: "Hello", ...body });
  expect(res.status).toBe(201);
  return res.json.id;
}

async function search(who: TestUser, query: string) {
  const res = await call("GET", `/search?${query}`, who);
  expect(res.status).toBe(200);
  return res.json as { results: { id: string; title: string; score: number; owner: Record<string, string> }[]; nextCursor: string | null };
}
const titles = async (who: TestUser, query: string) => (await search(who, query)).results.map((r) => r.title);

beforeAll(async () => {
  api = await startApi();
  alice = await createVerifiedUser("search-alice");
  bob = await createVerifiedUser("search-bob");
  carol = await createUser("search-carol");
  sharedTeam = await createTeam(api.baseUrl, bob, "Shared");
  await addMember(api.baseUrl, sharedTeam, bob, alice, "viewer");
  otherTeam = await createTeam(api.baseUrl, carol, "Other");
});
afterAll(() => api.close());

describe("relevance and matching", () => {
  beforeAll(async () => {
    await create(alice, { title: "Notes", description: "a sum of things", tags: ["rank"] });
    await create(alice, { title: "Summary writer", tags: ["rank"] });
    await create(alice, { title: "Misc", description: "summarize this", tags: ["rank"] });
    await create(alice, { title: "Deploy checklist", description: "release steps", tags: ["multi"] });
    await create(alice, { title: "Deploy notes", description: "checklist of release steps", tags: ["multi"] });
    await create(alice, { title: "Release notes", description: "deploy checklist", tags: ["multi"] });
  });

  it("ranks an exact term above prefix matches, and a prefix match in the title above one elsewhere", async () => {
    const res = await search(alice, "q=sum&tags=rank");
    expect(res.results.map((r) => [r.title, r.score])).toEqual([
      ["Notes", 3],
      ["Summary writer", 2],
      ["Misc", 1],
    ]);
    expect(res.results[0]).toEqual({
      id: expect.any(String),
      title: "Notes",
      description: "a sum of things",
      tags: ["rank"],
      type: "text",
      score: 3,
      updatedAt: expect.any(String),
      owner: { kind: "user", uid: alice.uid },
    });
  });

  it("ranks prompts whose titles hold more of the query terms first; every term must match", async () => {
    expect(await titles(alice, "q=deploy+checklist")).toEqual(["Deploy checklist", "Deploy notes", "Release notes"]);
    expect(await titles(alice, "q=deploy+missing")).toEqual([]);
  });

  it("matches the last term as a prefix only, after normalizing case and accents", async () => {
    expect(await titles(alice, "q=CHECK")).toEqual(expect.arrayContaining(["Deploy checklist", "Deploy notes", "Release notes"]));
    expect(await titles(alice, "q=check+deploy")).toEqual([]);
    expect(await titles(alice, `q=${encodeURIComponent("Dépl")}`)).toHaveLength(3);
  });
});

describe("filters and access", () => {
  beforeAll(async () => {
    await create(alice, { title: "Zebra personal text", tags: ["zoo", "a"] });
    await create(alice, { title: "Zebra personal chat", type: "chat", template: [{ role: "user", content: "hi" }], tags: ["zoo"] });
    const archived = await create(alice, { title: "Zebra archived" });
    expect((await call("POST", `/prompts/${archived}/archive`, alice, { archived: true })).status).toBe(200);
    await create(bob, { title: "Zebra bob personal", tags: ["zoo", "a"] });
    // A prompt of the shared team, and one of a team Alice is not in:
    await teamPrompt(bob, sharedTeam, "Zebra shared");
    await teamPrompt(carol, otherTeam, "Zebra other team");
    await create(carol, { title: "Zebra carol personal" });
  });

  async function teamPrompt(who: TestUser, teamId: string, title: string) {
    const project = await call("POST", "/projects", who, { name: `${title} project`, teamId });
    expect(project.status).toBe(201);
    await create(who, { title, projectId: project.json.id });
  }

  it("scope all = own personal prompts + prompts of the caller's teams; never others' or archived ones", async () => {
    expect((await titles(alice, "q=zebra")).sort()).toEqual(["Zebra personal chat", "Zebra personal text", "Zebra shared"]);
    expect(await titles(alice, "q=zebra&scope=mine")).toEqual(expect.arrayContaining(["Zebra personal chat", "Zebra personal text"]));
    expect(await titles(alice, "q=zebra&scope=mine")).toHaveLength(2);
    expect(await titles(alice, "q=zebra&scope=team")).toEqual(["Zebra shared"]);
    expect((await titles(bob, "q=zebra")).sort()).toEqual(["Zebra bob personal", "Zebra shared"]);
    expect((await titles(carol, "q=zebra")).sort()).toEqual(["Zebra carol personal", "Zebra other team"]);
  });

  it("filters by all given tags and by type", async () => {
    expect(await titles(alice, "q=zebra&tags=zoo,a")).toEqual(["Zebra personal text"]);
    expect((await titles(alice, "q=zebra&tags=zoo")).sort()).toEqual(["Zebra personal chat", "Zebra personal text"]);
    expect(await titles(alice, "q=zebra&type=chat")).toEqual(["Zebra personal chat"]);
  });
});

describe("pagination", () => {
  it("pages through every hit once, in order, while new matching prompts are added", async () => {
    const u = await createUser("search-pager");
    for (let i = 0; i < 7; i++) await create(u, { title: i % 2 ? `Walrus ${i}` : `Item ${i}`, description: "walrus walrusology" });
    const seen: string[] = [];
    let cursor: string | null = null;
    let inserted = 0;
    do {
      const page = await search(u, `q=walrus&limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.results.map((r) => r.id));
      const scores = page.results.map((r) => r.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      cursor = page.nextCursor;
      if (cursor && inserted < 3) {
        // Newer, some with the term in the title (higher score: sorts before the cursor), some without.
        await create(u, { title: inserted % 2 ? "Walrus late" : "Late item", description: "walrus" });
        inserted++;
      }
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const all = await search(u, "q=walrus&limit=50");
    const original = all.results.filter((r) => !r.title.startsWith("Late") && r.title !== "Walrus late").map((r) => r.id);
    expect(original).toHaveLength(7);
    for (const id of original) expect(seen).toContain(id);
    // What was seen is in the same relative order as a fresh full listing.
    const order = all.results.map((r) => r.id).filter((id) => seen.includes(id));
    expect(order).toEqual(seen);
  });
});

describe("bad input", () => {
  it.each([
    ["an empty query", "q="],
    ["a query without a usable term", "q=%20-%20a"],
    ["a missing query", "scope=all"],
    ["a query over 200 characters", `q=${"a".repeat(201)}`],
    ["more than 10 terms", `q=${Array.from({ length: 11 }, (_, i) => `w${i}`).join("+")}`],
    ["an unknown scope", "q=x1&scope=everyone"],
    ["an unknown type", "q=x1&type=image"],
    ["a limit over 50", "q=x1&limit=51"],
    ["a forged cursor", `q=x1&cursor=${Buffer.from('{"s":"x"}').toString("base64url")}`],
    ["11 tags", `q=x1&tags=${Array.from({ length: 11 }, (_, i) => `t${i}`).join(",")}`],
  ])("rejects %s with 400", async (_label, query) => {
    const res = await call("GET", `/search?${query}`, alice);
    expectErrorBody(res, 400);
  });

  it("accepts an API key with prompts:read and refuses one without it", async () => {
    const key = async (scopes: string[]) =>
      (await call("POST", "/users/me/api-keys", alice, { name: "search", scopes })).json.key as string;
    const withKey = (k: string) => request(api.baseUrl, "GET", "/search?q=zebra&scope=mine", { token: k });
    const ok = await withKey(await key(["prompts:read"]));
    expect(ok.status).toBe(200);
    expect(ok.json.results.length).toBeGreaterThan(0);
    expectErrorBody(await withKey(await key(["vault:read"])), 403, "insufficient_scope");
  });

  it("needs a token", async () => {
    expectErrorBody(await request(api.baseUrl, "GET", "/search?q=zebra"), 401, "unauthenticated");
  });
});
