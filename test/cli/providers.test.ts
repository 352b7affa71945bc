/**
 * The interface, routing, ARP, reachability and system commands at keystroke level, on real
 * Routers whose ports go through the in-memory IP host (src/cli/memory/ip-stack.ts): layouts
 * compared with fixtures/ios-output/ byte for byte where a fixture exists, data from the providers.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { renderConfig } from '../../src/config/render.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { Router } from '../../src/router/router.js';
import { seededRandom } from '../../src/runtime/random.js';
import { LogHub } from '../../src/cli/log-hub.js';
import { EPOCH, lab, NO_PLANE, R1_CONFIG, R2_CONFIG, terminal, type Terminal } from './support/lab.js';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'ios-output', name), 'utf8');

/** The output of one command: between the echoed line and the next prompt. */
function run(t: Terminal, command: string, host = 'R1'): string {
  const out = t.type(`${command}\r`);
  expect(out.startsWith(`${command}\n`)).toBe(true);
  return out.slice(command.length + 1).replace(new RegExp(`${host}[>#]$`), '');
}

function ready(l: ReturnType<typeof lab>, opts: Parameters<ReturnType<typeof lab>['open']>[0] = {}): Terminal {
  const t = l.open(opts);
  t.type('terminal length 0\r');
  t.take();
  return t;
}

