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
        '  accept-mode',
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

  it('accept-mode (RFC 5798 Accept_Mode, vipr extension): on by default, `no accept-mode` renders in both views', () => {
    const off = loadConfig(`${CONFIG}interface GigabitEthernet0/1\n vrrp 3 address-family ipv4\n  no accept-mode\n`).config;
    const g = off.interfaces[0]?.vrrpv3[0];
    expect(g?.acceptMode).toBe(false);
    expect(loadConfig(CONFIG).config.interfaces[0]?.vrrpv3[0]?.acceptMode).toBe(true);
    expect(renderConfig(off)).toContain('  address 10.0.0.21 primary\n  no accept-mode\n exit-vrrp');
    expect(renderConfig(off, { all: true })).toContain('  timers advertise 1000\n  no accept-mode\n exit-vrrp');
    expect(renderConfig(loadConfig(CONFIG).config)).not.toContain('accept-mode');
    // `default accept-mode` restores the default, as `accept-mode` does.
    for (const again of ['default accept-mode', 'accept-mode']) {
      const back = loadConfig(`${renderConfig(off)}\ninterface GigabitEthernet0/1\n vrrp 3 address-family ipv4\n  ${again}\n`).config;
      expect(back.interfaces[0]?.vrrpv3[0]?.acceptMode).toBe(true);
    }
    // An IOS-XE sub-mode command only: the legacy form has no accept mode (RFC 3768 defines none).
    const legacy = loadConfig('interface GigabitEthernet0/3\n ip address 10.0.3.2 255.255.255.0\n vrrp 5 accept-mode\n');
    expect(legacy.diagnostics.some((d) => d.severity === 'error')).toBe(true);
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
