import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFhrpFrame } from '../../src/protocols/fhrp-frame.js';
import { parseDuration, parseScenario, ScenarioError } from '../../src/sim/scenario.js';
import { runScenario } from '../../src/sim/simulator.js';
import { REPO_ROOT } from '../support/tshark.js';

const labFile = (name: string): string => readFileSync(join(REPO_ROOT, 'lab', 'sim', name), 'utf8');

const TWO_ROUTERS = (r1Extra = '', r2Extra = ''): string => `
routers:
  R1:
    config: |
      hostname R1
      interface GigabitEthernet0/1
       ip address 10.0.0.2 255.255.255.0
       standby 1 ip 10.0.0.1
       standby 1 priority 110
       standby 1 preempt
${r1Extra}
    links: {Gi0/1: lan}
  R2:
    config: |
      hostname R2
      interface GigabitEthernet0/1
       ip address 10.0.0.3 255.255.255.0
       standby 1 ip 10.0.0.1
${r2Extra}
    links: {GigabitEthernet0/1: lan}
`;

function activeAt(lines: readonly string[], router: string): boolean {
  const changes = lines.filter((l) => l.includes(` ${router} %HSRP-5-STATECHANGE`));
  return changes.at(-1)?.endsWith('-> Active') ?? false;
}

describe('vipr sim scenarios', () => {
  it('lab/sim/hsrp-failover.yaml: R1 Active at 20 s, R2 takes over within a hold time of the crash, R1 preempts back', () => {
    const out = runScenario(parseScenario(labFile('hsrp-failover.yaml')));
    expect(out.lines).toContain('20.000 R1 %HSRP-5-STATECHANGE: GigabitEthernet0/1 Grp 1 state Standby -> Active');
    const takeover = out.lines.find((l) => /^\S+ R2 %HSRP-5-STATECHANGE: .* Standby -> Active$/.test(l));
    const at = Number(takeover?.split(' ')[0]);
    expect(at).toBeGreaterThan(60);
    expect(at).toBeLessThanOrEqual(70);
    expect(out.lines.join('\n')).toContain('Gi0/1       1    110 P Active  local           10.0.0.3        10.0.0.1');
  });

  it('lab/sim/vrrp-priority.yaml: the tracked uplink moves the Master to R2, the CLI keeps it there', () => {
    const out = runScenario(parseScenario(labFile('vrrp-priority.yaml')));
    const text = out.lines.join('\n');
    expect(text).toMatch(/^3\.531 R1 %VRRP-6-STATECHANGE: Gi0\/1 Grp 10 state Backup -> Master$/m);
    expect(text).toMatch(/^20\.000 R1 %LINK-3-UPDOWN: Interface GigabitEthernet0\/2, changed state to down\n20\.000 R1 %LINEPROTO-5-UPDOWN: .*\n20\.000 R1 %TRACK-6-STATE: 1 interface Gi0\/2 line-protocol Up -> Down$/m);
    expect(text).toMatch(/R2 %VRRP-6-STATECHANGE: Gi0\/1 Grp 10 state Backup -> Master/);
    expect(text).toMatch(/^40\.000 R2 %SYS-5-CONFIG_I: Configured from console by console$/m);
    expect(out.lines.at(-2)).toMatch(/^Gi0\/1\s+10\s+120 3531\s+Y\s+Backup\s+192\.168\.0\.3\s+192\.168\.0\.1\s*$/);
  });

  it('is deterministic: the same file gives the same output', () => {
    const s = parseScenario(labFile('hsrp-failover.yaml'));
    expect(runScenario(s).lines).toEqual(runScenario(s).lines);
  });

  it('a crash says no goodbye (no Resign on the wire), a clean config removal does', () => {
    const s = parseScenario(`${TWO_ROUTERS()}events:\n  - {at: 40s, router: R1, do: crash}\nuntil: 45s\n`);
    const out = runScenario(s, { keepFrames: true });
    const resigns = out.frames.filter((f) => {
      const d = decodeFhrpFrame(f.frame);
      return d?.ok && d.value.hsrp?.protocol === 'hsrp-v1' && 'opcode' in d.value.hsrp && d.value.hsrp.opcode === 'resign';
    });
    expect(resigns).toEqual([]);
    const removal = runScenario(parseScenario(`${TWO_ROUTERS()}events:\n  - {at: 40s, router: R1, do: "cli no standby 1"}\nuntil: 41s\n`), { keepFrames: true });
    const sent = removal.frames.map((f) => decodeFhrpFrame(f.frame)).filter((d) => d?.ok && d.value.hsrp !== undefined && 'opcode' in d.value.hsrp && d.value.hsrp.opcode === 'resign');
    expect(sent).toHaveLength(1);
    expect(activeAt(removal.lines, 'R2')).toBe(true);
  });

  it('a partition gives two Actives; healing leaves exactly one', () => {
    const s = parseScenario(`${TWO_ROUTERS()}events:\n  - {at: 40s, do: partition lan}\n  - {at: 60s, router: R2, show: show standby brief}\n  - {at: 70s, do: heal lan}\nuntil: 90s\n`);
    const out = runScenario(s);
    const at60 = out.lines.filter((l) => Number(l.split(' ')[0]) <= 60);
    expect(activeAt(at60, 'R1')).toBe(true);
    expect(activeAt(at60, 'R2')).toBe(true);
    expect(activeAt(out.lines, 'R1')).toBe(true);
    expect(activeAt(out.lines, 'R2')).toBe(false);
  });

  it('reports bad config lines and bad cli lines without stopping', () => {
    const s = parseScenario(`${TWO_ROUTERS('       standby 1 bogus 3')}events:\n  - {at: 1s, router: R2, do: "cli standby 1 priority 999"}\n  - {at: 2s, router: R2, show: show bogus}\nuntil: 30s\n`);
    const out = runScenario(s);
    expect(out.lines[0]).toMatch(/^0\.000 R1 config line \d+:\d+: % Invalid input detected at '\^' marker\. \(standby 1 bogus 3\)$/);
    expect(out.lines).toContain("1.000 R2 standby 1 priority 999: % Invalid input detected at '^' marker.");
    expect(out.lines.join('\n')).toMatch(/2\.000 R2 show bogus\n% Invalid input/);
    expect(activeAt(out.lines, 'R1')).toBe(true);
  });
});

