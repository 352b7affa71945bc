/**
 * Whole FHRP frames: Ethernet (with any 802.1Q tags) → IPv4/IPv6 → UDP → HSRP, or → VRRP (protocol
 * 112). This is where a frame is recognised as HSRP or VRRP, as Wireshark recognises it:
 *   - HSRP: UDP port 1985 (IPv4) or 2029 (IPv6); the version from the destination (224.0.0.2 → v1,
 *     224.0.0.102 or IPv6 → v2; spec §1.1, §3.1), from the content when the destination is unicast;
 *   - VRRP: IP protocol / next header 112 (spec §5.1); CARP on the same protocol is refused by the
 *     codec; VRRP inside IPsec AH (RFC 2338 auth type 2) and fragments are refused here.
 * A frame that is none of these is not FHRP (`undefined`); one that is but does not decode gives a
 * typed error with the byte offset counted from the start of the frame (DESIGN D6).
 *
 * Encoding takes the same shape with the addressing optional: what the protocol fixes (group address,
 * multicast MAC, ports, TTL, Cisco's DSCP CS6) is filled in, so a crafted frame needs only the message,
 * the sender's IP address and, for a non-Active HSRP sender, its MAC.
 */
import { fromHex, toHex } from '../net/bytes.js';
import { decodeEthernet, encodeEthernet, ETHERNET_MIN_FRAME, ETHERTYPE_IPV4, ETHERTYPE_IPV6, type EthernetHeader, type VlanTag } from '../net/ethernet.js';
import { parseIpv4, parseIpv6 } from '../net/ip-address.js';
import { decodeIpv4, encodeIpv4, IP_PROTOCOL_AH, IP_PROTOCOL_UDP, IP_PROTOCOL_VRRP, type Ipv4Header, type Ipv4HeaderInput } from '../net/ipv4.js';
import { decodeIpv6, encodeIpv6, type Ipv6Header, type Ipv6HeaderInput } from '../net/ipv6.js';
import { formatMac, virtualMac } from '../net/mac.js';
import { decodeUdp, encodeUdp, type UdpHeader, type UdpHeaderInput } from '../net/udp.js';
import { fail, ok, shifted, type Decoded } from '../runtime/result.js';
import { decodeHsrp, encodeHsrp, hsrpMessageVersion, type HsrpMessage, type HsrpVersion } from './hsrp/codec.js';
import { hsrpV2GroupState } from './hsrp/codec-v2.js';
import {
  HSRP_IPV4_TTL,
  HSRP_IPV6_HOP_LIMIT,
  HSRP_UDP_PORT,
  HSRP_V1_GROUP_ADDRESS,
  HSRP_V2_GROUP_ADDRESS,
  HSRP_V2_IPV6_GROUP_ADDRESS,
  HSRP_V6_UDP_PORT,
  hsrpVersionForDestination,
  sniffHsrpVersion,
} from './hsrp/transport.js';
import type { VrrpChecksumCheck, VrrpChecksumStyle } from './vrrp/checksum.js';
import { decodeVrrp, encodeVrrp, type VrrpMessage } from './vrrp/codec.js';

export type FhrpProtocol = 'hsrp-v1' | 'hsrp-v2' | 'vrrp-v2' | 'vrrp-v3';

export type IpHeader = Ipv4Header | Ipv6Header;

export interface FhrpFrame {
  readonly protocol: FhrpProtocol;
  readonly ethernet: EthernetHeader;
  readonly ip: IpHeader;
  /** HSRP only. */
  readonly udp?: UdpHeader;
  readonly hsrp?: HsrpMessage;
  readonly vrrp?: VrrpMessage;
  /** VRRP only: which checksum style the advert used and whether it is valid (spec §5.4). */
  readonly vrrpChecksum?: VrrpChecksumCheck;
  /** Bytes after the IP packet (Ethernet padding), lowercase hex; '' when none. */
  readonly trailer: string;
}

