/**
 * One IOS CLI session (DESIGN D5): bytes in, bytes out, behaving like an IOS VTY – echo, CRLF line
 * ends, `--More--` paging, no full-screen redraws – so SSH, the console, telnet and the local socket
 * all attach the same way:
 *
 *   const s = new CliSession({ router, clock, output: (b) => channel.write(b), privilege: 15, line });
 *   channel.on('data', (b) => s.input(b));   s.start();   …   s.close();
 *
 * Lines typed in EXEC are parsed by the exec grammar; lines typed in a configuration mode go through
 * the same applyLine as the startup-config (DESIGN D1) and the resulting model is applied live
 * (DESIGN D4). Modes, prompts, messages and editing keys follow spec §6.9 and ecosystem §5.
 */
import { applyLine, bannerStart } from '../config/load.js';
import { CONFIG, type Context } from '../config/apply.js';
import { completeLine, expectedAt, MSG_INVALID, parseLine, tokenize, type HelpEntry, type Mode } from '../config/grammar/parser.js';
import { INTERFACE_TYPES } from '../model/interface-name.js';
import { revealPassword, verifySecret } from '../model/passwords.js';
import type { Banners, RouterConfig } from '../model/types.js';
import type { Clock } from '../runtime/clock.js';
import { formatSyslogLine, type LogSink, type Severity, type SyslogMessage } from '../runtime/syslog.js';
import type { CliRouter, LogFeed, LogStore, StartupStore, SystemInfo } from './cli-router.js';
import type { CliProviders } from './providers.js';
import { DebugFlags } from './commands/debug.js';
import { runExecCommand, type ExecEnv, type ExecOutcome } from './commands/exec.js';
import { allowedAt, USER_EXEC_COMMANDS, USER_SHOW_COMMANDS } from './commands/privilege.js';
import type { UserLine } from './commands/show-users.js';
import { unknownCommand } from './commands/unknown-command.js';
import { applyFilter, FILTER_HELP, parseFilter, REGEX_HELP, splitPipe, type OutputFilter } from './filters.js';
import { PIPE_HELP, renderHelpList, renderHelpWords } from './help.js';
import { History } from './history.js';
import { LineEditor } from './line-editor.js';
import { Pager } from './pager.js';
import { promptFor } from './prompt.js';
import { defaultSystemInfo } from './system-info.js';

/** The line a session occupies: `con 0`, or `vty N` with the user and where they came from. */
export interface SessionLine {
  readonly kind: 'con' | 'vty';
  readonly number: number;
  readonly user?: string;
  /** The peer address of a VTY session (`show users` Location, `%SYS-5-CONFIG_I … (10.0.0.9)`). */
  readonly location?: string;
}

/** What all sessions of one router share: `show users`, debug flags, addresses typed at the CLI. */
export class CliShared {
  readonly sessions = new Set<CliSession>();
  readonly debug = new DebugFlags();
  /** Interfaces whose address was set at the CLI (`show ip interface brief` Method `manual`). */
  readonly manualAddresses = new Set<string>();
}

export interface CliSessionOptions {
  readonly router: CliRouter;
  readonly clock: Clock;
  /** Where the session's bytes go (the transport's channel). */
  readonly output: (bytes: Uint8Array) => void;
  /** 1 (`R1>`, the default) or 15 (`R1#`, e.g. a user with `privilege 15`). */
  readonly privilege?: number;
  readonly line?: SessionLine;
  readonly startup?: StartupStore;
  /** Where `%SYS-5-CONFIG_I` goes: the router's log sink. */
  readonly log?: LogSink;
  /** `show logging`'s buffer. */
  readonly logStore?: LogStore;
  /** Live messages for `terminal monitor` (and the console, which gets them by default). */
  readonly logFeed?: LogFeed;
  /** Live log messages at start; default: on for the console, off for a VTY (as IOS). */
  readonly monitor?: boolean;
  readonly system?: SystemInfo;
  readonly shared?: CliShared;
  /** Called once when the session ends (`exit`, `logout`, or close()). */
  readonly onClose?: () => void;
  /** Echo typed characters (a VTY does; a front end that draws its own input line does not). */
  readonly echo?: boolean;
  /** Send CR LF for every line end (a VTY does). */
  readonly crlf?: boolean;
  /** `terminal length` at start (IOS default 24; an SSH pty may pass its rows). */
  readonly terminalLength?: number;
  readonly terminalWidth?: number;
  /** Interface counters, ARP, routes, ping/traceroute and reload (./providers.ts). */
  readonly providers?: CliProviders;
}

