/**
 * Network namespaces for tests that need real Linux links (DESIGN: "Interop tests create their own
 * network namespaces and clean them up even on failure").
 *
 * Every namespace is named `vipr-t-<pid>-<n>-<tag>`: unique per test run and per lab, and carrying the
 * pid of the process that made it, so a later run can sweep what a crashed (SIGKILLed) run left behind
 * without touching the namespaces of a run that is still going in parallel. Links are created inside
 * the namespaces (`ip -n NS link add ... peer ... netns NS2`), so their names never meet the host's.
 * Removing a namespace removes its veths, bridges and macvlans with it, once no process is left in it:
 * cleanup() therefore kills the lab's children first.
 *
 * Code runs inside a namespace as a child process under `ip netns exec NS` (which also mounts that
 * namespace's own /sys); a TypeScript agent started with node() answers JSON requests on stdio.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './tshark.js';
import { processAlive } from '../../src/runtime/process.js';

export const NETNS_PREFIX = 'vipr-t-';
const NAME = /^vipr-t-(\d+)-\d+-/;

function run(cmd: string, args: readonly string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs a command and tolerates failure (cleanup paths). */
function tryRun(cmd: string, args: readonly string[]): void {
  try {
    run(cmd, args);
  } catch {
    // already gone
  }
}

function listNamespaces(): string[] {
  try {
    return readdirSync('/run/netns');
  } catch {
    return [];
  }
}

/** Removes the namespaces of earlier runs whose process is gone. Returns their names. */
export function sweepStaleNamespaces(): string[] {
  const swept: string[] = [];
  for (const ns of listNamespaces()) {
    const m = NAME.exec(ns);
    if (m === null || Number(m[1]) === process.pid || processAlive(Number(m[1]))) continue;
    killNamespaceProcesses(ns);
    tryRun('ip', ['netns', 'del', ns]);
    swept.push(ns);
  }
  return swept;
}

function killNamespaceProcesses(ns: string): void {
  let pids: string[] = [];
  try {
    pids = run('ip', ['netns', 'pids', ns]).split(/\s+/).filter((p) => p.length > 0);
  } catch {
    return;
  }
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
}

let labCounter = 0;
const openLabs = new Set<NetnsLab>();
let exitHookInstalled = false;

/** A set of namespaces, their links and the processes running in them, removed together. */
export class NetnsLab {
  readonly id: string;
  private readonly namespaces: string[] = [];
  private readonly children = new Set<ChildProcess>();
  private readonly agents = new Set<NodeAgent>();

  constructor(tag: string) {
    if (!/^[a-z0-9-]{1,20}$/.test(tag)) throw new Error(`lab tag ${tag}: lowercase letters, digits and dashes`);
    this.id = `${NETNS_PREFIX}${process.pid}-${++labCounter}-${tag}`;
    openLabs.add(this);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      // Last resort when a test file dies without its afterAll: synchronous, so it runs on 'exit'.
      process.on('exit', () => {
        for (const lab of openLabs) lab.cleanupSync();
      });
    }
  }

  /**
   * Creates namespace `<id>-<short>` with lo up. IPv6 is off by default on every link created in it
   * (no DAD, router solicitations or MLD reports), so captures hold only what the test sent; raw
   * IPv6 frames still flow, the kernel just does not speak IPv6 itself.
   */
  namespace(short: string, options: { ipv6?: boolean } = {}): string {
    const ns = `${this.id}-${short}`;
    run('ip', ['netns', 'add', ns]);
    this.namespaces.push(ns);
    run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    if (options.ipv6 !== true) {
      this.exec(ns, 'sysctl', ['-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
    }
    return ns;
  }

  /** `ip -n NS ARGS...` */
  ip(ns: string, ...args: string[]): string {
    return run('ip', ['-n', ns, ...args]);
  }

  /** Runs a command inside the namespace and returns its stdout. */
  exec(ns: string, cmd: string, args: readonly string[] = []): string {
    return run('ip', ['netns', 'exec', ns, cmd, ...args]);
  }

  /** A veth pair from `a` in nsA to `b` in nsB, both up. */
  veth(nsA: string, a: string, nsB: string, b: string): void {
    run('ip', ['-n', nsA, 'link', 'add', a, 'type', 'veth', 'peer', 'name', b, 'netns', nsB]);
    this.ip(nsA, 'link', 'set', a, 'up');
    this.ip(nsB, 'link', 'set', b, 'up');
  }

  /**
   * A bridge with the given ports, up. Multicast snooping is off: a snooping bridge drops FHRP
   * multicast for want of IGMP/MLD reports (ecosystem §1, "bridge multicast snooping"). Where
   * br_netfilter is loaded (container hosts), bridged IP packets go through iptables and are trimmed
   * to their IP length on the way, Ethernet padding included; the lab bridge is a plain wire, so the
   * namespace's bridge-nf-call-* switches are turned off.
   */
  bridge(ns: string, name: string, ports: readonly string[]): void {
    this.exec(ns, 'sh', ['-c', 'for f in /proc/sys/net/bridge/bridge-nf-call-*; do [ -e "$f" ] && echo 0 > "$f"; done; true']);
    this.ip(ns, 'link', 'add', name, 'type', 'bridge', 'mcast_snooping', '0');
    for (const p of ports) this.ip(ns, 'link', 'set', p, 'master', name);
    this.ip(ns, 'link', 'set', name, 'up');
  }

  /** A macvlan child of `lower`, up. */
  macvlan(ns: string, lower: string, name: string, mode: 'bridge' | 'private' | 'vepa' | 'passthru' = 'bridge'): void {
    this.ip(ns, 'link', 'add', name, 'link', lower, 'type', 'macvlan', 'mode', mode);
    this.ip(ns, 'link', 'set', name, 'up');
  }

  /** Starts a process inside the namespace; it is killed by cleanup(). */
  spawn(ns: string, cmd: string, args: readonly string[]): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', ns, cmd, ...args], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /**
   * Runs a TypeScript agent (see NodeAgent) inside the namespace; `wrapper` is a command prefix such
   * as `['setpriv', '--bounding-set', '-net_raw']` (it must exec node, so that the pid stays the agent's).
   */
  async node(ns: string, script: string, options: { args?: readonly string[]; wrapper?: readonly string[] } = {}): Promise<NodeAgent> {
    const [cmd, ...prefix] = [...(options.wrapper ?? []), process.execPath];
    const child = this.spawn(ns, cmd!, [...prefix, '--import', 'tsx', script, ...(options.args ?? [])]);
    const agent = new NodeAgent(child, `${script} in ${ns}`);
    this.agents.add(agent);
    await agent.ready;
    return agent;
  }

  /** Kills the children, then deletes the namespaces (and with them every link in them). */
  async cleanup(): Promise<void> {
    const exits = [...this.children].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) resolve();
          else {
            c.once('exit', () => resolve());
            // `ip netns exec` execs the command, so the child's pid is the process itself.
            c.kill('SIGKILL');
          }
        }),
    );
    await Promise.all(exits);
    this.cleanupSync();
  }

  private cleanupSync(): void {
    for (const c of this.children) c.kill('SIGKILL');
    for (const ns of this.namespaces.splice(0)) {
      killNamespaceProcesses(ns);
      tryRun('ip', ['netns', 'del', ns]);
    }
    openLabs.delete(this);
  }
}