/** HSRPv2 over IPv4 goes out with TTL 255 on Cisco hardware (fixtures ndpi/hsrp2.pcap), unlike v1's 1. */
export const HSRP_V2_IPV4_TTL = 255;
/** RFC 3768 §5.2.3 / RFC 5798 §5.1.1.3: VRRP's TTL / hop limit is 255 and receivers check it. */
export const VRRP_TTL = 255;
/** IOS marks HSRP and VRRP with IP precedence 6 (ToS 0xc0, DSCP CS6): every Cisco frame in the fixtures. */
export const CISCO_FHRP_DSCP = 48;
export const VRRP_IPV4_GROUP_ADDRESS = '224.0.0.18';
export const VRRP_IPV6_GROUP_ADDRESS = 'ff02::12';

const IPV6_UPPER_UDP = IP_PROTOCOL_UDP;

/** Decodes a captured Ethernet frame: undefined when it is not HSRP or VRRP at all. */
export function decodeFhrpFrame(data: Uint8Array): Decoded<FhrpFrame> | undefined {
  const eth = decodeEthernet(data);
  if (!eth.ok) return undefined;
  const ethernet = eth.value.header;
  const ipOffset = eth.value.payloadOffset;
  if (ethernet.etherType === ETHERTYPE_IPV4) return decodeOverIpv4(data, ethernet, ipOffset);
  if (ethernet.etherType === ETHERTYPE_IPV6) return decodeOverIpv6(data, ethernet, ipOffset);
  return undefined;
}

function decodeOverIpv4(data: Uint8Array, ethernet: EthernetHeader, ipOffset: number): Decoded<FhrpFrame> | undefined {
  const ip4 = decodeIpv4(data, ipOffset);
  if (!ip4.ok) {
    // Only claim a broken IPv4 packet when enough of it is left to see that it carried FHRP.
    return ipv4Claims(data, ipOffset) ? ip4 : undefined;
  }
  const { header: ip, payloadOffset, payloadLength } = ip4.value;
  const end = payloadOffset + payloadLength;
  const trailer = toHex(data.subarray(end));
  const fragmented = ip.moreFragments || ip.fragmentOffset !== 0;
  if (ip.protocol === IP_PROTOCOL_VRRP) {
    if (fragmented) return fail('fragmented', ipOffset + 6, 'VRRP advert in an IP fragment: adverts are never fragmented (RFC 3768 §5.1)');
    const vrrp = decodeVrrp(data.subarray(payloadOffset, end), { family: 4, src: ip.source, dst: ip.destination });
    if (!vrrp.ok) return shifted(vrrp, payloadOffset);
    return ok({ protocol: vrrp.value.message.version === 2 ? 'vrrp-v2' : 'vrrp-v3', ethernet, ip, vrrp: vrrp.value.message, vrrpChecksum: vrrp.value.checksum, trailer });
  }
  if (ip.protocol === IP_PROTOCOL_AH) {
    if (payloadLength >= 1 && data[payloadOffset] === IP_PROTOCOL_VRRP) {
      return fail('vrrp-in-ah', payloadOffset, 'VRRP inside IPsec AH (RFC 2338 auth type 2): not accepted as plain VRRP');
    }
    return undefined;
  }
  if (ip.protocol !== IP_PROTOCOL_UDP || fragmented) return undefined;
  return decodeHsrpOverUdp(data, ethernet, ip, payloadOffset, end, trailer);
}

function ipv4Claims(data: Uint8Array, ipOffset: number): boolean {
  const protocol = data[ipOffset + 9];
  if (protocol === IP_PROTOCOL_VRRP) return true;
  if (protocol !== IP_PROTOCOL_UDP) return false;
  const ihl = ((data[ipOffset] ?? 0) & 0x0f) * 4;
  return hasHsrpPort(data, ipOffset + ihl);
}

