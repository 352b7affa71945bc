import { afterAll, describe, expect, it } from 'vitest';
import { IfMap, ifMapFromSettings, parseIfMap } from '../../../src/dataplane/linux/ifmap.js';
import {
  dataInterfaces,
  expectedInterfaces,
  iproute2Lister,
  waitForInterfaces,
  watchInterfaces,
} from '../../../src/dataplane/linux/interface-wait.js';
import { Iproute2 } from '../../../src/dataplane/linux/iproute2.js';
import { Lab, netnsAvailable } from './lab.js';

describe('ifmap defaults (DESIGN D8)', () => {
  const map = new IfMap();
  it.each([
    ['GigabitEthernet0/1', 'eth1'],
    ['Gi0/2', 'eth2'],
    ['Ethernet0/3', 'eth3'],
    ['FastEthernet0/4', 'eth4'],
    ['TenGigabitEthernet0/5', 'eth5'],
    ['GigabitEthernet2', 'eth2'],
    ['GigabitEthernet0/0', 'eth0'],
    ['Loopback0', 'lo0'],
    ['Loopback12', 'lo12'],
    ['Gi0/1.10', 'eth1.10'],
    ['GigabitEthernet3.200', 'eth3.200'],
  ])('%s ↔ %s', (ios, linux) => {
    expect(map.linuxName(ios)).toBe(linux);
  });

  it('kinds: loopbacks are loopback devices, subinterfaces VLAN devices on their parent', () => {
    expect(map.resolve('Loopback0')).toEqual({ ok: true, device: { name: 'lo0', kind: 'loopback' } });
    expect(map.resolve('Gi0/1.10')).toEqual({ ok: true, device: { name: 'eth1.10', kind: 'vlan', parent: 'eth1' } });
  });

  it('leaves unmappable names unmapped, with a reason', () => {
    for (const n of ['GigabitEthernet1/0/3', 'Vlan10', 'Serial0/0', 'not-a-name']) {
      const r = map.resolve(n);
      expect(r.ok).toBe(false);
    }
    expect(map.resolve('Vlan10')).toMatchObject({ ok: false, reason: expect.stringMatching(/--ifmap/) });
    const long = new IfMap({ overrides: new Map([['GigabitEthernet0/1', 'enp0s31f6abcd']]) });
    expect(long.resolve('Gi0/1.4000')).toMatchObject({ ok: false, reason: expect.stringMatching(/longer than 15/) });
  });

  it('the management interface is never a default target, but can be mapped explicitly', () => {
    const clab = new IfMap({ management: ['eth0'] });
    expect(clab.resolve('GigabitEthernet0/0')).toMatchObject({ ok: false, reason: expect.stringMatching(/management/) });
    expect(clab.linuxName('GigabitEthernet0/1')).toBe('eth1');
    const explicit = new IfMap({ management: ['eth0'], overrides: new Map([['GigabitEthernet0/0', 'eth0']]) });
    expect(explicit.linuxName('Gi0/0')).toBe('eth0');
  });

  it('reverse lookup among the model’s names', () => {
    expect(map.iosNameFor('eth2', ['GigabitEthernet0/1', 'GigabitEthernet0/2'])).toBe('GigabitEthernet0/2');
    expect(map.iosNameFor('eth9', ['GigabitEthernet0/1'])).toBeUndefined();
  });
});

