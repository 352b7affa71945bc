import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/net/bytes.js';
import { decodeUdp, encodeUdp, pseudoFamily, udpLength } from '../../src/net/udp.js';
import { fuzz, hex } from './wire-helpers.js';

// Checksums computed independently in Python: 'vipr!' from 10.0.0.1 to 224.0.0.2 port 1985 → 0xfe72,
// and from fe80::1 to ff02::66 port 2029 → 0xea33.
const V4 = { source: '10.0.0.1', destination: '224.0.0.2' };
const V6 = { source: 'fe80::1', destination: 'ff02::66' };
const PAYLOAD = new TextEncoder().encode('vipr!');
const UDP4 = hex('07c1 07c1 000d fe72 76 69 70 72 21');
const UDP6 = hex('07ed 07ed 000d ea33 76 69 70 72 21');

describe('UDP', () => {
  it('decodes and verifies the IPv4 checksum', () => {
    expect(decodeUdp(UDP4, 0, { pseudo: V4 })).toEqual({
      ok: true,
      value: { header: { sourcePort: 1985, destinationPort: 1985, length: 13, checksum: 0xfe72, checksumStatus: 'good', checksumValid: true }, payloadOffset: 8, payloadLength: 5 },
    });
    const bad = new Uint8Array(UDP4);
    bad[8] = (bad[8] ?? 0) ^ 1;
    expect(decodeUdp(bad, 0, { pseudo: V4 }).ok && decodeUdp(bad, 0, { pseudo: V4 })).toMatchObject({ value: { header: { checksumStatus: 'bad', checksumValid: false } } });
    expect(decodeUdp(UDP4, 0, { pseudo: { source: '10.0.0.2', destination: '224.0.0.2' } })).toMatchObject({ value: { header: { checksumStatus: 'bad' } } });
    expect(decodeUdp(UDP4)).toMatchObject({ value: { header: { checksumStatus: 'unverified', checksumValid: false } } });
  });

  it('treats a zero checksum as none over IPv4 and as wrong over IPv6', () => {
    const z4 = new Uint8Array(UDP4);
    z4[6] = 0;
    z4[7] = 0;
    expect(decodeUdp(z4, 0, { pseudo: V4 })).toMatchObject({ value: { header: { checksum: 0, checksumStatus: 'none', checksumValid: true } } });
    const z6 = new Uint8Array(UDP6);
    z6[6] = 0;
    z6[7] = 0;
    expect(decodeUdp(z6, 0, { pseudo: V6 })).toMatchObject({ value: { header: { checksumStatus: 'bad', checksumValid: false } } });
  });

  it('decodes and verifies the IPv6 checksum', () => {
    expect(decodeUdp(UDP6, 0, { pseudo: V6 })).toMatchObject({ ok: true, value: { header: { sourcePort: 2029, checksum: 0xea33, checksumStatus: 'good' } } });
  });

  it('encodes with computed length and checksum, and verbatim fields for crafted datagrams', () => {
    expect(udpLength()).toBe(8);
    expect(toHex(encodeUdp({ sourcePort: 1985, destinationPort: 1985 }, PAYLOAD, V4))).toBe(toHex(UDP4));
    expect(toHex(encodeUdp({ sourcePort: 2029, destinationPort: 2029 }, PAYLOAD, V6))).toBe(toHex(UDP6));
    expect(toHex(encodeUdp({ sourcePort: 1, destinationPort: 2, length: 99, checksum: 0 }, PAYLOAD))).toBe('00010002006300007669707221');
    expect(() => encodeUdp({ sourcePort: 1, destinationPort: 2 }, PAYLOAD)).toThrow(RangeError);
    expect(() => encodeUdp({ sourcePort: 1, destinationPort: 2 }, PAYLOAD, { source: '10.0.0.1', destination: 'ff02::1' })).toThrow(RangeError);
    expect(() => encodeUdp({ sourcePort: 65536, destinationPort: 2, checksum: 0 })).toThrow(RangeError);
  });

  it('sends a computed zero checksum as 0xffff (RFC 768)', () => {
    // Choose a payload word that makes the sum come out at 0xffff before complementing.
    const header = { sourcePort: 0, destinationPort: 0 };
    const probe = encodeUdp(header, new Uint8Array(2), V4);
    const c = (probe[6]! << 8) | probe[7]!;
    const payload = Uint8Array.of(c >> 8, c & 0xff);
    const b = encodeUdp(header, payload, V4);
    expect(toHex(b.subarray(6, 8))).toBe('ffff');
    expect(decodeUdp(b, 0, { pseudo: V4 })).toMatchObject({ value: { header: { checksumStatus: 'good' } } });
  });

  it('bounds the datagram by the IP payload and reports bad lengths', () => {
    const buf = new Uint8Array([0xff, ...UDP4, 0, 0]);
    expect(decodeUdp(buf, 1, { pseudo: V4, end: 14 })).toMatchObject({ ok: true, value: { payloadOffset: 9, payloadLength: 5, header: { checksumStatus: 'good' } } });
    expect(decodeUdp(buf, 1, { end: 13 })).toMatchObject({ ok: false, error: { code: 'bad-length', offset: 5 } });
    expect(decodeUdp(buf, 1, { end: 8 })).toMatchObject({ ok: false, error: { code: 'truncated', offset: 1 } });
    const short = new Uint8Array(UDP4);
    short[5] = 7;
    expect(decodeUdp(short)).toMatchObject({ ok: false, error: { code: 'bad-length', offset: 4 } });
  });

  it('tells the pseudo-header family from the address text', () => {
    expect([pseudoFamily(V4), pseudoFamily(V6), pseudoFamily({ source: '1.2.3.4', destination: '::1' }), pseudoFamily({ source: 'x', destination: 'y' })]).toEqual(['ipv4', 'ipv6', undefined, undefined]);
  });

  it('never throws: every truncation and 100,000 mutations', () => {
    let i = 0;
    const { runs } = fuzz([UDP4, UDP6], 100_000, 4, (b) => {
      const r = decodeUdp(b, 0, { pseudo: i++ % 2 === 0 ? V4 : V6 });
      if (r.ok) encodeUdp(r.value.header, b.subarray(8, r.value.header.length));
    });
    expect(runs).toBeGreaterThan(100_000);
  });
});
