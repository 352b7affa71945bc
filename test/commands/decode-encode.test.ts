import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { bytesEqual } from '../../src/net/bytes.js';
import { readCapture } from '../../src/net/pcap.js';
import { decodeFhrpFrame } from '../../src/protocols/fhrp-frame.js';
import { formatCaptureTime, parseCaptureTime } from '../../src/commands/frame-record.js';
import { allFixtures } from '../support/fixtures.js';
import { HAVE_REFERENCE, referencePcap, shipPcap, tsharkFields } from '../support/tshark.js';

async function vipr(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  const code = await main(args, { stdout, stderr });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

const dir = mkdtempSync(join(tmpdir(), 'vipr-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vipr decode', () => {
  it('prints one line per HSRP frame with the fields people look for', async () => {
    const r = await vipr('decode', shipPcap('ndpi/hsrp2.pcap'));
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      '    1  09:51:21.192281  10.52.220.125 > 224.0.0.102  HSRPv2 Hello Standby grp 920 pri 90 hello 3000ms hold 10000ms vip 10.52.220.126 id 700f.6aef.f5bf auth text "cisco"',
    );
    const tagged = await vipr('decode', shipPcap('ndpi/hsrp0.pcap'));
    expect(tagged.stdout).toMatch(/10\.28\.168\.253 > 224\.0\.0\.2 vlan 10  HSRPv1 Hello Active grp 10 pri 90 hello 3s hold 10s vip 10\.28\.168\.254 auth text "cisco"/);
  });

  it('names the checksum style of every VRRP frame', async () => {
    const r = await vipr('decode', shipPcap('tcpdump/vrrp.pcap'));
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(tsharkFields(shipPcap('tcpdump/vrrp.pcap'), 'vrrp', ['frame.number']).length);
    expect(lines[0]).toMatch(/VRRPv2 Advert vrid 42 pri 191 adv 10s vip 10\.4\.42\.1,10\.4\.42\.2,10\.4\.42\.3 auth text "abcdefgh" checksum plain ok$/);
    expect(lines.filter((l) => l.includes('VRRPv3')).every((l) => l.endsWith('checksum pseudo-header ok'))).toBe(true);
  });

  it.skipIf(!HAVE_REFERENCE)('verifies MD5 with --key and says which frames fail (needs ../shared reference captures)', async () => {
    const split = referencePcap('john/hsrp-10-0.1-1408903444.pcap');
    const r = await vipr('decode', split, '--key', 'password12345');
    const md5Lines = r.stdout.split('\n').filter((l) => l.includes('auth md5'));
    expect(md5Lines.filter((l) => l.startsWith('    ') && l.includes('10.0.0.10 >')).every((l) => l.includes('(verified)'))).toBe(true);
    expect(md5Lines.filter((l) => l.includes('10.0.0.30 >')).every((l) => l.includes('(WRONG KEY)'))).toBe(true);
    const both = await vipr('decode', split, '--key', 'password12345', '--key', 'openwall12345', '--json');
    const verdicts = both.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { md5?: string }).md5);
    expect(verdicts.filter((v) => v !== undefined && v !== 'verified')).toEqual([]);
    const none = await vipr('decode', split);
    expect(none.stdout).toContain('(not verified: no --key)');
  });

  it('reports frames that are not plain FHRP as typed errors with their byte offset', async () => {
    const r = await vipr('decode', '--json', shipPcap('tcpdump/vrrp-oobr-2.pcap'));
    const records = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { frame: number; error?: { code: string; offset: number } });
    expect(records).toHaveLength(10);
    expect(records.every((x) => x.error?.code === 'fragmented' && x.error.offset > 0)).toBe(true);
    const fr = await vipr('decode', shipPcap('tcpdump/vrrp-oobr.pcap'));
    expect(fr.stdout).toMatch(/error unsupported-link-type at byte 0: link type 107 is not Ethernet/);
    expect(fr.stderr).toMatch(/more than the snapshot length/);
  });

  it('fails clearly on a missing file, a file that is not a capture, and bad options', async () => {
    const missing = await vipr('decode', join(dir, 'nope.pcap'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.pcap: ENOENT/);
    writeFileSync(join(dir, 'text.pcap'), 'hello world, not a capture');
    const junk = await vipr('decode', join(dir, 'text.pcap'));
    expect(junk.code).toBe(1);
    expect(junk.stderr).toMatch(/bad-magic at byte 0/);
    expect((await vipr('decode')).code).toBe(2);
    expect((await vipr('decode', '--bogus', 'x')).code).toBe(2);
  });
});