type State =
  | { readonly kind: 'line' }
  | { readonly kind: 'pager'; readonly pager: Pager }
  | { readonly kind: 'ask'; readonly secret: boolean; buffer: string; readonly answer: (reply: string) => void }
  | { readonly kind: 'running'; readonly abort: () => void }
  | { readonly kind: 'closed' };

interface BannerEntry {
  readonly which: keyof Banners;
  readonly delimiter: string;
  readonly parts: string[];
}

const ENTER_CONFIG = 'Enter configuration commands, one per line.  End with CNTL/Z.';
const MAX_ESCAPE_LENGTH = 16;
const ENABLE_ATTEMPTS = 3;

export class CliSession {
  private readonly opts: CliSessionOptions;
  private readonly shared: CliShared;
  private readonly system: SystemInfo;
  private readonly editor = new LineEditor();
  private readonly execHistory = new History();
  private readonly configHistory = new History();
  private context: Context = { mode: 'exec' };
  private privilege: number;
  private state: State = { kind: 'line' };
  private banner: BannerEntry | undefined;
  private terminalLength: number;
  private terminalWidth: number;
  private monitorUnsubscribe: (() => void) | undefined;
  private readonly pendingLog: string[] = [];
  private out: string[] = [];
  private inInput = false;
  private lastWasCr = false;
  /**
   * Keys typed while a command runs (a ping, a read of the kernel's tables), typed again when the
   * prompt is back, as IOS keeps type-ahead: a pasted block of commands loses none of them.
   */
  private typeahead: number[] = [];
  private literalNext = false;
  private escape: 'none' | 'esc' | 'csi' | 'ss3' = 'none';
  private escapeParams = '';
  private lastInputMs: number;

  constructor(options: CliSessionOptions) {
    this.opts = options;
    this.shared = options.shared ?? new CliShared();
    this.system = options.system ?? defaultSystemInfo(options.clock.now());
    this.privilege = options.privilege ?? 1;
    this.terminalLength = options.terminalLength ?? 24;
    this.terminalWidth = options.terminalWidth ?? 80;
    this.lastInputMs = options.clock.now();
    this.shared.sessions.add(this);
    if (options.monitor ?? this.line.kind === 'con') this.setMonitor(true);
  }

  get line(): SessionLine {
    return this.opts.line ?? { kind: 'con', number: 0 };
  }

  get closed(): boolean {
    return this.state.kind === 'closed';
  }

  get mode(): Mode {
    return this.context.mode;
  }

  get currentPrivilege(): number {
    return this.privilege;
  }

  get prompt(): string {
    return promptFor(this.config.hostname, this.privilege, this.context);
  }

  /** The exec banner (if configured) and the first prompt; the transport calls it once attached. */
  start(options: { readonly motd?: boolean } = {}): void {
    const b = this.config.banners;
    if (options.motd === true && b.motd !== undefined) this.write(`${b.motd}\n`);
    if (b.exec !== undefined) this.write(`${b.exec}\n`);
    this.write(this.prompt);
    this.flush();
  }

  /** A window-change from the transport (SSH pty): IOS VTYs take the new geometry. */
  resize(columns: number, rows: number): void {
    if (columns > 0) this.terminalWidth = columns;
    if (rows > 0 && this.terminalLength !== 0) this.terminalLength = rows;
  }

  /** Ends the session (transport closed, or `exit`); idempotent. */
  close(): void {
    if (this.state.kind === 'closed') return;
    const running = this.state.kind === 'running' ? this.state.abort : undefined;
    this.state = { kind: 'closed' };
    running?.();
    this.monitorUnsubscribe?.();
    this.monitorUnsubscribe = undefined;
    this.shared.sessions.delete(this);
    this.opts.onClose?.();
  }

  /** Bytes from the user (any chunking: one key, a pasted block, a megabyte of garbage). */
  input(bytes: Uint8Array | string): void {
    if (this.state.kind === 'closed') return;
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
    this.lastInputMs = this.opts.clock.now();
    this.inInput = true;
    try {
      let i = 0;
      while (i < data.length && !this.closed) {
        // Runs of printable characters typed at the end of the line are inserted at once.
        if (this.state.kind === 'line' && this.escape === 'none' && !this.literalNext && isPlain(data[i] as number)) {
          let j = i + 1;
          while (j < data.length && isPlain(data[j] as number)) j++;
          this.lastWasCr = false;
          this.echo(this.editor.insert(Buffer.from(data.subarray(i, j)).toString('latin1')));
          i = j;
          continue;
        }
        this.byte(data[i] as number);
        i++;
      }
    } finally {
      this.inInput = false;
    }
    this.flushLog();
    this.flush();
  }

  // ---- bytes → keys ------------------------------------------------------------------------------

