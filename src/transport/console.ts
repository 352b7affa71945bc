/**
 * The console: the IOS CLI on the process's own stdin/stdout, what GNS3 (`console_type: telnet` on
 * the container's TTY, ecosystem §3) and `docker attach` show.
 *
 * - A TTY is put in raw mode, so every key reaches the session (Ctrl-C, Ctrl-Z, arrows mean what they
 *   mean on IOS; the daemon is stopped by signals, not by keys). Without a TTY (piped stdin) the same
 *   session runs with plain VTY behaviour.
 * - `line con 0` decides the login: `login local` asks `Username:`/`Password:` (./login.ts, with
 *   `admin`/`admin` when no `username` exists), `login` asks the line password, neither goes straight
 *   to the prompt, as on a router whose console has no login.
 * - After `exit` (or the line's exec-timeout, 10 minutes by default as on IOS) the console says
 *   `R1 con0 is now available` / `Press RETURN to get started.` and a Return starts a new session.
 * - End of stdin (GNS3 detached, `docker run` without `-i`) ends the console only: the daemon keeps
 *   routing and serving SSH and the local socket.
 *
 * Everything the console shows goes through a ConsoleRenderer. The plain renderer writes the bytes as
 * they are; the ink-rendered console (status line, live help hints) will be another renderer given
 * the same session events, without changing the login and session logic here.
 */
import type { CliSession } from '../cli/session.js';
import { openSession, type CliHost } from './host.js';
import { checkLogin, consoleLoginMode, type LoginResult } from './login.js';
import { execTimeoutMs, IdleWatch, lineFor } from './vty-lines.js';

export interface ConsoleRenderer {
  /** Bytes for the screen: the session's output and the login dialogue, CR LF line ends. */
  write(bytes: Uint8Array): void;
  /** A session started on the console (a renderer may draw from its router and mode). */
  sessionStarted?(session: CliSession): void;
  /** The session ended (exit, exec-timeout, end of input). */
  sessionEnded?(): void;
  /** The console stopped; restore whatever the renderer changed on the terminal. */
  close?(): void;
}

export interface ConsoleInput extends NodeJS.EventEmitter {
  readonly isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
  resume(): unknown;
  pause(): unknown;
}

export interface ConsoleOutput extends NodeJS.EventEmitter {
  readonly isTTY?: boolean;
  readonly columns?: number;
  readonly rows?: number;
  write(bytes: Uint8Array | string): boolean;
}

export interface ConsoleOptions {
  readonly host: CliHost;
  /** Default process.stdin. */
  readonly input?: ConsoleInput;
  /** Default process.stdout. */
  readonly output?: ConsoleOutput;
  /** Default: the plain renderer on `output`. */
  readonly renderer?: ConsoleRenderer;
}

/** Writes the bytes as they are: VTY behaviour on a TTY or a pipe. */
export function plainRenderer(output: ConsoleOutput): ConsoleRenderer {
  return {
    write: (bytes) => {
      output.write(bytes);
    },
  };
}

type Phase =
  | { readonly kind: 'username' }
  | { readonly kind: 'password'; readonly username: string; readonly tries: number }
  | { readonly kind: 'session'; readonly session: CliSession; readonly idle: IdleWatch }
  | { readonly kind: 'idle' }
  | { readonly kind: 'stopped' };

const LOGIN_LINE_TRIES = 3;
const MAX_FIELD = 256;

export class ConsoleTransport {
  private readonly input: ConsoleInput;
  private readonly output: ConsoleOutput;
  private readonly renderer: ConsoleRenderer;
  private phase: Phase = { kind: 'idle' };
  /** The login dialogue's line being typed. */
  private field = '';
  private lastWasCr = false;
  private inEscape = false;
  readonly tty: boolean;

  private constructor(private readonly host: CliHost, options: ConsoleOptions) {
    this.input = options.input ?? process.stdin;
    this.output = options.output ?? process.stdout;
    this.renderer = options.renderer ?? plainRenderer(this.output);
    this.tty = this.input.isTTY === true && typeof this.input.setRawMode === 'function';
  }

