/**
 * HSRPv2 codec, UDP payload level (spec §3; Wireshark packet-hsrp.c HSRPv2 diagrams). Sent to
 * 224.0.0.102 UDP 1985 (IPv4 groups) or ff02::66 UDP 2029 (IPv6 groups). The payload is a sequence
 * of TLVs: type (1 byte), length (1 byte, bytes that follow the length byte).
 *
 *  Group State TLV (type 1, length 40)
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |    Type=1     |  Length=40    | HSRP Version  |    Opcode     |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     State     |   IP Version  |         Group Number          |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                         Identifier(6octets)                   |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |         Identifier            |       Priority(4octets)       |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |       Priority cont.          |      Hello Time(4octets)      |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |       Hello Time cont.        |      Hold Time(4octets)       |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |       Hold Time cont.         |  Virtual IP Address(16octets) |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                  Virtual IP Address cont. ...                 |
 *
 *  Interface State TLV (type 2, length 4): Active Groups (2), Passive Groups (2)
 *  Text Authentication TLV (type 3, length 8): Authentication Data (8), see auth-field.ts
 *  MD5 Authentication TLV (type 4, length 28): see md5-tlv.ts
 *
 * State values are 0..6 (Disabled, Init, Learn, Listen, Speak, Standby, Active; spec §3.2), not the
 * v1 bit values. Timers are milliseconds. The Identifier is the sender's interface MAC (spec §1.3).
 * The VIP field is always 16 bytes: an IPv4 VIP takes the first 4, the rest zero.
 *
 * Receivers walk TLVs by length and keep what they do not know (spec §3.2, DESIGN D6): an unknown
 * type becomes { type: 'unknown', tlvType, value } in its position and is re-emitted unchanged; a
 * single byte left at the end (too short for a TLV header) is kept as `trailer`. A known type with a
 * length other than its fixed one is refused ('bad-tlv-length'), as Wireshark refuses to dissect it.
 */
import { readU16, readU32, toHex, writeU16, writeU32 } from '../../net/bytes.js';
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from '../../net/ip-address.js';
import { formatMac, parseMac, type MacText } from '../../net/mac.js';
import { assertNever, fail, ok, type Decoded } from '../../runtime/result.js';
import { irregularAuthRaw, readAuthText, writeAuthField } from './auth-field.js';
import { checkUint, hexBytes } from './field-checks.js';
import { decodeHsrpMd5Tlv, MD5_TLV_LENGTH, MD5_TLV_SIZE, MD5_TLV_TYPE, writeHsrpMd5Tlv, type HsrpMd5Tlv } from './md5-tlv.js';

/** The HSRP Version byte inside the Group State TLV. */
export const HSRP_V2_WIRE_VERSION = 2;

export const HSRP_V2_TLV_GROUP_STATE = 1;
export const HSRP_V2_TLV_INTERFACE_STATE = 2;
export const HSRP_V2_TLV_TEXT_AUTH = 3;
export const HSRP_V2_TLV_MD5_AUTH = MD5_TLV_TYPE;

const GROUP_STATE_LENGTH = 40;
const INTERFACE_STATE_LENGTH = 4;
const TEXT_AUTH_LENGTH = 8;

export type HsrpV2Opcode = 'hello' | 'coup' | 'resign';
export type HsrpV2State = 'disabled' | 'init' | 'learn' | 'listen' | 'speak' | 'standby' | 'active';

export interface HsrpV2GroupStateTlv {
  type: 'group-state';
  opcode: HsrpV2Opcode | number;
  state: HsrpV2State | number;
  /** 4 or 6; any other value is kept and the VIP is then only in `virtualIpRaw`. */
  ipVersion: number;
  group: number;
  /** Sender's interface MAC, Cisco dotted form. */
  identifier: MacText;
  priority: number;
  helloTimeMs: number;
  holdTimeMs: number;
  /** IPv4 or IPv6 text per ipVersion; '' for an unknown ipVersion. */
  virtualIp: string;
  /** The exact 16 bytes as hex, only when they are not the canonical form of `virtualIp`. */
  virtualIpRaw?: string;
}

