/**
 * VRRPv3 advertisement (RFC 5798 §5.1, RFC 9568 §5.1; spec §5.3), the IP payload of protocol / next
 * header 112 over IPv4 or IPv6.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |Version| Type  | Virtual Rtr ID|   Priority    |Count IPvX Addr|
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |(rsvd) |     Max Adver Int     |          Checksum             |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                                                               |
 *   +                                                               +
 *   |                       IPvX Address(es)                        |
 *   +                                                               +
 *   |                                                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * No authentication (RFC 5798 §9). Max Adver Int is 12 bits of centiseconds (§5.2.7); the 4 reserved
 * bits MUST be sent as zero and are ignored on receipt (§5.2.6), but are kept here so a frame that set
 * them re-encodes to the same bytes. The address size (4 or 16) comes from the IP layer, which is why
 * the decoder needs the IP context; RFC 9568 §5.2.9 wants the IPv6 link-local VIP first (the engine
 * enforces that, the codec keeps whatever order came in).
 *
 * Checksum (§5.2.8, spec §5.4): IPv6 always with the pseudo-header. IPv4 in the field either plain
 * (Cisco, Juniper, RFC 9568) or with the IPv4 pseudo-header (keepalived, FRR, MikroTik in
 * tcpdump/vrrp.pcap). The decoder accepts both and reports which one matched; the encoder sends plain
 * for IPv4 unless asked otherwise.
 */
import { readU16, toHex, writeU16 } from '../../net/bytes.js';
import { formatIpv4, formatIpv6, parseIpv4Shared, parseIpv6Shared } from '../../net/ip-address.js';
import { type Decoded, fail, ok } from '../../runtime/result.js';
import {
  type VrrpChecksumStyle,
  type VrrpDecoded,
  VRRP_CHECKSUM_OFFSET,
  checkVrrpChecksum,
  defaultChecksumStyle,
  vrrpChecksum,
} from './checksum.js';
import { checkHex, checkUint } from './encode-check.js';
import { type VrrpFamily, type VrrpIpContext, addressSize } from './ip-context.js';

export const VRRP_V3_HEADER_LENGTH = 8;
export const VRRP_V3_MAX_ADVER_INT_MAX_CS = 0x0fff;

export interface VrrpV3Message {
  readonly version: 3;
  /** Omitted means 1 (ADVERTISEMENT, RFC 5798 §5.2.2). The decoder rejects other types. */
  readonly type?: number;
  /** Given by the IP layer: it decides whether the addresses are IPv4 or IPv6. */
  readonly family: VrrpFamily;
  readonly vrid: number;
  readonly priority: number;
  /** Centiseconds, 12 bits (1-4095 meaningful; default 100 = 1 s). */
  readonly maxAdverIntCs: number;
  /** The 4 bits before Max Adver Int; omitted when zero. */
  readonly reserved?: number;
  /** As on the wire. Optional when encoding: computed unless the caller asks for it verbatim. */
  readonly checksum?: number;
  /** IPv4 dotted quads or RFC 5952 IPv6 text, per family; Count IPvX Addr is their number. */
  readonly addresses: readonly string[];
  /** Bytes after the addresses inside the IP payload, hex. */
  readonly trailer?: string;
}

export interface VrrpV3EncodeOptions {
  /** Needed for the pseudo-header style (always for IPv6); its family must match the message's. */
  readonly ip?: VrrpIpContext;
  /** Default: 'plain' for IPv4 (Cisco / RFC 9568), 'pseudo-header' for IPv6 (RFC 5798 §5.2.8). */
  readonly checksumStyle?: VrrpChecksumStyle;
  /** 'compute' (default) or 'verbatim' (write message.checksum as is: crafted frames, exact round trip). */
  readonly checksum?: 'compute' | 'verbatim';
}

