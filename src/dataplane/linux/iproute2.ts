/**
 * A small adapter over iproute2 (DESIGN D3): `ip -json …` for reading the kernel's state and
 * `ip -force -batch -` for changing it, run with execFile (no shell, so no quoting of device names
 * or addresses can go wrong), optionally inside a named network namespace (`ip -n NS`).
 *
 * Batching matters for failover speed: taking a VIP (several `addr replace` lines) is one process
 * start, a few milliseconds, instead of one per address. With `-force` iproute2 runs every line and
 * reports each failing one as `Command failed -:N` after its message, so one missing address does
 * not stop the others and every failure can be matched to the line that caused it.
 */
import { execFile } from 'node:child_process';

export interface Iproute2Options {
  /** A named network namespace (`ip netns add NS`); undefined: the namespace vipr runs in. */
  readonly netns?: string | undefined;
  /** The `ip` binary; default `ip` from PATH. */
  readonly binary?: string | undefined;
  /** Kill a command that has not finished after this long; default 10 s. */
  readonly timeoutMs?: number | undefined;
}

/** One line of a batch that the kernel or iproute2 rejected. */
export interface BatchFailure {
  /** 1-based, as iproute2 counts */
  readonly line: number;
  readonly command: string;
  /** iproute2's message, e.g. `RTNETLINK answers: File exists` or `Cannot find device "eth9"` */
  readonly message: string;
}

export interface BatchResult {
  readonly failures: readonly BatchFailure[];
  readonly elapsedMs: number;
}

/** A failed `ip` run; the message names the whole command so logs say what was attempted. */
export class IpCommandError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly failures: readonly BatchFailure[] = [],
  ) {
    super(`${command}: ${failures.length > 0 ? failures.map((f) => `${f.command}: ${f.message}`).join('; ') : stderr.trim() || `exit status ${String(exitCode)}`}`);
    this.name = 'IpCommandError';
  }
}

/** `ip -json -details link show`, the fields vipr reads. */
export interface IpLink {
  readonly ifindex: number;
  readonly ifname: string;
  readonly flags: readonly string[];
  readonly mtu: number;
  readonly operstate?: string;
  readonly address?: string;
  /** the lower device (`eth1` for `eth1.10` or a macvlan), when it is in the same namespace */
  readonly link?: string | null;
  /** set when the lower device lives in another namespace (a container's macvlan of a host NIC) */
  readonly link_netnsid?: number;
  readonly ifalias?: string;
  readonly linkinfo?: {
    readonly info_kind?: string;
    readonly info_data?: { readonly mode?: string; readonly id?: number; readonly protocol?: string };
    readonly info_slave_kind?: string;
  };
  readonly inet6_addr_gen_mode?: string;
  readonly proto_down?: boolean;
}

export interface IpAddrInfo {
  readonly family: 'inet' | 'inet6' | string;
  readonly local: string;
  readonly prefixlen: number;
  readonly scope?: string;
  readonly label?: string;
  readonly secondary?: boolean;
  readonly dynamic?: boolean;
  readonly nodad?: boolean;
  readonly tentative?: boolean;
  readonly noprefixroute?: boolean;
}

/** `ip -json -details addr show`: a link with its addresses. */
export interface IpLinkWithAddrs extends IpLink {
  readonly addr_info: readonly IpAddrInfo[];
}

export interface IpRoute {
  /** `default`, `10.0.0.0/24`, or a host address without a length (`10.0.0.1`) */
  readonly dst: string;
  readonly gateway?: string;
  readonly dev?: string;
  readonly protocol?: string;
  readonly scope?: string;
  readonly type?: string;
  readonly metric?: number;
  readonly flags: readonly string[];
  readonly prefsrc?: string;
  readonly table?: string;
  readonly nexthops?: readonly { readonly gateway?: string; readonly dev?: string; readonly flags?: readonly string[] }[];
}

export class Iproute2 {
  readonly netns: string | undefined;
  private readonly binary: string;
  private readonly timeoutMs: number;

  constructor(options: Iproute2Options = {}) {
    this.netns = options.netns;
    this.binary = options.binary ?? 'ip';
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** The full argument vector for `args`, with the namespace selector when there is one. */
  argv(args: readonly string[]): string[] {
    return this.netns === undefined ? [...args] : ['-n', this.netns, ...args];
  }

  /** The command as a person would type it, for error messages and logs. */
  describe(args: readonly string[]): string {
    return [this.binary, ...this.argv(args)].map(quoteArg).join(' ');
  }

  /** Runs `ip ARGS`; resolves with stdout, rejects with an IpCommandError naming the command. */
  async run(args: readonly string[], input?: string): Promise<string> {
    const { stdout, stderr, code } = await this.spawn(this.argv(args), input);
    if (code !== 0) throw new IpCommandError(this.describe(args), code, stderr);
    return stdout;
  }

  /** `ip -json ARGS`, parsed. An empty answer (nothing matched) is `[]`. */
  async json<T>(args: readonly string[]): Promise<T> {
    const out = await this.run(['-json', ...args]);
    const text = out.trim();
    if (text === '') return [] as unknown as T;
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new IpCommandError(this.describe(['-json', ...args]), 0, `unparseable JSON: ${(e as Error).message}`);
    }
  }

