/**
 * VRRPv2 advertisement (RFC 3768 §5.1, §5.3; spec §5.2), the IP payload of protocol 112 over IPv4.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |Version| Type  | Virtual Rtr ID|   Priority    | Count IP Addrs|
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |   Auth Type   |   Adver Int   |          Checksum             |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                         IP Address (1)                        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                            .                                  |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                         IP Address (n)                        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                     Authentication Data (1)                   |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                     Authentication Data (2)                   |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Cisco MD5 TLV, 30 bytes, only with Auth Type 254 (md5-tlv.ts)  |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Auth Type: 0 none, 1 simple text (RFC 2338 §5.3.6; "reserved" in RFC 3768 but what IOS sends for
 * `vrrp N authentication text S`), 2 IP Authentication Header (RFC 2338; the VRRP packet then sits
 * inside AH, which the IP/frame layer unwraps), 254 Cisco MD5 (spec §5.6).
 *
 * Round trip: decode then encode gives the same bytes for every frame. The 8 auth-data bytes are kept
 * exactly (as text when they are NUL-padded text under Auth Type 1, as hex otherwise when not all zero),
 * unknown auth types are kept as numbers, and bytes after the packet are kept as `trailing`. A packet
 * that ends right after its addresses (no auth data; PcapPlusPlus builds one) is kept as authData ''.
 */
import { bytesEqual, readPaddedText, readU16, toHex, writePaddedText, writeU16 } from '../../net/bytes.js';
import { formatIpv4, parseIpv4 } from '../../net/ip-address.js';
import { type Decoded, assertNever, fail, ok } from '../../runtime/result.js';
import { looksLikeCarp } from './carp.js';
import { type VrrpDecoded, VRRP_CHECKSUM_OFFSET, checkVrrpChecksum, vrrpChecksum } from './checksum.js';
import { checkHex, checkUint } from './encode-check.js';
import { type VrrpIpContext, resolveIpContext } from './ip-context.js';
import {
  type VrrpMd5Tlv,
  VRRP_MD5_TLV_LENGTH,
  ciscoVrrpMd5Digest,
  decodeVrrpMd5Tlv,
  encodeVrrpMd5Tlv,
  isVrrpMd5Tlv,
} from './md5-tlv.js';

export const VRRP_V2_HEADER_LENGTH = 8;
export const VRRP_V2_AUTH_DATA_LENGTH = 8;
/** RFC 3768 §5.3.2: the only packet type. */
export const VRRP_TYPE_ADVERTISEMENT = 1;

export type VrrpV2AuthName = 'none' | 'text' | 'ip-ah' | 'cisco-md5';
/** A name for the codes people meet, the raw number for anything else (kept for the round trip). */
export type VrrpV2AuthType = VrrpV2AuthName | number;

export interface VrrpV2Message {
  readonly version: 2;
  /** Omitted means 1 (ADVERTISEMENT). The decoder rejects other types; the encoder writes any 0-15. */
  readonly type?: number;
  readonly vrid: number;
  /** 255 = address owner, 0 = Master stopping (RFC 3768 §5.3.4). */
  readonly priority: number;
  readonly authType: VrrpV2AuthType;
  readonly adverIntSec: number;
  /** As on the wire. Optional when encoding: computed unless the caller asks for it verbatim. */
  readonly checksum?: number;
  /** IPv4 addresses, dotted quad; Count IP Addrs is their number. */
  readonly addresses: readonly string[];
  /** Auth Type 1 password (≤ 8 latin1 characters, NUL padded on the wire). */
  readonly authText?: string;
  /**
   * The 8 auth-data bytes as hex, present when they are not canonical (text under type 1, zeros
   * otherwise); wins over authText. '' means the packet has no auth-data field at all (see
   * vrrpV2HasAuthData).
   */
  readonly authData?: string;
  /** Auth Type 254: the Cisco MD5 TLV after the auth data. */
  readonly md5?: VrrpMd5Tlv;
  /** Bytes after the packet inside the IP payload, hex. */
  readonly trailer?: string;
}

export interface VrrpV2EncodeOptions {
  /** 'compute' (default) writes the correct checksum; 'verbatim' writes message.checksum (crafted/bad frames, exact round trip). */
  readonly checksum?: 'compute' | 'verbatim';
  /** Signs an Auth Type 254 message: the digest is computed with this key instead of taken from message.md5. */
  readonly md5Key?: string | Uint8Array;
  /** The MD5 TLV to write when signing a message that carries none (default: sender = ip.src, key id 1). */
  readonly md5KeyId?: number;
  /** Only used for the MD5 sender address when the message has no md5 TLV. */
  readonly ip?: VrrpIpContext;
}

const AUTH_CODES: Record<VrrpV2AuthName, number> = { none: 0, text: 1, 'ip-ah': 2, 'cisco-md5': 254 };

export function vrrpV2AuthName(code: number): VrrpV2AuthType {
  switch (code) {
    case 0:
      return 'none';
    case 1:
      return 'text';
    case 2:
      return 'ip-ah';
    case 254:
      return 'cisco-md5';
    default:
      return code;
  }
}