describe('scenario files', () => {
  it('reads durations', () => {
    expect([parseDuration('60s', 'x'), parseDuration('250ms', 'x'), parseDuration('2m', 'x'), parseDuration(1.5, 'x')]).toEqual([60_000, 250, 120_000, 1500]);
    expect(() => parseDuration('soon', 'until')).toThrow(/until: 'soon' is not a duration/);
  });

  it('names what is wrong and where', () => {
    const bad: [string, RegExp][] = [
      ['routers: {}', /routers: give at least one router/],
      ['routers: {R1: {links: {}}}', /routers\.R1\.config/],
      [`${TWO_ROUTERS()}events:\n  - {at: 1s, router: R9, do: crash}`, /events\[1\]: no router named 'R9'/],
      [`${TWO_ROUTERS()}events:\n  - {at: 1s, router: R1, do: explode}`, /unknown action 'explode'/],
      [`${TWO_ROUTERS()}events:\n  - {at: 1s, do: partition wan}`, /no segment named 'wan'/],
      [`${TWO_ROUTERS()}events:\n  - {at: 1s, router: R1}`, /exactly one of 'do' and 'show'/],
      [`${TWO_ROUTERS()}colour: blue`, /unknown top-level key 'colour'/],
      ['routers: [', /not valid YAML/],
    ];
    for (const [text, message] of bad) expect(() => parseScenario(text), text).toThrow(message);
    expect(() => parseScenario('routers: {}')).toThrow(ScenarioError);
  });
});