  private byte(b: number): void {
    // CR LF and CR NUL are one Enter (PuTTY and ssh send CR, Netmiko LF, telnet CR NUL or CR LF).
    if (this.lastWasCr && (b === 0x0a || b === 0x00)) {
      this.lastWasCr = false;
      return;
    }
    this.lastWasCr = b === 0x0d;
    if (this.escape !== 'none') {
      this.escapeByte(b);
      return;
    }
    if (b === 0x1b) {
      this.escape = 'esc';
      this.escapeParams = '';
      return;
    }
    switch (this.state.kind) {
      case 'line':
        this.lineKey(b);
        return;
      case 'pager':
        this.pagerKey(this.state.pager, b);
        return;
      case 'ask':
        this.askKey(this.state, b);
        return;
      case 'running':
        // Ctrl-^ (IOS's escape sequence) or Ctrl-C stops ping and traceroute, and forgets what was
        // typed ahead; other keys wait for the prompt (bounded: a flood is not kept).
        if (b === 0x1e || b === 0x03) {
          this.typeahead = [];
          this.state.abort();
        } else if (this.typeahead.length < TYPEAHEAD_LIMIT) this.typeahead.push(b);
        return;
      case 'closed':
        return;
    }
  }

  /** ESC [ … final, ESC O x, ESC x: arrows become editing keys, everything else is dropped. */
  private escapeByte(b: number): void {
    if (this.escape === 'esc') {
      this.escape = b === 0x5b ? 'csi' : b === 0x4f ? 'ss3' : 'none';
      if (this.escape === 'none') this.metaKey(b);
      return;
    }
    if (this.escape === 'ss3' || (b >= 0x40 && b <= 0x7e)) {
      const params = this.escapeParams;
      this.escape = 'none';
      this.escapeParams = '';
      if (this.state.kind !== 'line') return;
      switch (String.fromCharCode(b)) {
        case 'A':
          return this.lineKey(0x10);
        case 'B':
          return this.lineKey(0x0e);
        case 'C':
          return this.lineKey(0x06);
        case 'D':
          return this.lineKey(0x02);
        case 'H':
          return this.lineKey(0x01);
        case 'F':
          return this.lineKey(0x05);
        case '~':
          if (params === '3') return this.lineKey(0x04);
          if (params === '1' || params === '7') return this.lineKey(0x01);
          if (params === '4' || params === '8') return this.lineKey(0x05);
          return;
        default:
          return;
      }
    }
    this.escapeParams += String.fromCharCode(b);
    if (this.escapeParams.length > MAX_ESCAPE_LENGTH || b < 0x20 || b > 0x3f) {
      // Not a control sequence after all: drop it rather than wait for a final byte forever.
      this.escape = 'none';
      this.escapeParams = '';
    }
  }

  /** ESC b / ESC f: a word back / forward (IOS's Esc-B, Esc-F). */
  private metaKey(b: number): void {
    if (this.state.kind !== 'line') return;
    const line = this.editor.line;
    let pos = this.editor.cursor;
    if (b === 0x62 || b === 0x42) {
      while (pos > 0 && line[pos - 1] === ' ') pos--;
      while (pos > 0 && line[pos - 1] !== ' ') pos--;
      while (this.editor.cursor > pos) this.echo(this.editor.left());
    } else if (b === 0x66 || b === 0x46) {
      while (pos < line.length && line[pos] === ' ') pos++;
      while (pos < line.length && line[pos] !== ' ') pos++;
      while (this.editor.cursor < pos) this.echo(this.editor.right());
    }
  }

  private lineKey(b: number): void {
    if (this.literalNext) {
      this.literalNext = false;
      if (b >= 0x20 && b < 0x7f) this.echo(this.editor.insert(String.fromCharCode(b)));
      return;
    }
    const history = this.context.mode === 'exec' ? this.execHistory : this.configHistory;
    switch (b) {
      case 0x0d:
      case 0x0a:
        this.enter();
        return;
      case 0x01:
        this.echo(this.editor.home());
        return;
      case 0x05:
        this.echo(this.editor.end());
        return;
      case 0x02:
        this.echo(this.editor.left());
        return;
      case 0x06:
        this.echo(this.editor.right());
        return;
      case 0x04:
        this.echo(this.editor.deleteAtCursor());
        return;
      case 0x0b:
        this.echo(this.editor.killToEnd());
        return;
      case 0x15:
      case 0x18:
        this.echo(this.editor.killToStart());
        return;
      case 0x17:
        this.echo(this.editor.killWord());
        return;
      case 0x08:
      case 0x7f:
        this.echo(this.editor.backspace());
        return;
      case 0x10: {
        const prev = history.previous(this.editor.line);
        this.echo(prev === undefined ? '\x07' : this.editor.set(prev));
        return;
      }
      case 0x0e: {
        const next = history.next();
        this.echo(next === undefined ? '\x07' : this.editor.set(next));
        return;
      }
      case 0x09:
        this.tab();
        return;
      case 0x0c:
      case 0x12:
        // Ctrl-L / Ctrl-R: the line again on a fresh line.
        this.write(`\n${this.linePrompt()}${this.editor.redisplay()}`);
        return;
      case 0x16:
        this.literalNext = true;
        return;
      case 0x1a:
      case 0x03:
        this.interrupt(b === 0x1a ? '^Z' : '^C');
        return;
      case 0x3f:
        this.help();
        return;
      default:
        if (b >= 0x20 && b < 0x7f) this.echo(this.editor.insert(String.fromCharCode(b)));
    }
  }

