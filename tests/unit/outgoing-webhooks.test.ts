import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import {
  checkWebhookUrl,
  guardedLookup,
  publicUnicastOnly,
  type AddressPolicy,
} from "../../functions/src/core/outgoing-webhooks/address-guard";
import { MAX_ATTEMPTS, nextDelayMs, RETRY_DELAYS_MS } from "../../functions/src/core/outgoing-webhooks/retry-schedule";
import { HttpWebhookSender, retryAfterSeconds } from "../../functions/src/core/outgoing-webhooks/webhook-sender";
import { newSigningSecret, standardWebhookHeaders } from "../../functions/src/core/outgoing-webhooks/webhook-signing";

/**
 * The outgoing-webhook building blocks: which addresses a customer URL may reach (SSRF), the retry
 * schedule, Standard Webhooks signatures as a customer verifies them, and the sender against real
 * loopback receivers that redirect, stall or answer too much.
 */

describe("address guard (SSRF)", () => {
  // Every form an attacker might write an internal address in, and a few public ones that must pass.
  const refused = [
    "127.0.0.1",
    "127.1.2.3",
    "0.0.0.0",
    "10.0.0.1",
    "172.16.5.4",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254", // cloud metadata (GCP, AWS, Azure)
    "100.64.0.1", // CGNAT
    "100.100.100.200", // Alibaba metadata
    "224.0.0.1", // multicast
    "255.255.255.255",
    "192.0.2.10", // documentation
    "::1",
    "::",
    "fe80::1", // link-local
    "fc00::1",
    "fd00:ec2::254", // AWS IPv6 metadata (unique local)
    "ff02::1", // multicast
    "::ffff:127.0.0.1", // IPv4-mapped
    "::ffff:169.254.169.254",
    "::ffff:10.0.0.1",
    "64:ff9b::a9fe:a9fe", // NAT64 of 169.254.169.254
    "2002:a9fe:a9fe::1", // 6to4 of 169.254.169.254
  ];
  const allowed = ["8.8.8.8", "93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"];

  it.each(refused)("refuses %s", (address) => {
    expect(publicUnicastOnly(address)).toBe(false);
  });

  it.each(allowed)("admits %s", (address) => {
    expect(publicUnicastOnly(address)).toBe(true);
  });

  const check = (url: string, allowHttp = false) => {
    const r = checkWebhookUrl(url, { allowHttp, policy: publicUnicastOnly });
    return "problem" in r ? r.problem : "ok";
  };

  it.each([
    ["https://127.0.0.1/hook", "internal_address"],
    ["https://2130706433/hook", "internal_address"], // decimal 127.0.0.1
    ["https://0x7f.0.0.1/hook", "internal_address"], // hex
    ["https://0177.0.0.1/hook", "internal_address"], // octal
    ["https://017700000001/hook", "internal_address"], // octal, one number
    ["https://[::1]/hook", "internal_address"],
    ["https://[::ffff:7f00:1]/hook", "internal_address"],
    ["https://[::ffff:169.254.169.254]/latest/meta-data", "internal_address"],
    ["https://169.254.169.254/computeMetadata/v1/", "internal_address"],
    ["https://metadata.google.internal/computeMetadata/v1/", "internal_address"],
    ["https://localhost/hook", "internal_address"],
    ["https://api.localhost./hook", "internal_address"],
    ["https://printer.local/hook", "internal_address"],
    ["http://example.com/hook", "scheme_not_allowed"],
    ["ftp://example.com/hook", "scheme_not_allowed"],
    ["file:///etc/passwd", "scheme_not_allowed"],
    ["https://user:pass@example.com/hook", "credentials_in_url"],
    ["not a url", "invalid_url"],
    ["https://example.com/hook", "ok"],
    ["https://8.8.8.8:8443/hook?x=1", "ok"],
  ])("%s → %s", (url, outcome) => {
    expect(check(url)).toBe(outcome);
  });

  it("admits http only when told to (development)", () => {
    expect(check("http://example.com/hook", true)).toBe("ok");
    expect(check("http://127.0.0.1/hook", true)).toBe("internal_address");
  });

  const lookup = (policy: AddressPolicy, addresses: string[], all = true) =>
    new Promise<{ err: NodeJS.ErrnoException | null; result: unknown }>((resolve) => {
      const fn = guardedLookup(policy, async () => addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })));
      fn("hooks.example.com", { all }, (err: NodeJS.ErrnoException | null, result: unknown) => resolve({ err, result }));
    });

  it("refuses a name when any address it resolves to is internal (DNS rebinding to a private address)", async () => {
    expect((await lookup(publicUnicastOnly, ["8.8.8.8", "10.0.0.5"])).err?.code).toBe("EBLOCKED");
    expect((await lookup(publicUnicastOnly, ["::ffff:127.0.0.1"])).err?.code).toBe("EBLOCKED");
    expect((await lookup(publicUnicastOnly, [])).err?.code).toBe("EBLOCKED");
    const ok = await lookup(publicUnicastOnly, ["8.8.8.8", "2606:4700:4700::1111"]);
    expect(ok.err).toBeNull();
    expect(ok.result).toEqual([
      { address: "8.8.8.8", family: 4 },
      { address: "2606:4700:4700::1111", family: 6 },
    ]);
  });
});

