/**
 * The HSRP MD5 Authentication TLV (spec §2.2, packet-hsrp.c "MD5 Authentication TLV"). Same layout in
 * HSRPv1 (appended after the 20-byte packet, total payload 50) and HSRPv2 (a TLV like the others).
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |    Type=4     |   Length=28   |   Algorithm   |   Padding     |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |             Flags             |      IP Address(4octets)      |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |       IP Address cont.        |         Key ID(4octets)       |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |         Key ID cont.          | Authentication Data(16octets) |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                   Authentication Data cont. ...               |
 *
 * Algorithm 1 = MD5; IP Address = the sender's interface IPv4 address; Key ID = 0 for a key-string,
 * the key number for a key chain (spec §2.4). What the digest covers is in md5-auth.ts.
 */
import { readU16, readU32, toHex, writeU16, writeU32 } from '../../net/bytes.js';
import { formatIpv4, parseIpv4, type Ipv4Text } from '../../net/ip-address.js';
import { fail, ok, type Decoded } from '../../runtime/result.js';
import { checkUint, hexBytes } from './field-checks.js';

export const MD5_TLV_TYPE = 4;
/** The TLV length byte: bytes after it (spec §2.2). */
export const MD5_TLV_LENGTH = 28;
/** Type + length + value. */
export const MD5_TLV_SIZE = 30;
/** Offset of the 16-byte digest from the start of the TLV. */
export const MD5_DIGEST_OFFSET = 14;
export const MD5_DIGEST_LENGTH = 16;

export type HsrpMd5Algorithm = 'md5';

export interface HsrpMd5Tlv {
  /** 1 = 'md5'; any other value is kept as a number. */
  algorithm: HsrpMd5Algorithm | number;
  padding: number;
  flags: number;
  /** Sender's interface address (spec §2.2). */
  senderIp: Ipv4Text;
  keyId: number;
  /** 32 lowercase hex digits. When encoding with a key it is recomputed, so '' is accepted then. */
  digest: string;
}

function algorithmName(v: number): HsrpMd5Algorithm | number {
  return v === 1 ? 'md5' : v;
}

function algorithmValue(a: HsrpMd5Algorithm | number): number {
  if (typeof a === 'number') return checkUint('md5.algorithm', a, 8);
  switch (a) {
    case 'md5':
      return 1;
    default:
      // exhaustive over HsrpMd5Algorithm; a stray string from JSON lands here
      throw new RangeError(`md5.algorithm ${JSON.stringify(a)} is not known`);
  }
}

/** True when a well-formed MD5 TLV header (type 4, length 28) with all its bytes starts at off. */
export function isMd5TlvAt(b: Uint8Array, off: number): boolean {
  return off + MD5_TLV_SIZE <= b.length && b[off] === MD5_TLV_TYPE && b[off + 1] === MD5_TLV_LENGTH;
}

/** Decodes the TLV starting at off (its type byte); offsets in errors count from the start of b. */
export function decodeHsrpMd5Tlv(b: Uint8Array, off: number): Decoded<HsrpMd5Tlv> {
  if (off + MD5_TLV_SIZE > b.length) {
    return fail('truncated', b.length, `MD5 authentication TLV needs ${MD5_TLV_SIZE} bytes at offset ${off}, ${Math.max(0, b.length - off)} left`);
  }
  if (b[off] !== MD5_TLV_TYPE || b[off + 1] !== MD5_TLV_LENGTH) {
    return fail('bad-tlv-length', off, `expected MD5 TLV type 4 length 28, got type ${b[off] ?? 0} length ${b[off + 1] ?? 0}`);
  }
  return ok({
    algorithm: algorithmName(b[off + 2] ?? 0),
    padding: b[off + 3] ?? 0,
    flags: readU16(b, off + 4),
    senderIp: formatIpv4(b, off + 6),
    keyId: readU32(b, off + 10),
    digest: toHex(b.subarray(off + MD5_DIGEST_OFFSET, off + MD5_TLV_SIZE)),
  });
}

export function hsrpMd5TlvLength(): number {
  return MD5_TLV_SIZE;
}

/**
 * Writes the TLV at off. With `zeroDigest` the digest field is left zero (the caller signs the
 * payload afterwards, spec §2.3); otherwise `digest` must be 32 hex digits and is copied verbatim.
 */
export function writeHsrpMd5Tlv(out: Uint8Array, off: number, tlv: HsrpMd5Tlv, zeroDigest: boolean): void {
  out[off] = MD5_TLV_TYPE;
  out[off + 1] = MD5_TLV_LENGTH;
  out[off + 2] = algorithmValue(tlv.algorithm);
  out[off + 3] = checkUint('md5.padding', tlv.padding, 8);
  writeU16(out, off + 4, checkUint('md5.flags', tlv.flags, 16));
  const ip = parseIpv4(tlv.senderIp);
  if (ip === undefined) throw new RangeError(`md5.senderIp ${JSON.stringify(tlv.senderIp)} is not an IPv4 address`);
  out.set(ip, off + 6);
  writeU32(out, off + 10, checkUint('md5.keyId', tlv.keyId, 32));
  if (zeroDigest) out.fill(0, off + MD5_DIGEST_OFFSET, off + MD5_TLV_SIZE);
  else out.set(hexBytes('md5.digest', tlv.digest, MD5_DIGEST_LENGTH), off + MD5_DIGEST_OFFSET);
}

export function encodeHsrpMd5Tlv(tlv: HsrpMd5Tlv, zeroDigest = false): Uint8Array {
  const out = new Uint8Array(MD5_TLV_SIZE);
  writeHsrpMd5Tlv(out, 0, tlv, zeroDigest);
  return out;
}