export function vrrpV2AuthCode(type: VrrpV2AuthType): number {
  if (typeof type === 'number') return checkUint(type, 255, 'auth type');
  switch (type) {
    case 'none':
    case 'text':
    case 'ip-ah':
    case 'cisco-md5':
      return AUTH_CODES[type];
    default:
      return assertNever(type);
  }
}

/** False for a packet that ends after its addresses (RFC 3768 §7.1: receivers discard it). */
export function vrrpV2HasAuthData(message: VrrpV2Message): boolean {
  return message.authData !== '';
}

function authDataLength(message: VrrpV2Message): number {
  return vrrpV2HasAuthData(message) ? VRRP_V2_AUTH_DATA_LENGTH : 0;
}

function isZero(b: Uint8Array): boolean {
  return b.every((x) => x === 0);
}

export function decodeVrrpV2(payload: Uint8Array): Decoded<VrrpDecoded<VrrpV2Message>> {
  if (payload.length < 1) return fail('truncated', 0, 'empty VRRP payload');
  const b0 = payload[0] ?? 0;
  if (b0 >> 4 !== 2) return fail('bad-version', 0, `VRRP version ${b0 >> 4}, expected 2`);
  if (payload.length < VRRP_V2_HEADER_LENGTH) {
    return fail('truncated', payload.length, `VRRPv2 header needs ${VRRP_V2_HEADER_LENGTH} bytes, got ${payload.length}`);
  }
  if ((b0 & 0x0f) !== VRRP_TYPE_ADVERTISEMENT) return fail('bad-type', 0, `VRRP type ${b0 & 0x0f}, only 1 (ADVERTISEMENT) exists (RFC 3768 §5.3.2)`);
  // CARP first: a 36-byte CARP advert also parses as a VRRPv2 packet with 7 addresses and no auth
  // data (Wireshark reads carp-sample.pcap that way); see carp.ts for why this test is safe.
  if (looksLikeCarp(payload)) {
    return fail('carp-not-vrrp', 0, `36-byte packet with Auth Len 7 and a 20-byte HMAC: BSD CARP (vhid ${payload[1] ?? 0}, advskew ${payload[2] ?? 0}, advbase ${payload[5] ?? 0}), not VRRP`);
  }
  const count = payload[3] ?? 0;
  const authOffset = VRRP_V2_HEADER_LENGTH + 4 * count;
  // A packet that stops right after its addresses has no auth data at all: not RFC 3768 (§7.1 makes
  // receivers drop it), but packet crafters build it (PcapPlusPlus VRRP-V2.pcap) and Wireshark shows
  // it without complaint. It is kept, as authData '', so that it survives a round trip.
  const authLength = payload.length === authOffset ? 0 : VRRP_V2_AUTH_DATA_LENGTH;
  const end = authOffset + authLength;
  if (payload.length < end) {
    // RFC 3768 §7.1: the packet must hold the fixed fields, Count addresses and the auth data.
    return fail('truncated', payload.length, `VRRPv2 with ${count} address(es) needs ${end} bytes, got ${payload.length}`);
  }
  const addresses: string[] = [];
  for (let i = 0; i < count; i++) addresses.push(formatIpv4(payload, VRRP_V2_HEADER_LENGTH + 4 * i));
  const authCode = payload[4] ?? 0;
  const authType = vrrpV2AuthName(authCode);
  const authBytes = payload.subarray(authOffset, end);
  let auth: { authText: string } | { authData: string } | Record<string, never> = {};
  if (authLength === 0) {
    auth = { authData: '' };
  } else if (authType === 'text') {
    const text = readPaddedText(payload, authOffset, VRRP_V2_AUTH_DATA_LENGTH);
    const canonical = new Uint8Array(VRRP_V2_AUTH_DATA_LENGTH);
    writePaddedText(canonical, 0, VRRP_V2_AUTH_DATA_LENGTH, text);
    auth = bytesEqual(canonical, authBytes) ? { authText: text } : { authData: toHex(authBytes) };
  } else if (!isZero(authBytes)) {
    auth = { authData: toHex(authBytes) };
  }
  let next = end;
  let md5: { md5: VrrpMd5Tlv } | Record<string, never> = {};
  if (authType === 'cisco-md5' && isVrrpMd5Tlv(payload, end)) {
    md5 = { md5: decodeVrrpMd5Tlv(payload, end) };
    next += VRRP_MD5_TLV_LENGTH;
  }
  const message: VrrpV2Message = {
    version: 2,
    vrid: payload[1] ?? 0,
    priority: payload[2] ?? 0,
    authType,
    adverIntSec: payload[5] ?? 0,
    checksum: readU16(payload, VRRP_CHECKSUM_OFFSET),
    addresses,
    ...auth,
    ...md5,
    ...(next < payload.length ? { trailer: toHex(payload.subarray(next)) } : {}),
  };
  return ok({ message, checksum: checkVrrpChecksum(payload, 2) });
}

