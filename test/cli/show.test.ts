/**
 * EXEC and show commands through the session: layouts of fixtures/ios-output/, filters, paging,
 * `| json`, write memory / copy through a store, terminal and debug commands.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { lab } from './support/lab.js';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'ios-output', name), 'utf8');

/** The output of one command: between the echoed line and the next prompt. */
function run(t: ReturnType<ReturnType<typeof lab>['open']>, command: string): string {
  const out = t.type(`${command}\r`);
  expect(out.startsWith(`${command}\n`)).toBe(true);
  return out.slice(command.length + 1).replace(/R1[>#]$/, '');
}

describe('show commands', () => {
  it('show ip interface brief: the fixture columns, model + link state, manual for CLI addresses', () => {
    const l = lab();
    const t = l.open();
    t.type('terminal length 0\r');
    t.take();
    const out = run(t, 'show ip interface brief');
    const header = fixture('show_ip_interface_brief.txt').split('\n')[0];
    expect(out.split('\n')[0]).toBe(header);
    expect(out).toContain('GigabitEthernet0/1         10.0.0.2        YES NVRAM  up                    up\n');
    expect(out).toContain('GigabitEthernet0/2         10.0.1.2        YES NVRAM  administratively down down\n');
    expect(out).toMatch(/GigabitEthernet0\/2[^\n]*\nLoopback0                  192\.0\.2\.1       YES NVRAM  up                    up\n/);
    // Pull the cable of Gi0/1.
    l.port1.setLinkUp(false);
    t.type('conf t\rint gi0/2\rip address 10.9.9.9 255.255.255.0\rend\r');
    t.take();
    const after = run(t, 'sh ip int br');
    expect(after).toContain('GigabitEthernet0/1         10.0.0.2        YES NVRAM  down                  down\n');
    expect(after).toContain('GigabitEthernet0/2         10.9.9.9        YES manual administratively down down\n');
    const json = JSON.parse(run(t, 'show ip interface brief | json')) as { interface: string; status: string }[];
    expect(json.map((r) => r.interface)).toEqual(['GigabitEthernet0/1', 'GigabitEthernet0/2', 'Loopback0']);
  });

  it('show running-config, interface X, write terminal, show startup-config', () => {
    const l = lab();
    const t = l.open();
    t.type('terminal length 0\r');
    t.take();
    const run1 = run(t, 'show running-config');
    expect(run1).toMatch(/^Building configuration\.\.\.\n\nCurrent configuration : \d+ bytes\n!\n/);
    expect(run1.endsWith('end\n')).toBe(true);
    expect(run(t, 'write terminal')).toBe(run1);
    const bytes = Number(/Current configuration : (\d+) bytes/.exec(run1)?.[1]);
    expect(bytes).toBe(Buffer.byteLength(run1.slice(run1.indexOf('!'))));
    const iface = run(t, 'show run int gi0/1');
    const stanza = '!\ninterface GigabitEthernet0/1\n ip address 10.0.0.2 255.255.255.0\n standby 1 ip 10.0.0.1\n standby 1 priority 110\n standby 1 preempt\nend\n';
    expect(iface).toBe(`Building configuration...\n\nCurrent configuration : ${Buffer.byteLength(stanza)} bytes\n${stanza}`);
    expect(run(t, 'show run int gi0/9')).toBe("                ^\n% Invalid input detected at '^' marker.\n\n");
    expect(run(t, 'show startup-config')).toBe('startup-config is not present\n');
  });

  it('write memory and copy running-config startup-config go through the store', () => {
    const l = lab();
    const t = l.open();
    t.take();
    expect(run(t, 'write memory')).toBe('Building configuration...\n[OK]\n');
    expect(l.store.writes).toBe(1);
    expect(loadConfig(l.store.text ?? '').config).toEqual(loadConfig(l.store.text ?? '').config);
    expect(loadConfig(l.store.text ?? '').diagnostics).toEqual([]);
    expect(loadConfig(l.store.text ?? '').config.interfaces.length).toBe(3);
    t.type('conf t\rhostname R1b\rend\r');
    t.take();
    expect(t.type('copy running-config startup-config\r')).toBe('copy running-config startup-config\nDestination filename [startup-config]? ');
    expect(t.type('\r')).toBe('\nBuilding configuration...\n[OK]\nR1b#');
    expect(l.store.text).toContain('hostname R1b\n');
    expect(t.type('wr\r')).toBe('wr\nBuilding configuration...\n[OK]\nR1b#');
    expect(l.store.writes).toBe(3);
    const start = t.type('show startup-config\r');
    expect(start).toMatch(new RegExp(`^show startup-config\\nUsing ${Buffer.byteLength(l.store.text ?? '')} out of 524288 bytes\\n!\\n`));
  });

  it('show version satisfies Netmiko autodetect and the Ansible facts regexes, and says it is vipr', () => {
    const l = lab();
    l.clock.advance(((26 * 60 + 3) * 60 + 5) * 1000);
    const t = l.open({ privilege: 1 });
    t.take();
    const out = run(t, 'show version');
    expect(out).toMatch(/Cisco IOS Software/);
    expect(out).toContain('vipr 0.1.0');
    expect(/Version (\S+)/.exec(out)?.[1]).toBe('0.1.0,');
    expect(/Version (\S+?)(?:,\s|\s)/.exec(out)?.[1]).toBe('0.1.0');
    expect(/^(.+) uptime/m.exec(out)?.[1]).toBe('R1');
    expect(out).toContain('R1 uptime is 1 day, 2 hours, 3 minutes\n');
    expect(/image file is "(.+)"/.exec(out)?.[1]).toBe('vipr:vipr-0.1.0');
    expect(/^[Cc]isco (\S+).+bytes of .*memory/m.exec(out)?.[1]).toBe('VIPR');
    expect(/board ID (\S+)/.exec(out)?.[1]).toBe('VIPR0000TEST');
  });

  it('show privilege, show clock, show users, show logging', () => {
    const l = lab();
    l.clock.advance(5000);
    const t = l.open();
    const other = l.open({ line: { kind: 'con', number: 0 } });
    other.take();
    t.type('terminal length 0\r');
    t.take();
    expect(run(t, 'show privilege')).toBe('Current privilege level is 15\n');
    expect(run(t, 'show clock')).toBe('*00:00:05.000 UTC Fri Mar 1 2024\n');
    const users = run(t, 'show users');
    const fx = fixture('show_users.txt').split('\n');
    expect(users.split('\n')[0]).toBe(fx[0]);
    expect(users).toBe(
      `${fx[0]}\n   0 con 0                idle                 00:00:00\n*  2 vty 0     admin      idle                 00:00:00   192.0.2.100\n\n${fx[3]}\n`,
    );
    const logging = run(t, 'show logging');
    expect(logging).toMatch(/^Syslog logging: enabled/);
    expect(logging).toMatch(/Log Buffer \(8192 bytes\):\n\n\*Mar {2}1 00:00:00\.000: %HSRP-5-STATECHANGE: GigabitEthernet0\/1 Grp 1 state Init -> Listen\n/);
    t.type('clear logging\r');
    expect(t.type('\r')).toBe('\nR1#');
    expect(l.log1.buffer.messages).toEqual([]);
  });

  it('debug and undebug reply as IOS does and keep shared flags', () => {
    const l = lab();
    const t = l.open();
    t.take();
    expect(run(t, 'debug standby events')).toBe('HSRP Events debugging is on\n');
    expect(run(t, 'debug vrrp')).toBe('VRRP debugging is on\n');
    expect([...l.shared.debug.flags]).toEqual(['standby events', 'vrrp']);
    expect(run(t, 'undebug all')).toBe('All possible debugging has been turned off\n');
    expect(l.shared.debug.flags.size).toBe(0);
  });
});

describe('filters', () => {
  it('include, exclude, begin, section, count with IOS regexes', () => {
    const t = lab().open();
    t.type('terminal length 0\r');
    t.take();
    expect(run(t, 'show running-config | include standby')).toBe(' standby 1 ip 10.0.0.1\n standby 1 priority 110\n standby 1 preempt\n');
    expect(run(t, 'show running-config | i ^interface|^hostname')).toBe('hostname R1\ninterface Loopback0\ninterface GigabitEthernet0/1\ninterface GigabitEthernet0/2\n');
    expect(run(t, 'show running-config | section GigabitEthernet0/2')).toBe('interface GigabitEthernet0/2\n ip address 10.0.1.2 255.255.255.0\n shutdown\n');
    expect(run(t, 'show run | begin ^line')).toBe('line con 0\nline vty 0 4\n!\nend\n');
    expect(run(t, 'show run | count ip address')).toBe('Number of lines which match regexp = 3\n');
    expect(run(t, 'show ip int brief | exclude Loopback|Interface')).not.toMatch(/Loopback|Interface/);
    expect(run(t, 'show run | include _10.0.0.1$')).toBe(' standby 1 ip 10.0.0.1\n');
    expect(run(t, 'show version | bogus x')).toBe("                  ^\n% Invalid input detected at '^' marker.\n\n");
    expect(run(t, 'show version | include')).toBe('% Incomplete command.\n\n');
    expect(run(t, 'show clock | json')).toBe("                ^\n% Invalid input detected at '^' marker.\n\n");
  });

  it('| json renders the snapshots of show standby, show vrrp and show track', () => {
    const l = lab(`hostname R1\ntrack 1 interface GigabitEthernet0/1 line-protocol\ninterface GigabitEthernet0/1\n ip address 10.0.0.2 255.255.255.0\n vrrp 7 ip 10.0.0.7\n standby 1 ip 10.0.0.1\n standby 1 track 1 decrement 20\n`);
    l.clock.advance(30_000);
    const t = l.open();
    t.type('terminal length 0\r');
    t.take();
    const standby = JSON.parse(run(t, 'show standby | json')) as { group: number; vip: string }[];
    expect(standby.map((g) => [g.group, g.vip])).toEqual([[1, '10.0.0.1']]);
    const vrrp = JSON.parse(run(t, 'show vrrp | json')) as { ifName: string; groups: { vrid: number }[] }[];
    expect(vrrp[0]?.groups.map((g) => g.vrid)).toEqual([7]);
    const track = JSON.parse(run(t, 'show track 1 | json')) as { id: number }[];
    expect(track.map((x) => x.id)).toEqual([1]);
    expect(run(t, 'show track 1')).toMatch(/^Track 1\n  Interface GigabitEthernet0\/1 line-protocol\n/);
  });
});

describe('paging', () => {
  it('stops at --More-- after length-1 lines; space, Enter and q; the prompt is erased', () => {
    const t = lab().open();
    t.type('terminal length 5\r');
    t.take();
    const first = t.type('show running-config\r');
    const lines = first.split('\n');
    expect(lines.length).toBe(6);
    expect(lines[5]).toBe(' --More-- ');
    const erase = '\b'.repeat(10) + ' '.repeat(10) + '\b'.repeat(10);
    const line = t.type('\r');
    expect(line.startsWith(erase)).toBe(true);
    expect(line.slice(erase.length).split('\n').length).toBe(2);
    const page = t.type(' ');
    expect(page.slice(erase.length).split('\n').length).toBe(5);
    expect(t.type('q')).toBe(`${erase}R1#`);
    // terminal length 0: no paging at all.
    t.type('terminal length 0\r');
    t.take();
    expect(t.type('show running-config\r')).not.toContain('--More--');
  });
});
