/**
 * `vipr run` for real across protocols (issue 6, item 1): two vipr routers between a host's LAN
 * (Gi0/1) and an upstream LAN (Gi0/2), with HSRPv1, HSRPv2 for IPv6 and VRRPv3 for IPv4. On each LAN
 * the routers run a group; the upstream group tracks the LAN interface's line protocol, so that the
 * router that loses its LAN cable also hands over the return path (the usual IOS design: `track 1
 * interface Gi0/1 line-protocol` and a decrement below the peer's priority, with preempt).
 *
 * For each protocol: R1 (priority 110) wins both groups, the host's neighbour entry for its gateway
 * is the group's virtual MAC, the host pings the upstream host through the gateway; then
 *  - cable pull: R1's LAN bridge port goes down; R2 takes the LAN group when R1's hellos/adverts
 *    stop (after the hold time / Master_Down_Interval) and the upstream group when R1 advertises its
 *    decremented priority;
 *  - the cable returns: R1 preempts both groups back;
 *  - SIGKILL of R1: R2 takes over after the hold time; R1 restarted preempts back.
 * The longest gap between echo replies is printed for every event and must stay within the
 * protocol's failure-detection bound (RFC 2281 §5.4 hold time; RFC 5798 §6.1 Master_Down_Interval)
 * plus a margin for the kernel and a loaded machine. Every frame the routers sent on either LAN is
 * dissected by tshark at the end (test/support/wire-check.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PingRecorder, routedLab, type RoutedLab } from '../support/fhrp-lab.js';
import { lineMark, reachable, startVipr, stopVipr, viprCli, type ViprProcess, waitForLine } from '../support/vipr-process.js';
import { WireCheck } from '../support/wire-check.js';

const wireDir = mkdtempSync(join(tmpdir(), 'vipr-prot-wire-'));
const wire = new WireCheck(wireDir);
afterAll(() => rmSync(wireDir, { recursive: true, force: true }));

/** Slack over the protocol bound: process scheduling on a shared 2-core machine, FDB moves, ND. */
const MARGIN_MS = 1500;
const HSRP_HELLO_MS = 300;
const HSRP_HOLD_MS = 900;
const VRRP_ADVERT_MS = 200;

interface Addressing {
  readonly r1: string;
  readonly r2: string;
  readonly host: string;
  readonly vip: string;
}

interface Protocol {
  readonly title: string;
  readonly tag: string;
  readonly ipv6: boolean;
  readonly lan: Addressing;
  readonly up: Addressing;
  /** The LAN group's virtual MAC as `ip neigh` prints it. */
  readonly lanMac: string;
  /** Failure detection: the HSRP hold time, or VRRP's Master_Down_Interval of the priority-100 Backup. */
  readonly boundMs: number;
  config(name: string, lan: string, up: string, priority: number): string;
  /** Log line of a group (1 on Gi0/1, 2 on Gi0/2) entering the active role. */
  becameActive(ifIndex: 1 | 2): RegExp;
  /** Log line of the LAN group of the losing router settling as its backup. */
  settledBackup(ifIndex: 1 | 2): RegExp;
  /** Log line of the LAN group of a router whose LAN link went down: the group stops (Init). */
  readonly linkLost: RegExp;
  readonly showBrief: string;
  /** `show … brief` line of R2's LAN group while R2 is active. */
  readonly r2ActiveBrief: RegExp;
  /** tshark protocols each router must have sent (the group's, its address resolution, the forwarded pings). */
  readonly wire: readonly string[];
}

const hsrpActive = (ifIndex: 1 | 2): RegExp => new RegExp(`%HSRP-5-STATECHANGE: GigabitEthernet0/${ifIndex} Grp ${ifIndex} state \\w+ -> Active`);
const hsrpStandby = (ifIndex: 1 | 2): RegExp => new RegExp(`%HSRP-5-STATECHANGE: GigabitEthernet0/${ifIndex} Grp ${ifIndex} state Speak -> Standby`);

