import { prng } from '../../support/fixtures.js';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/net/bytes.js';
import { decodeCarp, encodeCarp } from '../../../src/protocols/vrrp/carp.js';
import { decodeVrrp, encodeVrrp } from '../../../src/protocols/vrrp/codec.js';
import type { VrrpIpContext } from '../../../src/protocols/vrrp/ip-context.js';
import { verifyVrrpMd5 } from '../../../src/protocols/vrrp/md5-auth.js';
import { HAVE_REFERENCE, referencePcap, shipPcap } from '../../support/tshark.js';
import { type CapturedPayload, ipPayloads } from './ip-payloads.js';

/** DESIGN D6: whatever the bytes, the decoder answers with a value or a typed error, never an exception. */

const CODES = new Set(['truncated', 'bad-version', 'bad-type', 'carp-not-vrrp']);
const V4: VrrpIpContext = { family: 4, src: '10.0.0.1', dst: '224.0.0.18' };
const V6: VrrpIpContext = { family: 6, src: 'fe80::1', dst: 'ff02::12' };

function ctxOf(p: CapturedPayload): VrrpIpContext {
  return { family: p.family, src: p.src, dst: p.dst };
}

/** Decodes under a context; when it decodes, the bytes must come back unchanged (the round-trip law). */
function decodeAndCheck(payload: Uint8Array, ip: VrrpIpContext): string {
  const r = decodeVrrp(payload, ip);
  if (!r.ok) {
    // Plain checks rather than expect(): this runs 100,000 times.
    const { code, offset, message } = r.error;
    if (!CODES.has(code) || offset < 0 || offset > payload.length || message.length === 0) throw new Error(`bad error ${JSON.stringify(r.error)}`);
    return code;
  }
  const m = r.value.message;
  const again = encodeVrrp(m, { checksum: 'verbatim', ip });
  if (toHex(again) !== toHex(payload)) throw new Error(`round trip changed ${toHex(payload)} into ${toHex(again)}`);
  if (m.version === 2) verifyVrrpMd5(m, 'k');
  return `ok-${r.value.checksum.status}`;
}

describe('malformed captures give typed errors', () => {
  it('tcpdump/vrrp-oobr.pcap (Frame Relay, short VRRPv2): truncated, or a bad checksum', () => {
    const payloads = ipPayloads(shipPcap('tcpdump/vrrp-oobr.pcap'));
    expect(payloads).toHaveLength(3);
    // Frame 1 stops inside the header (tshark: Malformed). Frames 2 and 3 stop right after their one
    // address, which parses as a VRRPv2 packet without auth data (tshark shows them without complaint),
    // but the checksum does not match.
    expect(payloads.map((p) => decodeAndCheck(p.payload, ctxOf(p)))).toEqual(['truncated', 'ok-bad', 'ok-bad']);
  });

  it('tcpdump/vrrp-oobr-2.pcap (first fragments, short payloads): errors, or a bad checksum', () => {
    const payloads = ipPayloads(shipPcap('tcpdump/vrrp-oobr-2.pcap'));
    expect(payloads).toHaveLength(10);
    const outcomes = payloads.map((p) => decodeAndCheck(p.payload, ctxOf(p)));
    expect(outcomes.filter((o) => o === 'truncated')).toHaveLength(7);
    expect(outcomes.filter((o) => o === 'bad-version')).toHaveLength(1);
    // Two fragments happen to hold a whole 8-byte VRRPv3 header with no address: the checksum gives them away.
    expect(outcomes.filter((o) => o === 'ok-bad')).toHaveLength(2);
    expect(outcomes).not.toContain('ok-good');
  });

  it.skipIf(!HAVE_REFERENCE)('packetlife/VRRP_Malformed_DoS.pcap (empty payload): truncated at 0', () => {
    const payloads = ipPayloads(referencePcap('packetlife/VRRP_Malformed_DoS.pcap'));
    expect(payloads).toHaveLength(1);
    const p = payloads[0];
    if (!p) return;
    expect(p.payload).toHaveLength(0);
    expect(decodeVrrp(p.payload, ctxOf(p))).toEqual({ ok: false, error: { code: 'truncated', offset: 0, message: 'empty VRRP payload' } });
  });
});

describe('BSD CARP is not VRRP', () => {
  it.skipIf(!HAVE_REFERENCE)('every frame of john/carp-sample.pcap is carp-not-vrrp, and decodes as CARP', () => {
    const payloads = ipPayloads(referencePcap('john/carp-sample.pcap'));
    expect(payloads).toHaveLength(45);
    for (const p of payloads) {
      const r = decodeVrrp(p.payload, ctxOf(p));
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('carp-not-vrrp');
      expect(r.error.message).toMatch(/CARP \(vhid 1, advskew 0, advbase 1\)/);
      const carp = decodeCarp(p.payload);
      expect(carp.ok && carp.value).toMatchObject({ version: 2, type: 1, vhid: 1, advskew: 0, authlen: 7, demote: 0, advbaseSec: 1 });
      if (!carp.ok) continue;
      expect(toHex(encodeCarp(carp.value, { checksum: 'verbatim' }))).toBe(toHex(p.payload));
      expect(toHex(encodeCarp(carp.value))).toBe(toHex(p.payload)); // the checksum is VRRPv2's plain one
    }
  });

  it('a crafted CARP advert is recognised; a 44-byte VRRPv2 with 7 addresses is still VRRP', () => {
    const carp = encodeCarp({ version: 2, type: 1, vhid: 9, advskew: 100, authlen: 7, demote: 0, advbaseSec: 1, checksum: 0, counter: '0011223344556677', hmac: 'ab'.repeat(20) });
    const r = decodeVrrp(carp, V4);
    expect(!r.ok && r.error.code).toBe('carp-not-vrrp');
    const vrrp = encodeVrrp({ version: 2, vrid: 9, priority: 100, authType: 'none', adverIntSec: 1, addresses: Array.from({ length: 7 }, (_, i) => `10.0.0.${i + 1}`) });
    expect(vrrp).toHaveLength(44);
    expect(decodeVrrp(vrrp, V4).ok).toBe(true);
  });

  it('decodeCarp rejects short or foreign input with typed errors', () => {
    expect(decodeCarp(new Uint8Array(10))).toMatchObject({ ok: false, error: { code: 'truncated' } });
    expect(decodeCarp(new Uint8Array(36))).toMatchObject({ ok: false, error: { code: 'bad-version' } });
    const typed = new Uint8Array(36);
    typed[0] = 0x22;
    expect(decodeCarp(typed)).toMatchObject({ ok: false, error: { code: 'bad-type' } });
  });
});

