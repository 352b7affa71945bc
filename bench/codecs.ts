/**
 * Benchmark: decode and encode throughput of every wire codec on one core, from real frames of the
 * shipped captures, and tshark's time on the same capture beside vipr's (whole-frame decode of a
 * 100,000-frame file). Goal (issue 2): at least 1,000,000 HSRPv1 hello decodes per second.
 * Prints figures; asserts nothing.
 *   npx tsx bench/codecs.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readCapture, writePcap } from '../src/net/pcap.js';
import { decodeFhrpFrame, encodeFhrpFrame, type FhrpFrame, type FhrpFrameInput } from '../src/protocols/fhrp-frame.js';
import { decodeHsrp, encodeHsrp, type HsrpMessage } from '../src/protocols/hsrp/codec.js';
import { decodeVrrp, encodeVrrp, type VrrpMessage } from '../src/protocols/vrrp/codec.js';

const root = join(import.meta.dirname, '..');
const capture = (rel: string) => readCapture(new Uint8Array(readFileSync(join(root, 'test/fixtures/pcap', rel))), { lenientSnaplen: true }).frames;

function firstFrame(rel: string, pick: (f: FhrpFrame) => boolean): { raw: Uint8Array; frame: FhrpFrame } {
  for (const c of capture(rel)) {
    const d = decodeFhrpFrame(c.data);
    if (d?.ok && pick(d.value)) return { raw: c.data, frame: d.value };
  }
  throw new Error(`no matching frame in ${rel}`);
}

/** Runs fn in batches for about `ms` milliseconds and returns operations per second. */
function rate(fn: () => unknown, ms = 1000): number {
  for (let i = 0; i < 20_000; i++) fn(); // warm-up: let the JIT settle
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 10_000; i++) fn();
    n += 10_000;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

const fmt = (x: number): string => `${(x / 1e6).toFixed(2)} M/s`.padStart(10);

// Payload-level samples: the bytes each codec sees, from real gear where a capture has them.
const hsrpV1 = firstFrame('tcpdump/HSRP_election.pcap', (f) => f.hsrp?.protocol === 'hsrp-v1' && 'group' in f.hsrp);
const hsrpV2 = firstFrame('ndpi/hsrp2.pcap', (f) => f.hsrp?.protocol === 'hsrp-v2');
const vrrpV2 = firstFrame('tcpdump/vrrp.pcap', (f) => f.vrrp?.version === 2 && f.vrrp.authType === 'none');
const vrrpV3v4 = firstFrame('tcpdump/vrrp.pcap', (f) => f.vrrp?.version === 3 && f.ip.version === 4);
const vrrpV3v6 = firstFrame('tcpdump/vrrp.pcap', (f) => f.vrrp?.version === 3 && f.ip.version === 6);
const md5Input: FhrpFrameInput = {
  ip: { source: '10.0.0.2' },
  hsrp: { ...(hsrpV1.frame.hsrp as HsrpMessage & object), authText: '', md5: { algorithm: 'md5', padding: 0, flags: 0, senderIp: '10.0.0.2', keyId: 0, digest: '' } } as HsrpMessage,
  ethernet: { source: '0050.56aa.0002' },
};
const hsrpMd5 = { raw: encodeFhrpFrame(md5Input, { md5Key: 'password12345' }) };

function udpPayload(raw: Uint8Array, f: FhrpFrame): Uint8Array {
  const udpEnd = raw.length - f.trailer.length / 2;
  return raw.subarray(udpEnd - ((f.udp?.length ?? 8) - 8), udpEnd);
}
function ipPayload(raw: Uint8Array, f: FhrpFrame): Uint8Array {
  const end = raw.length - f.trailer.length / 2;
  const len = f.ip.version === 4 ? (f.ip as { totalLength: number; ihl: number }).totalLength - (f.ip as { ihl: number }).ihl * 4 : (f.ip as { payloadLength: number }).payloadLength;
  return raw.subarray(end - len, end);
}

