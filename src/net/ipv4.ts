/**
 * IPv4 header (RFC 791 §3.1; DSCP/ECN split of the old TOS octet per RFC 2474 §3 and RFC 3168 §5).
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Version|  IHL  |    DSCP   |ECN|          Total Length         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Identification        |R|D|M|      Fragment Offset    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Time to Live |    Protocol   |         Header Checksum       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Source Address                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Destination Address                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Options (IHL > 5)                  |Padding|
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The packet ends at Total Length: bytes captured after it are Ethernet padding or a trailer, not
 * payload. The header checksum (RFC 791 §3.1, RFC 1071) covers the header only, options included.
 * Options are kept as raw hex (padding included) so that decode → encode gives the same bytes.
 */
import { type Decoded, fail, ok } from '../runtime/result.js';
import { fromHex, readU16, toHex, writeU16 } from './bytes.js';
import { internetChecksum } from './checksum.js';
import { formatIpv4, type Ipv4Text, parseIpv4Shared } from './ip-address.js';

export const IPV4_MIN_HEADER_LENGTH = 20;
export const IPV4_MAX_HEADER_LENGTH = 60;
export const IP_PROTOCOL_ICMP = 1;
export const IP_PROTOCOL_UDP = 17;
export const IP_PROTOCOL_AH = 51;
export const IP_PROTOCOL_ICMPV6 = 58;
export const IP_PROTOCOL_VRRP = 112;

export interface Ipv4Header {
  readonly version: number;
  /** Header length in 32-bit words, as on the wire. */
  readonly ihl: number;
  readonly dscp: number;
  readonly ecn: number;
  readonly totalLength: number;
  readonly identification: number;
  /** The reserved flag bit (RFC 791 "must be zero"; RFC 3514's evil bit). */
  readonly reservedFlag: boolean;
  readonly dontFragment: boolean;
  readonly moreFragments: boolean;
  /** In units of 8 bytes, as on the wire. */
  readonly fragmentOffset: number;
  readonly ttl: number;
  readonly protocol: number;
  readonly checksum: number;
  /** True when the one's-complement sum over the header as received is 0xffff. */
  readonly checksumValid: boolean;
  readonly source: Ipv4Text;
  readonly destination: Ipv4Text;
  /** Option bytes after the 20-byte fixed header, padding included, lowercase hex ('' when none). */
  readonly options: string;
}

/**
 * What encodeIpv4 takes. ihl, totalLength and checksum are computed when absent and written verbatim
 * when present, so a decoded header re-encodes byte for byte and bad packets can be crafted.
 */
export interface Ipv4HeaderInput {
  readonly version?: number | undefined;
  readonly ihl?: number | undefined;
  readonly dscp?: number | undefined;
  readonly ecn?: number | undefined;
  readonly totalLength?: number | undefined;
  readonly identification?: number | undefined;
  readonly reservedFlag?: boolean | undefined;
  readonly dontFragment?: boolean | undefined;
  readonly moreFragments?: boolean | undefined;
  readonly fragmentOffset?: number | undefined;
  readonly ttl: number;
  readonly protocol: number;
  readonly checksum?: number | undefined;
  readonly source: Ipv4Text;
  readonly destination: Ipv4Text;
  readonly options?: string | undefined;
}

export interface DecodedIpv4 {
  readonly header: Ipv4Header;
  readonly payloadOffset: number;
  /** totalLength − header length: what follows up to the end of the packet. */
  readonly payloadLength: number;
}

export function decodeIpv4(buf: Uint8Array, offset = 0): Decoded<DecodedIpv4> {
  if (!Number.isInteger(offset) || offset < 0 || offset > buf.length) return fail('bad-offset', offset, `offset ${offset} is outside the ${buf.length}-byte buffer`);
  const avail = buf.length - offset;
  if (avail < IPV4_MIN_HEADER_LENGTH) return fail('truncated', offset, `IPv4 header needs ${IPV4_MIN_HEADER_LENGTH} bytes, ${avail} captured`);
  const b0 = buf[offset] ?? 0;
  const version = b0 >>> 4;
  if (version !== 4) return fail('bad-version', offset, `IP version ${version}, expected 4`);
  const ihl = b0 & 0x0f;
  if (ihl < 5) return fail('bad-ihl', offset, `IHL ${ihl} is below the minimum of 5 words`);
  const headerLength = ihl * 4;
  if (avail < headerLength) return fail('truncated', offset, `IPv4 header with IHL ${ihl} needs ${headerLength} bytes, ${avail} captured`);
  const totalLength = readU16(buf, offset + 2);
  if (totalLength < headerLength) return fail('bad-length', offset + 2, `total length ${totalLength} is shorter than the ${headerLength}-byte header`);
  if (totalLength > avail) return fail('truncated', offset + 2, `total length ${totalLength} exceeds the ${avail} bytes captured`);
  const tos = buf[offset + 1] ?? 0;
  const flagsFrag = readU16(buf, offset + 6);
  const header: Ipv4Header = {
    version,
    ihl,
    dscp: tos >>> 2,
    ecn: tos & 0x03,
    totalLength,
    identification: readU16(buf, offset + 4),
    reservedFlag: (flagsFrag & 0x8000) !== 0,
    dontFragment: (flagsFrag & 0x4000) !== 0,
    moreFragments: (flagsFrag & 0x2000) !== 0,
    fragmentOffset: flagsFrag & 0x1fff,
    ttl: buf[offset + 8] ?? 0,
    protocol: buf[offset + 9] ?? 0,
    checksum: readU16(buf, offset + 10),
    checksumValid: internetChecksum(buf, offset, offset + headerLength) === 0,
    source: formatIpv4(buf, offset + 12),
    destination: formatIpv4(buf, offset + 16),
    options: headerLength === IPV4_MIN_HEADER_LENGTH ? '' : toHex(buf.subarray(offset + IPV4_MIN_HEADER_LENGTH, offset + headerLength)),
  };
  return ok({ header, payloadOffset: offset + headerLength, payloadLength: totalLength - headerLength });
}

