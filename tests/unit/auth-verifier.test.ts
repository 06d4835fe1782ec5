import type { getAdminAuth } from "../../functions/src/platform/firebase-admin";
import { firebaseTokenVerifier } from "../../functions/src/core/auth/firebase-token-verifier";
import { bearerToken } from "../../functions/src/platform/bearer-token";
import { Role, rolesFromClaims } from "../../functions/src/core/auth/roles";
import { HttpError } from "../../functions/src/platform/http-error";

// firebase-admin's types, as the platform sees them (its subpath exports do not resolve from tests/).
type Auth = Awaited<ReturnType<typeof getAdminAuth>>;
type DecodedIdToken = Awaited<ReturnType<Auth["verifyIdToken"]>>;

const WWW_AUTHENTICATE = 'Bearer realm="promptforge"';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

function syncError(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HttpError);
    return err as HttpError;
  }
  throw new Error("expected an HttpError");
}

describe("bearerToken", () => {
  const token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl";

  it.each([undefined, ""])("answers 401 unauthenticated with WWW-Authenticate when the header is %p", (header) => {
    const err = syncError(() => bearerToken(header));
    expect(err.status).toBe(401);
    expect(err.code).toBe("unauthenticated");
    expect(err.headers).toEqual({ "WWW-Authenticate": WWW_AUTHENTICATE });
  });

  it.each([
    ["another scheme", `Basic ${Buffer.from("user:password-long-enough").toString("base64")}`],
    ["a scheme without a token", "Bearer"],
    ["a scheme with only spaces", "Bearer     "],
    ["a token under 16 characters", "Bearer abcdefghijklmno"],
    ["a token with a space inside", "Bearer abcdefghij klmnopqrst"],
    ["a token with forbidden characters", "Bearer abcdefghijklmnop<script>"],
    ["the token alone", token],
    ["a token over 8192 characters", `Bearer ${"a".repeat(8193)}`],
    ["two tokens", `Bearer ${token}, Bearer ${token}`],
  ])("answers 401 invalid_token with WWW-Authenticate for %s", (_label, header) => {
    const err = syncError(() => bearerToken(header));
    expect(err.status).toBe(401);
    expect(err.code).toBe("invalid_token");
    expect(err.headers).toEqual({ "WWW-Authenticate": WWW_AUTHENTICATE });
  });

  it("returns the token of a well-formed header", () => {
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
  });

  it("accepts any case of the scheme, extra spaces and a trailing space", () => {
    expect(bearerToken(`bearer   ${token} `)).toBe(token);
    expect(bearerToken(`BEARER ${token}`)).toBe(token);
  });

  it("accepts 16 and 8192 character tokens (the bounds) and base64/base64url characters", () => {
    expect(bearerToken(`Bearer ${"a".repeat(16)}`)).toHaveLength(16);
    expect(bearerToken(`Bearer ${"a".repeat(8192)}`)).toHaveLength(8192);
    expect(bearerToken("Bearer aA0-._~+/=aA0-._~+/=")).toBe("aA0-._~+/=aA0-._~+/=");
  });
});

describe("rolesFromClaims", () => {
  it("keeps known roles only, sorted and without duplicates", () => {
    expect(rolesFromClaims({ roles: ["support", "admin", "superuser", "admin", 7, null, "Admin", "moderator"] })).toEqual([
      "admin",
      "moderator",
      "support",
    ]);
  });

  it.each([[undefined], ["admin"], [{ admin: true }], [null]])("returns no roles when the claim is %p", (roles) => {
    expect(rolesFromClaims({ roles })).toEqual([]);
  });

  it("never returns anything outside the Role enum", () => {
    expect(rolesFromClaims({ roles: [...Role.options, "root", "owner"] })).toEqual([...Role.options].sort());
  });
});

