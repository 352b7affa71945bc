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
import { fromHex, textMemo, toHex } from '../net/bytes.js';
import { decodeEthernet, ETHERNET_HEADER_LENGTH, ETHERNET_MIN_FRAME, ETHERTYPE_IPV4, ETHERTYPE_IPV6, type EthernetHeader, type EthernetHeaderInput, VLAN_TAG_LENGTH, type VlanTag, writeEthernetHeader } from '../net/ethernet.js';
import { parseIpv4, parseIpv6 } from '../net/ip-address.js';
import { decodeIpv4, IP_PROTOCOL_AH, IP_PROTOCOL_UDP, IP_PROTOCOL_VRRP, IPV4_MIN_HEADER_LENGTH, ipv4OptionBytes, type Ipv4Header, type Ipv4HeaderInput, writeIpv4Header } from '../net/ipv4.js';
import { decodeIpv6, IPV6_HEADER_LENGTH, ipv6ExtensionBytes, type Ipv6Header, type Ipv6HeaderInput, writeIpv6Header } from '../net/ipv6.js';
import { formatMac, virtualMac } from '../net/mac.js';
import { decodeUdp, type PseudoHeaderAt, UDP_HEADER_LENGTH, type UdpHeader, type UdpHeaderInput, writeUdpHeader } from '../net/udp.js';
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
  const trailer = trailerHex(data, end);
  const fragmented = ip.moreFragments || ip.fragmentOffset !== 0;
  if (ip.protocol === IP_PROTOCOL_VRRP) {
    if (fragmented) return fail('fragmented', ipOffset + 6, 'VRRP advert in an IP fragment: adverts are never fragmented (RFC 3768 §5.1)');
    // The addresses go down as the header's own bytes: parsing back the text just formatted from them would cost more than the rest of the frame.
    const vrrp = decodeVrrp(data.subarray(payloadOffset, end), { family: 4, src: data.subarray(ipOffset + 12, ipOffset + 16), dst: data.subarray(ipOffset + 16, ipOffset + 20) });
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
  return decodeHsrpOverUdp(data, ethernet, ip, { offset: ipOffset + 12, family: 'ipv4' }, payloadOffset, end, trailer);
}

/** The bytes after the IP packet as hex: usually none, or Ethernet padding. */
function trailerHex(data: Uint8Array, end: number): string {
  return end >= data.length ? '' : toHex(data.subarray(end));
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
  const trailer = trailerHex(data, end);
  if (upperProtocol === IP_PROTOCOL_VRRP) {
    if (fragment) return fail('fragmented', payloadOffset, 'VRRP advert in an IPv6 fragment: adverts are never fragmented');
    const vrrp = decodeVrrp(data.subarray(payloadOffset, end), { family: 6, src: data.subarray(ipOffset + 8, ipOffset + 24), dst: data.subarray(ipOffset + 24, ipOffset + 40) });
    if (!vrrp.ok) return shifted(vrrp, payloadOffset);
    return ok({ protocol: 'vrrp-v3', ethernet, ip, vrrp: vrrp.value.message, vrrpChecksum: vrrp.value.checksum, trailer });
  }
  if (upperProtocol !== IPV6_UPPER_UDP || fragment) return undefined;
  return decodeHsrpOverUdp(data, ethernet, ip, { offset: ipOffset + 8, family: 'ipv6' }, payloadOffset, end, trailer);
}