/** Bytes encodeIpv4 writes before the payload: 20 plus the options rounded up to 32 bits. */
export function ipv4Length(header: Ipv4HeaderInput): number {
  return IPV4_MIN_HEADER_LENGTH + ipv4OptionBytes(header).length;
}

export function encodeIpv4(header: Ipv4HeaderInput, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const options = ipv4OptionBytes(header);
  const out = new Uint8Array(IPV4_MIN_HEADER_LENGTH + options.length + payload.length);
  const headerLength = writeIpv4Header(out, 0, header, options, payload.length);
  out.set(payload, headerLength);
  return out;
}

/**
 * Writes the header at `offset` of `out` and returns its length: the lower half of encodeIpv4, for
 * callers that lay out a whole frame in one buffer. `options` is ipv4OptionBytes(header); the payload
 * is not touched (the header checksum does not cover it). Throws like encodeIpv4.
 */
export function writeIpv4Header(out: Uint8Array, offset: number, header: Ipv4HeaderInput, options: Uint8Array, payloadLength: number): number {
  const headerLength = IPV4_MIN_HEADER_LENGTH + options.length;
  if (header.ihl === undefined && headerLength > IPV4_MAX_HEADER_LENGTH) {
    throw new RangeError(`options: ${options.length} bytes do not fit in an IPv4 header (40 at most)`);
  }
  const version = checkUint('version', header.version ?? 4, 4);
  const ihl = checkUint('ihl', header.ihl ?? headerLength / 4, 4);
  out[offset] = (version << 4) | ihl;
  out[offset + 1] = (checkUint('dscp', header.dscp ?? 0, 6) << 2) | checkUint('ecn', header.ecn ?? 0, 2);
  writeU16(out, offset + 2, checkUint('totalLength', header.totalLength ?? headerLength + payloadLength, 16));
  writeU16(out, offset + 4, checkUint('identification', header.identification ?? 0, 16));
  const flags = (header.reservedFlag === true ? 0x8000 : 0) | (header.dontFragment === true ? 0x4000 : 0) | (header.moreFragments === true ? 0x2000 : 0);
  writeU16(out, offset + 6, flags | checkUint('fragmentOffset', header.fragmentOffset ?? 0, 13));
  out[offset + 8] = checkUint('ttl', header.ttl, 8);
  out[offset + 9] = checkUint('protocol', header.protocol, 8);
  out.set(addressBytes('source', header.source), offset + 12);
  out.set(addressBytes('destination', header.destination), offset + 16);
  out.set(options, offset + IPV4_MIN_HEADER_LENGTH);
  writeU16(out, offset + 10, 0);
  writeU16(out, offset + 10, header.checksum === undefined ? internetChecksum(out, offset, offset + headerLength) : checkUint('checksum', header.checksum, 16));
  return headerLength;
}

const NO_OPTIONS = new Uint8Array(0);

/**
 * The option bytes encodeIpv4 writes; throws RangeError when they are not hex. When the IHL is
 * computed, they are zero-padded to a 32-bit boundary (RFC 791: "The internet header padding is used
 * to ensure that the internet header ends on a 32 bit boundary"); a verbatim IHL takes the options
 * exactly as given. Without options the result is a shared empty array.
 */
export function ipv4OptionBytes(header: Ipv4HeaderInput): Uint8Array {
  const text = header.options ?? '';
  if (text === '') return NO_OPTIONS;
  const raw = fromHex(text);
  if (!raw) throw new RangeError(`options: '${text}' is not a hex string`);
  if (header.ihl !== undefined || raw.length % 4 === 0) return raw;
  const out = new Uint8Array(raw.length + (4 - (raw.length % 4)));
  out.set(raw);
  return out;
}

function addressBytes(field: string, text: Ipv4Text): Uint8Array {
  const a = parseIpv4Shared(text);
  if (!a) throw new RangeError(`${field}: '${text}' is not an IPv4 address`);
  return a;
}

function checkUint(field: string, value: number, bits: number): number {
  // A shift, not 2 ** bits: this runs for every header field of every frame encoded (bits ≤ 20 here).
  if (!Number.isInteger(value) || value < 0 || value >= 1 << bits) throw new RangeError(`${field}: ${value} is not a ${bits}-bit unsigned integer`);
  return value;
}
