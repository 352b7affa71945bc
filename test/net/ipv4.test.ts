import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/net/bytes.js';
import { decodeIpv4, encodeIpv4, type Ipv4Header, ipv4Length } from '../../src/net/ipv4.js';
import { fuzz, hex } from './wire-helpers.js';

// The textbook header (RFC 1071-style worked example): checksum 0xb861.
const CLASSIC = hex('4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7');
// IHL 6 with a Router Alert option (RFC 2113), DSCP CS6, checksum computed by hand (Python): 0x8e33.
const WITH_OPTION = hex('46c0 0020 abcd 0000 0102 8e33 0a000001 e0000016 94040000 1600fa04 e0000016');

describe('IPv4', () => {
  it('decodes the classic example with a good checksum', () => {
    const buf = new Uint8Array(CLASSIC.length + 0x73 - 20);
    buf.set(CLASSIC);
    const r = decodeIpv4(buf);
    expect(r).toEqual({
      ok: true,
      value: {
        header: {
          version: 4,
          ihl: 5,
          dscp: 0,
          ecn: 0,
          totalLength: 0x73,
          identification: 0,
          reservedFlag: false,
          dontFragment: true,
          moreFragments: false,
          fragmentOffset: 0,
          ttl: 64,
          protocol: 17,
          checksum: 0xb861,
          checksumValid: true,
          source: '192.168.0.1',
          destination: '192.168.0.199',
          options: '',
        },
        payloadOffset: 20,
        payloadLength: 0x73 - 20,
      },
    });
  });

  it('decodes options, DSCP/ECN, and stops at the total length (the rest is Ethernet padding)', () => {
    const padded = new Uint8Array([...WITH_OPTION, 0, 0, 0, 0, 0, 0]);
    const r = decodeIpv4(padded);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.header).toMatchObject({ ihl: 6, dscp: 48, ecn: 0, totalLength: 32, identification: 0xabcd, ttl: 1, protocol: 2, checksum: 0x8e33, checksumValid: true, options: '94040000' });
    expect([r.value.payloadOffset, r.value.payloadLength]).toEqual([24, 8]);
  });

  it('decodes flags and the fragment offset', () => {
    const b = new Uint8Array(CLASSIC);
    b[6] = 0xa0 | 0x01; // reserved + MF, offset high bits 1
    b[7] = 0x02; // offset = 0x102
    b[1] = 0x2e; // DSCP 11 (AF11... 0x2e >> 2), ECN 2
    const r = decodeIpv4(new Uint8Array([...b, ...new Uint8Array(0x73 - 20)]));
    expect(r.ok && r.value.header).toMatchObject({ reservedFlag: true, dontFragment: false, moreFragments: true, fragmentOffset: 0x102, dscp: 11, ecn: 2, checksumValid: false });
  });

  it('reports bad version, IHL, lengths and truncation with offsets from the buffer start', () => {
    const full = new Uint8Array([0xee, ...CLASSIC, ...new Uint8Array(0x73 - 20)]);
    expect(decodeIpv4(full, 1).ok).toBe(true);
    const bad = (mutate: (b: Uint8Array) => void, len = full.length): unknown => {
      const b = new Uint8Array(full.subarray(0, len));
      mutate(b);
      return decodeIpv4(b, 1);
    };
    expect(bad(() => undefined, 20)).toMatchObject({ ok: false, error: { code: 'truncated', offset: 1 } });
    expect(bad((b) => (b[1] = 0x65))).toMatchObject({ ok: false, error: { code: 'bad-version', offset: 1 } });
    expect(bad((b) => (b[1] = 0x44))).toMatchObject({ ok: false, error: { code: 'bad-ihl', offset: 1 } });
    expect(bad((b) => (b[1] = 0x4f), 40)).toMatchObject({ ok: false, error: { code: 'truncated', offset: 1 } });
    expect(bad((b) => (b[4] = 19))).toMatchObject({ ok: false, error: { code: 'bad-length', offset: 3 } });
    expect(bad((b) => (b[4] = 0x74))).toMatchObject({ ok: false, error: { code: 'truncated', offset: 3 } });
    expect(bad(() => undefined, 100)).toMatchObject({ ok: false, error: { code: 'truncated', offset: 3 } });
  });

  it('computes IHL, total length and checksum when absent, writes them verbatim when given', () => {
    const header = { dontFragment: true, ttl: 64, protocol: 17, source: '192.168.0.1', destination: '192.168.0.199' };
    const payload = new Uint8Array(0x73 - 20);
    expect(ipv4Length(header)).toBe(20);
    expect(toHex(encodeIpv4(header, payload).subarray(0, 20))).toBe(toHex(CLASSIC));
    const opt = { dscp: 48, identification: 0xabcd, ttl: 1, protocol: 2, source: '10.0.0.1', destination: '224.0.0.22', options: '94040000' };
    expect(toHex(encodeIpv4(opt, WITH_OPTION.subarray(24)))).toBe(toHex(WITH_OPTION));
    // Crafted: wrong checksum, lying total length and IHL, evil bit.
    const crafted = encodeIpv4({ ...header, checksum: 0xdead, totalLength: 9, ihl: 15, reservedFlag: true, version: 5 }, payload);
    expect(toHex(crafted.subarray(0, 12))).toBe('5f0000090000c0004011dead');
  });

  it('pads options to 32 bits when computing the IHL, and refuses more than 40 bytes', () => {
    const b = encodeIpv4({ ttl: 1, protocol: 0, source: '1.2.3.4', destination: '5.6.7.8', options: '0101' });
    expect(b.length).toBe(24);
    expect(b[0]).toBe(0x46);
    const r = decodeIpv4(b);
    expect(r.ok && [r.value.header.options, r.value.header.checksumValid]).toEqual(['01010000', true]);
    expect(() => encodeIpv4({ ttl: 1, protocol: 0, source: '1.2.3.4', destination: '5.6.7.8', options: '01'.repeat(41) })).toThrow(RangeError);
    expect(() => encodeIpv4({ ttl: 256, protocol: 0, source: '1.2.3.4', destination: '5.6.7.8' })).toThrow(RangeError);
    expect(() => encodeIpv4({ ttl: 1, protocol: 0, source: '1.2.3', destination: '5.6.7.8' })).toThrow(RangeError);
    expect(() => encodeIpv4({ ttl: 1, protocol: 0, source: '1.2.3.4', destination: '5.6.7.8', options: 'zz' })).toThrow(RangeError);
  });

  it('round-trips a decoded header even with a wrong checksum', () => {
    const b = new Uint8Array(WITH_OPTION);
    b[10] = 0;
    const r = decodeIpv4(b);
    expect(r.ok && r.value.header.checksumValid).toBe(false);
    if (r.ok) expect(toHex(encodeIpv4(r.value.header, b.subarray(24)))).toBe(toHex(b));
  });

  it('never throws: every truncation and 100,000 mutations, and every decoded header re-encodes', () => {
    const samples = [WITH_OPTION, new Uint8Array([...CLASSIC, ...new Uint8Array(0x73 - 20)])];
    const { runs } = fuzz(samples, 100_000, 2, (b) => {
      const r = decodeIpv4(b);
      if (r.ok) {
        const h: Ipv4Header = r.value.header;
        const again = encodeIpv4(h, b.subarray(r.value.payloadOffset, r.value.payloadOffset + r.value.payloadLength));
        if (toHex(again) !== toHex(b.subarray(0, h.totalLength))) throw new Error('re-encode differs');
      }
    });
    expect(runs).toBeGreaterThan(100_000);
  });
});
