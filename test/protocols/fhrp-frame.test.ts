import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bytesEqual } from '../../src/net/bytes.js';
import { readCapture, writePcap } from '../../src/net/pcap.js';
import { decodeFhrpFrame, encodeFhrpFrame, type FhrpFrame, type FhrpFrameInput } from '../../src/protocols/fhrp-frame.js';
import { verifyHsrpMd5 } from '../../src/protocols/hsrp/md5-auth.js';
import { verifyVrrpMd5 } from '../../src/protocols/vrrp/md5-auth.js';
import { allFixtures, prng } from '../support/fixtures.js';
import { HAVE_REFERENCE, tshark, tsharkFields } from '../support/tshark.js';

const fixtures = allFixtures();

/** Frames tshark calls HSRP or VRRP that vipr reports differently, by design (see the fixtures README). */
const EXPECTED_DIFFERENCE: Record<string, string> = {
  'ship/tcpdump/vrrp-oobr-2.pcap': 'fragments of protocol 112: tshark only reassembles, vipr reports each as error "fragmented"',
  'reference/packetlife/VRRP_Malformed_DoS.pcap': 'an empty VRRP payload: tshark marks it malformed without a VRRP layer, vipr reports "truncated"',
};

function framesOf(path: string) {
  return readCapture(new Uint8Array(readFileSync(path)), { lenientSnaplen: true }).frames;
}

describe('every HSRP/VRRP frame of every capture', () => {
  for (const f of fixtures) {
    it(`${f.name}: same frames as tshark, decode → JSON → encode byte for byte`, () => {
      const frames = framesOf(f.path);
      const ours: number[] = [];
      let decoded = 0;
      for (const fr of frames) {
        if (fr.linkType !== 1) {
          ours.push(fr.index); // reported as unsupported-link-type by vipr decode
          continue;
        }
        const d = decodeFhrpFrame(fr.data);
        if (d === undefined) continue;
        ours.push(fr.index);
        if (!d.ok) {
          expect(d.error.offset).toBeGreaterThanOrEqual(0);
          expect(d.error.offset).toBeLessThanOrEqual(fr.data.length);
          continue;
        }
        decoded++;
        const again = encodeFhrpFrame(JSON.parse(JSON.stringify(d.value)) as FhrpFrameInput);
        expect(bytesEqual(again, fr.data), `frame ${fr.index}`).toBe(true);
      }
      const theirs = tsharkFields(f.path, 'hsrp || vrrp', ['frame.number']).map((r) => Number(r[0]));
      if (EXPECTED_DIFFERENCE[f.name] === undefined) expect(ours).toEqual(theirs);
      else expect(ours).not.toEqual(theirs);
      if (!f.malformed && !/carp|AH|DoS|GLBP|gratuitous/.test(f.name)) expect(decoded).toBe(theirs.length);
    });
  }

  it('frames of the Cisco captures carry what IOS sends: DSCP CS6, TTL 1 for HSRPv1, 255 for HSRPv2 and VRRP', () => {
    const seen = new Map<string, string>();
    for (const f of fixtures.filter((x) => /HSRP_|ndpi|packetlife\/VRRP_(failover|preempt)/.test(x.name))) {
      for (const fr of framesOf(f.path)) {
        const d = decodeFhrpFrame(fr.data);
        if (d?.ok && d.value.ip.version === 4 && 'ttl' in d.value.ip) seen.set(d.value.protocol, `${d.value.ip.dscp}/${d.value.ip.ttl}`);
      }
    }
    // The Cisco VRRP captures are reference ones, read only where ../shared is present.
    const expected = { 'hsrp-v1': '48/1', 'hsrp-v2': '48/255', ...(HAVE_REFERENCE ? { 'vrrp-v2': '48/255' } : {}) };
    expect(Object.fromEntries(seen)).toEqual(expected);
  });
});

