/**
 * TextFSM with networktocode's ntc-templates (vendored verbatim in test/fixtures/ntc-templates),
 * the parsers Netmiko (`use_textfsm=True`), NAPALM and Ansible's `cli_parse` run on IOS show output.
 * vipr's own output, fetched over SSH by Netmiko from a router whose HSRP and VRRP groups sit in
 * several states, must parse through the same index and templates to the right values; the real IOS
 * outputs in test/fixtures/ios-output are parsed alongside as the control.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogHub } from '../../src/cli/log-hub.js';
import { MemoryIpStack } from '../../src/cli/memory/ip-stack.js';
import { defaultSystemInfo, viprVersion } from '../../src/cli/system-info.js';
import { CliShared } from '../../src/cli/session.js';
import { loadConfig } from '../../src/config/load.js';
import { MemoryStartupStore } from '../../src/config/startup-store.js';
import { MemorySegment } from '../../src/dataplane/memory/segment.js';
import type { InterfacePort, VirtualAddressPlane } from '../../src/dataplane/ports.js';
import type { RouterConfig } from '../../src/model/types.js';
import { Router } from '../../src/router/router.js';
import { WallClock } from '../../src/runtime/clock.js';
import { seededRandom } from '../../src/runtime/random.js';
import { SshServer } from '../../src/transport/ssh.js';
import { run } from './support/clients.js';
import { until } from './support/host.js';

const PYTHON = '/usr/bin/python3';
const DRIVER = fileURLToPath(new URL('./textfsm_driver.py', import.meta.url));
const TEMPLATES = fileURLToPath(new URL('../fixtures/ntc-templates', import.meta.url));
const IOS_OUTPUT = fileURLToPath(new URL('../fixtures/ios-output', import.meta.url));

function missing(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import textfsm.clitable, netmiko'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `python3-textfsm or python3-netmiko is missing under ${PYTHON}: ${r.stderr.trim().split('\n').at(-1) ?? ''}`;
}
const MISSING = missing();
if (MISSING !== undefined) console.warn(`[skip] TextFSM test: ${MISSING}`);

// R1, the router under test. Gi0/1: HSRPv1 group 1 Active (110 against R2's 100) with a secondary
// VIP and a tracked object, VRRP 10 Backup (90 against R2's 100). Gi0/2: HSRPv2 group 2 Listen
// (90, behind R2's 100 Active and R3's 95 Standby), VRRP 20 Master (120). Gi0/3 is shut down, so
// its HSRP group 3 and VRRP 30 stay in Init. Timers are short so the elections settle in seconds,
// and holds long enough (1.5 s) that a busy machine does not make them flap while the test reads.
const R1 = `hostname R1
track 1 interface GigabitEthernet0/1 line-protocol
interface GigabitEthernet0/1
 description users
 ip address 10.0.1.2 255.255.255.0
 ip address 10.0.11.2 255.255.255.0 secondary
 standby 1 ip 10.0.1.1
 standby 1 ip 10.0.11.1 secondary
 standby 1 timers msec 200 msec 1500
 standby 1 priority 110
 standby 1 preempt
 standby 1 track 1 decrement 20
 vrrp 10 ip 10.0.1.254
 vrrp 10 timers advertise msec 100
 vrrp 10 priority 90
interface GigabitEthernet0/2
 ip address 10.0.2.2 255.255.255.0
 ipv6 address 2001:DB8:2:1::/64 eui-64
 standby version 2
 standby 2 ip 10.0.2.1
 standby 2 timers msec 200 msec 1500
 standby 2 priority 90
 standby 2 preempt
 vrrp 20 ip 10.0.2.254
 vrrp 20 timers advertise msec 100
 vrrp 20 priority 120
interface GigabitEthernet0/3
 ip address 10.0.3.2 255.255.255.0
 standby 3 ip 10.0.3.1
 vrrp 30 ip 10.0.3.254
 shutdown
interface Loopback0
 ip address 192.0.2.1 255.255.255.255
ip route 0.0.0.0 0.0.0.0 10.0.1.254
ip route 198.51.100.0 255.255.255.0 10.0.2.99
username netops privilege 15 password 0 netops
`;

const R2 = `hostname R2
interface GigabitEthernet0/1
 ip address 10.0.1.3 255.255.255.0
 standby 1 ip 10.0.1.1
 standby 1 timers msec 200 msec 1500
 standby 1 preempt
 vrrp 10 ip 10.0.1.254
 vrrp 10 timers advertise msec 100
interface GigabitEthernet0/2
 ip address 10.0.2.3 255.255.255.0
 standby version 2
 standby 2 ip 10.0.2.1
 standby 2 timers msec 200 msec 1500
 standby 2 preempt
 vrrp 20 ip 10.0.2.254
 vrrp 20 timers advertise msec 100
`;

const R3 = `hostname R3
interface GigabitEthernet0/2
 ip address 10.0.2.4 255.255.255.0
 standby version 2
 standby 2 ip 10.0.2.1
 standby 2 timers msec 200 msec 1500
 standby 2 priority 95
 standby 2 preempt
`;

// R4 runs IOS-XE style VRRPv3 (`fhrp version vrrp v3`, RFC 5798) against R5 on lan4: its IPv4
// group 40 is MASTER (120 against 100), its IPv6 group 46 BACKUP (100 against R5's 110).
const R4 = `hostname R4
fhrp version vrrp v3
interface GigabitEthernet0/1
 ip address 10.0.4.2 255.255.255.0
 ipv6 address FE80::4 link-local
 vrrp 40 address-family ipv4
  address 10.0.4.1 primary
  priority 120
  timers advertise 300
 vrrp 46 address-family ipv6
  address FE80::46 primary
  timers advertise 300
username netops privilege 15 password 0 netops
`;

const R5 = `hostname R5
fhrp version vrrp v3
interface GigabitEthernet0/1
 ip address 10.0.4.3 255.255.255.0
 ipv6 address FE80::5 link-local
 vrrp 40 address-family ipv4
  address 10.0.4.1 primary
  timers advertise 300
 vrrp 46 address-family ipv6
  address FE80::46 primary
  priority 110
  timers advertise 300
`;

const NO_PLANE: VirtualAddressPlane = { activate: () => undefined, deactivate: () => undefined };

/** The MAC of router n's GigabitEthernet0/i: aabb.cc0n.0i00. */
const mac = (n: number, i: number): Uint8Array => Uint8Array.of(0xaa, 0xbb, 0xcc, n, i, 0);