describe('vipr encode', () => {
  for (const f of allFixtures()) {
    it(`${f.name}: decode --json | encode gives back every HSRP/VRRP frame, bytes and time`, async () => {
      const jsonl = join(dir, 'frames.jsonl');
      const out = join(dir, 'out.pcap');
      const d = await vipr('decode', '--json', f.path);
      writeFileSync(jsonl, d.stdout);
      const e = await vipr('encode', jsonl, '-o', out);
      expect(e.code, e.stderr).toBe(0);
      const original = readCapture(new Uint8Array(readFileSync(f.path)), { lenientSnaplen: true }).frames;
      const again = readCapture(new Uint8Array(readFileSync(out))).frames;
      const wanted = original.filter((fr) => fr.linkType !== 1 || decodeFhrpFrame(fr.data) !== undefined);
      expect(again).toHaveLength(wanted.length);
      wanted.forEach((w, i) => {
        const a = again[i]!;
        expect(bytesEqual(a.data, w.data), `frame ${w.index}`).toBe(true);
        expect([a.seconds, a.nanos, a.linkType]).toEqual([w.seconds, w.nanos, w.linkType]);
      });
    });
  }

  it('crafts a frame from a minimal line, signing it with --key', async () => {
    const jsonl = join(dir, 'crafted.jsonl');
    const out = join(dir, 'crafted.pcap');
    writeFileSync(
      jsonl,
      `${JSON.stringify({
        time: '2026-11-25T12:00:00.000001Z',
        ip: { source: '10.0.0.2' },
        hsrp: {
          protocol: 'hsrp-v1', opcode: 'coup', state: 'active', helloTimeS: 3, holdTimeS: 10, priority: 200, group: 5, reserved: 0, authText: '', virtualIp: '10.0.0.1',
          md5: { algorithm: 'md5', padding: 0, flags: 0, senderIp: '10.0.0.2', keyId: 0, digest: '' },
        },
      })}\n`,
    );
    expect((await vipr('encode', jsonl, '-o', out, '--key', 'SeCrEt')).code).toBe(0);
    const r = await vipr('decode', out, '--key', 'SeCrEt');
    expect(r.stdout.trimEnd()).toBe('    1  12:00:00.000001  10.0.0.2 > 224.0.0.2  HSRPv1 Coup Active grp 5 pri 200 hello 3s hold 10s vip 10.0.0.1 auth md5 key-id 0 (verified)');
  });

  it('names the line and the field of bad input, and writes nothing', async () => {
    const jsonl = join(dir, 'bad.jsonl');
    writeFileSync(jsonl, '{"ip":{"source":"10.0.0.2"},"vrrp":{"version":2,"vrid":300,"priority":1,"authType":"none","adverIntSec":1,"addresses":[]}}\nnot json\n');
    const r = await vipr('encode', jsonl, '-o', join(dir, 'never.pcap'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.jsonl:1: .*vrid/i);
    expect(r.stderr).toMatch(/bad\.jsonl:2: /);
  });
});

describe('capture times', () => {
  it('keep microsecond and nanosecond precision exactly', () => {
    for (const [s, n] of [[1219222016, 123456000], [0, 1], [1700000000, 999999999], [-1036662031, 0]] as const) {
      expect(parseCaptureTime(formatCaptureTime(s, n))).toEqual({ seconds: s, nanos: n });
    }
    expect(formatCaptureTime(1219222016, 123456000)).toBe('2008-08-20T08:46:56.123456Z');
    expect(parseCaptureTime('yesterday')).toBeUndefined();
  });
});
