/**
 * The VRRP checksum: the Internet checksum (RFC 1071) of the VRRP message, in two styles.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Ver  | Type  | Virtual Rtr ID|   Priority    |    Count      |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | (v2: auth type, adver int / v3: max adver int)|   Checksum    |  <- bytes 6-7 in both versions
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * 'plain'         one's complement of the one's-complement sum of the whole VRRP message with the
 *                 checksum field zeroed. VRRPv2 always (RFC 3768 §5.3.8). VRRPv3 over IPv4 as Cisco,
 *                 Juniper and RFC 9568 do it (spec §5.4, ecosystem §1).
 * 'pseudo-header' the same sum plus the IP pseudo-header (src, dst, upper-layer length, protocol 112):
 *                 VRRPv3 over IPv6 always (RFC 5798 §5.2.8, RFC 8200 §8.1), and VRRPv3 over IPv4 as
 *                 keepalived and FRR compute it by default (FRR #9951, keepalived `v3_checksum_as_v2`).
 *
 * "The whole message" is the whole IP payload handed to the codec, including a Cisco MD5 TLV after the
 * v2 auth data (spec §5.6) and any trailing bytes: that is what Wireshark's packet-vrrp.c sums, and
 * what the sender's kernel saw as the upper-layer length.
 */
import { finishChecksum, ipv4PseudoSum, ipv6PseudoSum, onesSum } from '../../net/checksum.js';
import { assertNever } from '../../runtime/result.js';
import { type ResolvedIpContext, type VrrpFamily, type VrrpIpContext, resolveIpContext } from './ip-context.js';

export type VrrpChecksumStyle = 'plain' | 'pseudo-header';

export const VRRP_PROTOCOL = 112;
export const VRRP_CHECKSUM_OFFSET = 6;

/** What the decoder found out about a frame's checksum. A bad checksum is reported here, never thrown. */
export interface VrrpChecksumCheck {
  readonly status: 'good' | 'bad';
  /** The style the checksum matched; absent when it matched none (status 'bad'). */
  readonly style?: VrrpChecksumStyle;
  /** The values that would have been correct in each style that applies (Cisco logs the calculated one). */
  readonly expected: { readonly plain?: number; readonly pseudoHeader?: number };
}

/** What every VRRP decoder returns: the message (JSON-friendly, re-encodable) and its checksum verdict. */
export interface VrrpDecoded<M> {
  readonly message: M;
  readonly checksum: VrrpChecksumCheck;
}

/** RFC 3768 / RFC 9568 / Cisco: plain for v2 and v3-over-IPv4, the pseudo-header for v3 over IPv6. */
export function defaultChecksumStyle(version: 2 | 3, family: VrrpFamily): VrrpChecksumStyle {
  return version === 3 && family === 6 ? 'pseudo-header' : 'plain';
}

function pseudoSum(ip: VrrpIpContext, length: number): number {
  return resolvedPseudoSum(resolveIpContext(ip), length);
}

function resolvedPseudoSum(r: ResolvedIpContext, length: number): number {
  return r.family === 4 ? ipv4PseudoSum(r.src, r.dst, VRRP_PROTOCOL, length) : ipv6PseudoSum(r.src, r.dst, VRRP_PROTOCOL, length);
}

/** Unfolded sum of the payload with the checksum field read as zero (6 is even, so the halves align). */
function sumWithoutField(payload: Uint8Array): number {
  return onesSum(payload, 0, Math.min(VRRP_CHECKSUM_OFFSET, payload.length)) + onesSum(payload, VRRP_CHECKSUM_OFFSET + 2, Math.max(payload.length, VRRP_CHECKSUM_OFFSET + 2));
}

/**
 * The value for the checksum field of `payload` (whatever bytes 6-7 hold now are ignored).
 * The 'pseudo-header' style needs the IP context; asking for it without one is a programmer error.
 */
export function vrrpChecksum(payload: Uint8Array, style: VrrpChecksumStyle, ip?: VrrpIpContext): number {
  switch (style) {
    case 'plain':
      return finishChecksum(sumWithoutField(payload));
    case 'pseudo-header':
      if (!ip) throw new TypeError('the pseudo-header VRRP checksum needs the IP context (family, src, dst)');
      return finishChecksum(sumWithoutField(payload) + pseudoSum(ip, payload.length));
    default:
      return assertNever(style);
  }
}

/**
 * Verifies like a receiver does (RFC 1071 §2: the sum over everything, checksum included, folds to
 * all ones), so 0x0000 and 0xffff are both accepted where they are equivalent.
 * VRRPv3 over IPv4 accepts either style (spec §5.4: "accept either form on receive"); when both would
 * match (only if the pseudo-header sums to zero), 'plain' is reported, the style vipr sends.
 * Without an IP context only the plain style can be checked.
 */
export function checkVrrpChecksum(payload: Uint8Array, version: 2 | 3, ip?: VrrpIpContext): VrrpChecksumCheck {
  // Every advert received goes through here: the payload is summed once and the IP context resolved once.
  const withField = onesSum(payload);
  const withoutField = sumWithoutField(payload);
  const plainOk = finishChecksum(withField) === 0;
  if (version === 2 || !ip) {
    const plain = finishChecksum(withoutField);
    return plainOk ? { status: 'good', style: 'plain', expected: { plain } } : { status: 'bad', expected: { plain } };
  }
  const pseudo = resolvedPseudoSum(resolveIpContext(ip), payload.length);
  const pseudoHeader = finishChecksum(withoutField + pseudo);
  if (ip.family === 6) {
    // RFC 5798 §5.2.8: IPv6 always includes the pseudo-header; a plain sum is simply wrong there.
    const ok = finishChecksum(withField + pseudo) === 0;
    return ok ? { status: 'good', style: 'pseudo-header', expected: { pseudoHeader } } : { status: 'bad', expected: { pseudoHeader } };
  }
  const plain = finishChecksum(withoutField);
  if (plainOk) return { status: 'good', style: 'plain', expected: { plain, pseudoHeader } };
  const pseudoOk = finishChecksum(withField + pseudo) === 0;
  return pseudoOk ? { status: 'good', style: 'pseudo-header', expected: { plain, pseudoHeader } } : { status: 'bad', expected: { plain, pseudoHeader } };
}