const hsrpV1: Protocol = {
  title: 'HSRPv1',
  tag: 'prot-v1',
  ipv6: false,
  lan: { r1: '10.31.0.2', r2: '10.31.0.3', host: '10.31.0.100', vip: '10.31.0.1' },
  up: { r1: '10.32.0.2', r2: '10.32.0.3', host: '10.32.0.100', vip: '10.32.0.1' },
  lanMac: '00:00:0c:07:ac:01',
  // HSRPv1 carries whole seconds: msec timers 300/900 go on the wire as hello 1 s, hold 2 s
  // (src/protocols/hsrp/messages.ts wireSeconds; spec §3.4, open item §8.2), and the Standby runs its
  // active timer for the Holdtime of the Active's Hello (RFC 2281 §5.6 action A).
  boundMs: 2000,
  config: (name, lan, up, priority) => `hostname ${name}
ip routing
track 1 interface GigabitEthernet0/1 line-protocol
interface GigabitEthernet0/1
 ip address ${lan} 255.255.255.0
 standby 1 ip 10.31.0.1
 standby 1 timers msec ${HSRP_HELLO_MS} msec ${HSRP_HOLD_MS}
 standby 1 priority ${priority}
 standby 1 preempt
interface GigabitEthernet0/2
 ip address ${up} 255.255.255.0
 standby 2 ip 10.32.0.1
 standby 2 timers msec ${HSRP_HELLO_MS} msec ${HSRP_HOLD_MS}
 standby 2 priority ${priority}
 standby 2 preempt
 standby 2 track 1 decrement 20
end
`,
  becameActive: hsrpActive,
  settledBackup: hsrpStandby,
  linkLost: /GigabitEthernet0\/1 Grp 1 state Active -> Init/,
  showBrief: 'show standby brief',
  r2ActiveBrief: /Gi0\/1\s+1\s+100 P Active\s+local\s+unknown\s+10\.31\.0\.1/,
  wire: ['hsrp', 'arp', 'icmp'],
};

const hsrpV2Ipv6: Protocol = {
  title: 'HSRPv2 IPv6',
  tag: 'prot-v6',
  ipv6: true,
  lan: { r1: '2001:db8:31::2', r2: '2001:db8:31::3', host: '2001:db8:31::100', vip: '2001:db8:31::1' },
  up: { r1: '2001:db8:32::2', r2: '2001:db8:32::3', host: '2001:db8:32::100', vip: '2001:db8:32::1' },
  // spec §3.3: HSRPv2 IPv6 groups use 0005.73a0.0XXX (0000.0c9f.fXXX is the IPv4 range).
  lanMac: '00:05:73:a0:00:01',
  boundMs: HSRP_HOLD_MS,
  config: (name, lan, up, priority) => `hostname ${name}
ipv6 unicast-routing
track 1 interface GigabitEthernet0/1 line-protocol
interface GigabitEthernet0/1
 ipv6 address ${lan}/64
 standby version 2
 standby 1 ipv6 autoconfig
 standby 1 ipv6 2001:db8:31::1/64
 standby 1 timers msec ${HSRP_HELLO_MS} msec ${HSRP_HOLD_MS}
 standby 1 priority ${priority}
 standby 1 preempt
interface GigabitEthernet0/2
 ipv6 address ${up}/64
 standby version 2
 standby 2 ipv6 autoconfig
 standby 2 ipv6 2001:db8:32::1/64
 standby 2 timers msec ${HSRP_HELLO_MS} msec ${HSRP_HOLD_MS}
 standby 2 priority ${priority}
 standby 2 preempt
 standby 2 track 1 decrement 20
end
`,
  becameActive: hsrpActive,
  settledBackup: hsrpStandby,
  linkLost: /GigabitEthernet0\/1 Grp 1 state Active -> Init/,
  showBrief: 'show standby brief',
  r2ActiveBrief: /Gi0\/1\s+1\s+100 P Active\s+local\s+unknown\s+FE80::205:73FF:FEA0:1/i,
  wire: ['hsrp', 'icmpv6'],
};

