/**
 * Terminal lines as IOS accounts for them: every remote session occupies one `vty N` of the
 * configured `line vty` ranges (the lowest free one whose `transport input` admits the protocol), the
 * line's settings apply to it, and an idle session is closed after the line's `exec-timeout`.
 */
import type { CliSession } from '../cli/session.js';
import type { Line, LineKind, RouterConfig } from '../model/types.js';
import type { Clock, TimerHandle } from '../runtime/clock.js';

/**
 * The `line` block whose settings apply to `kind number`. The model keeps the blocks as written, so
 * `line vty 0 4` and a later `line vty 0 1` may both cover vty 0; the narrowest block is the one
 * written to single those lines out, and wins (the later one on a tie).
 */
export function lineFor(config: RouterConfig, kind: LineKind, number: number): Line | undefined {
  let best: Line | undefined;
  for (const l of config.lines) {
    if (l.kind !== kind || number < l.first || number > (l.last ?? l.first)) continue;
    if (best === undefined || (l.last ?? l.first) - l.first <= (best.last ?? best.first) - best.first) best = l;
  }
  return best;
}

/** `transport input`: unset admits everything (vipr's default; SSH must work out of the box). */
export function transportAllowed(line: Line, protocol: 'ssh' | 'telnet'): boolean {
  const t = line.transportInput;
  return t === undefined || t.includes('all') || t.includes(protocol);
}

/** IOS's default exec-timeout, 10 minutes, on the console and on every VTY. */
export const DEFAULT_EXEC_TIMEOUT_MS = 10 * 60_000;

/** The line's exec-timeout in ms; undefined for `exec-timeout 0 0` (never). */
export function execTimeoutMs(line: Line | undefined): number | undefined {
  const t = line?.execTimeout;
  if (t === undefined) return DEFAULT_EXEC_TIMEOUT_MS;
  const ms = (t.minutes * 60 + t.seconds) * 1000;
  return ms === 0 ? undefined : ms;
}

/** Which VTY numbers are taken, shared by every remote transport of one router. */
export class VtyPool {
  private readonly busy = new Set<number>();

  /** The lowest free configured vty whose line admits the protocol, now marked busy; undefined when none. */
  claim(config: RouterConfig, protocol: 'ssh' | 'telnet'): number | undefined {
    const n = this.peek(config, protocol);
    if (n !== undefined) this.busy.add(n);
    return n;
  }

  /** The line claim() would give, without taking it (to pick the login rules before a session exists). */
  peek(config: RouterConfig, protocol: 'ssh' | 'telnet'): number | undefined {
    const numbers = new Set<number>();
    for (const l of config.lines) if (l.kind === 'vty') for (let n = l.first; n <= (l.last ?? l.first); n++) numbers.add(n);
    for (const n of [...numbers].sort((a, b) => a - b)) {
      if (this.busy.has(n)) continue;
      const line = lineFor(config, 'vty', n);
      if (line !== undefined && transportAllowed(line, protocol)) return n;
    }
    return undefined;
  }

  release(n: number): void {
    this.busy.delete(n);
  }

  get inUse(): number {
    return this.busy.size;
  }
}

/** Re-checks a disabled timeout this often, so `exec-timeout` typed later still takes effect. */
const DISABLED_RECHECK_MS = 60_000;

/**
 * Closes a session once it has had no input for the line's exec-timeout (output, such as `terminal
 * monitor` lines, does not count, as on IOS). The timeout is read again at every check, so changing
 * `exec-timeout` under `line vty` applies to the sessions already open. One timer per session, re-armed
 * only when it fires, rather than on every keystroke.
 */
export class IdleWatch {
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly session: CliSession,
    private readonly timeoutMs: () => number | undefined,
    private readonly onIdle: () => void,
  ) {
    this.arm(this.timeoutMs() ?? DISABLED_RECHECK_MS);
  }

  private arm(ms: number): void {
    this.timer = this.clock.setTimer(Math.max(1, ms), () => this.check());
  }

  private check(): void {
    this.timer = undefined;
    if (this.stopped || this.session.closed) return;
    const limit = this.timeoutMs();
    if (limit === undefined) {
      this.arm(DISABLED_RECHECK_MS);
      return;
    }
    const idle = this.session.userLine(false).idleMs;
    if (idle >= limit) {
      this.stop();
      this.onIdle();
    } else this.arm(limit - idle);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
  }
}
