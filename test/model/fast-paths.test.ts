/**
 * The model helpers that loading a large config calls for every line have fast versions (no
 * regexps, no allocation, memoised); each must answer exactly as the straightforward one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipv4ToNumber, parseIpv4 } from '../../src/net/ip-address.js';
import { ipv4Number, ipv4NumberOrUndefined } from '../../src/model/ipv4.js';
import { compareInterfaceNames, parseInterfaceName } from '../../src/model/interface-name.js';

/** parseIpv4 as it was written before anyone tuned it: the reference. */
function referenceIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    if (Number(p) > 255) return undefined;
    out.push(Number(p));
  }
  return ((out[0] ?? 0) * 256 + (out[1] ?? 0)) * 65536 + (out[2] ?? 0) * 256 + (out[3] ?? 0);
}

const ipv4ish = fc.oneof(
  fc.array(fc.constantFrom('0', '1', '2', '5', '9', '.', '.', '/', 'a', ' ', '٣'), { maxLength: 17 }).map((cs) => cs.join('')),
  fc.tuple(fc.nat(300), fc.nat(300), fc.nat(300), fc.nat(300)).map((xs) => xs.join('.')),
  fc.tuple(fc.nat(999), fc.nat(999), fc.nat(999)).map(([a, b, c]) => `00${a}.${b}.${c}.1`),
  fc.string({ maxLength: 16 }),
);

describe('ipv4NumberOrUndefined', () => {
  it('accepts exactly what parseIpv4 accepts, with the same value', () => {
    fc.assert(
      fc.property(ipv4ish, (text) => {
        const want = referenceIpv4(text);
        expect(ipv4NumberOrUndefined(text)).toBe(want);
        const bytes = parseIpv4(text);
        expect(bytes === undefined ? undefined : ipv4ToNumber(bytes)).toBe(want);
        expect(ipv4Number(text)).toBe(want ?? 0);
      }),
      { numRuns: 5000 },
    );
  });
  it('handles the edges', () => {
    expect(ipv4NumberOrUndefined('255.255.255.255')).toBe(0xffffffff);
    expect(ipv4NumberOrUndefined('0.0.0.0')).toBe(0);
    expect(ipv4NumberOrUndefined('010.001.000.255')).toBe(0x0a0100ff);
    for (const bad of ['', '1.2.3', '1.2.3.4.', '.1.2.3', '1..2.3', '1.2.3.256', '1.2.3.0004', '1.2.3.4 ', '1.2.3.-4']) {
      expect(ipv4NumberOrUndefined(bad)).toBeUndefined();
    }
  });
});

describe('parseInterfaceName (memoised)', () => {
  it('answers the same, immutable, on every call', () => {
    const names = ['Gi0/1', 'gi0/1', 'GigabitEthernet0/1.10', 'Lo0', 'Vlan4094', 'Vlan4095', 'x', '', ' Gi0/2 ', 'Te1/0/1'];
    for (const n of names) {
      const a = parseInterfaceName(n);
      expect(parseInterfaceName(n)).toBe(a);
      if (a) expect(Object.isFrozen(a)).toBe(true);
    }
    expect(parseInterfaceName(' Gi0/2 ')?.name).toBe('GigabitEthernet0/2');
    expect(compareInterfaceNames('Gi0/2', 'Gi0/10')).toBeLessThan(0);
  });
});
