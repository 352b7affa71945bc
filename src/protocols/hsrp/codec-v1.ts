/**
 * HSRPv1 codec, UDP payload level (RFC 2281 §5.1 "version 0"; spec §1.2, §1.5, §2.2;
 * Wireshark packet-hsrp.c struct hsrp_packet). Sent to 224.0.0.2, UDP 1985 → 1985.
 *
 * Hello / Coup / Resign (opcodes 0, 1, 2), 20 bytes:
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |   Version     |   Op Code     |     State     |   Hellotime   |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |   Holdtime    |   Priority    |     Group     |   Reserved    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                      Authentication  Data                     |
 *   +                                                               +
 *   |                                                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                      Virtual IP Address                       |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  optional MD5 Authentication TLV (30 bytes, md5-tlv.ts)  ...  |
 *
 * State is a bit value (RFC 2281 §5.1): 0 Initial, 1 Learn, 2 Listen, 4 Speak, 8 Standby, 16 Active.
 * Timers are seconds. With MD5 the Authentication Data is all zero and the TLV follows (spec §2.2);
 * Wireshark and JtR recognise it by payload length 50 and bytes 20/21 = 4/28.
 *
 * Advertise (opcode 3, interface state; spec §1.5, packet-hsrp.c comment), 16 bytes:
 *
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |   Version     |  Op Code = 3  |           TLV Type            |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |            TLV Length         |      State    |   Reserved    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     Active Group Count        |     Passive Group Count       |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                           Reserved                            |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * IOS 12.4 sends TLV length 14 and often 0x6f000000 in the last Reserved word (HSRP_*.pcap), so both
 * are kept as numbers and written back as read. Bytes after the fixed part that are not an MD5 TLV
 * are kept as `trailer` hex; an opcode above 3 keeps everything after the opcode as `body` hex.
 */
import { readU16, readU32, toHex, writeU16, writeU32 } from '../../net/bytes.js';
import { parseIpv4, type Ipv4Text } from '../../net/ip-address.js';
import { assertNever, fail, ok, type Decoded } from '../../runtime/result.js';
import { AUTH_FIELD_LENGTH, irregularAuthRaw, readAuthText, writeAuthField } from './auth-field.js';
import { checkUint, hexBytes } from './field-checks.js';
import { decodeHsrpMd5Tlv, isMd5TlvAt, MD5_TLV_SIZE, writeHsrpMd5Tlv, type HsrpMd5Tlv } from './md5-tlv.js';

/** RFC 2281 §5.1: "The version of the HSRP messages. This document describes version 0." */
export const HSRP_V1_WIRE_VERSION = 0;
export const HSRP_V1_GROUP_LENGTH = 20;
export const HSRP_V1_ADVERTISE_LENGTH = 16;
/** Where the MD5 TLV starts in a signed hello/coup/resign (spec §2.2). */
export const HSRP_V1_MD5_OFFSET = HSRP_V1_GROUP_LENGTH;

export type HsrpV1Opcode = 'hello' | 'coup' | 'resign' | 'advertise';
export type HsrpV1GroupOpcode = 'hello' | 'coup' | 'resign';
export type HsrpV1State = 'initial' | 'learn' | 'listen' | 'speak' | 'standby' | 'active';
export type HsrpV1AdvertiseType = 'interface-state' | 'ip-redundancy';
export type HsrpV1AdvertiseState = 'dormant' | 'passive' | 'active';

/** Hello, Coup or Resign. */
export interface HsrpV1GroupMessage {
  protocol: 'hsrp-v1';
  opcode: HsrpV1GroupOpcode;
  /** A name from RFC 2281 §5.1, or the raw byte when it is none of 0/1/2/4/8/16. */
  state: HsrpV1State | number;
  helloTimeS: number;
  holdTimeS: number;
  priority: number;
  group: number;
  reserved: number;
  /** Clear-text key up to the first NUL (auth-field.ts); '' when MD5 is used. */
  authText: string;
  /** The exact 8 bytes as hex, only when they are not `authText` NUL-padded. */
  authRaw?: string;
  virtualIp: Ipv4Text;
  md5?: HsrpMd5Tlv;
  /** Bytes after the packet (and after the MD5 TLV), lowercase hex. */
  trailer?: string;
}

