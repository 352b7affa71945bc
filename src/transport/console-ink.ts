/**
 * The console rendered with ink (DESIGN D5): what a person at the router's own TTY sees. The session
 * and its bytes are the very same as on a VTY (./console.ts drives it; this is only a renderer), laid
 * out in three parts:
 *   - the scrollback: every finished line of the session, printed once above ink's live area and
 *     never redrawn (ink's useStdout().write), so the terminal's own scrolling and copy/paste work
 *     as on any console;
 *   - the line being typed, with its cursor, kept by replaying the session's echo (printable
 *     characters, BS, CR, LF: all the IOS line editor writes) on a one-line screen model;
 *   - under it, live help: what `?` would list at the cursor (CliSession.hints), and a status line
 *     with the hostname, the mode and every HSRP/VRRP group's state, refreshed every second.
 * The status and hint lines exist only on this screen: a terminal session recorded from it holds
 * exactly what a VTY would have shown.
 */
import { PassThrough } from 'node:stream';
import { Box, render, Text, useStdout, type Instance } from 'ink';
import { createElement as h, useEffect, useSyncExternalStore, type ReactElement } from 'react';
import type { CliRouter } from '../cli/cli-router.js';
import type { CliSession } from '../cli/session.js';
import { shortInterfaceName } from '../model/interface-name.js';
import type { ConsoleOutput, ConsoleRenderer } from './console.js';

const STATUS_REFRESH_MS = 1000;
const MAX_HINTS = 12;

interface ScreenState {
  /** The unfinished line and the cursor's column in it. */
  readonly current: string;
  readonly cursor: number;
  readonly hints: readonly string[];
  readonly status: string;
}

/** One line of terminal: what the session's bytes do to it (CR, BS, printable overwrite, LF). */
export class LineScreen {
  private chars: string[] = [];
  private col = 0;
  /** Finished lines not yet printed: the renderer takes them (drain) as it prints them. */
  private done: string[] = [];
  bells = 0;

  write(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      const code = c.charCodeAt(0);
      if (c === '\n') {
        this.done.push(this.chars.join('').trimEnd());
        this.chars = [];
        this.col = 0;
      } else if (c === '\r') {
        this.col = 0;
      } else if (c === '\b') {
        this.col = Math.max(0, this.col - 1);
      } else if (code === 0x07) {
        this.bells++;
      } else if (code === 0x1b) {
        // The session writes no escape sequences; skip one (CSI ... final byte) if some output does.
        if (text[i + 1] === '[') {
          i += 2;
          while (i < text.length && !/[@-~]/.test(text[i] as string)) i++;
        }
      } else if (code >= 0x20) {
        while (this.chars.length < this.col) this.chars.push(' ');
        this.chars[this.col++] = c;
      }
    }
  }

  get current(): string {
    return this.chars.join('');
  }

  /** The finished lines since the last drain, in order. */
  drain(): string[] {
    const d = this.done;
    this.done = [];
    return d;
  }

  get cursor(): number {
    return this.col;
  }
}

/** `R1 | exec | Gi0/1 HSRP 1 Active | Gi0/1 VRRP 5 Master`: every group's state, in config order. */
export function statusLine(router: CliRouter, session: CliSession | undefined): string {
  const parts = [router.config.hostname];
  if (session !== undefined) parts.push(session.mode);
  for (const g of router.hsrpSnapshot()) {
    parts.push(`${shortInterfaceName(g.ifName)} HSRP${g.family === 6 ? ' IPv6' : ''} ${g.group} ${capitalise(g.state)}`);
  }
  for (const i of router.vrrpSnapshot()) {
    for (const g of i.groups) parts.push(`${shortInterfaceName(i.ifName)} VRRP${g.family === 6 ? ' IPv6' : ''} ${g.vrid} ${capitalise(g.state)}`);
  }
  return parts.join(' | ');
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export interface InkRendererOptions {
  readonly output: ConsoleOutput;
  readonly router: CliRouter;
  /** ink's debug mode: every frame written whole, never erased (tests read the last one). */
  readonly debug?: boolean;
}

/**
 * Whether ink can drive this terminal: it must be a TTY, and ink draws no live area at all where it
 * believes it runs under CI (the CI / CONTINUOUS_INTEGRATION variables), so there the plain renderer
 * serves better.
 */
export function inkUsable(output: ConsoleOutput, env: NodeJS.ProcessEnv = process.env): boolean {
  const set = (k: string): boolean => k in env && env[k] !== '0' && env[k] !== 'false';
  return output.isTTY === true && !set('CI') && !set('CONTINUOUS_INTEGRATION');
}

/** A renderer for ConsoleTransport on a TTY. */
export function inkRenderer(options: InkRendererOptions): ConsoleRenderer {
  const screen = new LineScreen();
  let session: CliSession | undefined;
  let state: ScreenState = { current: '', cursor: 0, hints: [], status: statusLine(options.router, undefined) };
  const listeners = new Set<() => void>();
  const publish = (): void => {
    state = {
      current: screen.current,
      cursor: screen.cursor,
      hints: hintsOf(session),
      status: statusLine(options.router, session),
    };
    for (const l of listeners) l();
  };
  const store = {
    subscribe: (l: () => void): (() => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    get: (): ScreenState => state,
    drain: (): string[] => screen.drain(),
  };

  // ink reads no keys here: ConsoleTransport owns stdin and its raw mode, so ink gets a dead stream.
  const instance: Instance = render(h(Screen, { store }), {
    stdout: options.output as unknown as NodeJS.WriteStream,
    stdin: new PassThrough() as unknown as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
    debug: options.debug === true,
  });
  const timer = setInterval(publish, STATUS_REFRESH_MS);
  timer.unref();

  return {
    write: (bytes) => {
      screen.write(Buffer.from(bytes).toString('latin1'));
      if (screen.bells > 0) {
        screen.bells = 0;
        options.output.write('\x07');
      }
      publish();
    },
    sessionStarted: (s) => {
      session = s;
      publish();
    },
    sessionEnded: () => {
      session = undefined;
      publish();
    },
    close: () => {
      clearInterval(timer);
      instance.unmount();
    },
  };
}

function hintsOf(session: CliSession | undefined): string[] {
  if (session === undefined || session.closed) return [];
  try {
    return session.hints();
  } catch {
    // A hint is a convenience: whatever goes wrong computing it must not touch the session.
    return [];
  }
}

interface Store {
  subscribe(l: () => void): () => void;
  get(): ScreenState;
  drain(): string[];
}

function Screen({ store }: { readonly store: Store }): ReactElement {
  const s = useSyncExternalStore(store.subscribe, store.get);
  const { write } = useStdout();
  // Finished lines go above the live area, once (after every render: the queue is usually empty).
  useEffect(() => {
    const lines = store.drain();
    if (lines.length > 0) write(`${lines.join('\n')}\n`);
  });
  const before = s.current.slice(0, s.cursor);
  const at = s.current.charAt(s.cursor) || ' ';
  const after = s.current.slice(s.cursor + 1);
  const hints = s.hints.length > MAX_HINTS ? [...s.hints.slice(0, MAX_HINTS), `… ${s.hints.length - MAX_HINTS} more`] : s.hints;
  return h(
    Box,
    { flexDirection: 'column' },
    h(Text, null, before, h(Text, { inverse: true }, at), after),
    h(Text, { dimColor: true }, hints.length === 0 ? ' ' : hints.join('  ')),
    h(Text, { inverse: true }, s.status),
  );
}