  /**
   * Ctrl-Z (and Ctrl-C) in a configuration mode: back to privileged EXEC like `end`; Ctrl-C in EXEC
   * abandons the line. Ctrl-Z in EXEC does nothing.
   */
  private interrupt(echo: string): void {
    if (this.banner !== undefined) return;
    if (this.context.mode !== 'exec') {
      this.echo(echo);
      this.write('\n');
      this.editor.clear();
      this.leaveConfig();
      this.write(this.prompt);
    } else if (echo === '^C') {
      this.editor.clear();
      this.write(`\n${this.prompt}`);
    }
  }

  private pagerKey(pager: Pager, b: number): void {
    const key = b === 0x20 ? 'page' : b === 0x0d || b === 0x0a ? 'line' : 'quit';
    this.write(pager.key(key));
    if (pager.done) {
      this.state = { kind: 'line' };
      this.write(this.prompt);
    }
  }

  private askKey(ask: Extract<State, { kind: 'ask' }>, b: number): void {
    if (b === 0x0d || b === 0x0a) {
      this.write('\n');
      this.state = { kind: 'line' };
      ask.answer(ask.buffer);
      if (this.state.kind === 'line') this.write(this.linePrompt());
      return;
    }
    if (b === 0x08 || b === 0x7f) {
      if (ask.buffer.length > 0) {
        ask.buffer = ask.buffer.slice(0, -1);
        if (!ask.secret) this.echo('\b \b');
      }
      return;
    }
    if (b === 0x03) {
      this.write('\n');
      this.state = { kind: 'line' };
      this.write(this.linePrompt());
      return;
    }
    if (b >= 0x20 && b < 0x7f && ask.buffer.length < 256) {
      ask.buffer += String.fromCharCode(b);
      if (!ask.secret) this.echo(String.fromCharCode(b));
    }
  }

  // ---- Enter ---------------------------------------------------------------------------------------

  private enter(): void {
    const line = this.editor.line;
    this.editor.clear();
    this.echo('\n');
    if (this.banner !== undefined) {
      this.bannerLine(line);
    } else {
      const history = this.context.mode === 'exec' ? this.execHistory : this.configHistory;
      history.add(line);
      this.execute(line);
    }
    if (this.state.kind === 'line') this.write(this.linePrompt());
  }

  /** No prompt while a multi-line banner is being typed. */
  private linePrompt(): string {
    return this.banner === undefined ? this.prompt : '';
  }

  private execute(line: string): void {
    if (line.trim() === '') return;
    if (this.context.mode === 'exec') this.runExec(line, 0);
    else this.runConfig(line);
  }

  // ---- configuration modes -----------------------------------------------------------------------

  private get config(): RouterConfig {
    return this.opts.router.config;
  }

  private runConfig(line: string): void {
    if (line.trimStart().startsWith('!')) return;
    const before = this.config;
    const r = applyLine(before, this.context, line);
    if (!r.ok) {
      // The three parse answers are followed by a blank line; IOS's semantic messages are not.
      if (r.kind === 'semantic' && r.message !== MSG_INVALID) this.write(`${r.message}\n`);
      else this.parseError(r.offset, r.message, true);
      return;
    }
    for (const w of r.warnings) this.write(`${w.message}\n`);
    if (r.doLine !== undefined) {
      this.runExec(r.doLine, tokenize(line)[1]?.offset ?? line.length, 15);
      return;
    }
    // `exit` from global configuration and `end` leave configuration mode (apply.ts keeps the loader
    // in global configuration for `exit`, which a file needs and a session does not).
    if (r.end === true || (r.ast.cmd.k === 'exit' && this.context.mode === 'config')) {
      this.leaveConfig();
      return;
    }
    let next = r.config;
    const cmd = r.ast.cmd;
    if (cmd.k === 'banner' && r.ast.neg === undefined && cmd.text !== undefined) {
      const start = bannerStart(cmd.text);
      if (!start.closed) {
        this.banner = { which: cmd.which, delimiter: start.delimiter, parts: [start.body] };
        this.write(`Enter TEXT message.  End with the character '${start.delimiter}'.\n`);
        this.context = r.context;
        return;
      }
      next = { ...next, banners: { ...next.banners, [cmd.which]: start.body } };
    }
    this.commit(before, next);
    this.context = r.context;
  }

