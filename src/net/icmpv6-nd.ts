/**
 * ICMPv6 Neighbor Advertisement (RFC 4861 §4.4) and its options (§4.6).
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Type (136)  |   Code (0)    |          Checksum             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |R|S|O|                     Reserved                            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  +                   Target Address (16 bytes)                   +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Options ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Each option (§4.6) is Type (1 byte), Length (1 byte, in units of 8 bytes, type and length
 * included, never 0), data. Target Link-Layer Address (type 2, §4.6.1) on Ethernet is length 1 with a
 * 6-byte MAC; every option is kept raw so unknown ones re-encode unchanged.
 *
 * The checksum (RFC 4443 §2.3) covers the IPv6 pseudo-header (RFC 8200 §8.1, next header 58) and the
 * whole ICMPv6 message, whose length comes from the IPv6 payload length.
 *
 * A VRRPv3 Master (RFC 5798 §6.4.2) and an HSRP IPv6 Active announce the virtual address with an
 * unsolicited NA (RFC 4861 §7.2.6): R set, S clear, O set, target = the virtual IPv6 address, TLLA =
 * the virtual MAC, to all-nodes ff02::1 with hop limit 255 (§7.1.2 makes receivers drop anything else).
 */
import { type Decoded, fail, ok } from '../runtime/result.js';
import { fromHex, readU16, readU32, toHex, writeU16, writeU32 } from './bytes.js';
import { finishChecksum, onesSum } from './checksum.js';
import { encodeEthernet, ETHERTYPE_IPV6 } from './ethernet.js';
import { formatIpv6, type Ipv6Text, parseIpv6 } from './ip-address.js';
import { IP_PROTOCOL_ICMPV6 } from './ipv4.js';
import { encodeIpv6 } from './ipv6.js';
import { formatMac, type MacText, parseMac } from './mac.js';
import { type ChecksumStatus, type PseudoHeader, pseudoFamily, pseudoSum } from './udp.js';

export const ICMPV6_NEIGHBOR_ADVERTISEMENT = 136;
export const NA_FIXED_LENGTH = 24;
export const ND_OPTION_SOURCE_LINK_LAYER = 1;
export const ND_OPTION_TARGET_LINK_LAYER = 2;
export const ALL_NODES: Ipv6Text = 'ff02::1';
/** RFC 2464 §7: 33:33 followed by the low 32 bits of the IPv6 multicast address. */
export const ALL_NODES_MAC: MacText = '3333.0000.0001';

export interface NdOption {
  readonly type: number;
  /** In units of 8 bytes, as on the wire. */
  readonly length: number;
  /** The whole option (type and length included) as lowercase hex. */
  readonly raw: string;
  /** For source/target link-layer address options of length 1: the MAC. */
  readonly linkLayerAddress?: MacText;
}

/** An option to encode: raw is written verbatim when given, else a link-layer address option is built. */
export interface NdOptionInput {
  readonly type: number;
  readonly length?: number;
  readonly raw?: string;
  readonly linkLayerAddress?: MacText;
}

export interface NeighborAdvertisement {
  readonly type: number;
  readonly code: number;
  readonly checksum: number;
  /** 'none' never happens for ICMPv6: a zero checksum is just wrong. */
  readonly checksumStatus: ChecksumStatus;
  readonly checksumValid: boolean;
  readonly router: boolean;
  readonly solicited: boolean;
  readonly override: boolean;
  /** The 29 reserved bits after R/S/O, as seen (senders must zero them). */
  readonly reserved: number;
  readonly target: Ipv6Text;
  readonly options: readonly NdOption[];
}

/** What encodeNeighborAdvertisement takes; type defaults to 136, code to 0, checksum is computed when absent. */
export interface NeighborAdvertisementInput {
  readonly type?: number;
  readonly code?: number;
  readonly checksum?: number;
  readonly router: boolean;
  readonly solicited: boolean;
  readonly override: boolean;
  readonly reserved?: number;
  readonly target: Ipv6Text;
  readonly options?: readonly NdOptionInput[];
}

