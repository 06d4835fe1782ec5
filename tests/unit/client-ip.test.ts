import { clientIp, isCidr, trustedProxyList } from "../../functions/src/platform/client-ip";

/**
 * The per-IP rate-limit key. X-Forwarded-For as it reaches the function (README, "Rate limits"):
 * - straight to the function's URL: `<whatever the caller sent>, <caller>` (Google's front end appends
 *   the address that connected to it);
 * - through Firebase Hosting: `<whatever the caller sent>, <caller>, <Hosting edge>` (the edge appends
 *   the caller, the front end appends the edge).
 */
const CALLER = "203.0.113.7";
const EDGE = "151.101.1.195";
const hosting = trustedProxyList(["151.101.0.0/16"]);
const spoofs = ["1.1.1.1", "9.9.9.9, 8.8.8.8", EDGE, `6.6.6.6, ${EDGE}`, "not-an-ip"];

describe("clientIp: straight to the function's URL", () => {
  it("is the address that connected to Google, whatever the caller put in front", () => {
    expect(clientIp(CALLER, undefined, "10.0.0.1")).toBe(CALLER);
    const keys = spoofs.map((sent) => clientIp(`${sent}, ${CALLER}`, undefined, "10.0.0.1"));
    expect(new Set(keys)).toEqual(new Set([CALLER]));
  });

  it("cannot be steered by entries that look like a trusted proxy when the caller connected directly", () => {
    // The caller claims to be the Hosting edge relaying someone else: the last entry (theirs) is not a proxy.
    const keys = spoofs.map((sent) => clientIp(`${sent}, ${CALLER}`, hosting, undefined));
    expect(new Set(keys)).toEqual(new Set([CALLER]));
  });
});

describe("clientIp: through Firebase Hosting", () => {
  it("without TRUSTED_PROXIES, is the Hosting edge: coarser, but never what the caller wrote", () => {
    const keys = spoofs.map((sent) => clientIp(`${sent}, ${CALLER}, ${EDGE}`, undefined, undefined));
    expect(new Set(keys)).toEqual(new Set([EDGE]));
  });

  it("with the edge's range in TRUSTED_PROXIES, is the caller the edge saw, whatever the caller put in front", () => {
    expect(clientIp(`${CALLER}, ${EDGE}`, hosting, undefined)).toBe(CALLER);
    const keys = spoofs.map((sent) => clientIp(`${sent}, ${CALLER}, ${EDGE}`, hosting, undefined));
    expect(new Set(keys)).toEqual(new Set([CALLER]));
  });

  it("skips a chain of trusted proxies, and keeps the leftmost entry when every entry is one", () => {
    const chain = trustedProxyList(["151.101.0.0/16", "35.191.0.0/16"]);
    expect(clientIp(`1.1.1.1, ${CALLER}, ${EDGE}, 35.191.2.3`, chain, undefined)).toBe(CALLER);
    expect(clientIp(`${EDGE}, 35.191.2.3`, chain, undefined)).toBe(EDGE);
  });
});

describe("clientIp: address forms", () => {
  it("matches IPv6 ranges, reads IPv4-mapped IPv6 as IPv4, and falls back to the socket without the header", () => {
    const v6 = trustedProxyList(["2001:db8::/32"]);
    expect(clientIp("2001:db8:ffff::1, 2606:4700::1111, 2001:db8::2", v6, undefined)).toBe("2606:4700::1111");
    expect(clientIp(`::ffff:${CALLER}, ::ffff:151.101.9.9`, hosting, undefined)).toBe(CALLER);
    expect(clientIp(undefined, hosting, "127.0.0.1")).toBe("127.0.0.1");
    expect(clientIp(" , ", undefined, undefined)).toBe("unknown");
  });

  it("accepts addresses and CIDR blocks only as trusted proxies", () => {
    for (const good of ["203.0.113.0/24", "203.0.113.7", "2001:db8::/32", "::1", "0.0.0.0/0"]) expect(isCidr(good)).toBe(true);
    for (const bad of ["203.0.113.0/33", "2001:db8::/129", "example.com", "1.2.3.4/", "1.2.3.4/24/1", "1.2.3.4/-1"])
      expect(isCidr(bad)).toBe(false);
  });
});