  /** Attaches to the streams and opens the first session (or login) right away. */
  static start(options: ConsoleOptions): ConsoleTransport {
    const c = new ConsoleTransport(options.host, options);
    c.attach();
    return c;
  }

  /** The session on the console now, if one is open. */
  get session(): CliSession | undefined {
    return this.phase.kind === 'session' ? this.phase.session : undefined;
  }

  get stopped(): boolean {
    return this.phase.kind === 'stopped';
  }

  /**
   * A syslog line for the console, when the console is where the daemon's log goes (its stdout is
   * this terminal): an open session shows it already (the console monitors by default, as IOS's
   * `logging console` does, and `terminal no monitor` silences it), otherwise it is printed between
   * the login or `Press RETURN` lines, as IOS prints console messages there.
   */
  log(line: string): void {
    if (this.phase.kind === 'stopped' || this.phase.kind === 'session') return;
    this.print(`${line}\n`);
  }

  /** Detaches from the streams and closes the session; the rest of the daemon is unaffected. */
  stop(): void {
    if (this.phase.kind === 'stopped') return;
    const was = this.phase;
    this.phase = { kind: 'stopped' };
    if (was.kind === 'session') {
      was.idle.stop();
      was.session.close();
      this.renderer.sessionEnded?.();
    }
    this.input.off('data', this.onData);
    this.input.off('end', this.onEnd);
    this.input.off('error', this.onEnd);
    this.output.off('resize', this.onResize);
    if (this.tty) this.input.setRawMode?.(false);
    this.input.pause();
    this.renderer.close?.();
  }

  private attach(): void {
    // A closed stdout (EPIPE) must not take the router down with it.
    this.output.on('error', () => undefined);
    this.input.on('data', this.onData);
    this.input.on('end', this.onEnd);
    this.input.on('error', this.onEnd);
    if (this.output.isTTY === true) this.output.on('resize', this.onResize);
    if (this.tty) this.input.setRawMode?.(true);
    this.input.resume();
    this.begin();
  }