function hasHsrpPort(data: Uint8Array, udpOffset: number): boolean {
  if (udpOffset + 4 > data.length) return false;
  const src = ((data[udpOffset] ?? 0) << 8) | (data[udpOffset + 1] ?? 0);
  const dst = ((data[udpOffset + 2] ?? 0) << 8) | (data[udpOffset + 3] ?? 0);
  return src === HSRP_UDP_PORT || dst === HSRP_UDP_PORT || src === HSRP_V6_UDP_PORT || dst === HSRP_V6_UDP_PORT;
}

function decodeOverIpv6(data: Uint8Array, ethernet: EthernetHeader, ipOffset: number): Decoded<FhrpFrame> | undefined {
  const ip6 = decodeIpv6(data, ipOffset);
  if (!ip6.ok) {
    const next = data[ipOffset + 6];
    return next === IP_PROTOCOL_VRRP || (next === IPV6_UPPER_UDP && hasHsrpPort(data, ipOffset + 40)) ? ip6 : undefined;
  }
  const { header: ip, upperProtocol, payloadOffset, payloadLength, fragment } = ip6.value;
  const end = payloadOffset + payloadLength;
  const trailer = toHex(data.subarray(end));
  if (upperProtocol === IP_PROTOCOL_VRRP) {
    if (fragment) return fail('fragmented', payloadOffset, 'VRRP advert in an IPv6 fragment: adverts are never fragmented');
    const vrrp = decodeVrrp(data.subarray(payloadOffset, end), { family: 6, src: ip.source, dst: ip.destination });
    if (!vrrp.ok) return shifted(vrrp, payloadOffset);
    return ok({ protocol: 'vrrp-v3', ethernet, ip, vrrp: vrrp.value.message, vrrpChecksum: vrrp.value.checksum, trailer });
  }
  if (upperProtocol !== IPV6_UPPER_UDP || fragment) return undefined;
  return decodeHsrpOverUdp(data, ethernet, ip, payloadOffset, end, trailer);
}

function decodeHsrpOverUdp(data: Uint8Array, ethernet: EthernetHeader, ip: IpHeader, udpOffset: number, end: number, trailer: string): Decoded<FhrpFrame> | undefined {
  if (!hasHsrpPort(data, udpOffset)) return undefined;
  const udp = decodeUdp(data, udpOffset, { pseudo: ip, end });
  if (!udp.ok) return udp;
  const { header, payloadOffset, payloadLength } = udp.value;
  if (payloadOffset + payloadLength !== end) {
    // Bytes between the UDP datagram and the end of the IP packet could not be re-emitted faithfully.
    return fail('bad-length', udpOffset + 4, `UDP length ${header.length} leaves ${end - payloadOffset - payloadLength} bytes of the IP packet unaccounted for`);
  }
  const payload = data.subarray(payloadOffset, end);
  const version: HsrpVersion | undefined = hsrpVersionForDestination(ip.destination, header.destinationPort) ?? sniffHsrpVersion(payload);
  if (version === undefined) return fail('not-hsrp', payloadOffset, 'UDP to an HSRP port, but neither HSRPv1 nor HSRPv2 by destination or content');
  const hsrp = decodeHsrp(payload, version);
  if (!hsrp.ok) return shifted(hsrp, payloadOffset);
  return ok({ protocol: version === 1 ? 'hsrp-v1' : 'hsrp-v2', ethernet, ip, udp: header, hsrp: hsrp.value, trailer });
}

// ---------------------------------------------------------------------------------------------------
// Encoding

/** IPv4 or IPv6 header fields for a crafted frame; every field may be left to the protocol's default. */
export type IpHeaderInput = Partial<Ipv4HeaderInput> & Partial<Ipv6HeaderInput> & { readonly version?: number };

