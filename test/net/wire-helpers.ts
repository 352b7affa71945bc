import { prng } from '../support/fixtures.js';
import { type Decoded } from '../../src/runtime/result.js';
import { decodeArp, type DecodedArp } from '../../src/net/arp.js';
import { decodeEthernet, type DecodedEthernet, ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from '../../src/net/ethernet.js';
import { decodeIpv4, type DecodedIpv4, IP_PROTOCOL_UDP } from '../../src/net/ipv4.js';
import { decodeIpv6, type DecodedIpv6 } from '../../src/net/ipv6.js';
import { decodeUdp, type DecodedUdp } from '../../src/net/udp.js';

export interface FrameLayers {
  eth?: Decoded<DecodedEthernet>;
  ipv4?: Decoded<DecodedIpv4>;
  ipv6?: Decoded<DecodedIpv6>;
  udp?: Decoded<DecodedUdp>;
  arp?: Decoded<DecodedArp>;
}

/** Decodes Ethernet → (ARP | IPv4 | IPv6) → UDP, as far as the frame goes. */
export function decodeLayers(frame: Uint8Array): FrameLayers {
  const layers: FrameLayers = {};
  const eth = decodeEthernet(frame);
  layers.eth = eth;
  if (!eth.ok) return layers;
  const { etherType } = eth.value.header;
  const at = eth.value.payloadOffset;
  if (etherType === ETHERTYPE_ARP) layers.arp = decodeArp(frame, at);
  if (etherType === ETHERTYPE_IPV4) {
    const ip = decodeIpv4(frame, at);
    layers.ipv4 = ip;
    if (ip.ok && ip.value.header.protocol === IP_PROTOCOL_UDP && ip.value.header.fragmentOffset === 0) {
      layers.udp = decodeUdp(frame, ip.value.payloadOffset, { pseudo: ip.value.header, end: ip.value.payloadOffset + ip.value.payloadLength });
    }
  }
  if (etherType === ETHERTYPE_IPV6) {
    const ip = decodeIpv6(frame, at);
    layers.ipv6 = ip;
    if (ip.ok && ip.value.upperProtocol === IP_PROTOCOL_UDP && (ip.value.fragment?.offset ?? 0) === 0) {
      layers.udp = decodeUdp(frame, ip.value.payloadOffset, { pseudo: ip.value.header, end: ip.value.payloadOffset + ip.value.payloadLength });
    }
  }
  return layers;
}

export function hex(text: string): Uint8Array {
  const clean = text.replace(/[^0-9a-fA-F]/g, '');
  return new Uint8Array(Buffer.from(clean, 'hex'));
}

/**
 * Runs `decode` on every truncation of `sample` and on `count` random mutations (byte flips, inserts,
 * deletions, truncations), failing on the first exception. Returns how many inputs decoded ok.
 */
export function fuzz(samples: readonly Uint8Array[], count: number, seed: number, decode: (b: Uint8Array) => unknown): { runs: number } {
  let runs = 0;
  for (const s of samples) {
    for (let cut = 0; cut <= s.length; cut++) {
      decode(s.subarray(0, cut));
      decode(s.subarray(cut));
      runs += 2;
    }
  }
  const rnd = prng(seed);
  const pick = (n: number): number => Math.floor(rnd() * n);
  for (let i = 0; i < count; i++) {
    const base = samples[pick(samples.length)] ?? new Uint8Array(0);
    let b = new Uint8Array(base);
    const edits = 1 + pick(4);
    for (let e = 0; e < edits; e++) {
      const kind = pick(5);
      if (kind <= 1 && b.length > 0) b[pick(b.length)] = pick(256);
      else if (kind === 2 && b.length > 0) b[pick(b.length)] = [0, 0xff, 0x80, 0x7f, 1][pick(5)] ?? 0;
      else if (kind === 3) b = b.subarray(0, pick(b.length + 1));
      else {
        const at = pick(b.length + 1);
        const grown = new Uint8Array(b.length + 1 + pick(8));
        grown.set(b.subarray(0, at));
        for (let k = at; k < at + grown.length - b.length; k++) grown[k] = pick(256);
        grown.set(b.subarray(at), at + grown.length - b.length);
        b = grown;
      }
    }
    decode(b);
    runs++;
  }
  return { runs };
}
