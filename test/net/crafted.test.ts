/**
 * Frames built with vipr's encoders, written with vipr's pcap writer, dissected by tshark: the
 * independent check for the layers the real captures do not exercise (Q-in-Q, IPv4 options, IPv6
 * extension headers, UDP over IPv6, Neighbor Advertisements, crafted bad checksums).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gratuitousArpFrame } from '../../src/net/arp.js';
import { encodeEthernet, ETHERTYPE_IPV4, ETHERTYPE_IPV6, TPID_8021AD, TPID_8021Q } from '../../src/net/ethernet.js';
import { unsolicitedNeighborAdvertisementFrame } from '../../src/net/icmpv6-nd.js';
import { encodeIpv4, IP_PROTOCOL_UDP } from '../../src/net/ipv4.js';
import { encodeIpv6 } from '../../src/net/ipv6.js';
import { writePcap } from '../../src/net/pcap.js';
import { encodeUdp } from '../../src/net/udp.js';
import { tsharkFields } from '../support/tshark.js';
import { decodeLayers, hex } from './wire-helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'vipr-crafted-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const hsrp = hex('00 00 10 03 0a 64 01 00 636973636f000000 0a000001');

function qinqIpv4(): Uint8Array {
  const ip = { dscp: 48, ttl: 1, protocol: IP_PROTOCOL_UDP, source: '10.0.0.2', destination: '224.0.0.2', options: '94040000', dontFragment: true, identification: 0x1234 };
  const udp = encodeUdp({ sourcePort: 1985, destinationPort: 1985 }, hsrp, ip);
  return encodeEthernet(
    { destination: '0100.5e00.0002', source: '0000.0c07.ac01', tags: [{ tpid: TPID_8021AD, pcp: 7, dei: false, vid: 10 }, { tpid: TPID_8021Q, pcp: 6, dei: true, vid: 20 }], etherType: ETHERTYPE_IPV4 },
    encodeIpv4(ip, udp),
  );
}

function ipv6WithExtensions(): Uint8Array {
  const ip = {
    dscp: 48,
    flowLabel: 0xabcde,
    nextHeader: 0,
    hopLimit: 255,
    source: 'fe80::205:73ff:fea0:1',
    destination: 'ff02::66',
    extensions: [
      { type: 0, raw: '3c00 0502 0000 0100' }, // hop-by-hop: Router Alert (MLD), next = destination options
      { type: 60, raw: '1100 0104 00000000' }, // destination options: PadN, next = UDP
    ],
  };
  const udp = encodeUdp({ sourcePort: 2029, destinationPort: 2029 }, hsrp, ip);
  return encodeEthernet({ destination: '3333.0000.0066', source: '0005.73a0.0001', etherType: ETHERTYPE_IPV6 }, encodeIpv6(ip, udp));
}

function badChecksums(): Uint8Array {
  const ip = { ttl: 255, protocol: IP_PROTOCOL_UDP, source: '192.0.2.1', destination: '192.0.2.2', checksum: 0x1111 };
  return encodeEthernet({ destination: '0200.0000.0002', source: '0200.0000.0001', etherType: ETHERTYPE_IPV4 }, encodeIpv4(ip, encodeUdp({ sourcePort: 7, destinationPort: 9, checksum: 0x2222 }, hsrp)), { padTo: 60 });
}

const FRAMES = [
  qinqIpv4(),
  ipv6WithExtensions(),
  unsolicitedNeighborAdvertisementFrame({ virtualMac: '0000.5e00.0201', target: '2001:db8::1', source: 'fe80::1' }),
  gratuitousArpFrame('0000.0c9f.f067', '10.52.220.1'),
  badChecksums(),
];

const FIELDS = [
  'ieee8021ad.id',
  'ieee8021ad.priority',
  'vlan.dei',
  'vlan.id',
  'vlan.priority',
  'ip.hdr_len',
  'ip.opt.type',
  'ip.checksum.status',
  'ip.dsfield.dscp',
  'ipv6.nxt',
  'ipv6.flow',
  'ipv6.hopopts.nxt',
  'ipv6.dstopts.nxt',
  'udp.srcport',
  'udp.checksum.status',
  'icmpv6.type',
  'icmpv6.checksum.status',
  'icmpv6.nd.na.flag.r',
  'icmpv6.nd.na.flag.s',
  'icmpv6.nd.na.flag.o',
  'icmpv6.nd.na.target_address',
  'icmpv6.opt.linkaddr',
  'arp.isgratuitous',
  'arp.opcode',
  'arp.src.proto_ipv4',
  '_ws.expert.severity',
] as const;

describe('crafted frames, dissected by tshark', () => {
  const path = join(tmp, 'crafted.pcap');
  writeFileSync(path, writePcap(FRAMES.map((data, i) => ({ seconds: 1_700_000_000 + i, data }))));
  const rows = tsharkFields(path, 'frame', FIELDS, ['-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE']);
  const get = (frame: number, field: (typeof FIELDS)[number]): string => rows[frame]?.[FIELDS.indexOf(field)] ?? '';

  it('tshark reads every frame', () => {
    expect(rows.length).toBe(FRAMES.length);
  });

  it('Q-in-Q, IPv4 Router Alert option, computed IPv4 and UDP checksums', () => {
    expect([get(0, 'ieee8021ad.id'), get(0, 'ieee8021ad.priority'), get(0, 'vlan.id'), get(0, 'vlan.priority'), get(0, 'vlan.dei'), get(0, 'ip.hdr_len'), get(0, 'ip.opt.type'), get(0, 'ip.checksum.status'), get(0, 'ip.dsfield.dscp'), get(0, 'udp.srcport'), get(0, 'udp.checksum.status')]).toEqual([
      '10',
      '7',
      '20',
      '6',
      '1',
      '24',
      '148',
      '1',
      '48',
      '1985',
      '1',
    ]);
  });

  it('IPv6 hop-by-hop and destination options in front of UDP with a good checksum', () => {
    expect([get(1, 'ipv6.nxt'), get(1, 'ipv6.hopopts.nxt'), get(1, 'ipv6.dstopts.nxt'), get(1, 'udp.srcport'), get(1, 'udp.checksum.status'), parseInt(get(1, 'ipv6.flow'), 16)]).toEqual(['0', '60', '17', '2029', '1', 0xabcde]);
  });

  it('unsolicited Neighbor Advertisement with the router flag', () => {
    expect([
      get(2, 'icmpv6.type'),
      get(2, 'icmpv6.checksum.status'),
      get(2, 'icmpv6.nd.na.flag.r'),
      get(2, 'icmpv6.nd.na.flag.s'),
      get(2, 'icmpv6.nd.na.flag.o'),
      get(2, 'icmpv6.nd.na.target_address'),
      get(2, 'icmpv6.opt.linkaddr'),
    ]).toEqual(['136', '1', '1', '0', '1', '2001:db8::1', '00:00:5e:00:02:01']);
  });

  it('gratuitous ARP reply', () => {
    expect([get(3, 'arp.isgratuitous'), get(3, 'arp.opcode'), get(3, 'arp.src.proto_ipv4')]).toEqual(['1', '2', '10.52.220.1']);
  });

  it('crafted bad checksums are written verbatim and seen as bad by both tshark and vipr', () => {
    expect([get(4, 'ip.checksum.status'), get(4, 'udp.checksum.status')]).toEqual(['0', '0']);
    const layers = decodeLayers(FRAMES[4]!);
    expect(layers.ipv4?.ok && layers.ipv4.value.header.checksumValid).toBe(false);
    expect(layers.udp?.ok && layers.udp.value.header.checksumStatus).toBe('bad');
  });

  it('tshark finds nothing to complain about in the well-formed frames', () => {
    // _ws.expert.severity lists expert infos; errors (8388608) or warnings (6291456) would show here.
    for (const i of [0, 1, 2, 3]) expect(get(i, '_ws.expert.severity').split(',').filter((s) => s === '8388608' || s === '6291456'), `frame ${i + 1}`).toEqual([]);
  });
});
