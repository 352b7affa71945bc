import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/runtime/clock.js';
import { ConsoleTransport, type ConsoleInput, type ConsoleOutput } from '../../src/transport/console.js';
import { R1_CONFIG, R2_CONFIG, routers, type TestRouters } from './support/host.js';

/** stdin as the console sees it: bytes typed, end of input, optionally a TTY with raw mode. */
class FakeInput extends EventEmitter implements ConsoleInput {
  raw: boolean[] = [];
  constructor(readonly isTTY: boolean) {
    super();
  }
  setRawMode(raw: boolean): void {
    this.raw.push(raw);
  }
  resume(): void {}
  pause(): void {}
  type(text: string): void {
    this.emit('data', Buffer.from(text, 'latin1'));
  }
}

class FakeOutput extends EventEmitter implements ConsoleOutput {
  text = '';
  private mark = 0;
  columns = 80;
  rows = 24;
  constructor(readonly isTTY: boolean) {
    super();
  }
  write(bytes: Uint8Array | string): boolean {
    this.text += typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('latin1');
    return true;
  }
  /** What arrived since the last call, CR LF as \n. */
  take(): string {
    const s = this.text.slice(this.mark).replace(/\r\n/g, '\n');
    this.mark = this.text.length;
    return s;
  }
}

let t: TestRouters;
let consoles: ConsoleTransport[] = [];
afterEach(() => {
  for (const c of consoles) c.stop();
  consoles = [];
  t.stop();
});

/** Waits for the microtask that follows a session's close (the console frees itself after it). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function start(extra = '', tty = false, clock = new ManualClock(Date.UTC(2024, 2, 1))) {
  t = routers(R1_CONFIG + extra, R2_CONFIG, clock);
  const input = new FakeInput(tty);
  const output = new FakeOutput(tty);
  const c = ConsoleTransport.start({ host: t.host, input, output });
  consoles.push(c);
  return { c, input, output, clock };
}

describe('console', () => {
  it('without login: straight to the prompt at the line privilege; plain VTY behaviour on a pipe', () => {
    const { c, input, output } = start();
    expect(c.tty).toBe(false);
    expect(output.take()).toBe('R1>');
    input.type('enable\r');
    expect(output.take()).toBe('enable\nR1#');
    input.type('show privilege\r');
    expect(output.take()).toBe('show privilege\nCurrent privilege level is 15\nR1#');
    expect(c.session?.line).toEqual({ kind: 'con', number: 0 });
  });

  it('login local: Username/Password, the password not echoed, % Login invalid, then the user level', () => {
    const { input, output } = start(`username oper privilege 15 password 0 operpw
line con 0
 login local
`);
    expect(output.take()).toBe('\n\nUser Access Verification\n\nUsername: ');
    input.type('oper\r');
    expect(output.take()).toBe('oper\nPassword: ');
    input.type('nope\r');
    expect(output.take()).toBe('\n% Login invalid\n\nUsername: ');
    input.type('oper\roperq\x7fpw\r\n');
    expect(output.take()).toBe('oper\nPassword: \nR1#');
    // The LF of CR LF was not a second Enter.
    input.type('show users\r');
    expect(output.take()).toMatch(/\*\s+0 con 0\s+oper\s/);
  });

  it('the daemon log lines: printed at the login prompt, left to the session (which monitors) once one is open', () => {
    const { c, input, output } = start(`line con 0
 login local
`);
    output.take();
    c.log('*Mar  1 00:00:01.000: %SYS-5-RESTART: System restarted --');
    expect(output.take()).toBe('*Mar  1 00:00:01.000: %SYS-5-RESTART: System restarted --\n');
    input.type('admin\radmin\r');
    output.take();
    c.log('*Mar  1 00:00:02.000: %VIPR-6-TEST: not twice');
    expect(output.take()).toBe('');
  });

  it('login local with no username configured: admin/admin', () => {
    const { input, output } = start(`line con 0
 login local
`);
    output.take();
    input.type('admin\radmin\r');
    expect(output.take()).toBe('admin\nPassword: \nR1#');
  });

  it('login with the line password: three tries, then % Bad passwords and the console is free again', () => {
    const { input, output } = start(`line con 0
 password 0 conpw
 login
`);
    expect(output.take()).toBe('\n\nUser Access Verification\n\nPassword: ');
    input.type('a\rb\rc\r');
    expect(output.take()).toBe('\nPassword: \nPassword: \n% Bad passwords\n\n\nR1 con0 is now available\n\n\n\n\n\nPress RETURN to get started.\n\n');
    input.type('\r');
    output.take();
    input.type('conpw\r');
    expect(output.take()).toBe('\nR1>');
  });

  it('exit frees the console; Return starts a new session', async () => {
    const { c, input, output } = start();
    output.take();
    input.type('exit\r');
    await settle();
    expect(output.take()).toBe('exit\n\n\nR1 con0 is now available\n\n\n\n\n\nPress RETURN to get started.\n\n');
    expect(c.session).toBeUndefined();
    input.type('show version\r');
    expect(output.take()).toBe('R1>');
    expect(t.host.shared.sessions.size).toBe(1);
  });

  it('exec-timeout (10 minutes by default) ends an idle console session', async () => {
    const { c, input, output, clock } = start();
    output.take();
    clock.advance(9 * 60_000);
    input.type('\r');
    clock.advance(9 * 60_000);
    await settle();
    expect(c.session).toBeDefined();
    clock.advance(60_000 + 1);
    await settle();
    expect(c.session).toBeUndefined();
    expect(output.take()).toContain('R1 con0 is now available');
  });

  it('line con 0 exec-timeout applies, and 0 0 never times out', async () => {
    const { c, output, clock } = start(`line con 0
 exec-timeout 0 0
`);
    output.take();
    clock.advance(20 * 60_000);
    await settle();
    expect(c.session).toBeDefined();
  });

  it('end of stdin stops the console only: the router keeps running', () => {
    const { c, input, clock } = start();
    input.emit('end');
    expect(c.stopped).toBe(true);
    expect(t.host.shared.sessions.size).toBe(0);
    clock.advance(2000);
    expect(t.r1.hsrpSnapshot()[0]?.state).toBe('standby');
  });

  it('on a TTY: raw mode while attached, restored at stop; window size follows resize', () => {
    const { c, input, output } = start('', true);
    expect(c.tty).toBe(true);
    expect(input.raw).toEqual([true]);
    expect(c.session?.terminal).toMatchObject({ length: 24, width: 80 });
    output.columns = 132;
    output.rows = 50;
    output.emit('resize');
    expect(c.session?.terminal).toMatchObject({ length: 50, width: 132 });
    c.stop();
    expect(input.raw).toEqual([true, false]);
  });
});