  private bannerLine(line: string): void {
    const b = this.banner as BannerEntry;
    const end = line.indexOf(b.delimiter);
    if (end < 0) {
      b.parts.push(line);
      return;
    }
    b.parts.push(line.slice(0, end));
    this.banner = undefined;
    const before = this.config;
    this.commit(before, { ...before, banners: { ...before.banners, [b.which]: b.parts.join('\n') } });
  }

  /** Applies a new model live and remembers which addresses were typed here. */
  private commit(before: RouterConfig, next: RouterConfig): void {
    if (next === before) return;
    const old = new Map(before.interfaces.map((i) => [i.name, i.ipv4]));
    for (const i of next.interfaces) {
      const was = old.get(i.name);
      if (was?.address !== i.ipv4?.address || was?.prefixLength !== i.ipv4?.prefixLength) this.shared.manualAddresses.add(i.name);
    }
    this.opts.router.applyConfig(next);
  }

  private enterConfig(): void {
    this.write(`${ENTER_CONFIG}\n`);
    this.context = CONFIG;
    this.configHistory.reset();
  }

  /** `end`, Ctrl-Z, `exit` from (config)#: back to `R1#`, logged as IOS logs it (spec §6.9). */
  private leaveConfig(): void {
    this.context = { mode: 'exec' };
    this.banner = undefined;
    const by = this.by;
    this.opts.log?.log({
      atMs: this.opts.clock.now(),
      facility: 'SYS',
      severity: 5,
      mnemonic: 'CONFIG_I',
      text: `Configured from console by ${by}`,
    });
  }

  /** Who this session is in IOS's log messages: `console`, `admin on vty0 (10.0.0.9)`. */
  private get by(): string {
    const l = this.line;
    return l.kind === 'con' ? 'console' : `${l.user ?? 'vty'} on vty${l.number}${l.location !== undefined ? ` (${l.location})` : ''}`;
  }

  // ---- EXEC --------------------------------------------------------------------------------------

  /**
   * Runs an EXEC line. `shift` is where the line starts in what was typed (after `do `), so the
   * caret lands under the right column; `privilege` overrides the session's level for `do`.
   */
  private runExec(line: string, shift: number, privilege = this.privilege): void {
    const split = splitPipe(line);
    const parsed = parseLine('exec', split.command);
    if (!parsed.ok) {
      const first = parsed.tokens[0];
      if (parsed.error.kind === 'invalid' && first !== undefined && parsed.error.offset === first.offset) {
        this.unknown(split.command, shift);
      } else this.parseError(shift + parsed.error.offset, parsed.error.message, true);
      return;
    }
    const cmd = parsed.ast.cmd;
    if (cmd.k !== 'exec') return;
    const { path, args } = cmd;
    const allowed = allowedAt(privilege, path);
    if (!allowed.ok) {
      if (allowed.word === 0) this.unknown(split.command, shift);
      else this.parseError(shift + (parsed.tokens[allowed.word]?.offset ?? 0), MSG_INVALID, true);
      return;
    }
    let filter: OutputFilter | undefined;
    if (split.modifier !== undefined) {
      const f = parseFilter(split.modifier, split.modifierOffset);
      if (!f.ok) {
        this.parseError(shift + f.offset, f.message, true);
        return;
      }
      filter = f.filter;
    }
    const inConfig = this.context.mode !== 'exec';
    switch (path[0]) {
      case 'enable':
        if (!inConfig) this.enable();
        return;
      case 'disable':
        if (!inConfig && this.privilege > 1) this.privilege = 1;
        return;
      case 'configure':
        if (inConfig) return;
        if (path[1] === 'terminal') this.enterConfig();
        else this.askConfigure();
        return;
      case 'exit':
      case 'logout':
        if (!inConfig) this.close();
        return;
      default:
        break;
    }
    const modifierWord = split.modifierOffset + (/^\s*/.exec(split.modifier ?? '')?.[0].length ?? 0);
    const run = (): void => this.show(runExecCommand(this.execEnv(privilege), path, args, parsed.tokens), filter, shift + modifierWord);
    const reading = readsTables(path) ? this.opts.providers?.freshen?.() : undefined;
    if (reading === undefined) run();
    else this.afterRead(reading, run);
  }

