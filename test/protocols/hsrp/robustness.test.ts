import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/net/bytes.js';
import { decodeHsrp, encodeHsrp, type HsrpMessage } from '../../../src/protocols/hsrp/codec.js';
import { hsrpMd5TlvOffset, verifyHsrpPayload } from '../../../src/protocols/hsrp/md5-auth.js';
import { ALL_CAPTURES, HAVE_REFERENCE, hsrpFrames } from './hsrp-fixtures.js';

/** Distinct payloads of every capture at hand, plus shapes no capture has (v2 IPv6, v2 MD5, unknown TLVs). */
function samples(): Uint8Array[] {
  const seen = new Map<string, Uint8Array>();
  for (const c of ALL_CAPTURES) {
    if (c.reference && !HAVE_REFERENCE) continue;
    for (const f of hsrpFrames(c.path)) seen.set(toHex(f.payload), f.payload);
  }
  const v6 = '0128020006060001000573a0000100000064' + '00000bb800002710fe80000000000000020573fffea00001';
  const md5 = '041c01000000ac10281400000000' + '00112233445566778899aabbccddeeff';
  for (const hex of [v6, `${v6}${md5}`, `${v6}0903aabbcc0204000100020308636973636f000000ff`, '0007deadbeef', `000010030ac80100636973636f00ff00c0a80001${md5}01`]) {
    seen.set(hex, fromHex(hex)!);
  }
  return [...seen.values()];
}

const VERSIONS = [1, 2, undefined] as const;

/** Decoding never throws; errors point inside the input; whatever is accepted re-encodes to the same bytes. */
function check(p: Uint8Array): number {
  let accepted = 0;
  for (const v of VERSIONS) {
    const r = decodeHsrp(p, v);
    if (r.ok) {
      accepted++;
      const back = encodeHsrp(r.value);
      if (toHex(back) !== toHex(p)) throw new Error(`round trip differs for ${toHex(p)} (v${String(v)}): ${toHex(back)}`);
    } else if (r.error.offset < 0 || r.error.offset > p.length || r.error.code === '') {
      throw new Error(`bad error ${JSON.stringify(r.error)} for ${toHex(p)}`);
    }
  }
  for (const v of [1, 2] as const) {
    hsrpMd5TlvOffset(p, v);
    verifyHsrpPayload(p, v, 'cisco');
  }
  return accepted;
}

describe('no input makes a decoder throw (DESIGN D6)', () => {
  const all = samples();

  it(`truncation at every byte offset of ${all.length} distinct payloads`, () => {
    let n = 0;
    for (const p of all) {
      for (let k = 0; k <= p.length; k++) {
        check(p.subarray(0, k));
        n++;
      }
      // The complete payload decodes under its own version.
      const full = decodeHsrp(p);
      expect(full.ok, toHex(p)).toBe(true);
    }
    expect(n).toBeGreaterThan(all.length);
  });

  it('100,000 seeded random mutations of real payloads', () => {
    let seed = 0x9e3779b9;
    const rnd = (): number => {
      // xorshift32: fixed seed, so a failure reproduces
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 0x100000000;
    };
    const int = (n: number): number => Math.floor(rnd() * n);
    let accepted = 0;
    for (let i = 0; i < 100_000; i++) {
      let p: Uint8Array = all[int(all.length)]!.slice();
      const edits = 1 + int(4);
      for (let e = 0; e < edits; e++) {
        const kind = int(7);
        if (kind <= 2 && p.length > 0) p[int(p.length)] = int(256);
        else if (kind === 3 && p.length > 0) {
          const at = int(p.length);
          p[at] = (p[at] ?? 0) ^ (1 << int(8));
        }
        else if (kind === 4) p = p.subarray(0, int(p.length + 1));
        else if (kind === 5) {
          const extra = Uint8Array.from({ length: 1 + int(40) }, () => int(256));
          const at = int(p.length + 1);
          const q = new Uint8Array(p.length + extra.length);
          q.set(p.subarray(0, at));
          q.set(extra, at);
          q.set(p.subarray(at), at + extra.length);
          p = q;
        } else if (p.length > 1) {
          // Aim at the bytes that steer the parsers: version/opcode/TLV type and length.
          const at = [0, 1, 20, 21, 42, 43][int(6)]!;
          if (at < p.length) p[at] = [0, 1, 2, 3, 4, 8, 28, 40, 255][int(9)]!;
        }
      }
      accepted += check(p) > 0 ? 1 : 0;
    }
    // Most mutations leave something decodable, so the round-trip property was exercised.
    expect(accepted).toBeGreaterThan(10_000);
  });

  it('arbitrary byte strings (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
        check(bytes);
      }),
      { numRuns: 20_000, seed: 2281 },
    );
  });

  it('arbitrary TLV sequences (fast-check)', () => {
    const tlv = fc.tuple(fc.constantFrom(1, 2, 3, 4, 5, 0, 255), fc.uint8Array({ maxLength: 45 })).map(([t, v]) => [t, v.length, ...v]);
    fc.assert(
      fc.property(fc.array(tlv, { maxLength: 5 }), fc.boolean(), (tlvs, odd) => {
        const bytes = Uint8Array.from([...tlvs.flat(), ...(odd ? [7] : [])]);
        check(bytes);
      }),
      { numRuns: 20_000, seed: 3 },
    );
  });

  it('decoded messages survive JSON for every sample', () => {
    for (const p of all) {
      const r = decodeHsrp(p);
      if (!r.ok) continue;
      expect(toHex(encodeHsrp(JSON.parse(JSON.stringify(r.value)) as HsrpMessage))).toBe(toHex(p));
    }
  });
});
