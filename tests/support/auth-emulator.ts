import { getAdminAuth } from "../../functions/src/platform/firebase-admin";

/**
 * The real Firebase Auth emulator, started by `npm test` (firebase emulators:exec). Users are created
 * through its REST API exactly as the apps sign in, so tokens are real emulator ID tokens.
 */
export const AUTH_HOST = process.env.FIREBASE_AUTH_EMULATOR_HOST;
const PROJECT_ID = process.env.GCLOUD_PROJECT ?? "demo-promptforge";

export function requireAuthEmulator(): void {
  if (!AUTH_HOST) {
    throw new Error("FIREBASE_AUTH_EMULATOR_HOST is not set: run the suite with `npm test`, which starts the Auth emulator");
  }
}

async function identityToolkit<T>(op: string, body: Record<string, unknown>): Promise<T> {
  requireAuthEmulator();
  const send = () =>
    fetch(`http://${AUTH_HOST}/identitytoolkit.googleapis.com/v1/accounts:${op}?key=fake-api-key`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  let res: Response;
  try {
    res = await send();
  } catch (err) {
    // An idle kept-alive socket the emulator had closed: the request never reached it; send it again.
    if ((err as { cause?: { code?: string } }).cause?.code !== "UND_ERR_SOCKET") throw err;
    res = await send();
  }
  const json = (await res.json()) as T & { error?: { message: string } };
  if (!res.ok) throw new Error(`Auth emulator ${op} failed: ${json.error?.message ?? res.status}`);
  return json;
}

export interface TestUser {
  uid: string;
  email: string;
  password: string;
  idToken: string;
}

let counter = 0;

/** Creates a user in the emulator and signs them in. */
export async function createUser(prefix = "user"): Promise<TestUser> {
  const email = `${prefix}-${process.pid}-${Date.now()}-${counter++}@example.test`;
  const password = "correct-horse-battery";
  const res = await identityToolkit<{ localId: string; idToken: string }>("signUp", { email, password, returnSecureToken: true });
  return { uid: res.localId, email, password, idToken: res.idToken };
}

/** A fresh ID token (e.g. after claims changed: claims appear only in tokens minted after the change). */
export async function signIn(user: Pick<TestUser, "email" | "password">): Promise<string> {
  const res = await identityToolkit<{ idToken: string }>("signInWithPassword", {
    email: user.email,
    password: user.password,
    returnSecureToken: true,
  });
  return res.idToken;
}

export async function adminAuth(): ReturnType<typeof getAdminAuth> {
  requireAuthEmulator();
  return getAdminAuth();
}

/** Creates a user with the given roles and returns a token that carries them. */
export async function createUserWithRoles(roles: string[], prefix = "staff"): Promise<TestUser> {
  const user = await createUser(prefix);
  await (await adminAuth()).setCustomUserClaims(user.uid, { roles });
  return { ...user, idToken: await signIn(user) };
}

/** An unsigned emulator-style token with chosen claims (the emulator's tokens are unsigned too). */
export function craftToken(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: `https://securetoken.google.com/${PROJECT_ID}`,
    aud: PROJECT_ID,
    auth_time: now,
    iat: now,
    exp: now + 3600,
    firebase: { identities: {}, sign_in_provider: "password" },
    ...claims,
  };
  return `${enc({ alg: "none", typ: "JWT" })}.${enc(payload)}.`;
}
