/**
 * The local lab (`vipr lab up|down|status|attach`): the topology of src/lab/topology.ts built from
 * network namespaces, veth pairs and two bridges, with each router a detached `vipr run` inside its
 * namespace. For people without Docker; it needs root and iproute2, nothing else.
 *
 * Everything a lab owns is found again from two names: its namespaces (`<prefix>-<node>`) and its
 * directory, which holds a manifest (lab.json: the prefix and the routers' pids), each router's
 * startup-config (copied from lab/local/ at `up`, so `write memory` in the lab never touches the
 * shipped files), its log, CLI socket, interface state and SSH host key. `down` works from the
 * namespaces alone when the directory is gone, so a half-built lab can always be removed.
 */
import { spawn } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { processAlive } from '../runtime/process.js';
import { runRemoteCommands, UnreachableError } from '../transport/local-socket.js';
import { hsrpGroups, judge, vrrpGroups, type GroupState, type Verdict } from './elections.js';
import { commandLine, inNamespace, ip, listNamespaces, namespacePids, run, sleep, waitGone } from './system.js';
import { BRIDGES, HOSTS, namespaceOf, NODE_NAMES, probes, ROUTERS, SWITCH, type Probe, type RouterNode } from './topology.js';

export interface LabSettings {
  /** Namespace names start with it. */
  readonly prefix: string;
  /** The lab's files. */
  readonly dir: string;
  /** Where r1.cfg and r2.cfg are copied from at `up`. */
  readonly configDir: string;
  /** How to start vipr: the argv before `run` (node, its flags, the entry script). */
  readonly vipr: readonly string[];
  /** SSH on port 22 inside each router's namespace. */
  readonly ssh: boolean;
}

export interface RouterFiles {
  readonly config: string;
  readonly socket: string;
  readonly log: string;
  readonly state: string;
  readonly keys: string;
}

interface Manifest {
  readonly prefix: string;
  readonly routers: Readonly<Record<string, number>>;
}

const MANIFEST = 'lab.json';
/** The rc file of `attach` shells (bash), which names the namespace in the prompt. */
const SHELL_RC = 'bashrc';

export function routerFiles(dir: string, router: RouterNode['name']): RouterFiles {
  return {
    config: join(dir, `${router}.cfg`),
    socket: join(dir, `${router}.sock`),
    log: join(dir, `${router}.log`),
    state: join(dir, `${router}.state.json`),
    keys: join(dir, `${router}-keys`),
  };
}

/** Variables that would make `vipr run` wait for or map other interfaces than the lab's. */
const FOREIGN_ENV = ['CLAB_INTFS', 'GNS3_MAX_ETHERNET', 'VIPR_IFMAP', 'VIPR_CONFIG', 'VIPR_SOCKET', 'VIPR_SSH_PORT'];

export interface RouterStatus {
  readonly name: RouterNode['name'];
  readonly hostname: string;
  readonly pid: number | undefined;
  readonly running: boolean;
}

export interface LabState {
  /** Namespaces of this lab that exist. */
  readonly namespaces: readonly string[];
  readonly missing: readonly string[];
  readonly manifest: Manifest | undefined;
  readonly routers: readonly RouterStatus[];
  /** Every namespace exists and every router runs. */
  readonly up: boolean;
  /** Nothing of the lab exists. */
  readonly absent: boolean;
}

export class Lab {
  constructor(readonly settings: LabSettings) {}

  namespace(node: (typeof NODE_NAMES)[number]): string {
    return namespaceOf(this.settings.prefix, node);
  }

  files(router: RouterNode['name']): RouterFiles {
    return routerFiles(this.settings.dir, router);
  }

  /**
   * The manifest of the lab in the directory. One written for another prefix is an error: its routers
   * are another lab's, and neither `up` nor `down` may touch them under this prefix.
   */
  private readManifest(): Manifest | undefined {
    let m: Partial<Manifest> | null;
    try {
      m = JSON.parse(readFileSync(join(this.settings.dir, MANIFEST), 'utf8')) as Partial<Manifest> | null;
    } catch {
      return undefined;
    }
    // Anything but an object with a prefix and routers (null, a number, a list) is no manifest of ours.
    if (typeof m !== 'object' || m === null || typeof m.prefix !== 'string' || typeof m.routers !== 'object' || m.routers === null) return undefined;
    if (m.prefix !== this.settings.prefix) {
      throw new Error(`${this.settings.dir} holds the lab with prefix ${m.prefix}: use --prefix ${m.prefix}, or another --dir`);
    }
    return { prefix: m.prefix, routers: m.routers };
  }

