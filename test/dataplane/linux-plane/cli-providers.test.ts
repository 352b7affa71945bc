/**
 * The kernel-backed CLI providers (src/dataplane/linux/cli-providers.ts) against a real namespace:
 * a "router" namespace whose eth1 (Gi0/1) is a veth to a host namespace, a management eth0 that no
 * IOS interface maps to, a static route in vipr's protocol, and a neighbour learned by a ping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliRouter } from '../../../src/cli/cli-router.js';
import type { EchoResult, TraceProbe } from '../../../src/cli/providers.js';
import { loadConfig } from '../../../src/config/load.js';
import { LinuxCliProviders } from '../../../src/dataplane/linux/cli-providers.js';
import { IfMap } from '../../../src/dataplane/linux/ifmap.js';
import { VIPR_ROUTE_PROTOCOL } from '../../../src/dataplane/linux/interface-config.js';
import { Iproute2 } from '../../../src/dataplane/linux/iproute2.js';
import { WallClock } from '../../../src/runtime/clock.js';
import { NetnsLab } from '../../support/netns.js';
import { terminal } from '../../cli/support/lab.js';
import { netnsAvailable } from './lab.js';

const CONFIG = `hostname R1
!
interface GigabitEthernet0/1
 ip address 10.1.0.1 255.255.255.0
!
ip route 192.168.50.0 255.255.255.0 10.1.0.2
!
end
`;

const available = await netnsAvailable();

function dotted(colon: string): string {
  const h = colon.replace(/:/g, '');
  return `${h.slice(0, 4)}.${h.slice(4, 8)}.${h.slice(8, 12)}`;
}

describe.skipIf(!available)('Linux CLI providers (real namespace)', () => {
  let lab: NetnsLab;
  let r: string;
  let h: string;
  let providers: LinuxCliProviders;
  const clock = new WallClock();
  const config = loadConfig(CONFIG).config;
  let hostMac = '';
  let routerMac = '';

  beforeAll(async () => {
    lab = new NetnsLab('cliprov');
    r = lab.namespace('r');
    h = lab.namespace('h');
    lab.veth(r, 'eth1', h, 'p1');
    lab.veth(r, 'eth0', h, 'mgmt');
    lab.ip(r, 'addr', 'add', '10.1.0.1/24', 'dev', 'eth1');
    lab.ip(h, 'addr', 'add', '10.1.0.2/24', 'dev', 'p1');
    lab.ip(r, 'addr', 'add', '172.30.0.2/24', 'dev', 'eth0');
    lab.ip(h, 'addr', 'add', '172.30.0.1/24', 'dev', 'mgmt');
    lab.ip(r, 'route', 'add', '192.168.50.0/24', 'via', '10.1.0.2', 'metric', '1', 'proto', String(VIPR_ROUTE_PROTOCOL));
    lab.ip(r, 'route', 'add', 'default', 'via', '172.30.0.1');
    lab.exec(r, 'ping', ['-n', '-c', '1', '-W', '2', '10.1.0.2']);
    lab.exec(r, 'ping', ['-n', '-c', '1', '-W', '2', '172.30.0.1']);
    hostMac = dotted((JSON.parse(lab.ip(h, '-json', 'link', 'show', 'p1')) as { address: string }[])[0]!.address);
    routerMac = dotted((JSON.parse(lab.ip(r, '-json', 'link', 'show', 'eth1')) as { address: string }[])[0]!.address);
    providers = new LinuxCliProviders({ ip: new Iproute2({ netns: r }), ifmap: new IfMap(), config: () => config, now: () => clock.now(), pollMs: 0, tracerouteBinary: null });
    await providers.refresh();
  });

  afterAll(async () => {
    providers?.close();
    await lab?.cleanup();
  });

  it('interface stats: MAC, MTU, carrier and counters of the mapped device; clear counters keeps a baseline', async () => {
    const p = providers.providers().interfaceStats!;
    const e = p.get('GigabitEthernet0/1');
    expect(e).toBeDefined();
    expect(e!.mac).toBe(routerMac);
    expect(e!.mtu).toBe(1500);
    expect(e!.carrier).toBe(true);
    expect(e!.counters.txPackets).toBeGreaterThan(0);
    expect(e!.counters.rxPackets).toBeGreaterThan(0);
    expect(e!.counters.rxBroadcasts).toBe(0);
    expect(e!.clearedAtMs).toBeUndefined();
    expect(p.get('GigabitEthernet0/2')).toBeUndefined();

    const at = clock.now();
    p.clear('GigabitEthernet0/1', at);
    const cleared = p.get('GigabitEthernet0/1')!;
    expect(cleared.clearedAtMs).toBe(at);
    expect(cleared.counters.txPackets).toBe(0);
    expect(cleared.counters.rxBytes).toBe(0);

    lab.exec(r, 'ping', ['-n', '-c', '2', '-i', '0.2', '-W', '2', '10.1.0.2']);
    await providers.refresh();
    const after = p.get('GigabitEthernet0/1')!;
    expect(after.counters.txPackets).toBeGreaterThanOrEqual(2);
    expect(after.counters.rxPackets).toBeGreaterThanOrEqual(2);
    expect(after.lastOutputMs).toBeGreaterThanOrEqual(at);
    expect(after.lastInputMs).toBeGreaterThanOrEqual(at);
  });

  it('neighbours: the pinged host on Gi0/1 with its MAC; the management neighbour left out', () => {
    const n = providers.providers().neighbors!.ipv4();
    expect(n.map((x) => x.address)).toEqual(['10.1.0.2']);
    expect(n[0]!.mac).toBe(hostMac);
    expect(n[0]!.ifName).toBe('GigabitEthernet0/1');
    expect(Math.abs(clock.now() - n[0]!.updatedAtMs!)).toBeLessThan(120_000);
  });

  it('routes: connected and vipr static, in IOS terms; the management routes left out', () => {
    const routes = providers.providers().routes!.ipv4();
    expect(routes).toEqual([
      { prefix: '10.1.0.0', prefixLength: 24, source: 'connected', distance: 0, metric: 0, nextHops: [{ via: undefined, ifName: 'GigabitEthernet0/1' }] },
      { prefix: '192.168.50.0', prefixLength: 24, source: 'static', distance: 1, metric: 0, nextHops: [{ via: '10.1.0.2', ifName: undefined }] },
    ]);
    // IPv6 is off in the lab namespaces: only IOS's multicast route.
    expect(providers.providers().routes!.ipv6()).toEqual([{ prefix: 'ff00::/8', source: 'local', distance: 0, metric: 0, via: undefined, ifName: 'Null0' }]);
  });

  const ping = (destination: string, count: number, timeoutMs = 1000): Promise<EchoResult[]> =>
    new Promise((resolve) => {
      const out: EchoResult[] = [];
      providers.ping({ destination, count, sizeBytes: 100, timeoutMs }, (x) => out.push(x), () => resolve(out));
    });

  it('ping: a reply per echo from the neighbour, timeouts for an absent host', async () => {
    const ok = await ping('10.1.0.2', 3);
    expect(ok.map((x) => x.kind)).toEqual(['reply', 'reply', 'reply']);
    for (const x of ok) if (x.kind === 'reply') expect(x.rttMs).toBeGreaterThanOrEqual(0);
    const lost = await ping('10.1.0.99', 2);
    expect(lost.map((x) => x.kind)).toEqual(['timeout', 'timeout']);
  }, 20_000);

  it('traceroute (ping -t fallback without a traceroute binary): the neighbour at hop 1', async () => {
    const probes: [number, TraceProbe][] = [];
    await new Promise<void>((resolve) => {
      providers.traceroute({ destination: '10.1.0.2', maxTtl: 5, probes: 3, timeoutMs: 1000 }, (ttl, p) => probes.push([ttl, p]), resolve);
    });
    expect(probes).toHaveLength(3);
    for (const [ttl, p] of probes) {
      expect(ttl).toBe(1);
      expect(p).toMatchObject({ kind: 'reply', from: '10.1.0.2', reached: true });
    }
  }, 20_000);

  it('end to end: a CliSession with these providers reads the kernel and prints the routes and neighbours', async () => {
    const router: CliRouter = {
      config,
      applyConfig: () => undefined,
      hsrpSnapshot: () => [],
      vrrpSnapshot: () => [],
      trackSnapshot: () => [],
      showStandby: () => '',
      showVrrp: () => '',
      showTrack: () => '',
      linkUp: () => true,
    };
    const t = terminal({ router, clock, privilege: 15, providers: providers.providers(), terminalLength: 0 });
    // The session waits for a fresh read of the kernel (freshen) when its snapshot is over 1 s old.
    const answered = async (line: string): Promise<string> => {
      const now = t.type(line);
      await providers.refresh();
      await new Promise((r) => setImmediate(r));
      return now + t.take();
    };
    const route = await answered('show ip route\r');
    expect(route).toMatch(/C\s+10\.1\.0\.0 is directly connected, GigabitEthernet0\/1/);
    expect(route).toContain('Gateway of last resort is not set');
    expect(route).toMatch(/S\s+192\.168\.50\.0\/24 \[1\/0\] via 10\.1\.0\.2/);
    expect(route).not.toContain('172.30.0.');
    const arp = await answered('show arp\r');
    expect(arp).toMatch(new RegExp(`Internet\\s+10\\.1\\.0\\.2\\s+\\d+\\s+${hostMac.replace(/\./g, '\\.')}\\s+ARPA\\s+GigabitEthernet0/1`));
    expect(arp).not.toContain('172.30.0.1');
  });
});
