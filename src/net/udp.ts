/**
 * UDP header (RFC 768), checksummed with the IPv4 pseudo-header (RFC 768) or the IPv6 one
 * (RFC 8200 §8.1).
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Source Port          |       Destination Port        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            Length             |           Checksum            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          data ...
 *
 * Over IPv4 a transmitted checksum of zero means "no checksum" (RFC 768); a computed zero is sent
 * as 0xffff. Over IPv6 the checksum is mandatory (RFC 8200 §8.1), so zero there is simply wrong.
 * The pseudo-header length is the UDP Length field, and the sum covers Length bytes from the header.
 */
import { type Decoded, fail, ok } from '../runtime/result.js';
import { readU16, writeU16 } from './bytes.js';
import { finishChecksum, ipv4PseudoSum, ipv6PseudoSum, onesSum } from './checksum.js';
import { parseIpv4Shared, parseIpv6Shared } from './ip-address.js';
import { IP_PROTOCOL_UDP } from './ipv4.js';

export const UDP_HEADER_LENGTH = 8;

/**
 * good / bad: verified against the pseudo-header; none: zero over IPv4 (no checksum);
 * unverified: the caller gave no pseudo-header (or one whose addresses do not parse).
 */
export type ChecksumStatus = 'good' | 'bad' | 'none' | 'unverified';

export interface UdpHeader {
  readonly sourcePort: number;
  readonly destinationPort: number;
  readonly length: number;
  readonly checksum: number;
  readonly checksumStatus: ChecksumStatus;
  /** True for 'good' and for 'none' (a legal absent IPv4 checksum); false for 'bad' and 'unverified'. */
  readonly checksumValid: boolean;
}

/** What encodeUdp takes; length and checksum are computed when absent, written verbatim when present. */
export interface UdpHeaderInput {
  readonly sourcePort: number;
  readonly destinationPort: number;
  readonly length?: number | undefined;
  readonly checksum?: number | undefined;
}

/**
 * The addresses of the enclosing IP header, as text: dotted IPv4 or IPv6. A decoded Ipv4Header or
 * Ipv6Header can be passed as is.
 */
export interface PseudoHeader {
  readonly source: string;
  readonly destination: string;
}

export interface DecodedUdp {
  readonly header: UdpHeader;
  readonly payloadOffset: number;
  /** Length − 8. */
  readonly payloadLength: number;
}

/** Where the enclosing IP header's source and destination addresses sit in the buffer being decoded. */
export interface PseudoHeaderAt {
  /** Offset of the source address; the destination follows it (IPv4: 4 + 4 bytes, IPv6: 16 + 16). */
  readonly offset: number;
  readonly family: 'ipv4' | 'ipv6';
}

export interface DecodeUdpOptions {
  readonly pseudo?: PseudoHeader;
  /**
   * The same addresses read from the buffer itself, for a caller that decoded the IP header in it
   * (the frame decoder): saves parsing text formatted from these very bytes. Takes precedence over `pseudo`.
   */
  readonly pseudoAt?: PseudoHeaderAt;
  /** Where the IP payload ends (IPv4 total length, IPv6 payload length); defaults to the buffer end. */
  readonly end?: number;
}

export function decodeUdp(buf: Uint8Array, offset = 0, options: DecodeUdpOptions = {}): Decoded<DecodedUdp> {
  const end = Math.min(options.end ?? buf.length, buf.length);
  if (!Number.isInteger(offset) || offset < 0 || offset > end) return fail('bad-offset', offset, `offset ${offset} is outside the ${end}-byte buffer`);
  const avail = end - offset;
  if (avail < UDP_HEADER_LENGTH) return fail('truncated', offset, `UDP header needs ${UDP_HEADER_LENGTH} bytes, ${avail} available`);
  const length = readU16(buf, offset + 4);
  if (length < UDP_HEADER_LENGTH) return fail('bad-length', offset + 4, `UDP length ${length} is shorter than the header`);
  if (length > avail) return fail('bad-length', offset + 4, `UDP length ${length} exceeds the ${avail} bytes of the IP payload`);
  const checksum = readU16(buf, offset + 6);
  let checksumStatus: ChecksumStatus = 'unverified';
  const at = options.pseudoAt;
  const pseudo = at === undefined && options.pseudo !== undefined ? resolvePseudo(options.pseudo) : undefined;
  const family = at !== undefined ? at.family : pseudo?.family;
  if (family === 'ipv4' && checksum === 0) checksumStatus = 'none';
  else if (family !== undefined) {
    const initial = at !== undefined ? pseudoSumAt(buf, at, length) : pseudoSumOf(pseudo!, length, IP_PROTOCOL_UDP);
    const sum = onesSum(buf, offset, offset + length, initial);
    checksumStatus = finishChecksum(sum) === 0 && !(family === 'ipv6' && checksum === 0) ? 'good' : 'bad';
  }
  const header: UdpHeader = {
    sourcePort: readU16(buf, offset),
    destinationPort: readU16(buf, offset + 2),
    length,
    checksum,
    checksumStatus,
    checksumValid: checksumStatus === 'good' || checksumStatus === 'none',
  };
  return ok({ header, payloadOffset: offset + UDP_HEADER_LENGTH, payloadLength: length - UDP_HEADER_LENGTH });
}

