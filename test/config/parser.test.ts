import { describe, expect, it } from 'vitest';
import { completeLine, expectedAt, parseLine, type Mode } from '../../src/config/grammar/parser.js';

function ok(mode: Mode, line: string): unknown {
  const r = parseLine(mode, line);
  if (!r.ok) throw new Error(`${mode}: ${line}: ${r.error.message} at ${r.error.offset}`);
  expect(r.parses, `exactly one parse for ${JSON.stringify(line)}`).toBe(1);
  return r.ast;
}

function err(mode: Mode, line: string): { kind: string; offset: number; message: string } {
  const r = parseLine(mode, line);
  if (r.ok) throw new Error(`expected an error for ${line}`);
  return r.error;
}

/** Valid lines of every mode: each must give exactly one parse. */
const VALID: [Mode, string][] = [
  ['exec', 'show running-config'],
  ['exec', 'sh run'],
  ['exec', 'sh stand br'],
  ['exec', 'show standby GigabitEthernet0/1 1 brief'],
  ['exec', 'show vrrp brief'],
  ['exec', 'show vrrp interface gi0/1'],
  ['exec', 'show ip interface brief'],
  ['exec', 'show track 1'],
  ['exec', 'conf t'],
  ['exec', 'write memory'],
  ['exec', 'copy running-config startup-config'],
  ['exec', 'terminal length 0'],
  ['exec', 'debug standby events'],
  ['exec', 'undebug all'],
  ['config', 'hostname R1'],
  ['config', 'enable secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM'],
  ['config', 'enable secret cisco'],
  ['config', 'enable password 7 02050D480809'],
  ['config', 'username admin privilege 15 secret 0 cisco'],
  ['config', 'username oper password cisco'],
  ['config', 'username guest nopassword'],
  ['config', 'service password-encryption'],
  ['config', 'service timestamps log datetime msec localtime show-timezone year'],
  ['config', 'service timestamps debug uptime'],
  ['config', 'ip routing'],
  ['config', 'ip route 0.0.0.0 0.0.0.0 10.0.0.1'],
  ['config', 'ip route 10.1.0.0 255.255.0.0 Gi0/1'],
  ['config', 'ip route 10.1.0.0 255.255.0.0 GigabitEthernet 0/1 10.0.0.1 250 name foo'],
  ['config', 'ipv6 unicast-routing'],
  ['config', 'ipv6 route ::/0 2001:db8::1'],
  ['config', 'ipv6 route 2001:db8:1::/48 Gi0/1 FE80::1 10'],
  ['config', 'ip domain-name example.com'],
  ['config', 'ip domain name example.com'],
  ['config', 'no ip domain-lookup'],
  ['config', 'no ip domain lookup'],
  ['config', 'logging host 10.0.0.5'],
  ['config', 'logging 10.0.0.5'],
  ['config', 'logging buffered 51200 warnings'],
  ['config', 'logging buffered 4'],
  ['config', 'logging console informational'],
  ['config', 'no logging console'],
  ['config', 'track 1 interface GigabitEthernet0/2 line-protocol'],
  ['config', 'track 2 interface Gi0/2 ip routing'],
  ['config', 'track 3 ip route 10.0.0.0 255.0.0.0 reachability'],
  ['config', 'track 4 ip route 10.0.0.0/8 reachability'],
  ['config', 'track 5 list boolean or'],
  ['config', 'track 6 ip sla 10 reachability'],
  ['config', 'key chain KEYS'],
  ['config', 'fhrp version vrrp v3'],
  ['config', 'banner motd ^C'],
  ['config', 'banner motd #Hello#'],
  ['config', 'interface Loopback0'],
  ['config', 'int gi0/1.10'],
  ['config', 'interface Vlan10'],
  ['config', 'interface TenGigabitEthernet1/1'],
  ['config', 'interface FastEthernet0/1'],
  ['config', 'interface Ethernet0/0'],
  ['config', 'line con 0'],
  ['config', 'line vty 0 4'],
  ['config', 'no line vty 5 15'],
  ['config', 'default line vty 5'],
  ['config', 'default interface Gi0/1'],
  ['config', 'no interface Gi0/1.10'],
  ['config', 'no username admin'],
  ['config', 'no enable secret'],
  ['config', 'no banner motd'],
  ['config', 'no ipv6 route 2001:db8:1::/48 Gi0/1'],
  ['config', 'no ip route 10.1.0.0 255.255.0.0'],
  ['config', 'no ip route 10.1.0.0 255.255.0.0 Gi0/1'],
  ['config', 'no ip route 10.1.0.0 255.255.0.0 Gi0/1 10.0.0.1 250 name foo'],
  ['config', 'no ip route 0.0.0.0 0.0.0.0 10.0.0.1'],
  ['config', 'no ipv6 route ::/0 2001:db8::1'],
  ['config', 'no ipv6 route 2001:db8:1::/48'],
  ['config', 'no logging host 10.0.0.5'],
  ['config', 'default logging buffered'],
  ['config', 'no track 1'],
  ['config', 'no key chain KEYS'],
  ['config', 'no fhrp version vrrp v3'],
  ['config', 'no service password-encryption'],
  ['config', 'default service timestamps log'],
  ['config', 'no hostname'],
  ['config', 'end'],
  ['config', 'do show run'],
  ['config', 'ntp server 10.0.0.1'],
  ['config', 'no ip http server'],
  ['config', 'snmp-server community public RO'],
  ['config', 'boot-start-marker'],
  ['config-if', 'description Uplink to the core'],
  ['config-if', 'ip address 10.0.0.1 255.255.255.0'],
  ['config-if', 'ip address 10.0.1.1 255.255.255.0 secondary'],
  ['config-if', 'no ip address'],
  ['config-if', 'ipv6 address 2001:db8::1/64'],
  ['config-if', 'ipv6 address 2001:db8::/64 eui-64'],
  ['config-if', 'ipv6 address FE80::1 link-local'],
  ['config-if', 'ipv6 address autoconfig'],
  ['config-if', 'ipv6 enable'],
  ['config-if', 'shutdown'],
  ['config-if', 'no shut'],
  ['config-if', 'mtu 9000'],
  ['config-if', 'standby version 2'],
  ['config-if', 'standby ip'],
  ['config-if', 'standby ip 10.0.0.1'],
  ['config-if', 'standby 1 ip 10.0.0.1 secondary'],
  ['config-if', 'standby 1 ipv6 autoconfig'],
  ['config-if', 'standby 1 ipv6 FE80::1'],
  ['config-if', 'standby 1 ipv6 2001:db8::1/64'],
  ['config-if', 'standby 1 priority 110'],
  ['config-if', 'standby 1 preempt'],
  ['config-if', 'standby 1 preempt delay minimum 60 reload 300 sync 10'],
  ['config-if', 'standby 1 preempt delay reload 300'],
  ['config-if', 'standby 1 preempt delay sync 5'],
  ['config-if', 'standby 1 timers 5 15'],
  ['config-if', 'standby 1 timers msec 300 msec 900'],
  ['config-if', 'standby 1 timers msec 300 1'],
  ['config-if', 'standby 1 authentication VLAN2998'],
  ['config-if', 'standby 1 authentication text cisco'],
  ['config-if', 'standby 1 authentication md5 key-string 7 0822455D0A16 timeout 30'],
  ['config-if', 'standby 1 authentication md5 key-string secret'],
  ['config-if', 'standby 1 authentication md5 key-chain HSRP-KEYS'],
  ['config-if', 'standby 1 track 1 decrement 20'],
  ['config-if', 'standby 1 track 1 shutdown'],
  ['config-if', 'standby 1 track 1'],
  ['config-if', 'standby 1 track GigabitEthernet0/2 20'],
  ['config-if', 'standby 1 mac-address 0000.0c07.ac01'],
  ['config-if', 'standby 1 name USERS'],
  ['config-if', 'standby 2 follow USERS'],
  ['config-if', 'standby use-bia scope interface'],
  ['config-if', 'standby delay minimum 30 reload 60'],
  ['config-if', 'standby mac-refresh 20'],
  ['config-if', 'standby redirect'],
  ['config-if', 'standby bfd'],
  ['config-if', 'no standby'],
  ['config-if', 'no standby 1'],
  ['config-if', 'no standby 1 ip 10.0.0.1 secondary'],
  ['config-if', 'no standby 1 preempt'],
  ['config-if', 'no standby 1 preempt delay'],
  ['config-if', 'no standby 1 track 1'],
  ['config-if', 'default standby 1 priority'],
  ['config-if', 'vrrp 1 ip 10.0.0.1'],
  ['config-if', 'vrrp 1 ip 10.0.0.2 secondary'],
  ['config-if', 'vrrp 1 priority 110'],
  ['config-if', 'vrrp 1 preempt delay minimum 30'],
  ['config-if', 'no vrrp 1 preempt'],
  ['config-if', 'vrrp 1 timers advertise 3'],
  ['config-if', 'vrrp 1 timers advertise msec 500'],
  ['config-if', 'vrrp 1 timers learn'],
  ['config-if', 'vrrp 1 authentication cisco'],
  ['config-if', 'vrrp 1 authentication text cisco'],
  ['config-if', 'vrrp 1 authentication md5 key-string highavailability'],
  ['config-if', 'vrrp 1 authentication md5 key-chain VRRP-KEYS'],
  ['config-if', 'vrrp 1 track 1 decrement 20'],
  ['config-if', 'vrrp 1 description VRRP_Manag'],
  ['config-if', 'vrrp 1 shutdown'],
  ['config-if', 'vrrp 22 address-family ipv4'],
  ['config-if', 'vrrp 22 address-family ipv6'],
  ['config-if', 'no vrrp 1'],
  ['config-if', 'duplex auto'],
  ['config-if', 'speed 1000'],
  ['config-if', 'no cdp enable'],
  ['config-if', 'no ip redirects'],
  ['config-if', 'ip helper-address 10.0.0.9'],
  ['config-subif', 'encapsulation dot1Q 10'],
  ['config-subif', 'encapsulation dot1q 10 native'],
  ['config-subif', 'ip address 10.0.0.1 255.255.255.0'],
  ['config-if-vrrp', 'address 172.16.22.1 primary'],
  ['config-if-vrrp', 'address 172.16.22.2 secondary'],
  ['config-if-vrrp', 'address 172.16.22.1'],
  ['config-if-vrrp', 'address FE80::1 primary'],
  ['config-if-vrrp', 'address 2001:db8::1/64'],
  ['config-if-vrrp', 'priority 110'],
  ['config-if-vrrp', 'preempt delay minimum 10'],
  ['config-if-vrrp', 'timers advertise 1000'],
  ['config-if-vrrp', 'timers advertise msec 500'],
  ['config-if-vrrp', 'track 1 decrement 20'],
  ['config-if-vrrp', 'track 1 shutdown'],
  ['config-if-vrrp', 'vrrpv2'],
  ['config-if-vrrp', 'description TEXT with words'],
  ['config-if-vrrp', 'shutdown'],
  ['config-if-vrrp', 'checksum pseudo-header'],
  ['config-if-vrrp', 'no checksum pseudo-header'],
  ['config-if-vrrp', 'accept-mode'],
  ['config-if-vrrp', 'no accept-mode'],
  ['config-if-vrrp', 'default accept-mode'],
  ['config-if-vrrp', 'exit-vrrp'],
  ['config-track', 'delay up 10 down 5'],
  ['config-track', 'delay down 5'],
  ['config-track', 'object 1 not'],
  ['config-line', 'login local'],
  ['config-line', 'login'],
  ['config-line', 'password 7 02050D480809'],
  ['config-line', 'transport input ssh telnet'],
  ['config-line', 'exec-timeout 0 0'],
  ['config-line', 'privilege level 15'],
  ['config-line', 'logging synchronous'],
  ['config-keychain', 'key 1'],
  ['config-keychain-key', 'key-string 7 0822455D0A16'],
  ['config-keychain-key', 'key-string cisco'],
  ['config-keychain-key', 'key 2'],
  ['config-keychain-key', 'accept-lifetime 00:00:00 Jan 1 2024 infinite'],
];

