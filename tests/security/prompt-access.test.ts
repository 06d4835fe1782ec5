import { startApi, type ApiServer } from "../support/api-server";
import { createUser, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { request } from "../support/http";
import { addMember, createTeam, createVerifiedUser } from "../support/teams";

/**
 * The access matrix: every prompt, project and team operation × every kind of caller, with the
 * status each must get. "other" acts on the owner's personal prompt/project; everyone else on the
 * team's. A caller who cannot see a resource gets 404 (ids cannot be probed), one who can see but
 * not change it 403, no token 401; a rejected request writes nothing.
 */
const testDb = useTestDatabase("prompt_access");
let api: ApiServer;

const COLUMNS = ["owner", "admin", "editor", "viewer", "nonMember", "other", "anon"] as const;
type Column = (typeof COLUMNS)[number];
const users = {} as Record<Exclude<Column, "anon">, TestUser>;
let target: TestUser;

interface Ids {
  teamId: string;
  promptId: string;
  projectId: string;
  targetUid: string;
  ownerUid: string;
}
let teamIds: Ids;
let personalIds: Ids;

interface Case {
  op: string;
  method: string;
  path: (ids: Ids) => string;
  body?: (ids: Ids) => unknown;
  /** Statuses for owner, admin, editor, viewer, nonMember, other, anon. */
  expect: [number, number, number, number, number, number, number];
  /** Run against a prompt created for this cell (the operation destroys it). */
  fresh?: boolean;
}

const READ: Case["expect"] = [200, 200, 200, 200, 404, 404, 401];
const WRITE: Case["expect"] = [200, 200, 200, 403, 404, 404, 401];

const PACKAGE = {
  format: "promptforge.prompt-package",
  formatVersion: 1,
  prompts: [
    {
      sourceId: "imported",
      title: "Imported",
      type: "text",
      versions: [{ version: 1, prompt: "---\npromptforge.type: text\n---\nHi {{name}}\n" }],
    },
  ],
};

const cases: Case[] = [
  { op: "getPrompt", method: "GET", path: (i) => `/prompts/${i.promptId}`, expect: READ },
  { op: "getPrompt by label", method: "GET", path: (i) => `/prompts/${i.promptId}?label=latest`, expect: READ },
  { op: "listPromptVersions", method: "GET", path: (i) => `/prompts/${i.promptId}/versions`, expect: READ },
  { op: "diffPromptVersions", method: "GET", path: (i) => `/prompts/${i.promptId}/diff?from=1&to=1`, expect: READ },
  { op: "listPromptLabels", method: "GET", path: (i) => `/prompts/${i.promptId}/labels`, expect: READ },
  {
    op: "renderPrompt",
    method: "POST",
    path: (i) => `/prompts/${i.promptId}/render`,
    body: () => ({ variables: { name: "Ada" } }),
    expect: READ,
  },
  {
    op: "forkPrompt",
    method: "POST",
    path: (i) => `/prompts/${i.promptId}/fork`,
    body: () => ({}),
    expect: [201, 201, 201, 201, 404, 404, 401],
  },
  { op: "updatePrompt", method: "PATCH", path: (i) => `/prompts/${i.promptId}`, body: () => ({ tags: ["x"] }), expect: WRITE },
  {
    op: "addPromptVersion",
    method: "POST",
    path: (i) => `/prompts/${i.promptId}/versions`,
    body: () => ({ template: "Hi {{name}}" }),
    expect: [201, 201, 201, 403, 404, 404, 401],
  },
  {
    op: "movePromptLabel",
    method: "POST",
    path: (i) => `/prompts/${i.promptId}/labels`,
    body: () => ({ label: "staging", version: 1 }),
    expect: WRITE,
  },
  { op: "archivePrompt", method: "POST", path: (i) => `/prompts/${i.promptId}/archive`, body: () => ({ archived: false }), expect: WRITE },
  { op: "deletePrompt", method: "DELETE", path: (i) => `/prompts/${i.promptId}`, expect: [200, 200, 403, 403, 404, 404, 401], fresh: true },
  {
    op: "createPrompt in a project",
    method: "POST",
    path: () => "/prompts",
    body: (i) => ({ projectId: i.projectId, title: "New", type: "text", template: "x" }),
    expect: [201, 201, 201, 403, 404, 404, 401],
  },
  {
    op: "createProject in a team",
    method: "POST",
    path: () => "/projects",
    body: (i) => ({ name: "P", teamId: i.teamId }),
    expect: [201, 201, 201, 403, 404, 404, 401],
  },
  { op: "exportPrompts of a prompt", method: "GET", path: (i) => `/prompt-packages?promptId=${i.promptId}`, expect: READ },
  { op: "exportPrompts of a project", method: "GET", path: (i) => `/prompt-packages?projectId=${i.projectId}`, expect: READ },
  { op: "exportPrompts of a team", method: "GET", path: (i) => `/prompt-packages?teamId=${i.teamId}`, expect: READ },
  {
    op: "importPrompts into a project",
    method: "POST",
    path: (i) => `/prompt-packages?projectId=${i.projectId}`,
    body: () => PACKAGE,
    expect: WRITE,
  },
  {
    op: "importPrompts into a team",
    method: "POST",
    path: (i) => `/prompt-packages?teamId=${i.teamId}`,
    body: () => PACKAGE,
    expect: WRITE,
  },
  { op: "listProjects of a team", method: "GET", path: (i) => `/projects?teamId=${i.teamId}`, expect: READ },
  { op: "getTeam", method: "GET", path: (i) => `/teams/${i.teamId}`, expect: READ },
  {
    op: "inviteTeamMember",
    method: "POST",
    path: (i) => `/teams/${i.teamId}/invitations`,
    body: () => ({ email: "someone@example.test", role: "viewer" }),
    expect: [201, 201, 403, 403, 404, 404, 401],
  },
  {
    op: "updateTeamMember",
    method: "PATCH",
    path: (i) => `/teams/${i.teamId}/members/${i.targetUid}`,
    body: () => ({ role: "viewer" }),
    expect: [200, 200, 403, 403, 404, 404, 401],
  },
  {
    op: "removeTeamMember (the owner)",
    method: "DELETE",
    path: (i) => `/teams/${i.teamId}/members/${i.ownerUid}`,
    expect: [409, 403, 403, 403, 404, 404, 401],
  },
  {
    op: "transferTeamOwnership (to a non-member)",
    method: "POST",
    path: (i) => `/teams/${i.teamId}/transfer`,
    body: () => ({ uid: "not-a-member" }),
    expect: [409, 403, 403, 403, 404, 404, 401],
  },
];

async function newPrompt(owner: TestUser, projectId?: string): Promise<string> {
  const res = await request(api.baseUrl, "POST", "/prompts", {
    token: owner.idToken,
    body: { projectId, title: "Greeting", type: "text", template: "Hello {{name}}" },
  });
  if (res.status !== 201) throw new Error(`create prompt failed: ${res.status} ${res.text}`);
  return res.json.id;
}

beforeAll(async () => {
  api = await startApi();
  users.owner = await createVerifiedUser("owner");
  for (const c of ["admin", "editor", "viewer"] as const) users[c] = await createVerifiedUser(c);
  users.nonMember = await createUser("nonmember");
  users.other = await createUser("other");
  target = await createVerifiedUser("target");
  const teamId = await createTeam(api.baseUrl, users.owner);
  for (const c of ["admin", "editor", "viewer"] as const) await addMember(api.baseUrl, teamId, users.owner, users[c], c);
  await addMember(api.baseUrl, teamId, users.owner, target, "editor");
  const project = await request(api.baseUrl, "POST", "/projects", { token: users.owner.idToken, body: { name: "Team project", teamId } });
  const personalProject = await request(api.baseUrl, "POST", "/projects", { token: users.owner.idToken, body: { name: "Mine" } });
  teamIds = {
    teamId,
    projectId: project.json.id,
    promptId: await newPrompt(users.owner, project.json.id),
    targetUid: target.uid,
    ownerUid: users.owner.uid,
  };
  personalIds = { ...teamIds, projectId: personalProject.json.id, promptId: await newPrompt(users.owner) };
}, 60_000);
afterAll(() => api.close());

describe.each(cases)("$method $op", (c) => {
  it.each(COLUMNS.map((column, i) => ({ column, status: c.expect[i] })))("$column → $status", async ({ column, status }) => {
    let ids = column === "other" ? personalIds : teamIds;
    if (c.fresh) ids = { ...ids, promptId: await newPrompt(users.owner, column === "other" ? undefined : teamIds.projectId) };
    const before = await testDb.snapshot();
    const res = await request(api.baseUrl, c.method, c.path(ids), {
      token: column === "anon" ? undefined : users[column].idToken,
      body: c.body?.(ids),
    });
    expect({ status: res.status, body: res.status >= 400 ? res.json : "ok" }).toEqual({
      status,
      body: status >= 400 ? expect.objectContaining({ error: expect.objectContaining({ code: expect.any(String) }) }) : "ok",
    });
    if (status >= 400) expect(await testDb.snapshot()).toEqual(before);
  });
});

describe("listing", () => {
  it("shows the team's prompt to every member and to nobody else", async () => {
    for (const column of ["owner", "admin", "editor", "viewer", "nonMember", "other"] as const) {
      const res = await request(api.baseUrl, "GET", "/prompts?limit=100", { token: users[column].idToken });
      expect(res.status).toBe(200);
      const ids = res.json.prompts.map((p: { id: string }) => p.id);
      expect({ column, visible: ids.includes(teamIds.promptId) }).toEqual({ column, visible: !["nonMember", "other"].includes(column) });
      expect({ column, visible: ids.includes(personalIds.promptId) }).toEqual({ column, visible: column === "owner" });
    }
  });

  it("answers an id that does not exist exactly like one the caller may not see", async () => {
    const missing = await request(api.baseUrl, "GET", "/prompts/0123456789abcdef01234567", { token: users.nonMember.idToken });
    const hidden = await request(api.baseUrl, "GET", `/prompts/${teamIds.promptId}`, { token: users.nonMember.idToken });
    expect([missing.status, missing.json.error.code, missing.json.error.message]).toEqual([
      hidden.status,
      hidden.json.error.code,
      hidden.json.error.message,
    ]);
  });
});
