/**
 * The one entry point for VRRP on the wire: IP protocol / next header 112 (spec §5.1), dispatched on
 * the version nibble.
 *
 *    0                   1
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |Version| Type  | Virtual Rtr ID| ...   version 2: RFC 3768 (codec-v2.ts), IPv4 only
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+       version 3: RFC 5798 / RFC 9568 (codec-v3.ts), IPv4 and IPv6
 *
 * The payload is what follows the IP header, or, for VRRP protected by IPsec AH (RFC 2338 Auth Type 2,
 * john/vrrp-AH-1.pcap), what follows the AH header: unwrapping AH is the IP/frame layer's job, and the
 * VRRP bytes inside are an ordinary VRRPv2 packet with authType 'ip-ah'. The caller can tell the two
 * apart because it unwrapped the AH itself; the codec only needs the addresses of the outer IP header.
 *
 * BSD CARP uses the same protocol number and group: it is reported as error 'carp-not-vrrp' (carp.ts).
 *
 * Errors (Decoded, never thrown; offsets from the start of the payload):
 *   'truncated'      fewer bytes than the header, the addresses (and v2 auth data) need
 *   'bad-version'    version nibble other than 2 or 3, or VRRPv2 over IPv6 (RFC 3768 is IPv4-only)
 *   'bad-type'       type other than 1 (ADVERTISEMENT)
 *   'carp-not-vrrp'  a FreeBSD/OpenBSD CARP advertisement
 * A bad checksum is not an error: it is reported in `checksum` next to the message (the engine drops
 * the advert, `vipr decode` shows it). The IP context is not wire input: a malformed one (text that is
 * not an address, bytes of the wrong length) is a programmer error and throws.
 *
 * Semantic checks are the engine's, not the codec's: TTL 255, VRID configured, VRID 0, address-list
 * mismatch, the IPv6 link-local-first rule, auth per local config (RFC 3768 §7.1, RFC 5798 §7.1).
 */
import { type Decoded, fail } from '../../runtime/result.js';
import type { VrrpDecoded } from './checksum.js';
import { type VrrpV2EncodeOptions, type VrrpV2Message, decodeVrrpV2, encodeVrrpV2, vrrpV2Length } from './codec-v2.js';
import { type VrrpV3EncodeOptions, type VrrpV3Message, decodeVrrpV3, encodeVrrpV3, vrrpV3Length } from './codec-v3.js';
import type { VrrpIpContext } from './ip-context.js';

export type VrrpMessage = VrrpV2Message | VrrpV3Message;

export type VrrpEncodeOptions = VrrpV2EncodeOptions & VrrpV3EncodeOptions;

export function decodeVrrp(payload: Uint8Array, ip: VrrpIpContext): Decoded<VrrpDecoded<VrrpMessage>> {
  if (payload.length < 1) return fail('truncated', 0, 'empty VRRP payload');
  const version = (payload[0] ?? 0) >> 4;
  switch (version) {
    case 2:
      if (ip.family !== 4) return fail('bad-version', 0, 'VRRPv2 over IPv6: RFC 3768 defines VRRPv2 for IPv4 only');
      return decodeVrrpV2(payload);
    case 3:
      return decodeVrrpV3(payload, ip);
    default:
      return fail('bad-version', 0, `VRRP version ${version}, expected 2 or 3`);
  }
}

/** Encodes either version; `options.ip` is needed for pseudo-header checksums and for signing without an md5 TLV. */
export function encodeVrrp(message: VrrpMessage, options: VrrpEncodeOptions = {}): Uint8Array {
  switch (message.version) {
    case 2:
      return encodeVrrpV2(message, options);
    case 3:
      return encodeVrrpV3(message, options);
    default:
      throw new RangeError(`encodeVrrp: version must be 2 or 3, got ${String((message as { version: unknown }).version)}`);
  }
}

export function vrrpLength(message: VrrpMessage, options: VrrpEncodeOptions = {}): number {
  switch (message.version) {
    case 2:
      return vrrpV2Length(message, options);
    case 3:
      return vrrpV3Length(message);
    default:
      throw new RangeError(`vrrpLength: version must be 2 or 3, got ${String((message as { version: unknown }).version)}`);
  }
}
