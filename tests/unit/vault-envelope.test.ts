import { randomBytes } from "node:crypto";
import { IntegrityError, itemAad, open, seal } from "../../functions/src/core/vault/envelope";
import { DEFAULT_KEY_ID, parseKeyring } from "../../functions/src/core/vault/vault-keyring";

const b64 = () => randomBytes(32).toString("base64");

describe("parseKeyring", () => {
  it("accepts a bare base64 key under the default id", () => {
    const raw = b64();
    const ring = parseKeyring(raw);
    expect(ring.current).toEqual({ id: DEFAULT_KEY_ID, key: Buffer.from(raw, "base64") });
  });

  it("takes the first of several id:base64 entries as current and finds the others by id", () => {
    const [a, b] = [b64(), b64()];
    const ring = parseKeyring(` new:${a} , old:${b} `);
    expect(ring.current.id).toBe("new");
    expect(ring.get("old")?.key).toEqual(Buffer.from(b, "base64"));
    expect(ring.get("nope")).toBeUndefined();
    expect(ring.ids()).toEqual(["new", "old"]);
  });

  it.each([
    ["empty", ""],
    ["a short key", `k:${randomBytes(16).toString("base64")}`],
    ["a long key", `k:${randomBytes(48).toString("base64")}`],
    ["not base64", "k:!!!not-base64!!!"],
    ["a bad id", `bad id:${b64()}`],
    ["duplicate ids", `k:${b64()},k:${b64()}`],
  ])("rejects %s", (_label, raw) => {
    expect(() => parseKeyring(raw)).toThrow();
  });
});

describe("seal / open (AES-256-GCM)", () => {
  const key = randomBytes(32);
  const aad = itemAad("0123456789abcdef01234567", "uid-1", 1);
  const plaintext = Buffer.from("sk-live-very-secret");

  it("round-trips with a fresh 96-bit IV and a 128-bit tag each time", () => {
    const one = seal(key, plaintext, aad);
    const two = seal(key, plaintext, aad);
    expect(Buffer.from(one.iv, "base64")).toHaveLength(12);
    expect(Buffer.from(one.tag, "base64")).toHaveLength(16);
    expect(one.iv).not.toBe(two.iv);
    expect(one.ciphertext).not.toBe(two.ciphertext);
    expect(open(key, one, aad)).toEqual(plaintext);
  });

  const flip = (value: string) => {
    const buf = Buffer.from(value, "base64");
    buf[0] ^= 0x01;
    return buf.toString("base64");
  };

  it.each(["ciphertext", "iv", "tag"] as const)("fails closed when the %s is altered", (field) => {
    const sealed = seal(key, plaintext, aad);
    expect(() => open(key, { ...sealed, [field]: flip(sealed[field]) }, aad)).toThrow(IntegrityError);
  });

  it("fails closed on another AAD (other item, owner or key version), another key, or a truncated tag", () => {
    const sealed = seal(key, plaintext, aad);
    expect(() => open(key, sealed, itemAad("0123456789abcdef01234568", "uid-1", 1))).toThrow(IntegrityError);
    expect(() => open(key, sealed, itemAad("0123456789abcdef01234567", "uid-2", 1))).toThrow(IntegrityError);
    expect(() => open(key, sealed, itemAad("0123456789abcdef01234567", "uid-1", 2))).toThrow(IntegrityError);
    expect(() => open(randomBytes(32), sealed, aad)).toThrow(IntegrityError);
    const shortTag = Buffer.from(sealed.tag, "base64").subarray(0, 4).toString("base64");
    expect(() => open(key, { ...sealed, tag: shortTag }, aad)).toThrow(IntegrityError);
  });
});