const vrrpActive = (ifIndex: 1 | 2): RegExp => new RegExp(`%VRRP-6-STATE: GigabitEthernet0/${ifIndex} IPv4 group ${ifIndex} state \\w+ -> MASTER`);
const vrrpV3: Protocol = {
  title: 'VRRPv3 IPv4',
  tag: 'prot-vrrp3',
  ipv6: false,
  lan: { r1: '10.33.0.2', r2: '10.33.0.3', host: '10.33.0.100', vip: '10.33.0.1' },
  up: { r1: '10.34.0.2', r2: '10.34.0.3', host: '10.34.0.100', vip: '10.34.0.1' },
  lanMac: '00:00:5e:00:01:01',
  // RFC 5798 §6.1: 3 × Master_Adver_Interval + Skew_Time, Skew_Time = (256 − 100) × interval / 256.
  boundMs: 3 * VRRP_ADVERT_MS + Math.floor(((256 - 100) * VRRP_ADVERT_MS) / 256),
  // IOS-XE form (spec §5.8); preempt is on by default (RFC 5798 §6.1, spec §5.6).
  config: (name, lan, up, priority) => `hostname ${name}
ip routing
fhrp version vrrp v3
track 1 interface GigabitEthernet0/1 line-protocol
interface GigabitEthernet0/1
 ip address ${lan} 255.255.255.0
 vrrp 1 address-family ipv4
  address 10.33.0.1 primary
  priority ${priority}
  timers advertise ${VRRP_ADVERT_MS}
 exit-vrrp
interface GigabitEthernet0/2
 ip address ${up} 255.255.255.0
 vrrp 2 address-family ipv4
  address 10.34.0.1 primary
  priority ${priority}
  timers advertise ${VRRP_ADVERT_MS}
  track 1 decrement 20
 exit-vrrp
end
`,
  becameActive: vrrpActive,
  settledBackup: (ifIndex) => new RegExp(`%VRRP-6-STATE: GigabitEthernet0/${ifIndex} IPv4 group ${ifIndex} state \\w+ -> BACKUP`),
  linkLost: /GigabitEthernet0\/1 IPv4 group 1 state MASTER -> INIT/,
  showBrief: 'show vrrp brief',
  r2ActiveBrief: /Gi0\/1\s+1\s+IPv4\s+100\s+0\s+N\s+Y\s+MASTER\s+10\.33\.0\.3\(local\)\s+10\.33\.0\.1/,
  wire: ['vrrp', 'arp', 'icmp'],
};

function neighbour(bed: RoutedLab, p: Protocol): string {
  return bed.lab.ip(bed.host, ...(p.ipv6 ? ['-6'] : []), 'neigh', 'show', p.lan.vip, 'dev', 'eth1');
}