  private writeManifest(routers: Record<string, number>): void {
    writeFileSync(join(this.settings.dir, MANIFEST), `${JSON.stringify({ prefix: this.settings.prefix, routers }, null, 2)}\n`);
  }

  /** The router's pid from the manifest, if that process is still this lab's `vipr run`. */
  private routerPid(manifest: Manifest | undefined, router: RouterNode['name']): number | undefined {
    const pid = manifest?.routers[router];
    if (typeof pid !== 'number') return undefined;
    const argv = commandLine(pid);
    return argv !== undefined && argv.includes('run') && argv.includes(this.files(router).config) ? pid : undefined;
  }

  inspect(): LabState {
    const existing = listNamespaces();
    const all = NODE_NAMES.map((n) => this.namespace(n));
    const namespaces = all.filter((n) => existing.has(n));
    const manifest = this.readManifest();
    const routers = ROUTERS.map((r) => {
      const pid = this.routerPid(manifest, r.name);
      return { name: r.name, hostname: r.hostname, pid, running: pid !== undefined && processAlive(pid) };
    });
    return {
      namespaces,
      missing: all.filter((n) => !existing.has(n)),
      manifest,
      routers,
      up: namespaces.length === all.length && routers.every((r) => r.running),
      absent: namespaces.length === 0 && manifest === undefined,
    };
  }

  /**
   * Builds the topology and starts the routers. On any failure, what was built is removed again and
   * the error is rethrown: a failed `up` leaves nothing behind.
   */
  async up(say: (line: string) => void): Promise<void> {
    const { dir, configDir } = this.settings;
    for (const r of ROUTERS) {
      const shipped = join(configDir, `${r.name}.cfg`);
      if (!existsSync(shipped)) throw new Error(`${shipped}: no such file (the lab's startup-configs live in ${configDir}; --configs DIR names another directory)`);
    }
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.writeManifest({});
    try {
      say(`namespaces ${NODE_NAMES.map((n) => this.namespace(n)).join(', ')}`);
      await this.build();
      const pids: Record<string, number> = {};
      for (const r of ROUTERS) {
        copyFileSync(join(configDir, `${r.name}.cfg`), this.files(r.name).config);
        pids[r.name] = await this.startRouter(r);
        say(`${r.hostname}: vipr run in ${this.namespace(r.name)} (pid ${pids[r.name]}), log ${this.files(r.name).log}`);
      }
      this.writeManifest(pids);
    } catch (e) {
      await this.down(() => undefined);
      throw e;
    }
  }