export function decodeVrrpV3(payload: Uint8Array, ip: VrrpIpContext): Decoded<VrrpDecoded<VrrpV3Message>> {
  if (payload.length < 1) return fail('truncated', 0, 'empty VRRP payload');
  const b0 = payload[0] ?? 0;
  if (b0 >> 4 !== 3) return fail('bad-version', 0, `VRRP version ${b0 >> 4}, expected 3`);
  if (payload.length < VRRP_V3_HEADER_LENGTH) {
    return fail('truncated', payload.length, `VRRPv3 header needs ${VRRP_V3_HEADER_LENGTH} bytes, got ${payload.length}`);
  }
  if ((b0 & 0x0f) !== 1) return fail('bad-type', 0, `VRRP type ${b0 & 0x0f}, only 1 (ADVERTISEMENT) exists (RFC 5798 §5.2.2)`);
  const family = ip.family;
  const size = addressSize(family);
  const count = payload[3] ?? 0;
  const end = VRRP_V3_HEADER_LENGTH + size * count;
  if (payload.length < end) {
    return fail('truncated', payload.length, `VRRPv3 over IPv${family} with ${count} address(es) needs ${end} bytes, got ${payload.length}`);
  }
  const addresses: string[] = [];
  for (let i = 0; i < count; i++) {
    const off = VRRP_V3_HEADER_LENGTH + size * i;
    addresses.push(family === 4 ? formatIpv4(payload, off) : formatIpv6(payload, off));
  }
  const word = readU16(payload, 4);
  const reserved = word >> 12;
  const vrid = payload[1] ?? 0;
  const priority = payload[2] ?? 0;
  const maxAdverIntCs = word & VRRP_V3_MAX_ADVER_INT_MAX_CS;
  const checksum = readU16(payload, VRRP_CHECKSUM_OFFSET);
  // The usual advert (no reserved bits, nothing after the addresses) is one literal; the optional
  // fields otherwise go in at their place in the key order that `vipr decode --json` prints.
  const message: VrrpV3Message =
    reserved === 0 && end === payload.length
      ? { version: 3, family, vrid, priority, maxAdverIntCs, checksum, addresses }
      : {
          version: 3,
          family,
          vrid,
          priority,
          maxAdverIntCs,
          ...(reserved !== 0 ? { reserved } : {}),
          checksum,
          addresses,
          ...(end < payload.length ? { trailer: toHex(payload.subarray(end)) } : {}),
        };
  return ok({ message, checksum: checkVrrpChecksum(payload, 3, ip) });
}

const NO_TRAILER = new Uint8Array(0);

function trailingBytes(message: VrrpV3Message): Uint8Array {
  return message.trailer === undefined || message.trailer === '' ? NO_TRAILER : checkHex(message.trailer, 'trailing bytes');
}

export function vrrpV3Length(message: VrrpV3Message): number {
  return VRRP_V3_HEADER_LENGTH + addressSize(message.family) * message.addresses.length + trailingBytes(message).length;
}

export function encodeVrrpV3(message: VrrpV3Message, options: VrrpV3EncodeOptions = {}): Uint8Array {
  if (message.version !== 3) throw new RangeError(`encodeVrrpV3: version must be 3, got ${String(message.version)}`);
  const family = message.family;
  if (family !== 4 && family !== 6) throw new RangeError(`encodeVrrpV3: family must be 4 or 6, got ${String(family)}`);
  if (options.ip && options.ip.family !== family) throw new RangeError(`encodeVrrpV3: IPv${family} message with an IPv${options.ip.family} IP context`);
  const size = addressSize(family);
  const trailer = trailingBytes(message);
  const out = new Uint8Array(VRRP_V3_HEADER_LENGTH + size * message.addresses.length + trailer.length);
  out[0] = (3 << 4) | checkUint(message.type ?? 1, 15, 'type');
  out[1] = checkUint(message.vrid, 255, 'vrid');
  out[2] = checkUint(message.priority, 255, 'priority');
  out[3] = checkUint(message.addresses.length, 255, 'address count');
  writeU16(out, 4, (checkUint(message.reserved ?? 0, 15, 'reserved') << 12) | checkUint(message.maxAdverIntCs, VRRP_V3_MAX_ADVER_INT_MAX_CS, 'maxAdverIntCs'));
  for (let i = 0; i < message.addresses.length; i++) {
    const text = message.addresses[i]!;
    const a = family === 4 ? parseIpv4Shared(text) : parseIpv6Shared(text);
    if (!a) throw new TypeError(`VRRP: address ${JSON.stringify(text)} is not an IPv${family} address`);
    out.set(a, VRRP_V3_HEADER_LENGTH + size * i);
  }
  const end = VRRP_V3_HEADER_LENGTH + size * message.addresses.length;
  out.set(trailer, end);
  let checksum: number;
  if (options.checksum === 'verbatim' && message.checksum !== undefined) {
    checksum = checkUint(message.checksum, 0xffff, 'checksum');
  } else {
    checksum = vrrpChecksum(out, options.checksumStyle ?? defaultChecksumStyle(3, family), options.ip);
  }
  writeU16(out, VRRP_CHECKSUM_OFFSET, checksum);
  return out;
}
