/**
 * Short fuzz run of the CLI session; the 1,000,000-input form is `npx tsx bench/fuzz.ts 1000000
 * cli-session`. Properties: test/fuzz/targets/cli.ts.
 */
import { describe, expect, it } from 'vitest';
import { assertTarget } from './support/assert.js';
import { cliTarget, ENABLE_PASSWORD, runCli } from './targets/cli.js';

describe('fuzz: the CLI session under arbitrary keystrokes', () => {
  it('the oracle is not vacuous: user EXEC cannot configure, the enable password opens privileged EXEC and configuration', () => {
    const denied = runCli({ privilege: 1, events: [{ keys: 'configure terminal\r' }, { keys: 'hostname R9\r' }, { keys: 'enable\r' }, { keys: 'wrong\r' }] });
    expect(denied.steps[0]?.output).toContain("% Invalid input detected at '^' marker.");
    expect(denied.steps.map((s) => [s.mode, s.privilege, s.configChanged])).toEqual([
      ['exec', 1, false],
      ['exec', 1, false],
      ['exec', 1, false],
      ['exec', 1, false],
    ]);
    expect(denied.config.hostname).toBe('R1');
    const allowed = runCli({ privilege: 1, events: [{ keys: 'enable\r' }, { keys: `${ENABLE_PASSWORD}\r` }, { keys: 'configure terminal\r' }, { keys: 'hostname R9\r' }, { keys: 'end\r' }] });
    expect(allowed.steps.map((s) => s.prompt)).toEqual(['R1>', 'R1#', 'R1(config)#', 'R9(config)#', 'R9#']);
    expect(allowed.steps[1]?.output).not.toContain(ENABLE_PASSWORD);
    expect(allowed.steps.filter((s) => s.configChanged)).toHaveLength(1);
    cliTarget.check({ privilege: 1, events: allowed.steps.map((s) => s.event) });
  });

  it('never throws, the prompt stays valid, the running-config changes only through valid commands: 1,500 sessions', () => assertTarget(cliTarget, 1500));
});