describe('typed errors for hand-made bad headers', () => {
  it.each([
    ['empty', '', V4, 'truncated', 0],
    ['version 1', '11016401000100000a000001', V4, 'bad-version', 0],
    ['version 4', '41016401000100000a000001', V4, 'bad-version', 0],
    ['v2 over IPv6', '2101640100013a8d0a0000010000000000000000', V6, 'bad-version', 0],
    ['v2 type 2', '2201640100013a8d0a0000010000000000000000', V4, 'bad-type', 0],
    ['v3 type 0', '30016401006400000a000001', V4, 'bad-type', 0],
    ['v2 header cut', '21016401', V4, 'truncated', 4],
    ['v2 auth data cut', '2101640100013a8d0a00000100000000', V4, 'truncated', 16],
    ['v3 IPv6 address cut', '3101640100640000fe80000000000000', V6, 'truncated', 16],
  ] as const)('%s → %s', (_name, hex, ip, code, offset) => {
    const r = decodeVrrp(fromHex(hex)!, ip);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code, offset });
  });
});

function seeds(): { payload: Uint8Array; ip: VrrpIpContext }[] {
  const files = [shipPcap('tcpdump/vrrp.pcap'), shipPcap('pcapplusplus/VRRP-V2.pcap'), shipPcap('pcapplusplus/VRRP-V3-IPv4.pcap'), shipPcap('pcapplusplus/VRRP-V3-IPv6.pcap')];
  if (HAVE_REFERENCE) files.push(referencePcap('john/vrrp-10-0.0-1412012695.pcap'), referencePcap('john/carp-sample.pcap'), referencePcap('john/vrrp-AH-1.pcap'));
  const seen = new Set<string>();
  const out: { payload: Uint8Array; ip: VrrpIpContext }[] = [];
  for (const f of files) {
    for (const p of ipPayloads(f)) {
      // One frame per distinct (length, first 6 bytes) is plenty of variety.
      const key = `${p.family}:${p.payload.length}:${toHex(p.payload.subarray(0, 6))}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ payload: p.payload.slice(), ip: ctxOf(p) });
    }
  }
  out.push({ payload: fromHex('21013201fe01198b0a00000a0000000000000000fe1c010000000a00000100000001f23a4b2e4b2b52c2a216ffab982c6d01')!, ip: V4 });
  return out;
}


describe('robustness', () => {
  const corpus = seeds();

  it(`truncation at every byte offset of ${corpus.length} real frames never throws`, () => {
    let cases = 0;
    for (const { payload, ip } of corpus) {
      for (let len = 0; len <= payload.length; len++) {
        for (const ctx of [ip, ip.family === 4 ? V6 : V4]) {
          decodeAndCheck(payload.subarray(0, len), ctx);
          cases++;
        }
      }
    }
    expect(cases).toBeGreaterThan(500);
  });

  it('100,000 seeded random mutations never throw, and whatever decodes re-encodes to the same bytes', () => {
    const seed = 0x5eed_0112;
    const rand = prng(seed);
    const int = (n: number): number => Math.floor(rand() * n);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 100_000; i++) {
      const base = corpus[int(corpus.length)];
      if (!base) continue;
      let b: Uint8Array = base.payload.slice();
      const kind = int(6);
      if (kind === 0) {
        for (let k = 0, n = 1 + int(4); k < n; k++) if (b.length > 0) b[int(b.length)] = int(256);
      } else if (kind === 1) {
        b = b.subarray(0, int(b.length + 1));
      } else if (kind === 2) {
        const extra = new Uint8Array(1 + int(40)).map(() => int(256));
        b = Uint8Array.from([...b, ...extra]);
      } else if (kind === 3) {
        // The fields that steer the parse: version/type, count, auth type, and the TLV type/length.
        const at = [0, 3, 4, 20, 21, 28, 29][int(7)] ?? 0;
        if (at < b.length) b[at] = int(256);
      } else if (kind === 4) {
        b = new Uint8Array(int(80)).map(() => int(256));
        if (b.length > 0) b[0] = [0x21, 0x31, 0x22, 0x30][int(4)] ?? 0x21;
      } else {
        if (b.length > 3) b[3] = int(256);
        b = b.subarray(0, int(b.length + 1));
      }
      const ctx = rand() < 0.8 ? base.ip : base.ip.family === 4 ? V6 : V4;
      let outcome: string;
      try {
        outcome = decodeAndCheck(b, ctx);
      } catch (e) {
        throw new Error(`seed ${seed} iteration ${i} input ${toHex(b)} (IPv${ctx.family}): ${String(e)}`);
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    // The mutations reach every outcome, not just one early exit.
    for (const o of ['ok-good', 'ok-bad', 'truncated', 'bad-version', 'bad-type']) expect(outcomes.get(o) ?? 0, o).toBeGreaterThan(100);
  });
});