  /**
   * Runs the lines as one `ip -force -batch -` process. Every line runs; the failing ones come back
   * in `failures` (the promise only rejects when `ip` itself could not run or was killed). Each
   * argument is quoted for iproute2's batch tokenizer, so device aliases with spaces survive.
   */
  async batch(lines: readonly (readonly string[])[]): Promise<BatchResult> {
    const started = performance.now();
    if (lines.length === 0) return { failures: [], elapsedMs: 0 };
    const text = lines.map((l) => l.map(batchArg).join(' ')).join('\n') + '\n';
    const args = ['-force', '-batch', '-'];
    const { stderr, code } = await this.spawn(this.argv(args), text);
    const failures = parseBatchFailures(stderr, lines.map((l) => l.join(' ')));
    if (code !== 0 && failures.length === 0) throw new IpCommandError(`${this.describe(args)} <<< ${JSON.stringify(text)}`, code, stderr);
    return { failures, elapsedMs: performance.now() - started };
  }

  /** Like batch, but rejects when any line failed. */
  async batchOrThrow(lines: readonly (readonly string[])[]): Promise<BatchResult> {
    const result = await this.batch(lines);
    if (result.failures.length > 0) throw new IpCommandError(this.describe(['-force', '-batch', '-']), 1, '', result.failures);
    return result;
  }

  links(): Promise<IpLink[]> {
    return this.json<IpLink[]>(['-details', 'link', 'show']);
  }

  /** Links with their addresses, one exec: everything interface reconciliation needs to know. */
  addresses(): Promise<IpLinkWithAddrs[]> {
    return this.json<IpLinkWithAddrs[]>(['-details', 'addr', 'show']);
  }

  async routes(family: 4 | 6, filter: readonly string[] = []): Promise<IpRoute[]> {
    const routes = await this.json<(Omit<IpRoute, 'flags'> & { flags?: string[] })[]>([family === 4 ? '-4' : '-6', 'route', 'show', ...filter]);
    return routes.map((r) => ({ ...r, flags: r.flags ?? [] }));
  }

  private spawn(argv: readonly string[], input: string | undefined): Promise<{ stdout: string; stderr: string; code: number | null }> {
    return new Promise((resolve, reject) => {
      const child = execFile(this.binary, argv, { timeout: this.timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
        if (error && typeof (error as NodeJS.ErrnoException).code === 'string') {
          // ENOENT and friends: `ip` itself could not be started.
          reject(new IpCommandError(this.describe(argv.slice(this.netns === undefined ? 0 : 2)), null, error.message));
          return;
        }
        if (error && error.killed) {
          reject(new IpCommandError(this.describe(argv.slice(this.netns === undefined ? 0 : 2)), null, `killed after ${this.timeoutMs} ms`));
          return;
        }
        resolve({ stdout, stderr, code: error ? (typeof error.code === 'number' ? error.code : 1) : 0 });
      });
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(input ?? '');
    });
  }
}

/**
 * iproute2 prints a failing batch line's messages first and `Command failed -:N` after them
 * (lib/utils.c, do_batch); everything between two such markers belongs to the later one.
 */
export function parseBatchFailures(stderr: string, commands: readonly string[]): BatchFailure[] {
  const failures: BatchFailure[] = [];
  let pending: string[] = [];
  for (const raw of stderr.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const m = /^Command failed (?:-|\S+):(\d+)$/.exec(line);
    if (m) {
      const n = Number(m[1]);
      failures.push({ line: n, command: commands[n - 1] ?? `line ${n}`, message: pending.join('; ') || 'failed' });
      pending = [];
    } else pending.push(line);
  }
  return failures;
}

/**
 * Quoting for iproute2's batch reader (lib/utils.c): getcmdline cuts every line at the first `#`,
 * quotes or not, and makeargs groups words in double quotes without escapes (an unterminated quote
 * makes `ip` exit, dropping the rest of the batch). So `#`, `"`, `\` and newlines cannot be passed.
 */
function batchArg(arg: string): string {
  if (/["\n\\#]/.test(arg)) throw new TypeError(`iproute2 batch argument cannot contain '#', '"', '\\' or newlines: ${JSON.stringify(arg)}`);
  return arg === '' || /[\s']/.test(arg) ? `"${arg}"` : arg;
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `10.0.0.1` → `10.0.0.1/32`, `default` → `0.0.0.0/0` (or `::/0`): the form vipr compares routes in. */
export function routeDestination(dst: string, family: 4 | 6): string {
  if (dst === 'default') return family === 4 ? '0.0.0.0/0' : '::/0';
  return dst.includes('/') ? dst : `${dst}/${family === 4 ? 32 : 128}`;
}
