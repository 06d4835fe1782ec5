import dns from "node:dns";
import type { LookupAddress, LookupOptions } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

/** Whether a resolved (or literal) address may be connected to. */
export type AddressPolicy = (address: string) => boolean;

/**
 * The default: public unicast only. `ipaddr.process` unwraps IPv4-mapped IPv6 first, and anything
 * that is not plainly `unicast` is refused: loopback, private (RFC 1918), link-local (which holds the
 * cloud metadata address 169.254.169.254), CGNAT (Alibaba's metadata at 100.100.100.200), unique
 * local IPv6 (AWS's fd00:ec2::254), multicast, broadcast, unspecified, reserved and documentation
 * ranges, and IPv6 forms that embed an IPv4 address (NAT64, 6to4, Teredo).
 */
export const publicUnicastOnly: AddressPolicy = (address) => {
  try {
    return ipaddr.process(address).range() === "unicast";
  } catch {
    return false;
  }
};

/** Hostnames that only ever name internal services. */
const INTERNAL_NAME = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;

export type UrlProblem = "invalid_url" | "scheme_not_allowed" | "credentials_in_url" | "internal_address";

/** A URL's host as `net.connect` wants it (IPv6 literals without brackets). */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[|\]$/g, "");

/**
 * Checks a webhook URL as written (on create and update, and again before each attempt): WHATWG
 * parsing first (which turns `http://2130706433/`, `0x7f.1` or `0177.0.0.1` into 127.0.0.1), then
 * https only (http too when `allowHttp`, in development), no user:password, and no literal address
 * or name that can only be internal. Names are resolved, and their addresses checked, per attempt.
 */
export function checkWebhookUrl(raw: string, opts: { allowHttp: boolean; policy: AddressPolicy }): { url: URL } | { problem: UrlProblem } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: "invalid_url" };
  }
  if (url.protocol !== "https:" && !(opts.allowHttp && url.protocol === "http:")) return { problem: "scheme_not_allowed" };
  if (url.username || url.password) return { problem: "credentials_in_url" };
  const host = hostOf(url);
  if (!host) return { problem: "invalid_url" };
  if (isIP(host) ? !opts.policy(host) : INTERNAL_NAME.test(host.replace(/\.$/, ""))) return { problem: "internal_address" };
  return { url };
}

/** Thrown (as the connection's error) when a name resolves to an address the policy refuses. */
export class BlockedAddressError extends Error {
  readonly code = "EBLOCKED";
  constructor(readonly hostname: string) {
    super(`${hostname} resolves to an address webhooks may not be sent to`);
    this.name = "BlockedAddressError";
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/**
 * A `lookup` for http(s).request that resolves the name and refuses the connection when any of its
 * addresses is refused by the policy; the connection then uses exactly the addresses checked (no
 * second resolution an attacker's DNS could answer differently: no rebinding window).
 */
export function guardedLookup(policy: AddressPolicy, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0 || !addresses.every((a) => policy(a.address))) {
          callback(new BlockedAddressError(hostname), "");
          return;
        }
        // Node asks for every address (happy eyeballs) and then wants an array.
        if (options?.all) callback(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ""),
    );
  };
}
