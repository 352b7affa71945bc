/** IPv4 masks and subnets, on top of the shared address helpers (src/net/ip-address.ts). */
import { formatIpv4, parseIpv6, formatIpv6 } from '../net/ip-address.js';

/** The address as an unsigned 32-bit number, 0 when `text` is not one (what `parseIpv4` accepts). */
export function ipv4Number(text: string): number {
  return ipv4NumberOrUndefined(text) ?? 0;
}

/**
 * `parseIpv4` and `ipv4ToNumber` in one pass without allocating: exactly four dot-separated parts
 * of one to three ASCII digits, each at most 255. The model calls this several times per
 * configuration line (masks, overlap and subnet checks), so it avoids the split and the regexps.
 */
export function ipv4NumberOrUndefined(text: string): number | undefined {
  const len = text.length;
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= len; i++) {
    const c = i < len ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || part > 255 || parts === 4) return undefined;
      value = value * 256 + part;
      parts++;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      part = part * 10 + (c - 48);
      digits++;
    } else return undefined;
  }
  return parts === 4 ? value : undefined;
}

export function numberToIpv4(n: number): string {
  return formatIpv4(Uint8Array.of((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255));
}

export function prefixToMask(len: number): string {
  return numberToIpv4(len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);
}

/** The prefix length of a contiguous mask, or undefined. */
export function maskToPrefix(mask: string): number | undefined {
  const n = ipv4Number(mask);
  const inv = ~n >>> 0;
  if ((inv & (inv + 1)) !== 0) return undefined;
  let len = 0;
  for (let m = n; m & 0x80000000; m = (m << 1) >>> 0) len++;
  return len;
}

export function networkOf(address: string, len: number): number {
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return (ipv4Number(address) & mask) >>> 0;
}

export function inSubnet(address: string, net: string, len: number): boolean {
  return networkOf(address, len) === networkOf(net, len);
}

/** `2001:DB8::1/64` → `2001:db8::1/64` (RFC 5952), or undefined when not an IPv6 prefix. */
export function canonicalIpv6Prefix(text: string): string | undefined {
  const slash = text.indexOf('/');
  const addr = parseIpv6(slash < 0 ? text : text.slice(0, slash));
  if (!addr) return undefined;
  return slash < 0 ? formatIpv6(addr) : `${formatIpv6(addr)}${text.slice(slash)}`;
}

export function canonicalIpv6(text: string): string | undefined {
  const a = parseIpv6(text);
  return a ? formatIpv6(a) : undefined;
}