export interface HsrpV2InterfaceStateTlv {
  type: 'interface-state';
  activeGroups: number;
  passiveGroups: number;
}

export interface HsrpV2TextAuthTlv {
  type: 'text-auth';
  authText: string;
  authRaw?: string;
}

export interface HsrpV2Md5AuthTlv extends HsrpMd5Tlv {
  type: 'md5-auth';
}

export interface HsrpV2UnknownTlv {
  type: 'unknown';
  tlvType: number;
  /** The value bytes (after the length byte), lowercase hex. */
  value: string;
}

export type HsrpV2Tlv = HsrpV2GroupStateTlv | HsrpV2InterfaceStateTlv | HsrpV2TextAuthTlv | HsrpV2Md5AuthTlv | HsrpV2UnknownTlv;

export interface HsrpV2Message {
  protocol: 'hsrp-v2';
  /** In wire order. */
  tlvs: HsrpV2Tlv[];
  /** A last byte too short to be a TLV header, lowercase hex. */
  trailer?: string;
}

const OPCODE_NAMES: readonly HsrpV2Opcode[] = ['hello', 'coup', 'resign'];
const STATE_NAMES: readonly HsrpV2State[] = ['disabled', 'init', 'learn', 'listen', 'speak', 'standby', 'active'];

export function hsrpV2StateName(value: number): HsrpV2State | number {
  return STATE_NAMES[value] ?? value;
}

export function hsrpV2StateValue(state: HsrpV2State | number): number {
  if (typeof state === 'number') return checkUint('state', state, 8);
  switch (state) {
    case 'disabled':
      return 0;
    case 'init':
      return 1;
    case 'learn':
      return 2;
    case 'listen':
      return 3;
    case 'speak':
      return 4;
    case 'standby':
      return 5;
    case 'active':
      return 6;
    default:
      return assertNever(state);
  }
}

function opcodeValue(op: HsrpV2Opcode | number): number {
  if (typeof op === 'number') return checkUint('opcode', op, 8);
  switch (op) {
    case 'hello':
      return 0;
    case 'coup':
      return 1;
    case 'resign':
      return 2;
    default:
      return assertNever(op);
  }
}

/** The first Group State TLV: the one the engine acts on. */
export function hsrpV2GroupState(m: HsrpV2Message): HsrpV2GroupStateTlv | undefined {
  for (const t of m.tlvs) if (t.type === 'group-state') return t;
  return undefined;
}

/** The first MD5 Authentication TLV, if the packet is signed. */
export function hsrpV2Md5(m: HsrpV2Message): HsrpV2Md5AuthTlv | undefined {
  for (const t of m.tlvs) if (t.type === 'md5-auth') return t;
  return undefined;
}

/** Fixed value length of the known TLV types; undefined for the others. */
function knownLength(type: number): number | undefined {
  switch (type) {
    case HSRP_V2_TLV_GROUP_STATE:
      return GROUP_STATE_LENGTH;
    case HSRP_V2_TLV_INTERFACE_STATE:
      return INTERFACE_STATE_LENGTH;
    case HSRP_V2_TLV_TEXT_AUTH:
      return TEXT_AUTH_LENGTH;
    case HSRP_V2_TLV_MD5_AUTH:
      return MD5_TLV_LENGTH;
    default:
      return undefined;
  }
}

