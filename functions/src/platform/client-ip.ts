import { BlockList, isIP } from "node:net";

/**
 * The client address that per-IP limits count, taken from `X-Forwarded-For` so that no caller can
 * choose it, whichever way the request came in (docs/operations.md, "Rate limits"):
 *
 * - Google's front end appends the address of whoever connected to it as the last entry, on every
 *   path: a request sent straight to the function's URL arrives as `<anything the caller sent>, <caller>`;
 *   one that came through Firebase Hosting as `<anything>, <caller>, <Hosting edge>` (Hosting's edge
 *   appended the caller, the front end appended the edge).
 * - Everything left of the last entry was written by someone else and is believed only when the entry
 *   to its right is a proxy we trust (`TRUSTED_PROXIES`): we walk from the right, skipping trusted
 *   proxies, and count the first address that is not one. With no trusted proxies that is the last
 *   entry: the caller on the direct path, the Hosting edge through Hosting (coarser, never spoofable).
 */
export function clientIp(forwardedFor: string | undefined, trusted: BlockList | undefined, socketAddress: string | undefined): string {
  const entries = (forwardedFor ?? "")
    .split(",")
    .map((e) => unmapped(e.trim()))
    .filter(Boolean);
  for (let i = entries.length - 1; i >= 0; i--) {
    if (i > 0 && trusted && isTrusted(trusted, entries[i])) continue;
    return entries[i];
  }
  return socketAddress || "unknown";
}

/** `203.0.113.0/24`, `2001:db8::/32`, or a single address. */
export function isCidr(value: string): boolean {
  const [address, prefix, ...rest] = value.split("/");
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const lists = new WeakMap<readonly string[], BlockList>();

/** The trusted proxies as a BlockList (built once per configuration). */
export function trustedProxyList(cidrs: readonly string[]): BlockList | undefined {
  if (cidrs.length === 0) return undefined;
  let list = lists.get(cidrs);
  if (!list) {
    list = new BlockList();
    for (const cidr of cidrs) {
      const [address, prefix] = cidr.split("/");
      const type = isIP(address) === 4 ? "ipv4" : "ipv6";
      list.addSubnet(address, prefix === undefined ? (type === "ipv4" ? 32 : 128) : Number(prefix), type);
    }
    lists.set(cidrs, list);
  }
  return list;
}

const unmapped = (address: string) => (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address);

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
}