describe("retry schedule", () => {
  it("follows Svix's schedule: 8 attempts, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h apart, ±20 % jitter", () => {
    expect(MAX_ATTEMPTS).toBe(8);
    expect(RETRY_DELAYS_MS.map((ms) => ms / 1000)).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(nextDelayMs(1, null, () => 0.5)).toBe(5_000);
    expect(nextDelayMs(1, null, () => 0)).toBe(4_000);
    expect(nextDelayMs(1, null, () => 1)).toBe(6_000);
    expect(nextDelayMs(3, null, () => 0.5)).toBe(30 * 60_000);
    expect(nextDelayMs(8, null)).toBeNull();
    expect(nextDelayMs(0, null)).toBeNull();
  });

  it("waits at least what Retry-After asks, capped at a day", () => {
    expect(nextDelayMs(1, 120, () => 0.5)).toBe(120_000);
    expect(nextDelayMs(1, 1, () => 0.5)).toBe(5_000);
    expect(nextDelayMs(1, 10 * 86_400, () => 0.5)).toBe(86_400_000);
  });

  it("reads Retry-After as seconds or as a date against the response's own Date", () => {
    expect(retryAfterSeconds("30", undefined)).toBe(30);
    expect(retryAfterSeconds("Wed, 21 Oct 2026 07:28:00 GMT", "Wed, 21 Oct 2026 07:27:00 GMT")).toBe(60);
    expect(retryAfterSeconds("soon", undefined)).toBeNull();
    expect(retryAfterSeconds(undefined, undefined)).toBeNull();
  });
});

describe("Standard Webhooks signatures", () => {
  it("signs id.timestamp.body so that the standardwebhooks verifier accepts it, as a customer runs it", async () => {
    const secret = newSigningSecret();
    expect(secret.display).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.key, "base64")).toHaveLength(32);
    const body = JSON.stringify({ type: "credits.purchased", timestamp: "2026-12-01T00:00:00.000Z", data: { credits: 5000 } });
    const headers = await standardWebhookHeaders([secret.key], "msg_0123456789abcdef01234567", new Date(), body);
    expect(headers["webhook-id"]).toBe("msg_0123456789abcdef01234567");
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret.display).verify(body, headers)).toEqual(JSON.parse(body));
    // A tampered body, or another secret, is refused.
    expect(() => new Webhook(secret.display).verify(body.replace("5000", "50000"), headers)).toThrow();
    expect(() => new Webhook(newSigningSecret().display).verify(body, headers)).toThrow();
  });

  it("sends one signature per secret during a rotation: receivers holding either secret verify", async () => {
    const [next, previous] = [newSigningSecret(), newSigningSecret()];
    const body = '{"type":"webhook.test","timestamp":"2026-12-01T00:00:00.000Z","data":{}}';
    const headers = await standardWebhookHeaders([next.key, previous.key], "msg_1", new Date(), body);
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(new Webhook(next.display).verify(body, headers)).toBeTruthy();
    expect(new Webhook(previous.display).verify(body, headers)).toBeTruthy();
  });
});