  /**
   * Runs `run` once the providers' tables are read (the kernel's, under `vipr run`): the session is
   * busy meanwhile, as during a ping, and draws the prompt itself afterwards.
   */
  private afterRead(reading: Promise<void>, run: () => void): void {
    const token = { kind: 'running' as const, abort: (): void => undefined };
    this.state = token;
    // A failed read shows what the snapshot holds: the command still answers.
    void reading
      .catch(() => undefined)
      .then(() => {
        if (this.state !== token || this.closed) return;
        this.state = { kind: 'line' };
        run();
        if (this.state.kind === 'line') this.write(this.linePrompt());
        this.resume();
      });
  }

  private unknown(command: string, shift: number): void {
    const u = unknownCommand(this.config, tokenize(command));
    if (u.kind === 'caret') this.parseError(shift + u.offset, MSG_INVALID, true);
    else this.write(u.text);
  }

  private show(outcome: ExecOutcome, filter: OutputFilter | undefined, filterOffset: number): void {
    switch (outcome.kind) {
      case 'error':
        this.parseError(outcome.offset, outcome.message, true);
        return;
      case 'ask':
        this.ask(outcome.prompt, outcome.secret, (reply) => this.show(outcome.answer(reply), filter, filterOffset));
        return;
      case 'stream':
        this.stream(outcome.run);
        return;
      case 'output': {
        let text = outcome.text;
        if (filter?.kind === 'json') {
          if (outcome.json === undefined) {
            this.parseError(filterOffset, MSG_INVALID, true);
            return;
          }
          text = `${JSON.stringify(outcome.json(), null, 2)}\n`;
        }
        const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
        this.page(filter === undefined || filter.kind === 'json' ? lines : applyFilter(lines, filter));
        return;
      }
    }
  }

  /**
   * A command that prints as it goes (ping, traceroute): the prompt comes back when it ends; its
   * output may arrive later, on the clock, so every write is flushed at once.
   */
  private stream(run: (io: { write(text: string): void; end(): void }) => () => void): void {
    let ended = false;
    const token = { kind: 'running' as const, abort: (): void => abort() };
    let abort = (): void => undefined;
    const write = (t: string): void => {
      if (ended || this.closed) return;
      this.write(t);
      if (!this.inInput) this.flush();
    };
    let starting = true;
    this.state = token;
    abort = run({
      write,
      end: () => {
        if (ended) return;
        ended = true;
        if (this.state !== token) return;
        this.state = { kind: 'line' };
        // Ended at once: the caller draws the prompt as after any command.
        if (starting) return;
        this.write(this.prompt);
        this.resume();
      },
    });
    starting = false;
  }

  /** After a command that ran on its own (not inside `input`): shows what it wrote, then types what was typed ahead. */
  private resume(): void {
    if (this.inInput) return;
    this.flushLog();
    this.flush();
    // The keys go where they would have gone: the line, or a pager the command opened.
    if (this.typeahead.length === 0 || this.state.kind === 'running' || this.state.kind === 'closed') return;
    const keys = Uint8Array.from(this.typeahead);
    this.typeahead = [];
    this.input(keys);
  }

  private page(lines: readonly string[]): void {
    if (lines.length === 0) return;
    const pager = new Pager(lines, this.terminalLength);
    this.write(pager.start());
    if (!pager.done) this.state = { kind: 'pager', pager };
  }

  private ask(prompt: string, secret: boolean, answer: (reply: string) => void): void {
    this.write(prompt);
    this.state = { kind: 'ask', secret, buffer: '', answer };
  }

  /** `configure` without a word asks where from, as IOS does. */
  private askConfigure(): void {
    this.ask('Configuring from terminal, memory, or network [terminal]? ', false, (reply) => {
      const r = reply.trim().toLowerCase();
      if (r === '' || 'terminal'.startsWith(r)) this.enterConfig();
      else this.write('?Must be "terminal", "memory" or "network"\n');
    });
  }

  /**
   * `enable`: `Password:` when an enable secret (or, without one, an enable password) is
   * configured, three tries, then `% Bad secrets`. Without either, IOS lets the console in and
   * refuses a VTY with `% No password set`.
   */
  private enable(attempt = 1): void {
    if (this.privilege >= 15) return;
    const { enableSecret, enablePassword } = this.config;
    if (enableSecret === undefined && enablePassword === undefined) {
      if (this.line.kind === 'con') this.privilege = 15;
      else this.write('% No password set\n');
      return;
    }
    this.ask('Password: ', true, (reply) => {
      const ok = enableSecret !== undefined ? verifySecret(enableSecret, reply) : revealPassword(enablePassword as NonNullable<typeof enablePassword>) === reply;
      if (ok) this.privilege = 15;
      else if (attempt < ENABLE_ATTEMPTS) this.enable(attempt + 1);
      else this.write('% Bad secrets\n\n');
    });
  }

