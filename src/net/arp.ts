/**
 * ARP for IPv4 over Ethernet (RFC 826), 28 bytes.
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Hardware Type (1)        |     Protocol Type (0x0800)    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  HLEN (6)     |   PLEN (4)    |  Operation (1 req, 2 reply)   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                Sender Hardware Address (6)                    |
 *  +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                               |  Sender Protocol Address (4)  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                               |                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 *  |                Target Hardware Address (6)                    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                Target Protocol Address (4)                    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * In an Ethernet frame ARP is followed by 18 bytes of padding up to the 60-byte minimum; those are
 * not part of the ARP packet. Only HLEN 6 / PLEN 4 (Ethernet-style hardware, IPv4) is understood;
 * the hardware and protocol type values are reported as seen.
 *
 * Gratuitous ARP as IOS sends it on becoming HSRP Active (RFC 2281 §5.6 action I; spec
 * fhrp-and-ios.md §1.4 and §7, checked on packetlife gratuitous_arp_hsrp.pcap): an ARP *reply* whose
 * Ethernet source and sender hardware address are the virtual MAC, sender IP = target IP = the VIP,
 * and target hardware address = the frame's destination. IOS sends each burst twice: to
 * ffff.ffff.ffff and to 0100.0ccd.cdcd, zero-padded to 60 bytes.
 */
import { type Decoded, fail, ok } from '../runtime/result.js';
import { readU16, writeU16 } from './bytes.js';
import { BROADCAST_MAC, encodeEthernet, ETHERNET_MIN_FRAME, ETHERTYPE_ARP } from './ethernet.js';
import { formatIpv4, type Ipv4Text, parseIpv4 } from './ip-address.js';
import { formatMac, type MacText, parseMac } from './mac.js';

export const ARP_LENGTH = 28;
export const ARP_HARDWARE_ETHERNET = 1;
export const ARP_PROTOCOL_IPV4 = 0x0800;
export const ARP_REQUEST = 1;
export const ARP_REPLY = 2;
/** Cisco's PVST+/SSTP multicast, the second destination of IOS's gratuitous ARPs (spec §7). */
export const CISCO_SSTP_MAC: MacText = '0100.0ccd.cdcd';

export interface ArpHeader {
  readonly hardwareType: number;
  readonly protocolType: number;
  readonly hardwareLength: number;
  readonly protocolLength: number;
  readonly operation: number;
  readonly senderMac: MacText;
  readonly senderIp: Ipv4Text;
  readonly targetMac: MacText;
  readonly targetIp: Ipv4Text;
}

/** What encodeArp takes: the types and lengths default to Ethernet/IPv4 and are written verbatim when given. */
export interface ArpHeaderInput {
  readonly hardwareType?: number;
  readonly protocolType?: number;
  readonly hardwareLength?: number;
  readonly protocolLength?: number;
  readonly operation: number;
  readonly senderMac: MacText;
  readonly senderIp: Ipv4Text;
  readonly targetMac: MacText;
  readonly targetIp: Ipv4Text;
}

export interface DecodedArp {
  readonly header: ArpHeader;
  /** Where the ARP packet ends: anything after it is Ethernet padding. */
  readonly payloadOffset: number;
}

export function decodeArp(buf: Uint8Array, offset = 0): Decoded<DecodedArp> {
  if (!Number.isInteger(offset) || offset < 0 || offset > buf.length) return fail('bad-offset', offset, `offset ${offset} is outside the ${buf.length}-byte buffer`);
  const avail = buf.length - offset;
  if (avail < 8) return fail('truncated', offset, `ARP header needs 8 bytes, ${avail} captured`);
  const hardwareLength = buf[offset + 4] ?? 0;
  const protocolLength = buf[offset + 5] ?? 0;
  if (hardwareLength !== 6 || protocolLength !== 4) {
    return fail('unsupported', offset + 4, `ARP with ${hardwareLength}-byte hardware and ${protocolLength}-byte protocol addresses (only 6 and 4 are understood)`);
  }
  if (avail < ARP_LENGTH) return fail('truncated', offset, `ARP packet needs ${ARP_LENGTH} bytes, ${avail} captured`);
  const header: ArpHeader = {
    hardwareType: readU16(buf, offset),
    protocolType: readU16(buf, offset + 2),
    hardwareLength,
    protocolLength,
    operation: readU16(buf, offset + 6),
    senderMac: formatMac(buf, offset + 8),
    senderIp: formatIpv4(buf, offset + 14),
    targetMac: formatMac(buf, offset + 18),
    targetIp: formatIpv4(buf, offset + 24),
  };
  return ok({ header, payloadOffset: offset + ARP_LENGTH });
}

