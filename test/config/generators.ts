/**
 * Random configuration text built the way users build it – random sequences of commands from every
 * part of the language, including `no`/`default` forms. Shared by the round-trip property test and
 * the parser-cache agreement test.
 */
import fc from 'fast-check';

const ifaces = ['GigabitEthernet0/0', 'GigabitEthernet0/1', 'Vlan10', 'FastEthernet0/2', 'GigabitEthernet0/1.20'];
const octet = fc.integer({ min: 1, max: 254 });
const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,7}$/);
const lower = fc.stringMatching(/^[a-z]{1,8}$/);
const neg = fc.constantFrom('', '', '', 'no ', 'default ');

/**
 * Built once per subnet: building the arbitrary (fc.oneof of 40 branches) costs far more than drawing
 * from it, and `stanza` asks for one per generated stanza (bench/fuzz.ts draws a million).
 */
const ifCommandsBySubnet = new Map<number, fc.Arbitrary<string>>();

/** Commands inside an interface whose subnet is 10.<n>.0.0/24. */
export function ifCommands(n: number): fc.Arbitrary<string> {
  let arb = ifCommandsBySubnet.get(n);
  if (arb === undefined) ifCommandsBySubnet.set(n, (arb = buildIfCommands(n)));
  return arb;
}

function buildIfCommands(n: number): fc.Arbitrary<string> {
  const vip = octet.map((o) => `10.${n}.0.${o === 2 ? 3 : o}`);
  const grp = fc.integer({ min: 0, max: 255 });
  const vgrp = fc.integer({ min: 1, max: 255 });
  return fc.oneof(
    fc.tuple(neg, word).map(([x, w]) => `${x}description ${w} text`),
    fc.tuple(grp, vip).map(([g, a]) => `standby ${g} ip ${a}`),
    fc.tuple(grp, fc.integer({ min: 0, max: 255 })).map(([g, p]) => `standby ${g} priority ${p}`),
    fc.tuple(neg, grp).map(([x, g]) => `${x}standby ${g} preempt`),
    fc.tuple(grp, fc.integer({ min: 0, max: 3600 }), fc.integer({ min: 0, max: 3600 })).map(([g, a, b]) => `standby ${g} preempt delay minimum ${a} reload ${b}`),
    fc.tuple(grp, fc.integer({ min: 1, max: 10 })).map(([g, h]) => `standby ${g} timers ${h} ${h * 3}`),
    fc.tuple(grp, fc.integer({ min: 15, max: 300 })).map(([g, h]) => `standby ${g} timers msec ${h} msec ${h * 3}`),
    fc.tuple(grp, word).map(([g, w]) => `standby ${g} authentication md5 key-string ${w}`),
    fc.tuple(grp, word).map(([g, w]) => `standby ${g} authentication md5 key-chain ${w}`),
    fc.tuple(grp, lower).map(([g, w]) => `standby ${g} authentication text ${w}`),
    fc.tuple(grp, fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 255 })).map(([g, o, d]) => `standby ${g} track ${o} decrement ${d}`),
    fc.tuple(grp, fc.integer({ min: 1, max: 1000 })).map(([g, o]) => `standby ${g} track ${o} shutdown`),
    fc.tuple(grp, word).map(([g, w]) => `standby ${g} name ${w}`),
    fc.tuple(neg, grp).map(([x, g]) => `${x}standby ${g}`),
    fc.constantFrom('standby use-bia', 'no standby use-bia', 'standby mac-refresh 30', 'standby redirect', 'standby delay minimum 5 reload 10'),
    fc.tuple(vgrp, vip).map(([g, a]) => `vrrp ${g} ip ${a}`),
    fc.tuple(vgrp, fc.integer({ min: 1, max: 254 })).map(([g, p]) => `vrrp ${g} priority ${p}`),
    fc.tuple(neg, vgrp).map(([x, g]) => `${x}vrrp ${g} preempt`),
    fc.tuple(vgrp, fc.integer({ min: 1, max: 255 })).map(([g, t]) => `vrrp ${g} timers advertise ${t}`),
    fc.tuple(vgrp, fc.integer({ min: 50, max: 999 })).map(([g, t]) => `vrrp ${g} timers advertise msec ${t}`),
    fc.tuple(neg, vgrp).map(([x, g]) => `${x}vrrp ${g} timers learn`),
    fc.tuple(vgrp, lower).map(([g, w]) => `vrrp ${g} authentication ${w}`),
    fc.tuple(vgrp, fc.integer({ min: 1, max: 1000 })).map(([g, o]) => `vrrp ${g} track ${o} decrement 5`),
    fc.tuple(vgrp, word).map(([g, w]) => `vrrp ${g} description ${w}`),
    fc.tuple(neg, vgrp).map(([x, g]) => `${x}vrrp ${g} shutdown`),
    fc.tuple(vgrp, fc.constantFrom('ipv4', 'ipv6'), fc.array(fc.constantFrom(
      ' priority 120', ' preempt delay minimum 5', ' no preempt', ' timers advertise 300', ' track 3 shutdown', ' track 4 decrement 9',
      ' description V3', ' shutdown', ' vrrpv2', ' checksum pseudo-header', ' address FE80::9 primary', ' address 2001:DB8::9/64',
      ' no accept-mode', ' accept-mode', ' default accept-mode',
    ), { maxLength: 5 }), vip).map(([g, f, subs, a]) => [`vrrp ${g} address-family ${f}`, ...(f === 'ipv4' ? [` address ${a} primary`] : []), ...subs, 'exit-vrrp'].join('\n')),
    fc.tuple(neg).map(([x]) => `${x}shutdown`),
    fc.integer({ min: 64, max: 9216 }).map((m) => `mtu ${m}`),
    fc.constantFrom('duplex auto', 'no duplex auto', 'speed 100', 'no ip redirects', 'ipv6 enable', 'ipv6 address autoconfig', 'ipv6 address FE80::1 link-local', 'ipv6 address 2001:DB8:1::1/64'),
  );
}

