/**
 * Cisco's proprietary VRRPv2 MD5 authentication (Auth Type 254), spec §5.6, verified on the 310 MD5
 * frames of john/vrrp-10-0.0-1412012695.pcap. It is laid out like HSRP's MD5 TLV (spec §2.2) and
 * follows the 8 auth-data bytes of the ordinary VRRPv2 packet:
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Type = 0xFE  |  Length = 28  | Algorithm = 1 |  Padding = 0  |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |         Flags = 0             |     Sender IPv4 address ...   |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  ... sender IPv4 (cont.)      |     Key ID (key-chain key) ...|
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  ... Key ID (cont.)           |                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 *   |                   MD5 digest (16 bytes)                       |
 *   +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Digest = keyed MD5 (RFC 1828 as Cisco uses it, src/net/keyed-md5.ts) over every byte before the TLV
 * (VRRP header with the checksum field zeroed, the addresses, the 8 auth-data bytes). The VRRP checksum
 * is computed afterwards over the whole packet, TLV included.
 */
import { bytesEqual, fromHex, readU16, readU32, toHex, writeU16, writeU32 } from '../../net/bytes.js';
import { formatIpv4, parseIpv4 } from '../../net/ip-address.js';
import { keyedMd5 } from '../../net/keyed-md5.js';
import { VRRP_CHECKSUM_OFFSET } from './checksum.js';
import { checkHex, checkUint } from './encode-check.js';

export const VRRP_MD5_TLV_TYPE = 0xfe;
/** The TLV's length byte counts the bytes after the type and length bytes. */
export const VRRP_MD5_TLV_BODY_LENGTH = 28;
export const VRRP_MD5_TLV_LENGTH = 2 + VRRP_MD5_TLV_BODY_LENGTH;
export const VRRP_MD5_DIGEST_LENGTH = 16;

export interface VrrpMd5Tlv {
  /** 1 = MD5; other values are kept as received. */
  readonly algorithm: number;
  readonly padding: number;
  readonly flags: number;
  /** The sender's IPv4 address (the IP source of the advert in the capture). */
  readonly senderIp: string;
  /** The key-chain key number; 1 for a key-string (the only value seen so far, spec §8 item 6). */
  readonly keyId: number;
  /** 16 bytes, lowercase hex. Absent only in a message built to be signed (encode with a key). */
  readonly digest?: string;
}

/** True when `b[off..]` starts with a complete Cisco MD5 TLV (type 0xFE, length 28). */
export function isVrrpMd5Tlv(b: Uint8Array, off: number): boolean {
  return b.length - off >= VRRP_MD5_TLV_LENGTH && b[off] === VRRP_MD5_TLV_TYPE && b[off + 1] === VRRP_MD5_TLV_BODY_LENGTH;
}

/** Reads a TLV that `isVrrpMd5Tlv` accepted (there is nothing left that can fail). */
export function decodeVrrpMd5Tlv(b: Uint8Array, off: number): VrrpMd5Tlv {
  return {
    algorithm: b[off + 2] ?? 0,
    padding: b[off + 3] ?? 0,
    flags: readU16(b, off + 4),
    senderIp: formatIpv4(b, off + 6),
    keyId: readU32(b, off + 10),
    digest: toHex(b.subarray(off + 14, off + 30)),
  };
}

/** Writes the 30-byte TLV at `out[off]`; the digest argument wins over `tlv.digest` (used when signing). */
export function encodeVrrpMd5Tlv(tlv: VrrpMd5Tlv, out: Uint8Array, off: number, digest?: Uint8Array): void {
  checkUint(tlv.algorithm, 0xff, 'MD5 TLV algorithm');
  checkUint(tlv.padding, 0xff, 'MD5 TLV padding');
  checkUint(tlv.flags, 0xffff, 'MD5 TLV flags');
  checkUint(tlv.keyId, 0xffffffff, 'MD5 TLV key id');
  const sender = parseIpv4(tlv.senderIp);
  if (!sender) throw new TypeError(`VRRP MD5 TLV: sender ${JSON.stringify(tlv.senderIp)} is not an IPv4 address`);
  const d = digest ?? (tlv.digest !== undefined ? checkHex(tlv.digest, 'MD5 TLV digest', VRRP_MD5_DIGEST_LENGTH) : undefined);
  out[off] = VRRP_MD5_TLV_TYPE;
  out[off + 1] = VRRP_MD5_TLV_BODY_LENGTH;
  out[off + 2] = tlv.algorithm;
  out[off + 3] = tlv.padding;
  writeU16(out, off + 4, tlv.flags);
  out.set(sender, off + 6);
  writeU32(out, off + 10, tlv.keyId);
  // An unsigned crafted frame carries a zero digest rather than failing.
  out.set(d ?? new Uint8Array(VRRP_MD5_DIGEST_LENGTH), off + 14);
}

/**
 * The digest over `signed` = the VRRP bytes before the TLV. The checksum field is zeroed here, on a
 * copy, so callers can pass the bytes as received (spec §5.6).
 */
export function ciscoVrrpMd5Digest(key: string | Uint8Array, signed: Uint8Array): Uint8Array {
  const data = signed.slice();
  if (data.length >= VRRP_CHECKSUM_OFFSET + 2) writeU16(data, VRRP_CHECKSUM_OFFSET, 0);
  return keyedMd5(key, data);
}

/** Constant-time comparison is not needed: the digest is on the wire for everyone to see. */
export function digestMatches(expected: Uint8Array, digestHex: string | undefined): boolean {
  if (digestHex === undefined) return false;
  const got = fromHex(digestHex);
  return got !== undefined && bytesEqual(expected, got);
}
