import {
  API_KEY_PATTERN,
  apiKeyVerifier,
  displayPrefix,
  generateApiKey,
  hashApiKey,
  idTokenOrApiKeyVerifier,
} from "../../functions/src/core/auth/api-key-verifier";
import type { Caller, TokenVerifier } from "../../functions/src/core/auth/caller";

describe("API key format and hashing", () => {
  it("generates pf_live_ + 32 base62 characters, all different", () => {
    const keys = Array.from({ length: 200 }, generateApiKey);
    for (const key of keys) expect(key).toMatch(API_KEY_PATTERN);
    expect(new Set(keys).size).toBe(keys.length);
    const chars = new Set(keys.join("").replace(/pf_live_/g, ""));
    expect(chars.size).toBeGreaterThan(55);
  });

  it("hashes deterministically to hex and keeps only a short display prefix", () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).toBe(hashApiKey(key));
    expect(hashApiKey(key)).not.toBe(hashApiKey(generateApiKey()));
    expect(displayPrefix(key)).toBe(key.slice(0, 12));
  });
});

describe("idTokenOrApiKeyVerifier", () => {
  const fake = (uid: string): TokenVerifier => ({ verify: async () => ({ uid, emailVerified: true, roles: [], authTime: 0 }) as Caller });

  it("sends pf_live_ tokens to the API key verifier and everything else to the ID token verifier", async () => {
    const verifier = idTokenOrApiKeyVerifier(fake("from-id-token"), fake("from-api-key"));
    expect((await verifier.verify(generateApiKey())).uid).toBe("from-api-key");
    expect((await verifier.verify("eyJhbGciOiJSUzI1NiJ9.payload.signature")).uid).toBe("from-id-token");
  });

  it("rejects a malformed key with 401 without touching the database", async () => {
    const store = jest.fn();
    await expect(apiKeyVerifier(store, () => new Date()).verify("pf_live_tooshort")).rejects.toMatchObject({
      status: 401,
      code: "invalid_token",
    });
    expect(store).not.toHaveBeenCalled();
  });
});