describe('crafted frames', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vipr-frames-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const hsrpV1Active: FhrpFrameInput = {
    ip: { source: '10.0.0.2' },
    hsrp: { protocol: 'hsrp-v1', opcode: 'hello', state: 'active', helloTimeS: 3, holdTimeS: 10, priority: 110, group: 1, reserved: 0, authText: 'cisco', virtualIp: '10.0.0.1' },
  };
  const hsrpV1Md5: FhrpFrameInput = {
    ethernet: { source: '0050.56aa.0002' },
    ip: { source: '10.0.0.3' },
    hsrp: {
      protocol: 'hsrp-v1', opcode: 'hello', state: 'standby', helloTimeS: 3, holdTimeS: 10, priority: 100, group: 1, reserved: 0, authText: '', virtualIp: '10.0.0.1',
      md5: { algorithm: 'md5', padding: 0, flags: 0, senderIp: '10.0.0.3', keyId: 0, digest: '' },
    },
  };
  const groupState = (ipVersion: 4 | 6, vip: string) => ({
    type: 'group-state' as const, opcode: 'hello' as const, state: 'active' as const, ipVersion, group: 920, identifier: '0050.56aa.0002', priority: 110, helloTimeMs: 3000, holdTimeMs: 10000, virtualIp: vip,
  });
  const hsrpV2: FhrpFrameInput = { ip: { source: '10.0.0.2' }, hsrp: { protocol: 'hsrp-v2', tlvs: [groupState(4, '10.0.0.1'), { type: 'text-auth', authText: 'cisco' }] } };
  const hsrpV2Md5: FhrpFrameInput = {
    ip: { source: '10.0.0.2' },
    hsrp: { protocol: 'hsrp-v2', tlvs: [groupState(4, '10.0.0.1'), { type: 'md5-auth', algorithm: 'md5', padding: 0, flags: 0, senderIp: '10.0.0.2', keyId: 0, digest: '' }] },
  };
  const hsrpV2v6: FhrpFrameInput = { ip: { source: 'fe80::250:56ff:feaa:2' }, hsrp: { protocol: 'hsrp-v2', tlvs: [groupState(6, 'fe80::5:73ff:fea0:398'), { type: 'text-auth', authText: 'cisco' }] } };
  const vrrpV2 = (authType: 'none' | 'text' | 'cisco-md5'): FhrpFrameInput => ({
    ip: { source: '10.0.0.2' },
    vrrp: {
      version: 2, vrid: 7, priority: 110, authType, adverIntSec: 1, addresses: ['10.0.0.1'],
      ...(authType === 'text' ? { authText: 'secret' } : {}),
    },
  });
  const vrrpV3 = (family: 4 | 6, style?: 'plain' | 'pseudo-header'): FhrpFrameInput => ({
    ip: { source: family === 4 ? '10.0.0.2' : 'fe80::250:56ff:feaa:2' },
    vrrp: { version: 3, family, vrid: 7, priority: 110, maxAdverIntCs: 100, addresses: family === 4 ? ['10.0.0.1', '10.0.0.5'] : ['fe80::1', '2001:db8::1'] },
    ...(style === undefined ? {} : { vrrpChecksumStyle: style }),
  });
  const cases: [string, FhrpFrameInput, string?][] = [
    ['HSRPv1 Active hello', hsrpV1Active],
    ['HSRPv1 MD5 Standby hello', hsrpV1Md5, 'k3y'],
    ['HSRPv2 IPv4 text', hsrpV2],
    ['HSRPv2 IPv4 MD5', hsrpV2Md5, 'k3y'],
    ['HSRPv2 IPv6', hsrpV2v6],
    ['VRRPv2 no auth', vrrpV2('none')],
    ['VRRPv2 text', vrrpV2('text')],
    ['VRRPv2 Cisco MD5', vrrpV2('cisco-md5'), 'k3y'],
    ['VRRPv3 IPv4 Cisco checksum', vrrpV3(4)],
    ['VRRPv3 IPv4 pseudo-header checksum', vrrpV3(4, 'pseudo-header')],
    ['VRRPv3 IPv6', vrrpV3(6)],
  ];

  const encoded = cases.map(([name, input, key]) => ({ name, input, key, data: encodeFhrpFrame(input, key === undefined ? {} : { md5Key: key }) }));

  it('decode back to what was asked, with the protocol defaults filled in', () => {
    for (const { name, input, key, data } of encoded) {
      const d = decodeFhrpFrame(data);
      expect(d?.ok, name).toBe(true);
      const frame = (d as { value: FhrpFrame }).value;
      expect(data.length).toBeGreaterThanOrEqual(60);
      expect(frame.ip.source).toBe(input.ip?.source);
      if (frame.vrrp) {
        expect(frame.vrrpChecksum?.status, name).toBe('good');
        expect(frame.vrrpChecksum?.style, name).toBe(input.vrrpChecksumStyle ?? (frame.vrrp.version === 3 && frame.ip.version === 6 ? 'pseudo-header' : 'plain'));
        expect(frame.ip.version === 4 ? (frame.ip as { ttl: number }).ttl : (frame.ip as { hopLimit: number }).hopLimit).toBe(255);
      } else {
        expect(frame.udp?.checksumStatus, name).toBe('good');
      }
      if (key !== undefined) {
        const verdict = frame.hsrp ? verifyHsrpMd5(frame.hsrp, key) : verifyVrrpMd5(frame.vrrp as never, key);
        expect(verdict, name).toBe('verified');
        expect(frame.hsrp ? verifyHsrpMd5(frame.hsrp, 'other') : verifyVrrpMd5(frame.vrrp as never, 'other')).toBe('wrong-key');
      }
    }
  });

  it('tshark dissects every one with no malformed or expert error item', () => {
    const file = join(dir, 'crafted.pcap');
    writeFileSync(file, writePcap(encoded.map((e, i) => ({ seconds: 1_700_000_000 + i, data: e.data }))));
    for (const prefs of [['-o', 'vrrp.v3_checksum_as_in_v2:TRUE'], ['-o', 'vrrp.v3_checksum_as_in_v2:FALSE']]) {
      const text = tshark(['-r', file, '-V', '-o', 'udp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE', ...prefs]);
      expect(text).not.toMatch(/Malformed/);
      expect(text).toMatch(/Cisco Hot Standby Router Protocol/);
    }
    const errors = tsharkFields(file, '_ws.expert.severity >= 0x00800000 || _ws.malformed', ['frame.number'], ['-o', 'vrrp.v3_checksum_as_in_v2:TRUE', '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE']);
    // The only error tshark may raise with Cisco-style checksums on is for the one frame deliberately in the other style.
    const pseudo = encoded.findIndex((e) => e.name.includes('pseudo-header')) + 1;
    expect(errors.map((r) => Number(r[0])).filter((n) => n !== pseudo)).toEqual([]);
    const rows = tsharkFields(file, 'hsrp || vrrp', ['frame.number', 'ip.ttl', 'ipv6.hlim', 'eth.src', 'eth.dst', 'hsrp.group', 'hsrp2.group', 'vrrp.virt_rtr_id', 'vrrp.prio', 'hsrp.priority', 'hsrp2.priority']);
    expect(rows).toHaveLength(encoded.length);
    expect(rows[0]).toEqual(['1', '1', '', '00:00:0c:07:ac:01', '01:00:5e:00:00:02', '1', '', '', '', '110', '']);
    expect(rows[2]?.slice(1, 5)).toEqual(['255', '', '00:00:0c:9f:f3:98', '01:00:5e:00:00:66']);
    expect(rows[4]?.slice(1, 5)).toEqual(['', '255', '00:05:73:a0:03:98', '33:33:00:00:00:66']);
    expect(rows[10]?.slice(1, 5)).toEqual(['', '255', '00:00:5e:00:02:07', '33:33:00:00:00:12']);
  });

  it('refuses inputs that cannot be sent, naming the field', () => {
    expect(() => encodeFhrpFrame({ hsrp: hsrpV1Active.hsrp! })).toThrow(/ip.source/);
    expect(() => encodeFhrpFrame({ ...hsrpV1Md5, ethernet: {} }, { md5Key: 'k3y' })).toThrow(/ethernet.source/);
    expect(() => encodeFhrpFrame({ ...hsrpV1Active, vrrp: vrrpV2('none').vrrp! })).toThrow(/exactly one/);
    expect(() => encodeFhrpFrame({ ...vrrpV2('none'), ip: { source: 'fe80::1' } })).toThrow(/IPv6/);
    expect(() => encodeFhrpFrame({ ...hsrpV1Active, ip: { source: '10.0.0.2', destination: '10.0.0.9' } })).toThrow(/ethernet.destination/);
  });

  it('reports bad input layer by layer, UDP before IP before Ethernet, though the frame is laid out in one buffer', () => {
    const bad = { ...hsrpV1Active, ip: { source: '10.0.0.2', options: 'zz' }, trailer: 'xyz' };
    expect(() => encodeFhrpFrame({ ...bad, udp: { sourcePort: 70000 } })).toThrow(/sourcePort/);
    expect(() => encodeFhrpFrame(bad)).toThrow(/options/);
    expect(() => encodeFhrpFrame({ ...bad, ip: { source: '10.0.0.2', destination: '10.0.0.9' } })).toThrow(/ethernet.destination/);
    expect(() => encodeFhrpFrame({ ...bad, ip: { source: '10.0.0.2' } })).toThrow(/trailer/);
    expect(() => encodeFhrpFrame({ ...bad, ip: { source: '10.0.0.2' }, trailer: '', ethernet: { source: 'nope' } })).toThrow(/source: 'nope'/);
  });
});