  private execEnv(privilege: number): ExecEnv {
    const history = this.context.mode === 'exec' ? this.execHistory : this.configHistory;
    return {
      router: this.opts.router,
      clock: this.opts.clock,
      privilege,
      system: this.system,
      startup: this.opts.startup,
      logStore: this.opts.logStore,
      debug: this.shared.debug,
      manualAddresses: this.shared.manualAddresses,
      history: history.list(),
      users: () => [...this.shared.sessions].map((s) => s.userLine(s === this)),
      setTerminalLength: (n) => {
        this.terminalLength = n;
      },
      setTerminalWidth: (n) => {
        this.terminalWidth = n;
      },
      setMonitor: (on) => this.setMonitor(on),
      providers: this.opts.providers ?? {},
      by: this.by,
      log: (facility, severity, mnemonic, text) => this.opts.log?.log({ atMs: this.opts.clock.now(), facility, severity: severity as Severity, mnemonic, text }),
    };
  }

  /** This session as a row of `show users`. */
  userLine(self: boolean): UserLine {
    const l = this.line;
    return { kind: l.kind, number: l.number, user: l.user, location: l.location, idleMs: this.opts.clock.now() - this.lastInputMs, self };
  }

  get terminal(): { readonly length: number; readonly width: number; readonly monitor: boolean } {
    return { length: this.terminalLength, width: this.terminalWidth, monitor: this.monitorUnsubscribe !== undefined };
  }

  private setMonitor(on: boolean): void {
    if (on && this.monitorUnsubscribe === undefined && this.opts.logFeed !== undefined) {
      this.monitorUnsubscribe = this.opts.logFeed.subscribe((m) => this.logMessage(m));
    } else if (!on && this.monitorUnsubscribe !== undefined) {
      this.monitorUnsubscribe();
      this.monitorUnsubscribe = undefined;
    }
  }

  // ---- help and completion -----------------------------------------------------------------------

  /** The mode whose grammar answers `?` and Tab for the text before the cursor. */
  private helpTarget(text: string): { mode: Mode; text: string; privilege: number } {
    if (this.context.mode !== 'exec') {
      // After `do `, help and completion are those of privileged EXEC.
      const m = /^\s*do\s+/i.exec(text);
      if (m) return { mode: 'exec', text: text.slice(m[0].length), privilege: 15 };
    }
    return { mode: this.context.mode, text, privilege: this.privilege };
  }

  /**
   * What `?` would list at the cursor right now, as tokens (`<cr>` included), without printing
   * anything: the ink console's live hint line. Empty while the line does not parse or the session is
   * paging, asking or running a command.
   */
  hints(): string[] {
    if (this.state.kind !== 'line') return [];
    const target = this.helpTarget(this.editor.beforeCursor);
    const e = expectedAt(target.mode, target.text);
    if (!e.ok) return [];
    return this.visibleEntries(target, e.entries, e.partial).map((x) => x.token);
  }

  /** `?`: the help list or the matching words, then the prompt and the line again (spec §6.9). */
  private help(): void {
    this.echo('?');
    const before = this.editor.beforeCursor;
    const out = this.helpText(before);
    this.write(`\n${out}\n${this.linePrompt()}${this.editor.redisplay()}`);
  }

  private helpText(before: string): string {
    const target = this.helpTarget(before);
    const split = target.mode === 'exec' ? splitPipe(target.text) : undefined;
    if (split?.modifier !== undefined) return this.filterHelp(split.modifier);
    const e = expectedAt(target.mode, target.text);
    if (!e.ok) {
      const shift = before.length - target.text.length;
      return `${' '.repeat(this.prompt.length + shift + e.error.offset)}^\n${e.error.message}\n`;
    }
    let entries = this.visibleEntries(target, e.entries, e.partial);
    if (e.partial === undefined && target.mode === 'exec' && /^\s*\S+/.test(target.text) && entries.some((x) => x.token === '<cr>')) {
      const words = tokenize(target.text);
      if (parseLine('exec', target.text).ok && this.pipeAllowed(words.map((w) => w.value))) {
        entries = [...entries.filter((x) => x.token !== '<cr>'), PIPE_HELP, { token: '<cr>', help: '' }];
      }
    }
    if (entries.length === 0) return '% Unrecognized command\n';
    if (e.partial !== undefined) return `${renderHelpWords(entries)}\n`;
    return `${renderHelpList(entries).join('\n')}\n`;
  }