describe('grammar: every valid line has exactly one parse', () => {
  it.each(VALID)('%s: %s', (mode, line) => {
    ok(mode, line);
  });
});

describe('grammar: abbreviations', () => {
  it('accepts unique prefixes of keywords, case-insensitively', () => {
    expect(ok('exec', 'SH STAND BR')).toEqual(ok('exec', 'show standby brief'));
    expect(ok('config-if', 'stan 1 pri 110')).toMatchObject({ cmd: { k: 'standby', group: 1, sub: { s: 'priority', value: 110 } } });
    expect(ok('config-if', 'ip add 10.0.0.1 255.0.0.0 sec')).toEqual(ok('config-if', 'ip address 10.0.0.1 255.0.0.0 secondary'));
  });
  it('accepts interface names as IOS does (spec §6.9)', () => {
    for (const n of ['GigabitEthernet0/1', 'gi0/1', 'g0/1', 'gig0/1', 'Gi 0/1', 'GigabitEthernet 0/1']) {
      expect(ok('config', `interface ${n}`)).toEqual({ neg: undefined, cmd: { k: 'interface', name: 'GigabitEthernet0/1' } });
    }
    expect(ok('config', 'int fa0/1.20')).toMatchObject({ cmd: { name: 'FastEthernet0/1.20' } });
    expect(ok('config', 'int lo0')).toMatchObject({ cmd: { name: 'Loopback0' } });
    expect(ok('config', 'int vl10')).toMatchObject({ cmd: { name: 'Vlan10' } });
    expect(ok('config', 'int te1/0/1')).toMatchObject({ cmd: { name: 'TenGigabitEthernet1/0/1' } });
    expect(ok('config', 'int e0/0')).toMatchObject({ cmd: { name: 'Ethernet0/0' } });
  });
  it('rejects a number that does not suit the type at the number, in one word or two', () => {
    for (const [line, offset] of [['interface Loopback 0/1', 19], ['interface Vlan 5000', 15], ['ip route 10.0.0.0 255.0.0.0 Gi 0/1.0', 31], ['interface Loopback0/1', 10]] as const) {
      expect(err('config', line)).toEqual({ kind: 'invalid', offset, message: "% Invalid input detected at '^' marker." });
    }
  });
  it('lets an exact match win over a longer keyword (ip vs ipv6)', () => {
    expect(ok('config-if', 'ip address 10.0.0.1 255.0.0.0')).toMatchObject({ cmd: { k: 'ip-address' } });
  });
});

