import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/net/bytes.js';
import { decodeEthernet } from '../../src/net/ethernet.js';
import {
  decodeNeighborAdvertisement,
  encodeNeighborAdvertisement,
  neighborAdvertisementLength,
  unsolicitedNeighborAdvertisement,
  unsolicitedNeighborAdvertisementFrame,
} from '../../src/net/icmpv6-nd.js';
import { decodeIpv6 } from '../../src/net/ipv6.js';
import { fuzz, hex } from './wire-helpers.js';

// R=1 S=0 O=1, target 2001:db8::1, TLLA 0000.5e00.0201; fe80::1 → ff02::1. Checksum from Python: 0x4a62.
const PSEUDO = { source: 'fe80::1', destination: 'ff02::1' };
const NA = hex('88004a62a000000020010db8000000000000000000000001020100005e000201');

describe('ICMPv6 Neighbor Advertisement', () => {
  it('decodes flags, target, the TLLA option and verifies the checksum', () => {
    expect(decodeNeighborAdvertisement(NA, 0, { pseudo: PSEUDO })).toEqual({
      ok: true,
      value: {
        header: {
          type: 136,
          code: 0,
          checksum: 0x4a62,
          checksumStatus: 'good',
          checksumValid: true,
          router: true,
          solicited: false,
          override: true,
          reserved: 0,
          target: '2001:db8::1',
          options: [{ type: 2, length: 1, raw: '020100005e000201', linkLayerAddress: '0000.5e00.0201' }],
        },
        payloadOffset: 32,
        payloadLength: 0,
      },
    });
    expect(decodeNeighborAdvertisement(NA)).toMatchObject({ value: { header: { checksumStatus: 'unverified', checksumValid: false } } });
    expect(decodeNeighborAdvertisement(NA, 0, { pseudo: { source: 'fe80::2', destination: 'ff02::1' } })).toMatchObject({ value: { header: { checksumStatus: 'bad' } } });
  });

  it('keeps unknown options raw and re-encodes them unchanged', () => {
    const withNonce = new Uint8Array([...NA.subarray(0, 24), ...hex('0e01 112233445566'), ...NA.subarray(24)]);
    withNonce[2] = 0;
    withNonce[3] = 0;
    const r = decodeNeighborAdvertisement(withNonce);
    expect(r.ok && r.value.header.options.map((o) => [o.type, o.length, o.raw])).toEqual([
      [14, 1, '0e01112233445566'],
      [2, 1, '020100005e000201'],
    ]);
    if (!r.ok) return;
    const again = encodeNeighborAdvertisement({ ...r.value.header, checksum: 0 });
    expect(toHex(again)).toBe(toHex(withNonce));
    const { checksum: _c, ...bare } = r.value.header;
    const computed = encodeNeighborAdvertisement(bare, PSEUDO);
    expect(decodeNeighborAdvertisement(computed, 0, { pseudo: PSEUDO })).toMatchObject({ value: { header: { checksumStatus: 'good' } } });
  });

  it('encodes from flags, target and a link-layer option', () => {
    const header = unsolicitedNeighborAdvertisement('00:00:5e:00:02:01', '2001:db8::1');
    expect(header).toEqual({ router: true, solicited: false, override: true, target: '2001:db8::1', options: [{ type: 2, linkLayerAddress: '0000.5e00.0201' }] });
    expect(neighborAdvertisementLength(header)).toBe(32);
    expect(toHex(encodeNeighborAdvertisement(header, PSEUDO))).toBe(toHex(NA));
    expect(toHex(encodeNeighborAdvertisement({ ...header, checksum: 0xbeef, reserved: 5, code: 3, type: 135, solicited: true }).subarray(0, 8))).toBe('8703beefe0000005');
    expect(() => encodeNeighborAdvertisement(header)).toThrow(RangeError);
    expect(() => encodeNeighborAdvertisement(header, { source: '10.0.0.1', destination: '224.0.0.1' })).toThrow(RangeError);
    expect(() => encodeNeighborAdvertisement({ ...header, options: [{ type: 2 }] }, PSEUDO)).toThrow(RangeError);
  });

  it('rejects other types, short messages and broken options with offsets from the buffer start', () => {
    const buf = new Uint8Array([0xaa, ...NA]);
    expect(decodeNeighborAdvertisement(buf, 1, { end: 24 })).toMatchObject({ ok: false, error: { code: 'truncated', offset: 1 } });
    const t = new Uint8Array(buf);
    t[1] = 135;
    expect(decodeNeighborAdvertisement(t, 1)).toMatchObject({ ok: false, error: { code: 'bad-type', offset: 1 } });
    const zero = new Uint8Array(buf);
    zero[26] = 0;
    expect(decodeNeighborAdvertisement(zero, 1)).toMatchObject({ ok: false, error: { code: 'bad-option', offset: 26 } });
    const long = new Uint8Array(buf);
    long[26] = 2;
    expect(decodeNeighborAdvertisement(long, 1)).toMatchObject({ ok: false, error: { code: 'bad-option', offset: 26 } });
    expect(decodeNeighborAdvertisement(new Uint8Array([...buf, 1]), 1)).toMatchObject({ ok: false, error: { code: 'bad-option', offset: 33 } });
  });

  it('builds the unsolicited NA frame: virtual MAC → 3333.0000.0001, ff02::1, hop limit 255', () => {
    const frame = unsolicitedNeighborAdvertisementFrame({ virtualMac: '0000.5e00.0201', target: '2001:db8::1', source: 'fe80::1' });
    const eth = decodeEthernet(frame);
    expect(eth.ok && eth.value.header).toEqual({ destination: '3333.0000.0001', source: '0000.5e00.0201', tags: [], etherType: 0x86dd });
    const ip = decodeIpv6(frame, 14);
    expect(ip.ok && ip.value.header).toMatchObject({ source: 'fe80::1', destination: 'ff02::1', hopLimit: 255, nextHeader: 58, payloadLength: 32 });
    expect(toHex(frame.subarray(54))).toBe(toHex(NA));
  });

  it('never throws: every truncation and 100,000 mutations', () => {
    const withNonce = new Uint8Array([...NA, ...hex('0e01 112233445566')]);
    const { runs } = fuzz([NA, withNonce], 100_000, 6, (b) => {
      const r = decodeNeighborAdvertisement(b, 0, { pseudo: PSEUDO });
      if (r.ok && toHex(encodeNeighborAdvertisement(r.value.header)) !== toHex(b)) throw new Error('re-encode differs');
    });
    expect(runs).toBeGreaterThan(100_000);
  });
});