export interface FhrpFrameInput {
  readonly ethernet?: { readonly destination?: string; readonly source?: string; readonly tags?: readonly VlanTag[]; readonly etherType?: number };
  readonly ip?: IpHeaderInput;
  readonly udp?: Partial<UdpHeaderInput>;
  readonly hsrp?: HsrpMessage;
  readonly vrrp?: VrrpMessage;
  /** VRRP: the style to compute the checksum in when the message carries none (spec §5.4). */
  readonly vrrpChecksumStyle?: VrrpChecksumStyle;
  /** Bytes after the IP packet; when absent the frame is zero-padded to Ethernet's 60-byte minimum. */
  readonly trailer?: string;
}

export interface EncodeFrameOptions {
  /** Signs HSRP MD5 / VRRP auth type 254 messages with this key instead of copying their digest. */
  readonly md5Key?: string;
}

/** Builds the frame; throws RangeError/TypeError naming the field when the input cannot be encoded. */
export function encodeFhrpFrame(input: FhrpFrameInput, options: EncodeFrameOptions = {}): Uint8Array {
  if ((input.hsrp === undefined) === (input.vrrp === undefined)) throw new TypeError('a frame carries exactly one of hsrp or vrrp');
  const ipIn = input.ip ?? {};
  if (ipIn.source === undefined) throw new TypeError('ip.source is required: the sender\'s interface address');
  const family: 4 | 6 = ipIn.version === 6 || ipIn.source.includes(':') ? 6 : 4;
  let ipPayload: Uint8Array;
  let protocol: number;
  let defaults: { destination: string; ttl: number };
  let udp: UdpHeaderInput | undefined;
  if (input.hsrp !== undefined) {
    const version = hsrpMessageVersion(input.hsrp);
    if (family === 6 && version === 1) throw new RangeError('HSRPv1 has no IPv6 form (spec §3.4)');
    defaults =
      family === 6
        ? { destination: HSRP_V2_IPV6_GROUP_ADDRESS, ttl: HSRP_IPV6_HOP_LIMIT }
        : version === 1
          ? { destination: HSRP_V1_GROUP_ADDRESS, ttl: HSRP_IPV4_TTL }
          : { destination: HSRP_V2_GROUP_ADDRESS, ttl: HSRP_V2_IPV4_TTL };
    const port = family === 6 ? HSRP_V6_UDP_PORT : HSRP_UDP_PORT;
    const payload = encodeHsrp(input.hsrp, options.md5Key === undefined ? {} : { md5Key: options.md5Key });
    udp = { sourcePort: input.udp?.sourcePort ?? port, destinationPort: input.udp?.destinationPort ?? port, ...pick(input.udp, 'length', 'checksum') };
    ipPayload = payload;
    protocol = IP_PROTOCOL_UDP;
  } else {
    const vrrp = input.vrrp as VrrpMessage;
    if (family === 6 && vrrp.version === 2) throw new RangeError('VRRPv2 has no IPv6 form (RFC 3768)');
    defaults = { destination: family === 6 ? VRRP_IPV6_GROUP_ADDRESS : VRRP_IPV4_GROUP_ADDRESS, ttl: VRRP_TTL };
    const destination = ipIn.destination ?? defaults.destination;
    ipPayload = encodeVrrp(vrrp, {
      ip: { family, src: ipIn.source, dst: destination },
      checksum: vrrp.checksum === undefined ? 'compute' : 'verbatim',
      ...(input.vrrpChecksumStyle === undefined ? {} : { checksumStyle: input.vrrpChecksumStyle }),
      ...(options.md5Key === undefined ? {} : { md5Key: options.md5Key }),
    });
    protocol = IP_PROTOCOL_VRRP;
  }
  const destination = ipIn.destination ?? defaults.destination;
  const pseudo = { source: ipIn.source, destination };
  const l4 = udp === undefined ? ipPayload : encodeUdp(udp, ipPayload, pseudo);
  const ipBytes =
    family === 6
      ? encodeIpv6(
          {
            ...pick(ipIn, 'version', 'dscp', 'ecn', 'flowLabel', 'payloadLength', 'extensions'),
            nextHeader: ipIn.nextHeader ?? protocol,
            hopLimit: ipIn.hopLimit ?? defaults.ttl,
            source: ipIn.source,
            destination,
          },
          l4,
        )
      : encodeIpv4(
          {
            ...pick(ipIn, 'version', 'ihl', 'ecn', 'totalLength', 'identification', 'reservedFlag', 'dontFragment', 'moreFragments', 'fragmentOffset', 'checksum', 'options'),
            dscp: ipIn.dscp ?? CISCO_FHRP_DSCP,
            ttl: ipIn.ttl ?? defaults.ttl,
            protocol: ipIn.protocol ?? protocol,
            source: ipIn.source,
            destination,
          },
          l4,
        );
  const ethIn = input.ethernet ?? {};
  const ethernet = {
    destination: ethIn.destination ?? multicastMacFor(destination),
    source: ethIn.source ?? defaultSourceMac(input),
    ...(ethIn.tags === undefined ? {} : { tags: ethIn.tags }),
    etherType: ethIn.etherType ?? (family === 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4),
  };
  if (input.trailer !== undefined) {
    const trailer = fromHex(input.trailer);
    if (trailer === undefined) throw new TypeError('trailer must be hex');
    const frame = encodeEthernet(ethernet, ipBytes);
    const out = new Uint8Array(frame.length + trailer.length);
    out.set(frame);
    out.set(trailer, frame.length);
    return out;
  }
  return encodeEthernet(ethernet, ipBytes, { padTo: ETHERNET_MIN_FRAME });
}

