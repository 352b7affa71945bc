import { describe, expect, it } from 'vitest';
import { compareInterfaceNames, parseInterfaceName, shortInterfaceName } from '../../src/model/interface-name.js';
import { decodeType7, encodeType7, hashType9, verifySecret } from '../../src/model/passwords.js';
import { maskToPrefix, prefixToMask } from '../../src/model/ipv4.js';

describe('interface names (D8, spec §6.9)', () => {
  it('parses abbreviations into canonical names', () => {
    expect(parseInterfaceName('g0/1')?.name).toBe('GigabitEthernet0/1');
    expect(parseInterfaceName('Gi0/1.10')?.name).toBe('GigabitEthernet0/1.10');
    expect(parseInterfaceName('lo0')?.name).toBe('Loopback0');
    expect(parseInterfaceName('Vlan4095')).toBeUndefined();
    expect(parseInterfaceName('Loopback0.1')).toBeUndefined();
  });
  it('gives short names and running-config order', () => {
    expect(shortInterfaceName('GigabitEthernet0/1.2951')).toBe('Gi0/1.2951');
    expect(shortInterfaceName('Vlan50')).toBe('Vl50');
    const names = ['Vlan10', 'GigabitEthernet0/10', 'GigabitEthernet0/2.5', 'Loopback0', 'GigabitEthernet0/2', 'FastEthernet0/1'];
    expect(names.sort(compareInterfaceNames)).toEqual([
      'Loopback0',
      'FastEthernet0/1',
      'GigabitEthernet0/2',
      'GigabitEthernet0/2.5',
      'GigabitEthernet0/10',
      'Vlan10',
    ]);
  });
});

describe('passwords', () => {
  it('decodes type 7 strings seen on real devices and re-encodes them', () => {
    expect(decodeType7('0822455D0A16')).toBe('cisco');
    expect(encodeType7('cisco', 8)).toBe('0822455D0A16');
    expect(decodeType7(encodeType7('Some longer key 123'))).toBe('Some longer key 123');
  });
  it('hashes and verifies type 9 secrets', () => {
    const h = hashType9('cisco', 'abcdefghijklmn');
    expect(h).toMatch(/^\$9\$abcdefghijklmn\$[./0-9A-Za-z]{43}$/);
    expect(verifySecret({ type: 9, hash: h }, 'cisco')).toBe(true);
    expect(verifySecret({ type: 9, hash: h }, 'cisc0')).toBe(false);
  });
});

describe('masks', () => {
  it('converts masks and prefix lengths, refusing non-contiguous masks', () => {
    expect(maskToPrefix('255.255.255.0')).toBe(24);
    expect(maskToPrefix('255.0.255.0')).toBeUndefined();
    expect(prefixToMask(30)).toBe('255.255.255.252');
    expect(prefixToMask(0)).toBe('0.0.0.0');
  });
});