export function arpLength(_header?: ArpHeaderInput): number {
  return ARP_LENGTH;
}

export function encodeArp(header: ArpHeaderInput): Uint8Array {
  const out = new Uint8Array(ARP_LENGTH);
  writeU16(out, 0, checkUint('hardwareType', header.hardwareType ?? ARP_HARDWARE_ETHERNET, 16));
  writeU16(out, 2, checkUint('protocolType', header.protocolType ?? ARP_PROTOCOL_IPV4, 16));
  out[4] = checkUint('hardwareLength', header.hardwareLength ?? 6, 8);
  out[5] = checkUint('protocolLength', header.protocolLength ?? 4, 8);
  writeU16(out, 6, checkUint('operation', header.operation, 16));
  out.set(macBytes('senderMac', header.senderMac), 8);
  out.set(ipBytes('senderIp', header.senderIp), 14);
  out.set(macBytes('targetMac', header.targetMac), 18);
  out.set(ipBytes('targetIp', header.targetIp), 24);
  return out;
}

/** The ARP part of an IOS gratuitous ARP: a reply from the virtual MAC for the VIP (spec §7). */
export function gratuitousArpReply(virtualMac: MacText, vip: Ipv4Text, destination: MacText = BROADCAST_MAC): ArpHeader {
  return {
    hardwareType: ARP_HARDWARE_ETHERNET,
    protocolType: ARP_PROTOCOL_IPV4,
    hardwareLength: 6,
    protocolLength: 4,
    operation: ARP_REPLY,
    senderMac: canonicalMac('virtualMac', virtualMac),
    senderIp: formatIpv4(ipBytes('vip', vip)),
    targetMac: canonicalMac('destination', destination),
    targetIp: formatIpv4(ipBytes('vip', vip)),
  };
}

/** A complete 60-byte Ethernet frame carrying a gratuitous ARP reply, as IOS sends it. */
export function gratuitousArpFrame(virtualMac: MacText, vip: Ipv4Text, destination: MacText = BROADCAST_MAC): Uint8Array {
  const arp = encodeArp(gratuitousArpReply(virtualMac, vip, destination));
  return encodeEthernet({ destination, source: virtualMac, etherType: ETHERTYPE_ARP }, arp, { padTo: ETHERNET_MIN_FRAME });
}

/** One IOS burst: the broadcast frame, then the one to 0100.0ccd.cdcd (sent ~16 ms later by IOS 12.4). */
export function ciscoGratuitousArpFrames(virtualMac: MacText, vip: Ipv4Text): [Uint8Array, Uint8Array] {
  return [gratuitousArpFrame(virtualMac, vip, BROADCAST_MAC), gratuitousArpFrame(virtualMac, vip, CISCO_SSTP_MAC)];
}

function canonicalMac(field: string, text: MacText): MacText {
  return formatMac(macBytes(field, text));
}

function macBytes(field: string, text: MacText): Uint8Array {
  const mac = parseMac(text);
  if (!mac) throw new RangeError(`${field}: '${text}' is not a MAC address`);
  return mac;
}

function ipBytes(field: string, text: Ipv4Text): Uint8Array {
  const a = parseIpv4(text);
  if (!a) throw new RangeError(`${field}: '${text}' is not an IPv4 address`);
  return a;
}

function checkUint(field: string, value: number, bits: number): number {
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** bits) throw new RangeError(`${field}: ${value} is not a ${bits}-bit unsigned integer`);
  return value;
}