function scenario(p: Protocol): void {
  describe(`vipr run, ${p.title}: a host routed to an upstream LAN through two routers`, () => {
    const dir = mkdtempSync(join(tmpdir(), `vipr-${p.tag}-`));
    let bed: RoutedLab | undefined;
    let ping: PingRecorder | undefined;

    afterAll(async () => {
      await ping?.stop();
      await wire.stop(p.tag);
      await bed?.lab.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }, 30_000);

    it('elects R1, fails over to R2 on a cable pull and on SIGKILL, and preempts back', async () => {
      const b = routedLab(p.tag, { ipv6: p.ipv6 });
      bed = b;
      await wire.capture(b.lab, b.r1, `${p.tag}/R1`, { ifaces: ['eth1', 'eth2'], expect: p.wire });
      await wire.capture(b.lab, b.r2, `${p.tag}/R2`, { ifaces: ['eth1', 'eth2'], expect: p.wire });
      const start = (ns: string, name: 'R1' | 'R2', priority: number): ViprProcess =>
        startVipr(b.lab, ns, dir, name, p.config(name, name === 'R1' ? p.lan.r1 : p.lan.r2, name === 'R1' ? p.up.r1 : p.up.r2, priority));
      const family = p.ipv6 ? ['-6'] : [];
      const len = p.ipv6 ? 64 : 24;
      // nodad: the test hosts' own addresses must be usable at once.
      b.lab.ip(b.host, ...family, 'addr', 'add', `${p.lan.host}/${len}`, 'dev', 'eth1', ...(p.ipv6 ? ['nodad'] : []));
      b.lab.ip(b.upstream, ...family, 'addr', 'add', `${p.up.host}/${len}`, 'dev', 'eth1', ...(p.ipv6 ? ['nodad'] : []));
      // The host's gateway is the LAN VIP; the upstream host's way back is the upstream VIP.
      b.lab.ip(b.host, ...family, 'route', 'add', 'default', 'via', p.lan.vip);
      b.lab.ip(b.upstream, ...family, 'route', 'add', p.ipv6 ? '2001:db8:31::/64' : `${p.lan.vip.replace(/\.1$/, '.0')}/24`, 'via', p.up.vip);

      let r1 = start(b.r1, 'R1', 110);
      const r2 = start(b.r2, 'R2', 100);
      await Promise.all([waitForLine(r1, p.becameActive(1), 20_000), waitForLine(r1, p.becameActive(2), 20_000)]);
      await Promise.all([waitForLine(r2, p.settledBackup(1), 20_000), waitForLine(r2, p.settledBackup(2), 20_000)]);
      await reachable(b.lab, b.host, p.up.host, 5000);
      expect(neighbour(b, p)).toContain(p.lanMac);
      expect(b.lab.ip(b.r2, '-br', 'addr')).not.toContain(`${p.lan.vip}/`);

      ping = new PingRecorder(b.lab, b.host, p.up.host);
      // A steady stream first, so that the first event has replies before it to measure from.
      await ping.replyAfter(Date.now() + 250, 3000);
      const gaps: Record<string, { gapMs: number; lost: number }> = {};

      // Cable pull: R1's LAN port on the switch goes down.
      let mark2 = lineMark(r2);
      let mark1 = lineMark(r1);
      let at = Date.now();
      b.lab.ip(b.sw, 'link', 'set', b.lanPort.R1, 'down');
      await Promise.all([waitForLine(r2, p.becameActive(1), 10_000, mark2), waitForLine(r2, p.becameActive(2), 10_000, mark2)]);
      await ping.replyAfter(Date.now(), 5000);
      gaps['cable pull'] = ping.gap(at, Date.now());
      // R1 saw its link go (RFC 2281 §5.5 b, RFC 5798 §6.4.3 Shutdown) and gave up the VIP.
      await waitForLine(r1, p.linkLost, 5000, mark1);
      expect(b.lab.ip(b.r1, '-br', 'addr')).not.toContain(`${p.lan.vip}/`);
      expect(neighbour(b, p)).toContain(p.lanMac);
      expect(await viprCli(r2.socket, p.showBrief)).toMatch(p.r2ActiveBrief);

      // The cable returns: R1 is the better router on both LANs again and preempts.
      mark1 = lineMark(r1);
      mark2 = lineMark(r2);
      at = Date.now();
      b.lab.ip(b.sw, 'link', 'set', b.lanPort.R1, 'up');
      await Promise.all([waitForLine(r1, p.becameActive(1), 10_000, mark1), waitForLine(r1, p.becameActive(2), 10_000, mark1)]);
      await Promise.all([waitForLine(r2, p.settledBackup(1), 10_000, mark2), waitForLine(r2, p.settledBackup(2), 10_000, mark2)]);
      await ping.replyAfter(Date.now(), 5000);
      gaps['cable back, preemption'] = ping.gap(at, Date.now());
      expect(b.lab.ip(b.r2, '-br', 'addr')).not.toContain(`${p.lan.vip}/`);

      // SIGKILL: R1 sends nothing more; R2 waits out the hold time / Master_Down_Interval.
      mark2 = lineMark(r2);
      at = Date.now();
      await stopVipr(r1, 'SIGKILL');
      await Promise.all([waitForLine(r2, p.becameActive(1), 10_000, mark2), waitForLine(r2, p.becameActive(2), 10_000, mark2)]);
      const takeoverMs = Date.now() - at;
      await ping.replyAfter(Date.now(), 5000);
      gaps.SIGKILL = ping.gap(at, Date.now());

      // R1 again (its crash left its children behind: the new process sweeps them) and preempts.
      at = Date.now();
      r1 = start(b.r1, 'R1', 110);
      await Promise.all([waitForLine(r1, p.becameActive(1), 20_000), waitForLine(r1, p.becameActive(2), 20_000)]);
      await ping.replyAfter(Date.now(), 5000);
      gaps['R1 restarted, preemption'] = ping.gap(at, Date.now());
      expect(neighbour(b, p)).toContain(p.lanMac);
      await ping.stop();

      for (const [what, g] of Object.entries(gaps)) {
        console.log(`${p.title}: ${what}: longest echo gap ${g.gapMs} ms, ${g.lost} echoes lost (bound ${p.boundMs} ms + ${MARGIN_MS} ms margin)`);
      }
      console.log(`${p.title}: R2 took over ${takeoverMs} ms after SIGKILL`);
      for (const g of Object.values(gaps)) expect(g.gapMs).toBeLessThan(p.boundMs + MARGIN_MS);
      expect(takeoverMs).toBeLessThan(p.boundMs + MARGIN_MS);
      // Only one router forwards for the virtual MAC at a time: no echo is answered twice.
      expect(ping.duplicates).toBe(0);
      // Nothing went wrong in the kernel plumbing (macvlan children, addresses, routes).
      for (const r of [r1, r2]) expect(r.out.join('')).not.toMatch(/%VIPR-[34]-(PLANE|IFCONFIG|PORT)/);
      await stopVipr(r1, 'SIGTERM');
      await stopVipr(r2, 'SIGTERM');
    }, 60_000);
  });
}

scenario(hsrpV1);
scenario(hsrpV2Ipv6);
scenario(vrrpV3);

describe('vipr run across protocols: the wire', () => {
  it('every frame the routers sent is dissected by tshark with no malformed or error item', async () => {
    await wire.check((ok, message) => expect(ok, message).toBe(true));
  }, 30_000);
});