/** Opcode 3: HSRP interface-state advertisement (spec §1.5). */
export interface HsrpV1Advertise {
  protocol: 'hsrp-v1';
  opcode: 'advertise';
  tlvType: HsrpV1AdvertiseType | number;
  tlvLength: number;
  state: HsrpV1AdvertiseState | number;
  reserved1: number;
  activeGroups: number;
  passiveGroups: number;
  reserved2: number;
  trailer?: string;
}

/** An opcode outside RFC 2281 and the Advertise extension: kept whole so it can be re-emitted. */
export interface HsrpV1UnknownOpcode {
  protocol: 'hsrp-v1';
  opcode: number;
  /** Everything after the Op Code byte, lowercase hex. */
  body: string;
}

export type HsrpV1Message = HsrpV1GroupMessage | HsrpV1Advertise | HsrpV1UnknownOpcode;

// Lookup tables rather than switches on the decode path: one array load per field.
const OPCODE_NAMES: readonly HsrpV1Opcode[] = ['hello', 'coup', 'resign', 'advertise'];
const STATE_NAMES: readonly (HsrpV1State | undefined)[] = (() => {
  const t: (HsrpV1State | undefined)[] = new Array<HsrpV1State | undefined>(256).fill(undefined);
  t[0] = 'initial';
  t[1] = 'learn';
  t[2] = 'listen';
  t[4] = 'speak';
  t[8] = 'standby';
  t[16] = 'active';
  return t;
})();

export function hsrpV1StateValue(state: HsrpV1State | number): number {
  if (typeof state === 'number') return checkUint('state', state, 8);
  switch (state) {
    case 'initial':
      return 0;
    case 'learn':
      return 1;
    case 'listen':
      return 2;
    case 'speak':
      return 4;
    case 'standby':
      return 8;
    case 'active':
      return 16;
    default:
      return assertNever(state);
  }
}

export function hsrpV1StateName(value: number): HsrpV1State | number {
  return STATE_NAMES[value] ?? value;
}

function opcodeValue(op: HsrpV1Opcode): number {
  switch (op) {
    case 'hello':
      return 0;
    case 'coup':
      return 1;
    case 'resign':
      return 2;
    case 'advertise':
      return 3;
    default:
      return assertNever(op);
  }
}

function advertiseTypeValue(t: HsrpV1AdvertiseType | number): number {
  if (typeof t === 'number') return checkUint('tlvType', t, 16);
  switch (t) {
    case 'interface-state':
      return 1;
    case 'ip-redundancy':
      return 2;
    default:
      return assertNever(t);
  }
}

function advertiseTypeName(v: number): HsrpV1AdvertiseType | number {
  return v === 1 ? 'interface-state' : v === 2 ? 'ip-redundancy' : v;
}

function advertiseStateValue(s: HsrpV1AdvertiseState | number): number {
  if (typeof s === 'number') return checkUint('state', s, 8);
  switch (s) {
    case 'dormant':
      return 1;
    case 'passive':
      return 2;
    case 'active':
      return 3;
    default:
      return assertNever(s);
  }
}

function advertiseStateName(v: number): HsrpV1AdvertiseState | number {
  return v === 1 ? 'dormant' : v === 2 ? 'passive' : v === 3 ? 'active' : v;
}

/**
 * Decodes an HSRPv1 UDP payload. Never throws (DESIGN D6); error offsets count from the payload start.
 * The hello path is the hot one (one per group per hello time per router on the segment): fixed
 * offsets, table lookups, one object.
 */
