import { startApi, type ApiServer } from "../support/api-server";
import { createUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";
import { createTeam, createVerifiedUser } from "../support/teams";
import { setTier } from "../support/tiers";

useTestDatabase("projects");
let api: ApiServer;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe("GET /projects", () => {
  it("pages the caller's projects oldest first with a cursor, stable while projects are added", async () => {
    const user = await createUser("projects");
    await setTier(user.uid, "pro");
    const other = await createUser("projects-other");
    const create = (name: string, who = user) => request(api.baseUrl, "POST", "/projects", { token: who.idToken, body: { name } });
    for (const name of ["p1", "p2", "p3", "p4", "p5"]) expect((await create(name)).status).toBe(201);
    await create("not-mine", other);
    const first = await request(api.baseUrl, "GET", "/projects?limit=2", { token: user.idToken });
    expect(first.json.projects.map((p: { name: string }) => p.name)).toEqual(["p1", "p2"]);
    await create("p6");
    const second = await request(api.baseUrl, "GET", `/projects?limit=2&cursor=${first.json.nextCursor}`, { token: user.idToken });
    expect(second.json.projects.map((p: { name: string }) => p.name)).toEqual(["p3", "p4"]);
    const third = await request(api.baseUrl, "GET", `/projects?limit=5&cursor=${second.json.nextCursor}`, { token: user.idToken });
    expect(third.json).toMatchObject({ projects: [{ name: "p5" }, { name: "p6" }], nextCursor: null });
  });

  it("rejects a cursor it did not issue", async () => {
    const user = await createUser("projects-bad");
    expectErrorBody(await request(api.baseUrl, "GET", "/projects?cursor=bm9wZQ", { token: user.idToken }), 400, "invalid_cursor");
  });
});

describe("the tier's projects", () => {
  it("holds however many creates run at once (free: 3 personal projects)", async () => {
    const user = await createUser("projects-free");
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => request(api.baseUrl, "POST", "/projects", { token: user.idToken, body: { name: `p${i}` } })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    for (const r of results.filter((r) => r.status !== 201)) {
      expectErrorBody(r, 403, "tier_limit_reached");
      expect(r.json.error.details).toEqual({ limit: "projects", max: 3, tier: "free" });
    }
    expect((await request(api.baseUrl, "GET", "/projects", { token: user.idToken })).json.projects).toHaveLength(3);
  });

  it("counts a team's projects against the team owner's tier, apart from their personal ones", async () => {
    const owner = await createVerifiedUser("projects-team-owner");
    const teamId = await createTeam(api.baseUrl, owner, "Team", "free");
    const create = (body: Record<string, unknown>) => request(api.baseUrl, "POST", "/projects", { token: owner.idToken, body });
    for (let i = 0; i < 3; i++) expect((await create({ name: `t${i}`, teamId })).status).toBe(201);
    expectErrorBody(await create({ name: "t3", teamId }), 403, "tier_limit_reached");
    expect((await create({ name: "mine" })).status).toBe(201);
    await setTier(owner.uid, "team");
    expect((await create({ name: "t3", teamId })).status).toBe(201);
  });
});
