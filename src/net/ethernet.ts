/**
 * Ethernet II frames (IEEE 802.3 §3.2.6, "Type" interpretation of the Length/Type field) carrying zero
 * or more IEEE 802.1Q VLAN tags (C-tag 0x8100, S-tag 0x88a8 from 802.1ad, and the pre-standard
 * Q-in-Q 0x9100 that Cisco and others still emit).
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Destination MAC address (6)                  |
 *  +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                               |                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 *  |                    Source MAC address (6)                     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  TPID 0x8100 / 0x88a8 / 0x9100 | PCP |D|          VID         |  zero or more tags
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  (802.1Q §9.6)
 *  |        EtherType / Length      |  payload ...                 |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The FCS is not part of what libpcap hands us on Linux, and a frame's payload may be followed by
 * padding up to the 60-byte minimum (802.3 §4.2.3.3): the Ethernet layer cannot tell padding from
 * payload, so the upper layer (IPv4 total length, IPv6 payload length, ARP's fixed size) decides.
 * A Length/Type value below 0x0600 is an 802.3 length (LLC follows, e.g. CDP): it is reported as is.
 */
import { type Decoded, fail, ok } from '../runtime/result.js';
import { readU16, writeU16 } from './bytes.js';
import { formatMac, type MacText, parseMacShared } from './mac.js';

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_IPV6 = 0x86dd;
export const TPID_8021Q = 0x8100;
export const TPID_8021AD = 0x88a8;
export const TPID_QINQ = 0x9100;

export const ETHERNET_HEADER_LENGTH = 14;
export const VLAN_TAG_LENGTH = 4;
/** Minimum frame without FCS (802.3 §4.4.2: 64 bytes with the 4-byte FCS). */
export const ETHERNET_MIN_FRAME = 60;

export const BROADCAST_MAC: MacText = 'ffff.ffff.ffff';

export interface VlanTag {
  /** The tag protocol identifier that introduced this tag. */
  readonly tpid: number;
  /** Priority code point (802.1Q §6.9.3), 0..7. */
  readonly pcp: number;
  /** Drop eligible indicator (formerly CFI). */
  readonly dei: boolean;
  /** VLAN identifier, 0..4095. */
  readonly vid: number;
}

export interface EthernetHeader {
  readonly destination: MacText;
  readonly source: MacText;
  /** Outermost first. */
  readonly tags: readonly VlanTag[];
  /** The Length/Type field after the last tag, as on the wire. */
  readonly etherType: number;
}

/** What encodeEthernet takes: tags may be omitted for an untagged frame. */
export interface EthernetHeaderInput {
  readonly destination: MacText;
  readonly source: MacText;
  readonly tags?: readonly VlanTag[] | undefined;
  readonly etherType: number;
}

export interface DecodedEthernet {
  readonly header: EthernetHeader;
  readonly payloadOffset: number;
  /** Every byte after the header, including any padding: the upper layer knows its own length. */
  readonly payloadLength: number;
}

export function isVlanTpid(type: number): boolean {
  return type === TPID_8021Q || type === TPID_8021AD || type === TPID_QINQ;
}

export function decodeEthernet(buf: Uint8Array, offset = 0): Decoded<DecodedEthernet> {
  if (!Number.isInteger(offset) || offset < 0 || offset > buf.length) return fail('bad-offset', offset, `offset ${offset} is outside the ${buf.length}-byte buffer`);
  if (buf.length - offset < ETHERNET_HEADER_LENGTH) {
    return fail('truncated', offset, `Ethernet header needs ${ETHERNET_HEADER_LENGTH} bytes, ${buf.length - offset} captured`);
  }
  const destination = formatMac(buf, offset);
  const source = formatMac(buf, offset + 6);
  const tags: VlanTag[] = [];
  let pos = offset + 12;
  let type = readU16(buf, pos);
  while (isVlanTpid(type)) {
    // A tag is 4 bytes and another Length/Type field follows it.
    if (buf.length - pos < VLAN_TAG_LENGTH + 2) {
      return fail('truncated', pos, `802.1Q tag ${tags.length + 1} needs ${VLAN_TAG_LENGTH + 2} bytes, ${buf.length - pos} captured`);
    }
    const tci = readU16(buf, pos + 2);
    tags.push({ tpid: type, pcp: tci >>> 13, dei: (tci & 0x1000) !== 0, vid: tci & 0x0fff });
    pos += VLAN_TAG_LENGTH;
    type = readU16(buf, pos);
  }
  const payloadOffset = pos + 2;
  return ok({ header: { destination, source, tags, etherType: type }, payloadOffset, payloadLength: buf.length - payloadOffset });
}

export function ethernetLength(header: EthernetHeaderInput): number {
  return ETHERNET_HEADER_LENGTH + VLAN_TAG_LENGTH * (header.tags?.length ?? 0);
}

export interface EncodeEthernetOptions {
  /** Pad with zeros to at least this many bytes (60 for a minimum-size frame without FCS). */
  readonly padTo?: number;
}

/** Builds header + payload. Invalid field values are programmer errors and throw RangeError. */
export function encodeEthernet(header: EthernetHeaderInput, payload: Uint8Array = new Uint8Array(0), options: EncodeEthernetOptions = {}): Uint8Array {
  const headerLength = ethernetLength(header);
  const total = Math.max(headerLength + payload.length, options.padTo ?? 0);
  const out = new Uint8Array(total);
  writeEthernetHeader(out, header);
  out.set(payload, headerLength);
  return out;
}

/**
 * Writes the header at the start of `out` (which must hold ethernetLength(header) bytes) and returns
 * where the payload goes: the lower half of encodeEthernet, for callers that lay out a whole frame in
 * one buffer. Throws like encodeEthernet.
 */
export function writeEthernetHeader(out: Uint8Array, header: EthernetHeaderInput): number {
  out.set(macBytes('destination', header.destination), 0);
  out.set(macBytes('source', header.source), 6);
  let pos = 12;
  const tags = header.tags ?? [];
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]!;
    writeU16(out, pos, checkUint(`tags[${i}].tpid`, tag.tpid, 16));
    const tci = (checkUint(`tags[${i}].pcp`, tag.pcp, 3) << 13) | (tag.dei ? 0x1000 : 0) | checkUint(`tags[${i}].vid`, tag.vid, 12);
    writeU16(out, pos + 2, tci);
    pos += VLAN_TAG_LENGTH;
  }
  writeU16(out, pos, checkUint('etherType', header.etherType, 16));
  return pos + 2;
}

function macBytes(field: string, text: MacText): Uint8Array {
  const mac = parseMacShared(text);
  if (!mac) throw new RangeError(`${field}: '${text}' is not a MAC address`);
  return mac;
}

function checkUint(field: string, value: number, bits: number): number {
  // A shift, not 2 ** bits: this runs for every header field of every frame encoded (bits ≤ 20 here).
  if (!Number.isInteger(value) || value < 0 || value >= 1 << bits) throw new RangeError(`${field}: ${value} is not a ${bits}-bit unsigned integer`);
  return value;
}
