import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatHsrpAge, renderShowStandby, type HsrpGroupSnapshot } from '../../../src/protocols/hsrp/show.js';
import { REPO_ROOT } from '../../support/tshark.js';
import { hsrpConfig, Lab } from './lab.js';

const FIXTURES = join(REPO_ROOT, '..', 'shared', 'fixtures', 'ios-output');

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

const VLAN50: HsrpGroupSnapshot = {
  ifName: 'Vlan50',
  group: 50,
  version: 2,
  family: 4,
  state: 'standby',
  stateChanges: 1,
  lastStateChangeAgoMs: (10 * 7 + 3) * 86400_000 + 5000,
  vip: '10.0.52.161',
  secondaryVips: [],
  activeVirtualMac: '0000.0c9f.f032',
  virtualMacInUse: false,
  localVirtualMac: '0000.0c9f.f032',
  localVirtualMacSource: 'v2 default',
  helloTimeMs: 3000,
  holdTimeMs: 10000,
  nextHelloInMs: 2512,
  authentication: { kind: 'md5-key-string', key: { type: 0, text: 'k' }, timeout: undefined },
  preempt: true,
  preemptDelayMinimumS: 120,
  preemptDelayReloadS: 0,
  preemptDelaySyncS: 0,
  active: { ip: '10.0.52.163', priority: 110, expiresInMs: 10464, mac: '6073.5c43.63b7' },
  standby: 'local',
  priority: 90,
  configuredPriority: 90,
  tracks: [],
  name: undefined,
};

