/** IPv4 masks and subnets, on top of the shared address helpers (src/net/ip-address.ts). */
import { formatIpv4, ipv4ToNumber, parseIpv4, parseIpv6, formatIpv6 } from '../net/ip-address.js';

export function ipv4Number(text: string): number {
  const b = parseIpv4(text);
  return b ? ipv4ToNumber(b) : 0;
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