describe('grammar: IOS errors', () => {
  it('is ambiguous when a word prefixes two keywords, even if only one could complete (D1)', () => {
    expect(err('config-if', 's')).toEqual({ kind: 'ambiguous', offset: 0, message: '% Ambiguous command:  "s"' });
    expect(err('exec', 'show i')).toEqual({ kind: 'ambiguous', offset: 5, message: '% Ambiguous command:  "show i"' });
    expect(err('config', 'a')).toEqual({ kind: 'ambiguous', offset: 0, message: '% Ambiguous command:  "a"' });
    expect(err('config-if', 'i')).toMatchObject({ kind: 'ambiguous' });
    expect(err('config-if', 'standby 1 authentication md5 key 7 x')).toMatchObject({ kind: 'ambiguous', offset: 29 });
  });
  it('is incomplete when the words run out', () => {
    expect(err('config', 'logging')).toMatchObject({ kind: 'incomplete', message: '% Incomplete command.' });
    expect(err('config-if', 'standby 1 priority')).toMatchObject({ kind: 'incomplete' });
    expect(err('config-if', 'vrrp 1')).toMatchObject({ kind: 'incomplete' });
    expect(err('config-if', 'ip address 10.0.0.1')).toMatchObject({ kind: 'incomplete' });
  });
  it("puts the '^' under the first word that no terminal accepts", () => {
    expect(err('config', 'logging 0255.255.1')).toEqual({
      kind: 'invalid',
      offset: 8,
      message: "% Invalid input detected at '^' marker.",
    });
    expect(err('config-if', 'vrrp 256 ip 10.0.0.1')).toMatchObject({ kind: 'invalid', offset: 5 });
    expect(err('config-if', 'standby 1 priority 256')).toMatchObject({ kind: 'invalid', offset: 19 });
    expect(err('config-if', 'standby 1 timers 5 15 extra')).toMatchObject({ kind: 'invalid', offset: 22 });
    expect(err('config-if', 'vrrp 1 priority 255')).toMatchObject({ kind: 'invalid', offset: 16 });
    expect(err('config', 'hostnamex R1')).toMatchObject({ kind: 'invalid', offset: 0 });
    expect(err('config', 'interface Serial0/0')).toMatchObject({ kind: 'invalid', offset: 10 });
    expect(err('config', 'interface Loopback0/1')).toMatchObject({ kind: 'invalid', offset: 10 });
    expect(err('config-if', 'encapsulation dot1Q 10')).toMatchObject({ kind: 'invalid', offset: 0 });
    expect(err('config-if-vrrp', 'address 300.1.1.1')).toMatchObject({ kind: 'invalid', offset: 8 });
  });
});