  /** Output modifiers apply to show commands (and `write terminal`). */
  private pipeAllowed(words: readonly string[]): boolean {
    const first = (words[0] ?? '').toLowerCase();
    return first.length >= 2 && 'show'.startsWith(first);
  }

  private filterHelp(modifier: string): string {
    const m = /^\s*(\S*)(\s*)/.exec(modifier) as RegExpExecArray;
    const word = m[1] as string;
    if (word === '') return `${renderHelpList(FILTER_HELP).join('\n')}\n`;
    if ((m[2] as string) === '' && m[0].length === modifier.length) {
      const hits = FILTER_HELP.filter((f) => f.token.startsWith(word.toLowerCase()));
      return hits.length === 0 ? '% Unrecognized command\n' : `${renderHelpWords(hits)}\n`;
    }
    return `${renderHelpList(REGEX_HELP).join('\n')}\n`;
  }

  /** User EXEC does not list what it cannot run (./commands/privilege.ts). */
  private visibleEntries(target: { mode: Mode; text: string; privilege: number }, entries: readonly HelpEntry[], partial: string | undefined): HelpEntry[] {
    if (target.mode !== 'exec' || target.privilege >= 15) return [...entries];
    const words = tokenize(target.text).map((t) => t.value.toLowerCase());
    const complete = partial === undefined ? words.length : words.length - 1;
    if (complete === 0) return entries.filter((x) => USER_EXEC_COMMANDS.has(x.token));
    if (complete === 1 && 'show'.startsWith(words[0] ?? '') && (words[0] ?? '').length >= 2) return entries.filter((x) => USER_SHOW_COMMANDS.has(x.token));
    return [...entries];
  }

  /** Tab: completes the word before the cursor when it is the prefix of exactly one keyword. */
  private tab(): void {
    if (this.editor.cursor !== this.editor.line.length) return;
    const before = this.editor.line;
    const target = this.helpTarget(before);
    let done = completeLine(target.mode, target.text);
    if (done === undefined) return;
    // An interface type is completed without a blank: its number follows it directly (`GigabitEthernet0/1`).
    if (INTERFACE_TYPES.some((t) => done?.endsWith(` ${t.name} `) || done === `${t.name} `)) done = done.slice(0, -1);
    if (target.mode === 'exec' && target.privilege < 15) {
      // Never to a command the privilege level hides.
      const word = tokenize(done).at(-1)?.value ?? '';
      const e = expectedAt(target.mode, target.text);
      const visible = e.ok ? this.visibleEntries(target, e.entries, e.partial) : [];
      if (!visible.some((x) => x.token === word)) return;
    }
    this.echo(this.editor.set(before.slice(0, before.length - target.text.length) + done));
  }

  // ---- output ------------------------------------------------------------------------------------

  private parseError(column: number, message: string, blankAfter: boolean): void {
    const caret = message === MSG_INVALID ? `${' '.repeat(this.prompt.length + column)}^\n` : '';
    this.write(`${caret}${message}\n${blankAfter ? '\n' : ''}`);
  }

  private logMessage(m: SyslogMessage): void {
    this.pendingLog.push(formatSyslogLine(m));
    if (!this.inInput) {
      this.flushLog();
      this.flush();
    }
  }

  /** Live log lines, shown between prompts with the prompt and the line drawn again after them. */
  private flushLog(): void {
    if (this.pendingLog.length === 0 || this.state.kind !== 'line' || this.banner !== undefined) return;
    const lines = this.pendingLog.splice(0);
    this.write(`\n${lines.join('\n')}\n${this.prompt}${this.editor.redisplay()}`);
  }

  private echo(s: string): void {
    if (s !== '' && this.opts.echo !== false) this.out.push(s);
  }

  private write(s: string): void {
    if (s !== '') this.out.push(s);
  }

  private flush(): void {
    if (this.out.length === 0) return;
    let text = this.out.join('');
    this.out = [];
    if (this.opts.crlf !== false) text = text.replace(/\r?\n/g, '\r\n');
    this.opts.output(Buffer.from(text, 'latin1'));
  }
}

/** Bytes of type-ahead kept while a command runs: a pasted configuration's worth. */
const TYPEAHEAD_LIMIT = 64 * 1024;

function isPlain(b: number): boolean {
  return b >= 0x20 && b < 0x7f && b !== 0x3f;
}

/** Exec commands that show the providers' tables (interfaces, routes, neighbours) or reset them. */
function readsTables(path: readonly string[]): boolean {
  const [a, b, c] = path;
  if (a === 'clear') return b === 'counters';
  if (a !== 'show') return false;
  if (b === 'interfaces' || b === 'arp') return true;
  return (b === 'ip' || b === 'ipv6') && (c === 'route' || c === 'interface');
}
