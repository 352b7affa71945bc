/**
 * Cisco VRRPv2 MD5 authentication (Auth Type 254, spec §5.6) at the message level: compute the digest
 * a key gives, and verify a received advert against a configured key. The TLV layout and the digest
 * over bytes are in md5-tlv.ts; the engine calls `verifyVrrpMd5` with its configured key-string.
 *
 *   +----------------------------+----------------+--------------------------------------------+
 *   | VRRPv2 header (8 bytes,    | addresses (4n) | auth data (8) | 0xFE 28 alg pad flags       |
 *   | checksum zeroed for MD5)   |                |               | sender key-id DIGEST (16)   |
 *   +----------------------------+----------------+--------------------------------------------+
 *   <------------------ signed by keyed MD5 ------------------->
 *   <---------------------- covered by the VRRP checksum ---------------------------------------->
 */
import { toHex } from '../../net/bytes.js';
import { type VrrpV2Message, decodeVrrpV2, vrrpV2SignedPart } from './codec-v2.js';
import { ciscoVrrpMd5Digest, digestMatches } from './md5-tlv.js';

/**
 * 'verified'  the advert carries an MD5 TLV whose digest the key reproduces;
 * 'wrong-key' it carries one, and the key gives another digest (IOS: authentication failure);
 * 'no-md5'    no MD5 TLV at all (another auth type, or an undecodable payload).
 */
export type VrrpMd5Verdict = 'verified' | 'wrong-key' | 'no-md5';

/** The digest (hex) `key` gives for this message: what a Cisco router with that key would send. */
export function vrrpMd5Digest(message: VrrpV2Message, key: string | Uint8Array): string {
  return toHex(ciscoVrrpMd5Digest(key, vrrpV2SignedPart(message)));
}

/** Accepts a decoded message or the raw VRRP payload (decoded here; undecodable → 'no-md5'). */
export function verifyVrrpMd5(advert: VrrpV2Message | Uint8Array, key: string | Uint8Array): VrrpMd5Verdict {
  let message: VrrpV2Message;
  if (advert instanceof Uint8Array) {
    const decoded = decodeVrrpV2(advert);
    if (!decoded.ok) return 'no-md5';
    message = decoded.value.message;
  } else {
    message = advert;
  }
  if (message.md5 === undefined) return 'no-md5';
  return digestMatches(ciscoVrrpMd5Digest(key, vrrpV2SignedPart(message)), message.md5.digest) ? 'verified' : 'wrong-key';
}