  private async build(): Promise<void> {
    for (const node of NODE_NAMES) {
      const ns = this.namespace(node);
      await ip('netns', 'add', ns);
      await ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    const sw = this.namespace(SWITCH);
    // The switch is a plain wire: no IPv6 of its own (no MLD, RS or DAD frames from its ports), and
    // where br_netfilter is loaded, bridged frames must not go through iptables (which trims their
    // Ethernet padding).
    await inNamespace(sw, 'sysctl', ['-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
    await inNamespace(sw, 'sh', ['-c', 'for f in /proc/sys/net/bridge/bridge-nf-call-*; do [ -e "$f" ] && echo 0 > "$f"; done; true']);
    for (const r of ROUTERS) {
      for (const c of r.cables) await this.cable(this.namespace(r.name), c.device, c.switchPort);
    }
    for (const h of HOSTS) await this.cable(this.namespace(h.name), h.cable.device, h.cable.switchPort);
    for (const [bridge, name] of Object.entries(BRIDGES)) {
      // Multicast snooping off: a snooping bridge drops FHRP multicast for want of IGMP/MLD reports
      // (ecosystem §1, "bridge multicast snooping").
      await ip('-n', sw, 'link', 'add', name, 'type', 'bridge', 'mcast_snooping', '0');
      const ports = [...ROUTERS.flatMap((r) => r.cables), ...HOSTS.map((h) => h.cable)].filter((c) => c.bridge === bridge);
      for (const p of ports) await ip('-n', sw, 'link', 'set', p.switchPort, 'master', name);
      await ip('-n', sw, 'link', 'set', name, 'up');
    }
    for (const h of HOSTS) {
      const ns = this.namespace(h.name);
      const dev = h.cable.device;
      await ip('-n', ns, 'addr', 'add', h.ipv4, 'dev', dev);
      // nodad: the host's address is usable at once, so the first IPv6 ping does not race DAD.
      await ip('-n', ns, '-6', 'addr', 'add', h.ipv6, 'dev', dev, 'nodad');
      await ip('-n', ns, 'route', 'add', 'default', 'via', h.gateway4);
      await ip('-n', ns, '-6', 'route', 'add', 'default', 'via', h.gateway6, 'dev', dev);
    }
  }

  /** A veth pair from `device` in `ns` to `port` in the switch namespace, both up. */
  private async cable(ns: string, device: string, port: string): Promise<void> {
    const sw = this.namespace(SWITCH);
    await ip('-n', ns, 'link', 'add', device, 'type', 'veth', 'peer', 'name', port, 'netns', sw);
    await ip('-n', sw, 'link', 'set', port, 'up');
    await ip('-n', ns, 'link', 'set', device, 'up');
  }

  /**
   * `vipr run` inside the router's namespace, detached (its own session, so the terminal's Ctrl-C
   * does not reach it) and outliving this process; stdout and stderr go to its log. `ip netns exec`
   * execs the command, so the pid is the router's.
   */
  private startRouter(r: RouterNode): Promise<number> {
    const f = this.files(r.name);
    const log = openSync(f.log, 'w');
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const k of FOREIGN_ENV) delete env[k];
    const args = [
      'netns',
      'exec',
      this.namespace(r.name),
      ...this.settings.vipr,
      'run',
      '--config',
      f.config,
      '--socket',
      f.socket,
      '--state',
      f.state,
      '--keys',
      f.keys,
      '--ssh-port',
      this.settings.ssh ? '22' : '0',
    ];
    mkdirSync(f.keys, { recursive: true, mode: 0o700 });
    return new Promise((resolve, reject) => {
      const child = spawn('ip', args, { detached: true, stdio: ['ignore', log, log], env });
      child.once('error', (e) => {
        closeSync(log);
        reject(new Error(`cannot start ${r.hostname}: ${e.message}`));
      });
      child.once('spawn', () => {
        closeSync(log);
        child.unref();
        resolve(child.pid as number);
      });
    });
  }

  /**
   * An rc file for an interactive bash in a lab namespace: the user's own ~/.bashrc, then the
   * namespace's name in front of the prompt, since every namespace shares the machine's hostname.
   */
  shellRc(): string {
    const path = join(this.settings.dir, SHELL_RC);
    writeFileSync(path, '[ -f ~/.bashrc ] && . ~/.bashrc\nPS1="($(ip netns identify)) $PS1"\n');
    return path;
  }

  /** One CLI command on a router's socket: its output, or an error naming the router. */
  async cli(router: RouterNode['name'], command: string): Promise<string> {
    const chunks: Buffer[] = [];
    const out = new PassThrough();
    out.on('data', (b: Buffer) => chunks.push(b));
    const status = await runRemoteCommands(this.files(router).socket, [command], out, out);
    const text = Buffer.concat(chunks).toString('utf8');
    if (status !== 0) throw new Error(`${router}: '${command}' ended with status ${status}: ${text.trim()}`);
    return text;
  }

  /** Every router's HSRP and VRRP groups with their states; a router that cannot be asked is an error. */
  async groupStates(): Promise<GroupState[]> {
    const json = async (router: RouterNode['name'], command: string): Promise<unknown> => {
      const text = await this.cli(router, command);
      try {
        return JSON.parse(text);
      } catch {
        throw new Error(`${router}: '${command}' did not answer JSON: ${text.trim().slice(0, 200)}`);
      }
    };
    const states: GroupState[] = [];
    for (const r of ROUTERS) {
      states.push(...hsrpGroups(r.hostname, await json(r.name, 'show standby | json')));
      states.push(...vrrpGroups(r.hostname, await json(r.name, 'show vrrp | json')));
    }
    return states;
  }

  /**
   * Polls the routers until every group has settled (elections.ts), a router dies, or `timeoutMs`
   * passes. A router whose socket is not there yet is still starting.
   */
  async waitForElection(timeoutMs: number): Promise<Verdict & { readonly elapsedMs: number; readonly dead: readonly string[] }> {
    const started = Date.now();
    let verdict: Verdict = { settled: false, pending: ['no router answered on its CLI socket yet'], leaders: new Map() };
    for (;;) {
      const dead = this.inspect().routers.filter((r) => !r.running).map((r) => r.hostname);
      if (dead.length > 0) return { ...verdict, settled: false, elapsedMs: Date.now() - started, dead };
      try {
        verdict = judge(await this.groupStates());
      } catch (e) {
        if (!(e instanceof UnreachableError)) throw e;
      }
      if (verdict.settled || Date.now() - started >= timeoutMs) return { ...verdict, elapsedMs: Date.now() - started, dead: [] };
      await sleep(200);
    }
  }

  /** The last lines of a router's log, for error messages. */
  logTail(router: RouterNode['name'], lines = 15): string {
    try {
      return readFileSync(this.files(router).log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Pings a probe's address from its host: the average round trip in ms, or undefined. */
  async ping(p: Probe): Promise<number | undefined> {
    const v6 = p.address.includes(':');
    const target = p.device !== undefined ? `${p.address}%${p.device}` : p.address;
    const r = await run('ip', ['netns', 'exec', this.namespace(p.from), 'ping', ...(v6 ? ['-6'] : []), '-n', '-q', '-c', '3', '-i', '0.2', '-W', '1', target]);
    if (!r.ok) return undefined;
    const rtt = /= [\d.]+\/([\d.]+)\//.exec(r.stdout);
    return rtt ? Number(rtt[1]) : Number.NaN;
  }

  /** The summary `up` and `status` print: each router's groups, then what the client reaches. */
  async report(): Promise<{ text: string; reachable: boolean }> {
    const lines: string[] = [];
    const state = this.inspect();
    for (const r of ROUTERS) {
      const s = state.routers.find((x) => x.name === r.name) as RouterStatus;
      lines.push(`${r.hostname} (${this.namespace(r.name)}, ${s.running ? `pid ${s.pid}` : 'not running'}):`);
      if (!s.running) continue;
      for (const command of ['show standby brief', 'show vrrp brief']) {
        try {
          lines.push(`${r.hostname}#${command}`, (await this.cli(r.name, command)).trimEnd());
        } catch (e) {
          lines.push(`  ${command}: ${(e as Error).message}`);
        }
      }
      lines.push('');
    }
    let reachable = true;
    for (const p of probes()) {
      const rtt = await this.ping(p);
      if (rtt === undefined) reachable = false;
      const answer = rtt === undefined ? 'no answer' : Number.isNaN(rtt) ? 'answers' : `answers (${rtt.toFixed(3)} ms)`;
      lines.push(`${p.from} -> ${p.address}  ${p.label}: ${answer}`);
    }
    return { text: lines.join('\n'), reachable };
  }

  /**
   * Stops the routers (SIGTERM: they resign, RFC 2281 §5.2 / RFC 5798 §6.4.3 priority 0), then every
   * other process in the lab's namespaces, deletes the namespaces and the lab's files. Safe to run on a
   * lab that is half built, already down or absent. Returns what it removed.
   */
  async down(say: (line: string) => void): Promise<string[]> {
    const removed: string[] = [];
    const manifest = this.readManifest();
    const routers = ROUTERS.map((r) => this.routerPid(manifest, r.name)).filter((p): p is number => p !== undefined && processAlive(p));
    for (const pid of routers) signal(pid, 'SIGTERM');
    for (const pid of await waitGone(routers, 5000)) signal(pid, 'SIGKILL');
    if (routers.length > 0) removed.push(`routers (pids ${routers.join(', ')})`);
    const existing = listNamespaces();
    for (const ns of NODE_NAMES.map((n) => this.namespace(n)).filter((n) => existing.has(n))) {
      // Shells opened by `vipr lab attach client` and the like: a namespace lingers while they run.
      const pids = await namespacePids(ns);
      for (const pid of pids) signal(pid, 'SIGTERM');
      for (const pid of await waitGone(pids, 2000)) signal(pid, 'SIGKILL');
      const r = await run('ip', ['netns', 'del', ns]);
      if (!r.ok) say(`cannot delete namespace ${ns}: ${r.stderr}`);
      else removed.push(`namespace ${ns}`);
    }
    if (manifest !== undefined || existsSync(join(this.settings.dir, MANIFEST))) removed.push(`files in ${this.settings.dir}`);
    for (const r of ROUTERS) {
      const f = this.files(r.name);
      for (const path of [f.config, f.socket, f.log, f.state]) rmSync(path, { force: true });
      rmSync(f.keys, { recursive: true, force: true });
    }
    rmSync(join(this.settings.dir, MANIFEST), { force: true });
    rmSync(join(this.settings.dir, SHELL_RC), { force: true });
    // Only the lab's own files are removed; a --dir that holds anything else stays.
    if (existsSync(this.settings.dir) && readdirSync(this.settings.dir).length === 0) rmdirSync(this.settings.dir);
    return removed;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // exited meanwhile
  }
}