function trailingBytes(message: { readonly trailer?: string }): Uint8Array {
  return message.trailer === undefined ? new Uint8Array(0) : checkHex(message.trailer, 'trailing bytes');
}

/** Whether the encoder will write an MD5 TLV for this message (with or without a key). */
function writesMd5(message: VrrpV2Message, options: VrrpV2EncodeOptions): boolean {
  return message.md5 !== undefined || options.md5Key !== undefined;
}

export function vrrpV2Length(message: VrrpV2Message, options: VrrpV2EncodeOptions = {}): number {
  return (
    VRRP_V2_HEADER_LENGTH +
    4 * message.addresses.length +
    authDataLength(message) +
    (writesMd5(message, options) ? VRRP_MD5_TLV_LENGTH : 0) +
    trailingBytes(message).length
  );
}

/**
 * The bytes Cisco MD5 signs: header (checksum zeroed), addresses, auth data (spec §5.6). The same as
 * the first bytes of the encoded packet, so a digest can be computed or checked from a message alone.
 */
export function vrrpV2SignedPart(message: VrrpV2Message): Uint8Array {
  const out = new Uint8Array(VRRP_V2_HEADER_LENGTH + 4 * message.addresses.length + authDataLength(message));
  writeV2Body(message, out);
  return out;
}

/** Header (checksum left zero), addresses and auth data into `out`; returns the offset after them. */
function writeV2Body(message: VrrpV2Message, out: Uint8Array): number {
  if (message.version !== 2) throw new RangeError(`encodeVrrpV2: version must be 2, got ${String(message.version)}`);
  const count = message.addresses.length;
  checkUint(count, 255, 'address count');
  out[0] = (2 << 4) | checkUint(message.type ?? VRRP_TYPE_ADVERTISEMENT, 15, 'type');
  out[1] = checkUint(message.vrid, 255, 'vrid');
  out[2] = checkUint(message.priority, 255, 'priority');
  out[3] = count;
  out[4] = vrrpV2AuthCode(message.authType);
  out[5] = checkUint(message.adverIntSec, 255, 'adverIntSec');
  message.addresses.forEach((text, i) => {
    const a = parseIpv4(text);
    if (!a) throw new TypeError(`VRRP: address ${JSON.stringify(text)} is not an IPv4 address`);
    out.set(a, VRRP_V2_HEADER_LENGTH + 4 * i);
  });
  const authOffset = VRRP_V2_HEADER_LENGTH + 4 * count;
  if (message.authData === '') return authOffset;
  if (message.authData !== undefined) {
    out.set(checkHex(message.authData, 'authData', VRRP_V2_AUTH_DATA_LENGTH), authOffset);
  } else if (message.authText !== undefined) {
    if (Buffer.from(message.authText, 'latin1').length > VRRP_V2_AUTH_DATA_LENGTH) {
      throw new RangeError(`VRRP: authText ${JSON.stringify(message.authText)} is longer than ${VRRP_V2_AUTH_DATA_LENGTH} characters`);
    }
    writePaddedText(out, authOffset, VRRP_V2_AUTH_DATA_LENGTH, message.authText);
  }
  return authOffset + VRRP_V2_AUTH_DATA_LENGTH;
}

export function encodeVrrpV2(message: VrrpV2Message, options: VrrpV2EncodeOptions = {}): Uint8Array {
  if (options.md5Key !== undefined && vrrpV2AuthCode(message.authType) !== AUTH_CODES['cisco-md5']) {
    throw new TypeError(`encodeVrrpV2: an MD5 key was given but the auth type is ${String(message.authType)}, not cisco-md5`);
  }
  const out = new Uint8Array(vrrpV2Length(message, options));
  let off = writeV2Body(message, out);
  if (writesMd5(message, options)) {
    let tlv = message.md5;
    if (!tlv) {
      // Signing a message built without a TLV: IOS fills in its own address and key id (spec §5.6).
      const src = options.ip ? resolveIpContext(options.ip) : undefined;
      if (!src || src.family !== 4) throw new TypeError('encodeVrrpV2: signing a message without md5 needs md5.senderIp or an IPv4 ip context');
      tlv = { algorithm: 1, padding: 0, flags: 0, senderIp: formatIpv4(src.src), keyId: options.md5KeyId ?? 1 };
    }
    const digest = options.md5Key !== undefined ? ciscoVrrpMd5Digest(options.md5Key, out.subarray(0, off)) : undefined;
    encodeVrrpMd5Tlv(tlv, out, off, digest);
    off += VRRP_MD5_TLV_LENGTH;
  }
  out.set(trailingBytes(message), off);
  const verbatim = options.checksum === 'verbatim' && message.checksum !== undefined;
  writeU16(out, VRRP_CHECKSUM_OFFSET, verbatim ? checkUint(message.checksum ?? 0, 0xffff, 'checksum') : vrrpChecksum(out, 'plain'));
  return out;
}
