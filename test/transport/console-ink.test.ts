import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/runtime/clock.js';
import { ConsoleTransport, type ConsoleInput, type ConsoleOutput } from '../../src/transport/console.js';
import { inkRenderer, inkUsable, LineScreen, statusLine } from '../../src/transport/console-ink.js';
import { R1_CONFIG, R2_CONFIG, routers, type TestRouters } from './support/host.js';

class FakeTtyInput extends EventEmitter implements ConsoleInput {
  readonly isTTY = true;
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  type(text: string): void {
    this.emit('data', Buffer.from(text, 'latin1'));
  }
}

/** A TTY that keeps every frame ink writes (debug mode writes each frame whole). */
class FrameOutput extends EventEmitter implements ConsoleOutput {
  readonly isTTY = true;
  readonly columns = 120;
  readonly rows = 40;
  writes: string[] = [];
  write(bytes: Uint8Array | string): boolean {
    this.writes.push(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('latin1'));
    return true;
  }
  /**
   * The last frame of the live area (the writes that end with the status line), without colour
   * codes; lines printed above the live area are separate writes.
   */
  get last(): string {
    const frames = this.writes.filter((w) => /(^|\n)(\x1b\[[0-9;]*m)*R1 \|/.test(w));
    // eslint-disable-next-line no-control-regex
    return (frames.at(-1) ?? '').replace(/\x1b\[[0-9;]*m/g, '');
  }
}

describe('LineScreen: the one-line screen the echo is replayed on', () => {
  it('overwrites, backspaces, returns and finishes lines as a terminal does', () => {
    const s = new LineScreen();
    s.write('R1#shw\b');
    expect([s.current, s.cursor]).toEqual(['R1#shw', 5]);
    // What the line editor writes to insert 'o' before the 'w': the new tail, then back over it.
    s.write('ow\b');
    expect([s.current, s.cursor]).toEqual(['R1#show', 6]);
    s.write('\r\nline two\r\n--More--\r        \r');
    expect(s.drain()).toEqual(['R1#show', 'line two']);
    expect([s.current.trimEnd(), s.cursor]).toEqual(['', 0]);
    expect(s.drain()).toEqual([]);
  });

  it('counts bells and skips escape sequences instead of printing them', () => {
    const s = new LineScreen();
    s.write('ab\x07\x1b[2Jc');
    expect([s.current, s.bells]).toEqual(['abc', 1]);
  });
});

describe('the ink console', () => {
  let t: TestRouters;
  let consoles: ConsoleTransport[] = [];
  afterEach(() => {
    for (const c of consoles) c.stop();
    consoles = [];
    t.stop();
  });

  const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 30));

  function start() {
    const clock = new ManualClock(Date.UTC(2024, 2, 1));
    t = routers(R1_CONFIG, R2_CONFIG, clock);
    const input = new FakeTtyInput();
    const output = new FrameOutput();
    const c = ConsoleTransport.start({ host: t.host, input, output, renderer: inkRenderer({ output, router: t.host.router, debug: true }) });
    consoles.push(c);
    return { input, output, clock };
  }

  it('shows the typed line, live help for it, and a status line with every group state', async () => {
    const { input, output, clock } = start();
    clock.advance(5000);
    input.type('show stan');
    await settle();
    const frame = output.last.split('\n');
    const typed = frame.findIndex((l) => l.startsWith('R1>show stan'));
    expect(typed, output.last).toBeGreaterThanOrEqual(0);
    expect(frame[typed + 1]).toContain('standby');
    expect(frame[typed + 2]).toMatch(/^R1 \| exec \| Gi0\/1 HSRP 1 (Standby|Active|Speak|Listen)/);
    expect(frame[typed + 2]).toBe(statusLine(t.host.router, consoles[0]!.session));
  });

  it('prints finished lines once, above the live area, and the command output with them', async () => {
    const { input, output } = start();
    input.type('show clock\r');
    await settle();
    const all = output.writes.join('');
    expect(all).toContain('R1>show clock');
    expect(output.last).toMatch(/^R1>\s*\n/);
    // The hint line under an empty prompt lists the exec commands.
    expect(output.last).toMatch(/enable/);
  });

  it('is only chosen for a TTY outside CI', () => {
    const tty = new FrameOutput();
    expect(inkUsable(tty, {})).toBe(true);
    expect(inkUsable(tty, { CI: 'true' })).toBe(false);
    expect(inkUsable(tty, { CI: 'false' })).toBe(true);
    expect(inkUsable({ ...tty, isTTY: false } as unknown as ConsoleOutput, {})).toBe(false);
  });
});