export interface DecodedNeighborAdvertisement {
  readonly header: NeighborAdvertisement;
  /** The end of the message (an NA carries nothing after its options). */
  readonly payloadOffset: number;
  readonly payloadLength: number;
}

export interface DecodeNdOptions {
  /** The enclosing IPv6 header's addresses, for the checksum. */
  readonly pseudo?: PseudoHeader;
  /** Where the ICMPv6 message ends (the IPv6 payload end); defaults to the buffer end. */
  readonly end?: number;
}

export function decodeNeighborAdvertisement(buf: Uint8Array, offset = 0, options: DecodeNdOptions = {}): Decoded<DecodedNeighborAdvertisement> {
  const end = Math.min(options.end ?? buf.length, buf.length);
  if (!Number.isInteger(offset) || offset < 0 || offset > end) return fail('bad-offset', offset, `offset ${offset} is outside the ${end}-byte buffer`);
  const avail = end - offset;
  if (avail < NA_FIXED_LENGTH) return fail('truncated', offset, `Neighbor Advertisement needs ${NA_FIXED_LENGTH} bytes, ${avail} available`);
  const type = buf[offset] ?? 0;
  if (type !== ICMPV6_NEIGHBOR_ADVERTISEMENT) return fail('bad-type', offset, `ICMPv6 type ${type} is not a Neighbor Advertisement (136)`);
  const ndOptions: NdOption[] = [];
  let pos = offset + NA_FIXED_LENGTH;
  while (pos < end) {
    if (end - pos < 2) return fail('bad-option', pos, `${end - pos} byte(s) left after the last option`);
    const optType = buf[pos] ?? 0;
    const optLength = buf[pos + 1] ?? 0;
    // RFC 4861 §4.6: a zero length would loop forever, and such packets must be discarded.
    if (optLength === 0) return fail('bad-option', pos + 1, `option type ${optType} has length 0`);
    if (pos + optLength * 8 > end) return fail('bad-option', pos + 1, `option type ${optType} of ${optLength * 8} bytes runs past the end of the message`);
    const isLinkLayer = (optType === ND_OPTION_SOURCE_LINK_LAYER || optType === ND_OPTION_TARGET_LINK_LAYER) && optLength === 1;
    const raw = toHex(buf.subarray(pos, pos + optLength * 8));
    ndOptions.push(isLinkLayer ? { type: optType, length: optLength, raw, linkLayerAddress: formatMac(buf, pos + 2) } : { type: optType, length: optLength, raw });
    pos += optLength * 8;
  }
  const checksum = readU16(buf, offset + 2);
  let checksumStatus: ChecksumStatus = 'unverified';
  if (options.pseudo && pseudoFamily(options.pseudo) === 'ipv6') {
    const sum = onesSum(buf, offset, end, pseudoSum(options.pseudo, avail, IP_PROTOCOL_ICMPV6));
    checksumStatus = finishChecksum(sum) === 0 && checksum !== 0 ? 'good' : 'bad';
  }
  const flags = readU32(buf, offset + 4);
  const header: NeighborAdvertisement = {
    type,
    code: buf[offset + 1] ?? 0,
    checksum,
    checksumStatus,
    checksumValid: checksumStatus === 'good',
    router: (flags & 0x80000000) !== 0,
    solicited: (flags & 0x40000000) !== 0,
    override: (flags & 0x20000000) !== 0,
    reserved: flags & 0x1fffffff,
    target: formatIpv6(buf, offset + 8),
    options: ndOptions,
  };
  return ok({ header, payloadOffset: end, payloadLength: 0 });
}

export function neighborAdvertisementLength(header: NeighborAdvertisementInput): number {
  let n = NA_FIXED_LENGTH;
  for (const [i, o] of (header.options ?? []).entries()) n += optionBytes(i, o).length;
  return n;
}