describe('robustness of the frame layer', () => {
  const samples: Uint8Array[] = [];
  for (const f of fixtures) {
    for (const fr of framesOf(f.path)) {
      if (fr.linkType === 1 && decodeFhrpFrame(fr.data) !== undefined) samples.push(fr.data);
    }
  }

  it('truncation at every byte offset never throws', () => {
    let count = 0;
    for (const s of samples.slice(0, 400)) {
      for (let n = 0; n <= s.length; n++) {
        decodeFhrpFrame(s.subarray(0, n));
        count++;
      }
    }
    expect(count).toBeGreaterThan(10_000);
  });

  it('100,000 random mutations never throw, and what decodes re-encodes to the same bytes', () => {
    const rnd = prng(0xf4f9);
    let decoded = 0;
    for (let i = 0; i < 100_000; i++) {
      const base = samples[Math.floor(rnd() * samples.length)]!;
      const m = base.slice();
      const flips = 1 + Math.floor(rnd() * 4);
      for (let k = 0; k < flips; k++) m[Math.floor(rnd() * m.length)] = Math.floor(rnd() * 256);
      const d = decodeFhrpFrame(m);
      if (d?.ok) {
        decoded++;
        expect(bytesEqual(encodeFhrpFrame(d.value as FhrpFrameInput), m)).toBe(true);
      }
    }
    expect(decoded).toBeGreaterThan(10_000);
  });
});