export function decodeHsrpV1(b: Uint8Array): Decoded<HsrpV1Message> {
  const n = b.length;
  if (n < 2) return fail('truncated', n, `HSRPv1 payload of ${n} bytes has no op code`);
  if (b[0] !== HSRP_V1_WIRE_VERSION) {
    return fail('bad-version', 0, `HSRPv1 version must be 0 (RFC 2281 §5.1), got ${b[0] ?? 0}`);
  }
  const op = b[1] ?? 0;
  if (op <= 2) return decodeGroupMessage(b, op);
  if (op === 3) return decodeAdvertise(b);
  return ok({ protocol: 'hsrp-v1', opcode: op, body: toHex(b.subarray(2)) });
}

function decodeGroupMessage(b: Uint8Array, op: number): Decoded<HsrpV1Message> {
  const n = b.length;
  if (n < HSRP_V1_GROUP_LENGTH) {
    return fail('truncated', n, `HSRPv1 ${OPCODE_NAMES[op] ?? op} needs ${HSRP_V1_GROUP_LENGTH} bytes, got ${n}`);
  }
  // Bounds were checked above: every index below is < 20 <= n.
  const stateByte = b[2]!;
  const authText = readAuthText(b, 8);
  const m: HsrpV1GroupMessage = {
    protocol: 'hsrp-v1',
    opcode: op === 0 ? 'hello' : op === 1 ? 'coup' : 'resign',
    state: STATE_NAMES[stateByte] ?? stateByte,
    helloTimeS: b[3]!,
    holdTimeS: b[4]!,
    priority: b[5]!,
    group: b[6]!,
    reserved: b[7]!,
    authText,
    virtualIp: `${b[16]!}.${b[17]!}.${b[18]!}.${b[19]!}`,
  };
  if (authText.length < AUTH_FIELD_LENGTH - 1) {
    const raw = irregularAuthRaw(b, 8, authText.length);
    if (raw !== undefined) m.authRaw = raw;
  }
  if (n === HSRP_V1_GROUP_LENGTH) return ok(m);
  let off = HSRP_V1_GROUP_LENGTH;
  if (isMd5TlvAt(b, off)) {
    const md5 = decodeHsrpMd5Tlv(b, off);
    if (!md5.ok) return md5;
    m.md5 = md5.value;
    off += MD5_TLV_SIZE;
  }
  if (off < n) m.trailer = toHex(b.subarray(off));
  return ok(m);
}

function decodeAdvertise(b: Uint8Array): Decoded<HsrpV1Message> {
  const n = b.length;
  if (n < HSRP_V1_ADVERTISE_LENGTH) {
    return fail('truncated', n, `HSRPv1 advertise needs ${HSRP_V1_ADVERTISE_LENGTH} bytes, got ${n}`);
  }
  const m: HsrpV1Advertise = {
    protocol: 'hsrp-v1',
    opcode: 'advertise',
    tlvType: advertiseTypeName(readU16(b, 2)),
    tlvLength: readU16(b, 4),
    state: advertiseStateName(b[6] ?? 0),
    reserved1: b[7] ?? 0,
    activeGroups: readU16(b, 8),
    passiveGroups: readU16(b, 10),
    reserved2: readU32(b, 12),
  };
  if (n > HSRP_V1_ADVERTISE_LENGTH) m.trailer = toHex(b.subarray(HSRP_V1_ADVERTISE_LENGTH));
  return ok(m);
}

function trailerBytes(trailer: string | undefined): Uint8Array | undefined {
  return trailer === undefined || trailer === '' ? undefined : hexBytes('trailer', trailer);
}

export function isHsrpV1UnknownOpcode(m: HsrpV1Message): m is HsrpV1UnknownOpcode {
  return typeof m.opcode === 'number';
}

export function isHsrpV1Advertise(m: HsrpV1Message): m is HsrpV1Advertise {
  return m.opcode === 'advertise';
}

export function isHsrpV1GroupMessage(m: HsrpV1Message): m is HsrpV1GroupMessage {
  return m.opcode === 'hello' || m.opcode === 'coup' || m.opcode === 'resign';
}