describe("HttpWebhookSender against loopback receivers", () => {
  type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
  let handler: Handler = (_req, res) => res.end("ok");
  let server: http.Server;
  let url: string;
  const loopbackOnly: AddressPolicy = (a) => a === "127.0.0.1" || a === "::ffff:127.0.0.1";

  beforeAll(async () => {
    server = http.createServer((req, res) => handler(req, res));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const sender = (o: Partial<ConstructorParameters<typeof HttpWebhookSender>[0]> = {}) =>
    new HttpWebhookSender({ allowHttp: true, policy: loopbackOnly, ...o });
  const send = (s: HttpWebhookSender, target = `${url}/hook`) =>
    s.send({ url: target, headers: { "webhook-id": "msg_x" }, body: '{"a":1}' });

  it("posts the body and headers and reports the status", async () => {
    let got: { body: string; id?: string } | undefined;
    handler = (req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        got = { body, id: req.headers["webhook-id"] as string };
        res.writeHead(204).end();
      });
    };
    const r = await send(sender());
    expect(r).toMatchObject({ status: 204, error: null });
    expect(got).toEqual({ body: '{"a":1}', id: "msg_x" });
  });

  it("never follows a redirect: a 3xx is the attempt's answer", async () => {
    let hits = 0;
    handler = (req, res) => {
      hits++;
      res.writeHead(307, { location: "http://169.254.169.254/latest/meta-data" }).end();
    };
    const r = await send(sender());
    expect(r.status).toBe(307);
    expect(hits).toBe(1);
  });

  it("gives up on a receiver that does not answer within the timeout", async () => {
    handler = () => undefined; // never answers
    const started = Date.now();
    const r = await send(sender({ timeoutMs: 300 }));
    expect(r).toMatchObject({ status: null, error: "timeout" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("gives up on a receiver that answers the headers and then trickles the body", async () => {
    handler = (_req, res) => {
      res.writeHead(200);
      res.write("x");
    };
    const r = await send(sender({ timeoutMs: 300 }));
    expect(r.error).toBe("timeout");
  });

  it("stops reading a huge response and keeps only the start of it for the log", async () => {
    handler = (_req, res) => {
      res.writeHead(200);
      const chunk = "y".repeat(64 * 1024);
      for (let i = 0; i < 100; i++) res.write(chunk); // 6.4 MB offered
      res.end();
    };
    const r = await send(sender({ maxResponseBytes: 128 * 1024 }));
    expect(r.error).toBe("response_too_large");
    expect(r.status).toBe(200);
    expect(r.body.length).toBeLessThanOrEqual(2048);
  });

  it("honours Retry-After on the response", async () => {
    handler = (_req, res) => res.writeHead(429, { "retry-after": "42" }).end();
    expect(await send(sender())).toMatchObject({ status: 429, retryAfterSeconds: 42 });
  });

  it("refuses to connect when the URL's address is internal under the default policy", async () => {
    expect(await send(new HttpWebhookSender({ allowHttp: true }))).toMatchObject({ status: null, error: "blocked_address" });
  });

  it("refuses when a name resolves to an internal address, checked at connection time", async () => {
    let hits = 0;
    handler = (_req, res) => {
      hits++;
      res.end();
    };
    const port = new URL(url).port;
    const rebinding = sender({ policy: publicUnicastOnly, resolve: async () => [{ address: "127.0.0.1", family: 4 }] });
    expect(await send(rebinding, `http://hooks.example.com:${port}/hook`)).toMatchObject({ status: null, error: "blocked_address" });
    // The same name resolved to the same address under a policy that admits loopback connects.
    const admitted = sender({ resolve: async () => [{ address: "127.0.0.1", family: 4 }] });
    expect(await send(admitted, `http://hooks.example.com:${port}/hook`)).toMatchObject({ status: 200 });
    expect(hits).toBe(1);
  });

  it("refuses http outside development", async () => {
    expect(await send(sender({ allowHttp: false }))).toMatchObject({ error: "scheme_not_allowed" });
  });
});
