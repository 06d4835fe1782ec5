import { createHash } from "node:crypto";
import { ObjectId } from "mongodb";
import { startApi, type ApiServer } from "../support/api-server";
import { createUser, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";
import { addMember, createTeam, createVerifiedUser } from "../support/teams";

const testDb = useTestDatabase("teams");
let api: ApiServer;
let owner: TestUser;

beforeAll(async () => {
  api = await startApi();
  owner = await createVerifiedUser("team-owner");
});
afterAll(() => api.close());

const call = (who: TestUser, method: string, path: string, body?: unknown) => request(api.baseUrl, method, path, { token: who.idToken, body });

describe("invitations", () => {
  it("shows the token once, stores only its hash, and adds the invited verified user with the role", async () => {
    const teamId = await createTeam(api.baseUrl, owner, "Writers");
    const invitee = await createVerifiedUser("invitee");
    const invite = await call(owner, "POST", `/teams/${teamId}/invitations`, { email: invitee.email.toUpperCase(), role: "editor" });
    expect(invite.status).toBe(201);
    expect(invite.json).toMatchObject({ teamId, email: invitee.email.toLowerCase(), role: "editor", token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const stored = await (await testDb.db()).collection("team_invitations").findOne({ _id: new ObjectId(invite.json.id) });
    expect(stored!.token_hash).toBe(createHash("sha256").update(invite.json.token).digest("hex"));
    expect(JSON.stringify(stored)).not.toContain(invite.json.token);

    const accepted = await call(invitee, "POST", "/team-invitations/respond", { token: invite.json.token, decision: "accept" });
    expect(accepted.json).toEqual({ teamId, decision: "accept", role: "editor" });
    const team = await call(invitee, "GET", `/teams/${teamId}`);
    expect(team.json).toMatchObject({ name: "Writers", yourRole: "editor" });
    expect(team.json.members.map((m: any) => [m.uid, m.role])).toEqual([
      [owner.uid, "owner"],
      [invitee.uid, "editor"],
    ]);
    expect((await call(invitee, "GET", "/teams")).json.teams.map((t: any) => [t.id, t.yourRole])).toEqual([[teamId, "editor"]]);
    expectErrorBody(await call(invitee, "POST", "/team-invitations/respond", { token: invite.json.token, decision: "accept" }), 404, "invitation_not_found");
  });

  it("refuses another user, an unverified email, an expired token; a decline adds nobody", async () => {
    const teamId = await createTeam(api.baseUrl, owner);
    const invitee = await createVerifiedUser("invitee2");
    const stranger = await createVerifiedUser("stranger");
    const unverified = await createUser("unverified");
    const invite = async (email: string) => (await call(owner, "POST", `/teams/${teamId}/invitations`, { email, role: "viewer" })).json.token as string;

    const token = await invite(invitee.email);
    const before = await testDb.snapshot();
    expectErrorBody(await call(stranger, "POST", "/team-invitations/respond", { token, decision: "accept" }), 403, "invitation_email_mismatch");
    expectErrorBody(await call(stranger, "POST", "/team-invitations/respond", { token: "x".repeat(43), decision: "accept" }), 404, "invitation_not_found");
    const forUnverified = await invite(unverified.email);
    const afterSecondInvite = await testDb.snapshot();
    expectErrorBody(await call(unverified, "POST", "/team-invitations/respond", { token: forUnverified, decision: "accept" }), 403, "invitation_email_mismatch");
    expect(await testDb.snapshot()).toEqual(afterSecondInvite);
    expect(Object.keys(before)).toContain("team_invitations");

    await (await testDb.db()).collection("team_invitations").updateMany({ team_id: new ObjectId(teamId) }, { $set: { expires_at: new Date(Date.now() - 1000) } });
    expectErrorBody(await call(invitee, "POST", "/team-invitations/respond", { token, decision: "accept" }), 404, "invitation_not_found");

    const fresh = await invite(invitee.email);
    expect((await call(invitee, "POST", "/team-invitations/respond", { token: fresh, decision: "decline" })).json.decision).toBe("decline");
    expectErrorBody(await call(invitee, "GET", `/teams/${teamId}`), 404, "not_found");
  });
});

describe("members", () => {
  it("changes roles, removes members, lets members leave but not the owner", async () => {
    const teamId = await createTeam(api.baseUrl, owner);
    const admin = await createVerifiedUser("adm");
    const editor = await createVerifiedUser("ed");
    const viewer = await createVerifiedUser("vw");
    await addMember(api.baseUrl, teamId, owner, admin, "admin");
    await addMember(api.baseUrl, teamId, admin, editor, "editor");
    await addMember(api.baseUrl, teamId, admin, viewer, "viewer");

    expect((await call(admin, "PATCH", `/teams/${teamId}/members/${viewer.uid}`, { role: "editor" })).json).toEqual({ teamId, uid: viewer.uid, role: "editor" });
    expectErrorBody(await call(admin, "PATCH", `/teams/${teamId}/members/${owner.uid}`, { role: "viewer" }), 403, "owner_role_fixed");
    expectErrorBody(await call(admin, "PATCH", `/teams/${teamId}/members/nobody`, { role: "viewer" }), 404, "not_found");
    expectErrorBody(await call(editor, "DELETE", `/teams/${teamId}/members/${viewer.uid}`), 403, "forbidden");

    expect((await call(admin, "DELETE", `/teams/${teamId}/members/${viewer.uid}`)).json.role).toBeNull();
    expectErrorBody(await call(viewer, "GET", `/teams/${teamId}`), 404, "not_found");
    expect((await call(editor, "DELETE", `/teams/${teamId}/members/${editor.uid}`)).status).toBe(200);
    expectErrorBody(await call(editor, "GET", `/teams/${teamId}`), 404, "not_found");
    expectErrorBody(await call(owner, "DELETE", `/teams/${teamId}/members/${owner.uid}`), 409, "owner_cannot_leave");
  });

  it("transfers ownership to a member; the old owner stays as admin and can then leave", async () => {
    const teamId = await createTeam(api.baseUrl, owner);
    const heir = await createVerifiedUser("heir");
    await addMember(api.baseUrl, teamId, owner, heir, "viewer");
    expectErrorBody(await call(heir, "POST", `/teams/${teamId}/transfer`, { uid: heir.uid }), 403, "forbidden");
    expectErrorBody(await call(owner, "POST", `/teams/${teamId}/transfer`, { uid: owner.uid }), 409, "already_owner");
    expect((await call(owner, "POST", `/teams/${teamId}/transfer`, { uid: heir.uid })).json).toEqual({ teamId, uid: heir.uid, role: "owner" });

    const team = await call(heir, "GET", `/teams/${teamId}`);
    expect(team.json).toMatchObject({ ownerUid: heir.uid, yourRole: "owner" });
    expect(team.json.members.map((m: any) => [m.uid, m.role])).toEqual([
      [heir.uid, "owner"],
      [owner.uid, "admin"],
    ]);
    expectErrorBody(await call(owner, "POST", `/teams/${teamId}/transfer`, { uid: owner.uid }), 403, "forbidden");
    expectErrorBody(await call(heir, "DELETE", `/teams/${teamId}/members/${heir.uid}`), 409, "owner_cannot_leave");
    expect((await call(owner, "DELETE", `/teams/${teamId}/members/${owner.uid}`)).status).toBe(200);
    expectErrorBody(await call(owner, "GET", `/teams/${teamId}`), 404, "not_found");
  });
});

describe("team prompts", () => {
  it("keeps a team project's prompts with the team when its creator leaves", async () => {
    const teamId = await createTeam(api.baseUrl, owner);
    const editor = await createVerifiedUser("writer");
    await addMember(api.baseUrl, teamId, owner, editor, "editor");
    const project = await call(editor, "POST", "/projects", { name: "Shared", teamId });
    expect(project.json.owner).toEqual({ kind: "team", teamId });
    const prompt = await call(editor, "POST", "/prompts", { projectId: project.json.id, title: "Team prompt", type: "text", template: "x" });
    expect(prompt.json).toMatchObject({ owner: { kind: "team", teamId }, projectId: project.json.id, yourRole: "editor", createdBy: editor.uid });
    await call(editor, "DELETE", `/teams/${teamId}/members/${editor.uid}`);
    expectErrorBody(await call(editor, "GET", `/prompts/${prompt.json.id}`), 404, "not_found");
    expect((await call(owner, "GET", `/prompts/${prompt.json.id}`)).json.yourRole).toBe("owner");
  });
});
