import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, applyLine } from '../../src/config/load.js';
import { renderConfig, showRunningConfig } from '../../src/config/render.js';
import { CONFIG } from '../../src/config/apply.js';
import { defaultInterface, emptyConfig } from '../../src/model/defaults.js';
import { checkCommand } from '../../src/commands/check.js';
import { revealPassword } from '../../src/model/passwords.js';

const campus = readFileSync(new URL('../fixtures/configs/campus.cfg', import.meta.url), 'utf8');

describe('campus sample', () => {
  it('loads with no diagnostics and renders back unchanged', () => {
    const r = loadConfig(campus);
    expect(r.diagnostics).toEqual([]);
    expect(renderConfig(r.config)).toBe(campus);
  });
  it('models what the engines need', () => {
    const c = loadConfig(campus).config;
    const sub10 = c.interfaces.find((i) => i.name === 'GigabitEthernet0/1.10');
    const g = sub10?.hsrp.groups[0];
    expect(g).toMatchObject({ group: 10, vip: '10.10.0.1', secondaryVips: ['10.11.0.1'], priority: 110, preempt: true, helloMs: 1000, holdMs: 3000 });
    const v3 = c.interfaces.find((i) => i.name === 'GigabitEthernet0/3')?.vrrpv3;
    expect(v3?.map((x) => [x.group, x.family, x.checksumPseudoHeader, x.vrrpv2])).toEqual([
      [50, 'ipv4', true, false],
      [50, 'ipv6', false, false],
      [51, 'ipv4', false, true],
    ]);
    const auth = c.interfaces.find((i) => i.name === 'GigabitEthernet0/1.30')?.hsrp.groups[0]?.authentication;
    expect(auth?.kind === 'md5-key-string' && revealPassword(auth.key)).toBe('cisco');
    expect(c.tracks.map((t) => t.id)).toEqual([1, 2, 3]);
    expect(c.banners.motd).toBe('\nAuthorised access only.\nDisconnect now if you are not authorised.\n');
  });
  it('prints the show running-config header', () => {
    const out = showRunningConfig(loadConfig(campus).config);
    expect(out.startsWith('Building configuration...\n\nCurrent configuration : ')).toBe(true);
    expect(out).toContain(` bytes\n!\nversion 15.6\n`);
  });
  it('gives the same model when the lines are typed one by one at (config)#', () => {
    let config = emptyConfig();
    let ctx = CONFIG;
    const lines = campus.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i] ?? '';
      if (l.trim() === '' || l.trim().startsWith('!') || l.startsWith('banner') || l === 'end') {
        if (l.startsWith('banner')) while (!(lines[++i] ?? '^C').includes('^C'));
        continue;
      }
      const r = applyLine(config, ctx, l);
      if (!r.ok) throw new Error(`${l}: ${r.message}`);
      config = r.config;
      ctx = r.context;
    }
    const loaded = loadConfig(campus).config;
    expect({ ...config, banners: loaded.banners }).toEqual(loaded);
  });
});

function diags(text: string): [number, number, string][] {
  return loadConfig(text).diagnostics.map((d) => [d.line, d.column, d.message]);
}

const MSG = "% Invalid input detected at '^' marker.";

/** The 1-based column of the word number `word` of a sub-command written with one leading space. */
function column(t: string, word: number): number {
  const offsets = [...` ${t}`.matchAll(/\S+/g)].map((m) => m.index);
  return (offsets[word] ?? -1) + 1;
}

