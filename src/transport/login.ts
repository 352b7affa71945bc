/**
 * Who may log in, at which privilege level, and how fast a wrong guess is answered.
 *
 * Credentials come from the configuration as IOS reads them: `username NAME [privilege N]
 * secret|password …` for `login local`, the line's own `password` for `login`. A configuration without
 * any `username` line accepts `admin`/`admin` at privilege 15, the account containerlab's Cisco kinds
 * are bootstrapped with (ecosystem §2), so `ssh admin@r1` works on a router started from an empty or
 * minimal startup-config; the first `username` line typed or loaded ends that.
 */
import { hashType8, revealPassword, verifySecret } from '../model/passwords.js';
import type { Line, RouterConfig, User } from '../model/types.js';
import type { Clock } from '../runtime/clock.js';

export const IMPLICIT_USER = 'admin';
export const IMPLICIT_PASSWORD = 'admin';

export type LoginResult = { readonly ok: true; readonly user: string | undefined; readonly privilege: number } | { readonly ok: false };

/** How the line authenticates: its `login` setting, read for the transport at hand. */
export type LoginMode = 'local' | 'line' | 'none';

/**
 * SSH always authenticates: a line without `login` (the model's default) is treated as `login local`,
 * because a network appliance that lets anyone in over the management network is not what anybody
 * deploying it wants (and IOS itself needs local or AAA authentication for SSH).
 */
export function sshLoginMode(line: Line | undefined): Exclude<LoginMode, 'none'> {
  return line?.login === 'line' ? 'line' : 'local';
}

/** The console follows the line exactly: no `login`, no questions. */
export function consoleLoginMode(line: Line | undefined): LoginMode {
  return line?.login ?? 'none';
}

/** A secret nobody knows, so an unknown user costs the same hashing time as a known one. */
let decoy: string | undefined;

function findUser(config: RouterConfig, name: string): User | undefined {
  // IOS usernames are case-sensitive.
  return config.users.find((u) => u.name === name);
}

/** Checks one username/password pair; `mode` 'none' admits anybody at the line's level. */
export function checkLogin(config: RouterConfig, line: Line | undefined, mode: LoginMode, username: string, password: string): LoginResult {
  const linePrivilege = line?.privilegeLevel ?? 1;
  switch (mode) {
    case 'none':
      return { ok: true, user: username === '' ? undefined : username, privilege: linePrivilege };
    case 'line': {
      const p = line?.password;
      // `login` without a `password` on the line: IOS refuses everybody ("Password required, but none set").
      if (p === undefined || revealPassword(p) !== password) return { ok: false };
      return { ok: true, user: username === '' ? undefined : username, privilege: linePrivilege };
    }
    case 'local': {
      if (config.users.length === 0) {
        return username === IMPLICIT_USER && password === IMPLICIT_PASSWORD ? { ok: true, user: IMPLICIT_USER, privilege: 15 } : { ok: false };
      }
      const user = findUser(config, username);
      if (user === undefined) {
        decoy ??= hashType8(Math.random().toString(36));
        verifySecret({ type: 8, hash: decoy }, password);
        return { ok: false };
      }
      const c = user.credential;
      const ok = c.kind === 'nopassword' || (c.kind === 'secret' ? verifySecret(c.secret, password) : revealPassword(c.password) === password);
      return ok ? { ok: true, user: user.name, privilege: user.privilege ?? linePrivilege } : { ok: false };
    }
  }
}

export interface ThrottlePolicy {
  /** The delay before answering the first failure from an address. */
  readonly baseDelayMs: number;
  /** Each further failure doubles the delay, up to this. */
  readonly maxDelayMs: number;
  /** An address with no failure for this long starts again from the base delay. */
  readonly forgetAfterMs: number;
  /** Addresses remembered at most (the oldest are forgotten first), so a scan cannot exhaust memory. */
  readonly maxAddresses: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = { baseDelayMs: 500, maxDelayMs: 16_000, forgetAfterMs: 15 * 60_000, maxAddresses: 4096 };

/**
 * Slows password guessing: every failed attempt from a source address is answered later than the
 * previous one (exponential, capped), across connections, so opening a new connection per guess does
 * not help. A success from the address clears its record.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; lastMs: number }>();

  constructor(
    private readonly clock: Clock,
    readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
  ) {}

  /** Records a failure; returns how long to wait before telling the client. */
  failed(address: string): number {
    const now = this.clock.now();
    const prev = this.failures.get(address);
    const count = prev !== undefined && now - prev.lastMs < this.policy.forgetAfterMs ? prev.count + 1 : 1;
    // Re-inserting moves the address to the end of the map's order, which is what eviction relies on.
    this.failures.delete(address);
    this.failures.set(address, { count, lastMs: now });
    while (this.failures.size > this.policy.maxAddresses) {
      const oldest = this.failures.keys().next();
      if (oldest.done === true) break;
      this.failures.delete(oldest.value);
    }
    return Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** Math.min(count - 1, 30));
  }

  succeeded(address: string): void {
    this.failures.delete(address);
  }

  /** Failures remembered for an address (tests, `show` later). */
  failuresOf(address: string): number {
    return this.failures.get(address)?.count ?? 0;
  }
}