export const globalCommands: fc.Arbitrary<string> = fc.oneof(
  word.map((w) => `hostname ${w}`),
  fc.constantFrom('service password-encryption', 'no service password-encryption', 'no service timestamps debug', 'service timestamps log uptime'),
  fc.constantFrom('no ip routing', 'ipv6 unicast-routing', 'no ip domain-lookup', 'ip domain-name lab.example', 'fhrp version vrrp v3'),
  fc.tuple(octet, octet).map(([a, b]) => `ip route 192.168.${a}.0 255.255.255.0 10.9.${b}.1`),
  fc.tuple(octet).map(([a]) => `ip route 172.16.${a}.0 255.255.255.0 GigabitEthernet0/0 200 name n${a}`),
  octet.map((a) => `ipv6 route 2001:db8:${a}::/48 2001:db8::1`),
  octet.map((a) => `logging host 10.99.0.${a}`),
  fc.constantFrom('logging buffered 16384 warnings', 'no logging console', 'logging console errors', 'ntp server 10.0.0.1', 'snmp-server community x RO', 'ip cef'),
  fc.tuple(fc.integer({ min: 1, max: 1000 }), fc.constantFrom(...ifaces)).map(([t, i]) => `track ${t} interface ${i} line-protocol`),
  fc.integer({ min: 1, max: 1000 }).map((t) => `track ${t} ip route 10.0.0.0 255.0.0.0 reachability\n delay up 5`),
  fc.integer({ min: 1, max: 1000 }).map((t) => `track ${t} list boolean or\n object 1001 not`.replace('1001', String((t % 999) + 1 === t ? t + 1 : (t % 999) + 1))),
  fc.tuple(word, fc.integer({ min: 0, max: 5 }), word).map(([k, i, s]) => `key chain ${k}\n key ${i}\n  key-string ${s}`),
  fc.tuple(word, word).map(([u, p]) => `username ${u} password ${p}`),
  fc.constantFrom('line vty 0 4\n login local\n transport input ssh\n exec-timeout 5 0', 'line con 0\n logging synchronous\n privilege level 15'),
  fc.constantFrom('banner motd ^C\nHello\nworld\n^C', 'banner login #Be nice#'),
  fc.constantFrom(
    'no ip route 172.16.1.0 255.255.255.0 GigabitEthernet0/0',
    'no ip route 192.168.1.0 255.255.255.0',
    'no ipv6 route 2001:db8:1::/48',
    'line vty 5 15\n exec-timeout 1 0',
    'no line vty 5 15',
    'default line vty 0 4',
  ),
  fc.constantFrom(...ifaces).map((i) => `default interface ${i}`),
);

export const stanza = fc.tuple(fc.integer({ min: 0, max: ifaces.length - 1 }), fc.array(fc.integer(), { maxLength: 0 })).chain(([i]) => {
  const name = ifaces[i] ?? 'GigabitEthernet0/0';
  const n = i + 1;
  const head = [`interface ${name}`, ...(name.includes('.') ? [' encapsulation dot1Q 20'] : []), ` ip address 10.${n}.0.2 255.255.255.0`];
  const version = fc.constantFrom([], [' standby version 2']);
  return fc.tuple(version, fc.array(ifCommands(n), { maxLength: 8 })).map(([v, cmds]) =>
    [...head, ...v, ...cmds.map((c) => c.split('\n').map((l) => ` ${l}`).join('\n'))].join('\n'),
  );
});
