import { startApi, type ApiServer } from "../support/api-server";
import { createUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";

useTestDatabase("projects");
let api: ApiServer;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

describe("GET /projects", () => {
  it("pages the caller's projects oldest first with a cursor, stable while projects are added", async () => {
    const user = await createUser("projects");
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