function pick<T extends object, K extends keyof T>(obj: T | undefined, ...keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  if (obj === undefined) return out;
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

/** RFC 1112 §6.4 / RFC 2464 §7: the Ethernet address of an IPv4 or IPv6 multicast group. */
export function multicastMacFor(group: string): string {
  const v6 = group.includes(':') ? parseIpv6(group) : undefined;
  if (v6) return formatMac(Uint8Array.of(0x33, 0x33, v6[12] ?? 0, v6[13] ?? 0, v6[14] ?? 0, v6[15] ?? 0));
  const v4 = parseIpv4(group);
  if (!v4) throw new TypeError(`ip.destination '${group}' is not an address`);
  if (((v4[0] ?? 0) & 0xf0) !== 0xe0) throw new TypeError(`ip.destination ${group} is not multicast: give ethernet.destination`);
  return formatMac(Uint8Array.of(0x01, 0x00, 0x5e, (v4[1] ?? 0) & 0x7f, v4[2] ?? 0, v4[3] ?? 0));
}

/**
 * Who sends from the virtual MAC: the Active HSRP router (spec §1.3) and every VRRP Master (RFC 3768
 * §7.3, RFC 5798 §7.3); anyone else must be given its own MAC.
 */
function defaultSourceMac(input: FhrpFrameInput): string {
  if (input.vrrp !== undefined) {
    const family = input.vrrp.version === 3 ? input.vrrp.family : 4;
    return formatMac(virtualMac(family === 6 ? 'vrrp-ipv6' : 'vrrp-ipv4', input.vrrp.vrid));
  }
  const hsrp = input.hsrp as HsrpMessage;
  if (hsrp.protocol === 'hsrp-v1' && 'group' in hsrp && hsrp.state === 'active') return formatMac(virtualMac('hsrp-v1', hsrp.group));
  if (hsrp.protocol === 'hsrp-v2') {
    const gs = hsrpV2GroupState(hsrp);
    if (gs !== undefined && gs.state === 'active') return formatMac(virtualMac(gs.ipVersion === 6 ? 'hsrp-v2-ipv6' : 'hsrp-v2-ipv4', gs.group));
  }
  throw new TypeError('ethernet.source is required for a sender that is not Active (it uses its own MAC, spec §1.3)');
}