/** A fixture block of `show interfaces`, from its state line to the next interface. */
function fixtureBlock(name: string): string[] {
  const lines = fixture('show_interfaces.txt').split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${name} is `));
  let end = start + 1;
  while (end < lines.length && /^\s/.test(lines[end] ?? '')) end++;
  return lines.slice(start, end);
}

/** Values out, layout kept: numbers, MACs, the hardware name and the switch-only state suffix. */
function layout(lines: readonly string[]): string[] {
  return lines
    .filter((l) => !/^ {2}(Description|Internet address is)/.test(l))
    .map((l) =>
      l
        .replace(/ \((connected|notconnect)\)$/, '')
        .replace(/[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}/g, 'MAC')
        .replace('iGbE', 'vipr Ethernet')
        .replace(/GigabitEthernet\d+\/\d+/, 'IF')
        .replace(/\d+d\d+h|\d\d:\d\d:\d\d|never/g, 'AGE')
        .replace(/\d+/g, 'N'),
    );
}

describe('show interfaces', () => {
  it('a port in the layout of the fixture, with the counters, MAC and carrier of the provider', () => {
    const l = lab();
    l.clock.advance(30_000);
    const t = ready(l);
    const out = run(t, 'show interfaces GigabitEthernet0/1');
    const lines = out.replace(/\n$/, '').split('\n');
    expect(layout(lines)).toEqual(layout(fixtureBlock('GigabitEthernet0/1')));
    expect(lines[0]).toBe('GigabitEthernet0/1 is up, line protocol is up');
    expect(lines[1]).toBe('  Hardware is vipr Ethernet, address is aabb.cc01.0100 (bia aabb.cc01.0100)');
    expect(lines[2]).toBe('  Internet address is 10.0.0.2/24');
    const s = l.stack1.get('GigabitEthernet0/1');
    expect(s?.counters.rxPackets).toBeGreaterThan(0);
    expect(out).toContain(`     ${s?.counters.rxPackets} packets input, ${s?.counters.rxBytes} bytes, 0 no buffer\n`);
    expect(out).toContain(`     ${s?.counters.txPackets} packets output, ${s?.counters.txBytes} bytes, 0 underruns\n`);
    expect(out).toContain(`     Received ${s?.counters.rxBroadcasts} broadcasts (${s?.counters.rxMulticasts} multicasts)\n`);
    expect(out).toContain('  Last clearing of "show interface" counters never\n');
    // The abbreviation works, and an interface that does not exist is refused at its word.
    expect(run(t, 'sh int gi0/1')).toBe(out);
    expect(run(t, 'show interfaces gi0/9')).toBe("                   ^\n% Invalid input detected at '^' marker.\n\n");
  });

  it('every interface: admin down, loopback, carrier loss, physical ones first', () => {
    const l = lab();
    const t = ready(l);
    l.port1.setLinkUp(false);
    const out = run(t, 'show interfaces');
    const heads = out.split('\n').filter((x) => /^\S/.test(x));
    expect(heads).toEqual([
      'GigabitEthernet0/1 is down, line protocol is down',
      'GigabitEthernet0/2 is administratively down, line protocol is down',
      'Loopback0 is up, line protocol is up',
    ]);
    expect(out).toContain(
      'Loopback0 is up, line protocol is up\n  Hardware is Loopback\n  Internet address is 192.0.2.1/32\n  MTU 1514 bytes, BW 8000000 Kbit/sec, DLY 5000 usec,\n     reliability 255/255, txload 1/255, rxload 1/255\n  Encapsulation LOOPBACK, loopback not set\n',
    );
    expect(out).toContain('     0 output errors, 0 collisions, 1 interface resets\n');
  });

  it('a subinterface shows its 802.1Q encapsulation', () => {
    const l = lab(`${R1_CONFIG}interface GigabitEthernet0/1.10\n encapsulation dot1Q 10\n ip address 10.10.0.2 255.255.255.0\n`);
    const t = ready(l);
    expect(run(t, 'show interfaces gi0/1.10')).toBe(
      [
        'GigabitEthernet0/1.10 is up, line protocol is up',
        '  Hardware is vipr Ethernet, address is aabb.cc01.0100 (bia aabb.cc01.0100)',
        '  Internet address is 10.10.0.2/24',
        '  MTU 1500 bytes, BW 1000000 Kbit/sec, DLY 10 usec,',
        '     reliability 255/255, txload 1/255, rxload 1/255',
        '  Encapsulation 802.1Q Virtual LAN, Vlan ID  10.',
        '  ARP type: ARPA, ARP Timeout 04:00:00',
        '  Keepalive set (10 sec)',
        '  Last clearing of "show interface" counters never',
        '',
      ].join('\n'),
    );
  });
});

describe('clear counters', () => {
  it('asks, clears, logs who did it, and show interfaces says when', () => {
    const l = lab();
    l.clock.advance(30_000);
    const t = ready(l);
    expect(t.type('clear counters\r')).toBe('clear counters\nClear "show interface" counters on all interfaces [confirm]');
    expect(t.type('\r')).toBe('\nR1#');
    expect(l.log1.buffer.messages.at(-1)?.text).toBe('Clear counter on all interfaces by admin on vty0 (192.0.2.100)');
    expect(run(t, 'show logging | include CLEAR')).toMatch(/%CLEAR-5-COUNTERS: Clear counter on all interfaces by admin on vty0 \(192\.0\.2\.100\)\n$/);
    l.clock.advance(65_000);
    const out = run(t, 'show interfaces gi0/1 | include clearing|packets input');
    expect(out).toMatch(/^ {2}Last clearing of "show interface" counters 00:01:05\n {5}\d+ packets input/);
    // HSRP hellos arrived since: counted from zero again.
    expect(Number(/(\d+) packets input/.exec(out)?.[1])).toBe(l.stack1.get('GigabitEthernet0/1')?.counters.rxPackets);
    expect(Number(/(\d+) packets input/.exec(out)?.[1])).toBeLessThan(40);
    expect(t.type('clear counters gi0/1\r')).toBe('clear counters gi0/1\nClear "show interface" counters on this interface [confirm]');
    expect(t.type('n\r')).toBe('n\nR1#');
    expect(l.log1.buffer.messages.filter((m) => m.mnemonic === 'COUNTERS').length).toBe(1);
    t.type('clear counters gi0/1\r\r');
    expect(l.log1.buffer.messages.at(-1)?.text).toBe('Clear counter on interface GigabitEthernet0/1 by admin on vty0 (192.0.2.100)');
    expect(l.stack1.get('GigabitEthernet0/1')?.counters.rxPackets).toBe(0);
  });
});

describe('show ip route / show ipv6 route', () => {
  const ROUTES = `${R1_CONFIG}ip route 1.1.1.1 255.255.255.255 10.0.0.3
ip route 1.1.1.1 255.255.255.255 10.0.0.4
ip route 2.2.2.0 255.255.255.0 GigabitEthernet0/1
ip route 10.9.0.0 255.255.0.0 10.0.0.3
ip route 10.8.8.8 255.255.255.255 10.0.0.3
ip route 0.0.0.0 0.0.0.0 10.0.0.3
ip route 172.16.0.0 255.255.0.0 10.77.0.1
ip route 194.0.0.0 255.255.0.0 10.0.0.3 5
ip route 194.0.0.0 255.255.0.0 10.0.0.4 7
`;

  it('the fixture legend, gateway, subnetted and variably subnetted groups, ECMP, supernets', () => {
    const l = lab(ROUTES);
    const t = ready(l);
    const out = run(t, 'show ip route');
    const fx = fixture('show_ip_route.txt').split('\n');
    expect(out.split('\n').slice(0, 7)).toEqual(fx.slice(0, 7));
    const fixtureLine = (start: string): string => fx.find((x) => x.startsWith(start)) as string;
    expect(out).toBe(
      [
        ...fx.slice(0, 8),
        fixtureLine('Gateway of last resort is').replace('194.0.0.2', '10.0.0.3'),
        '',
        'S*   0.0.0.0/0 [1/0] via 10.0.0.3',
        fixtureLine('     1.0.0.0/32 is subnetted'),
        fixtureLine('S       1.1.1.1 [1/0] via').replace('212.0.0.1', '10.0.0.3'),
        fx[fx.indexOf(fixtureLine('S       1.1.1.1 [1/0] via')) + 1]?.replace('192.168.0.1', '10.0.0.4'),
        fixtureLine('     2.0.0.0/24 is subnetted'),
        fixtureLine('S       2.2.2.0 is directly connected').replace('FastEthernet0/0.100', 'GigabitEthernet0/1'),
        '     10.0.0.0/8 is variably subnetted, 3 subnets, 3 masks',
        fixtureLine('C       10.0.1.0/24 is directly connected').replace('10.0.1.0', '10.0.0.0').replace('Serial0/0', 'GigabitEthernet0/1'),
        'S       10.8.8.8/32 [1/0] via 10.0.0.3',
        'S       10.9.0.0/16 [1/0] via 10.0.0.3',
        // Resolved recursively through the default route, as IOS does.
        'S    172.16.0.0/16 [1/0] via 10.77.0.1',
        '     192.0.2.0/32 is subnetted, 1 subnets',
        'C       192.0.2.1 is directly connected, Loopback0',
        'S    194.0.0.0/16 [5/0] via 10.0.0.3',
        '',
        '',
      ].join('\n'),
    );
    // A link loss withdraws everything that went through it.
    l.port1.setLinkUp(false);
    const down = run(t, 'show ip route');
    expect(down).toContain('Gateway of last resort is not set\n\n     192.0.2.0/32 is subnetted, 1 subnets\nC       192.0.2.1 is directly connected, Loopback0\n\n');
    expect(JSON.parse(run(t, 'show ip route | json'))).toEqual([{ prefix: '192.0.2.1', prefixLength: 32, source: 'connected', distance: 0, metric: 0, nextHops: [{ ifName: 'Loopback0' }] }]);
  });

  it('show ipv6 route: connected, local and static in the IOS layout', () => {
    const l = lab(`${R1_CONFIG}ipv6 unicast-routing
interface GigabitEthernet0/1
 ipv6 address 2001:db8:1::2/64
ipv6 route ::/0 2001:db8:1::1
`);
    const t = ready(l);
    expect(run(t, 'show ipv6 route')).toBe(
      [
        'IPv6 Routing Table - default - 4 entries',
        'Codes: C - Connected, L - Local, S - Static, U - Per-user Static route',
        '       B - BGP, R - RIP, I1 - ISIS L1, I2 - ISIS L2',
        '       IA - ISIS interarea, IS - ISIS summary, D - EIGRP, EX - EIGRP external',
        '       ND - ND Default, NDp - ND Prefix, DCE - Destination, NDr - Redirect',
        '       O - OSPF Intra, OI - OSPF Inter, OE1 - OSPF ext 1, OE2 - OSPF ext 2',
        '       ON1 - OSPF NSSA ext 1, ON2 - OSPF NSSA ext 2',
        'S   ::/0 [1/0]',
        '     via 2001:DB8:1::1',
        'C   2001:DB8:1::/64 [0/0]',
        '     via GigabitEthernet0/1, directly connected',
        'L   2001:DB8:1::2/128 [0/0]',
        '     via GigabitEthernet0/1, receive',
        'L   FF00::/8 [0/0]',
        '     via Null0, receive',
        '',
        '',
      ].join('\n'),
    );
  });
});

describe('show arp', () => {
  it('own addresses and the Active VIP with -, learned neighbors with their age, Incomplete while resolving', () => {
    const l = lab();
    l.clock.advance(40_000);
    const t = ready(l);
    const header = fixture('show_arp.txt').split('\n')[0];
    expect(run(t, 'show arp')).toBe(
      [
        header,
        'Internet  10.0.0.1                -   0000.0c07.ac01  ARPA   GigabitEthernet0/1',
        'Internet  10.0.0.2                -   aabb.cc01.0100  ARPA   GigabitEthernet0/1',
        '',
      ].join('\n'),
    );
    t.type('ping 10.0.0.3\r');
    l.clock.advance(10);
    t.take();
    l.clock.advance(3 * 60_000 + 5_000);
    const out = run(t, 'show arp');
    const row = 'Internet  10.0.0.3                3   aabb.cc02.0100  ARPA   GigabitEthernet0/1';
    expect(out.split('\n')[3]).toBe(row);
    // The columns of the fixture's rows.
    const fxRow = fixture('show_arp.txt').split('\n')[4] as string;
    for (const [a, b] of [
      [row.indexOf('   aabb'), fxRow.indexOf('   c4ad')],
      [row.indexOf('ARPA'), fxRow.indexOf('ARPA')],
      [row.indexOf('Gigabit'), fxRow.indexOf('FastEthernet4')],
    ]) {
      expect(a).toBe(b);
    }
    // A second session sees the entry pending while the first one pings a silent address.
    const t2 = ready(l);
    t.type('ping 10.0.0.99\r');
    expect(run(t2, 'show arp | include 10.0.0.99')).toBe(`${fixture('show_arp.txt').split('\n')[2]?.replace('10.100.88.199', '10.0.0.99    ')}\n`);
  });
});

describe('ping', () => {
  it('IOS output, one mark per answer as it arrives, the success-rate line', () => {
    const l = lab();
    l.clock.advance(40_000);
    const t = ready(l);
    expect(t.type('ping 10.0.0.3\r')).toBe('ping 10.0.0.3\nType escape sequence to abort.\nSending 5, 100-byte ICMP Echos to 10.0.0.3, timeout is 2 seconds:\n');
    // Keys typed while it runs are kept, not echoed: they are typed at the prompt once it is back.
    expect(t.type('show clock\r')).toBe('');
    l.clock.advance(0);
    expect(t.take()).toMatch(/^!!!!!\nSuccess rate is 100 percent \(5\/5\), round-trip min\/avg\/max = 0\/0\/0 ms\nR1#show clock\n\S.*\d\d:\d\d:\d\d.*\nR1#$/);
    // The requests and replies crossed the segment as ICMP frames.
    expect(l.stack2.get('GigabitEthernet0/1')?.counters.txPackets).toBeGreaterThanOrEqual(6);
    // The VIP answers through the Active router, the loopback from the router itself.
    t.type('ping 10.0.0.1\r');
    l.clock.advance(0);
    expect(t.take()).toBe('!!!!!\nSuccess rate is 100 percent (5/5), round-trip min/avg/max = 0/0/0 ms\nR1#');
    const r2 = ready(l, { router: 'r2' });
    r2.type('ping 10.0.0.1\r');
    l.clock.advance(0);
    expect(r2.take()).toBe('!!!!!\nSuccess rate is 100 percent (5/5), round-trip min/avg/max = 0/0/0 ms\nR2#');
    t.type('ping 192.0.2.1\r');
    l.clock.advance(0);
    expect(t.take()).toBe('!!!!!\nSuccess rate is 100 percent (5/5), round-trip min/avg/max = 0/0/0 ms\nR1#');
  });

  it('timeouts print a dot every 2 seconds; the escape sequence aborts', () => {
    const l = lab();
    const t = ready(l);
    t.type('ping 10.0.0.99\r');
    l.clock.advance(1999);
    expect(t.take()).toBe('');
    l.clock.advance(1);
    expect(t.take()).toBe('.');
    l.clock.advance(2000);
    expect(t.take()).toBe('.');
    expect(t.type('\x1e')).toBe('\nSuccess rate is 0 percent (0/2)\nR1#');
    l.clock.advance(10_000);
    expect(t.take()).toBe('');
    t.type('ping 10.0.0.99\r');
    l.clock.advance(10_000);
    expect(t.take()).toBe('.....\nSuccess rate is 0 percent (0/5)\nR1#');
    // Without a route every probe times out too; Ctrl-C also aborts.
    t.type('ping 198.51.100.1\r');
    t.take();
    l.clock.advance(2000);
    expect(t.take()).toBe('.');
    expect(t.type('\x03')).toBe('\nSuccess rate is 0 percent (0/1)\nR1#');
  });

  it('a lost reply in the middle: !.!!! and 80 percent', () => {
    const l = lab();
    l.clock.advance(40_000);
    const t = ready(l);
    t.type('ping 10.0.0.3\r');
    t.take();
    l.port2.setLinkUp(false);
    l.clock.advance(1000);
    expect(t.take()).toBe('');
    l.port2.setLinkUp(true);
    l.clock.advance(1000);
    expect(t.take()).toBe('.!!!!\nSuccess rate is 80 percent (4/5), round-trip min/avg/max = 0/0/0 ms\nR1#');
  });

  it('works at user EXEC, and a session without a pinger says so', () => {
    const l = lab();
    l.clock.advance(40_000);
    const t = ready(l, { privilege: 1 });
    t.type('ping 10.0.0.3\r');
    l.clock.advance(0);
    expect(t.take()).toContain('Success rate is 100 percent (5/5)');
    const clock = new ManualClock(EPOCH);
    const router = new Router({ config: loadConfig(R2_CONFIG).config, clock, random: seededRandom(1), log: new LogHub(), plane: NO_PLANE, ports: new Map() });
    const bare = terminal({ router, clock, privilege: 15 });
    bare.session.start();
    bare.take();
    expect(run(bare, 'ping 10.0.0.2', 'R2')).toBe('% Ping is not available on this line\n');
    expect(run(bare, 'reload', 'R2')).toBe('% Reload is not available on this line\n');
    expect(run(bare, 'clear counters', 'R2')).toBe('% Interface statistics is not available on this line\n');
  });
});

describe('traceroute', () => {
  it('the IOS header, a hop line per TTL, ends at the destination', () => {
    const l = lab();
    l.clock.advance(40_000);
    const t = ready(l);
    expect(t.type('traceroute 10.0.0.3\r')).toBe('traceroute 10.0.0.3\nType escape sequence to abort.\nTracing the route to 10.0.0.3\nVRF info: (vrf in name/id, vrf out name/id)\n  1');
    l.clock.advance(0);
    expect(t.take()).toBe(' 10.0.0.3 0 msec 0 msec 0 msec\nR1#');
  });

  it('through a router that does not forward: the first hop answers, then stars until aborted', () => {
    const l = lab(`${R1_CONFIG}ip route 10.9.0.0 255.255.0.0 10.0.0.3\n`);
    l.clock.advance(40_000);
    const t = ready(l);
    expect(t.type('traceroute 10.9.9.9\r').endsWith('\n  1')).toBe(true);
    l.clock.advance(0);
    expect(t.take()).toBe(' 10.0.0.3 0 msec 0 msec 0 msec\n  2');
    l.clock.advance(9000);
    expect(t.take()).toBe('  *  *  *\n  3');
    expect(t.type('\x1e')).toBe('\nR1#');
  });
});

describe('reload', () => {
  it('asks to save a modified configuration, then to confirm, then calls the daemon', () => {
    const l = lab();
    const t = ready(l);
    expect(t.type('reload\r')).toBe('reload\n\nSystem configuration has been modified. Save? [yes/no]: ');
    expect(t.type('maybe\r')).toBe("maybe\n% Please answer 'yes' or 'no'.\nSystem configuration has been modified. Save? [yes/no]: ");
    expect(t.type('yes\r')).toBe('yes\nBuilding configuration...\n[OK]\nProceed with reload? [confirm]');
    expect(l.store.text).toBe(renderConfig(l.r1.config));
    expect(t.type('\r')).toBe('\nR1#');
    expect(l.reloads.r1).toBe(1);
    // Saved now: straight to the confirmation; `n` keeps the router running.
    expect(t.type('reload\r')).toBe('reload\nProceed with reload? [confirm]');
    expect(t.type('n\r')).toBe('n\nR1#');
    expect(l.reloads.r1).toBe(1);
    t.type('conf t\rhostname R9\rend\r');
    t.take();
    expect(t.type('reload\r')).toBe('reload\n\nSystem configuration has been modified. Save? [yes/no]: ');
    expect(t.type('no\r')).toBe('no\nProceed with reload? [confirm]');
    expect(t.type('y\r')).toBe('y\nR9#');
    expect(l.reloads.r1).toBe(2);
    expect(l.store.text).not.toContain('hostname R9');
  });
});

describe('show hosts, dir, show archive, show key chain, show running-config all', () => {
  it('show hosts: domain, lookup, servers and static hosts', () => {
    const l = lab(`${R1_CONFIG}ip domain-name lab.example\n`);
    const t = ready(l);
    expect(run(t, 'show hosts')).toBe(
      [
        'Default domain is lab.example',
        'Name/address lookup uses domain service',
        'Name servers are 255.255.255.255',
        '',
        'Codes: UN - unknown, EX - expired, OK - OK, ?? - revalidate',
        '       temp - temporary, perm - permanent',
        '       NA - Not Applicable None - Not defined',
        '',
        'Host                      Port  Flags      Age Type   Address(es)',
        '',
      ].join('\n'),
    );
    t.type('conf t\rno ip domain-lookup\rend\r');
    t.take();
    expect(run(t, 'show hosts').split('\n').slice(0, 3)).toEqual(['Default domain is lab.example', 'Name/address lookup uses static mappings', '']);
  });

  it('dir: nvram with the startup-config, in the layout cisco_ios_dir parses', () => {
    const l = lab();
    const t = ready(l);
    expect(run(t, 'dir')).toBe('Directory of nvram:/\n\nNo files in directory\n\n524288 bytes total (524288 bytes free)\n');
    t.type('write memory\r');
    t.take();
    const size = Buffer.byteLength(l.store.text ?? '');
    const out = run(t, 'dir nvram:');
    expect(out).toBe(`Directory of nvram:/\n\n    1  -rw-${String(size).padStart(17)}                    <no date>  startup-config\n\n524288 bytes total (${524288 - size} bytes free)\n`);
    // ntc-templates' cisco_ios_dir rules.
    expect(out.split('\n')[2]).toMatch(/^\s*(\d+)\s+(.+?)\s+(\d+)\s+(.+?)\s+(\S+)\s*$/);
    expect(out).toMatch(/^(\d+)\s+\S+\s+\S+\s\((\d+) bytes free\)$/m);
    expect(run(t, 'dir flash:')).toBe('%Error opening flash: (No such device)\n');
  });

  it('show archive and show key chain', () => {
    const l = lab(`${R1_CONFIG}key chain HSRP
 key 1
  key-string s3cret
 key 2
  key-string later
  accept-lifetime 00:00:00 Jan 1 2030 infinite
  send-lifetime 00:00:00 Jan 1 2030 duration 3600
`);
    const t = ready(l);
    expect(run(t, 'show archive')).toBe(' Archive feature not enabled\n');
    expect(run(t, 'show key chain')).toBe(
      [
        'Key-chain HSRP:',
        '    key 1 -- text "s3cret"',
        '        accept lifetime (always valid) - (always valid) [valid now]',
        '        send lifetime (always valid) - (always valid) [valid now]',
        '    key 2 -- text "later"',
        '        accept lifetime (00:00:00 UTC Jan 1 2030) - (infinite)',
        '        send lifetime (00:00:00 UTC Jan 1 2030) - (3600 seconds)',
        '',
      ].join('\n'),
    );
  });

  it('show running-config all: listed by ?, defaults shown, loads back to the running model', () => {
    const l = lab();
    const t = ready(l);
    expect(t.type('show running-config ?')).toBe(
      'show running-config ?\n  all        Configuration with defaults\n  interface  Show interface configuration\n  |          Output modifiers\n  <cr>\n\nR1#show running-config ',
    );
    t.type('\x15');
    t.take();
    const out = run(t, 'show running-config all');
    expect(out).toMatch(/^Building configuration\.\.\.\n\nCurrent configuration : \d+ bytes\n!\n/);
    expect(out).toContain('interface GigabitEthernet0/1\n mtu 1500\n ip address 10.0.0.2 255.255.255.0\n standby version 1\n standby mac-refresh 10\n standby 1 ip 10.0.0.1\n standby 1 timers 3 10\n standby 1 priority 110\n standby 1 preempt\n!\n');
    const body = out.slice(out.indexOf('!'));
    expect(Number(/Current configuration : (\d+) bytes/.exec(out)?.[1])).toBe(Buffer.byteLength(body));
    expect(loadConfig(body).config).toEqual(l.r1.config);
    expect(run(t, 'show running-config')).not.toContain(' mtu 1500');
  });

  it('the new words are in EXEC help and user EXEC keeps its limits', () => {
    const l = lab();
    const t = ready(l);
    expect(t.type('clear ?')).toBe('clear ?\n  counters  Clear counters on one or all interfaces\n  logging   Clear logging buffer\n\nR1#clear ');
    t.type('\x15');
    t.take();
    const u = ready(l, { privilege: 1 });
    expect(run(u, 'show hosts').startsWith('Default domain is not set\n')).toBe(true);
    // `dir` is privileged: at level 1 it is a host name to telnet to (spec §6.9).
    expect(run(u, 'dir')).toContain('% Unknown command or computer name, or unable to find computer address\n');
  });
});