export function hsrpV1Length(m: HsrpV1Message): number {
  if (isHsrpV1UnknownOpcode(m)) return 2 + hexBytes('body', m.body).length;
  const trailer = trailerBytes(m.trailer)?.length ?? 0;
  if (isHsrpV1Advertise(m)) return HSRP_V1_ADVERTISE_LENGTH + trailer;
  return HSRP_V1_GROUP_LENGTH + ((m as HsrpV1GroupMessage).md5 ? MD5_TLV_SIZE : 0) + trailer;
}

/**
 * Encodes an HSRPv1 payload. The MD5 TLV's digest is copied verbatim unless `zeroDigest` (then left
 * zero for md5-auth.ts to sign). Throws RangeError on values that do not fit their fields.
 */
export function encodeHsrpV1(m: HsrpV1Message, zeroDigest = false): Uint8Array {
  if (isHsrpV1UnknownOpcode(m)) {
    const body = hexBytes('body', m.body);
    const out = new Uint8Array(2 + body.length);
    out[1] = checkUint('opcode', m.opcode, 8);
    out.set(body, 2);
    return out;
  }
  if (isHsrpV1Advertise(m)) return encodeAdvertise(m);
  if (isHsrpV1GroupMessage(m)) return encodeGroupMessage(m, zeroDigest);
  throw new RangeError(`opcode ${JSON.stringify((m as { opcode: unknown }).opcode)} is not an HSRPv1 op code`);
}

function encodeGroupMessage(m: HsrpV1GroupMessage, zeroDigest: boolean): Uint8Array {
  const trailer = trailerBytes(m.trailer);
  const out = new Uint8Array(HSRP_V1_GROUP_LENGTH + (m.md5 ? MD5_TLV_SIZE : 0) + (trailer?.length ?? 0));
  out[0] = HSRP_V1_WIRE_VERSION;
  out[1] = opcodeValue(m.opcode);
  out[2] = hsrpV1StateValue(m.state);
  out[3] = checkUint('helloTimeS', m.helloTimeS, 8);
  out[4] = checkUint('holdTimeS', m.holdTimeS, 8);
  out[5] = checkUint('priority', m.priority, 8);
  out[6] = checkUint('group', m.group, 8);
  out[7] = checkUint('reserved', m.reserved, 8);
  writeAuthField(out, 8, m.authText, m.authRaw);
  const vip = parseIpv4(m.virtualIp);
  if (vip === undefined) throw new RangeError(`virtualIp ${JSON.stringify(m.virtualIp)} is not an IPv4 address`);
  out.set(vip, 16);
  let off = HSRP_V1_GROUP_LENGTH;
  if (m.md5) {
    writeHsrpMd5Tlv(out, off, m.md5, zeroDigest);
    off += MD5_TLV_SIZE;
  }
  if (trailer) out.set(trailer, off);
  return out;
}

function encodeAdvertise(m: HsrpV1Advertise): Uint8Array {
  const trailer = trailerBytes(m.trailer);
  const out = new Uint8Array(HSRP_V1_ADVERTISE_LENGTH + (trailer?.length ?? 0));
  out[0] = HSRP_V1_WIRE_VERSION;
  out[1] = 3;
  writeU16(out, 2, advertiseTypeValue(m.tlvType));
  writeU16(out, 4, checkUint('tlvLength', m.tlvLength, 16));
  out[6] = advertiseStateValue(m.state);
  out[7] = checkUint('reserved1', m.reserved1, 8);
  writeU16(out, 8, checkUint('activeGroups', m.activeGroups, 16));
  writeU16(out, 10, checkUint('passiveGroups', m.passiveGroups, 16));
  writeU32(out, 12, checkUint('reserved2', m.reserved2, 32));
  if (trailer) out.set(trailer, HSRP_V1_ADVERTISE_LENGTH);
  return out;
}
