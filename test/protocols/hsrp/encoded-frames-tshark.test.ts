import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { finishChecksum, ipv4PseudoSum, ipv6PseudoSum, onesSum } from '../../../src/net/checksum.js';
import { concatBytes, writeU16 } from '../../../src/net/bytes.js';
import { parseIpv4, parseIpv6 } from '../../../src/net/ip-address.js';
import { parseMac } from '../../../src/net/mac.js';
import { encodeHsrp, type HsrpMessage } from '../../../src/protocols/hsrp/codec.js';
import { HSRP_UDP_PORT, HSRP_V1_GROUP_ADDRESS, HSRP_V2_GROUP_ADDRESS, HSRP_V2_IPV6_GROUP_ADDRESS, HSRP_V6_UDP_PORT } from '../../../src/protocols/hsrp/transport.js';
import { tshark } from '../../support/tshark.js';
import { hsrpFieldsByFrame } from './hsrp-fixtures.js';
import { filled, v1AsTshark, v2AsTshark, V1_FIELDS, V2_FIELDS } from './tshark-view.js';

/**
 * Test-only framing (the net layer's Ethernet/IP/UDP and pcap writer will replace it): just enough to
 * let tshark see vipr's payloads as they would go on the wire (spec §1.1, §3.1, §7).
 */
function udp(srcIp: Uint8Array, dstIp: Uint8Array, port: number, payload: Uint8Array): Uint8Array {
  const u = new Uint8Array(8 + payload.length);
  writeU16(u, 0, port);
  writeU16(u, 2, port);
  writeU16(u, 4, u.length);
  u.set(payload, 8);
  const pseudo = srcIp.length === 4 ? ipv4PseudoSum(srcIp, dstIp, 17, u.length) : ipv6PseudoSum(srcIp, dstIp, 17, u.length);
  writeU16(u, 6, finishChecksum(onesSum(u, 0, u.length, pseudo)) || 0xffff);
  return u;
}

function frame(srcMac: string, src: string, dst: string, port: number, payload: Uint8Array): Uint8Array {
  const v6 = dst.includes(':');
  const s = (v6 ? parseIpv6(src) : parseIpv4(src))!;
  const d = (v6 ? parseIpv6(dst) : parseIpv4(dst))!;
  const l4 = udp(s, d, port, payload);
  const eth = new Uint8Array(14);
  eth.set(v6 ? [0x33, 0x33, ...d.subarray(12)] : [0x01, 0x00, 0x5e, (d[1] ?? 0) & 0x7f, d[2] ?? 0, d[3] ?? 0], 0);
  eth.set(parseMac(srcMac)!, 6);
  writeU16(eth, 12, v6 ? 0x86dd : 0x0800);
  if (v6) {
    const ip = new Uint8Array(40);
    ip[0] = 0x60;
    writeU16(ip, 4, l4.length);
    ip[6] = 17;
    ip[7] = 255;
    ip.set(s, 8);
    ip.set(d, 24);
    return concatBytes([eth, ip, l4]);
  }
  const ip = new Uint8Array(20);
  ip[0] = 0x45;
  ip[1] = 0xc0;
  writeU16(ip, 2, 20 + l4.length);
  // HSRPv1 goes with TTL 1 (spec §1.1, HSRP_*.pcap); Cisco's HSRPv2 IPv4 hellos in ndpi/hsrp2.pcap
  // carry TTL 255, not the 1 of spec §3.1 (tshark notes TTL != 255 towards 224.0.0.102).
  ip[8] = dst === '224.0.0.2' ? 1 : 255;
  ip[9] = 17;
  ip.set(s, 12);
  ip.set(d, 16);
  writeU16(ip, 10, finishChecksum(onesSum(ip)));
  return concatBytes([eth, ip, l4]);
}

function pcap(frames: readonly Uint8Array[]): Uint8Array {
  const head = new Uint8Array(24);
  const dv = new DataView(head.buffer);
  dv.setUint32(0, 0xa1b2c3d4, true);
  dv.setUint16(4, 2, true);
  dv.setUint16(6, 4, true);
  dv.setUint32(16, 65535, true);
  dv.setUint32(20, 1, true);
  const records = frames.map((f, i) => {
    const r = new Uint8Array(16);
    const rv = new DataView(r.buffer);
    rv.setUint32(0, 1_700_000_000 + i, true);
    rv.setUint32(8, f.length, true);
    rv.setUint32(12, f.length, true);
    return concatBytes([r, f]);
  });
  return concatBytes([head, ...records]);
}

const md5 = (senderIp: string, keyId = 0) => ({ algorithm: 'md5' as const, padding: 0, flags: 0, senderIp, keyId, digest: '' });
const v1 = (opcode: 'hello' | 'coup' | 'resign', state: 'speak' | 'active', authText: string): HsrpMessage => ({
  protocol: 'hsrp-v1', opcode, state, helloTimeS: 3, holdTimeS: 10, priority: 110, group: 47, reserved: 0, authText, virtualIp: '10.0.0.1',
});
const gs = (ipVersion: 4 | 6, virtualIp: string, group: number) =>
  ({ type: 'group-state' as const, opcode: 'hello' as const, state: 'active' as const, ipVersion, group, identifier: 'aabb.cc00.0100', priority: 150, helloTimeMs: 250, holdTimeMs: 750, virtualIp });

interface Case {
  readonly what: string;
  readonly msg: HsrpMessage;
  readonly key?: string;
  readonly src: string;
  readonly dst: string;
  readonly port: number;
}

