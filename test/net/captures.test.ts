/**
 * Every frame of every real capture: decoded with vipr's codecs, compared field by field with tshark,
 * and re-encoded byte for byte (every Ethernet, IPv4, IPv6, UDP and ARP layer).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeArp, encodeArp } from '../../src/net/arp.js';
import { toHex } from '../../src/net/bytes.js';
import { decodeEthernet, encodeEthernet } from '../../src/net/ethernet.js';
import { decodeNeighborAdvertisement } from '../../src/net/icmpv6-nd.js';
import { decodeIpv4, encodeIpv4 } from '../../src/net/ipv4.js';
import { decodeIpv6, encodeIpv6 } from '../../src/net/ipv6.js';
import { formatMacColon, parseMac } from '../../src/net/mac.js';
import { readCapture } from '../../src/net/pcap.js';
import { decodeUdp, encodeUdp } from '../../src/net/udp.js';
import { HAVE_REFERENCE, tsharkFields } from '../support/tshark.js';
import { allFixtures } from '../support/fixtures.js';
import { decodeLayers } from './wire-helpers.js';

const FIELDS = [
  'frame.number',
  'eth.src',
  'eth.dst',
  'vlan.id',
  'eth.type',
  'eth.len',
  'ip.src',
  'ip.dst',
  'ip.ttl',
  'ip.dsfield.dscp',
  'ip.dsfield.ecn',
  'ip.id',
  'ip.len',
  'ip.hdr_len',
  'ip.flags.df',
  'ip.flags.mf',
  'ip.frag_offset',
  'ip.proto',
  'ip.checksum',
  'ip.checksum.status',
  'ipv6.src',
  'ipv6.dst',
  'ipv6.hlim',
  'ipv6.plen',
  'ipv6.nxt',
  'ipv6.flow',
  'udp.srcport',
  'udp.dstport',
  'udp.length',
  'udp.checksum.status',
  'arp.opcode',
  'arp.src.hw_mac',
  'arp.src.proto_ipv4',
  'arp.dst.hw_mac',
  'arp.dst.proto_ipv4',
] as const;
type Field = (typeof FIELDS)[number];

const colon = (mac: string): string => formatMacColon(parseMac(mac)!);
const hex16 = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`;
/** tshark joins repeated fields with ','; the outermost occurrence comes first. */
const first = (v: string | undefined): string => (v ?? '').split(',')[0] ?? '';

if (!HAVE_REFERENCE) {
  describe.skip('reference captures (../shared/fixtures/pcap/reference is absent)', () => {
    it('is skipped', () => undefined);
  });
}

