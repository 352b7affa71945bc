import { describe, expect, it } from 'vitest';
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from '../../src/net/ip-address.js';
import { classifyVirtualMac, eui64LinkLocal, formatMac, parseMac, virtualMac } from '../../src/net/mac.js';
import { internetChecksum } from '../../src/net/checksum.js';
import { fromHex, textMemo } from '../../src/net/bytes.js';

describe('virtual MACs', () => {
  it('gives every group kind its block', () => {
    expect(formatMac(virtualMac('hsrp-v1', 47))).toBe('0000.0c07.ac2f');
    expect(formatMac(virtualMac('hsrp-v2-ipv4', 50))).toBe('0000.0c9f.f032');
    expect(formatMac(virtualMac('hsrp-v2-ipv4', 4095))).toBe('0000.0c9f.ffff');
    expect(formatMac(virtualMac('hsrp-v2-ipv6', 1))).toBe('0005.73a0.0001');
    expect(formatMac(virtualMac('vrrp-ipv4', 1))).toBe('0000.5e00.0101');
    expect(formatMac(virtualMac('vrrp-ipv6', 255))).toBe('0000.5e00.02ff');
  });
  it('rejects groups out of range', () => {
    expect(() => virtualMac('hsrp-v1', 256)).toThrow(RangeError);
    expect(() => virtualMac('hsrp-v2-ipv4', 4096)).toThrow(RangeError);
  });
  it('classifies them back', () => {
    expect(classifyVirtualMac(parseMac('0000.0c9f.f067')!)).toEqual({ kind: 'hsrp-v2-ipv4', group: 0x67 });
    expect(classifyVirtualMac(parseMac('00:00:5e:00:02:2d')!)).toEqual({ kind: 'vrrp-ipv6', group: 45 });
    expect(classifyVirtualMac(parseMac('0012.7fba.1f02')!)).toBeUndefined();
  });
  it('derives the HSRP IPv6 autoconfig link-local (spec §3.3)', () => {
    expect(formatIpv6(eui64LinkLocal(virtualMac('hsrp-v2-ipv6', 1)))).toBe('fe80::205:73ff:fea0:1');
  });
  it('parses the three MAC spellings and rejects junk', () => {
    for (const t of ['0000.0c07.ac01', '00:00:0c:07:ac:01', '00-00-0C-07-AC-01']) {
      expect(formatMac(parseMac(t)!)).toBe('0000.0c07.ac01');
    }
    expect(parseMac('00:00:0c:07:ac')).toBeUndefined();
    expect(parseMac('00:00-0c:07:ac:01')).toBeUndefined();
  });
});

describe('IP addresses', () => {
  it('round-trips IPv4 and rejects junk', () => {
    expect(formatIpv4(parseIpv4('192.168.0.1')!)).toBe('192.168.0.1');
    for (const bad of ['256.1.1.1', '1.2.3', '1.2.3.4.5', 'a.b.c.d', '']) expect(parseIpv4(bad)).toBeUndefined();
  });
  it('formats IPv6 per RFC 5952', () => {
    expect(formatIpv6(parseIpv6('FE80:0:0:0:0:0:0:1')!)).toBe('fe80::1');
    expect(formatIpv6(parseIpv6('2001:db8:0:0:1:0:0:1')!)).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6(parseIpv6('2001:db8:0:1:1:1:1:1')!)).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatIpv6(parseIpv6('::')!)).toBe('::');
    expect(formatIpv6(parseIpv6('ff02::12')!)).toBe('ff02::12');
    expect(formatIpv6(parseIpv6('::ffff:10.0.0.1')!)).toBe('::ffff:a00:1');
  });
  it('rejects malformed IPv6', () => {
    for (const bad of ['1::2::3', '12345::', 'g::1', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9']) {
      expect(parseIpv6(bad)).toBeUndefined();
    }
  });
});

describe('internet checksum (RFC 1071)', () => {
  it('matches the RFC 1071 example', () => {
    // RFC 1071 §3: the sum of 0001 f203 f4f5 f6f7 is ddf2, so the checksum is 220d.
    expect(internetChecksum(fromHex('0001f203f4f5f6f7')!)).toBe(0x220d);
  });
  it('verifies to zero over data with its checksum', () => {
    const d = fromHex('4500003c1c4640004006000 0ac100a63ac100a0c'.replace(/ /g, ''))!;
    const c = internetChecksum(d);
    d[10] = c >> 8;
    d[11] = c & 0xff;
    expect(internetChecksum(d)).toBe(0);
  });
});

describe('fast paths of the text helpers (same answers as the general forms)', () => {
  it('parses IPv4 strictly: four fields of 1-3 digits, each at most 255', () => {
    expect(Array.from(parseIpv4('010.0.0.255') ?? [])).toEqual([10, 0, 0, 255]);
    for (const bad of ['', '1.2.3', '1.2.3.4.', '.1.2.3', '1..2.3', '256.1.1.1', '0001.2.3.4', ' 1.2.3.4', '1.2.3.4 ', '1.2.3.-4', '１.2.3.4']) {
      expect(parseIpv4(bad), bad).toBeUndefined();
    }
  });
  it('formats IPv6 zero runs like the RFC 5952 §4.2 rules', () => {
    const words = (...w: number[]) => Uint8Array.from(w.flatMap((x) => [x >> 8, x & 0xff]));
    expect(formatIpv6(words(0, 0, 0, 0, 0, 0, 0, 0))).toBe('::');
    expect(formatIpv6(words(0, 0, 0, 0, 0, 0, 0, 1))).toBe('::1');
    expect(formatIpv6(words(1, 0, 0, 0, 0, 0, 0, 0))).toBe('1::');
    expect(formatIpv6(words(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1))).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatIpv6(words(0x2001, 0, 0, 1, 0, 0, 0, 1))).toBe('2001:0:0:1::1');
    expect(formatIpv6(words(0x2001, 0xdb8, 0, 0, 1, 0, 0, 1))).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6(words(0xfe80, 0, 0, 0, 0x0200, 0x5eff, 0xfe00, 0x0201))).toBe('fe80::200:5eff:fe00:201');
  });
  it('formats MACs from a table', () => {
    expect(formatMac(Uint8Array.of(0, 0x0a, 0xb0, 0xff, 1, 0x10))).toBe('000a.b0ff.0110');
  });
  it('reads hex with or without separators', () => {
    expect(Array.from(fromHex('0aFf') ?? [])).toEqual([0x0a, 0xff]);
    expect(Array.from(fromHex('0a:ff 01.02') ?? [])).toEqual([0x0a, 0xff, 1, 2]);
    expect(fromHex('0g')).toBeUndefined();
    expect(fromHex('abc')).toBeUndefined();
    expect(fromHex('')?.length).toBe(0);
  });
});

describe('textMemo', () => {
  it('remembers valid results up to its bound and never remembers failures', () => {
    let calls = 0;
    const parse = textMemo((t: string) => {
      calls++;
      return t === 'bad' ? undefined : t.length;
    }, 2);
    expect([parse('a'), parse('a'), parse('bad'), parse('bad')]).toEqual([1, 1, undefined, undefined]);
    expect(calls).toBe(3);
    parse('bb');
    parse('ccc'); // evicts 'a', the oldest
    parse('a');
    expect(calls).toBe(6);
  });
});
