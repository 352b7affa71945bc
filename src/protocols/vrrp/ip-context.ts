/**
 * The IP layer as the VRRP codec sees it: the family and the two addresses. VRRP is carried directly
 * in IP (protocol / next header 112, spec §5.1), and two things about a VRRP message cannot be known
 * from its own bytes:
 *
 *   - the address family of a VRRPv3 message (RFC 5798 §5.2.5: "IPvX" addresses are 4 or 16 bytes
 *     depending on the IP version that carries the packet);
 *   - the pseudo-header of the VRRPv3 checksum (RFC 5798 §5.2.8, RFC 8200 §8.1, RFC 768), built from
 *     the IP source and destination.
 *
 * The frame layer hands over the addresses as bytes; people (tests, `vipr encode` JSON) write text.
 * Both are accepted. A malformed context is a programmer error and throws (DESIGN D6): it never comes
 * from the wire as such, because the frame layer has already parsed the IP header.
 */
import { parseIpv4Shared, parseIpv6Shared } from '../../net/ip-address.js';

export type VrrpFamily = 4 | 6;

export interface VrrpIpContext {
  readonly family: VrrpFamily;
  /** IP source address (bytes or text); IPv6 VRRP is sourced from a link-local (RFC 5798 §5.1.2.1). */
  readonly src: Uint8Array | string;
  /** IP destination address: 224.0.0.18 or ff02::12 for real adverts. */
  readonly dst: Uint8Array | string;
}

/** The addresses as bytes; they may be shared with other callers, so never write into them. */
export interface ResolvedIpContext {
  readonly family: VrrpFamily;
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
}

/** Bytes per address for the family: 4 for IPv4, 16 for IPv6. */
export function addressSize(family: VrrpFamily): 4 | 16 {
  return family === 4 ? 4 : 16;
}

function resolveAddress(family: VrrpFamily, value: Uint8Array | string, what: string): Uint8Array {
  const size = addressSize(family);
  if (typeof value === 'string') {
    // Text (tests, `vipr encode` JSON) is parsed through the shared memo: the same two addresses come back on every advert.
    const parsed = family === 4 ? parseIpv4Shared(value) : parseIpv6Shared(value);
    if (!parsed) throw new TypeError(`VRRP IP context: ${what} ${JSON.stringify(value)} is not an IPv${family} address`);
    return parsed;
  }
  if (value.length !== size) throw new RangeError(`VRRP IP context: ${what} has ${value.length} bytes, IPv${family} needs ${size}`);
  return value;
}

export function resolveIpContext(ip: VrrpIpContext): ResolvedIpContext {
  if (ip.family !== 4 && ip.family !== 6) throw new RangeError(`VRRP IP context: family must be 4 or 6, got ${String(ip.family)}`);
  return { family: ip.family, src: resolveAddress(ip.family, ip.src, 'src'), dst: resolveAddress(ip.family, ip.dst, 'dst') };
}