type Record_ = Record<string, string | string[]>;
interface Parsed {
  readonly raw: string;
  readonly records?: Record_[];
  readonly error?: string;
}
interface DriverOut {
  readonly devices: Record<string, Record<string, Parsed>>;
  readonly files: Record<string, Parsed>;
}

const COMMANDS = [
  'show standby brief',
  'show standby',
  'show vrrp brief',
  'show vrrp all',
  'show version',
  'show ip interface brief',
  'show ip interface',
  'show interfaces',
  'show ip route',
  'show ipv6 interface',
] as const;

/** The real IOS outputs of the control, by command. */
const CONTROL: readonly [string, string][] = [
  ['show standby brief', 'show_standby_brief.txt'],
  ['show standby', 'show_standby.txt'],
  ['show standby', 'show_standby1.txt'],
  ['show standby', 'show_standby2.txt'],
  ['show standby', 'show_standby3.txt'],
  ['show vrrp brief', 'show_vrrp_brief.txt'],
  ['show vrrp brief', 'show_vrrpv3_brief.txt'],
  ['show vrrp all', 'show_vrrp_all.txt'],
  ['show vrrp all', 'show_vrrpv3_all.txt'],
  ['show version', 'show_version.txt'],
  ['show version', 'show_version1.txt'],
  ['show ip interface brief', 'show_ip_interface_brief.txt'],
  ['show interfaces', 'show_interfaces.txt'],
  ['show ip route', 'show_ip_route.txt'],
];

