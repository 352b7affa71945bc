/**
 * `show standby` for the two group forms that depend on other parts of the router: legacy interface
 * tracks (`standby N track INTERFACE [D]`, the `Track interface … state Up decrement 10` line of
 * fixtures/ios-output/show_standby3.txt) and client groups (`standby N follow NAME`, which name the
 * group they follow on a `Following "NAME"` line).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHsrpGroup, type HsrpGroupSnapshot } from '../../../src/protocols/hsrp/show.js';
import { parseScenario } from '../../../src/sim/scenario.js';
import { runScenario } from '../../../src/sim/simulator.js';
import { REPO_ROOT } from '../../support/tshark.js';

const FIXTURES = join(REPO_ROOT, '..', 'shared', 'fixtures', 'ios-output');

/** Vlan703 - Group 4 of show_standby3.txt, as far as today's layout goes (the fixture's own lines are compared below). */
const VLAN703: HsrpGroupSnapshot = {
  ifName: 'Vlan703',
  group: 4,
  version: 1,
  family: 4,
  state: 'active',
  stateChanges: 11,
  lastStateChangeAgoMs: (5 * 24 + 14) * 3600_000,
  vip: '172.23.40.9',
  secondaryVips: [],
  activeVirtualMac: '0000.0c07.ac04',
  virtualMacInUse: true,
  localVirtualMac: '0000.0c07.ac04',
  localVirtualMacSource: 'v1 default',
  helloTimeMs: 3000,
  holdTimeMs: 10000,
  nextHelloInMs: 340,
  authentication: { kind: 'text', text: 'cisco' },
  preempt: true,
  preemptDelayMinimumS: 180,
  preemptDelayReloadS: 0,
  preemptDelaySyncS: 0,
  active: 'local',
  standby: 'unknown',
  priority: 200,
  configuredPriority: 200,
  tracks: [],
  interfaceTracks: [{ iface: 'Dialer0', state: 'up', decrement: undefined }],
  name: undefined,
};

/** The lines of one group's block in `vipr sim` output: from its header to the next header or show. */
function block(lines: readonly string[], from: number, header: string): string[] {
  const start = lines.indexOf(header, from);
  expect(start, `${header} after line ${from}`).toBeGreaterThanOrEqual(0);
  let end = start + 1;
  while (end < lines.length && /^ /.test(lines[end]!)) end++;
  return lines.slice(start, end);
}

describe('show standby: interface tracks and client groups', () => {
  it('prints an interface track as fixtures/ios-output/show_standby3.txt does, under the priority line', () => {
    const fixtureLines = readFileSync(join(FIXTURES, 'show_standby3.txt'), 'utf8').split('\n');
    const i = fixtureLines.findIndex((l) => l.startsWith('    Track interface '));
    const rendered = renderHsrpGroup(VLAN703);
    // The same line, byte for byte, and after the same line (IOS's default decrement 10 printed too).
    expect(rendered).toContain(fixtureLines[i]);
    expect(rendered[rendered.indexOf(fixtureLines[i]!) - 1]).toBe(fixtureLines[i - 1]);
    const down = renderHsrpGroup({ ...VLAN703, priority: 180, interfaceTracks: [{ iface: 'Serial0/0', state: 'down', decrement: 20 }] });
    expect(down).toContain('    Track interface Serial0/0 state Down decrement 20');
    expect(down).toContain('  Priority 180 (configured 200)');
    // A host whose router has no such interface says so, as for an unconfigured track object.
    expect(renderHsrpGroup({ ...VLAN703, interfaceTracks: [{ iface: 'Serial9/9', state: undefined, decrement: undefined }] })).toContain('    Track interface Serial9/9 (unknown)');
    expect(renderHsrpGroup({ ...VLAN703, interfaceTracks: [] }).some((l) => l.includes('Track interface'))).toBe(false);
    expect(renderHsrpGroup(VLAN703).some((l) => l.includes('Following'))).toBe(false);
  });

  it('a live router: the tracked interface goes down and up, a client group names its master group', () => {
    const text = `routers:
  R1:
    config: |
      hostname R1
      interface GigabitEthernet0/1
       ip address 10.0.1.1 255.255.255.0
       standby 1 ip 10.0.1.254
       standby 1 name UPLINK
       standby 1 priority 110
       standby 1 track GigabitEthernet0/2 20
      interface GigabitEthernet0/2
       ip address 10.0.2.1 255.255.255.0
       standby 20 ip 10.0.2.254
       standby 20 follow UPLINK
    links: {GigabitEthernet0/1: lan1, GigabitEthernet0/2: lan2}
events:
  - {at: 40s, router: R1, show: show standby}
  - {at: 60s, router: R1, do: link-down GigabitEthernet0/2}
  - {at: 65s, router: R1, show: show standby}
  - {at: 80s, router: R1, do: link-up GigabitEthernet0/2}
  - {at: 85s, router: R1, show: show standby GigabitEthernet0/1}
until: 85s
`;
    const lines = runScenario(parseScenario(text)).lines;
    const at = (t: string): number => lines.indexOf(`${t} R1 show standby${t === '85.000' ? ' GigabitEthernet0/1' : ''}`);

    const master40 = block(lines, at('40.000'), 'GigabitEthernet0/1 - Group 1');
    expect(master40.slice(-3)).toEqual(['  Priority 110 (configured 110)', '    Track interface GigabitEthernet0/2 state Up decrement 20', '  Group name is "UPLINK" (cfg)']);
    const client40 = block(lines, at('40.000'), 'GigabitEthernet0/2 - Group 20');
    expect(client40).toContain('  State is Active');
    expect(client40.slice(-2)).toEqual(['  Group name is "hsrp-Gi0/2-20" (default)', '  Following "UPLINK"']);

    // Gi0/2's line protocol is down: 20 off the priority, and the client group there is in Init.
    const master65 = block(lines, at('65.000'), 'GigabitEthernet0/1 - Group 1');
    expect(master65.slice(-3)).toEqual(['  Priority 90 (configured 110)', '    Track interface GigabitEthernet0/2 state Down decrement 20', '  Group name is "UPLINK" (cfg)']);
    const client65 = block(lines, at('65.000'), 'GigabitEthernet0/2 - Group 20');
    expect(client65).toContain('  State is Init');
    expect(client65.at(-1)).toBe('  Following "UPLINK"');

    const master85 = block(lines, at('85.000'), 'GigabitEthernet0/1 - Group 1');
    expect(master85).toContain('    Track interface GigabitEthernet0/2 state Up decrement 20');
    expect(master85).toContain('  Priority 110 (configured 110)');
  });
});