describe('diagnostics', () => {
  it('reports each bad line with its line, column and IOS message, and loads the rest', () => {
    const text = ['hostname R1', 'logging 0255.255.1', 'interface Gi0/1', ' s', ' ip address 10.0.0.1', ' standby 1 ip 10.0.0.5', 'hostname R2'].join('\n');
    expect(diags(text)).toEqual([
      [2, 9, "% Invalid input detected at '^' marker."],
      [4, 2, '% Ambiguous command:  " s"'.replace('" s"', '"s"')],
      [5, 21, '% Incomplete command.'],
    ]);
    const c = loadConfig(text).config;
    expect(c.hostname).toBe('R2');
    expect(c.interfaces[0]?.hsrp.groups[0]?.vip).toBe('10.0.0.5');
  });
  it('uses the group range of the HSRP version', () => {
    expect(diags('interface Gi0/1\n standby 300 ip 10.0.0.1')).toEqual([[2, 10, "% Invalid input detected at '^' marker."]]);
    expect(diags('interface Gi0/1\n standby version 2\n standby 300 ip 10.0.0.1')).toEqual([]);
  });
  it('answers semantic errors with IOS wording', () => {
    const base = 'interface Gi0/1\n ip address 10.0.0.2 255.255.255.0\n';
    expect(diags(`${base} standby 1 timers 5 5`)).toEqual([[3, 21, "% Invalid input detected at '^' marker."]]);
    expect(diags(`${base} standby 1 ip 10.0.0.9 secondary`)).toEqual([[3, 1, '% Must configure a primary virtual IP address first']]);
    expect(diags(`${base} vrrp 1 ip 10.0.0.9 secondary`)).toEqual([[3, 1, '% Must configure a primary virtual IP address first']]);
    expect(diags(`${base}interface Gi0/2\n ip address 10.0.0.3 255.255.0.0`)).toEqual([[4, 1, '% 10.0.0.0 overlaps with GigabitEthernet0/1']]);
    expect(diags('interface Gi0/1\n ip address 10.0.0.0 255.255.255.0')).toEqual([[2, 1, '% Bad mask /24 for address 10.0.0.0']]);
    expect(diags('interface Gi0/1\n ip address 10.0.0.1 255.0.255.0')).toEqual([[2, 1, '% Bad mask 0xFF00FF00 for address 10.0.0.1']]);
    expect(diags(`${base} standby 1 ip 192.168.1.1`)).toEqual([[3, 1, '% Warning: address is not within a subnet on this interface']]);
    expect(diags(`${base} standby 1 authentication abcdefghi`)).toEqual([[3, 1, '% Authentication string too long, maximum 8 characters']]);
    expect(diags(`${base} standby 1 ipv6 autoconfig`)).toEqual([[3, 1, '% HSRP IPv6 requires HSRP version 2']]);
    expect(diags('interface Gi0/1.10\n ip address 10.0.0.1 255.255.255.0')[0]?.[2]).toMatch(/^% Configuring IP routing on a LAN subinterface/);
    expect(diags('interface Gi0/1.10\n encapsulation dot1Q 10\ninterface Gi0/1.11\n encapsulation dot1Q 10')).toEqual([
      [
        4,
        1,
        'Configuration of multiple subinterfaces of the same main interface with the same VID (10) is not permitted.\nThis VID is already configured on GigabitEthernet0/1.10.',
      ],
    ]);
    expect(diags('interface Gi0/1\n vrrp 1 address-family ipv4')).toEqual([[2, 9, "% Invalid input detected at '^' marker."]]);
    expect(diags('no interface Gi0/1')).toEqual([[1, 1, '% Removal of physical interfaces is not permitted']]);
  });
  it('bounds HSRP hold times by the hello time as IOS does, with the caret under the hold time', () => {
    const at = (t: string): [number, number, string][] => diags(`interface Gi0/1\n ip address 10.0.0.2 255.255.255.0\n ${t}`);
    // The caret goes under the last word of the line (the number that is out of range) unless told.
    const bad = (t: string, word = t.split(' ').length - 1): [number, number, string][] => [[3, column(t, word), MSG]];
    const ok = (t: string): void => expect(at(t), t).toEqual([]);
    const no = (t: string, word?: number): void => expect(at(t), t).toEqual(bad(t, word));
    // Seconds: from the hello plus 50 ms rounded up to a second, i.e. more than the hello.
    ok('standby 1 timers 5 6');
    no('standby 1 timers 5 5');
    ok('standby 1 timers 254 255');
    no('standby timers 10 9');
    // Milliseconds: at least three times the hello and at least 50 ms.
    ok('standby 1 timers msec 300 msec 900');
    no('standby 1 timers msec 300 msec 899');
    ok('standby 1 timers msec 15 msec 50');
    no('standby 1 timers msec 999 msec 2996');
    ok('standby 1 timers 1 msec 3000');
    no('standby 1 timers 2 msec 3000');
    // A msec hello with a hold in seconds: the hello plus 50 ms, rounded up.
    ok('standby 1 timers msec 960 2');
    no('standby 1 timers msec 960 1');
    // Out of the ranges themselves (hello 1-254 s / 15-999 ms, hold 1-255 s / 50-3000 ms).
    no('standby 1 timers msec 14 msec 50', 4);
    no('standby 1 timers 255 255', 3);
    no('standby 1 timers msec 15 msec 49');
    no('standby 1 timers msec 300 msec 3001');
  });
  it('takes VRRP advertisement intervals in their ranges only', () => {
    const at = (t: string): [number, number, string][] => diags(`interface Gi0/1\n ip address 10.0.0.2 255.255.255.0\n ${t}`);
    const ok = (t: string): void => expect(at(t), t).toEqual([]);
    const no = (t: string): void => expect(at(t), t).toEqual([[3, column(t, t.split(' ').length - 1), MSG]]);
    ok('vrrp 1 timers advertise 255');
    no('vrrp 1 timers advertise 256');
    no('vrrp 1 timers advertise 0');
    ok('vrrp 1 timers advertise msec 50');
    ok('vrrp 1 timers advertise msec 999');
    no('vrrp 1 timers advertise msec 49');
    no('vrrp 1 timers advertise msec 1000');
    const v3 = (t: string): [number, number, string][] =>
      diags(`fhrp version vrrp v3\ninterface Gi0/1\n ip address 10.0.0.2 255.255.255.0\n vrrp 1 address-family ipv4\n  ${t}`);
    expect(v3('timers advertise 100')).toEqual([]);
    expect(v3('timers advertise msec 40000')).toEqual([]);
    expect(v3('timers advertise 99')).toEqual([[5, 20, MSG]]);
    expect(v3('timers advertise msec 40001')).toEqual([[5, 25, MSG]]);
  });
  it('falls back to the enclosing modes as IOS does', () => {
    const c = loadConfig('interface Gi0/1\n ip address 10.0.0.1 255.255.255.0\nhostname X\n description not an interface line').config;
    expect(c.hostname).toBe('X');
    expect(c.interfaces[0]?.description).toBeUndefined();
  });
  it('handles no and default forms', () => {
    const t = (lines: string[]): string => renderConfig(loadConfig(['interface Gi0/1', ' ip address 10.0.0.2 255.255.255.0', ...lines].join('\n')).config);
    expect(t([' standby 1 ip 10.0.0.1', ' standby 1 priority 110', ' no standby 1 priority'])).not.toContain('priority');
    expect(t([' vrrp 1 ip 10.0.0.1', ' no vrrp 1 preempt'])).toContain(' no vrrp 1 preempt');
    expect(t([' vrrp 1 ip 10.0.0.1', ' no vrrp 1 preempt', ' default vrrp 1 preempt'])).not.toContain('preempt');
    expect(t([' standby 1 ip 10.0.0.1', ' no standby 1'])).not.toContain('standby');
    expect(t([' duplex auto', ' no duplex auto'])).not.toContain('duplex');
    expect(t([' no ip redirects'])).toContain(' no ip redirects');
    expect(t([' shutdown', ' no shutdown'])).not.toContain('shutdown');
  });
  it('resets an interface with default interface and removes vty lines with no line vty', () => {
    const text = ['interface Gi0/1', ' description up', ' ip address 10.0.0.2 255.255.255.0', ' standby 1 ip 10.0.0.1', 'default interface Gi0/1'].join('\n');
    const r = loadConfig(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.config.interfaces).toEqual([defaultInterface('GigabitEthernet0/1')]);
    const lines = loadConfig(['line vty 0 4', ' login local', 'line vty 5 15', ' login local', ' exec-timeout 5 0'].join('\n')).config;
    const out = (extra: string): string => renderConfig(loadConfig(extra, { base: lines }).config);
    expect(out('no line vty 5 15')).not.toContain('line vty 5 15');
    expect(out('no line vty 5 15')).toContain('line vty 0 4\n login local');
    expect(out('default line vty 5 15')).toMatch(/line vty 5 15\n(?! login local)/);
    expect(out('default line vty 5 15')).not.toContain('exec-timeout 5 0');
  });
  it('encrypts passwords under service password-encryption and hashes type 0 secrets', () => {
    const c = loadConfig('enable password cisco\nusername u password 0 pass\nenable secret cisco\nservice password-encryption', { salt: () => 'abcdefghijklmn' }).config;
    const out = renderConfig(c);
    expect(out).toMatch(/^enable password 7 [0-9A-F]+$/m);
    expect(out).toMatch(/^username u password 7 [0-9A-F]+$/m);
    expect(out).toMatch(/^enable secret 9 \$9\$abcdefghijklmn\$[./0-9A-Za-z]{43}$/m);
    expect(out).not.toContain('cisco');
  });
});