describe("firebaseTokenVerifier", () => {
  const now = 1_760_000_000;
  const decoded = (claims: Partial<DecodedIdToken> & Record<string, unknown>) =>
    ({
      uid: "u1",
      aud: "p",
      iss: "i",
      sub: "u1",
      iat: now,
      exp: now + 3600,
      auth_time: now - 60,
      firebase: {},
      ...claims,
    }) as DecodedIdToken;

  /** A fake Auth: the token is looked up in `tokens`; only a revocation-checked verification succeeds. */
  const fakeAuth = (tokens: Record<string, DecodedIdToken | unknown>) =>
    ({
      async verifyIdToken(token: string, checkRevoked?: boolean) {
        if (checkRevoked !== true) throw Object.assign(new Error("revocation not checked"), { code: "test/revocation-not-checked" });
        const entry = tokens[token];
        if (entry === undefined) throw Object.assign(new Error("Decoding failed"), { code: "auth/argument-error" });
        if (entry instanceof Error) throw entry;
        return entry as DecodedIdToken;
      },
    }) as unknown as Auth;

  const firebaseError = (code: string) => Object.assign(new Error(`Firebase: ${code}`), { code, codePrefix: "auth" });

  it("returns the caller of a valid token, with revocation checked", async () => {
    const auth = fakeAuth({
      good: decoded({ uid: "u1", email: "ada@example.com", email_verified: true, roles: ["support", "admin", "admin", "root"] }),
    });
    const caller = await firebaseTokenVerifier(async () => auth).verify("good");
    expect(caller).toEqual({ uid: "u1", email: "ada@example.com", emailVerified: true, roles: ["admin", "support"], authTime: now - 60 });
  });

  it("treats a missing or non-boolean email_verified as not verified and missing roles as none", async () => {
    const auth = fakeAuth({
      a: decoded({ uid: "a" }),
      b: decoded({ uid: "b", email_verified: "true" as unknown as boolean, roles: "admin" }),
    });
    const verifier = firebaseTokenVerifier(async () => auth);
    expect(await verifier.verify("a")).toMatchObject({ uid: "a", emailVerified: false, roles: [], email: undefined });
    expect(await verifier.verify("b")).toMatchObject({ uid: "b", emailVerified: false, roles: [] });
  });

  it.each([
    ["auth/id-token-expired", "token_expired"],
    ["auth/id-token-revoked", "token_revoked"],
    ["auth/user-disabled", "user_disabled"],
    ["auth/user-not-found", "invalid_token"],
    ["auth/argument-error", "invalid_token"],
    ["auth/invalid-id-token", "invalid_token"],
  ])("maps %s to 401 %s with WWW-Authenticate and no Firebase internals", async (firebaseCode, code) => {
    const verifier = firebaseTokenVerifier(async () => fakeAuth({ t: firebaseError(firebaseCode) }));
    const err = await rejection(verifier.verify("t"));
    expect(err).toBeInstanceOf(HttpError);
    const http = err as HttpError;
    expect(http.status).toBe(401);
    expect(http.code).toBe(code);
    expect(http.headers).toEqual({ "WWW-Authenticate": WWW_AUTHENTICATE });
    expect(http.message).not.toContain("Firebase");
    expect(http.message).not.toContain(firebaseCode);
  });

  it.each(["app/network-error", "app/network-timeout", "auth/internal-error"])(
    "maps %s (Firebase Auth unreachable) to a retryable 503 service_unavailable",
    async (firebaseCode) => {
      const original = firebaseError(firebaseCode);
      const err = await rejection(firebaseTokenVerifier(async () => fakeAuth({ t: original })).verify("t"));
      expect(err).toBeInstanceOf(HttpError);
      const http = err as HttpError;
      expect([http.status, http.code]).toEqual([503, "service_unavailable"]);
      expect(http.headers).toEqual({ "Retry-After": "5" });
      expect(http.cause).toBe(original);
      expect(http.message).not.toContain(firebaseCode);
    },
  );

  it("rethrows an unknown Firebase error unchanged (a 5xx, not the caller's fault)", async () => {
    const original = firebaseError("auth/some-future-error");
    const err = await rejection(firebaseTokenVerifier(async () => fakeAuth({ t: original })).verify("t"));
    expect(err).toBe(original);
    expect(err).not.toBeInstanceOf(HttpError);
  });

  it("rethrows an error without a code unchanged", async () => {
    const original = new Error("socket hang up");
    const err = await rejection(firebaseTokenVerifier(async () => fakeAuth({ t: original })).verify("t"));
    expect(err).toBe(original);
  });

  it("rethrows a non-Error rejection unchanged", async () => {
    const auth = { verifyIdToken: () => Promise.reject("boom") } as unknown as Auth;
    expect(await rejection(firebaseTokenVerifier(async () => auth).verify("t"))).toBe("boom");
  });

  it("propagates a failure to obtain Auth", async () => {
    const original = new Error("no credentials");
    const err = await rejection(firebaseTokenVerifier(() => Promise.reject(original)).verify("t"));
    expect(err).toBe(original);
  });
});
