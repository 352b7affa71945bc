import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderShowVrrp } from '../../../src/protocols/vrrp/show.js';
import type { VrrpGroupSnapshot, VrrpInterfaceSnapshot } from '../../../src/protocols/vrrp/snapshot.js';
import { REPO_ROOT } from '../../support/tshark.js';
import { Lab } from './lab.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'ios-output');

function fixture(name: string): string | undefined {
  try {
    return readFileSync(join(FIXTURES, name), 'utf8');
  } catch {
    return undefined;
  }
}

const BASE: VrrpGroupSnapshot = {
  ifName: 'FastEthernet0/1',
  vrid: 1,
  family: 4,
  form: 'legacy',
  version: 2,
  description: undefined,
  adminShutdown: false,
  state: 'master',
  initReason: undefined,
  stateDurationMs: 0,
  stateChanges: 1,
  virtualIp: '192.168.88.1',
  secondaryVips: [],
  virtualMac: '0000.5e00.0101',
  advertisementIntervalMs: 1000,
  preempt: true,
  preemptDelaySec: 0,
  priority: 110,
  configuredPriority: 110,
  owner: false,
  tracks: [],
  authentication: undefined,
  master: undefined,
  masterAdvertisementIntervalMs: 1000,
  masterAdvertisementLearned: false,
  nextAdvertInMs: undefined,
  masterDownIntervalMs: 3570.3125,
  masterDownExpiresInMs: undefined,
  checksumStyle: 'plain',
  acceptMode: true,
  acceptingVipTraffic: true,
  peers: [],
  counters: { advertsSent: 0, advertsReceived: 0, addressListMismatches: 0, drops: {} },
};

function g(p: Partial<VrrpGroupSnapshot>): VrrpGroupSnapshot {
  return { ...BASE, ...p };
}

function byInterface(groups: readonly VrrpGroupSnapshot[]): VrrpInterfaceSnapshot[] {
  const out: VrrpInterfaceSnapshot[] = [];
  for (const x of groups) {
    const last = out[out.length - 1];
    if (last?.ifName === x.ifName) out[out.length - 1] = { ...last, groups: [...last.groups, x] };
    else out.push({ ifName: x.ifName, groups: [x], unknownVridDrops: 0 });
  }
  return out;
}

const up1 = { object: 1, state: 'up' as const, decrement: 10, shutdown: false };

/** The groups of fixtures/ios-output/show_vrrp_all.txt and show_vrrp_brief.txt (IOS 15, VRRPv2). */
const LEGACY = byInterface([
  g({ tracks: [up1], authentication: { kind: 'md5-key-string', key: { type: 0, text: 'highavailability' }, timeout: undefined }, master: { address: '192.168.88.2', local: true, priority: 110 } }),
  g({ ifName: 'FastEthernet0/1.2', vrid: 2, virtualIp: '10.0.2.1', virtualMac: '0000.5e00.0102', tracks: [up1], master: { address: '10.0.2.2', local: true, priority: 110 } }),
  g({
    ifName: 'FastEthernet0/1.3',
    vrid: 3,
    state: 'backup',
    virtualIp: '10.0.3.1',
    virtualMac: '0000.5e00.0103',
    tracks: [up1],
    master: { address: '10.0.3.3', local: false, priority: 120 },
    masterDownExpiresInMs: 2738.5,
  }),
  g({
    ifName: 'FastEthernet0/1.4',
    vrid: 4,
    state: 'init',
    virtualIp: '10.0.4.1',
    virtualMac: '0000.5e00.0104',
    priority: 100,
    configuredPriority: 100,
    master: { address: '10.0.4.3', local: false, priority: 120 },
    masterDownIntervalMs: 3609.375,
  }),
  g({
    ifName: 'FastEthernet0/1.5',
    vrid: 5,
    state: 'backup',
    virtualIp: '10.0.5.1',
    virtualMac: '0000.5e00.0105',
    priority: 90,
    configuredPriority: 110,
    tracks: [{ object: 2, state: 'down', decrement: 20, shutdown: false }],
    master: { address: '10.0.5.3', local: false, priority: 105 },
    masterDownExpiresInMs: 2706,
  }),
]);

const XE_BASE: Partial<VrrpGroupSnapshot> = { form: 'xe', version: 3 };
const upXe = { object: 1, state: 'up' as const, decrement: 10, shutdown: false };

