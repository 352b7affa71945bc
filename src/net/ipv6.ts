/**
 * IPv6 fixed header (RFC 8200 §3) and the extension headers in front of the upper layer (§4).
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Version| DSCP      |ECN|              Flow Label               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Payload Length        |  Next Header  |   Hop Limit   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  +                   Source Address (16 bytes)                   +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  +                Destination Address (16 bytes)                 +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Extension headers walked here (RFC 8200 §4.1): Hop-by-Hop Options (0), Routing (43), Fragment (44),
 * Destination Options (60). All but Fragment share the TLV-ish framing
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Next Header  |  Hdr Ext Len  |  (Hdr Ext Len + 1) * 8 − 2 bytes ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * and the Fragment header (§4.5) is always 8 bytes:
 *
 *  |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
 *  |                         Identification                        |
 *
 * Each extension header is kept as raw hex so it re-encodes unchanged. The packet ends at 40 +
 * Payload Length; anything captured after that is link-layer padding.
 */
import { type Decoded, fail, ok } from '../runtime/result.js';
import { fromHex, readU16, readU32, toHex, writeU16 } from './bytes.js';
import { formatIpv6, type Ipv6Text, parseIpv6Shared } from './ip-address.js';

export const IPV6_HEADER_LENGTH = 40;
export const IPV6_EXT_HOP_BY_HOP = 0;
export const IPV6_EXT_ROUTING = 43;
export const IPV6_EXT_FRAGMENT = 44;
export const IPV6_EXT_DESTINATION_OPTIONS = 60;
export const IPV6_NO_NEXT_HEADER = 59;

export interface Ipv6ExtensionHeader {
  /** The protocol number that announced this header (0, 43, 44 or 60). */
  readonly type: number;
  /** Its own Next Header byte, as on the wire. */
  readonly nextHeader: number;
  /** Its length in bytes (8 for a fragment header, (Hdr Ext Len + 1) × 8 otherwise). */
  readonly length: number;
  /** The whole extension header as lowercase hex, Next Header byte included. */
  readonly raw: string;
}

export interface Ipv6ExtensionHeaderInput {
  readonly type: number;
  readonly raw: string;
}

export interface Ipv6Header {
  readonly version: number;
  readonly dscp: number;
  readonly ecn: number;
  readonly flowLabel: number;
  readonly payloadLength: number;
  /** The fixed header's Next Header: the first extension header's type, or the upper layer. */
  readonly nextHeader: number;
  readonly hopLimit: number;
  readonly source: Ipv6Text;
  readonly destination: Ipv6Text;
  readonly extensions: readonly Ipv6ExtensionHeader[];
}

/** What encodeIpv6 takes; payloadLength is computed when absent, written verbatim when present. */
export interface Ipv6HeaderInput {
  readonly version?: number | undefined;
  readonly dscp?: number | undefined;
  readonly ecn?: number | undefined;
  readonly flowLabel?: number | undefined;
  readonly payloadLength?: number | undefined;
  readonly nextHeader: number;
  readonly hopLimit: number;
  readonly source: Ipv6Text;
  readonly destination: Ipv6Text;
  readonly extensions?: readonly Ipv6ExtensionHeaderInput[] | undefined;
}

export interface Ipv6Fragment {
  /** In units of 8 bytes. */
  readonly offset: number;
  readonly moreFragments: boolean;
  readonly identification: number;
}

export interface DecodedIpv6 {
  readonly header: Ipv6Header;
  /** The Next Header value after the last extension header: the upper-layer protocol. */
  readonly upperProtocol: number;
  /** Where the upper layer (or, for a non-first fragment, the fragment data) starts. */
  readonly payloadOffset: number;
  /** From payloadOffset to the end of the packet (40 + Payload Length). */
  readonly payloadLength: number;
  /** The first Fragment header's fields, when there is one. */
  readonly fragment?: Ipv6Fragment;
}

export function isIpv6ExtensionHeader(nextHeader: number): boolean {
  return nextHeader === IPV6_EXT_HOP_BY_HOP || nextHeader === IPV6_EXT_ROUTING || nextHeader === IPV6_EXT_FRAGMENT || nextHeader === IPV6_EXT_DESTINATION_OPTIONS;
}

