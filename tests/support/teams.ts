import { adminAuth, createUser, signIn, type TestUser } from "./auth-emulator";
import { request } from "./http";
import { setTier } from "./tiers";
import type { TierId } from "../../functions/src/core/billing/catalog";

/** A user whose ID token says their email is verified (invitations need it). */
export async function createVerifiedUser(prefix: string): Promise<TestUser> {
  const user = await createUser(prefix);
  await (await adminAuth()).updateUser(user.uid, { emailVerified: true });
  return { ...user, idToken: await signIn(user) };
}

/** Invites a user with a role through the API and has them accept, as the apps do. */
export async function addMember(baseUrl: string, teamId: string, by: TestUser, member: TestUser, role: "admin" | "editor" | "viewer") {
  const invite = await request(baseUrl, "POST", `/teams/${teamId}/invitations`, { token: by.idToken, body: { email: member.email, role } });
  if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${invite.text}`);
  const accept = await request(baseUrl, "POST", "/team-invitations/respond", {
    token: member.idToken,
    body: { token: invite.json.token, decision: "accept" },
  });
  if (accept.status !== 200) throw new Error(`accept failed: ${accept.status} ${accept.text}`);
}

/**
 * Creates a team through the API. Its owner is put on `tier` first ("team": 10 seats), since the free
 * tier's one seat is the owner's.
 */
export async function createTeam(baseUrl: string, owner: TestUser, name = "Team", tier: TierId = "team"): Promise<string> {
  await setTier(owner.uid, tier);
  const res = await request(baseUrl, "POST", "/teams", { token: owner.idToken, body: { name } });
  if (res.status !== 201) throw new Error(`create team failed: ${res.status} ${res.text}`);
  return res.json.id;
}