describe('ifmap overrides', () => {
  it('parses abbreviations into canonical names; subinterfaces follow an overridden parent', () => {
    const r = parseIfMap('Gi0/1=ens3, gi0/2=ens4 Lo0=lo7');
    expect(r).toEqual({
      ok: true,
      value: new Map([
        ['GigabitEthernet0/1', 'ens3'],
        ['GigabitEthernet0/2', 'ens4'],
        ['Loopback0', 'lo7'],
      ]),
    });
    if (!r.ok) return;
    const map = new IfMap({ overrides: r.value });
    expect(map.linuxName('GigabitEthernet0/1')).toBe('ens3');
    expect(map.linuxName('Gi0/1.10')).toBe('ens3.10');
    expect(map.linuxName('Gi0/3')).toBe('eth3');
    expect(parseIfMap('')).toEqual({ ok: true, value: new Map() });
  });

  it.each([
    ['Gi0/1', /expected IOS-NAME=LINUX-DEVICE/, 0],
    ['Gi0/1=ens3,Foo0/1=ens4', /'Foo0\/1' is not an IOS interface name/, 11],
    ['Gi0/1=', /'' is not a Linux device name/, 0],
    ['Gi0/1=abcdefghijklmnop', /not a Linux device name/, 0],
    ['Gi0/1=a/b', /not a Linux device name/, 0],
    ['Gi0/1=a#b', /not a Linux device name/, 0],
    ['Gi0/1=ens3,GigabitEthernet0/1=ens4', /GigabitEthernet0\/1 is mapped twice/, 11],
    ['Gi0/1=ens3,Gi0/2=ens3', /ens3 is already mapped to GigabitEthernet0\/1/, 11],
  ])('rejects %j', (text, message, offset) => {
    const r = parseIfMap(text, 'VIPR_IFMAP');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(message);
    expect(r.error.message).toMatch(/^VIPR_IFMAP: /);
    expect(r.error.offset).toBe(offset);
  });

  it('--ifmap wins over VIPR_IFMAP; containerlab makes eth0 management', () => {
    const r = ifMapFromSettings({ flag: 'Gi0/1=ens5', env: { VIPR_IFMAP: 'Gi0/1=ens3,Gi0/2=ens4', CLAB_INTFS: '2' } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.linuxName('Gi0/1')).toBe('ens5');
    expect(r.value.linuxName('Gi0/2')).toBe('ens4');
    expect(r.value.linuxName('Gi0/0')).toBeUndefined();
    const gns3 = ifMapFromSettings({ env: { GNS3_MAX_ETHERNET: 'eth3' } });
    expect(gns3.ok && gns3.value.linuxName('Gi0/0')).toBe('eth0');
    const clash = ifMapFromSettings({ flag: 'Gi0/2=ens3', env: { VIPR_IFMAP: 'Gi0/1=ens3' } });
    expect(clash).toMatchObject({ ok: false, error: { message: expect.stringMatching(/both GigabitEthernet0\/1 and GigabitEthernet0\/2 to ens3/) } });
    expect(ifMapFromSettings({ env: { VIPR_IFMAP: 'bogus' } })).toMatchObject({ ok: false, error: { source: 'VIPR_IFMAP' } });
  });
});

describe('waiting for the platform’s interfaces (ecosystem §2, §3)', () => {
  it('reads CLAB_INTFS and GNS3_MAX_ETHERNET', () => {
    expect(expectedInterfaces({ CLAB_INTFS: '3' })).toEqual({ kind: 'count', count: 3, exclude: ['eth0'], source: 'CLAB_INTFS' });
    expect(expectedInterfaces({ GNS3_MAX_ETHERNET: 'eth2' })).toEqual({ kind: 'names', names: ['eth0', 'eth1', 'eth2'], source: 'GNS3_MAX_ETHERNET' });
    expect(expectedInterfaces({})).toEqual({ kind: 'none' });
    expect(expectedInterfaces({ CLAB_INTFS: 'x' })).toEqual({ kind: 'none' });
  });

  it('counts data interfaces, not eth0, lo, vipr’s own devices', () => {
    const exp = expectedInterfaces({ CLAB_INTFS: '2' });
    expect(dataInterfaces(['lo', 'eth0', 'eth10', 'eth2', 'lo0', 'vh-eth2-h4-1', 'eth2.10'], exp)).toEqual(['eth2', 'eth10']);
  });

  it('polls until the interfaces are there', async () => {
    let present = ['lo', 'eth0'];
    setTimeout(() => (present = [...present, 'eth1']), 30);
    setTimeout(() => (present = [...present, 'eth2']), 60);
    const r = await waitForInterfaces(expectedInterfaces({ CLAB_INTFS: '2' }), { list: async () => present, pollMs: 5, timeoutMs: 5000 });
    expect(r.complete).toBe(true);
    expect(r.missing).toBe(0);
    expect(r.elapsedMs).toBeGreaterThanOrEqual(50);
  });

  it('gives up after the timeout and says what is missing', async () => {
    const r = await waitForInterfaces(expectedInterfaces({ GNS3_MAX_ETHERNET: 'eth2' }), { list: async () => ['lo', 'eth0'], pollMs: 5, timeoutMs: 40 });
    expect(r.complete).toBe(false);
    expect(r.missing).toEqual(['eth1', 'eth2']);
  });
});

const available = await netnsAvailable();

describe.skipIf(!available)('interfaces appearing in a real namespace', () => {
  const lab = new Lab('vpw');
  afterAll(async () => {
    await lab.destroy();
  });

  it('waits for veths added after start-up and reports the ones that come later', async () => {
    const ns = await lab.ns('r');
    const other = await lab.ns('o');
    const list = iproute2Lister(new Iproute2({ netns: ns }));
    const changes: { appeared: readonly string[]; disappeared: readonly string[] }[] = [];
    const stop = watchInterfaces((c) => changes.push(c), { list, pollMs: 20 });
    try {
      setTimeout(() => void lab.ip(ns, 'link', 'add', 'eth1', 'type', 'veth', 'peer', 'name', 'p1', 'netns', other), 50);
      const r = await waitForInterfaces(expectedInterfaces({ CLAB_INTFS: '1' }), { list, pollMs: 10, timeoutMs: 5000 });
      expect(r.complete).toBe(true);
      expect(r.present).toContain('eth1');
      await lab.ip(ns, 'link', 'add', 'eth2', 'type', 'veth', 'peer', 'name', 'p2', 'netns', other);
      // The watcher polls on its own schedule (slow under load): let it see eth1 and eth2 before eth1 goes.
      const seen = performance.now() + 5000;
      const appearedSoFar = (): string[] => changes.flatMap((c) => c.appeared);
      while (performance.now() < seen && !(appearedSoFar().includes('eth1') && appearedSoFar().includes('eth2'))) await new Promise((res) => setTimeout(res, 10));
      await lab.ip(ns, 'link', 'del', 'eth1');
      const until = performance.now() + 3000;
      while (performance.now() < until && !changes.some((c) => c.disappeared.includes('eth1'))) await new Promise((res) => setTimeout(res, 10));
      const appeared = changes.flatMap((c) => c.appeared);
      expect(appeared).toEqual(expect.arrayContaining(['lo', 'eth1', 'eth2']));
      expect(changes.flatMap((c) => c.disappeared)).toContain('eth1');
    } finally {
      stop();
    }
  });
});
