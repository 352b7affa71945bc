import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/net/bytes.js';
import { decodeHsrp, encodeHsrp, hsrpLength, type HsrpMessage } from '../../../src/protocols/hsrp/codec.js';
import { decodeHsrpV1, type HsrpV1GroupMessage } from '../../../src/protocols/hsrp/codec-v1.js';
import { decodeHsrpV2, hsrpV2GroupState, type HsrpV2Message } from '../../../src/protocols/hsrp/codec-v2.js';
import { hsrpVersionForDestination, sniffHsrpVersion } from '../../../src/protocols/hsrp/transport.js';

const HELLO = '000010030ac80100636973636f000000c0a80001'; // HSRP_coup.pcap: R1 Active, pri 200, group 1
const V2_HELLO = '0128020005040398700f6aeff5bf0000005a00000bb8000027100a34dc7e0000000000000000000000000308636973636f000000';

function dec(hex: string, version?: 1 | 2): HsrpMessage {
  const r = decodeHsrp(fromHex(hex)!, version);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

function roundTrips(hex: string, version?: 1 | 2): HsrpMessage {
  const m = dec(hex, version);
  expect(toHex(encodeHsrp(JSON.parse(JSON.stringify(m)) as HsrpMessage))).toBe(hex);
  expect(hsrpLength(m)).toBe(hex.length / 2);
  return m;
}

function error(hex: string, version?: 1 | 2): { code: string; offset: number } {
  const r = decodeHsrp(fromHex(hex)!, version);
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return { code: r.error.code, offset: r.error.offset };
}

describe('telling the versions apart', () => {
  it('by destination, as Wireshark does', () => {
    expect(hsrpVersionForDestination('224.0.0.2', 1985)).toBe(1);
    expect(hsrpVersionForDestination('224.0.0.102', 1985)).toBe(2);
    expect(hsrpVersionForDestination('ff02::66', 2029)).toBe(2);
    expect(hsrpVersionForDestination('ff02::66', 1985)).toBeUndefined();
    expect(hsrpVersionForDestination('224.0.0.2', 2029)).toBeUndefined();
    expect(hsrpVersionForDestination('224.0.0.18', 1985)).toBeUndefined();
  });

  it('by content when the destination is unknown', () => {
    expect(sniffHsrpVersion(fromHex(HELLO)!)).toBe(1);
    expect(sniffHsrpVersion(fromHex(V2_HELLO)!)).toBe(2);
    expect(sniffHsrpVersion(fromHex('0204000100020308')!)).toBeUndefined();
    expect(sniffHsrpVersion(new Uint8Array(0))).toBeUndefined();
    expect(error('0204000100020308')).toEqual({ code: 'bad-version', offset: 0 });
    // ...but told it is v2, an Interface-State-only packet decodes.
    expect(dec('020400010002', 2)).toEqual({ protocol: 'hsrp-v2', tlvs: [{ type: 'interface-state', activeGroups: 1, passiveGroups: 2 }] });
  });
});

describe('HSRPv1', () => {
  it('decodes a hello into plain named fields', () => {
    expect(dec(HELLO)).toEqual({
      protocol: 'hsrp-v1', opcode: 'hello', state: 'active', helloTimeS: 3, holdTimeS: 10, priority: 200, group: 1,
      reserved: 0, authText: 'cisco', virtualIp: '192.168.0.1',
    });
  });

  it('keeps state values outside RFC 2281 §5.1 as numbers', () => {
    const m = roundTrips('000003030ac80100636973636f000000c0a80001') as HsrpV1GroupMessage;
    expect(m.state).toBe(3);
  });

  it('keeps unknown op codes whole', () => {
    expect(roundTrips('0007deadbeef')).toEqual({ protocol: 'hsrp-v1', opcode: 7, body: 'deadbeef' });
    expect(roundTrips('00ff')).toEqual({ protocol: 'hsrp-v1', opcode: 255, body: '' });
  });

  it('keeps the exact 8 auth bytes when something follows the NUL', () => {
    const m = roundTrips('000010030ac80100636973636f00ff00c0a80001') as HsrpV1GroupMessage;
    expect(m.authText).toBe('cisco');
    expect(m.authRaw).toBe('636973636f00ff00');
    expect((roundTrips('000010030ac801004142434445464748c0a80001') as HsrpV1GroupMessage).authText).toBe('ABCDEFGH');
    expect((roundTrips('000010030ac8010000ffffffffffffffc0a80001') as HsrpV1GroupMessage).authRaw).toBe('00ffffffffffffff');
    expect((roundTrips('000010030ac80100e9e90000000000000a000001') as HsrpV1GroupMessage).authText).toBe('\u00e9\u00e9');
  });

  it('keeps reserved bytes and trailing bytes, before and after an MD5 TLV', () => {
    expect((roundTrips('000010030ac80177636973636f000000c0a80001') as HsrpV1GroupMessage).reserved).toBe(0x77);
    expect((roundTrips(`${HELLO}abcd`) as HsrpV1GroupMessage).trailer).toBe('abcd');
    const md5 = '041c01000000ac10281400000000' + '00112233445566778899aabbccddeeff';
    const m = roundTrips(`${HELLO}${md5}0102`) as HsrpV1GroupMessage;
    expect(m.md5).toMatchObject({ senderIp: '172.16.40.20', keyId: 0, digest: '00112233445566778899aabbccddeeff' });
    expect(m.trailer).toBe('0102');
    // 4/28 at offset 20 but fewer than 30 bytes: not an MD5 TLV, kept as trailer.
    expect((roundTrips(`${HELLO}041c0100`) as HsrpV1GroupMessage).trailer).toBe('041c0100');
  });

  it('decodes Advertise (op code 3) with unknown type/state values as numbers', () => {
    expect(roundTrips('00030001000e03000001000200000000')).toEqual({
      protocol: 'hsrp-v1', opcode: 'advertise', tlvType: 'interface-state', tlvLength: 14, state: 'active', reserved1: 0,
      activeGroups: 1, passiveGroups: 2, reserved2: 0,
    });
    expect(roundTrips('00030009000e07ff000100026f000000aa')).toMatchObject({ tlvType: 9, state: 7, reserved1: 255, reserved2: 0x6f000000, trailer: 'aa' });
  });

  it('refuses with typed errors, offsets from the payload start', () => {
    expect(error('', 1)).toEqual({ code: 'truncated', offset: 0 });
    expect(error('00', 1)).toEqual({ code: 'truncated', offset: 1 });
    expect(error(HELLO.slice(0, 38), 1)).toEqual({ code: 'truncated', offset: 19 });
    expect(error('00030001000e030000010002000000', 1)).toEqual({ code: 'truncated', offset: 15 });
    expect(error(`01${HELLO.slice(2)}`, 1)).toEqual({ code: 'bad-version', offset: 0 });
  });

  it('refuses to encode values that do not fit', () => {
    const base = dec(HELLO) as HsrpV1GroupMessage;
    expect(() => encodeHsrp({ ...base, priority: 256 })).toThrow(/priority/);
    expect(() => encodeHsrp({ ...base, group: -1 })).toThrow(/group/);
    expect(() => encodeHsrp({ ...base, authText: 'ninechars' })).toThrow(/authText/);
    expect(() => encodeHsrp({ ...base, authText: '\u20ac' })).toThrow(/latin1/);
    expect(() => encodeHsrp({ ...base, authRaw: '00' })).toThrow(/authRaw/);
    expect(() => encodeHsrp({ ...base, virtualIp: '192.168.0.256' })).toThrow(/virtualIp/);
    expect(() => encodeHsrp({ ...base, trailer: 'xyz' })).toThrow(/trailer/);
    expect(() => encodeHsrp({ ...base, md5: { algorithm: 'md5', padding: 0, flags: 0, senderIp: '1.2.3.4', keyId: 0, digest: 'ab' } })).toThrow(/digest/);
  });
});

describe('HSRPv2', () => {
  it('decodes the Group State and Text Auth TLVs in order', () => {
    const m = roundTrips(V2_HELLO) as HsrpV2Message;
    expect(m.tlvs).toEqual([
      {
        type: 'group-state', opcode: 'hello', state: 'standby', ipVersion: 4, group: 920, identifier: '700f.6aef.f5bf',
        priority: 90, helloTimeMs: 3000, holdTimeMs: 10000, virtualIp: '10.52.220.126',
      },
      { type: 'text-auth', authText: 'cisco' },
    ]);
  });

  it('decodes an IPv6 group', () => {
    const hex = '01280200060600010005 73a00001 00000064 00000bb8 00002710 fe800000000000000205 73fffea00001'.replace(/ /g, '');
    const m = roundTrips(hex) as HsrpV2Message;
    expect(hsrpV2GroupState(m)).toMatchObject({ ipVersion: 6, group: 1, identifier: '0005.73a0.0001', state: 'active', virtualIp: 'fe80::205:73ff:fea0:1' });
  });

  it('keeps unknown TLVs in their position and a last odd byte as trailer', () => {
    const hex = `0903aabbcc${V2_HELLO.slice(0, 84)}0000${V2_HELLO.slice(84)}ff`;
    const m = roundTrips(hex, 2) as HsrpV2Message;
    expect(m.tlvs.map((t) => t.type)).toEqual(['unknown', 'group-state', 'unknown', 'text-auth']);
    expect(m.tlvs[0]).toEqual({ type: 'unknown', tlvType: 9, value: 'aabbcc' });
    expect(m.tlvs[2]).toEqual({ type: 'unknown', tlvType: 0, value: '' });
    expect(m.trailer).toBe('ff');
  });

  it('keeps unknown opcode, state, IP version and a non-canonical VIP field', () => {
    const gs = (op: string, state: string, ipv: string, vip: string): string =>
      `0128 02 ${op} ${state} ${ipv} 0001 aabbcc000100 00000064 00000bb8 00002710 ${vip}`.replace(/ /g, '');
    const a = hsrpV2GroupState(roundTrips(gs('09', '07', '04', '0a0000010000000000000000000000ff')) as HsrpV2Message)!;
    expect(a).toMatchObject({ opcode: 9, state: 7, virtualIp: '10.0.0.1', virtualIpRaw: '0a0000010000000000000000000000ff' });
    const b = hsrpV2GroupState(roundTrips(gs('00', '06', '05', '0102030405060708090a0b0c0d0e0f10')) as HsrpV2Message)!;
    expect(b).toMatchObject({ ipVersion: 5, virtualIp: '', virtualIpRaw: '0102030405060708090a0b0c0d0e0f10' });
  });

  it('refuses with typed errors', () => {
    expect(error('', 2)).toEqual({ code: 'truncated', offset: 0 });
    expect(error('01', 2)).toEqual({ code: 'truncated', offset: 1 });
    expect(error(V2_HELLO.slice(0, 60), 2)).toEqual({ code: 'truncated', offset: 30 });
    expect(error(`0127${V2_HELLO.slice(4, 84)}`, 2)).toEqual({ code: 'bad-tlv-length', offset: 1 });
    expect(error(`${V2_HELLO.slice(0, 84)}0307636973636f0000`, 2)).toEqual({ code: 'bad-tlv-length', offset: 43 });
    expect(error(`012803${V2_HELLO.slice(6)}`, 2)).toEqual({ code: 'bad-version', offset: 2 });
  });

  it('refuses to encode values that do not fit', () => {
    const m = dec(V2_HELLO) as HsrpV2Message;
    const gs = hsrpV2GroupState(m)!;
    const withGs = (patch: object): HsrpV2Message => ({ ...m, tlvs: [{ ...gs, ...patch }, ...m.tlvs.slice(1)] });
    expect(() => encodeHsrp(withGs({ group: 65536 }))).toThrow(/group/);
    expect(() => encodeHsrp(withGs({ identifier: 'nope' }))).toThrow(/identifier/);
    expect(() => encodeHsrp(withGs({ virtualIp: '2001:db8::1' }))).toThrow(/IPv4/);
    expect(() => encodeHsrp(withGs({ ipVersion: 6 }))).toThrow(/IPv6/);
    expect(() => encodeHsrp({ protocol: 'hsrp-v2', tlvs: [{ type: 'unknown', tlvType: 9, value: '00'.repeat(256) }] })).toThrow(/255/);
  });
});

describe('decoders stay lean on the hot path', () => {
  it('a v1 hello decodes to exactly the fields of the message, nothing lazy', () => {
    const r = decodeHsrpV1(fromHex(HELLO)!);
    expect(r.ok && Object.keys(r.value)).toEqual(['protocol', 'opcode', 'state', 'helloTimeS', 'holdTimeS', 'priority', 'group', 'reserved', 'authText', 'virtualIp']);
    expect(decodeHsrpV2(fromHex(V2_HELLO)!).ok).toBe(true);
  });
});
