/**
 * One entry point over both HSRP versions, at the UDP payload level (spec §1, §3):
 *
 *   HSRPv1  224.0.0.2   UDP 1985   20-byte header [+ 30-byte MD5 TLV]     codec-v1.ts
 *   HSRPv2  224.0.0.102 UDP 1985   TLVs: Group State, Interface State,    codec-v2.ts
 *           ff02::66    UDP 2029   Text Auth, MD5 Auth (md5-tlv.ts)
 *
 * The frame layer knows the destination and should pass the version it implies
 * (hsrpVersionForDestination, as Wireshark decides); without it the payload is sniffed.
 * Messages are plain JSON data: `vipr decode --json` prints them and `vipr encode` reads them back,
 * and decode→encode reproduces every real frame byte for byte.
 */
import { fail, type Decoded } from '../../runtime/result.js';
import { decodeHsrpV1, encodeHsrpV1, hsrpV1Length, type HsrpV1Message } from './codec-v1.js';
import { decodeHsrpV2, encodeHsrpV2, hsrpV2Length, type HsrpV2Message } from './codec-v2.js';
import { signHsrpPayload, type HsrpMd5Key } from './md5-auth.js';
import { sniffHsrpVersion, type HsrpVersion } from './transport.js';

export type HsrpMessage = HsrpV1Message | HsrpV2Message;

export interface HsrpEncodeOptions {
  /**
   * Sign with this key: the MD5 TLV's digest is computed (spec §2.3) instead of copied. The message
   * must carry an MD5 TLV (v1 `md5`, v2 a 'md5-auth' TLV) to say where it goes and which
   * sender IP / key id it names.
   */
  readonly md5Key?: HsrpMd5Key;
}

export function hsrpMessageVersion(m: HsrpMessage): HsrpVersion {
  return m.protocol === 'hsrp-v1' ? 1 : 2;
}

/** Decodes an HSRP UDP payload. Never throws (DESIGN D6). */
export function decodeHsrp(payload: Uint8Array, version?: HsrpVersion): Decoded<HsrpMessage> {
  const v = version ?? sniffHsrpVersion(payload);
  if (v === 1) return decodeHsrpV1(payload);
  if (v === 2) return decodeHsrpV2(payload);
  if (payload.length === 0) return fail('truncated', 0, 'empty HSRP payload');
  return fail('bad-version', 0, `payload is neither HSRPv1 (first byte 0) nor HSRPv2 (Group State TLV 1/40): starts ${payload[0] ?? 0}/${payload[1] ?? '-'}`);
}

export function hsrpLength(m: HsrpMessage): number {
  return m.protocol === 'hsrp-v1' ? hsrpV1Length(m) : hsrpV2Length(m);
}

/**
 * Encodes a message. With `md5Key` the payload is signed; without it any digest in the message is
 * written verbatim (how decode→encode stays byte-identical). Throws RangeError on a value that does
 * not fit its field, or a key given for a message without an MD5 TLV.
 */
export function encodeHsrp(m: HsrpMessage, options: HsrpEncodeOptions = {}): Uint8Array {
  const sign = options.md5Key !== undefined;
  const out = m.protocol === 'hsrp-v1' ? encodeHsrpV1(m, sign) : encodeHsrpV2(m, sign);
  if (options.md5Key !== undefined && !signHsrpPayload(out, hsrpMessageVersion(m), options.md5Key)) {
    throw new RangeError('md5Key given but the message carries no MD5 authentication TLV');
  }
  return out;
}

export type { HsrpV1Advertise, HsrpV1GroupMessage, HsrpV1Message, HsrpV1State, HsrpV1UnknownOpcode } from './codec-v1.js';
export type { HsrpV2GroupStateTlv, HsrpV2Message, HsrpV2State, HsrpV2Tlv } from './codec-v2.js';
export type { HsrpMd5Tlv } from './md5-tlv.js';
export type { HsrpVersion } from './transport.js';
