import { describe, expect, it } from 'vitest';
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from '../../src/net/ip-address.js';
import { classifyVirtualMac, eui64LinkLocal, formatMac, parseMac, virtualMac } from '../../src/net/mac.js';
import { internetChecksum } from '../../src/net/checksum.js';
import { fromHex } from '../../src/net/bytes.js';

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
