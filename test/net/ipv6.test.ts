import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/net/bytes.js';
import { decodeIpv6, encodeIpv6, ipv6Length } from '../../src/net/ipv6.js';
import { formatIpv6, ipv6Network, parseIpv6 } from '../../src/net/ip-address.js';
import { fuzz, hex } from './wire-helpers.js';

// Fixed header: DSCP 46 (EF), ECN 1, flow label 0x12345, payload 16, next header 17, hop limit 255,
// fe80::1 → ff02::66, then a UDP header and 8 bytes. Word 0 = 6 | 101110 | 01 | 0x12345 = 0x6b912345.
const FIXED = hex('6b912345 0010 11 ff fe800000000000000000000000000001 ff020000000000000000000000000066');
const UDP16 = hex('07ed07ed0010abcd 0102030405060708');
// Hop-by-hop (Router Alert, PadN), destination options (8 bytes of Pad1/PadN), routing type 0 with one
// address (24 bytes), fragment (offset 0, M set, id 0xdeadbeef), then UDP.
const HBH = hex('3c00 0502 0000 0100'); // next 60, len 0 → 8 bytes
const DST = hex('2b00 0104 00000000'); // next 43
const RTH = hex('2c02 0001 00000000 20010db8000000000000000000000002'); // next 44, len 2 → 24 bytes
const FRAG = hex('1100 0001 deadbeef'); // next 17, offset 0, M=1

function packet(nextHeader: number, exts: Uint8Array[], upper: Uint8Array): Uint8Array {
  const body = new Uint8Array([...exts.flatMap((e) => [...e]), ...upper]);
  const h = new Uint8Array(FIXED);
  h[4] = body.length >> 8;
  h[5] = body.length & 0xff;
  h[6] = nextHeader;
  return new Uint8Array([...h, ...body]);
}

describe('IPv6', () => {
  it('decodes the fixed header; bytes after the payload length are padding', () => {
    const r = decodeIpv6(new Uint8Array([...FIXED, ...UDP16, 0, 0, 0]));
    expect(r).toEqual({
      ok: true,
      value: {
        header: { version: 6, dscp: 46, ecn: 1, flowLabel: 0x12345, payloadLength: 16, nextHeader: 17, hopLimit: 255, source: 'fe80::1', destination: 'ff02::66', extensions: [] },
        upperProtocol: 17,
        payloadOffset: 40,
        payloadLength: 16,
      },
    });
  });

  it('walks hop-by-hop, destination options, routing and fragment headers, keeping each raw', () => {
    const p = packet(0, [HBH, DST, RTH, FRAG], UDP16);
    const r = decodeIpv6(p);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.header.extensions).toEqual([
      { type: 0, nextHeader: 60, length: 8, raw: toHex(HBH) },
      { type: 60, nextHeader: 43, length: 8, raw: toHex(DST) },
      { type: 43, nextHeader: 44, length: 24, raw: toHex(RTH) },
      { type: 44, nextHeader: 17, length: 8, raw: toHex(FRAG) },
    ]);
    expect([r.value.upperProtocol, r.value.payloadOffset, r.value.payloadLength]).toEqual([17, 40 + 48, 16]);
    expect(r.value.fragment).toEqual({ offset: 0, moreFragments: true, identification: 0xdeadbeef });
    expect(toHex(encodeIpv6(r.value.header, UDP16))).toBe(toHex(p));
    expect(ipv6Length(r.value.header)).toBe(88);
  });

  it('stops at a non-first fragment: what follows is fragment data, not a header', () => {
    const later = hex('0000 00a8 00000001'); // next 0 (would be hop-by-hop), offset 21, M=0
    const r = decodeIpv6(packet(44, [later], hex('00000000 00000000')));
    expect(r.ok && [r.value.upperProtocol, r.value.payloadOffset, r.value.payloadLength, r.value.fragment]).toEqual([0, 48, 8, { offset: 21, moreFragments: false, identification: 1 }]);
  });

  it('reports version, truncation and extension headers that overrun the packet', () => {
    const ok = packet(0, [HBH], UDP16);
    expect(decodeIpv6(ok.subarray(0, 39))).toMatchObject({ ok: false, error: { code: 'truncated', offset: 0 } });
    const v4 = new Uint8Array(ok);
    v4[0] = 0x4b;
    expect(decodeIpv6(v4)).toMatchObject({ ok: false, error: { code: 'bad-version', offset: 0 } });
    expect(decodeIpv6(ok.subarray(0, ok.length - 1))).toMatchObject({ ok: false, error: { code: 'truncated', offset: 4 } });
    const long = new Uint8Array([0xaa, ...ok]);
    long[1 + 41] = 9; // hop-by-hop claims 80 bytes
    expect(decodeIpv6(long, 1)).toMatchObject({ ok: false, error: { code: 'bad-length', offset: 41 } });
    const cut = packet(60, [hex('11')], new Uint8Array(0)); // one byte of a destination options header
    expect(decodeIpv6(cut)).toMatchObject({ ok: false, error: { code: 'bad-length', offset: 40 } });
  });

  it('computes the payload length when absent and writes a crafted one verbatim', () => {
    const header = { dscp: 46, ecn: 1, flowLabel: 0x12345, nextHeader: 17, hopLimit: 255, source: 'fe80::1', destination: 'ff02::66' };
    expect(toHex(encodeIpv6(header, UDP16))).toBe(toHex(new Uint8Array([...FIXED, ...UDP16])));
    expect(toHex(encodeIpv6({ ...header, payloadLength: 999, version: 7 }).subarray(0, 6))).toBe('7b91234503e7');
    expect(() => encodeIpv6({ ...header, flowLabel: 1 << 20 })).toThrow(RangeError);
    expect(() => encodeIpv6({ ...header, source: 'fe80::g' })).toThrow(RangeError);
    expect(() => encodeIpv6({ ...header, extensions: [{ type: 0, raw: 'xyz' }] })).toThrow(RangeError);
  });

  it('never throws: every truncation and 100,000 mutations, and every decoded header re-encodes', () => {
    const samples = [packet(0, [HBH, DST, RTH, FRAG], UDP16), new Uint8Array([...FIXED, ...UDP16])];
    const { runs } = fuzz(samples, 100_000, 3, (b) => {
      const r = decodeIpv6(b);
      if (r.ok) {
        const end = r.value.payloadOffset + r.value.payloadLength;
        if (toHex(encodeIpv6(r.value.header, b.subarray(r.value.payloadOffset, end))) !== toHex(b.subarray(0, end))) throw new Error('re-encode differs');
      }
    });
    expect(runs).toBeGreaterThan(100_000);
  });
});

describe('IPv6 addresses', () => {
  it('masks an address to its network, within a byte and on byte edges, without touching the input', () => {
    const a = parseIpv6('2001:db8:abcd:12ff::1') as Uint8Array;
    expect(formatIpv6(ipv6Network(a, 64))).toBe('2001:db8:abcd:12ff::');
    expect(formatIpv6(ipv6Network(a, 60))).toBe('2001:db8:abcd:12f0::');
    expect(formatIpv6(ipv6Network(a, 0))).toBe('::');
    expect(formatIpv6(ipv6Network(a, 128))).toBe('2001:db8:abcd:12ff::1');
    expect(formatIpv6(a)).toBe('2001:db8:abcd:12ff::1');
  });
});
