/**
 * Keystroke-level tests of the CLI session (DESIGN D5, spec §6.9): prompts per mode, modes,
 * enable, abbreviations, `?` and Tab, caret placement, editing keys, history, robustness.
 */
import { describe, expect, it } from 'vitest';
import { hashType9 } from '../../src/model/passwords.js';
import { lab, terminal } from './support/lab.js';

const UP = '\x1b[A';
const DOWN = '\x1b[B';
const LEFT = '\x1b[D';
const RIGHT = '\x1b[C';

/** What the line looks like on a terminal that honours backspace: replays \b over the text. */
function render(s: string): string {
  const lines: string[] = [''];
  let col = 0;
  for (const ch of s) {
    if (ch === '\n') {
      lines.push('');
      col = 0;
    } else if (ch === '\r') col = 0;
    else if (ch === '\b') col = Math.max(0, col - 1);
    else if (ch === '\x07') continue;
    else {
      const cur = lines[lines.length - 1] as string;
      lines[lines.length - 1] = cur.slice(0, col).padEnd(col) + ch + cur.slice(col + 1);
      col++;
    }
  }
  return lines.join('\n');
}

describe('prompts and modes', () => {
  it('shows every mode as IOS does', () => {
    const t = lab().open();
    expect(t.take()).toBe('R1#');
    expect(t.type('configure terminal\r')).toBe('configure terminal\nEnter configuration commands, one per line.  End with CNTL/Z.\nR1(config)#');
    expect(t.type('interface Gi0/1\r')).toMatch(/R1\(config-if\)#$/);
    expect(t.type('exit\r')).toMatch(/\nR1\(config\)#$/);
    expect(t.type('interface Gi0/1.10\r')).toMatch(/R1\(config-subif\)#$/);
    expect(t.type('track 1 interface Gi0/2 line-protocol\r')).toMatch(/R1\(config-track\)#$/);
    expect(t.type('line vty 0 4\r')).toMatch(/R1\(config-line\)#$/);
    expect(t.type('key chain HSRP\r')).toMatch(/R1\(config-keychain\)#$/);
    expect(t.type('key 1\r')).toMatch(/R1\(config-keychain-key\)#$/);
    expect(t.type('exit\r')).toMatch(/R1\(config-keychain\)#$/);
    expect(t.type('end\r')).toMatch(/\nR1#$/);
  });

  it('reaches (config-if-vrrp)# for an IOS-XE VRRPv3 group', () => {
    const t = lab().open();
    t.type('conf t\rfhrp version vrrp v3\rint gi0/1\r');
    expect(t.type('vrrp 5 address-family ipv4\r')).toMatch(/R1\(config-if-vrrp\)#$/);
    expect(t.type('\x1a')).toBe('^Z\nR1#');
  });

  it('cuts a long hostname to 20 characters in configuration modes only (Netmiko #1786)', () => {
    const t = lab().open();
    t.type('conf t\rhostname THIS.IS.A.PARTICULARLY.LONG\r');
    expect(t.take()).toBe('');
    expect(t.type('\r')).toBe('\nTHIS.IS.A.PARTICULAR(config)#');
    expect(t.type('end\r')).toBe('end\nTHIS.IS.A.PARTICULARLY.LONG#');
  });

  it('logs %SYS-5-CONFIG_I on leaving configuration mode, by console or by the VTY user', () => {
    const l = lab();
    const vty = l.open();
    vty.type('conf t\rend\r');
    const con = l.open({ line: { kind: 'con', number: 0 } });
    con.type('conf t\r\x1a');
    const texts = l.log1.buffer.messages.filter((m) => m.facility === 'SYS').map((m) => `%${m.facility}-${m.severity}-${m.mnemonic}: ${m.text}`);
    expect(texts).toEqual([
      '%SYS-5-CONFIG_I: Configured from console by admin on vty0 (192.0.2.100)',
      '%SYS-5-CONFIG_I: Configured from console by console',
    ]);
    // The console logs by default and shows it after the prompt, then the prompt again.
    expect(con.screen()).toMatch(/\^Z\nR1#\n\*Mar {2}1 00:00:00\.000: %SYS-5-CONFIG_I: Configured from console by console\nR1#$/);
  });

  it('user EXEC: enable with the enable secret, three tries, disable', () => {
    const l = lab(`hostname R1\nenable secret 9 ${hashType9('s3cret', 'abcdefghijklmn')}\n`);
    const t = l.open({ privilege: 1 });
    expect(t.take()).toBe('R1>');
    expect(t.type('enable\r')).toBe('enable\nPassword: ');
    expect(t.type('wrong\r')).toBe('\nPassword: ');
    expect(t.type('s3cret\r')).toBe('\nR1#');
    expect(t.type('disable\r')).toBe('disable\nR1>');
    t.type('en\ra\rb\r');
    expect(t.type('c\r')).toBe('\n% Bad secrets\n\nR1>');
  });

  it('enable password (type 7) works; without any, the console enters and a VTY gets % No password set', () => {
    const l = lab('hostname R1\nenable password 7 0822455D0A16\n');
    const t = l.open({ privilege: 1 });
    t.type('enable\r');
    expect(t.type('cisco\r')).toBe('\nR1#');
    const l2 = lab('hostname R1\n');
    const vty = l2.open({ privilege: 1 });
    vty.take();
    expect(vty.type('enable\r')).toBe('enable\n% No password set\nR1>');
    const con = l2.open({ privilege: 1, line: { kind: 'con', number: 0 } });
    con.take();
    expect(con.type('enable\r')).toBe('enable\nR1#');
  });

  it('user EXEC hides privileged commands from ? and treats them as unknown', () => {
    const t = lab().open({ privilege: 1 });
    t.take();
    const help = t.type('?');
    expect(help).toContain('  enable');
    expect(help).toContain('  show');
    expect(help).not.toContain('configure');
    expect(help).not.toContain('write');
    t.type('\x15');
    expect(t.type('conf t\r')).toBe('conf t\n        ^\n% Invalid input detected at \'^\' marker.\n\nR1>');
    expect(t.type('show running-config\r')).toBe("show running-config\n        ^\n% Invalid input detected at '^' marker.\n\nR1>");
    expect(t.type('show privilege\r')).toBe('show privilege\nCurrent privilege level is 1\nR1>');
  });

  it('exit in EXEC ends the session', () => {
    let closed = 0;
    const l = lab();
    const t = l.open();
    (t.session as unknown as { opts: { onClose?: () => void } }).opts.onClose = () => closed++;
    t.type('exit\r');
    expect(t.session.closed).toBe(true);
    expect(closed).toBe(1);
    expect(t.type('show version\r')).toBe('');
    expect(l.shared.sessions.size).toBe(0);
  });
});

describe('errors', () => {
  it('puts the caret under the offending word, prompt length included', () => {
    const t = lab().open();
    t.type('conf t\r');
    t.take();
    expect(t.type('logging host 0255.255.1\r')).toBe("logging host 0255.255.1\n                        ^\n% Invalid input detected at '^' marker.\n\nR1(config)#");
    expect(t.type('logging\r')).toBe('logging\n% Incomplete command.\n\nR1(config)#');
    expect(t.type('interface Gi0/1\rs\r')).toContain('s\n% Ambiguous command:  "s"\n\nR1(config-if)#');
  });

  it('do runs EXEC commands from configuration modes, caret shifted past `do `', () => {
    const t = lab().open();
    t.type('conf t\rint gi0/1\r');
    t.take();
    expect(t.type('do show privilege\r')).toBe('do show privilege\nCurrent privilege level is 15\nR1(config-if)#');
    expect(t.type('do show foo\r')).toBe("do show foo\n                      ^\n% Invalid input detected at '^' marker.\n\nR1(config-if)#");
  });

  it('an unknown EXEC word is a host name (spec §6.9), with and without ip domain-lookup', () => {
    const t = lab().open();
    t.take();
    expect(t.type('foo\r')).toBe('foo\nTranslating "foo"...domain server (255.255.255.255)\n% Unknown command or computer name, or unable to find computer address\nR1#');
    t.type('conf t\rno ip domain-lookup\rend\r');
    t.take();
    expect(t.type('foo\r')).toBe('foo\nTranslating "foo"\n% Unknown command or computer name, or unable to find computer address\nR1#');
    expect(t.type('sh i\r')).toBe('sh i\n% Ambiguous command:  "sh i"\n\nR1#');
    expect(t.type('show\r')).toBe('show\n% Incomplete command.\n\nR1#');
  });

  it('no and default go through the grammar and the model', () => {
    const l = lab();
    const t = l.open();
    t.type('conf t\rint gi0/1\rno standby 1 preempt\rdefault standby 1 priority\rend\r');
    const g = l.r1.config.interfaces.find((i) => i.name === 'GigabitEthernet0/1')?.hsrp.groups[0];
    expect(g?.preempt).toBe(false);
    expect(g?.priority).toBe(100);
  });
});

describe('help and completion', () => {
  it('lists the next words in IOS layout and re-echoes the prompt and the partial line', () => {
    const t = lab().open();
    t.type('conf t\rint gi0/1\r');
    t.take();
    const out = t.type('standby 1 ?');
    const lines = out.split('\n');
    expect(lines[0]).toBe('standby 1 ?');
    expect(out).toContain('\n  authentication  ');
    expect(out).toMatch(/\n  preempt +Overthrow lower priority Active routers\n/);
    expect(out.endsWith('\n\nR1(config-if)#standby 1 ')).toBe(true);
    // Keywords padded to the longest one plus two.
    const entries = lines.slice(1).filter((l) => l.startsWith('  '));
    const width = Math.max(...entries.map((l) => (l.trim().split(/ +/)[0] as string).length));
    for (const e of entries) if (/^ {2}\S+ {2}/.test(e) && e.trim().includes(' ')) expect(e.indexOf(e.trim().split(/ +/)[1] as string)).toBe(2 + width + 2);
  });

  it('the partial-word form lists the matches on one line; <cr> and | at the end of a show', () => {
    const t = lab().open();
    t.take();
    expect(t.type('sh?')).toBe('sh?\nshow  \n\nR1#sh');
    t.type('\x15');
    expect(t.type('c?')).toBe('c?\nclear  configure  copy  \n\nR1#c');
    t.type('\x15');
    const out = t.type('show version ?');
    expect(out).toBe('show version ?\n  |     Output modifiers\n  <cr>\n\nR1#show version ');
    t.type('\x15');
    expect(t.type('show standby | ?')).toContain('\n  include  Include lines that match\n');
    expect(t.type('i?')).toContain('\ninclude  \n');
    expect(t.type('nclude ?')).toContain('\n  LINE  Regular Expression\n');
  });

  it('? in the middle of a line helps with the text before the cursor', () => {
    const t = lab().open();
    t.take();
    t.type('show standby');
    t.type(LEFT.repeat(8));
    const out = t.type('?');
    expect(out).toContain('?\nshow  \n\nR1#sh');
  });

  it('Tab completes a unique prefix and leaves an ambiguous one', () => {
    const t = lab().open();
    t.take();
    expect(render(t.type('sh\t'))).toBe('show ');
    expect(render(t.type('stand\t'))).toBe('standby ');
    expect(t.session['editor'].line).toBe('show standby ');
    t.type('\x15');
    t.type('c\t');
    expect(t.session['editor'].line).toBe('c');
    t.type('\x15conf t\rint gi\t');
    expect(t.session['editor'].line).toBe('int GigabitEthernet');
  });

  it('help errors point at the word that cannot be helped', () => {
    const t = lab().open();
    t.take();
    expect(t.type('show bogus ?')).toBe("show bogus ?\n        ^\n% Invalid input detected at '^' marker.\n\nR1#show bogus ");
  });
});

describe('line editing and history', () => {
  it('backspace, DEL, Ctrl-A/E/B/F/D/K/U/W and arrows edit the line', () => {
    const t = lab().open();
    t.take();
    const ed = (): string => t.session['editor'].line;
    t.type('show verzion');
    t.type('\x7f\x7f\x7f\x7f');
    t.type('sion');
    expect(ed()).toBe('show version');
    t.type('\x01');
    t.type('\x06\x06\x06\x06\x06');
    t.type('\x0b');
    expect(ed()).toBe('show ');
    t.type('clock');
    t.type('\x02\x02\x02\x02\x02\x04');
    expect(ed()).toBe('show lock');
    t.type('c\x05 detail');
    expect(ed()).toBe('show clock detail');
    t.type('\x17');
    expect(ed()).toBe('show clock ');
    t.type(LEFT + LEFT + LEFT + RIGHT + '\x15');
    expect(ed()).toBe('k ');
    t.type('\x05\x08\x08\x08');
    expect(ed()).toBe('');
    // What a terminal shows equals the line.
    const t2 = lab().open();
    const shown = render(t2.type('show verzion\x08\x08\x08\x08sion\x01\x06\x06\x06\x06\x06\x0bclock\x02\x02\x02\x02\x02\x04c'));
    expect(shown.trimEnd()).toBe('R1#show clock');
  });

  it('Up/Down and Ctrl-P/N recall history, ESC O x arrows too, EXEC and config kept apart', () => {
    const t = lab().open();
    t.type('show clock\rshow privilege\r');
    t.take();
    t.type(UP);
    expect(t.session['editor'].line).toBe('show privilege');
    t.type('\x10');
    expect(t.session['editor'].line).toBe('show clock');
    t.type('\x10');
    expect(t.session['editor'].line).toBe('show clock');
    t.type('\x0e');
    expect(t.session['editor'].line).toBe('show privilege');
    t.type(DOWN);
    expect(t.session['editor'].line).toBe('');
    t.type('\x1bOA');
    expect(t.session['editor'].line).toBe('show privilege');
    t.type('\x15conf t\rhostname R9\r');
    t.type(UP);
    expect(t.session['editor'].line).toBe('hostname R9');
    expect(render(t.type('\x15end\r')).split('\n').at(-1)).toBe('R9#');
    t.type(UP);
    expect(t.session['editor'].line).toBe('conf t');
  });

  it('show history lists the EXEC history, two spaces before each line', () => {
    const t = lab().open();
    t.type('show clock\rterminal length 0\r');
    t.take();
    expect(t.type('show history\r')).toBe('show history\n  show clock\n  terminal length 0\n  show history\nR1#');
  });

  it('Enter as CR, LF, CRLF or CR NUL counts once', () => {
    const t = lab().open();
    t.take();
    expect(t.type('show privilege\r\n')).toBe('show privilege\nCurrent privilege level is 15\nR1#');
    expect(t.type('show privilege\n')).toBe('show privilege\nCurrent privilege level is 15\nR1#');
    expect(t.type('show privilege\r\x00')).toBe('show privilege\nCurrent privilege level is 15\nR1#');
    // A CR at the end of one chunk and the LF at the start of the next are still one Enter.
    t.type('show privilege\r');
    expect(t.type('\n')).toBe('');
    expect(t.type('\n')).toBe('\nR1#');
  });

  it('sends CR LF for every line end, and no echo when asked not to', () => {
    const l = lab();
    const t = l.open();
    t.type('show privilege\r');
    expect(t.raw()).toBe('R1#show privilege\r\nCurrent privilege level is 15\r\nR1#');
    expect(t.raw()).not.toMatch(/[^\r]\n/);
    const quiet = terminal({ router: l.r1, clock: l.clock, privilege: 15, echo: false, crlf: false });
    quiet.session.start();
    quiet.type('show privilege\r');
    expect(quiet.raw()).toBe('R1#Current privilege level is 15\nR1#');
  });
});

describe('robustness', () => {
  it('binary garbage, stray escapes and a 1 MB line neither crash nor stall', () => {
    const t = lab().open();
    let seed = 7;
    const garbage = new Uint8Array(200_000);
    for (let i = 0; i < garbage.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      garbage[i] = seed >>> 24;
    }
    const start = Date.now();
    for (let i = 0; i < garbage.length; i += 997) t.session.input(garbage.subarray(i, i + 997));
    t.type('\x03\x1a\x1b\x1b[\x1b[99999999999999999999999999\x1bO\x1b[1;5\r');
    t.type('x'.repeat(1 << 20));
    t.type('\r');
    t.type('\x1b[2~\x1b[3~\x1b[5~\x1b[1;3D\x1bb\x1bf');
    const last = t.type('\x15show privilege\r');
    expect(Date.now() - start).toBeLessThan(20_000);
    expect(t.session.closed).toBe(false);
    expect(last).toMatch(/show privilege\nCurrent privilege level is 15\nR1#$/);
  });

  it('keeps a line to 4096 characters, with one bell', () => {
    const t = lab().open();
    t.take();
    const out = t.type('a'.repeat(5000));
    expect(out.length).toBe(4097);
    expect(out.endsWith('\x07')).toBe(true);
  });
});