const rows: [string, number, number][] = [];
{
  const p = udpPayload(hsrpV1.raw, hsrpV1.frame);
  const m = decodeHsrp(p, 1);
  if (!m.ok) throw new Error('sample');
  rows.push(['HSRPv1 hello (20 B)', rate(() => decodeHsrp(p, 1)), rate(() => encodeHsrp(m.value))]);
}
{
  const d = decodeFhrpFrame(hsrpMd5.raw);
  if (!d?.ok) throw new Error('sample');
  const p = udpPayload(hsrpMd5.raw, d.value);
  const m = decodeHsrp(p, 1);
  if (!m.ok) throw new Error('sample');
  rows.push(['HSRPv1 MD5 (50 B, signing)', rate(() => decodeHsrp(p, 1)), rate(() => encodeHsrp(m.value, { md5Key: 'password12345' }))]);
}
{
  const p = udpPayload(hsrpV2.raw, hsrpV2.frame);
  const m = decodeHsrp(p, 2);
  if (!m.ok) throw new Error('sample');
  rows.push(['HSRPv2 group+text TLVs', rate(() => decodeHsrp(p, 2)), rate(() => encodeHsrp(m.value))]);
}
for (const [name, s] of [
  ['VRRPv2 (1 VIP)', vrrpV2],
  ['VRRPv3 IPv4 (2 VIPs)', vrrpV3v4],
  ['VRRPv3 IPv6 (2 VIPs)', vrrpV3v6],
] as const) {
  const p = ipPayload(s.raw, s.frame);
  const ctx = { family: s.frame.ip.version === 6 ? (6 as const) : (4 as const), src: s.frame.ip.source, dst: s.frame.ip.destination };
  const m = decodeVrrp(p, ctx);
  if (!m.ok) throw new Error('sample');
  const msg: VrrpMessage = m.value.message;
  rows.push([name, rate(() => decodeVrrp(p, ctx)), rate(() => encodeVrrp(msg, { ip: ctx, checksum: 'verbatim' }))]);
}
rows.push(['whole frame: Eth+IPv4+UDP+HSRPv1', rate(() => decodeFhrpFrame(hsrpV1.raw)), rate(() => encodeFhrpFrame(hsrpV1.frame as FhrpFrameInput))]);
rows.push(['whole frame: Eth+IPv6+VRRPv3', rate(() => decodeFhrpFrame(vrrpV3v6.raw)), rate(() => encodeFhrpFrame(vrrpV3v6.frame as FhrpFrameInput))]);

console.log(`vipr codecs, one core, Node ${process.version}`);
console.log(`${'codec'.padEnd(36)} ${'decode'.padStart(10)} ${'encode'.padStart(10)}`);
for (const [name, d, e] of rows) console.log(`${name.padEnd(36)} ${fmt(d)} ${fmt(e)}`);

// Side by side with tshark on one file: 100,000 real HSRP/VRRP frames, repeated from the captures.
const dir = mkdtempSync(join(tmpdir(), 'vipr-bench-'));
try {
  const pool = ['tcpdump/HSRP_election.pcap', 'tcpdump/vrrp.pcap', 'ndpi/hsrp2.pcap'].flatMap((rel) => capture(rel).filter((c) => decodeFhrpFrame(c.data)?.ok));
  const frames = Array.from({ length: 100_000 }, (_, i) => ({ seconds: 1_700_000_000 + Math.floor(i / 1000), nanos: (i % 1000) * 1_000_000, data: pool[i % pool.length]!.data }));
  const file = join(dir, 'mix.pcap');
  writeFileSync(file, writePcap(frames));
  let t = performance.now();
  const cap = readCapture(new Uint8Array(readFileSync(file)));
  let n = 0;
  for (const f of cap.frames) if (decodeFhrpFrame(f.data)?.ok) n++;
  const ours = (performance.now() - t) / 1000;
  t = performance.now();
  let theirs = NaN;
  try {
    execFileSync('tshark', ['-n', '-r', file, '-Y', 'hsrp || vrrp', '-T', 'fields', '-e', 'frame.number'], { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 });
    theirs = (performance.now() - t) / 1000;
  } catch {
    console.log('tshark not found: install it (scripts/setup-test-deps.sh) for the comparison');
  }
  console.log('');
  console.log(`100,000-frame capture (HSRPv1, HSRPv2, VRRPv2/v3 from the fixtures), read and every layer decoded:`);
  console.log(`  vipr   ${ours.toFixed(3)} s  (${n} frames, ${Math.round(n / ours).toLocaleString('en')} frames/s)`);
  if (!Number.isNaN(theirs)) console.log(`  tshark ${theirs.toFixed(3)} s  (-Y 'hsrp || vrrp' -T fields, ${Math.round(100_000 / theirs).toLocaleString('en')} frames/s)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