/** Decodes an HSRPv2 UDP payload. Never throws (DESIGN D6); error offsets count from the payload start. */
export function decodeHsrpV2(b: Uint8Array): Decoded<HsrpV2Message> {
  const n = b.length;
  if (n < 2) return fail('truncated', n, `HSRPv2 payload of ${n} bytes holds no TLV`);
  const tlvs: HsrpV2Tlv[] = [];
  let off = 0;
  while (n - off >= 2) {
    const type = b[off]!;
    const len = b[off + 1]!;
    const end = off + 2 + len;
    if (end > n) {
      return fail('truncated', n, `HSRPv2 TLV type ${type} at offset ${off} has length ${len}, only ${n - off - 2} bytes left`);
    }
    const want = knownLength(type);
    if (want !== undefined && len !== want) {
      return fail('bad-tlv-length', off + 1, `HSRPv2 TLV type ${type} must have length ${want}, got ${len}`);
    }
    const v = off + 2;
    switch (type) {
      case HSRP_V2_TLV_GROUP_STATE: {
        const r = decodeGroupState(b, v);
        if (!r.ok) return r;
        tlvs.push(r.value);
        break;
      }
      case HSRP_V2_TLV_INTERFACE_STATE:
        tlvs.push({ type: 'interface-state', activeGroups: readU16(b, v), passiveGroups: readU16(b, v + 2) });
        break;
      case HSRP_V2_TLV_TEXT_AUTH: {
        const authText = readAuthText(b, v);
        const t: HsrpV2TextAuthTlv = { type: 'text-auth', authText };
        const raw = irregularAuthRaw(b, v, authText.length);
        if (raw !== undefined) t.authRaw = raw;
        tlvs.push(t);
        break;
      }
      case HSRP_V2_TLV_MD5_AUTH: {
        const r = decodeHsrpMd5Tlv(b, off);
        if (!r.ok) return r;
        tlvs.push({ type: 'md5-auth', ...r.value });
        break;
      }
      default:
        tlvs.push({ type: 'unknown', tlvType: type, value: toHex(b.subarray(v, end)) });
    }
    off = end;
  }
  const m: HsrpV2Message = { protocol: 'hsrp-v2', tlvs };
  if (off < n) m.trailer = toHex(b.subarray(off));
  return ok(m);
}

/** v = offset of the TLV value (after type and length). */
function decodeGroupState(b: Uint8Array, v: number): Decoded<HsrpV2GroupStateTlv> {
  const version = b[v]!;
  if (version !== HSRP_V2_WIRE_VERSION) {
    return fail('bad-version', v, `HSRPv2 Group State TLV version must be 2, got ${version}`);
  }
  const op = b[v + 1]!;
  const ipVersion = b[v + 3]!;
  const vipOff = v + 24;
  let virtualIp = '';
  let canonical = true;
  if (ipVersion === 4) {
    virtualIp = formatIpv4(b, vipOff);
    for (let i = 4; i < 16; i++) if (b[vipOff + i] !== 0) canonical = false;
  } else if (ipVersion === 6) {
    virtualIp = formatIpv6(b, vipOff);
  } else {
    canonical = false;
  }
  const t: HsrpV2GroupStateTlv = {
    type: 'group-state',
    opcode: OPCODE_NAMES[op] ?? op,
    state: hsrpV2StateName(b[v + 2]!),
    ipVersion,
    group: readU16(b, v + 4),
    identifier: formatMac(b, v + 6),
    priority: readU32(b, v + 12),
    helloTimeMs: readU32(b, v + 16),
    holdTimeMs: readU32(b, v + 20),
    virtualIp,
  };
  if (!canonical) t.virtualIpRaw = toHex(b.subarray(vipOff, vipOff + 16));
  return ok(t);
}

function tlvSize(t: HsrpV2Tlv): number {
  switch (t.type) {
    case 'group-state':
      return 2 + GROUP_STATE_LENGTH;
    case 'interface-state':
      return 2 + INTERFACE_STATE_LENGTH;
    case 'text-auth':
      return 2 + TEXT_AUTH_LENGTH;
    case 'md5-auth':
      return MD5_TLV_SIZE;
    case 'unknown':
      return 2 + hexBytes('unknown TLV value', t.value).length;
    default:
      return assertNever(t);
  }
}

export function hsrpV2Length(m: HsrpV2Message): number {
  let n = 0;
  for (const t of m.tlvs) n += tlvSize(t);
  return n + (m.trailer ? hexBytes('trailer', m.trailer).length : 0);
}