export function decodeIpv6(buf: Uint8Array, offset = 0): Decoded<DecodedIpv6> {
  if (!Number.isInteger(offset) || offset < 0 || offset > buf.length) return fail('bad-offset', offset, `offset ${offset} is outside the ${buf.length}-byte buffer`);
  const avail = buf.length - offset;
  if (avail < IPV6_HEADER_LENGTH) return fail('truncated', offset, `IPv6 header needs ${IPV6_HEADER_LENGTH} bytes, ${avail} captured`);
  const word0 = readU32(buf, offset);
  const version = word0 >>> 28;
  if (version !== 6) return fail('bad-version', offset, `IP version ${version}, expected 6`);
  const payloadLength = readU16(buf, offset + 4);
  const end = offset + IPV6_HEADER_LENGTH + payloadLength;
  if (end > buf.length) return fail('truncated', offset + 4, `payload length ${payloadLength} exceeds the ${avail - IPV6_HEADER_LENGTH} bytes captured after the header`);
  const nextHeader = buf[offset + 6] ?? 0;
  const extensions: Ipv6ExtensionHeader[] = [];
  let fragment: Ipv6Fragment | undefined;
  let type = nextHeader;
  let pos = offset + IPV6_HEADER_LENGTH;
  while (isIpv6ExtensionHeader(type)) {
    if (end - pos < 2) return fail('bad-length', pos, `extension header ${type} starts ${end - pos} bytes before the end of the packet`);
    const length = type === IPV6_EXT_FRAGMENT ? 8 : ((buf[pos + 1] ?? 0) + 1) * 8;
    if (pos + length > end) return fail('bad-length', pos, `extension header ${type} of ${length} bytes runs past the end of the packet`);
    const next = buf[pos] ?? 0;
    extensions.push({ type, nextHeader: next, length, raw: toHex(buf.subarray(pos, pos + length)) });
    pos += length;
    type = next;
    if (extensions[extensions.length - 1]?.type === IPV6_EXT_FRAGMENT) {
      const offsetFlags = readU16(buf, pos - 6);
      const thisFragment: Ipv6Fragment = { offset: offsetFlags >>> 3, moreFragments: (offsetFlags & 1) !== 0, identification: readU32(buf, pos - 4) };
      fragment ??= thisFragment;
      // RFC 8200 §4.5: only the first fragment carries the headers that follow; later ones carry data.
      if (thisFragment.offset !== 0) break;
    }
  }
  const header: Ipv6Header = {
    version,
    dscp: (word0 >>> 22) & 0x3f,
    ecn: (word0 >>> 20) & 0x03,
    flowLabel: word0 & 0xfffff,
    payloadLength,
    nextHeader,
    hopLimit: buf[offset + 7] ?? 0,
    source: formatIpv6(buf, offset + 8),
    destination: formatIpv6(buf, offset + 24),
    extensions,
  };
  const base = { header, upperProtocol: type, payloadOffset: pos, payloadLength: end - pos };
  return ok(fragment ? { ...base, fragment } : base);
}

/** Bytes encodeIpv6 writes before the payload: 40 plus the extension headers. */
export function ipv6Length(header: Ipv6HeaderInput): number {
  let n = IPV6_HEADER_LENGTH;
  for (const e of ipv6ExtensionBytes(header)) n += e.length;
  return n;
}

export function encodeIpv6(header: Ipv6HeaderInput, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const exts = ipv6ExtensionBytes(header);
  let extLength = 0;
  for (const e of exts) extLength += e.length;
  const out = new Uint8Array(IPV6_HEADER_LENGTH + extLength + payload.length);
  const headerLength = writeIpv6Header(out, 0, header, exts, payload.length);
  out.set(payload, headerLength);
  return out;
}

/**
 * Writes the fixed header and the extension headers at `offset` of `out` and returns their length:
 * the lower half of encodeIpv6, for callers that lay out a whole frame in one buffer. `exts` is
 * ipv6ExtensionBytes(header). Throws like encodeIpv6.
 */
export function writeIpv6Header(out: Uint8Array, offset: number, header: Ipv6HeaderInput, exts: readonly Uint8Array[], payloadLength: number): number {
  let extLength = 0;
  for (const e of exts) extLength += e.length;
  const version = checkUint('version', header.version ?? 6, 4);
  const dscp = checkUint('dscp', header.dscp ?? 0, 6);
  const ecn = checkUint('ecn', header.ecn ?? 0, 2);
  const flow = checkUint('flowLabel', header.flowLabel ?? 0, 20);
  out[offset] = (version << 4) | (dscp >>> 2);
  out[offset + 1] = ((dscp & 0x03) << 6) | (ecn << 4) | (flow >>> 16);
  writeU16(out, offset + 2, flow & 0xffff);
  writeU16(out, offset + 4, checkUint('payloadLength', header.payloadLength ?? extLength + payloadLength, 16));
  out[offset + 6] = checkUint('nextHeader', header.nextHeader, 8);
  out[offset + 7] = checkUint('hopLimit', header.hopLimit, 8);
  out.set(addressBytes('source', header.source), offset + 8);
  out.set(addressBytes('destination', header.destination), offset + 24);
  let pos = offset + IPV6_HEADER_LENGTH;
  for (const e of exts) {
    out.set(e, pos);
    pos += e.length;
  }
  return pos - offset;
}

const NO_EXTENSIONS: readonly Uint8Array[] = [];

/** The extension headers as bytes, in order; throws RangeError naming the one that is not hex. */
export function ipv6ExtensionBytes(header: Ipv6HeaderInput): readonly Uint8Array[] {
  const list = header.extensions;
  if (list === undefined || list.length === 0) return NO_EXTENSIONS;
  const out: Uint8Array[] = [];
  for (let i = 0; i < list.length; i++) {
    const ext = list[i]!;
    const raw = fromHex(ext.raw);
    if (!raw) throw new RangeError(`extensions[${i}].raw: '${ext.raw}' is not a hex string`);
    out.push(raw);
  }
  return out;
}

function addressBytes(field: string, text: Ipv6Text): Uint8Array {
  const a = parseIpv6Shared(text);
  if (!a) throw new RangeError(`${field}: '${text}' is not an IPv6 address`);
  return a;
}

function checkUint(field: string, value: number, bits: number): number {
  // A shift, not 2 ** bits: this runs for every header field of every frame encoded (bits ≤ 20 here).
  if (!Number.isInteger(value) || value < 0 || value >= 1 << bits) throw new RangeError(`${field}: ${value} is not a ${bits}-bit unsigned integer`);
  return value;
}