const CASES: readonly Case[] = [
  { what: 'v1 hello, text auth', msg: v1('hello', 'active', 'cisco'), src: '10.0.0.2', dst: HSRP_V1_GROUP_ADDRESS, port: HSRP_UDP_PORT },
  { what: 'v1 coup', msg: v1('coup', 'speak', 'S3cret'), src: '10.0.0.2', dst: HSRP_V1_GROUP_ADDRESS, port: HSRP_UDP_PORT },
  { what: 'v1 resign', msg: v1('resign', 'active', 'cisco'), src: '10.0.0.2', dst: HSRP_V1_GROUP_ADDRESS, port: HSRP_UDP_PORT },
  { what: 'v1 hello, MD5', msg: { ...v1('hello', 'speak', ''), md5: md5('10.0.0.2') } as HsrpMessage, key: 'k3y', src: '10.0.0.2', dst: HSRP_V1_GROUP_ADDRESS, port: HSRP_UDP_PORT },
  {
    what: 'v1 advertise',
    msg: { protocol: 'hsrp-v1', opcode: 'advertise', tlvType: 'interface-state', tlvLength: 14, state: 'passive', reserved1: 0, activeGroups: 0, passiveGroups: 1, reserved2: 0 },
    src: '10.0.0.2', dst: HSRP_V1_GROUP_ADDRESS, port: HSRP_UDP_PORT,
  },
  { what: 'v2 IPv4 hello, text auth', msg: { protocol: 'hsrp-v2', tlvs: [gs(4, '10.0.0.1', 4095), { type: 'text-auth', authText: 'cisco' }] }, src: '10.0.0.2', dst: HSRP_V2_GROUP_ADDRESS, port: HSRP_UDP_PORT },
  { what: 'v2 IPv4 hello, MD5', msg: { protocol: 'hsrp-v2', tlvs: [gs(4, '10.0.0.1', 50), { type: 'md5-auth', ...md5('10.0.0.2', 3) }] }, key: 'k3y', src: '10.0.0.2', dst: HSRP_V2_GROUP_ADDRESS, port: HSRP_UDP_PORT },
  { what: 'v2 IPv4 interface state', msg: { protocol: 'hsrp-v2', tlvs: [{ type: 'interface-state', activeGroups: 2, passiveGroups: 1 }] }, src: '10.0.0.2', dst: HSRP_V2_GROUP_ADDRESS, port: HSRP_UDP_PORT },
  { what: 'v2 IPv6 hello, text auth', msg: { protocol: 'hsrp-v2', tlvs: [gs(6, 'fe80::205:73ff:fea0:1', 1), { type: 'text-auth', authText: 'cisco' }] }, src: 'fe80::a8bb:ccff:fe00:100', dst: HSRP_V2_IPV6_GROUP_ADDRESS, port: HSRP_V6_UDP_PORT },
  { what: 'v2 IPv6 hello, MD5', msg: { protocol: 'hsrp-v2', tlvs: [gs(6, '2001:db8::1', 2), { type: 'md5-auth', ...md5('10.0.0.2') }] }, key: 'k3y', src: 'fe80::a8bb:ccff:fe00:100', dst: HSRP_V2_IPV6_GROUP_ADDRESS, port: HSRP_V6_UDP_PORT },
];

describe('frames vipr encodes dissect cleanly in tshark', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vipr-hsrp-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'encoded.pcap');
  const payloads = CASES.map((c) => encodeHsrp(c.msg, c.key === undefined ? {} : { md5Key: c.key }));
  writeFileSync(file, pcap(CASES.map((c, i) => frame('aabb.cc00.0100', c.src, c.dst, c.port, payloads[i]!))));
  const checks = ['-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'];

  it('no Malformed, no expert info, every frame is HSRP', () => {
    const verbose = tshark(['-r', file, ...checks, '-V']);
    expect(verbose).not.toMatch(/Malformed|Expert Info|Bad checksum|\[Unknown/);
    const protos = tshark(['-r', file, ...checks, '-T', 'fields', '-e', '_ws.col.Protocol', '-e', '_ws.malformed'])
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => l.trimEnd());
    expect(protos).toEqual(CASES.map((c) => (c.msg.protocol === 'hsrp-v1' ? 'HSRP' : 'HSRPv2')));
  });

  it('tshark reads back the fields vipr wrote', () => {
    const v1f = hsrpFieldsByFrame(file, V1_FIELDS);
    const v2f = hsrpFieldsByFrame(file, V2_FIELDS);
    CASES.forEach((c, i) => {
      const n = i + 1;
      const signed = c.key === undefined ? c.msg : (JSON.parse(JSON.stringify(c.msg)) as HsrpMessage);
      // The digest tshark shows is the one signing produced.
      if (c.key !== undefined) {
        const digest = Buffer.from(payloads[i]!.subarray(payloads[i]!.length - 16)).toString('hex');
        if (signed.protocol === 'hsrp-v1' && 'md5' in signed && signed.md5) signed.md5.digest = digest;
        if (signed.protocol === 'hsrp-v2') for (const t of signed.tlvs) if (t.type === 'md5-auth') t.digest = digest;
      }
      if (signed.protocol === 'hsrp-v1') expect(filled(v1AsTshark(signed)), c.what).toEqual(filled(v1f.get(n) ?? {}));
      else expect(filled(v2AsTshark(signed)), c.what).toEqual(filled(v2f.get(n) ?? {}));
    });
  });
});