/** Builds the ICMPv6 message. Without an explicit checksum the IPv6 pseudo-header is required. */
export function encodeNeighborAdvertisement(header: NeighborAdvertisementInput, pseudo?: PseudoHeader): Uint8Array {
  const opts = (header.options ?? []).map((o, i) => optionBytes(i, o));
  let total = NA_FIXED_LENGTH;
  for (const o of opts) total += o.length;
  const out = new Uint8Array(total);
  out[0] = checkUint('type', header.type ?? ICMPV6_NEIGHBOR_ADVERTISEMENT, 8);
  out[1] = checkUint('code', header.code ?? 0, 8);
  const flags = (header.router ? 0x80000000 : 0) + (header.solicited ? 0x40000000 : 0) + (header.override ? 0x20000000 : 0);
  writeU32(out, 4, flags + checkUint('reserved', header.reserved ?? 0, 29));
  const target = parseIpv6(header.target);
  if (!target) throw new RangeError(`target: '${header.target}' is not an IPv6 address`);
  out.set(target, 8);
  let pos = NA_FIXED_LENGTH;
  for (const o of opts) {
    out.set(o, pos);
    pos += o.length;
  }
  if (header.checksum !== undefined) {
    writeU16(out, 2, checkUint('checksum', header.checksum, 16));
  } else {
    if (!pseudo || pseudoFamily(pseudo) !== 'ipv6') throw new RangeError('checksum: computing the ICMPv6 checksum needs the IPv6 source and destination');
    writeU16(out, 2, finishChecksum(onesSum(out, 0, out.length, pseudoSum(pseudo, out.length, IP_PROTOCOL_ICMPV6))));
  }
  return out;
}

/** The NA a router sends unsolicited for a virtual address it now owns (RFC 5798 §6.4.2). */
export function unsolicitedNeighborAdvertisement(virtualMac: MacText, target: Ipv6Text, router = true): NeighborAdvertisementInput {
  const mac = parseMac(virtualMac);
  if (!mac) throw new RangeError(`virtualMac: '${virtualMac}' is not a MAC address`);
  return { router, solicited: false, override: true, target, options: [{ type: ND_OPTION_TARGET_LINK_LAYER, linkLayerAddress: formatMac(mac) }] };
}

export interface UnsolicitedNaFrameParams {
  readonly virtualMac: MacText;
  /** The virtual IPv6 address being announced. */
  readonly target: Ipv6Text;
  /** The IPv6 source: a link-local address of the sending router (RFC 4861 §7.2.6 does not pin which). */
  readonly source: Ipv6Text;
  readonly router?: boolean;
}

/** A complete Ethernet frame: virtual MAC → 3333.0000.0001, IPv6 source → ff02::1, hop limit 255. */
export function unsolicitedNeighborAdvertisementFrame(params: UnsolicitedNaFrameParams): Uint8Array {
  const pseudo = { source: params.source, destination: ALL_NODES };
  const icmp = encodeNeighborAdvertisement(unsolicitedNeighborAdvertisement(params.virtualMac, params.target, params.router ?? true), pseudo);
  const ip = encodeIpv6({ nextHeader: IP_PROTOCOL_ICMPV6, hopLimit: 255, source: params.source, destination: ALL_NODES }, icmp);
  return encodeEthernet({ destination: ALL_NODES_MAC, source: params.virtualMac, etherType: ETHERTYPE_IPV6 }, ip);
}

function optionBytes(i: number, o: NdOptionInput): Uint8Array {
  if (o.raw !== undefined) {
    const raw = fromHex(o.raw);
    if (!raw) throw new RangeError(`options[${i}].raw: '${o.raw}' is not a hex string`);
    return raw;
  }
  if (o.linkLayerAddress === undefined) throw new RangeError(`options[${i}]: needs raw or linkLayerAddress`);
  const mac = parseMac(o.linkLayerAddress);
  if (!mac) throw new RangeError(`options[${i}].linkLayerAddress: '${o.linkLayerAddress}' is not a MAC address`);
  const length = checkUint(`options[${i}].length`, o.length ?? 1, 8);
  // A verbatim length may lie; the bytes written are always type, length, MAC.
  const out = new Uint8Array(8);
  out[0] = checkUint(`options[${i}].type`, o.type, 8);
  out[1] = length;
  out.set(mac, 2);
  return out;
}

function checkUint(field: string, value: number, bits: number): number {
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** bits) throw new RangeError(`${field}: ${value} is not a ${bits}-bit unsigned integer`);
  return value;
}
