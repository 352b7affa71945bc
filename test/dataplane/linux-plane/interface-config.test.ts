/**
 * Interface reconciliation: the planner on synthetic kernel states (pure), then the configurator on a
 * real namespace (this file's own, via the test-local lab.ts), applying a configuration and then a
 * changed one and checking with `ip -json` that only the difference was applied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { IfMap } from '../../../src/dataplane/linux/ifmap.js';
import {
  desiredState,
  emptyOwnership,
  eui64Address,
  InterfaceConfigurator,
  planReconcile,
  VIPR_ROUTE_PROTOCOL,
  type CurrentState,
} from '../../../src/dataplane/linux/interface-config.js';
import { Iproute2, type IpLinkWithAddrs } from '../../../src/dataplane/linux/iproute2.js';
import { createSysctl } from '../../../src/dataplane/linux/sysctl.js';
import type { RouterConfig } from '../../../src/model/types.js';
import { Lab, linkTypeAvailable, netnsAvailable } from './lab.js';

function config(text: string): RouterConfig {
  const r = loadConfig(text);
  expect(r.diagnostics).toEqual([]);
  return r.config;
}

function link(ifname: string, extra: Partial<IpLinkWithAddrs> = {}): IpLinkWithAddrs {
  return { ifindex: 1, ifname, flags: ['BROADCAST', 'MULTICAST', 'UP'], mtu: 1500, address: '02:00:00:00:00:01', addr_info: [], ...extra };
}

const addr = (local: string, prefixlen: number) => ({ family: local.includes(':') ? 'inet6' : 'inet', local, prefixlen });

describe('desiredState and planReconcile (pure)', () => {
  const ifmap = new IfMap({ management: ['eth0'] });

  it('maps interfaces, subinterfaces, loopbacks and routes; reports what cannot be mapped', () => {
    const { state, problems } = desiredState(
      config(`interface GigabitEthernet0/0
 ip address 172.20.0.2 255.255.255.0
interface GigabitEthernet0/1
 ip address 10.0.0.1 255.255.255.0
 ip address 10.0.1.1 255.255.255.0 secondary
 ipv6 address 2001:db8:1::1/64
 mtu 1400
interface GigabitEthernet0/1.10
 encapsulation dot1Q 100
 ip address 10.10.0.1 255.255.255.0
interface Loopback0
 ip address 1.1.1.1 255.255.255.255
ip route 0.0.0.0 0.0.0.0 10.0.0.254
ip route 10.8.0.0 255.255.0.0 GigabitEthernet0/1 10.0.0.253 5
ip route 10.7.0.0 255.255.0.0 10.0.0.251
ip route 10.7.0.0 255.255.0.0 10.0.0.252
ipv6 route 2001:db8:99::/48 2001:db8:1::fe
`),
      ifmap,
    );
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/GigabitEthernet0\/0 would be eth0, the management interface/)]);
    expect(state.devices).toEqual([
      { ios: 'Loopback0', dev: 'lo0', kind: 'loopback', parent: undefined, vlanId: undefined, up: true, mtu: undefined, addresses: ['1.1.1.1/32'] },
      { ios: 'GigabitEthernet0/1', dev: 'eth1', kind: 'ethernet', parent: undefined, vlanId: undefined, up: true, mtu: 1400, addresses: ['10.0.0.1/24', '10.0.1.1/24', '2001:db8:1::1/64'] },
      { ios: 'GigabitEthernet0/1.10', dev: 'eth1.10', kind: 'vlan', parent: 'eth1', vlanId: 100, up: true, mtu: undefined, addresses: ['10.10.0.1/24'] },
    ]);
    expect(state.routes).toEqual([
      { family: 4, dst: '0.0.0.0/0', metric: 1, nexthops: [{ gateway: '10.0.0.254', dev: undefined }] },
      { family: 4, dst: '10.7.0.0/16', metric: 1, nexthops: [{ gateway: '10.0.0.251', dev: undefined }, { gateway: '10.0.0.252', dev: undefined }] },
      { family: 4, dst: '10.8.0.0/16', metric: 5, nexthops: [{ gateway: '10.0.0.253', dev: 'eth1' }] },
      { family: 6, dst: '2001:db8:99::/48', metric: 1, nexthops: [{ gateway: '2001:db8:1::fe', dev: undefined }] },
    ]);
    expect(state.ipv4Forwarding).toBe(true);
  });

  it('plans creation, addresses, MTU, admin state and routes against an empty kernel; pending when the device is absent', () => {
    const { state } = desiredState(
      config(`interface GigabitEthernet0/1
 ip address 10.0.0.1 255.255.255.0
 shutdown
interface GigabitEthernet0/1.10
 encapsulation dot1Q 100
 ip address 10.10.0.1 255.255.255.0
interface GigabitEthernet0/2
 ip address 10.0.2.1 255.255.255.0
interface Loopback0
 ip address 1.1.1.1 255.255.255.255
ip route 10.7.0.0 255.255.0.0 10.0.0.251
ip route 10.7.0.0 255.255.0.0 10.0.0.252
`),
      ifmap,
    );
    const current: CurrentState = { links: [link('lo', { flags: ['LOOPBACK', 'UP'] }), link('eth0', { addr_info: [addr('172.20.0.2', 24)] }), link('eth1')], routes: [] };
    const plan = planReconcile(state, current, emptyOwnership());
    expect(plan.pending).toEqual(['GigabitEthernet0/2']);
    expect(plan.create).toEqual([
      ['link', 'add', 'name', 'lo0', 'type', 'dummy'],
      ['link', 'set', 'dev', 'lo0', 'alias', 'vipr-if Loopback0'],
      ['link', 'add', 'link', 'eth1', 'name', 'eth1.10', 'type', 'vlan', 'id', '100'],
      ['link', 'set', 'dev', 'eth1.10', 'alias', 'vipr-if GigabitEthernet0/1.10'],
    ]);
    expect(plan.changes).toEqual([
      ['link', 'set', 'dev', 'lo0', 'up'],
      ['addr', 'add', '1.1.1.1/32', 'dev', 'lo0'],
      ['link', 'set', 'dev', 'eth1', 'down'],
      ['addr', 'add', '10.0.0.1/24', 'dev', 'eth1'],
      ['link', 'set', 'dev', 'eth1.10', 'up'],
      ['addr', 'add', '10.10.0.1/24', 'dev', 'eth1.10'],
    ]);
    expect(plan.routes).toEqual([['route', 'replace', '10.7.0.0/16', 'nexthop', 'via', '10.0.0.251', 'nexthop', 'via', '10.0.0.252', 'metric', '1', 'proto', String(VIPR_ROUTE_PROTOCOL)]]);
    expect(plan.sysctls.get('net/ipv4/conf/eth1/promote_secondaries')).toBe('1');
    expect(plan.sysctls.get('net/ipv6/conf/eth1/keep_addr_on_down')).toBe('1');
    expect(plan.sysctls.has('net/ipv4/conf/eth0/promote_secondaries')).toBe(false);
  });

  it('removes only what it owns; a changed VLAN id remakes vipr’s own device; MTU goes back to what it was', () => {
    const before = config(`interface GigabitEthernet0/1
 ip address 10.0.0.1 255.255.255.0
 mtu 1400
`);
    const current: CurrentState = {
      links: [
        link('eth1', { mtu: 9500, addr_info: [addr('192.168.99.1', 24)] }),
        link('eth1.10', { linkinfo: { info_kind: 'vlan', info_data: { id: 10 } }, ifalias: 'vipr-if GigabitEthernet0/1.10' }),
        link('eth2.20', { linkinfo: { info_kind: 'vlan', info_data: { id: 20 } } }),
      ],
      routes: [],
    };
    const first = planReconcile(desiredState(before, ifmap).state, current, emptyOwnership());
    expect(first.changes).toEqual([
      ['link', 'set', 'dev', 'eth1', 'mtu', '1400'],
      ['addr', 'add', '10.0.0.1/24', 'dev', 'eth1'],
    ]);
    // eth1.10 is vipr's and the model no longer has it; eth2.20 is someone else's.
    expect(first.remove).toEqual([['link', 'del', 'dev', 'eth1.10']]);
    expect(first.ownership.mtus.get('eth1')).toBe(9500);

    const after = config(`interface GigabitEthernet0/1
 ip address 10.0.0.2 255.255.255.0
interface GigabitEthernet0/1.10
 encapsulation dot1Q 11
interface GigabitEthernet0/2.20
 encapsulation dot1Q 21
`);
    const now: CurrentState = {
      links: [
        link('eth1', { mtu: 1400, addr_info: [addr('192.168.99.1', 24), addr('10.0.0.1', 24)] }),
        link('eth1.10', { linkinfo: { info_kind: 'vlan', info_data: { id: 10 } }, ifalias: 'vipr-if GigabitEthernet0/1.10' }),
        link('eth2'),
        link('eth2.20', { linkinfo: { info_kind: 'vlan', info_data: { id: 20 } } }),
      ],
      routes: [],
    };
    const second = planReconcile(desiredState(after, ifmap).state, now, first.ownership);
    expect(second.changes).toEqual([
      ['link', 'set', 'dev', 'eth1', 'mtu', '9500'],
      ['addr', 'add', '10.0.0.2/24', 'dev', 'eth1'],
      ['addr', 'del', '10.0.0.1/24', 'dev', 'eth1'],
      ['link', 'set', 'dev', 'eth1.10', 'up'],
    ]);
    expect(second.create).toEqual([
      ['link', 'del', 'dev', 'eth1.10'],
      ['link', 'add', 'link', 'eth1', 'name', 'eth1.10', 'type', 'vlan', 'id', '11'],
      ['link', 'set', 'dev', 'eth1.10', 'alias', 'vipr-if GigabitEthernet0/1.10'],
    ]);
    expect(second.problems.map((p) => p.message)).toEqual([expect.stringMatching(/eth2\.20 is VLAN 20, not 21, and vipr did not create it/)]);
    expect(second.remove).toEqual([]);
  });

  it('native VLAN addresses go on the parent; EUI-64 addresses come from the device MAC', () => {
    const { state } = desiredState(
      config(`interface GigabitEthernet0/1.1
 encapsulation dot1Q 1 native
 ip address 10.1.0.1 255.255.255.0
interface GigabitEthernet0/2
 ipv6 address 2001:db8:2::/64 eui-64
`),
      ifmap,
    );
    const plan = planReconcile(state, { links: [link('eth1'), link('eth2', { address: '52:54:00:12:34:56' })], routes: [] }, emptyOwnership());
    expect(plan.changes).toEqual([
      ['addr', 'add', '2001:db8:2:0:5054:ff:fe12:3456/64', 'dev', 'eth2'],
      ['addr', 'add', '10.1.0.1/24', 'dev', 'eth1'],
    ]);
    expect(eui64Address('2001:db8::/64', '00:00:5e:00:01:01')).toBe('2001:db8::200:5eff:fe00:101/64');
  });

  it('routes: unchanged ones are left alone, changed ones replaced, vipr’s stale ones deleted', () => {
    const { state } = desiredState(
      config(`ip route 0.0.0.0 0.0.0.0 10.0.0.254
ip route 10.8.0.0 255.255.0.0 10.0.0.253 5
`),
      ifmap,
    );
    const current: CurrentState = {
      links: [link('eth1')],
      routes: [
        { family: 4, dst: 'default', gateway: '10.0.0.254', dev: 'eth1', metric: 1, flags: [], protocol: '118' },
        { family: 4, dst: '10.8.0.0/16', gateway: '10.0.0.250', dev: 'eth1', metric: 5, flags: [], protocol: '118' },
        { family: 4, dst: '10.6.0.1', gateway: '10.0.0.250', dev: 'eth1', metric: 1, flags: [], protocol: '118' },
      ],
    };
    const plan = planReconcile(state, current, emptyOwnership());
    expect(plan.routes).toEqual([
      ['route', 'replace', '10.8.0.0/16', 'via', '10.0.0.253', 'metric', '5', 'proto', '118'],
      ['route', 'del', '10.6.0.1/32', 'metric', '1', 'proto', '118'],
    ]);
  });
});

const available = await netnsAvailable();
const vlanAvailable = available && (await linkTypeAvailable('vlan'));

describe.skipIf(!available)('InterfaceConfigurator on a real namespace', () => {
  const lab = new Lab('vpc');
  let r = '';
  let peer = '';
  let ip: Iproute2;
  let configurator: InterfaceConfigurator;
  const warnings: string[] = [];

  const links = async (): Promise<IpLinkWithAddrs[]> => lab.json<IpLinkWithAddrs[]>(r, '-details', 'addr', 'show');
  const addrsOf = async (dev: string): Promise<string[]> =>
    ((await links()).find((l) => l.ifname === dev)?.addr_info ?? []).filter((a) => a.scope !== 'link').map((a) => `${a.local}/${a.prefixlen}`);
  const routes = async (): Promise<{ dst: string; gateway?: string; metric?: number; nexthops?: unknown[]; type?: string }[]> =>
    lab.json(r, 'route', 'show', 'proto', String(VIPR_ROUTE_PROTOCOL));

  beforeAll(async () => {
    try {
      r = await lab.ns('r');
      peer = await lab.ns('p');
      for (const dev of ['eth0', 'eth1', 'eth2']) {
        await lab.ip(r, 'link', 'add', dev, 'type', 'veth', 'peer', 'name', `x${dev}`, 'netns', peer);
        await lab.ip(peer, 'link', 'set', `x${dev}`, 'up');
      }
      // eth0 plays containerlab's management interface, with docker's address.
      await lab.ip(r, 'addr', 'add', '172.20.20.2/24', 'dev', 'eth0');
      await lab.ip(r, 'link', 'set', 'eth0', 'up');
      // An address someone else put on eth1: never vipr's to remove.
      await lab.ip(r, 'addr', 'add', '192.168.99.1/24', 'dev', 'eth1');
      ip = new Iproute2({ netns: r });
      configurator = new InterfaceConfigurator({ ip, sysctl: createSysctl(r), ifmap: new IfMap({ management: ['eth0'] }), onWarning: (w) => warnings.push(w) });
    } catch (e) {
      await lab.destroy();
      throw e;
    }
  });

  afterAll(async () => {
    await lab.destroy();
  });

  it('applies a configuration, then only the difference of a changed one', async () => {
    const first = await configurator.apply(
      config(`interface GigabitEthernet0/0
 shutdown
interface GigabitEthernet0/1
 ip address 10.0.0.1 255.255.255.0
 ip address 10.0.1.1 255.255.255.0 secondary
 ipv6 address 2001:db8:1::1/64
 mtu 1400
interface GigabitEthernet0/2
 ip address 10.0.2.1 255.255.255.0
 shutdown
interface GigabitEthernet0/3
 ip address 10.0.3.1 255.255.255.0
interface Loopback0
 ip address 1.1.1.1 255.255.255.255
ip route 10.8.0.0 255.255.0.0 10.0.0.253 5
ip route 10.7.0.0 255.255.0.0 GigabitEthernet0/1
ip route 0.0.0.0 0.0.0.0 10.0.0.254
`),
    );
    console.log(`first apply: ${first.elapsedMs.toFixed(1)} ms, ${first.applied.length} changes`);
    expect(first.pending).toEqual(['GigabitEthernet0/3']);
    expect(first.problems.map((p) => p.message)).toEqual([expect.stringMatching(/GigabitEthernet0\/0 would be eth0, the management interface/)]);
    // eth0 (management) untouched: still up with docker's address.
    expect((await links()).find((l) => l.ifname === 'eth0')?.flags).toContain('UP');
    expect(await addrsOf('eth0')).toEqual(['172.20.20.2/24']);
    const eth1 = (await links()).find((l) => l.ifname === 'eth1');
    expect(eth1?.mtu).toBe(1400);
    expect(eth1?.flags).toContain('UP');
    expect((await addrsOf('eth1')).sort()).toEqual(['10.0.0.1/24', '10.0.1.1/24', '192.168.99.1/24', '2001:db8:1::1/64']);
    const eth2 = (await links()).find((l) => l.ifname === 'eth2');
    expect(eth2?.flags).not.toContain('UP');
    expect(await addrsOf('eth2')).toEqual(['10.0.2.1/24']);
    const lo0 = (await links()).find((l) => l.ifname === 'lo0');
    expect(['dummy', 'ifb']).toContain(lo0?.linkinfo?.info_kind);
    expect(lo0?.ifalias).toBe('vipr-if Loopback0');
    expect(await addrsOf('lo0')).toEqual(['1.1.1.1/32']);
    expect((await routes()).map((x) => [x.dst, x.gateway, x.metric]).sort()).toEqual([
      ['10.7.0.0/16', undefined, 1],
      ['10.8.0.0/16', '10.0.0.253', 5],
      ['default', '10.0.0.254', 1],
    ]);
    expect(await lab.readSysctl(r, 'net/ipv4/ip_forward')).toBe('1');
    expect(await lab.readSysctl(r, 'net/ipv4/conf/eth1/promote_secondaries')).toBe('1');

    // The same configuration again: nothing to do.
    const same = await configurator.apply(
      config(`interface GigabitEthernet0/1
 ip address 10.0.0.1 255.255.255.0
 ip address 10.0.1.1 255.255.255.0 secondary
 ipv6 address 2001:db8:1::1/64
 mtu 1400
interface GigabitEthernet0/2
 ip address 10.0.2.1 255.255.255.0
 shutdown
interface Loopback0
 ip address 1.1.1.1 255.255.255.255
ip route 10.8.0.0 255.255.0.0 10.0.0.253 5
ip route 10.7.0.0 255.255.0.0 GigabitEthernet0/1
ip route 0.0.0.0 0.0.0.0 10.0.0.254
`),
    );
    expect(same.applied).toEqual([]);

    // A changed configuration: new primary, secondary gone, MTU back to default, eth2 up, loopback
    // gone, a route changed and one removed, no ip routing.
    const second = await configurator.apply(
      config(`no ip routing
interface GigabitEthernet0/1
 ip address 10.0.0.2 255.255.255.0
 ipv6 address 2001:db8:1::1/64
interface GigabitEthernet0/2
 ip address 10.0.2.1 255.255.255.0
ip route 10.8.0.0 255.255.0.0 10.0.0.252 5
ip route 0.0.0.0 0.0.0.0 10.0.0.254
`),
    );
    console.log(`second apply: ${second.elapsedMs.toFixed(1)} ms:\n  ${second.applied.join('\n  ')}`);
    expect(second.problems).toEqual([]);
    expect([...second.applied].sort()).toEqual(
      [
        'ip link set dev eth1 mtu 1500',
        'ip addr add 10.0.0.2/24 dev eth1',
        'ip addr del 10.0.0.1/24 dev eth1',
        'ip addr del 10.0.1.1/24 dev eth1',
        'ip link set dev eth2 up',
        'ip route replace 10.8.0.0/16 via 10.0.0.252 metric 5 proto 118',
        'ip route del 10.7.0.0/16 metric 1 proto 118',
        'ip link del dev lo0',
        'sysctl net/ipv4/ip_forward=0',
      ].sort(),
    );
    expect((await links()).find((l) => l.ifname === 'eth1')?.mtu).toBe(1500);
    expect((await addrsOf('eth1')).sort()).toEqual(['10.0.0.2/24', '192.168.99.1/24', '2001:db8:1::1/64']);
    expect((await links()).find((l) => l.ifname === 'eth2')?.flags).toContain('UP');
    expect((await links()).some((l) => l.ifname === 'lo0')).toBe(false);
    expect((await routes()).map((x) => [x.dst, x.gateway, x.metric]).sort()).toEqual([
      ['10.8.0.0/16', '10.0.0.252', 5],
      ['default', '10.0.0.254', 1],
    ]);
    expect(await lab.readSysctl(r, 'net/ipv4/ip_forward')).toBe('0');

    // shutdown keeps the IPv6 address (keep_addr_on_down), as IOS keeps its configuration.
    await configurator.apply(
      config(`interface GigabitEthernet0/1
 ip address 10.0.0.2 255.255.255.0
 ipv6 address 2001:db8:1::1/64
 shutdown
`),
    );
    expect((await addrsOf('eth1')).sort()).toEqual(['10.0.0.2/24', '192.168.99.1/24', '2001:db8:1::1/64']);

    // An empty configuration removes everything vipr put there and nothing else.
    const last = await configurator.apply(config(''));
    expect(last.problems).toEqual([]);
    expect(await addrsOf('eth1')).toEqual(['192.168.99.1/24']);
    expect(await addrsOf('eth2')).toEqual([]);
    expect(await routes()).toEqual([]);
  });

  it('an interface that appears later is configured by the next apply', async () => {
    const text = `interface GigabitEthernet0/4
 ip address 10.0.4.1 255.255.255.0
`;
    expect((await configurator.apply(config(text))).pending).toEqual(['GigabitEthernet0/4']);
    await lab.ip(r, 'link', 'add', 'eth4', 'type', 'veth', 'peer', 'name', 'xeth4', 'netns', peer);
    const report = await configurator.apply(config(text));
    expect(report.pending).toEqual([]);
    expect(await addrsOf('eth4')).toEqual(['10.0.4.1/24']);
    await configurator.apply(config(''));
  });

  it.skipIf(!vlanAvailable)('a dot1Q subinterface is a VLAN device, remade when its VLAN id changes', async () => {
    await configurator.apply(
      config(`interface GigabitEthernet0/1.10
 encapsulation dot1Q 10
 ip address 10.10.0.1 255.255.255.0
`),
    );
    let dev = (await links()).find((l) => l.ifname === 'eth1.10');
    expect(dev?.linkinfo).toMatchObject({ info_kind: 'vlan', info_data: { id: 10 } });
    expect(await addrsOf('eth1.10')).toEqual(['10.10.0.1/24']);
    await configurator.apply(
      config(`interface GigabitEthernet0/1.10
 encapsulation dot1Q 11
 ip address 10.10.0.1 255.255.255.0
`),
    );
    dev = (await links()).find((l) => l.ifname === 'eth1.10');
    expect(dev?.linkinfo).toMatchObject({ info_kind: 'vlan', info_data: { id: 11 } });
    expect(await addrsOf('eth1.10')).toEqual(['10.10.0.1/24']);
    await configurator.apply(config(''));
    expect((await links()).some((l) => l.ifname === 'eth1.10')).toBe(false);
  });

  it.skipIf(vlanAvailable || !available)('without the kernel’s 8021q driver a subinterface is a reported problem, not a crash', async () => {
    const report = await configurator.apply(
      config(`interface GigabitEthernet0/1.10
 encapsulation dot1Q 10
 ip address 10.10.0.1 255.255.255.0
`),
    );
    expect(report.problems.map((p) => p.message).join('\n')).toMatch(/link add link eth1 name eth1\.10 type vlan id 10: .*Unknown device type/);
    expect(report.pending).toEqual(['GigabitEthernet0/1.10']);
    await configurator.apply(config(''));
  });
});
