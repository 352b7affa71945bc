import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { checkLogin, consoleLoginMode, LoginThrottle, sshLoginMode } from '../../src/transport/login.js';
import { execTimeoutMs, lineFor, VtyPool } from '../../src/transport/vty-lines.js';

function config(text: string) {
  const { config, diagnostics } = loadConfig(text);
  expect(diagnostics).toEqual([]);
  return config;
}

describe('checkLogin', () => {
  const c = config(`username plain password 0 pw0
username seven password 7 060506324F41
username nine privilege 15 secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM
username free nopassword
line vty 0 4
 privilege level 5
 login local
`);
  const vty = lineFor(c, 'vty', 0);

  it('type 0 and type 7 passwords, a type 9 secret, nopassword; the line level for users without one', () => {
    expect(checkLogin(c, vty, 'local', 'plain', 'pw0')).toEqual({ ok: true, user: 'plain', privilege: 5 });
    expect(checkLogin(c, vty, 'local', 'seven', 'cisco')).toEqual({ ok: true, user: 'seven', privilege: 5 });
    expect(checkLogin(c, vty, 'local', 'nine', 'cisco')).toEqual({ ok: true, user: 'nine', privilege: 15 });
    expect(checkLogin(c, vty, 'local', 'free', 'anything')).toEqual({ ok: true, user: 'free', privilege: 5 });
  });

  it('wrong passwords, unknown and differently cased users fail; admin/admin only without users', () => {
    expect(checkLogin(c, vty, 'local', 'plain', 'pw1').ok).toBe(false);
    expect(checkLogin(c, vty, 'local', 'PLAIN', 'pw0').ok).toBe(false);
    expect(checkLogin(c, vty, 'local', 'nobody', 'x').ok).toBe(false);
    expect(checkLogin(c, vty, 'local', 'admin', 'admin').ok).toBe(false);
    const empty = config('hostname R1\n');
    expect(checkLogin(empty, lineFor(empty, 'vty', 0), 'local', 'admin', 'admin')).toEqual({ ok: true, user: 'admin', privilege: 15 });
    expect(checkLogin(empty, lineFor(empty, 'vty', 0), 'local', 'admin', 'Admin').ok).toBe(false);
  });

  it('SSH never runs without authentication; the console follows the line', () => {
    const d = config('hostname R1\n');
    expect(sshLoginMode(lineFor(d, 'vty', 0))).toBe('local');
    expect(consoleLoginMode(lineFor(d, 'con', 0))).toBe('none');
    const l = config('line vty 0 4\n password 0 x\n login\n');
    expect(sshLoginMode(lineFor(l, 'vty', 0))).toBe('line');
    expect(checkLogin(l, lineFor(l, 'vty', 0), 'line', 'whoever', 'x')).toEqual({ ok: true, user: 'whoever', privilege: 1 });
  });
});

describe('LoginThrottle', () => {
  it('doubles the delay per failure from an address, capped, forgotten after a quiet period or a success', () => {
    const clock = new ManualClock(0);
    const th = new LoginThrottle(clock, { baseDelayMs: 500, maxDelayMs: 4000, forgetAfterMs: 60_000, maxAddresses: 2 });
    expect([1, 2, 3, 4, 5].map(() => th.failed('10.0.0.9'))).toEqual([500, 1000, 2000, 4000, 4000]);
    expect(th.failed('10.0.0.8')).toBe(500);
    clock.advance(60_000);
    expect(th.failed('10.0.0.9')).toBe(500);
    th.succeeded('10.0.0.9');
    expect(th.failuresOf('10.0.0.9')).toBe(0);
  });

  it('remembers at most maxAddresses, forgetting the oldest', () => {
    const th = new LoginThrottle(new ManualClock(0), { baseDelayMs: 1, maxDelayMs: 8, forgetAfterMs: 60_000, maxAddresses: 2 });
    th.failed('a');
    th.failed('b');
    th.failed('a');
    th.failed('c');
    expect([th.failuresOf('a'), th.failuresOf('b'), th.failuresOf('c')]).toEqual([2, 0, 1]);
  });
});

describe('VTY lines', () => {
  it('the lowest free line whose transport input admits the protocol', () => {
    const c = config(`line vty 0 1
 transport input telnet
line vty 2 3
 transport input ssh
`);
    const pool = new VtyPool();
    // vty 4 is still covered only by the default `line vty 0 4` (transport input unset).
    expect(pool.claim(c, 'ssh')).toBe(2);
    expect(pool.claim(c, 'ssh')).toBe(3);
    expect(pool.claim(c, 'ssh')).toBe(4);
    expect(pool.claim(c, 'ssh')).toBeUndefined();
    expect(pool.claim(c, 'telnet')).toBe(0);
    pool.release(2);
    expect(pool.peek(c, 'ssh')).toBe(2);
    expect(lineFor(c, 'vty', 1)?.transportInput).toEqual(['telnet']);
  });

  it('exec-timeout: 10 minutes by default, 0 0 never', () => {
    const c = config(`line con 0
 exec-timeout 0 0
line vty 0 4
 exec-timeout 1 30
`);
    expect(execTimeoutMs(lineFor(c, 'con', 0))).toBeUndefined();
    expect(execTimeoutMs(lineFor(c, 'vty', 4))).toBe(90_000);
    expect(execTimeoutMs(lineFor(config('hostname R1\n'), 'vty', 0))).toBe(600_000);
  });
});
