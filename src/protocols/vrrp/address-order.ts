/**
 * "The primary IP address of the sender is greater than the local primary IP address" (RFC 3768
 * §6.4.3, RFC 5798 §6.4.3): addresses compared as unsigned numbers in network byte order, which for
 * IPv6 is the link-local source of the advert.
 */
import { parseIpv4, parseIpv6 } from '../../net/ip-address.js';

function bytesOf(address: string): Uint8Array {
  const b = address.includes(':') ? parseIpv6(address) : parseIpv4(address);
  if (!b) throw new TypeError(`not an IP address: ${JSON.stringify(address)}`);
  return b;
}

/** <0, 0, >0 as a is lower than, equal to, higher than b. Mixed families compare IPv4 lower. */
export function compareAddresses(a: string, b: string): number {
  const x = bytesOf(a);
  const y = bytesOf(b);
  if (x.length !== y.length) return x.length - y.length;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
