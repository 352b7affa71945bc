/**
 * FreeBSD / OpenBSD CARP (Common Address Redundancy Protocol), which squats on VRRP's IP protocol 112
 * and group 224.0.0.18 (netinet/ip_carp.h). It is not VRRP and vipr does not speak it; this file only
 * lets the VRRP decoder say so clearly instead of reporting a "truncated VRRP packet".
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |Version| Type  | VirtualHostID |    AdvSkew    |    Auth Len   |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | Demote (Rsvd) |    AdvBase    |          Checksum             |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                    Counter (64 bits)                          |
 *   +                                                               +
 *   |                                                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                  SHA-1 HMAC (20 bytes) ...                    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Version 2 and type 1 make the first byte 0x21, exactly a VRRPv2 advertisement's, and the checksum
 * is VRRPv2's (plain, over the 36 bytes), so the header alone cannot tell them apart. The tell is the
 * size: CARP is always 36 bytes, with Auth Len = 7 (counter + HMAC in 32-bit words) where VRRP has its
 * Count IP Addrs. A conforming VRRPv2 packet with Count 7 is 8 + 28 + 8 = 44 bytes; the only VRRPv2
 * reading of these 36 bytes is "7 addresses and no auth data", which is how Wireshark shows
 * john/carp-sample.pcap (vhid 1, advskew 0, advbase 1, 7 "addresses" that are counter and HMAC).
 * RFC 3768 §7.1 makes receivers drop a VRRPv2 packet without auth data anyway, so classifying that
 * exact shape as CARP loses no conforming VRRP.
 */
import { readU16, toHex, writeU16 } from '../../net/bytes.js';
import { type Decoded, fail, ok } from '../../runtime/result.js';
import { vrrpChecksum } from './checksum.js';
import { checkHex, checkUint } from './encode-check.js';

export const CARP_LENGTH = 36;
/** (8-byte counter + 20-byte HMAC) / 4, as FreeBSD and OpenBSD send it. */
export const CARP_AUTHLEN = 7;

export interface CarpMessage {
  readonly version: number;
  readonly type: number;
  readonly vhid: number;
  readonly advskew: number;
  readonly authlen: number;
  readonly demote: number;
  readonly advbaseSec: number;
  readonly checksum: number;
  /** 8 bytes, hex: the replay counter. */
  readonly counter: string;
  /** 20 bytes, hex: HMAC-SHA1 keyed with the CARP password. */
  readonly hmac: string;
  readonly trailer?: string;
}

/** The shape test the VRRP decoder applies first: never true for a conforming VRRPv2 packet (see above). */
export function looksLikeCarp(payload: Uint8Array): boolean {
  return payload.length === CARP_LENGTH && payload[0] === 0x21 && payload[3] === CARP_AUTHLEN;
}

export function decodeCarp(payload: Uint8Array): Decoded<CarpMessage> {
  if (payload.length < CARP_LENGTH) return fail('truncated', payload.length, `CARP needs ${CARP_LENGTH} bytes, got ${payload.length}`);
  const b0 = payload[0] ?? 0;
  if (b0 >> 4 !== 2) return fail('bad-version', 0, `CARP version ${b0 >> 4}, expected 2`);
  if ((b0 & 0x0f) !== 1) return fail('bad-type', 0, `CARP type ${b0 & 0x0f}, expected 1 (advertisement)`);
  const message: CarpMessage = {
    version: b0 >> 4,
    type: b0 & 0x0f,
    vhid: payload[1] ?? 0,
    advskew: payload[2] ?? 0,
    authlen: payload[3] ?? 0,
    demote: payload[4] ?? 0,
    advbaseSec: payload[5] ?? 0,
    checksum: readU16(payload, 6),
    counter: toHex(payload.subarray(8, 16)),
    hmac: toHex(payload.subarray(16, 36)),
    ...(payload.length > CARP_LENGTH ? { trailer: toHex(payload.subarray(CARP_LENGTH)) } : {}),
  };
  return ok(message);
}

export function carpLength(message: CarpMessage): number {
  return CARP_LENGTH + (message.trailer !== undefined ? checkHex(message.trailer, 'CARP trailing bytes').length : 0);
}

/** Encodes a CARP advert (for tests and crafted frames); the checksum is computed unless `verbatim`. */
export function encodeCarp(message: CarpMessage, options: { readonly checksum?: 'compute' | 'verbatim' } = {}): Uint8Array {
  const out = new Uint8Array(carpLength(message));
  out[0] = (checkUint(message.version, 15, 'CARP version') << 4) | checkUint(message.type, 15, 'CARP type');
  out[1] = checkUint(message.vhid, 255, 'CARP vhid');
  out[2] = checkUint(message.advskew, 255, 'CARP advskew');
  out[3] = checkUint(message.authlen, 255, 'CARP authlen');
  out[4] = checkUint(message.demote, 255, 'CARP demote');
  out[5] = checkUint(message.advbaseSec, 255, 'CARP advbase');
  out.set(checkHex(message.counter, 'CARP counter', 8), 8);
  out.set(checkHex(message.hmac, 'CARP hmac', 20), 16);
  if (message.trailer !== undefined) out.set(checkHex(message.trailer, 'CARP trailing bytes'), CARP_LENGTH);
  const checksum = options.checksum === 'verbatim' ? checkUint(message.checksum, 0xffff, 'CARP checksum') : vrrpChecksum(out, 'plain');
  writeU16(out, 6, checksum);
  return out;
}