/** The groups of fixtures/ios-output/show_vrrpv3_all.txt and show_vrrpv3_brief.txt (IOS-XE). */
const XE = byInterface([
  g({ ...XE_BASE, ifName: 'GigabitEthernet0/0', virtualIp: '10.0.1.1', stateDurationMs: (37 * 60 + 23.08) * 1000, tracks: [upXe], master: { address: '10.0.1.2', local: true, priority: 110 }, nextAdvertInMs: 32.4 }),
  g({
    ...XE_BASE,
    ifName: 'GigabitEthernet0/0',
    vrid: 6,
    family: 6,
    virtualIp: 'fe80::1:1',
    virtualMac: '0000.5e00.0206',
    stateDurationMs: (37 * 60 + 22.12) * 1000,
    tracks: [{ ...upXe, shutdown: true }],
    master: { address: 'fe80::1:a', local: true, priority: 110 },
    nextAdvertInMs: 260,
  }),
  g({
    ...XE_BASE,
    ifName: 'GigabitEthernet0/0.4010',
    state: 'backup',
    virtualIp: '10.254.1.1',
    stateDurationMs: (37 * 60 + 14.859) * 1000,
    master: { address: '10.254.1.3', local: false, priority: 120 },
    masterAdvertisementLearned: true,
    masterDownExpiresInMs: 3194.2,
  }),
  g({
    ...XE_BASE,
    ifName: 'GigabitEthernet0/0.4010',
    vrid: 6,
    family: 6,
    state: 'backup',
    virtualIp: 'fe80::4010:1',
    virtualMac: '0000.5e00.0206',
    stateDurationMs: (37 * 60 + 13.888) * 1000,
    master: { address: 'fe80::4010:3', local: false, priority: 120 },
    masterAdvertisementLearned: true,
    masterDownExpiresInMs: 3420,
  }),
  g({
    ...XE_BASE,
    ifName: 'GigabitEthernet0/0.2600',
    state: 'backup',
    virtualIp: '172.26.0.1',
    stateDurationMs: (2 * 60 + 48.646) * 1000,
    priority: 90,
    configuredPriority: 110,
    tracks: [{ object: 2, state: 'down', decrement: 20, shutdown: false }],
    master: { address: '172.26.0.3', local: false, priority: 100 },
    masterAdvertisementLearned: true,
    masterDownIntervalMs: 3648.4375,
    masterDownExpiresInMs: 3427,
  }),
  g({
    ...XE_BASE,
    ifName: 'GigabitEthernet0/0.2600',
    vrid: 6,
    family: 6,
    state: 'init',
    initReason: 'Group is shutdown - Tracked object down',
    virtualIp: 'fe80::2600:1',
    virtualMac: '0000.5e00.0206',
    stateDurationMs: (8 * 60 + 57.183) * 1000,
    tracks: [{ object: 2, state: 'down', decrement: 10, shutdown: true }],
    master: undefined,
  }),
]);

describe('show vrrp rendering against real device output (spec §6.3-6.5)', () => {
  const cases: [string, VrrpInterfaceSnapshot[], { brief?: boolean; all?: boolean }, string][] = [
    ['show_vrrp_all.txt', LEGACY, { all: true }, 'legacy detail'],
    ['show_vrrp_brief.txt', LEGACY, { brief: true }, 'legacy brief'],
    ['show_vrrpv3_all.txt', XE, { all: true }, 'IOS-XE detail'],
  ];
  for (const [file, snaps, opts, what] of cases) {
    const text = fixture(file);
    it.skipIf(text === undefined)(`${what} is byte for byte ${file}${text === undefined ? ' (skipped: ../shared fixtures absent)' : ''}`, () => {
      expect(renderShowVrrp(snaps, opts)).toBe(text);
    });
  }

  const brief = fixture('show_vrrpv3_brief.txt');
  it.skipIf(brief === undefined)('IOS-XE brief is byte for byte show_vrrpv3_brief.txt (its first five groups)', () => {
    // The fixture's brief lists the groups of the detail output except the INIT one.
    const five = XE.map((s) => ({ ...s, groups: s.groups.filter((x) => x.state !== 'init') }));
    expect(renderShowVrrp(five, { brief: true })).toBe(brief);
  });

  it('leaves shut-down groups out unless `all`, and filters by interface', () => {
    const shut = byInterface([g({ adminShutdown: true, state: 'init' }), g({ ifName: 'FastEthernet0/2', vrid: 2 })]);
    expect(renderShowVrrp(shut, { brief: true }).split('\n')).toHaveLength(4);
    expect(renderShowVrrp(shut, { brief: true, all: true }).split('\n')).toHaveLength(5);
    expect(renderShowVrrp(shut, { interface: 'fastethernet0/2' })).toContain('FastEthernet0/2 - Group 2  ');
    expect(renderShowVrrp(shut, { interface: 'FastEthernet0/9' })).toBe('');
  });

  it('renders the owner, preempt delay, text auth, description and secondary VIPs', () => {
    const text = renderShowVrrp(
      byInterface([
        g({
          owner: true,
          priority: 255,
          configuredPriority: 255,
          preemptDelaySec: 30,
          description: 'GW',
          secondaryVips: ['192.168.88.3'],
          authentication: { kind: 'text', text: 'cisco' },
          master: { address: '192.168.88.1', local: true, priority: 255 },
        }),
      ]),
      {},
    );
    expect(text.split('\n')).toEqual([
      'FastEthernet0/1 - Group 1  ',
      '  Description is "GW"',
      '  State is Master  ',
      '  Virtual IP address is 192.168.88.1',
      '  Virtual secondary IP addresses:',
      '    192.168.88.3',
      '  Virtual MAC address is 0000.5e00.0101',
      '  Advertisement interval is 1.000 sec',
      '  Preemption enabled, delay min 30 secs',
      '  Priority is 255 ',
      '  Authentication text "cisco"',
      '  Master Router is 192.168.88.1 (local), priority is 255 ',
      '  Master Advertisement interval is 1.000 sec',
      '  Master Down interval is 3.570 sec',
      '',
      '',
    ]);
    const brief = renderShowVrrp(byInterface([g({ owner: true, priority: 255, master: { address: '192.168.88.1', local: true, priority: 255 } })]), { brief: true });
    expect(brief.split('\n')[1]).toBe('Fa0/1              1   255 3570   Y   Y  Master  192.168.88.1    192.168.88.1   ');
  });
});

