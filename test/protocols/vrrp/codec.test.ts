import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/net/bytes.js';
import { parseIpv4 } from '../../../src/net/ip-address.js';
import { checkVrrpChecksum, defaultChecksumStyle, vrrpChecksum } from '../../../src/protocols/vrrp/checksum.js';
import { type VrrpV2Message, vrrpV2HasAuthData } from '../../../src/protocols/vrrp/codec-v2.js';
import type { VrrpV3Message } from '../../../src/protocols/vrrp/codec-v3.js';
import { type VrrpMessage, decodeVrrp, encodeVrrp, vrrpLength } from '../../../src/protocols/vrrp/codec.js';
import type { VrrpIpContext } from '../../../src/protocols/vrrp/ip-context.js';

const V4: VrrpIpContext = { family: 4, src: '10.0.0.1', dst: '224.0.0.18' };
const V6: VrrpIpContext = { family: 6, src: 'fe80::1', dst: 'ff02::12' };

function roundTrip(message: VrrpMessage, ip: VrrpIpContext): VrrpMessage {
  const bytes = encodeVrrp(message, { ip });
  expect(bytes).toHaveLength(vrrpLength(message));
  const r = decodeVrrp(bytes, ip);
  if (!r.ok) throw new Error(r.error.message);
  expect(r.value.checksum.status).toBe('good');
  expect(toHex(encodeVrrp(r.value.message, { ip, checksum: 'verbatim' }))).toBe(toHex(bytes));
  return r.value.message;
}

describe('VRRPv2 messages', () => {
  const base: VrrpV2Message = { version: 2, vrid: 7, priority: 100, authType: 'none', adverIntSec: 1, addresses: ['10.1.1.1'] };

  it('encodes the RFC 3768 layout: 20 bytes for one VIP, zero auth data', () => {
    const bytes = encodeVrrp(base);
    expect(toHex(bytes.subarray(0, 6))).toBe('210764010001');
    expect(toHex(bytes.subarray(8))).toBe('0a0101010000000000000000');
    expect(checkVrrpChecksum(bytes, 2).status).toBe('good');
  });

  it('keeps text auth as text, and non-canonical auth data as hex', () => {
    expect(roundTrip({ ...base, authType: 'text', authText: 'cisco' }, V4)).toMatchObject({ authText: 'cisco' });
    expect(roundTrip({ ...base, authType: 'text', authText: '' }, V4)).toMatchObject({ authText: '' });
    // Garbage after the NUL, or non-zero data under "none", must survive byte for byte.
    expect(roundTrip({ ...base, authType: 'text', authData: '6369736300ff0000' }, V4)).toMatchObject({ authData: '6369736300ff0000' });
    const none = roundTrip({ ...base, authData: '0102030405060708' }, V4);
    expect(none).toMatchObject({ authData: '0102030405060708' });
    expect('authText' in none).toBe(false);
  });

  it('keeps unknown auth types as numbers and names the known ones', () => {
    expect(roundTrip({ ...base, authType: 3 }, V4)).toMatchObject({ authType: 3 });
    expect(roundTrip({ ...base, authType: 2 }, V4)).toMatchObject({ authType: 'ip-ah' });
    expect(roundTrip({ ...base, authType: 'ip-ah' }, V4)).toMatchObject({ authType: 'ip-ah' });
  });

  it('keeps trailing bytes, and an MD5-typed packet without a TLV keeps them as trailing', () => {
    expect(roundTrip({ ...base, trailer: 'deadbeef' }, V4)).toMatchObject({ trailer: 'deadbeef' });
    const m = roundTrip({ ...base, authType: 'cisco-md5', trailer: 'fe1c01' }, V4);
    expect(m).toMatchObject({ trailer: 'fe1c01' });
    expect('md5' in m).toBe(false);
  });

  it('keeps a packet without auth data (authData "")', () => {
    const m = roundTrip({ ...base, authData: '' }, V4);
    expect(m).toMatchObject({ authData: '' });
    expect(encodeVrrp(m)).toHaveLength(12);
    expect(vrrpV2HasAuthData(m as VrrpV2Message)).toBe(false);
    expect(vrrpV2HasAuthData(base)).toBe(true);
  });

  it('handles 0 and 255 addresses', () => {
    expect(roundTrip({ ...base, addresses: [] }, V4)).toMatchObject({ addresses: [] });
    const many = Array.from({ length: 255 }, (_, i) => `10.0.${i}.1`);
    expect(roundTrip({ ...base, addresses: many }, V4).addresses).toEqual(many);
  });

  it('reports a bad checksum instead of failing, with the value that would have been right', () => {
    const bytes = encodeVrrp({ ...base, checksum: 0xbeef }, { checksum: 'verbatim' });
    const r = decodeVrrp(bytes, V4);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.message.checksum).toBe(0xbeef);
    expect(r.value.checksum).toEqual({ status: 'bad', expected: { plain: vrrpChecksum(bytes, 'plain') } });
    // 'verbatim' without a checksum in the message falls back to computing it.
    expect(checkVrrpChecksum(encodeVrrp(base, { checksum: 'verbatim' }), 2).status).toBe('good');
  });
});

