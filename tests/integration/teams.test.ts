import { createHash } from "node:crypto";
import { ObjectId } from "mongodb";
import { startApi, type ApiServer } from "../support/api-server";
import { createUser, type TestUser } from "../support/auth-emulator";
import { useTestDatabase } from "../support/db";
import { expectErrorBody, request } from "../support/http";
import { addMember, createTeam, createVerifiedUser } from "../support/teams";
import { setTier } from "../support/tiers";
import { overrideServicesForTests, services } from "../../functions/src/services";

const testDb = useTestDatabase("teams");
let api: ApiServer;
let owner: TestUser;

beforeAll(async () => {
  api = await startApi();
  owner = await createVerifiedUser("team-owner");
});
afterAll(() => api.close());

const call = (who: TestUser, method: string, path: string, body?: unknown) =>
  request(api.baseUrl, method, path, { token: who.idToken, body });

describe("invitations", () => {
  it("shows the token once, stores only its hash, and adds the invited verified user with the role", async () => {
    const teamId = await createTeam(api.baseUrl, owner, "Writers");
    const invitee = await createVerifiedUser("invitee");
    const invite = await call(owner, "POST", `/teams/${teamId}/invitations`, { email: invitee.email.toUpperCase(), role: "editor" });
    expect(invite.status).toBe(201);
    expect(invite.json).toMatchObject({
      teamId,
      email: invitee.email.toLowerCase(),
      role: "editor",
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
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
    expectErrorBody(
      await call(invitee, "POST", "/team-invitations/respond", { token: invite.json.token, decision: "accept" }),
      404,
      "invitation_not_found",
    );
  });

  it("refuses another user, an unverified email, an expired token; a decline adds nobody", async () => {
    const teamId = await createTeam(api.baseUrl, owner);
    const invitee = await createVerifiedUser("invitee2");
    const stranger = await createVerifiedUser("stranger");
    const unverified = await createUser("unverified");
    const invite = async (email: string) =>
      (await call(owner, "POST", `/teams/${teamId}/invitations`, { email, role: "viewer" })).json.token as string;

    const token = await invite(invitee.email);
    const before = await testDb.snapshot();
    expectErrorBody(
      await call(stranger, "POST", "/team-invitations/respond", { token, decision: "accept" }),
      403,
      "invitation_email_mismatch",
    );
    expectErrorBody(
      await call(stranger, "POST", "/team-invitations/respond", { token: "x".repeat(43), decision: "accept" }),
      404,
      "invitation_not_found",
    );
    const forUnverified = await invite(unverified.email);
    const afterSecondInvite = await testDb.snapshot();
    expectErrorBody(
      await call(unverified, "POST", "/team-invitations/respond", { token: forUnverified, decision: "accept" }),
      403,
      "invitation_email_mismatch",
    );
    expect(await testDb.snapshot()).toEqual(afterSecondInvite);
    expect(Object.keys(before)).toContain("team_invitations");

    await (
      await testDb.db()
    )
      .collection("team_invitations")
      .updateMany({ team_id: new ObjectId(teamId) }, { $set: { expires_at: new Date(Date.now() - 1000) } });
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

    expect((await call(admin, "PATCH", `/teams/${teamId}/members/${viewer.uid}`, { role: "editor" })).json).toEqual({
      teamId,
      uid: viewer.uid,
      role: "editor",
    });
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
    expect((await call(owner, "POST", `/teams/${teamId}/transfer`, { uid: heir.uid })).json).toEqual({
      teamId,
      uid: heir.uid,
      role: "owner",
    });

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
    const prompt = await call(editor, "POST", "/prompts", {
      projectId: project.json.id,
      title: "Team prompt",
      type: "text",
      template: "x",
    });
    expect(prompt.json).toMatchObject({
      owner: { kind: "team", teamId },
      projectId: project.json.id,
      yourRole: "editor",
      createdBy: editor.uid,
    });
    await call(editor, "DELETE", `/teams/${teamId}/members/${editor.uid}`);
    expectErrorBody(await call(editor, "GET", `/prompts/${prompt.json.id}`), 404, "not_found");
    expect((await call(owner, "GET", `/prompts/${prompt.json.id}`)).json.yourRole).toBe("owner");
  });
});

describe("invitations: members, revocation and listing", () => {
  const invite = (by: TestUser, teamId: string, email: string, role = "viewer") =>
    call(by, "POST", `/teams/${teamId}/invitations`, { email, role });
  const respond = (who: TestUser, token: string, decision = "accept") =>
    call(who, "POST", "/team-invitations/respond", { token, decision });

  it("refuses (409) to invite an address that already belongs to the owner or a member, changing nothing", async () => {
    const boss = await createVerifiedUser("dup-owner");
    const teamId = await createTeam(api.baseUrl, boss);
    const member = await createVerifiedUser("dup-member");
    await addMember(api.baseUrl, teamId, boss, member, "editor");
    const before = await testDb.snapshot();
    expectErrorBody(await invite(boss, teamId, member.email.toUpperCase()), 409, "already_a_member");
    expectErrorBody(await invite(boss, teamId, boss.email), 409, "already_a_member");
    expect(await testDb.snapshot()).toEqual(before);
    // Someone who is not in the team yet, signed up or not, can be invited.
    expect((await invite(boss, teamId, (await createVerifiedUser("dup-new")).email)).status).toBe(201);
    expect((await invite(boss, teamId, `nobody-${Date.now()}@example.test`)).status).toBe(201);
  });

  it("removing a member revokes the invitations addressed to them and those they sent, so nobody gets back in with them", async () => {
    const boss = await createVerifiedUser("rm-owner");
    const teamId = await createTeam(api.baseUrl, boss);
    const admin = await createVerifiedUser("rm-admin");
    const friend = await createVerifiedUser("rm-friend");
    // Two invitations for the same person: they accept one, the other stays pending.
    const first = (await invite(boss, teamId, admin.email, "admin")).json.token;
    const spare = (await invite(boss, teamId, admin.email, "admin")).json.token;
    expect((await respond(admin, first)).status).toBe(200);
    const sent = (await invite(admin, teamId, friend.email, "editor")).json.token;

    expect((await call(boss, "DELETE", `/teams/${teamId}/members/${admin.uid}`)).status).toBe(200);
    expectErrorBody(await respond(admin, spare), 404, "invitation_not_found");
    expectErrorBody(await respond(friend, sent), 404, "invitation_not_found");
    expectErrorBody(await call(admin, "GET", `/teams/${teamId}`), 404, "not_found");
    expectErrorBody(await call(friend, "GET", `/teams/${teamId}`), 404, "not_found");
    const states = await (
      await testDb.db()
    )
      .collection("team_invitations")
      .find({ team_id: new ObjectId(teamId) })
      .toArray();
    expect(states.map((i) => [i.email, i.state, i.revoked_by ?? null]).sort()).toEqual(
      [
        [admin.email.toLowerCase(), "accepted", null],
        [admin.email.toLowerCase(), "revoked", `removed:${admin.uid}`],
        [friend.email.toLowerCase(), "revoked", `removed:${admin.uid}`],
      ].sort(),
    );
  });

  it("a member who leaves loses their pending invitations too", async () => {
    const boss = await createVerifiedUser("leave-owner");
    const teamId = await createTeam(api.baseUrl, boss);
    const member = await createVerifiedUser("leave-member");
    const first = (await invite(boss, teamId, member.email)).json.token;
    const spare = (await invite(boss, teamId, member.email)).json.token;
    expect((await respond(member, first)).status).toBe(200);
    expect((await call(member, "DELETE", `/teams/${teamId}/members/${member.uid}`)).status).toBe(200);
    expectErrorBody(await respond(member, spare), 404, "invitation_not_found");
  });

  it("lets admins list invitations page by page (never their tokens) and revoke one; others may not", async () => {
    const boss = await createVerifiedUser("list-owner");
    const teamId = await createTeam(api.baseUrl, boss);
    const editor = await createVerifiedUser("list-editor");
    await addMember(api.baseUrl, teamId, boss, editor, "editor");
    const emails = ["a", "b", "c"].map((x) => `list-${x}-${Date.now()}@example.test`);
    const tokens: string[] = [];
    for (const email of emails) tokens.push((await invite(boss, teamId, email)).json.token);

    const page1 = await call(boss, "GET", `/teams/${teamId}/invitations?limit=2`);
    expect(page1.status).toBe(200);
    expect(page1.json.invitations.map((i: any) => i.email)).toEqual([emails[2], emails[1]]);
    expect(page1.json.invitations[0]).toMatchObject({
      teamId,
      role: "viewer",
      state: "pending",
      invitedBy: boss.uid,
      respondedAt: null,
      revokedAt: null,
    });
    const page2 = await call(boss, "GET", `/teams/${teamId}/invitations?limit=2&cursor=${page1.json.nextCursor}`);
    expect(page2.json).toMatchObject({ invitations: [{ email: emails[0] }], nextCursor: null });
    for (const token of tokens) expect(page1.text + page2.text).not.toContain(token);

    expectErrorBody(await call(editor, "GET", `/teams/${teamId}/invitations`), 403, "forbidden");
    expectErrorBody(await call(editor, "DELETE", `/teams/${teamId}/invitations/${page1.json.invitations[0].id}`), 403, "forbidden");
    const stranger = await createVerifiedUser("list-stranger");
    expectErrorBody(await call(stranger, "GET", `/teams/${teamId}/invitations`), 404, "not_found");

    const revoked = await call(boss, "DELETE", `/teams/${teamId}/invitations/${page1.json.invitations[0].id}`);
    expect(revoked.json).toMatchObject({ id: page1.json.invitations[0].id, state: "revoked", revokedAt: expect.any(String) });
    expectErrorBody(
      await call(boss, "DELETE", `/teams/${teamId}/invitations/${page1.json.invitations[0].id}`),
      409,
      "invitation_already_answered",
    );
    expectErrorBody(await call(boss, "DELETE", `/teams/${teamId}/invitations/${new ObjectId().toHexString()}`), 404, "not_found");
    // Another team's invitation is not this team's to revoke.
    const otherTeam = await createTeam(api.baseUrl, stranger);
    const foreign = await invite(stranger, otherTeam, `foreign-${Date.now()}@example.test`);
    expectErrorBody(await call(boss, "DELETE", `/teams/${teamId}/invitations/${foreign.json.id}`), 404, "not_found");

    const pending = await call(boss, "GET", `/teams/${teamId}/invitations`);
    expect(pending.json.invitations.map((i: any) => i.email)).toEqual([emails[1], emails[0]]);
    const all = await call(boss, "GET", `/teams/${teamId}/invitations?state=revoked`);
    expect(all.json.invitations.map((i: any) => i.email)).toEqual([emails[2]]);
    await (
      await testDb.db()
    )
      .collection("team_invitations")
      .updateOne({ email: emails[0] }, { $set: { expires_at: new Date(Date.now() - 1000) } });
    expect(
      (await call(boss, "GET", `/teams/${teamId}/invitations?state=expired`)).json.invitations.map((i: any) => [i.email, i.state]),
    ).toEqual([[emails[0], "expired"]]);
  });
});

describe("seats (the owner's tier's teamSeats, the owner included)", () => {
  it("refuses an invitation a free owner has no seat for (403 tier_limit_reached)", async () => {
    const boss = await createVerifiedUser("seat-free");
    const teamId = await createTeam(api.baseUrl, boss, "Solo", "free");
    const res = await call(boss, "POST", `/teams/${teamId}/invitations`, { email: `x-${Date.now()}@example.test`, role: "viewer" });
    expectErrorBody(res, 403, "tier_limit_reached");
    expect(res.json.error.details).toEqual({ limit: "teamSeats", max: 1, tier: "free" });
  });

  it("counts pending invitations at invite time, and lets concurrent accepts take exactly the seats left", async () => {
    const boss = await createVerifiedUser("seat-owner");
    const teamId = await createTeam(api.baseUrl, boss, "Seats", "enterprise");
    const people = await Promise.all(Array.from({ length: 12 }, (_, i) => createVerifiedUser(`seat-${i}`)));
    const tokens: string[] = [];
    for (const p of people)
      tokens.push((await call(boss, "POST", `/teams/${teamId}/invitations`, { email: p.email, role: "viewer" })).json.token);
    // Downgraded to Team (10 seats) with 12 invitations out: 9 seats are left besides the owner's.
    await setTier(boss.uid, "team");
    expectErrorBody(
      await call(boss, "POST", `/teams/${teamId}/invitations`, { email: `late-${Date.now()}@example.test`, role: "viewer" }),
      403,
      "tier_limit_reached",
    );
    const answers = await Promise.all(
      people.map((p, i) => call(p, "POST", "/team-invitations/respond", { token: tokens[i], decision: "accept" })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(9);
    const refused = answers.filter((a) => a.status !== 200);
    for (const a of refused) expectErrorBody(a, 403, "tier_limit_reached");
    expect(await (await testDb.db()).collection("team_members").countDocuments({ team_id: new ObjectId(teamId) })).toBe(9);

    // A seat freed by a removal can be taken by one of those still holding a pending invitation.
    const joined = people.filter((_, i) => answers[i].status === 200);
    const waiting = people.findIndex((_, i) => answers[i].status !== 200);
    expect((await call(boss, "DELETE", `/teams/${teamId}/members/${joined[0].uid}`)).status).toBe(200);
    expect((await call(people[waiting], "POST", "/team-invitations/respond", { token: tokens[waiting], decision: "accept" })).status).toBe(
      200,
    );
    expect(await (await testDb.db()).collection("team_members").countDocuments({ team_id: new ObjectId(teamId) })).toBe(9);
  }, 60_000);
});

describe("an accept racing a revocation", () => {
  it("undoes the membership it added and gives the seat back (409 invitation_revoked)", async () => {
    const { respondInvitation } = await import("../../functions/src/api/teams/respond-invitation");
    const boss = await createVerifiedUser("race-owner");
    const teamId = await createTeam(api.baseUrl, boss);
    const invitee = await createVerifiedUser("race-invitee");
    const token = (await call(boss, "POST", `/teams/${teamId}/invitations`, { email: invitee.email, role: "editor" })).json.token;
    const db = await testDb.db();
    const invitations = db.collection("team_invitations");
    // The admin's DELETE lands between the membership write and the close of the invitation.
    const racing = new Proxy(db, {
      get(target, prop) {
        if (prop !== "collection") return Reflect.get(target, prop);
        return (name: string) => {
          const real = target.collection(name);
          if (name !== "team_invitations") return real;
          return new Proxy(real, {
            get(coll, method) {
              if (method !== "updateOne") return Reflect.get(coll, method).bind(coll);
              return async (filter: { _id: ObjectId }, update: object) => {
                await invitations.updateOne({ _id: filter._id }, { $set: { state: "revoked" } });
                return coll.updateOne(filter, update);
              };
            },
          });
        };
      },
    });
    const restore = overrideServicesForTests({ db: async () => racing });
    try {
      await expect(
        respondInvitation({
          requestId: "race-1",
          caller: { uid: invitee.uid, email: invitee.email, emailVerified: true, roles: [], authTime: 0 },
          params: {},
          query: {},
          body: { token, decision: "accept" },
          services,
          raw: { body: Buffer.alloc(0), headers: {} },
        }),
      ).rejects.toMatchObject({ status: 409, code: "invitation_revoked" });
    } finally {
      restore();
    }
    expect(await db.collection("team_members").countDocuments({ team_id: new ObjectId(teamId) })).toBe(0);
    expect(await db.collection("usage_counters").findOne({ key: `team:${teamId}:team_seats` })).toMatchObject({ count: 1 });
    expectErrorBody(await call(invitee, "GET", `/teams/${teamId}`), 404, "not_found");
  });
});