describe('show standby', () => {
  it('renders fixtures/ios-output/show_standby.txt byte for byte', () => {
    expect(renderShowStandby([VLAN50])).toBe(fixture('show_standby.txt'));
  });

  it('renders the Active-side layout of spec §6.1 (secondary VIP, text auth, tracking, Standby expiry)', () => {
    const s: HsrpGroupSnapshot = {
      ...VLAN50,
      ifName: 'GigabitEthernet0/0',
      group: 1,
      version: 1,
      state: 'active',
      stateChanges: 2,
      lastStateChangeAgoMs: 39_400,
      vip: '192.168.1.254',
      secondaryVips: ['128.88.8.129'],
      activeVirtualMac: '0000.0c07.ac01',
      virtualMacInUse: true,
      localVirtualMac: '0000.0c07.ac01',
      localVirtualMacSource: 'v1 default',
      nextHelloInMs: 128,
      authentication: { kind: 'text', text: 'fweq12as' },
      preempt: false,
      active: 'local',
      standby: { ip: '192.168.1.2', priority: 100, expiresInMs: 8624, mac: undefined },
      priority: 110,
      configuredPriority: 110,
      tracks: [{ object: 1, state: 'up', decrement: 60, shutdown: false }],
    };
    expect(renderShowStandby([s])).toBe(
      [
        'GigabitEthernet0/0 - Group 1',
        '  State is Active',
        '    2 state changes, last state change 00:00:39',
        '  Virtual IP address is 192.168.1.254',
        '    Secondary virtual IP address 128.88.8.129',
        '  Active virtual MAC address is 0000.0c07.ac01 (MAC In Use)',
        '    Local virtual MAC address is 0000.0c07.ac01 (v1 default)',
        '  Hello time 3 sec, hold time 10 sec',
        '    Next hello sent in 0.128 secs',
        '  Authentication text, string "fweq12as"',
        '  Preemption disabled',
        '  Active router is local',
        '  Standby router is 192.168.1.2, priority 100 (expires in 8.624 sec)',
        '  Priority 110 (configured 110)',
        '    Track object 1 state Up decrement 60',
        '  Group name is "hsrp-Gi0/0-1" (default)',
        '',
      ].join('\n'),
    );
  });

  it('preemption delays, MD5 key-chain and the default priority as the fixtures print them', () => {
    const text = renderShowStandby([
      { ...VLAN50, preemptDelayReloadS: 300, preemptDelayMinimumS: 180, authentication: { kind: 'md5-key-chain', chain: 'HSRP-KEYS' }, priority: 100, configuredPriority: 100 },
    ]);
    expect(text).toContain('\n  Preemption enabled, delay min 180 secs, reload 300 secs\n');
    expect(text).toContain('\n  Authentication MD5, key-chain "HSRP-KEYS"\n');
    expect(text).toContain('\n  Priority 100 (default 100)\n');
  });

  it('formats the age of the last state change as IOS does', () => {
    expect(formatHsrpAge(39_000)).toBe('00:00:39');
    expect(formatHsrpAge((5 * 24 + 11) * 3600_000)).toBe('5d11h');
    expect(formatHsrpAge((10 * 7 + 3) * 86400_000)).toBe('10w3d');
    expect(formatHsrpAge((3 * 365 + 37 * 7) * 86400_000)).toBe('3y37w');
  });

  it('brief: the untouched rows of fixtures/ios-output/show_standby_brief.txt, column for column', () => {
    const fx = fixture('show_standby_brief.txt').split('\n');
    const rows: HsrpGroupSnapshot[] = [
      { ...VLAN50, ifName: 'Vlan1', group: 6, family: 6, priority: 120, state: 'active', active: 'local', standby: { ip: 'fe80::b', priority: 100, expiresInMs: 0, mac: undefined }, vip: 'fe80::def' },
      { ...VLAN50, ifName: 'Vlan51', group: 1, priority: 120, state: 'init', active: 'unknown', standby: 'unknown', vip: '10.1.51.1' },
    ];
    const out = renderShowStandby(rows, { brief: true }).split('\n');
    expect(out.slice(0, 3)).toEqual(fx.slice(0, 3));
    expect(out[3]).toBe(fx[4]);
    expect(out[4]).toBe(fx[5]);
  });

  it('filters by interface and group', () => {
    const two = [VLAN50, { ...VLAN50, group: 51 }];
    expect(renderShowStandby(two, { iface: 'Vlan50', group: 51 }).startsWith('Vlan50 - Group 51 (version 2)\n')).toBe(true);
    expect(renderShowStandby(two, { iface: 'Vlan99' })).toBe('');
  });

  it('a live engine: Standby and Active views with remaining timers in virtual time', () => {
    const lab = new Lab();
    lab.add('R1', hsrpConfig('R1', '10.0.0.1', ['standby version 2', 'standby 1 ip 10.0.0.254', 'standby 1 priority 110', 'standby 1 preempt']));
    lab.add('R2', hsrpConfig('R2', '10.0.0.2', ['standby version 2', 'standby 1 ip 10.0.0.254']));
    lab.run(61);
    const standby = renderShowStandby(lab.router('R2').engine!.snapshot());
    expect(standby).toMatch(
      new RegExp(
        [
          '^GigabitEthernet0/1 - Group 1 \\(version 2\\)',
          '  State is Standby',
          '    \\d state changes, last state change 00:00:\\d\\d',
          '  Virtual IP address is 10\\.0\\.0\\.254',
          '  Active virtual MAC address is 0000\\.0c9f\\.f001 \\(MAC Not In Use\\)',
          '    Local virtual MAC address is 0000\\.0c9f\\.f001 \\(v2 default\\)',
          '  Hello time 3 sec, hold time 10 sec',
          '    Next hello sent in [0-2]\\.\\d{3} secs',
          '  Preemption disabled',
          '  Active router is 10\\.0\\.0\\.1, priority 110 \\(expires in \\d+\\.\\d{3} sec\\)',
          '    MAC address is 0200\\.0000\\.0001',
          '  Standby router is local',
          '  Priority 100 \\(default 100\\)',
          '  Group name is "hsrp-Gi0/1-1" \\(default\\)\\n$',
        ].join('\\n'),
      ),
    );
    const brief = renderShowStandby(lab.router('R1').engine!.snapshot(), { brief: true }).split('\n');
    expect(brief[3]).toBe('Gi0/1       1    110 P Active  local           10.0.0.2        10.0.0.254');
  });
});