describe('real captures against tshark', () => {
  for (const fx of allFixtures()) {
    it(`${fx.name}: every layer matches tshark and re-encodes byte for byte`, () => {
      const read = readCapture(readFileSync(fx.path), { lenientSnaplen: fx.malformed });
      expect(read.error).toBeUndefined();
      const rows = tsharkFields(fx.path, 'frame', FIELDS, ['-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE']);
      expect(rows.length).toBe(read.frames.length);
      let checked = 0;
      read.frames.forEach((frame, i) => {
        const row = rows[i]!;
        const ts = (f: Field): string => first(row[FIELDS.indexOf(f)]);
        const at = `${fx.name} frame ${frame.index}`;
        expect(ts('frame.number'), at).toBe(String(frame.index));
        if (frame.linkType !== 1) return; // vrrp-oobr.pcap is Frame Relay
        const data = frame.data;
        const layers = decodeLayers(data);
        const eth = layers.eth!;
        expect(eth.ok, at).toBe(true);
        if (!eth.ok) return;
        const e = eth.value;
        expect([colon(e.header.source), colon(e.header.destination)], at).toEqual([ts('eth.src'), ts('eth.dst')]);
        expect(e.header.tags.map((t) => String(t.vid)).join(','), at).toBe(row[FIELDS.indexOf('vlan.id')] ?? '');
        if (e.header.etherType <= 1500) expect(String(e.header.etherType), at).toBe(ts('eth.len'));
        expect(toHex(encodeEthernet(e.header, data.subarray(e.payloadOffset))), at).toBe(toHex(data));

        if (ts('ip.src') !== '') {
          const ip = layers.ipv4!;
          expect(ip.ok, at).toBe(true);
          if (!ip.ok) return;
          const h = ip.value.header;
          expect(
            [h.source, h.destination, h.ttl, h.dscp, h.ecn, hex16(h.identification), h.totalLength, h.ihl * 4, h.dontFragment ? 1 : 0, h.moreFragments ? 1 : 0, h.fragmentOffset * 8, h.protocol, hex16(h.checksum), h.checksumValid ? 1 : 0].map(String),
            at,
          ).toEqual([ts('ip.src'), ts('ip.dst'), ts('ip.ttl'), ts('ip.dsfield.dscp'), ts('ip.dsfield.ecn'), ts('ip.id'), ts('ip.len'), ts('ip.hdr_len'), ts('ip.flags.df'), ts('ip.flags.mf'), ts('ip.frag_offset'), ts('ip.proto'), ts('ip.checksum'), ts('ip.checksum.status')]);
          const end = ip.value.payloadOffset + ip.value.payloadLength;
          const payload = data.subarray(ip.value.payloadOffset, end);
          const wire = toHex(data.subarray(e.payloadOffset, end));
          expect(toHex(encodeIpv4(h, payload)), at).toBe(wire);
          // With the computed fields left out, the encoder reproduces every packet whose checksum was right.
          const { checksum: _c, ihl: _i, totalLength: _t, ...bare } = h;
          expect(toHex(encodeIpv4(bare, payload)) === wire, at).toBe(h.checksumValid);
          checked++;
        }
        if (ts('ipv6.src') !== '') {
          const ip = layers.ipv6!;
          expect(ip.ok, at).toBe(true);
          if (!ip.ok) return;
          const h = ip.value.header;
          expect([h.source, h.destination, h.hopLimit, h.payloadLength, h.nextHeader, h.flowLabel].map(String), at).toEqual([
            ts('ipv6.src'),
            ts('ipv6.dst'),
            ts('ipv6.hlim'),
            ts('ipv6.plen'),
            ts('ipv6.nxt'),
            String(parseInt(ts('ipv6.flow'), 16)),
          ]);
          const end = ip.value.payloadOffset + ip.value.payloadLength;
          expect(toHex(encodeIpv6(h, data.subarray(ip.value.payloadOffset, end))), at).toBe(toHex(data.subarray(e.payloadOffset, end)));
          const { payloadLength: _p, ...bare } = h;
          expect(toHex(encodeIpv6(bare, data.subarray(ip.value.payloadOffset, end))), at).toBe(toHex(data.subarray(e.payloadOffset, end)));
          checked++;
        }
        if (ts('udp.srcport') !== '') {
          const udp = layers.udp!;
          expect(udp.ok, at).toBe(true);
          if (!udp.ok) return;
          const h = udp.value.header;
          const status = { good: '1', bad: '0', unverified: '2', none: '3' }[h.checksumStatus];
          expect([h.sourcePort, h.destinationPort, h.length, status].map(String), at).toEqual([ts('udp.srcport'), ts('udp.dstport'), ts('udp.length'), ts('udp.checksum.status')]);
          const pseudo = layers.ipv4?.ok ? layers.ipv4.value.header : layers.ipv6?.ok ? layers.ipv6.value.header : undefined;
          const start = udp.value.payloadOffset - 8;
          const payload = data.subarray(udp.value.payloadOffset, udp.value.payloadOffset + udp.value.payloadLength);
          const wire = toHex(data.subarray(start, start + h.length));
          expect(toHex(encodeUdp(h, payload, pseudo)), at).toBe(wire);
          const { checksum: _c, length: _l, ...bare } = h;
          expect(toHex(encodeUdp(bare, payload, pseudo)) === wire, at).toBe(h.checksumStatus === 'good');
          checked++;
        }
        if (ts('arp.opcode') !== '') {
          const arp = layers.arp!;
          expect(arp.ok, at).toBe(true);
          if (!arp.ok) return;
          const h = arp.value.header;
          expect([h.operation, colon(h.senderMac), h.senderIp, colon(h.targetMac), h.targetIp].map(String), at).toEqual([
            ts('arp.opcode'),
            ts('arp.src.hw_mac'),
            ts('arp.src.proto_ipv4'),
            ts('arp.dst.hw_mac'),
            ts('arp.dst.proto_ipv4'),
          ]);
          expect(toHex(encodeArp(h)), at).toBe(toHex(data.subarray(arp.value.payloadOffset - 28, arp.value.payloadOffset)));
          checked++;
        }
      });
      if (!fx.name.includes('vrrp-oobr.pcap')) expect(checked).toBeGreaterThan(0);
    });
  }
});

describe('malformed captures give typed results, never exceptions', () => {
  const decoders = [
    (b: Uint8Array, o: number) => decodeEthernet(b, o),
    (b: Uint8Array, o: number) => decodeIpv4(b, o),
    (b: Uint8Array, o: number) => decodeIpv6(b, o),
    (b: Uint8Array, o: number) => decodeUdp(b, o, { pseudo: { source: '10.0.0.1', destination: '10.0.0.2' } }),
    (b: Uint8Array, o: number) => decodeArp(b, o),
    (b: Uint8Array, o: number) => decodeNeighborAdvertisement(b, o, { pseudo: { source: 'fe80::1', destination: 'ff02::1' } }),
  ];
  for (const fx of allFixtures().filter((f) => f.malformed || f.name.includes('Malformed'))) {
    it(`${fx.name}: every decoder at every offset of every frame`, () => {
      const read = readCapture(readFileSync(fx.path), { lenientSnaplen: true });
      expect(read.error).toBeUndefined();
      let failures = 0;
      for (const frame of read.frames) {
        for (let o = 0; o <= frame.data.length + 1; o++) {
          for (const d of decoders) {
            const r = d(frame.data, o);
            if (!r.ok) {
              failures++;
              expect(typeof r.error.code).toBe('string');
              expect(r.error.offset).toBeGreaterThanOrEqual(0);
            }
          }
        }
      }
      expect(failures).toBeGreaterThan(0);
    });
  }

  it('vrrp-oobr-2.pcap: IPv4 headers with bad checksums and all three flag bits, trailers after the total length', () => {
    const read = readCapture(readFileSync(allFixtures().find((f) => f.name.endsWith('vrrp-oobr-2.pcap'))!.path), { lenientSnaplen: true });
    const ips = read.frames.map((f) => decodeLayers(f.data).ipv4);
    expect(ips.every((ip) => ip?.ok === true && !ip.value.header.checksumValid && ip.value.header.reservedFlag && ip.value.header.moreFragments)).toBe(true);
  });
});
