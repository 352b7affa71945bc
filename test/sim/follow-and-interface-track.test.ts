/**
 * Router-level HSRP features through `vipr sim`: a client group on another interface following a
 * named group (`standby N follow NAME`, spec §4.5, "FHRP - HSRP Multiple Group Optimization"), and
 * the legacy `standby N track INTERFACE [D]` form, which lowers the priority while that interface's
 * line protocol is down.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/sim/scenario.js';
import { runScenario } from '../../src/sim/simulator.js';

const router = (name: string, ip1: string, ip2: string, extra1: string, extra2: string): string => `
  ${name}:
    config: |
      hostname ${name}
      interface GigabitEthernet0/1
       ip address ${ip1} 255.255.255.0
       standby 1 ip 10.0.1.254
${extra1}
      interface GigabitEthernet0/2
       ip address ${ip2} 255.255.255.0
${extra2}
    links: {GigabitEthernet0/1: lan1, GigabitEthernet0/2: lan2}
`;

describe('standby follow across interfaces', () => {
  it('a client group on Gi0/2 follows the named group of Gi0/1, through a failover', () => {
    const follow = '       standby 20 ip 10.0.2.254\n       standby 20 follow UPLINK';
    const text = `routers:${router('R1', '10.0.1.1', '10.0.2.1', '       standby 1 name UPLINK\n       standby 1 priority 110', follow)}${router('R2', '10.0.1.2', '10.0.2.2', '       standby 1 name UPLINK', follow)}
events:
  - {at: 60s, router: R1, do: link-down GigabitEthernet0/1}
  - {at: 80s, router: R2, show: show standby brief}
until: 80s
`;
    const out = runScenario(parseScenario(text));
    const r1 = out.lines.filter((l) => / R1 %HSRP-5-STATECHANGE: GigabitEthernet0\/2 Grp 20/.test(l)).map((l) => l.replace(/^.*state /, ''));
    expect(r1).toEqual(['Init -> Listen', 'Listen -> Speak', 'Speak -> Standby', 'Standby -> Active', 'Active -> Init']);
    // The master group's link went down: its client on the still-up Gi0/2 goes to Init with it.
    expect(out.lines).toContain('60.000 R1 %HSRP-5-STATECHANGE: GigabitEthernet0/2 Grp 20 state Active -> Init');
    const r2 = out.lines.filter((l) => / R2 %HSRP-5-STATECHANGE: .*Standby -> Active/.test(l));
    expect(r2.map((l) => l.replace(/^\S+ R2 %HSRP-5-STATECHANGE: /, ''))).toEqual(['GigabitEthernet0/1 Grp 1 state Standby -> Active', 'GigabitEthernet0/2 Grp 20 state Standby -> Active']);
    expect(r2[0]!.split(' ')[0]).toBe(r2[1]!.split(' ')[0]);
    expect(out.lines.join('\n')).toMatch(/Gi0\/2 +20 +100 +Active +local +unknown +10\.0\.2\.254/);
  });
});

describe('legacy standby track INTERFACE', () => {
  it('the uplink going down takes the decrement off, and the preempting peer takes over; back up, R1 takes it back', () => {
    const text = `routers:${router('R1', '10.0.1.1', '10.0.2.1', '       standby 1 priority 110\n       standby 1 preempt\n       standby 1 track GigabitEthernet0/2 20', '')}${router('R2', '10.0.1.2', '10.0.2.2', '       standby 1 preempt', '')}
events:
  - {at: 60s, router: R1, do: link-down GigabitEthernet0/2}
  - {at: 65s, router: R1, show: show standby brief}
  - {at: 90s, router: R1, do: link-up GigabitEthernet0/2}
  - {at: 95s, router: R1, show: show standby brief}
until: 95s
`;
    const out = runScenario(parseScenario(text));
    const changes = out.lines.filter((l) => l.includes('%HSRP-5-STATECHANGE') && l.includes('Grp 1') && Number(l.split(' ')[0]) >= 60);
    // R2 hears R1's next hello at 90 (< 100): a Coup (spec §4.4) within a hello time of the link-down.
    const seq = changes.map((l) => l.replace(/^(\S+) (\S+) %HSRP-5-STATECHANGE: GigabitEthernet0\/1 Grp 1 state /, '$2 '));
    expect(seq).toEqual(['R2 Standby -> Active', 'R1 Active -> Speak', 'R1 Speak -> Standby', 'R1 Standby -> Active', 'R2 Active -> Speak']);
    expect(Number(changes[0]!.split(' ')[0])).toBeLessThan(63);
    expect(Number(changes[3]!.split(' ')[0])).toBeLessThan(93);
    const text65 = out.lines.slice(out.lines.findIndex((l) => l.startsWith('65.000 R1 show')));
    expect(text65.join('\n')).toMatch(/Gi0\/1 +1 +90 +P Speak/);
    const text95 = out.lines.slice(out.lines.findIndex((l) => l.startsWith('95.000 R1 show')));
    expect(text95.join('\n')).toMatch(/Gi0\/1 +1 +110 +P Active/);
  });

  it('an interface the router does not have takes nothing off (engine-deps.ts LineProtocolStates)', () => {
    const text = `routers:${router('R1', '10.0.1.1', '10.0.2.1', '       standby 1 priority 110\n       standby 1 track GigabitEthernet0/9 20', '')}
events:
  - {at: 30s, router: R1, show: show standby brief}
until: 30s
`;
    const out = runScenario(parseScenario(text));
    expect(out.lines.join('\n')).toMatch(/Gi0\/1 +1 +110 +Active/);
  });
});