/** `pseudoAt`: where the IP addresses sit in the frame, so that UDP sums them without parsing `ip`'s text. */
function decodeHsrpOverUdp(data: Uint8Array, ethernet: EthernetHeader, ip: IpHeader, pseudoAt: PseudoHeaderAt, udpOffset: number, end: number, trailer: string): Decoded<FhrpFrame> | undefined {
  if (!hasHsrpPort(data, udpOffset)) return undefined;
  const udp = decodeUdp(data, udpOffset, { pseudo: ip, pseudoAt, end });
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

const NO_HSRP_OPTIONS = {};

/**
 * Builds the frame; throws RangeError/TypeError naming the field when the input cannot be encoded.
 * Every hello vipr sends comes through here, so the frame is laid out once: the payload is encoded,
 * the sizes of every layer are worked out, and each header is written in place into one buffer
 * (UDP, then IP, then Ethernet, so that invalid input is reported in that order, layer by layer).
 */
export function encodeFhrpFrame(input: FhrpFrameInput, options: EncodeFrameOptions = {}): Uint8Array {
  if ((input.hsrp === undefined) === (input.vrrp === undefined)) throw new TypeError('a frame carries exactly one of hsrp or vrrp');
  const ipIn = input.ip ?? {};
  if (ipIn.source === undefined) throw new TypeError('ip.source is required: the sender\'s interface address');
  const family: 4 | 6 = ipIn.version === 6 || ipIn.source.includes(':') ? 6 : 4;
  let payload: Uint8Array;
  let protocol: number;
  let defaultDestination: string;
  let defaultTtl: number;
  let udp: UdpHeaderInput | undefined;
  if (input.hsrp !== undefined) {
    const version = hsrpMessageVersion(input.hsrp);
    if (family === 6 && version === 1) throw new RangeError('HSRPv1 has no IPv6 form (spec §3.4)');
    defaultDestination = family === 6 ? HSRP_V2_IPV6_GROUP_ADDRESS : version === 1 ? HSRP_V1_GROUP_ADDRESS : HSRP_V2_GROUP_ADDRESS;
    defaultTtl = family === 6 ? HSRP_IPV6_HOP_LIMIT : version === 1 ? HSRP_IPV4_TTL : HSRP_V2_IPV4_TTL;
    const port = family === 6 ? HSRP_V6_UDP_PORT : HSRP_UDP_PORT;
    payload = encodeHsrp(input.hsrp, options.md5Key === undefined ? NO_HSRP_OPTIONS : { md5Key: options.md5Key });
    const udpIn = input.udp;
    udp = { sourcePort: udpIn?.sourcePort ?? port, destinationPort: udpIn?.destinationPort ?? port, length: udpIn?.length, checksum: udpIn?.checksum };
    protocol = IP_PROTOCOL_UDP;
  } else {
    const vrrp = input.vrrp as VrrpMessage;
    if (family === 6 && vrrp.version === 2) throw new RangeError('VRRPv2 has no IPv6 form (RFC 3768)');
    defaultDestination = family === 6 ? VRRP_IPV6_GROUP_ADDRESS : VRRP_IPV4_GROUP_ADDRESS;
    defaultTtl = VRRP_TTL;
    payload = encodeVrrp(vrrp, {
      ip: { family, src: ipIn.source, dst: ipIn.destination ?? defaultDestination },
      checksum: vrrp.checksum === undefined ? 'compute' : 'verbatim',
      ...(input.vrrpChecksumStyle === undefined ? {} : { checksumStyle: input.vrrpChecksumStyle }),
      ...(options.md5Key === undefined ? {} : { md5Key: options.md5Key }),
    });
    protocol = IP_PROTOCOL_VRRP;
  }
  const destination = ipIn.destination ?? defaultDestination;
  const ip = ipLayer(family, ipIn, ipIn.source, destination, protocol, defaultTtl);
  const ethIn = input.ethernet ?? {};
  const trailer = input.trailer === undefined ? undefined : trailerBytes(input.trailer);
  const ipOffset = ETHERNET_HEADER_LENGTH + VLAN_TAG_LENGTH * (ethIn.tags?.length ?? 0);
  const l4Offset = ipOffset + ip.headerLength;
  const l4Length = (udp === undefined ? 0 : UDP_HEADER_LENGTH) + payload.length;
  const ipEnd = l4Offset + l4Length;
  const out = new Uint8Array(trailer === undefined ? Math.max(ipEnd, ETHERNET_MIN_FRAME) : ipEnd + (trailer.bytes?.length ?? 0));

  out.set(payload, ipEnd - payload.length);
  if (udp !== undefined) writeUdpHeader(out, l4Offset, udp, payload.length, { source: ipIn.source, destination });
  if (ip.extraError !== undefined) throw ip.extraError.error;
  if (ip.family === 6) writeIpv6Header(out, ipOffset, ip.header, ip.extensions, l4Length);
  else writeIpv4Header(out, ipOffset, ip.header, ip.options, l4Length);
  const ethernet: EthernetHeaderInput = {
    destination: ethIn.destination ?? multicastMacFor(destination),
    source: ethIn.source ?? defaultSourceMac(input),
    tags: ethIn.tags,
    etherType: ethIn.etherType ?? (family === 6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4),
  };
  if (trailer?.bytes === undefined && trailer !== undefined) throw trailer.error;
  writeEthernetHeader(out, ethernet);
  if (trailer?.bytes !== undefined) out.set(trailer.bytes, ipEnd);
  return out;
}

/** The trailer's bytes, or the error to throw for it once the layers in front have been checked. */
function trailerBytes(hex: string): { readonly bytes: Uint8Array; readonly error?: undefined } | { readonly bytes?: undefined; readonly error: unknown } {
  try {
    const bytes = fromHex(hex);
    return bytes === undefined ? { error: new TypeError('trailer must be hex') } : { bytes };
  } catch (error) {
    return { error };
  }
}

/**
 * The IP header a frame gets: the input's fields with the protocol's defaults, and its option /
 * extension bytes already parsed, since they size the header. Hex that does not parse leaves them
 * empty and is kept in `extraError`, to be thrown when the header is written (after UDP's errors).
 */
type IpLayer = { readonly headerLength: number; readonly extraError?: { readonly error: unknown } } & (
  | { readonly family: 4; readonly header: Ipv4HeaderInput; readonly options: Uint8Array }
  | { readonly family: 6; readonly header: Ipv6HeaderInput; readonly extensions: readonly Uint8Array[] }
);

function ipLayer(family: 4 | 6, ipIn: IpHeaderInput, source: string, destination: string, protocol: number, defaultTtl: number): IpLayer {
  if (family === 6) {
    const header: Ipv6HeaderInput = {
      version: ipIn.version,
      dscp: ipIn.dscp,
      ecn: ipIn.ecn,
      flowLabel: ipIn.flowLabel,
      payloadLength: ipIn.payloadLength,
      nextHeader: ipIn.nextHeader ?? protocol,
      hopLimit: ipIn.hopLimit ?? defaultTtl,
      source,
      destination,
      extensions: ipIn.extensions,
    };
    try {
      const extensions = ipv6ExtensionBytes(header);
      let headerLength = IPV6_HEADER_LENGTH;
      for (const e of extensions) headerLength += e.length;
      return { family, header, extensions, headerLength };
    } catch (error) {
      return { family, header, extensions: [], headerLength: IPV6_HEADER_LENGTH, extraError: { error } };
    }
  }
  const header: Ipv4HeaderInput = {
    version: ipIn.version,
    ihl: ipIn.ihl,
    dscp: ipIn.dscp ?? CISCO_FHRP_DSCP,
    ecn: ipIn.ecn,
    totalLength: ipIn.totalLength,
    identification: ipIn.identification,
    reservedFlag: ipIn.reservedFlag,
    dontFragment: ipIn.dontFragment,
    moreFragments: ipIn.moreFragments,
    fragmentOffset: ipIn.fragmentOffset,
    ttl: ipIn.ttl ?? defaultTtl,
    protocol: ipIn.protocol ?? protocol,
    checksum: ipIn.checksum,
    source,
    destination,
    options: ipIn.options,
  };
  try {
    const options = ipv4OptionBytes(header);
    return { family, header, options, headerLength: IPV4_MIN_HEADER_LENGTH + options.length };
  } catch (error) {
    return { family, header, options: new Uint8Array(0), headerLength: IPV4_MIN_HEADER_LENGTH, extraError: { error } };
  }
}

/** RFC 1112 §6.4 / RFC 2464 §7: the Ethernet address of an IPv4 or IPv6 multicast group. */
export function multicastMacFor(group: string): string {
  // Never undefined: the computation throws instead, and only its results are remembered.
  return multicastMacs(group)!;
}

const multicastMacs = textMemo(multicastMacOf, 256);

function multicastMacOf(group: string): string {
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