describe.skipIf(MISSING !== undefined)('ntc-templates (TextFSM) on vipr output, real IOS output as the control', () => {
  let out: DriverOut;
  let stop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const clock = new WallClock();
    const lans = [1, 2, 3, 4].map((n) => new MemorySegment(`lan${n}`, clock, 0, false));
    const routers: Router[] = [];
    let r1Config: RouterConfig | undefined;
    // R1's ports go through an in-memory IP stack: its MACs and counters are what `show interfaces` prints.
    const stack = new MemoryIpStack({ clock, config: (): RouterConfig => routers[0]?.config ?? (r1Config as RouterConfig) });
    /** Router n with GigabitEthernet0/i cabled to lan l for each [i, l]. */
    const build = (text: string, n: number, ifs: readonly (readonly [number, number])[], log: LogHub): Router => {
      const { config, diagnostics } = loadConfig(text);
      if (diagnostics.length > 0) throw new Error(JSON.stringify(diagnostics));
      if (n === 1) r1Config = config;
      const ports = new Map<string, InterfacePort>();
      for (const [i, l] of ifs) {
        const raw = (lans[l - 1] as MemorySegment).attach(`R${n}`, `GigabitEthernet0/${i}`, mac(n, i));
        ports.set(`GigabitEthernet0/${i}`, n === 1 ? stack.attach(raw) : raw);
      }
      return new Router({ config, clock, random: seededRandom(n), log, plane: n === 1 ? stack.plane : NO_PLANE, ports });
    };
    const logs = new LogHub();
    const logs4 = new LogHub();
    routers.push(
      build(R1, 1, [[1, 1], [2, 2], [3, 3]], logs),
      build(R2, 2, [[1, 1], [2, 2]], new LogHub()),
      build(R3, 3, [[2, 2]], new LogHub()),
      build(R4, 4, [[1, 4]], logs4),
      build(R5, 5, [[1, 4]], new LogHub()),
    );
    const [r1, r2, r3, r4, r5] = routers as [Router, Router, Router, Router, Router];
    const dir = mkdtempSync(join(tmpdir(), 'vipr-textfsm-'));
    const server = await SshServer.start({
      host: { router: r1, clock, logs, shared: new CliShared(), startup: new MemoryStartupStore(), providers: { interfaceStats: stack, neighbors: stack, pinger: stack } },
      hostKeyDir: dir,
      port: 0,
      address: '127.0.0.1',
    });
    const server4 = await SshServer.start({
      host: { router: r4, clock, logs: logs4, shared: new CliShared(), startup: new MemoryStartupStore() },
      hostKeyDir: dir,
      port: 0,
      address: '127.0.0.1',
    });
    stop = async () => {
      await server.close();
      await server4.close();
      for (const r of routers) r.shutdown();
      rmSync(dir, { recursive: true, force: true });
    };

    const hsrp = (r: Router, group: number): string | undefined => r.hsrpSnapshot().find((g) => g.group === group)?.state;
    const vrrp = (r: Router, vrid: number): string | undefined => r.vrrpSnapshot().flatMap((i) => i.groups).find((g) => g.vrid === vrid)?.state;
    const states = (): string =>
      routers.map((r) => `${r.hostname}: ${[...r.hsrpSnapshot().map((g) => `hsrp ${g.group} ${g.state}`), ...r.vrrpSnapshot().flatMap((i) => i.groups).map((g) => `vrrp ${g.vrid} ${g.state}`)].join(', ')}`).join('; ');
    await until(
      () =>
        hsrp(r1, 1) === 'active' &&
        hsrp(r2, 1) === 'standby' &&
        hsrp(r2, 2) === 'active' &&
        hsrp(r3, 2) === 'standby' &&
        hsrp(r1, 2) === 'listen' &&
        vrrp(r2, 10) === 'master' &&
        vrrp(r1, 10) === 'backup' &&
        vrrp(r1, 20) === 'master' &&
        vrrp(r2, 20) === 'backup' &&
        vrrp(r4, 40) === 'master' &&
        vrrp(r5, 40) === 'backup' &&
        vrrp(r5, 46) === 'master' &&
        vrrp(r4, 46) === 'backup',
      20_000,
      'the elections on lan1, lan2 and lan4',
    ).catch((e: unknown) => {
      throw new Error(`${String(e)}: ${states()}`);
    });

    const job = {
      templates: TEMPLATES,
      devices: [
        { name: 'R1', connect: { host: '127.0.0.1', port: server.port, username: 'netops', password: 'netops', secret: '' }, commands: COMMANDS },
        { name: 'R4', connect: { host: '127.0.0.1', port: server4.port, username: 'netops', password: 'netops', secret: '' }, commands: ['show vrrp brief', 'show vrrp all'] },
      ],
      files: CONTROL.map(([cmd, file]) => [cmd, join(IOS_OUTPUT, file)]),
    };
    const r = await run(PYTHON, [DRIVER], { input: JSON.stringify(job), timeoutMs: 60_000 });
    if (r.code !== 0) throw new Error(`textfsm driver failed (${r.code}):\n${r.stderr}\n${r.stdout}`);
    console.log(`[measure] Netmiko + TextFSM: ${COMMANDS.length + 2} commands from 2 routers and ${CONTROL.length} IOS outputs parsed in ${r.ms.toFixed(0)} ms`);
    out = JSON.parse(r.stdout) as DriverOut;
  }, 90_000);

  afterAll(async () => {
    await stop();
  });

  /** The records of one of vipr's outputs; fails with the raw text when the template rejected it. */
  function records(command: (typeof COMMANDS)[number], router = 'R1'): Record_[] {
    const p = out.devices[router]?.[command];
    expect(p, `no result for ${command}`).toBeDefined();
    expect(p?.error, `${command} did not parse:\n${p?.raw ?? ''}`).toBeUndefined();
    return p?.records ?? [];
  }

  it('the control: every real IOS output parses to records with these templates', () => {
    for (const [cmd, file] of CONTROL) {
      const p = out.files[join(IOS_OUTPUT, file)];
      expect(p?.error, `${file} (${cmd})`).toBeUndefined();
      expect(p?.records?.length, `${file} (${cmd})`).toBeGreaterThan(0);
    }
  });

  it('show standby brief: interface, group, priority, preempt, state, active, standby, VIP', () => {
    expect(records('show standby brief')).toEqual([
      { INTERFACE: 'Gi0/1', GROUP: '1', PRIORITY: '110', PREEMPT: 'P', STATE: 'Active', ACTIVE: 'local', STANDBY: '10.0.1.3', VIRTUAL_IP_ADDRESS: '10.0.1.1' },
      { INTERFACE: 'Gi0/2', GROUP: '2', PRIORITY: '90', PREEMPT: 'P', STATE: 'Listen', ACTIVE: '10.0.2.3', STANDBY: '10.0.2.4', VIRTUAL_IP_ADDRESS: '10.0.2.1' },
      { INTERFACE: 'Gi0/3', GROUP: '3', PRIORITY: '100', PREEMPT: ' ', STATE: 'Init', ACTIVE: 'unknown', STANDBY: 'unknown', VIRTUAL_IP_ADDRESS: '10.0.3.1' },
    ]);
  });

  it('show standby: version, state, VIPs, virtual MACs, timers, preemption, peers, priority, tracking', () => {
    const byGroup = new Map(records('show standby').map((r) => [r['GROUP'], r]));
    expect(byGroup.get('1')).toMatchObject({
      INTERFACE: 'GigabitEthernet0/1',
      VERSION: '',
      STATE: 'Active',
      VIRTUAL_IP: '10.0.1.1',
      SECONDARY_IPS: ['10.0.11.1'],
      ACTIVE_VIRTUAL_MAC: '0000.0c07.ac01',
      LOCAL_VIRTUAL_MAC: '0000.0c07.ac01',
      PREEMPTION: 'enabled',
      ACTIVE_ROUTER: 'local',
      STANDBY_ROUTER: '10.0.1.3',
      STANDBY_ROUTER_PRIORITY: '100',
      PRIORITY: '110',
      TRACK_TYPE: 'object',
      TRACK_ITEM: '1',
      TRACK_STATE: 'Up',
      TRACK_DECREMENT_TIME: '20',
    });
    expect(byGroup.get('2')).toMatchObject({
      INTERFACE: 'GigabitEthernet0/2',
      VERSION: '2',
      STATE: 'Listen',
      VIRTUAL_IP: '10.0.2.1',
      ACTIVE_VIRTUAL_MAC: '0000.0c9f.f002',
      PREEMPTION: 'enabled',
      ACTIVE_ROUTER: '10.0.2.3',
      ACTIVE_ROUTER_PRIORITY: '100',
      ACTIVE_ROUTER_MAC: 'aabb.cc02.0200',
      STANDBY_ROUTER: '10.0.2.4',
      STANDBY_ROUTER_PRIORITY: '95',
      PRIORITY: '90',
    });
    expect(byGroup.get('3')).toMatchObject({ INTERFACE: 'GigabitEthernet0/3', STATE: 'Init', VIRTUAL_IP: '10.0.3.1', PREEMPTION: 'disabled', ACTIVE_ROUTER: 'unknown', STANDBY_ROUTER: 'unknown', PRIORITY: '100' });
    expect(byGroup.size).toBe(3);
  });

  it('show vrrp brief: interface, group, priority, preempt, state, master, VIP', () => {
    const rows = records('show vrrp brief');
    // Time is the Master_Down_Interval in ms (RFC 3768 §6.1: 3 × Advertisement_Interval + Skew_Time).
    for (const r of rows) expect(r['TIME']).toMatch(/^[1-9]\d{2,4}$/);
    expect(rows.map(({ TIME: _time, ...rest }) => rest)).toEqual([
      { INTERFACE: 'Gi0/1', GROUP: '10', ADDR_FAMILY: '', PRIORITY: '90', OWN: '', PREEMPT: 'Y', STATE: 'Backup', MASTER_IP: '10.0.1.3', VIRTUAL_IP_ADDRESS: '10.0.1.254' },
      { INTERFACE: 'Gi0/2', GROUP: '20', ADDR_FAMILY: '', PRIORITY: '120', OWN: '', PREEMPT: 'Y', STATE: 'Master', MASTER_IP: '10.0.2.2', VIRTUAL_IP_ADDRESS: '10.0.2.254' },
      { INTERFACE: 'Gi0/3', GROUP: '30', ADDR_FAMILY: '', PRIORITY: '100', OWN: '', PREEMPT: 'Y', STATE: 'Init', MASTER_IP: '0.0.0.0', VIRTUAL_IP_ADDRESS: '10.0.3.254' },
    ]);
  });

  it('show vrrp all: state, VIP, virtual MAC, intervals, preemption, priority, master', () => {
    const byGroup = new Map(records('show vrrp all').map((r) => [r['GROUP'], r]));
    expect(byGroup.get('10')).toMatchObject({
      INTERFACE: 'GigabitEthernet0/1',
      STATE: 'Backup',
      VIRTUAL_IP_ADDRESS: '10.0.1.254',
      VIRTUAL_MAC_ADDRESS: '0000.5e00.010a',
      ADV_INTERVAL: '0.100',
      PREEMPT: 'enabled',
      PRIORITY: '90',
      MASTER_IP: '10.0.1.3',
      MASTER_PRIORITY: '100',
    });
    expect(byGroup.get('20')).toMatchObject({ INTERFACE: 'GigabitEthernet0/2', STATE: 'Master', VIRTUAL_MAC_ADDRESS: '0000.5e00.0114', PRIORITY: '120', MASTER_IP: '10.0.2.2', MASTER_PRIORITY: '120' });
    expect(byGroup.get('30')).toMatchObject({ INTERFACE: 'GigabitEthernet0/3', STATE: 'Init', VIRTUAL_IP_ADDRESS: '10.0.3.254' });
  });

  it('VRRPv3 (IOS-XE layout): show vrrp brief and show vrrp all, IPv4 and IPv6 groups', () => {
    const brief = records('show vrrp brief', 'R4');
    for (const r of brief) expect(r['TIME']).toMatch(/^\d+$/);
    expect(brief.map(({ TIME: _time, ...rest }) => rest)).toEqual([
      { INTERFACE: 'Gi0/1', GROUP: '40', ADDR_FAMILY: 'IPv4', PRIORITY: '120', OWN: 'N', PREEMPT: 'Y', STATE: 'MASTER', MASTER_IP: '10.0.4.2', VIRTUAL_IP_ADDRESS: '10.0.4.1' },
      { INTERFACE: 'Gi0/1', GROUP: '46', ADDR_FAMILY: 'IPv6', PRIORITY: '100', OWN: 'N', PREEMPT: 'Y', STATE: 'BACKUP', MASTER_IP: 'FE80::5', VIRTUAL_IP_ADDRESS: 'FE80::46' },
    ]);
    const all = new Map(records('show vrrp all', 'R4').map((r) => [r['GROUP'], r]));
    expect(all.get('40')).toMatchObject({
      INTERFACE: 'GigabitEthernet0/1',
      ADDR_FAMILY: 'IPv4',
      STATE: 'MASTER',
      VIRTUAL_IP_ADDRESS: '10.0.4.1',
      VIRTUAL_MAC_ADDRESS: '0000.5E00.0128',
      ADV_INTERVAL: '300',
      PREEMPT: 'enabled',
      PRIORITY: '120',
      MASTER_IP: '10.0.4.2',
      MASTER_PRIORITY: '120',
    });
    expect(all.get('46')).toMatchObject({ ADDR_FAMILY: 'IPv6', STATE: 'BACKUP', VIRTUAL_IP_ADDRESS: 'FE80::46', VIRTUAL_MAC_ADDRESS: '0000.5E00.022E', PRIORITY: '100', MASTER_IP: 'FE80::5', MASTER_PRIORITY: '110' });
  });

  it('show version: software image, version, hostname, uptime, image file, hardware, serial, config register', () => {
    const [v] = records('show version');
    expect(v).toMatchObject({ SOFTWARE_IMAGE: 'VIPR-LINUX-M', RELEASE: 'vipr', HOSTNAME: 'R1', UPTIME_MINUTES: '0', HARDWARE: ['VIPR'], CONFIG_REGISTER: '0x2102' });
    expect(v?.['VERSION']).toBe(viprVersion());
    expect(v?.['RUNNING_IMAGE']).toBe(`vipr-${viprVersion()}`);
    expect(v?.['SERIAL']).toEqual([defaultSystemInfo(0).serial]);
  });

  it('show ip interface brief, show ip interface and show ipv6 interface: addresses, secondaries, status, MTU', () => {
    expect(records('show ip interface brief')).toEqual([
      { INTERFACE: 'GigabitEthernet0/1', IP_ADDRESS: '10.0.1.2', STATUS: 'up', PROTO: 'up' },
      { INTERFACE: 'GigabitEthernet0/2', IP_ADDRESS: '10.0.2.2', STATUS: 'up', PROTO: 'up' },
      { INTERFACE: 'GigabitEthernet0/3', IP_ADDRESS: '10.0.3.2', STATUS: 'administratively down', PROTO: 'down' },
      { INTERFACE: 'Loopback0', IP_ADDRESS: '192.0.2.1', STATUS: 'up', PROTO: 'up' },
    ]);
    const ip = records('show ip interface');
    expect(ip.map((r) => [r['INTERFACE'], r['LINK_STATUS'], r['PROTOCOL_STATUS'], r['IP_ADDRESS'], r['PREFIX_LENGTH'], r['MTU']])).toEqual([
      ['GigabitEthernet0/1', 'up', 'up', ['10.0.1.2', '10.0.11.2'], ['24', '24'], '1500'],
      ['GigabitEthernet0/2', 'up', 'up', ['10.0.2.2'], ['24'], '1500'],
      ['GigabitEthernet0/3', 'administratively down', 'down', ['10.0.3.2'], ['24'], '1500'],
      ['Loopback0', 'up', 'up', ['192.0.2.1'], ['32'], '1514'],
    ]);
    // The template skips the multicast line; its groups are those of the FHRP versions configured.
    const raw = out.devices['R1']?.['show ip interface']?.raw ?? '';
    // No ntc template for `show ipv6 interface`; Ansible's ios_facts reads it by regex (`ADDR, subnet is P`).
    // The EUI-64 address and the link-local come from Gi0/2's MAC aabb.cc01.0200 (RFC 4291 App. A).
    expect(out.devices['R1']?.['show ipv6 interface']?.raw).toBe(
      [
        'GigabitEthernet0/2 is up, line protocol is up',
        '  IPv6 is enabled, link-local address is FE80::A8BB:CCFF:FE01:200 ',
        '  Global unicast address(es):',
        '    2001:DB8:2:1:A8BB:CCFF:FE01:200, subnet is 2001:DB8:2:1::/64 [EUI]',
        '  MTU is 1500 bytes',
      ].join('\n'),
    );
    expect(raw.match(/Multicast reserved groups joined: .*/g)).toEqual(['Multicast reserved groups joined: 224.0.0.2 224.0.0.18', 'Multicast reserved groups joined: 224.0.0.18 224.0.0.102', 'Multicast reserved groups joined: 224.0.0.2 224.0.0.18']);
  });

  it('show interfaces: state, hardware, MAC, description, address, MTU, bandwidth, encapsulation, counters', () => {
    const byName = new Map(records('show interfaces').map((r) => [r['INTERFACE'], r]));
    expect([...byName.keys()]).toEqual(['GigabitEthernet0/1', 'GigabitEthernet0/2', 'GigabitEthernet0/3', 'Loopback0']);
    expect(byName.get('GigabitEthernet0/1')).toMatchObject({
      LINK_STATUS: 'up',
      PROTOCOL_STATUS: 'up',
      ADDRESS: 'aabb.cc01.0100',
      BIA: 'aabb.cc01.0100',
      DESCRIPTION: 'users',
      IP_ADDRESS: '10.0.1.2/24',
      MTU: '1500',
      BANDWIDTH: '1000000 Kbit',
      DELAY: '10 usec',
      ENCAPSULATION: 'ARPA',
      QUEUE_STRATEGY: 'fifo',
    });
    // R1 has sent hellos and advertisements on Gi0/1 since it started.
    expect(Number(byName.get('GigabitEthernet0/1')?.['OUTPUT_PACKETS'])).toBeGreaterThan(0);
    expect(byName.get('GigabitEthernet0/3')).toMatchObject({ LINK_STATUS: 'administratively down', PROTOCOL_STATUS: 'down', ADDRESS: 'aabb.cc01.0300' });
    expect(byName.get('Loopback0')).toMatchObject({ LINK_STATUS: 'up', IP_ADDRESS: '192.0.2.1/32', MTU: '1514', ENCAPSULATION: 'LOOPBACK' });
  });

  it('show ip route: protocol, network, mask, distance/metric, next hop, interface', () => {
    const rows = records('show ip route').map((r) => [r['PROTOCOL'], r['NETWORK'], r['MASK'], r['DISTANCE'], r['METRIC'], r['NEXTHOP_IP'], r['NEXTHOP_IF']].join(' '));
    // vipr's table is IOS 12.4's (the layout of fixtures/ios-output/show_ip_route.txt): connected and
    // static routes, no `L` local host routes; Gi0/3 is shut down, so its network is absent.
    expect(rows).toEqual([
      'S 0.0.0.0 0 1 0 10.0.1.254 ',
      'C 10.0.1.0 24    GigabitEthernet0/1',
      'C 10.0.2.0 24    GigabitEthernet0/2',
      'C 10.0.11.0 24    GigabitEthernet0/1',
      'C 192.0.2.1 32    Loopback0',
      'S 198.51.100.0 24 1 0 10.0.2.99 ',
    ]);
  });
});