/**
 * Encodes an HSRPv2 payload, TLVs in the given order. MD5 digests are copied verbatim unless
 * `zeroDigest` (then left zero for md5-auth.ts to sign). Throws RangeError on values that do not fit.
 */
export function encodeHsrpV2(m: HsrpV2Message, zeroDigest = false): Uint8Array {
  const out = new Uint8Array(hsrpV2Length(m));
  let off = 0;
  for (const t of m.tlvs) {
    switch (t.type) {
      case 'group-state':
        writeGroupState(out, off, t);
        break;
      case 'interface-state':
        out[off] = HSRP_V2_TLV_INTERFACE_STATE;
        out[off + 1] = INTERFACE_STATE_LENGTH;
        writeU16(out, off + 2, checkUint('activeGroups', t.activeGroups, 16));
        writeU16(out, off + 4, checkUint('passiveGroups', t.passiveGroups, 16));
        break;
      case 'text-auth':
        out[off] = HSRP_V2_TLV_TEXT_AUTH;
        out[off + 1] = TEXT_AUTH_LENGTH;
        writeAuthField(out, off + 2, t.authText, t.authRaw);
        break;
      case 'md5-auth':
        writeHsrpMd5Tlv(out, off, t, zeroDigest);
        break;
      case 'unknown': {
        const value = hexBytes('unknown TLV value', t.value);
        if (value.length > 255) throw new RangeError(`unknown TLV value is ${value.length} bytes, at most 255 fit`);
        out[off] = checkUint('tlvType', t.tlvType, 8);
        out[off + 1] = value.length;
        out.set(value, off + 2);
        break;
      }
      default:
        assertNever(t);
    }
    off += tlvSize(t);
  }
  if (m.trailer) out.set(hexBytes('trailer', m.trailer), off);
  return out;
}

function writeGroupState(out: Uint8Array, off: number, t: HsrpV2GroupStateTlv): void {
  out[off] = HSRP_V2_TLV_GROUP_STATE;
  out[off + 1] = GROUP_STATE_LENGTH;
  const v = off + 2;
  out[v] = HSRP_V2_WIRE_VERSION;
  out[v + 1] = opcodeValue(t.opcode);
  out[v + 2] = hsrpV2StateValue(t.state);
  out[v + 3] = checkUint('ipVersion', t.ipVersion, 8);
  writeU16(out, v + 4, checkUint('group', t.group, 16));
  const mac = parseMac(t.identifier);
  if (mac === undefined) throw new RangeError(`identifier ${JSON.stringify(t.identifier)} is not a MAC address`);
  out.set(mac, v + 6);
  writeU32(out, v + 12, checkUint('priority', t.priority, 32));
  writeU32(out, v + 16, checkUint('helloTimeMs', t.helloTimeMs, 32));
  writeU32(out, v + 20, checkUint('holdTimeMs', t.holdTimeMs, 32));
  out.set(virtualIpBytes(t), v + 24);
}

function virtualIpBytes(t: HsrpV2GroupStateTlv): Uint8Array {
  if (t.virtualIpRaw !== undefined) return hexBytes('virtualIpRaw', t.virtualIpRaw, 16);
  const out = new Uint8Array(16);
  if (t.ipVersion === 4) {
    const a = parseIpv4(t.virtualIp);
    if (a === undefined) throw new RangeError(`virtualIp ${JSON.stringify(t.virtualIp)} is not an IPv4 address`);
    out.set(a, 0);
  } else if (t.ipVersion === 6) {
    const a = parseIpv6(t.virtualIp);
    if (a === undefined) throw new RangeError(`virtualIp ${JSON.stringify(t.virtualIp)} is not an IPv6 address`);
    out.set(a, 0);
  } else if (t.virtualIp !== '') {
    throw new RangeError(`ipVersion ${t.ipVersion} has no address form; give virtualIpRaw instead of virtualIp`);
  }
  return out;
}