describe('show vrrp from running engines', () => {
  it('a legacy Master and Backup pair shows the fixture layout with live countdowns', () => {
    const lab = new Lab();
    const cfg = (addr: string, pri: number): string =>
      ['interface FastEthernet0/1', ` ip address ${addr} 255.255.255.0`, ' vrrp 1 ip 192.168.88.1', ` vrrp 1 priority ${pri}`, ''].join('\n');
    const m = lab.add('M', cfg('192.168.88.3', 120), 3);
    const b = lab.add('B', cfg('192.168.88.2', 110), 2);
    lab.advance(10_000);
    // M (priority 120) became Master at 3531.25 ms and advertises every second; its last advert
    // before 10 s left at 9531.25, so 363 ms later the Backup's timer has 3570.3125 - 831.75 =
    // 2738.5625 ms to run, printed truncated as the fixture's 2.738.
    lab.advance(363);
    expect(renderShowVrrp([b.engine.snapshot()]).split('\n').slice(-5)).toEqual([
      '  Master Router is 192.168.88.3, priority is 120 ',
      '  Master Advertisement interval is 1.000 sec',
      '  Master Down interval is 3.570 sec (expires in 2.738 sec)',
      '',
      '',
    ]);
    expect(renderShowVrrp([m.engine.snapshot(), b.engine.snapshot()], { brief: true })).toBe(
      [
        'Interface          Grp Pri Time  Own Pre State   Master addr     Group addr',
        'Fa0/1              1   120 3531       Y  Master  192.168.88.3    192.168.88.1   ',
        'Fa0/1              1   110 3570       Y  Backup  192.168.88.3    192.168.88.1   ',
        '',
        '',
      ].join('\n'),
    );
  });

  it('an IOS-XE Backup shows "(learned)" and msec countdowns', () => {
    const lab = new Lab();
    const cfg = (addr: string, pri: number): string =>
      ['fhrp version vrrp v3', 'interface GigabitEthernet0/0', ` ip address ${addr} 255.255.255.0`, ' vrrp 1 address-family ipv4', '  address 10.0.1.1 primary', `  priority ${pri}`, ''].join('\n');
    lab.add('M', cfg('10.0.1.3', 120), 3);
    const b = lab.add('B', cfg('10.0.1.2', 110), 2);
    lab.advance(10_000);
    // M's adverts leave at 3531.25 + k·1000 ms; 376 ms after the one at 10531.25, 3194.3125 remain.
    lab.advance(907.25);
    const lines = renderShowVrrp([b.engine.snapshot()]).split('\n');
    expect(lines.slice(0, 3)).toEqual(['', 'GigabitEthernet0/0 - Group 1 - Address-Family IPv4', '  State is BACKUP']);
    expect(lines).toContain('  Master Advertisement interval is 1000 msec (learned)');
    expect(lines).toContain('  Master Down interval is 3570 msec (expires in 3194 msec)');
    expect(lines).toContain('  Virtual MAC address is 0000.5E00.0101');
  });
});