export interface AgentEvent {
  readonly event: string;
  readonly [key: string]: unknown;
}

/**
 * A child node process speaking JSON lines: requests `{ id, op, ...params }`, answers
 * `{ id, ok: true, result }` or `{ id, ok: false, error: { code, message } }`, and unsolicited
 * events `{ event, ... }` which are kept in order for waitFor(). The child writes `{ event: 'ready' }`
 * once it listens.
 */
export class NodeAgent {
  readonly events: AgentEvent[] = [];
  readonly ready: Promise<void>;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly waiters = new Set<() => void>();
  private stderr = '';
  private exited: string | undefined;

  constructor(
    private readonly child: ChildProcess,
    private readonly name: string,
  ) {
    let markReady: () => void = () => {};
    let failReady: (e: Error) => void = () => {};
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    child.stderr?.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      let msg: { id?: number; ok?: boolean; result?: unknown; error?: { code?: string; message?: string }; event?: string };
      try {
        msg = JSON.parse(line) as typeof msg;
      } catch {
        this.stderr += `${line}\n`;
        return;
      }
      if (msg.event === 'ready') markReady();
      if (msg.event !== undefined) {
        this.events.push(msg as AgentEvent);
        for (const w of [...this.waiters]) w();
        return;
      }
      const p = msg.id === undefined ? undefined : this.pending.get(msg.id);
      if (p === undefined) return;
      this.pending.delete(msg.id!);
      if (msg.ok === true) p.resolve(msg.result);
      else p.reject(Object.assign(new Error(msg.error?.message ?? 'agent error'), { code: msg.error?.code }));
    });
    child.once('exit', (code, signal) => {
      this.exited = `${this.name} exited (${code ?? signal})${this.stderr ? `: ${this.stderr.trim()}` : ''}`;
      const err = new Error(this.exited);
      failReady(err);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      for (const w of [...this.waiters]) w();
    });
  }

  request<T = unknown>(op: string, params: Record<string, unknown> = {}): Promise<T> {
    if (this.exited !== undefined) return Promise.reject(new Error(this.exited));
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.stdin!.write(`${JSON.stringify({ id, op, ...params })}\n`);
    });
  }

  /** Resolves with the first event (past or future) for which `match` holds; rejects after timeoutMs. */
  waitFor(match: (e: AgentEvent) => boolean, timeoutMs = 5000, what = 'event'): Promise<AgentEvent> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.events.find(match);
        if (found !== undefined) {
          cleanup();
          resolve(found);
          return true;
        }
        if (this.exited !== undefined) {
          cleanup();
          reject(new Error(`${what}: ${this.exited}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.name}: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter = (): void => {
        check();
      };
      if (!check()) this.waiters.add(waiter);
    });
  }

  /** Waits until `count` events match (counting past ones), returning them. */
  async waitForCount(match: (e: AgentEvent) => boolean, count: number, timeoutMs = 5000, what = 'events'): Promise<AgentEvent[]> {
    await this.waitFor(() => this.events.filter(match).length >= count, timeoutMs, `${count} ${what}`);
    return this.events.filter(match);
  }

  /** Freezes the agent (SIGSTOP): whatever the kernel reports meanwhile waits in its sockets. */
  pause(): void {
    this.child.kill('SIGSTOP');
  }

  resume(): void {
    this.child.kill('SIGCONT');
  }

  /** Forgets the events seen so far. */
  clearEvents(): void {
    this.events.length = 0;
  }
}