describe('VRRPv3 messages', () => {
  const v4: VrrpV3Message = { version: 3, family: 4, vrid: 44, priority: 200, maxAdverIntCs: 100, addresses: ['10.0.44.1', '10.0.44.2'] };
  const v6: VrrpV3Message = { version: 3, family: 6, vrid: 45, priority: 200, maxAdverIntCs: 100, addresses: ['fe80::45', '2001:db8::45'] };

  it('writes the 12-bit interval and keeps reserved bits', () => {
    const bytes = encodeVrrp({ ...v4, maxAdverIntCs: 4095, reserved: 0xa });
    expect(toHex(bytes.subarray(4, 6))).toBe('afff');
    expect(roundTrip({ ...v4, maxAdverIntCs: 4095, reserved: 0xa }, V4)).toMatchObject({ maxAdverIntCs: 4095, reserved: 0xa });
    expect('reserved' in roundTrip(v4, V4)).toBe(false);
  });

  it('sends IPv4 plain (Cisco / RFC 9568) by default, the pseudo-header on request, and tells them apart on receipt', () => {
    expect(defaultChecksumStyle(3, 4)).toBe('plain');
    expect(defaultChecksumStyle(3, 6)).toBe('pseudo-header');
    expect(defaultChecksumStyle(2, 4)).toBe('plain');
    const cisco = encodeVrrp(v4, { ip: V4 });
    const frr = encodeVrrp(v4, { ip: V4, checksumStyle: 'pseudo-header' });
    expect(toHex(cisco)).not.toBe(toHex(frr));
    expect(decodeVrrp(cisco, V4)).toMatchObject({ ok: true, value: { checksum: { status: 'good', style: 'plain' } } });
    expect(decodeVrrp(frr, V4)).toMatchObject({ ok: true, value: { checksum: { status: 'good', style: 'pseudo-header' } } });
    // Without addresses the pseudo-header cannot be checked: only the plain style can be recognised.
    expect(checkVrrpChecksum(frr, 3).status).toBe('bad');
    expect(checkVrrpChecksum(cisco, 3)).toMatchObject({ status: 'good', style: 'plain' });
  });

  it('IPv6 always includes the pseudo-header; a plain sum is bad there', () => {
    const good = encodeVrrp(v6, { ip: V6 });
    expect(decodeVrrp(good, V6)).toMatchObject({ ok: true, value: { message: v6, checksum: { status: 'good', style: 'pseudo-header' } } });
    const plain = encodeVrrp(v6, { ip: V6, checksumStyle: 'plain' });
    expect(decodeVrrp(plain, V6)).toMatchObject({ ok: true, value: { checksum: { status: 'bad' } } });
    // The pseudo-header depends on the addresses: another source is another checksum.
    expect(decodeVrrp(good, { ...V6, src: 'fe80::2' })).toMatchObject({ ok: true, value: { checksum: { status: 'bad' } } });
  });

  it('takes the IP context as bytes or text', () => {
    const bytesCtx: VrrpIpContext = { family: 4, src: parseIpv4('10.0.0.1')!, dst: parseIpv4('224.0.0.18')! };
    expect(toHex(encodeVrrp(v4, { ip: bytesCtx, checksumStyle: 'pseudo-header' }))).toBe(toHex(encodeVrrp(v4, { ip: V4, checksumStyle: 'pseudo-header' })));
  });

  it('keeps trailing bytes and decodes addresses in the family the IP layer gives', () => {
    expect(roundTrip({ ...v6, trailer: '00' }, V6)).toMatchObject({ trailer: '00' });
    const bytes = encodeVrrp({ ...v4, addresses: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'] }, { ip: V4 });
    // 16 bytes of addresses read as one IPv6 address when the packet came over IPv6.
    expect(decodeVrrp(Uint8Array.from([...bytes.subarray(0, 3), 1, ...bytes.subarray(4)]), V6)).toMatchObject({
      ok: true,
      value: { message: { family: 6, addresses: ['a00:1:a00:2:a00:3:a00:4'] } },
    });
  });
});

describe('encoder input errors throw (programmer / input-preparation errors)', () => {
  const v2: VrrpV2Message = { version: 2, vrid: 1, priority: 100, authType: 'none', adverIntSec: 1, addresses: ['10.0.0.1'] };
  const v3: VrrpV3Message = { version: 3, family: 6, vrid: 1, priority: 100, maxAdverIntCs: 100, addresses: ['fe80::1'] };
  it.each([
    ['bad IPv4 address', () => encodeVrrp({ ...v2, addresses: ['10.0.0'] }), /not an IPv4 address/],
    ['vrid out of range', () => encodeVrrp({ ...v2, vrid: 256 }), /vrid 256/],
    ['negative priority', () => encodeVrrp({ ...v2, priority: -1 }), /priority -1/],
    ['auth text too long', () => encodeVrrp({ ...v2, authType: 'text', authText: 'ninechars' }), /longer than 8/],
    ['auth data not 8 bytes', () => encodeVrrp({ ...v2, authData: '0102' }), /expected 8/],
    ['auth type out of range', () => encodeVrrp({ ...v2, authType: 256 }), /auth type 256/],
    ['interval over 12 bits', () => encodeVrrp({ ...v3, maxAdverIntCs: 4096 }, { ip: V6 }), /maxAdverIntCs 4096/],
    ['pseudo-header without IP context', () => encodeVrrp(v3), /IP context/],
    ['family mismatch', () => encodeVrrp(v3, { ip: V4 }), /IPv6 message with an IPv4/],
    ['bad IPv6 address', () => encodeVrrp({ ...v3, addresses: ['fe80::1::2'] }, { ip: V6 }), /not an IPv6 address/],
    ['bad trailing hex', () => encodeVrrp({ ...v2, trailer: 'xyz' }), /not hex/],
    ['bad IP context text', () => decodeVrrp(encodeVrrp(v3, { ip: V6 }), { family: 6, src: 'nope', dst: 'ff02::12' }), /not an IPv6 address/],
  ] as const)('%s', (_name, f, message) => {
    expect(f).toThrow(message);
  });
});

describe('properties', () => {
  it('any bytes under either family: never throws; whatever decodes re-encodes to the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 96 }), fc.constantFrom(V4, V6), fc.constantFrom(0x21, 0x31, 0x2f, 0x41, -1), (raw, ip, first) => {
        const bytes = first >= 0 && raw.length > 0 ? Uint8Array.from([first, ...raw.subarray(1)]) : raw;
        const r = decodeVrrp(bytes, ip);
        if (r.ok) expect(toHex(encodeVrrp(r.value.message, { ip, checksum: 'verbatim' }))).toBe(toHex(bytes));
      }),
      { numRuns: 20_000, seed: 112 },
    );
  });

  it('built messages round-trip through bytes and JSON', () => {
    const v4addr = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((a) => a.join('.'));
    const v2 = fc.record({
      version: fc.constant(2 as const),
      vrid: fc.integer({ min: 1, max: 255 }),
      priority: fc.nat(255),
      authType: fc.constantFrom<VrrpV2Message['authType']>('none', 'text', 'ip-ah', 7),
      adverIntSec: fc.nat(255),
      addresses: fc.array(v4addr, { maxLength: 20 }),
    });
    fc.assert(
      fc.property(v2, (m) => {
        const bytes = encodeVrrp(m);
        const r = decodeVrrp(bytes, V4);
        expect(r.ok && r.value.checksum.status).toBe('good');
        if (!r.ok) return;
        const back = JSON.parse(JSON.stringify(r.value.message)) as VrrpMessage;
        expect(toHex(encodeVrrp(back))).toBe(toHex(bytes));
        expect(back).toMatchObject({ ...m, authType: m.authType === 7 ? 7 : m.authType });
      }),
      { numRuns: 2_000, seed: 3768 },
    );
  });
});

it('spec §5.4 / FRR #9951: the same v3 IPv4 frame checks under exactly one style', () => {
  const frame = fromHex('3101640100640000 0a000001')!;
  const withPseudo = Uint8Array.from(frame);
  const plain = Uint8Array.from(frame);
  const p = vrrpChecksum(plain, 'plain');
  const h = vrrpChecksum(withPseudo, 'pseudo-header', V4);
  expect(p).not.toBe(h);
  plain[6] = p >> 8;
  plain[7] = p & 0xff;
  withPseudo[6] = h >> 8;
  withPseudo[7] = h & 0xff;
  expect(checkVrrpChecksum(plain, 3, V4)).toEqual({ status: 'good', style: 'plain', expected: { plain: p, pseudoHeader: h } });
  expect(checkVrrpChecksum(withPseudo, 3, V4)).toEqual({ status: 'good', style: 'pseudo-header', expected: { plain: p, pseudoHeader: h } });
});