export function udpLength(_header?: UdpHeaderInput): number {
  return UDP_HEADER_LENGTH;
}

/**
 * Builds header + payload. Without an explicit checksum the pseudo-header is required: a missing one
 * is a programmer error (silently sending zero would be wrong over IPv6).
 */
export function encodeUdp(header: UdpHeaderInput, payload: Uint8Array = new Uint8Array(0), pseudo?: PseudoHeader): Uint8Array {
  const out = new Uint8Array(UDP_HEADER_LENGTH + payload.length);
  out.set(payload, UDP_HEADER_LENGTH);
  writeUdpHeader(out, 0, header, payload.length, pseudo);
  return out;
}

/**
 * Writes the header of a datagram at `offset` of `out` and checksums it: the lower half of
 * encodeUdp, for callers that lay out a whole frame in one buffer. The payload must already be in
 * place at offset + 8: the checksum covers it. Throws like encodeUdp.
 */
export function writeUdpHeader(out: Uint8Array, offset: number, header: UdpHeaderInput, payloadLength: number, pseudo: PseudoHeader | undefined): void {
  const sent = UDP_HEADER_LENGTH + payloadLength;
  writeU16(out, offset, checkUint('sourcePort', header.sourcePort, 16));
  writeU16(out, offset + 2, checkUint('destinationPort', header.destinationPort, 16));
  const length = checkUint('length', header.length ?? sent, 16);
  writeU16(out, offset + 4, length);
  if (header.checksum !== undefined) {
    writeU16(out, offset + 6, checkUint('checksum', header.checksum, 16));
    return;
  }
  if (!pseudo) throw new RangeError('checksum: cannot compute the UDP checksum without the IP pseudo-header');
  const resolved = resolvePseudo(pseudo);
  if (!resolved) throw new RangeError(`pseudo-header: '${pseudo.source}' / '${pseudo.destination}' are not two IPv4 or two IPv6 addresses`);
  // The checksum covers the bytes actually sent; a crafted Length only changes the pseudo-header.
  writeU16(out, offset + 6, 0);
  const computed = finishChecksum(onesSum(out, offset, offset + sent, pseudoSumOf(resolved, length, IP_PROTOCOL_UDP)));
  writeU16(out, offset + 6, computed === 0 ? 0xffff : computed);
}

/** Both addresses of a pseudo-header as bytes, and which family they make. */
interface ResolvedPseudo {
  readonly family: 'ipv4' | 'ipv6';
  readonly source: Uint8Array;
  readonly destination: Uint8Array;
}

/** Parses the text once (through the shared address memo); undefined when they are not one family. */
function resolvePseudo(pseudo: PseudoHeader): ResolvedPseudo | undefined {
  const s4 = parseIpv4Shared(pseudo.source);
  const d4 = s4 && parseIpv4Shared(pseudo.destination);
  if (s4 && d4) return { family: 'ipv4', source: s4, destination: d4 };
  if (!pseudo.source.includes(':') || !pseudo.destination.includes(':')) return undefined;
  const s6 = parseIpv6Shared(pseudo.source);
  const d6 = s6 && parseIpv6Shared(pseudo.destination);
  return s6 && d6 ? { family: 'ipv6', source: s6, destination: d6 } : undefined;
}

/** ipv4PseudoSum / ipv6PseudoSum over addresses that sit side by side in `buf` (both have even sizes). */
function pseudoSumAt(buf: Uint8Array, at: PseudoHeaderAt, length: number): number {
  if (at.family === 'ipv4') return onesSum(buf, at.offset, at.offset + 8) + IP_PROTOCOL_UDP + length;
  return onesSum(buf, at.offset, at.offset + 32) + Math.floor(length / 0x10000) + (length & 0xffff) + IP_PROTOCOL_UDP;
}

function pseudoSumOf(p: ResolvedPseudo, length: number, protocol: number): number {
  return p.family === 'ipv4' ? ipv4PseudoSum(p.source, p.destination, protocol, length) : ipv6PseudoSum(p.source, p.destination, protocol, length);
}

/** Which pseudo-header the addresses call for, or undefined when they do not parse as one family. */
export function pseudoFamily(pseudo: PseudoHeader): 'ipv4' | 'ipv6' | undefined {
  return resolvePseudo(pseudo)?.family;
}

/** Unfolded sum of the pseudo-header for an upper-layer packet of `length` bytes and `protocol`. */
export function pseudoSum(pseudo: PseudoHeader, length: number, protocol = IP_PROTOCOL_UDP): number {
  const s4 = parseIpv4Shared(pseudo.source);
  const d4 = parseIpv4Shared(pseudo.destination);
  if (s4 && d4) return ipv4PseudoSum(s4, d4, protocol, length);
  const s6 = parseIpv6Shared(pseudo.source);
  const d6 = parseIpv6Shared(pseudo.destination);
  if (s6 && d6) return ipv6PseudoSum(s6, d6, protocol, length);
  return 0;
}

function checkUint(field: string, value: number, bits: number): number {
  // A shift, not 2 ** bits: this runs for every header field of every frame encoded (bits ≤ 20 here).
  if (!Number.isInteger(value) || value < 0 || value >= 1 << bits) throw new RangeError(`${field}: ${value} is not a ${bits}-bit unsigned integer`);
  return value;
}