describe('grammar: help and completion come from the same terminals', () => {
  it('lists `standby 1 ?` as IOS does (spec §6.9)', () => {
    const e = expectedAt('config-if', 'standby 1 ');
    expect(e.ok && e.entries.map((x) => x.token)).toEqual([
      'authentication',
      'follow',
      'ip',
      'ipv6',
      'mac-address',
      'name',
      'preempt',
      'priority',
      'timers',
      'track',
    ]);
    expect(e.ok && e.entries.find((x) => x.token === 'preempt')?.help).toBe('Overthrow lower priority Active routers');
  });
  it('shows ranges first, then keywords, and <cr> when the command is complete', () => {
    const e = expectedAt('config-if', 'standby ');
    expect(e.ok && e.entries[0]).toEqual({ token: '<0-4095>', help: 'group number' });
    const f = expectedAt('config-if', 'standby 1 preempt ');
    expect(f.ok && f.entries.map((x) => x.token)).toEqual(['delay', '<cr>']);
    const g = expectedAt('config', 'interface ');
    expect(g.ok && g.entries.map((x) => x.token)).toContain('GigabitEthernet');
  });
  it('completes a word being typed', () => {
    const e = expectedAt('exec', 'sh');
    expect(e.ok && e.partial).toBe('sh');
    expect(e.ok && e.entries.map((x) => x.token)).toEqual(['show']);
    expect(completeLine('exec', 'sh stand')).toBe('sh standby ');
    expect(completeLine('config', 'int gi')).toBe('int GigabitEthernet ');
    expect(completeLine('config-if', 's')).toBeUndefined();
  });
  it('reports the error of the words before the cursor', () => {
    const e = expectedAt('config-if', 'standby 1 bogus ');
    expect(e.ok).toBe(false);
  });
});
