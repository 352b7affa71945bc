/**
 * HSRP MD5 authentication: what is signed and how it is checked (spec §2.3, RFC 1828 keyed MD5).
 *
 *   digest = MD5( K || pad(K) || P || K )        (src/net/keyed-md5.ts)
 *   P      = the whole HSRP UDP payload with the 16 digest bytes of the MD5 TLV set to zero; every
 *            other byte (v1 header with zero auth data, TLV type/len/algorithm/flags/IP/key id) as sent.
 *
 * HSRPv1: verified on the three John the Ripper vectors and on every MD5 frame of the john captures.
 * HSRPv2: the same construction over the whole v2 payload (Group State TLV + MD5 TLV, digest zeroed)
 * is inferred (spec §2.3 "HSRPv2 [inferred]", open item §8.1): no capture from IOS exists yet.
 *
 * The TLV is found where the decoders find it: at offset 20 of a v1 hello/coup/resign, or as the
 * first type-4/length-28 TLV of a v2 TLV walk. Key ID selection (key chains) is the caller's: these
 * functions check one key.
 */
import { keyedMd5 } from '../../net/keyed-md5.js';
import { encodeHsrpV1, HSRP_V1_MD5_OFFSET, isHsrpV1GroupMessage, type HsrpV1Message } from './codec-v1.js';
import { encodeHsrpV2, hsrpV2Md5, type HsrpV2Message } from './codec-v2.js';
import { isMd5TlvAt, MD5_DIGEST_LENGTH, MD5_DIGEST_OFFSET, MD5_TLV_LENGTH, MD5_TLV_TYPE } from './md5-tlv.js';
import type { HsrpVersion } from './transport.js';

export type HsrpMd5Key = string | Uint8Array;

/** 'no-md5': the packet carries no MD5 TLV (text auth or none), so a key cannot be checked. */
export type HsrpMd5Verdict = 'verified' | 'wrong-key' | 'no-md5';

/** Offset of the MD5 TLV in a payload, or undefined when there is none. */
export function hsrpMd5TlvOffset(payload: Uint8Array, version: HsrpVersion): number | undefined {
  if (version === 1) {
    const op = payload[1] ?? 0xff;
    return payload[0] === 0 && op <= 2 && isMd5TlvAt(payload, HSRP_V1_MD5_OFFSET) ? HSRP_V1_MD5_OFFSET : undefined;
  }
  let off = 0;
  while (payload.length - off >= 2) {
    if (payload[off] === MD5_TLV_TYPE && payload[off + 1] === MD5_TLV_LENGTH) return isMd5TlvAt(payload, off) ? off : undefined;
    off += 2 + (payload[off + 1] ?? 0);
  }
  return undefined;
}

function digestAt(payload: Uint8Array, tlvOffset: number, key: HsrpMd5Key): Uint8Array {
  const p = payload.slice();
  p.fill(0, tlvOffset + MD5_DIGEST_OFFSET, tlvOffset + MD5_DIGEST_OFFSET + MD5_DIGEST_LENGTH);
  return keyedMd5(key, p);
}

/** The digest the payload should carry under `key` (whatever its digest field holds now). */
export function hsrpMd5Digest(payload: Uint8Array, version: HsrpVersion, key: HsrpMd5Key): Uint8Array | undefined {
  const off = hsrpMd5TlvOffset(payload, version);
  return off === undefined ? undefined : digestAt(payload, off, key);
}

/** Writes the digest into the payload's MD5 TLV in place; false when there is no MD5 TLV. */
export function signHsrpPayload(payload: Uint8Array, version: HsrpVersion, key: HsrpMd5Key): boolean {
  const off = hsrpMd5TlvOffset(payload, version);
  if (off === undefined) return false;
  payload.set(digestAt(payload, off, key), off + MD5_DIGEST_OFFSET);
  return true;
}

/** Checks a received payload against one key. */
export function verifyHsrpPayload(payload: Uint8Array, version: HsrpVersion, key: HsrpMd5Key): HsrpMd5Verdict {
  const off = hsrpMd5TlvOffset(payload, version);
  if (off === undefined) return 'no-md5';
  const want = digestAt(payload, off, key);
  // A constant-time compare guards nothing here (the digest is on the wire), so a plain loop it is.
  let diff = 0;
  for (let i = 0; i < MD5_DIGEST_LENGTH; i++) diff |= (want[i] ?? 0) ^ (payload[off + MD5_DIGEST_OFFSET + i] ?? 0);
  return diff === 0 ? 'verified' : 'wrong-key';
}

/**
 * Checks a decoded message against one key. Decode→encode is byte-identical, so re-encoding the
 * message (digest verbatim) gives back the payload that was signed.
 */
export function verifyHsrpMd5(message: HsrpV1Message | HsrpV2Message, key: HsrpMd5Key): HsrpMd5Verdict {
  if (message.protocol === 'hsrp-v1') {
    if (!isHsrpV1GroupMessage(message) || message.md5 === undefined) return 'no-md5';
    return verifyHsrpPayload(encodeHsrpV1(message), 1, key);
  }
  if (hsrpV2Md5(message) === undefined) return 'no-md5';
  return verifyHsrpPayload(encodeHsrpV2(message), 2, key);
}