describe('vipr check', () => {
  function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const io = {
      stdout: { write: (s: string) => ((out += s), true) },
      stderr: { write: (s: string) => ((err += s), true) },
    } as unknown as Parameters<typeof checkCommand.run>[1];
    return checkCommand.run(args, io).then((code) => ({ code, out, err }));
  }
  it('prints FILE:LINE:COLUMN diagnostics with the line and a caret, exit 1', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vipr-check-'));
    const f = path.join(dir, 'r1.cfg');
    writeFileSync(f, 'hostname R1\nlogging 0255.255.1\n');
    const r = await run([f]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`${f}:2:9: % Invalid input detected at '^' marker.\nlogging 0255.255.1\n        ^\n`);
  });
  it('exits 0 and renders with --render', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vipr-check-'));
    const f = path.join(dir, 'campus.cfg');
    writeFileSync(f, campus);
    const r = await run([f, '--render']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toBe(campus);
  });
});

describe('blank and comment lines', () => {
  it('skips lines that trim to nothing or to a `!` comment, whatever the white space', () => {
    const text = ['', '   ', '\t\v\f', ' \u00a0 ', '\u3000', '\ufeff!bom comment', '  ! indented', '!', '\u00a0!', 'hostname r1', ' \r'].join('\n');
    const r = loadConfig(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.config.hostname).toBe('r1');
    // A non-breaking space is white space to trim() but part of a word to the tokenizer, as before.
    expect(loadConfig('\u00a0hostname r2').diagnostics.map((d) => [d.line, d.column])).toEqual([[1, 1]]);
  });
});
