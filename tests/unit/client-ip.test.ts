import { clientIp } from "../../functions/src/platform/define-endpoint";

describe("clientIp (per-IP rate limit key)", () => {
  it("takes the entry appended by the first trusted proxy, counted from the right", () => {
    // client → Hosting CDN (appends the client) → Google front end (appends the CDN)
    expect(clientIp("203.0.113.7, 151.101.1.195", 2, "10.0.0.1")).toBe("203.0.113.7");
    expect(clientIp("203.0.113.7", 1, "10.0.0.1")).toBe("203.0.113.7");
  });

  it("ignores whatever a client put in front, so spoofed entries cannot dodge the limit", () => {
    const spoofed = ["1.1.1.1", "2.2.2.2", "9.9.9.9"].map((fake) => clientIp(`${fake}, 203.0.113.7, 151.101.1.195`, 2, undefined));
    expect(new Set(spoofed)).toEqual(new Set(["203.0.113.7"]));
  });

  it("uses the leftmost entry when there are fewer entries than hops, and the socket without the header", () => {
    expect(clientIp("203.0.113.7", 2, "10.0.0.1")).toBe("203.0.113.7");
    expect(clientIp(undefined, 2, "127.0.0.1")).toBe("127.0.0.1");
    expect(clientIp(" , ", 2, undefined)).toBe("unknown");
  });
});
