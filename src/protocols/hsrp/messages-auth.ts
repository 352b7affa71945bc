/**
 * The authentication part of an outgoing HSRP message (spec §2): the v1 Authentication Data field or
 * MD5 TLV, the v2 Text or MD5 Authentication TLV. The MD5 digest is left empty here and computed by
 * the encoder when the frame is signed (codec.ts `md5Key`).
 */
import type { HsrpMd5Tlv, HsrpV2Tlv } from './codec.js';
import type { HsrpSendAuth } from './auth.js';

export type HsrpAuthMessageFields = HsrpSendAuth;

function md5Tlv(keyId: number, senderIp: string): HsrpMd5Tlv {
  return { algorithm: 'md5', padding: 0, flags: 0, senderIp: senderIp.includes(':') ? '0.0.0.0' : senderIp, keyId, digest: '' };
}

/** v1: text in the 8-byte field, or an all-zero field followed by the MD5 TLV (spec §2.2). */
export function authFieldsV1(auth: HsrpAuthMessageFields, senderIp: string): { authText: string; md5?: HsrpMd5Tlv } {
  if (auth.kind === 'text') return { authText: auth.text.slice(0, 8) };
  return { authText: '', md5: md5Tlv(auth.keyId, senderIp) };
}

/** v2: a Text Authentication TLV (sent even for the default "cisco", spec §7) or an MD5 TLV. */
export function authTlvsV2(auth: HsrpAuthMessageFields, senderIp: string): HsrpV2Tlv[] {
  if (auth.kind === 'text') return [{ type: 'text-auth', authText: auth.text.slice(0, 8) }];
  return [{ type: 'md5-auth', ...md5Tlv(auth.keyId, senderIp) }];
}
