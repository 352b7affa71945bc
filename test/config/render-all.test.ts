/**
 * `show running-config all` (src/config/render.ts `all`): the defaults vipr models are printed for
 * interfaces and FHRP groups, the text still loads back to the same model (DESIGN D1), and the
 * normal rendering is unchanged by the option.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { renderConfig, showRunningConfig } from '../../src/config/render.js';
import { globalCommands, stanza } from './generators.js';

const CONFIG = `hostname R1
fhrp version vrrp v3
interface GigabitEthernet0/1
 ip address 10.0.0.2 255.255.255.0
 standby 1 ip 10.0.0.1
 standby 2 ip 10.0.0.11
 standby 2 priority 120
 standby 2 preempt
 vrrp 3 address-family ipv4
  address 10.0.0.21 primary
interface GigabitEthernet0/2
 ip address 10.0.1.2 255.255.255.0
 shutdown
`;

describe('renderConfig(model, { all: true })', () => {
  it('prints the modelled defaults of interfaces and groups', () => {
    const m = loadConfig(CONFIG).config;
    const all = renderConfig(m, { all: true });
    expect(all).toContain(
      [
        'interface GigabitEthernet0/1',
        ' mtu 1500',
        ' ip address 10.0.0.2 255.255.255.0',
        ' standby version 1',
        ' standby mac-refresh 10',
        ' standby 1 ip 10.0.0.1',
        ' standby 1 timers 3 10',
        ' standby 1 priority 100',
        ' no standby 1 preempt',
        ' standby 2 ip 10.0.0.11',
        ' standby 2 timers 3 10',
        ' standby 2 priority 120',
        ' standby 2 preempt',
        ' vrrp 3 address-family ipv4',
        '  address 10.0.0.21 primary',
        '  priority 100',
        '  preempt',
        '  timers advertise 1000',
        ' exit-vrrp',
        '!',
        'interface GigabitEthernet0/2',
        ' mtu 1500',
        ' ip address 10.0.1.2 255.255.255.0',
        ' shutdown',
        '!',
      ].join('\n'),
    );
    const legacy = renderConfig(loadConfig('interface GigabitEthernet0/3\n vrrp 5 ip 10.0.3.1\n').config, { all: true });
    expect(legacy).toContain('interface GigabitEthernet0/3\n mtu 1500\n no ip address\n vrrp 5 ip 10.0.3.1\n vrrp 5 timers advertise 1\n vrrp 5 priority 100\n vrrp 5 preempt\n!\n');
  });

  it('leaves the normal rendering as it was', () => {
    const m = loadConfig(CONFIG).config;
    const normal = renderConfig(m);
    expect(normal).not.toContain(' mtu 1500');
    expect(normal).not.toContain('timers 3 10');
    expect(renderConfig(m, {})).toBe(normal);
    expect(renderConfig(m, { all: false })).toBe(normal);
    expect(showRunningConfig(m, { all: true })).toMatch(/^Building configuration\.\.\.\n\nCurrent configuration : \d+ bytes\n!\n/);
  });

  it('loads back to the same model, for random models', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(globalCommands, stanza), { maxLength: 12 }), (blocks) => {
        const model = loadConfig(['fhrp version vrrp v3', ...blocks].join('\n'), { salt: () => 'abcdefghijklmn' }).config;
        const rendered = renderConfig(model, { all: true });
        const again = loadConfig(rendered);
        expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(again.config).toEqual(model);
        expect(renderConfig(again.config, { all: true })).toBe(rendered);
      }),
      { numRuns: 200 },
    );
  });
});
