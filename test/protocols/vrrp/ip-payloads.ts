/**
 * Test-local: the IP payloads of protocol-112 frames of a capture, found with tshark (`-T json -x`
 * gives each frame's bytes and the offset of its IP header, whatever the link type: Ethernet, 802.1Q,
 * Frame Relay in vrrp-oobr.pcap). The frame layer of vipr is written elsewhere; this only slices bytes
 * so the VRRP codec can be checked against real captures.
 */
import { fromHex, readU16 } from '../../../src/net/bytes.js';
import { formatIpv4, formatIpv6 } from '../../../src/net/ip-address.js';
import { tshark } from '../../support/tshark.js';

export interface CapturedPayload {
  readonly frame: number;
  readonly family: 4 | 6;
  readonly src: string;
  readonly dst: string;
  readonly ttl: number;
  /** The upper-layer protocol of the VRRP bytes (112), after unwrapping AH when present. */
  readonly proto: number;
  /** The VRRP bytes sat inside IPsec AH (protocol 51). */
  readonly viaAh: boolean;
  /** IP payload (after AH when present), clipped to what the capture holds. */
  readonly payload: Uint8Array;
  /** The capture holds fewer bytes than the IP length announces. */
  readonly clipped: boolean;
}

type RawField = [string, number, number, number, number];
interface Layers {
  readonly frame_raw?: RawField;
  readonly ip_raw?: RawField;
  readonly ipv6_raw?: RawField;
  readonly frame?: { readonly 'frame.number'?: string };
}

const AH = 51;

export function ipPayloads(file: string, filter = 'ip.proto == 112 || ipv6.nxt == 112 || ah.next_header == 112'): CapturedPayload[] {
  const json = tshark(['-r', file, '-Y', filter, '-T', 'json', '-x', '-j', 'frame ip ipv6']);
  const packets = JSON.parse(json) as { _source: { layers: Layers } }[];
  const out: CapturedPayload[] = [];
  for (const p of packets) {
    const l = p._source.layers;
    const frame = fromHex(l.frame_raw?.[0] ?? '') ?? new Uint8Array(0);
    const number = Number(l.frame?.['frame.number'] ?? '0');
    if (l.ip_raw) {
      const o = l.ip_raw[1];
      const ihl = ((frame[o] ?? 0) & 0x0f) * 4;
      const total = readU16(frame, o + 2);
      let proto = frame[o + 9] ?? 0;
      const end = o + total;
      let payload = frame.subarray(Math.min(o + ihl, frame.length), Math.min(end, frame.length));
      let viaAh = false;
      if (proto === AH && payload.length >= 2) {
        viaAh = true;
        proto = payload[0] ?? 0;
        payload = payload.subarray(Math.min(((payload[1] ?? 0) + 2) * 4, payload.length));
      }
      out.push({ frame: number, family: 4, src: formatIpv4(frame, o + 12), dst: formatIpv4(frame, o + 16), ttl: frame[o + 8] ?? 0, proto, viaAh, payload, clipped: end > frame.length });
    } else if (l.ipv6_raw) {
      const o = l.ipv6_raw[1];
      const end = o + 40 + readU16(frame, o + 4);
      const payload = frame.subarray(Math.min(o + 40, frame.length), Math.min(end, frame.length));
      out.push({ frame: number, family: 6, src: formatIpv6(frame, o + 8), dst: formatIpv6(frame, o + 24), ttl: frame[o + 7] ?? 0, proto: frame[o + 6] ?? 0, viaAh: false, payload, clipped: end > frame.length });
    }
  }
  return out;
}