  private readonly onData = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    for (let i = 0; i < bytes.length; i++) {
      if (this.phase.kind === 'session') {
        // The login (or Return) that opened the session ended with CR: its LF is not a second Enter.
        if (this.lastWasCr && (bytes[i] === 0x0a || bytes[i] === 0x00)) i++;
        this.lastWasCr = false;
        // The rest of the chunk is the session's (typed ahead).
        if (i < bytes.length) this.phase.session.input(bytes.subarray(i));
        return;
      }
      this.key(bytes[i] as number);
    }
  };

  private readonly onEnd = (): void => this.stop();

  private readonly onResize = (): void => {
    const s = this.session;
    if (s !== undefined && this.output.columns !== undefined && this.output.rows !== undefined) s.resize(this.output.columns, this.output.rows);
  };

  private print(text: string): void {
    this.renderer.write(Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'latin1'));
  }

  private get config() {
    return this.host.router.config;
  }

  /** The start of a console session: the login the line asks for, or the session itself. */
  private begin(): void {
    const line = lineFor(this.config, 'con', 0);
    const mode = consoleLoginMode(line);
    if (mode === 'none') {
      this.open({ ok: true, user: undefined, privilege: line?.privilegeLevel ?? 1 }, true);
      return;
    }
    const { motd, login } = this.config.banners;
    if (motd !== undefined) this.print(`${motd}\n`);
    if (login !== undefined) this.print(`${login}\n`);
    this.print('\n\nUser Access Verification\n\n');
    this.ask(mode === 'local' ? { kind: 'username' } : { kind: 'password', username: '', tries: 0 });
  }

  private ask(phase: Extract<Phase, { kind: 'username' | 'password' }>): void {
    this.phase = phase;
    this.field = '';
    this.print(phase.kind === 'username' ? 'Username: ' : 'Password: ');
  }

  /** One key of the login dialogue or of the `Press RETURN` wait. */
  private key(b: number): void {
    // CR LF and CR NUL are one Return, whatever the terminal sends.
    if (this.lastWasCr && (b === 0x0a || b === 0x00)) {
      this.lastWasCr = false;
      return;
    }
    this.lastWasCr = b === 0x0d;
    // Escape sequences (arrows) mean nothing here: skip them to their final byte.
    if (this.inEscape) {
      if (b >= 0x40 && b <= 0x7e && b !== 0x5b && b !== 0x4f) this.inEscape = false;
      return;
    }
    if (b === 0x1b) {
      this.inEscape = true;
      return;
    }
    const enter = b === 0x0d || b === 0x0a;
    const phase = this.phase;
    switch (phase.kind) {
      case 'idle':
        if (enter) this.begin();
        return;
      case 'username':
      case 'password': {
        const visible = phase.kind === 'username';
        if (enter) {
          this.print('\n');
          this.submit(phase, this.field);
        } else if (b === 0x08 || b === 0x7f) {
          if (this.field.length > 0) {
            this.field = this.field.slice(0, -1);
            if (visible) this.print('\b \b');
          }
        } else if (b === 0x15 || b === 0x03) {
          if (visible) this.print('\b \b'.repeat(this.field.length));
          this.field = '';
        } else if (b >= 0x20 && b < 0x7f && this.field.length < MAX_FIELD) {
          this.field += String.fromCharCode(b);
          if (visible) this.print(String.fromCharCode(b));
        }
        return;
      }
      case 'session':
      case 'stopped':
        return;
    }
  }

  private submit(phase: Extract<Phase, { kind: 'username' | 'password' }>, text: string): void {
    if (phase.kind === 'username') {
      this.ask({ kind: 'password', username: text, tries: 0 });
      return;
    }
    const line = lineFor(this.config, 'con', 0);
    const mode = consoleLoginMode(line);
    if (mode === 'line' && line?.password === undefined) {
      this.print('\nPassword required, but none set\n');
      this.available();
      return;
    }
    const result = checkLogin(this.config, line, mode, phase.username, text);
    if (result.ok) {
      this.open(result, false);
      return;
    }
    if (mode === 'local') {
      this.print('% Login invalid\n\n');
      this.ask({ kind: 'username' });
      return;
    }
    if (phase.tries + 1 >= LOGIN_LINE_TRIES) {
      this.print('% Bad passwords\n');
      this.available();
      return;
    }
    this.ask({ kind: 'password', username: phase.username, tries: phase.tries + 1 });
  }

  private open(login: Extract<LoginResult, { ok: true }>, motd: boolean): void {
    const rows = this.output.isTTY === true ? this.output.rows : undefined;
    const cols = this.output.isTTY === true ? this.output.columns : undefined;
    const session = openSession(this.host, {
      line: { kind: 'con', number: 0, ...(login.user !== undefined ? { user: login.user } : {}) },
      privilege: login.privilege,
      output: (b) => this.renderer.write(b),
      // `exit` closes the session in the middle of its input; its echo is flushed before the
      // console announces itself free.
      onClose: () => queueMicrotask(() => this.ended(session)),
      ...(rows !== undefined && rows > 0 ? { terminalLength: rows } : {}),
      ...(cols !== undefined && cols > 0 ? { terminalWidth: cols } : {}),
    });
    const idle = new IdleWatch(this.host.clock, session, () => execTimeoutMs(lineFor(this.config, 'con', 0)), () => session.close());
    this.phase = { kind: 'session', session, idle };
    this.renderer.sessionStarted?.(session);
    session.start({ motd });
  }

  /** `exit` or exec-timeout: IOS frees the console and waits for Return. */
  private ended(session: CliSession): void {
    if (this.phase.kind !== 'session' || this.phase.session !== session) return;
    this.phase.idle.stop();
    this.renderer.sessionEnded?.();
    this.available();
  }

  private available(): void {
    this.phase = { kind: 'idle' };
    this.print(`\n\n${this.config.hostname} con0 is now available\n\n\n\n\n\nPress RETURN to get started.\n\n`);
  }
}
