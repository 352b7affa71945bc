/**
 * The CLI as automation drives it (ecosystem §5): Netmiko's cisco_ios session preparation and
 * commands, Ansible cisco.ios's terminal set-up and prompt regexes, a configuration typed live that
 * changes an HSRP election on a simulated segment, and `terminal monitor`.
 */
import { describe, expect, it } from 'vitest';
import { lab } from './support/lab.js';

/** Netmiko's prompt detection: the last line, ending in `>` or `#`. */
function netmikoPrompt(output: string): string {
  const last = output.replace(/\r/g, '').split('\n').at(-1) ?? '';
  expect(last).toMatch(/[>#]$/);
  return last;
}

const ANSIBLE_PROMPT = /[\r\n]?[\w+\-.:/[\]]+(?:\([^)]+\)){0,3}(?:[>#]) ?$/;
const ANSIBLE_CONFIG_PROMPT = /^.+\(config(-.*)?\)#$/;
const ANSIBLE_ERRORS = [/% ?Error/, /% ?Bad secret/, /invalid input/i, /(?:incomplete|ambiguous) command/i];

describe('Netmiko cisco_ios', () => {
  it('session preparation: terminal width 511 echoed exactly, terminal length 0, prompt found', () => {
    const l = lab();
    const t = l.open();
    // _test_channel_read: a bare newline, then the prompt.
    expect(netmikoPrompt(t.type('\n'))).toBe('R1#');
    const width = t.session;
    const raw0 = t.raw().length;
    t.type('terminal width 511\n');
    const echoed = t.raw().slice(raw0);
    expect(echoed).toBe('terminal width 511\r\nR1#');
    expect(width.terminal.width).toBe(511);
    expect(t.type('terminal length 0\n')).toBe('terminal length 0\nR1#');
    expect(width.terminal.length).toBe(0);
    const base = netmikoPrompt(t.type('\n')).slice(0, -1).slice(0, 16);
    expect(base).toBe('R1');
  });

  it('enable, send_command, send_config_set changing an HSRP priority live, save_config', () => {
    const l = lab(undefined, undefined);
    const r2 = l.open({ router: 'r2' });
    r2.type('terminal length 0\n');
    l.clock.advance(40_000);
    const t = l.open({ privilege: 1, line: { kind: 'con', number: 0 }, monitor: false });
    t.type('terminal width 511\nterminal length 0\n');
    t.take();
    // enable() on the console without an enable secret.
    expect(netmikoPrompt(t.type('enable\n'))).toBe('R1#');
    const before = t.type('show standby brief\n');
    expect(before).toMatch(/^show standby brief\n/);
    expect(before).toContain('Gi0/1       1    110 P Active  local           10.0.0.3        10.0.0.1\n');
    // send_config_set: everything in one write, as Netmiko sends it.
    const cfg = t.type('configure terminal\ninterface GigabitEthernet0/1\nstandby 1 priority 90\nend\n');
    expect(cfg).toContain('R1(config)#');
    expect(cfg).toContain('R1(config-if)#');
    expect(netmikoPrompt(cfg)).toBe('R1#');
    l.clock.advance(20_000);
    expect(r2.type('show standby brief\n')).toContain('Gi0/1       1    100 P Active  local           10.0.0.2        10.0.0.1\n');
    expect(t.type('show standby brief | include Gi0/1\n')).toBe(
      'show standby brief | include Gi0/1\nGi0/1       1    90  P Standby 10.0.0.3        local           10.0.0.1\nR1#',
    );
    const save = t.type('write mem\n');
    expect(save).toBe('write mem\nBuilding configuration...\n[OK]\nR1#');
    expect(l.store.text).toContain(' standby 1 priority 90\n');
    expect(l.log1.buffer.messages.some((m) => m.mnemonic === 'CONFIG_I')).toBe(true);
  });

  it('autodetect: show version contains Cisco IOS Software', () => {
    const t = lab().open({ privilege: 1 });
    expect(t.type('show version\n')).toMatch(/Cisco IOS Software/);
  });
});

describe('Ansible cisco.ios', () => {
  it('terminal length 0, terminal width 512, terminal width 0, show privilege; prompts match its regexes', () => {
    const t = lab().open();
    expect(t.take()).toMatch(ANSIBLE_PROMPT);
    for (const cmd of ['terminal length 0', 'terminal width 512', 'terminal width 0']) {
      const out = t.type(`${cmd}\r`);
      expect(out).toBe(`${cmd}\nR1#`);
      for (const e of ANSIBLE_ERRORS) expect(out).not.toMatch(e);
    }
    expect(t.type('show privilege\r')).toBe('show privilege\nCurrent privilege level is 15\nR1#');
    const conf = t.type('configure terminal\r').split('\n').at(-1) ?? '';
    expect(conf).toMatch(ANSIBLE_CONFIG_PROMPT);
    expect(conf).toMatch(ANSIBLE_PROMPT);
    expect(t.type('interface Gi0/1\r').split('\n').at(-1)).toMatch(ANSIBLE_CONFIG_PROMPT);
    // Its error patterns recognise what the session prints.
    expect(t.type('bogus\r')).toMatch(ANSIBLE_ERRORS[2] as RegExp);
    expect(t.type('standby\r')).toMatch(ANSIBLE_ERRORS[3] as RegExp);
  });
});

describe('terminal monitor', () => {
  it('live syslog lines reach a VTY only after terminal monitor, and stop after terminal no monitor', () => {
    const l = lab();
    const t = l.open();
    t.take();
    l.clock.advance(15_000);
    expect(t.take()).toBe('');
    t.type('terminal monitor\r');
    t.take();
    t.type('show ver');
    l.clock.advance(30_000);
    const live = t.take();
    expect(live).toMatch(/^\n\*Mar {2}1 00:00:\d\d\.\d{3}: %HSRP-5-STATECHANGE: GigabitEthernet0\/1 Grp 1 state \w+ -> \w+\n/);
    // The prompt and the half-typed line are drawn again after the message.
    expect(live.endsWith('\nR1#show ver')).toBe(true);
    t.type('\x15terminal no monitor\r');
    t.take();
    t.type('conf t\rint gi0/1\rstandby 1 priority 50\rend\r');
    l.clock.advance(30_000);
    expect(t.take()).not.toContain('%HSRP');
  });
});
