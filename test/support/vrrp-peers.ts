/**
 * Real VRRP peers for the interop tests (issue 6): keepalived 2.2.7 and FRR 8.4 vrrpd from Debian,
 * each run inside a test namespace with configuration generated into a temporary directory, and the
 * vipr side of the same scenarios. Every process writes its log to stdout; the helpers here keep
 * each line with its arrival time, so a test can wait for "the next state change after this point"
 * and measure how long it took.
 *
 * - keepalived runs in the foreground (`-n`), logging to the console (`-l -D`), with its own pid
 *   files (`-p`, `-r`): several instances may run at once in different namespaces. Its state is read
 *   from its log: `(VI_5) Entering MASTER STATE`, `(VI_5) Entering BACKUP STATE`.
 * - FRR: zebra and vrrpd with their own zserv socket (`-z`), vty socket directory (`--vty_socket`)
 *   and pid files, run as the `frr` user (FRR refuses a user outside its `frrvty` group, and root is
 *   not in it); vtysh reads `show vrrp json` through the same directory. FRR's VRRP documentation
 *   leaves to the operator one macvlan child of the interface per VRID and address family, with the
 *   virtual MAC and the VIPs; vrrpd finds it by its MAC (else it logs `no interface found w/ MAC
 *   00:00:5e:00:01:05` and leaves the group in Initialize) and sends from it. FrrVrrpd creates it
 *   before starting vrrpd. vrrpd logs `[VRID 5] [IPv4] Backup -> Master`.
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { main } from '../../src/main.js';
import { formatMacColon, virtualMac } from '../../src/net/mac.js';
import { masterDownIntervalMs } from '../../src/protocols/vrrp/timers.js';
import type { NetnsLab } from './netns.js';
import { tsharkFields } from './tshark.js';
import { reachable, startVipr, stopVipr, type ViprProcess } from './vipr-process.js';

export type VrrpFamily = 4 | 6;
export type PeerState = 'init' | 'backup' | 'master' | 'fault';

export interface LogLine {
  /** Date.now() when the line arrived */
  readonly at: number;
  readonly text: string;
}

/** The lines a process writes on stdout and stderr, each with its arrival time. */
export class LineLog {
  readonly lines: LogLine[] = [];
  private readonly waiters = new Set<() => void>();
  private exitText: string | undefined;

  constructor(
    readonly name: string,
    child: ChildProcess,
  ) {
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (text) => {
        this.lines.push({ at: Date.now(), text });
        this.notify();
      });
    }
    child.once('exit', (code, signal) => {
      this.exitText = `${name} exited (${code ?? signal})`;
      this.notify();
    });
  }

  /** A position in the log: waitFor(…, since) looks only at lines after it. */
  mark(): number {
    return this.lines.length;
  }

  /** Resolves with the first line at or after `since` matching `pattern`. */
  waitFor(pattern: RegExp, since: number, timeoutMs: number): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        for (let i = since; i < this.lines.length; i++) {
          const l = this.lines[i]!;
          if (pattern.test(l.text)) {
            done();
            resolve(l);
            return true;
          }
        }
        if (this.exitText !== undefined) {
          done();
          reject(new Error(`${this.exitText} before ${pattern}; log:\n${this.tail()}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.name}: no ${pattern} within ${timeoutMs} ms; log:\n${this.tail()}`));
      }, timeoutMs);
      const waiter = (): void => {
        check();
      };
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      if (!check()) this.waiters.add(waiter);
    });
  }

  /** The lines after `since` that match `pattern`. */
  matches(pattern: RegExp, since = 0): LogLine[] {
    return this.lines.slice(since).filter((l) => pattern.test(l.text));
  }

  tail(n = 40): string {
    return this.lines
      .slice(-n)
      .map((l) => l.text)
      .join('\n');
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }
}

/** What the interop scenarios need of a VRRP speaker, vipr or a peer. */
export interface VrrpSpeaker {
  readonly name: string;
  readonly log: LineLog;
  /** A pattern for the log line of a transition into `state`. */
  enters(state: PeerState): RegExp;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process ${child.pid} still running after ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function waitForFile(path: string, timeoutMs: number, what: string): Promise<void> {
  const started = Date.now();
  while (!existsSync(path)) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: ${path} did not appear within ${timeoutMs} ms`);
    await sleep(20);
  }
}

// ---------------------------------------------------------------------------------------------
// vipr

/** vipr's `vrrp` log lines: legacy `Grp 1 state Backup -> Master`, IOS-XE `IPv4 group 5 state BACKUP -> MASTER`. */
export function viprSpeaker(r: ViprProcess, vrid: number): VrrpSpeaker {
  const log = new LineLog(r.name, r.child);
  return {
    name: r.name,
    log,
    enters: (state) => new RegExp(`%VRRP-6-STATE(?:CHANGE)?: .*(?:Grp|group) ${vrid} state \\w+ -> ${state}\\b`, 'i'),
  };
}

/** Runs several commands in one CLI session of a running vipr (`vipr cli -c … -c …`). */
export async function viprCliSession(socket: string, commands: readonly string[]): Promise<string> {
  const chunks: Buffer[] = [];
  const stdout = new PassThrough();
  stdout.on('data', (b: Buffer) => chunks.push(b));
  const code = await main(['cli', '--socket', socket, ...commands.flatMap((c) => ['-c', c])], { stdout, stderr: stdout });
  const text = Buffer.concat(chunks).toString('utf8');
  if (code !== 0) throw new Error(`vipr cli exited ${code}: ${text}`);
  return text;
}

// ---------------------------------------------------------------------------------------------
// keepalived

export interface VrrpGroupSpec {
  readonly vrid: number;
  readonly version: 2 | 3;
  readonly family: VrrpFamily;
  readonly priority: number;
  /** advertisement interval in ms; VRRPv2 carries whole seconds (RFC 3768 §5.3.7) */
  readonly advertMs: number;
  /** the VIPs, the IPv6 link-local one first (RFC 5798 §5.2.9 / RFC 9568) */
  readonly addresses: readonly string[];
  /** VRRPv2 simple text authentication (RFC 2338 §5.3.6.1; keepalived `auth_type PASS`) */
  readonly authText?: string;
  readonly iface?: string;
}

function checkSpec(g: VrrpGroupSpec): void {
  if (!Number.isInteger(g.vrid) || g.vrid < 1 || g.vrid > 255) throw new Error(`VRID ${g.vrid}: 1-255`);
  if (!Number.isInteger(g.priority) || g.priority < 1 || g.priority > 254) throw new Error(`priority ${g.priority}: 1-254`);
  if (g.version === 2 && g.advertMs % 1000 !== 0) throw new Error(`VRRPv2 advertises whole seconds, not ${g.advertMs} ms`);
  if (g.version === 2 && g.family === 6) throw new Error('VRRPv2 has no IPv6');
  if (g.addresses.length === 0) throw new Error('a VRRP group needs an address');
}

/** keepalived.conf for one group. */
export function keepalivedConfig(g: VrrpGroupSpec): string {
  checkSpec(g);
  const iface = g.iface ?? 'eth1';
  const auth = g.authText === undefined ? '' : `  authentication {\n    auth_type PASS\n    auth_pass ${g.authText}\n  }\n`;
  // IPv4 VIPs as /32 (keepalived's default for a bare address too), IPv6 ones as /64. `native_ipv6`
  // makes the instance an IPv6 one outright (VRRPv3 over IPv6 to ff02::12).
  const vips = g.addresses.map((a) => `    ${a.includes(':') ? `${a}/64` : `${a}/32`}\n`).join('');
  return `global_defs {
  router_id vipr-interop-${g.vrid}
  vrrp_version ${g.version}
  script_user root
  enable_script_security
}
vrrp_instance VI_${g.vrid} {
  state BACKUP
  interface ${iface}
  virtual_router_id ${g.vrid}
  priority ${g.priority}
  advert_int ${g.advertMs / 1000}
${g.family === 6 ? '  native_ipv6\n' : ''}${auth}  virtual_ipaddress {
${vips}  }
}
`;
}

export class Keepalived implements VrrpSpeaker {
  readonly log: LineLog;
  private readonly child: ChildProcess;
  private readonly vrrpPidFile: string;

  private constructor(
    readonly name: string,
    readonly spec: VrrpGroupSpec,
    child: ChildProcess,
    vrrpPidFile: string,
  ) {
    this.child = child;
    this.vrrpPidFile = vrrpPidFile;
    this.log = new LineLog(name, child);
  }

  /** Starts keepalived in `ns` with one group; resolves once its VRRP process is up. */
  static async start(lab: NetnsLab, ns: string, dir: string, name: string, spec: VrrpGroupSpec): Promise<Keepalived> {
    const conf = join(dir, `${name}.conf`);
    writeFileSync(conf, keepalivedConfig(spec));
    const pid = join(dir, `${name}.pid`);
    const vrrpPid = join(dir, `${name}.vrrp.pid`);
    const child = lab.spawn(ns, 'keepalived', ['-n', '-l', '-D', '-f', conf, '-p', pid, '-r', vrrpPid]);
    const k = new Keepalived(name, spec, child, vrrpPid);
    await k.log.waitFor(/Startup complete|Entering BACKUP STATE/, 0, 10_000);
    return k;
  }

  enters(state: PeerState): RegExp {
    return new RegExp(`\\(VI_${this.spec.vrid}\\) Entering ${state.toUpperCase()} STATE`);
  }

  /** The parent's and the VRRP process's pids (for CPU and memory figures). */
  pids(): number[] {
    const vrrp = Number(readFileSync(this.vrrpPidFile, 'utf8').trim());
    return [this.child.pid!, vrrp];
  }

  /** SIGTERM: keepalived's VRRP process resigns with a priority 0 advert (RFC 5798 §6.4.3). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await waitExit(this.child, 10_000);
  }

  /**
   * A crash: the VRRP process dies without a word. keepalived's parent restarts a VRRP child that
   * dies, and its children are told of the parent's death (and would resign), so the parent is
   * frozen first, the VRRP child killed, then the parent.
   */
  async kill(): Promise<void> {
    const vrrpPid = Number(readFileSync(this.vrrpPidFile, 'utf8').trim());
    this.child.kill('SIGSTOP');
    process.kill(vrrpPid, 'SIGKILL');
    this.child.kill('SIGKILL');
    await waitExit(this.child, 10_000);
  }
}

// ---------------------------------------------------------------------------------------------
// FRR

function frrIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'frr'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'frr'], { encoding: 'utf8' }).trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('the frr user is missing (apt-get install frr)');
  return { uid, gid };
}

/** What zebra and vrrpd share: the frr user, the zserv socket, the vty sockets' directory, no vty port, logs on stdout. */
function frrCommonArgs(dir: string): string[] {
  return ['-u', 'frr', '-g', 'frr', '-z', join(dir, 'zserv.api'), '--vty_socket', dir, '-P', '0', '--log', 'stdout'];
}

/** vrrpd.conf for one group (FRR 8.4 syntax: `vrrp N …` lines under the interface). */
export function vrrpdConfig(g: VrrpGroupSpec): string {
  checkSpec(g);
  if (g.authText !== undefined) throw new Error('FRR vrrpd has no VRRPv2 authentication');
  const lines = [
    // vrrpd says why it drops an advert (a bad checksum among others) only with packet debugging on.
    'debug vrrp packets',
    `interface ${g.iface ?? 'eth1'}`,
    ` vrrp ${g.vrid} version ${g.version}`,
    ` vrrp ${g.vrid} priority ${g.priority}`,
    ` vrrp ${g.vrid} advertisement-interval ${g.advertMs}`,
    ...g.addresses.map((a) => (a.includes(':') ? ` vrrp ${g.vrid} ipv6 ${a}` : ` vrrp ${g.vrid} ip ${a}`)),
    '!',
  ];
  return `${lines.join('\n')}\n`;
}

/** The virtual MAC of a VRID (RFC 5798 §7.3), as ip(8) writes it. */
function vrrpMac(family: VrrpFamily, vrid: number): string {
  return formatMacColon(virtualMac(family === 4 ? 'vrrp-ipv4' : 'vrrp-ipv6', vrid));
}

interface FrrVrrpJson {
  readonly vrid: number;
  readonly v4: { status: string; stats: { adverRx: number; adverTx: number } };
  readonly v6: { status: string; stats: { adverRx: number; adverTx: number } };
}

/** zebra and vrrpd in one namespace; vrrpd can be stopped, killed and started again. */
export class FrrVrrpd implements VrrpSpeaker {
  log: LineLog;
  private vrrpd: ChildProcess;
  private readonly zebra: ChildProcess;

  private constructor(
    readonly name: string,
    private spec: VrrpGroupSpec,
    private readonly lab: NetnsLab,
    private readonly ns: string,
    private readonly dir: string,
    zebra: ChildProcess,
    vrrpd: ChildProcess,
  ) {
    this.zebra = zebra;
    this.vrrpd = vrrpd;
    this.log = new LineLog(name, vrrpd);
  }

  /**
   * Creates the group's macvlan (virtual MAC, the VIPs on it), starts zebra, then vrrpd with the
   * group; resolves once vrrpd has started the group. `parentDir` is the test's temporary directory;
   * FRR's files go in a subdirectory the frr user owns.
   */
  static async start(lab: NetnsLab, ns: string, parentDir: string, name: string, spec: VrrpGroupSpec): Promise<FrrVrrpd> {
    const iface = spec.iface ?? 'eth1';
    const dir = join(parentDir, `frr-${name}`);
    mkdirSync(dir, { recursive: true });
    const { uid, gid } = frrIds();
    // The frr user must reach its directory through the test's (0700) temporary directory.
    chmodSync(parentDir, 0o711);
    chownSync(dir, uid, gid);
    writeFileSync(join(dir, 'zebra.conf'), `hostname ${name}\n`);
    writeFileSync(join(dir, 'vrrpd.conf'), vrrpdConfig(spec));
    for (const f of ['zebra.conf', 'vrrpd.conf']) chownSync(join(dir, f), uid, gid);

    // The VIPs stay on the macvlan while vrrpd is Backup (it only sets the device protodown), and
    // with Linux's default arp_ignore=0 the parent would answer ARP for them with its own MAC, from
    // the Backup (FRR #16696): the parent must only answer for its own addresses (ip-sysctl.rst).
    lab.exec(ns, 'sysctl', ['-qw', `net.ipv4.conf.${iface}.arp_ignore=1`, `net.ipv4.conf.${iface}.arp_announce=2`]);
    // FRR's naming (vrrp4-2-1 in its docs) is free; the MAC is what vrrpd looks for. addrgenmode
    // random: two routers must not derive the same link-local from the shared virtual MAC.
    const mv = `vrrp${spec.family}-${spec.vrid}`;
    lab.ip(ns, 'link', 'add', mv, 'link', iface, 'type', 'macvlan', 'mode', 'bridge');
    if (spec.family === 6) lab.ip(ns, 'link', 'set', 'dev', mv, 'addrgenmode', 'random');
    lab.ip(ns, 'link', 'set', 'dev', mv, 'address', vrrpMac(spec.family, spec.vrid));
    for (const a of spec.addresses) {
      if (a.includes(':')) lab.ip(ns, 'addr', 'add', `${a}/${a.toLowerCase().startsWith('fe80:') ? 64 : 128}`, 'dev', mv, 'nodad');
      else lab.ip(ns, 'addr', 'add', `${a}/32`, 'dev', mv);
    }
    lab.ip(ns, 'link', 'set', 'dev', mv, 'up');
    if (spec.family === 6) await waitForLinkLocal(lab, ns, mv, spec.addresses);

    const common = frrCommonArgs(dir);
    const zebra = lab.spawn(ns, '/usr/lib/frr/zebra', ['-i', join(dir, 'zebra.pid'), '-f', join(dir, 'zebra.conf'), ...common]);
    const zebraLog = new LineLog(`${name} zebra`, zebra);
    await waitForFile(join(dir, 'zserv.api'), 10_000, `${name} zebra`).catch((e: Error) => {
      throw new Error(`${e.message}\n${zebraLog.tail()}`);
    });
    const f = new FrrVrrpd(name, spec, lab, ns, dir, zebra, FrrVrrpd.spawnVrrpd(lab, ns, dir, common));
    await f.waitStarted(0);
    return f;
  }

  private static spawnVrrpd(lab: NetnsLab, ns: string, dir: string, common: readonly string[]): ChildProcess {
    return lab.spawn(ns, '/usr/lib/frr/vrrpd', ['-i', join(dir, 'vrrpd.pid'), '-f', join(dir, 'vrrpd.conf'), ...common]);
  }

  private async waitStarted(since: number): Promise<void> {
    const fam = this.spec.family === 4 ? 'IPv4' : 'IPv6';
    await this.log.waitFor(new RegExp(`\\[VRID ${this.spec.vrid}\\] \\[${fam}\\] Initialize -> Backup`), since, 10_000);
  }

  enters(state: PeerState): RegExp {
    const fam = this.spec.family === 4 ? 'IPv4' : 'IPv6';
    const names: Record<PeerState, string> = { init: 'Initialize', backup: 'Backup', master: 'Master', fault: 'Fault' };
    return new RegExp(`\\[VRID ${this.spec.vrid}\\] \\[${fam}\\] \\w+ -> ${names[state]}\\b`);
  }

  /** vrrpd's and zebra's pids (for CPU and memory figures). */
  pids(): { vrrpd: number; zebra: number } {
    return { vrrpd: this.vrrpd.pid!, zebra: this.zebra.pid! };
  }

  /** `show vrrp json` through vtysh on this instance's vty socket directory. */
  show(): FrrVrrpJson {
    const out = this.lab.exec(this.ns, 'vtysh', ['--vty_socket', this.dir, '-c', 'show vrrp json']);
    const all = JSON.parse(out) as FrrVrrpJson[];
    const g = all.find((x) => x.vrid === this.spec.vrid);
    if (g === undefined) throw new Error(`${this.name}: VRID ${this.spec.vrid} not in show vrrp json: ${out}`);
    return g;
  }

  /** The state and counters of the group's address family, from vtysh. */
  family(): { status: string; adverRx: number; adverTx: number } {
    const g = this.show();
    const f = this.spec.family === 4 ? g.v4 : g.v6;
    return { status: f.status, adverRx: f.stats.adverRx, adverTx: f.stats.adverTx };
  }

  /** SIGTERM: vrrpd shuts its groups down, a Master sending priority 0 first (RFC 5798 §6.4.3). */
  async stop(): Promise<void> {
    if (this.vrrpd.exitCode !== null || this.vrrpd.signalCode !== null) return;
    this.vrrpd.kill('SIGTERM');
    await waitExit(this.vrrpd, 10_000);
  }

  /** A crash of vrrpd (zebra stays). */
  async kill(): Promise<void> {
    if (this.vrrpd.exitCode !== null || this.vrrpd.signalCode !== null) return;
    this.vrrpd.kill('SIGKILL');
    await waitExit(this.vrrpd, 10_000);
  }

  /** Starts vrrpd again with `priority` (the same group otherwise). */
  async restart(priority: number): Promise<void> {
    if (this.vrrpd.exitCode === null && this.vrrpd.signalCode === null) throw new Error(`${this.name}: vrrpd is still running`);
    this.spec = { ...this.spec, priority };
    writeFileSync(join(this.dir, 'vrrpd.conf'), vrrpdConfig(this.spec));
    const common = frrCommonArgs(this.dir);
    this.vrrpd = FrrVrrpd.spawnVrrpd(this.lab, this.ns, this.dir, common);
    this.log = new LineLog(this.name, this.vrrpd);
    await this.waitStarted(0);
  }

  /** zebra and vrrpd; the namespace's removal takes the macvlan. */
  async close(): Promise<void> {
    await this.stop().catch(() => undefined);
    if (this.zebra.exitCode === null && this.zebra.signalCode === null) {
      this.zebra.kill('SIGTERM');
      await waitExit(this.zebra, 10_000).catch(() => this.zebra.kill('SIGKILL'));
    }
  }
}

/** vrrpd binds its IPv6 socket to the macvlan's link-local address, which must have passed DAD. */
async function waitForLinkLocal(lab: NetnsLab, ns: string, dev: string, vips: readonly string[]): Promise<void> {
  const started = Date.now();
  const own = new Set(vips.map((v) => v.toLowerCase()));
  for (;;) {
    const out = lab.ip(ns, '-6', '-o', 'addr', 'show', 'dev', dev, 'scope', 'link');
    const ready = out.split('\n').some((l) => {
      const m = /inet6 (fe80::[0-9a-f:]+)\/\d+/.exec(l);
      return m !== null && !own.has(m[1]!) && !/tentative/.test(l);
    });
    if (ready) return;
    if (Date.now() - started > 5000) throw new Error(`${dev} in ${ns}: no usable link-local address within 5 s:\n${out}`);
    await sleep(50);
  }
}

// ---------------------------------------------------------------------------------------------
// The interop scenario: vipr and one peer on a bridged LAN with a host

/** A peer process that can resign (stop) or crash (kill). */
export interface VrrpPeer extends VrrpSpeaker {
  stop(): Promise<void>;
  kill(): Promise<void>;
}

export interface InteropScenario {
  readonly lab: NetnsLab;
  readonly dir: string;
  readonly spec: VrrpGroupSpec;
  /** vipr's startup-config for the group at `priority`, with or without `checksum pseudo-header` */
  readonly viprConfig: (priority: number, pseudoHeader: boolean) => string;
  /** Starts the peer (again) at `priority` in `ns`. */
  readonly startPeer: (ns: string, priority: number) => Promise<VrrpPeer>;
  /**
   * VRRPv3 over IPv4: vipr first sends the checksum as Cisco does, which the peer must refuse (it
   * becomes Master beside vipr), then the knob goes on through vipr's CLI and the peer yields.
   * `peerRefusal` matches what the peer logs about it, when it logs anything.
   */
  readonly checksumControl?: { readonly cliLines: readonly string[]; readonly peerRefusal?: RegExp };
  /** called once the peer has been Backup under vipr for a while, for peer-side checks (FRR's counters) */
  readonly onPeerBackup?: (peer: VrrpPeer) => void;
  /** called with vipr's namespace once its link exists, before vipr first starts (a wire capture) */
  readonly onViprNamespace?: (ns: string) => Promise<void>;
}

export interface ScenarioFigures {
  /** from vipr's SIGTERM to the peer's Master: vipr's priority 0 advert */
  viprResignMs: number;
  /** from vipr's SIGKILL to the peer's Master: Master_Down_Interval */
  viprCrashMs: number;
  /** from the peer's SIGTERM to vipr's Master */
  peerResignMs: number;
  /** from the peer's crash to vipr's Master */
  peerCrashMs: number;
}

/** Master_Down_Interval of a group at `priority`, in ms (src/protocols/vrrp/timers.ts, RFC 3768 / 5798 §6.1). */
export function masterDownMs(spec: VrrpGroupSpec, priority: number): number {
  return masterDownIntervalMs(spec.version, priority, spec.advertMs / 10);
}

const VIPR_HIGH = 120;
const VIPR_LOW = 90;
const PEER = 100;

/**
 * Elections both ways, failover both ways, preemption both ways and the priority-0 handover of
 * either side on shutdown, between vipr (10.0.0.2 / 2001:db8::2) and one peer (10.0.0.3 /
 * 2001:db8::3), with a host (10.0.0.100 / 2001:db8::100) that must reach the VIP after every change.
 * vipr is started twice (it is the slow one to start); its preemption comes from a priority raised
 * through its CLI. Each step waits for the log lines of the state changes; the only timed checks are
 * the protocol's: a resigning Master is replaced within the Backup's Master_Down_Interval (after its
 * Skew_Time, RFC 5798 §6.4.2 / RFC 3768 §6.4.2), a crashed one not before two advertisement
 * intervals have passed (Master_Down_Interval less at most one interval since the last advert).
 * With VIPR_INTEROP_TRACE set, each step is printed with its time since the start.
 */
export async function runInteropScenario(s: InteropScenario, expectOk: (cond: boolean, message: string) => void): Promise<ScenarioFigures> {
  const { lab, dir, spec } = s;
  const v6 = spec.family === 6;
  const started = Date.now();
  const trace = (step: string): void => {
    if (process.env.VIPR_INTEROP_TRACE !== undefined) console.log(`${lab.id} +${Date.now() - started} ms: ${step}`);
  };
  const vns = lab.namespace('v', { ipv6: v6 });
  const pns = lab.namespace('p', { ipv6: v6 });
  const hns = lab.namespace('h', { ipv6: v6 });
  const sw = lab.namespace('sw');
  lab.veth(vns, 'eth1', sw, 'p1');
  lab.veth(pns, 'eth1', sw, 'p2');
  lab.veth(hns, 'eth1', sw, 'p3');
  lab.bridge(sw, 'br0', ['p1', 'p2', 'p3']);
  await s.onViprNamespace?.(vns);
  lab.ip(pns, 'addr', 'add', '10.0.0.3/24', 'dev', 'eth1');
  lab.ip(hns, 'addr', 'add', '10.0.0.100/24', 'dev', 'eth1');
  if (v6) {
    lab.ip(pns, 'addr', 'add', '2001:db8::3/64', 'dev', 'eth1', 'nodad');
    lab.ip(hns, 'addr', 'add', '2001:db8::100/64', 'dev', 'eth1', 'nodad');
  }
  const vip = spec.addresses.find((a) => !a.toLowerCase().startsWith('fe80:'))!;
  const vmac = vrrpMac(spec.family, spec.vrid);
  const hostReaches = (): Promise<number> => reachable(lab, hns, vip, 5000);
  const hostSeesVipr = (): void => {
    const neigh = lab.ip(hns, 'neigh', 'show', vip);
    expectOk(neigh.includes(vmac), `the host's neighbour entry for ${vip} is not vipr's ${vmac}: ${neigh}`);
  };

  let counter = 0;
  const startV = async (priority: number, pseudoHeader: boolean): Promise<{ r: ViprProcess; sp: VrrpSpeaker }> => {
    const r = startVipr(lab, vns, dir, `V${++counter}`, s.viprConfig(priority, pseudoHeader));
    const sp = viprSpeaker(r, spec.vrid);
    await sp.log.waitFor(sp.enters('backup'), 0, 30_000);
    trace(`${r.name} up`);
    return { r, sp };
  };
  /**
   * Waits until `ms` after `from` and checks that `who` did not become Master since `since`: a Backup
   * that did not hear the Master would have taken over one Master_Down_Interval after it started.
   */
  const staysBackup = async (who: VrrpSpeaker, since: number, from: number, ms: number, why: string): Promise<void> => {
    await sleep(Math.max(0, from + ms - Date.now()));
    expectOk(who.log.matches(who.enters('master'), since).length === 0, `${who.name} became Master ${why}:\n${who.log.tail()}`);
  };
  /** Runs `act` and resolves with the ms from it to `who`'s next Master line. */
  const takeover = async (who: VrrpSpeaker, act: () => Promise<void>, timeoutMs: number): Promise<number> => {
    const since = who.log.mark();
    const t0 = Date.now();
    await act();
    return (await who.log.waitFor(who.enters('master'), since, timeoutMs)).at - t0;
  };

  // a. Election won by vipr: vipr (120) is up first; the peer (100) joins and must hear it.
  trace('a: election, vipr 120 against the peer 100');
  const capture = s.checksumControl === undefined ? undefined : await startCapture(lab, sw, 'br0', join(dir, 'checksum.pcap'));
  const v1 = await startV(VIPR_HIGH, s.checksumControl === undefined);
  let p = await s.startPeer(pns, PEER);
  // The window below counts from the peer's own Backup line: a loaded machine may take seconds to
  // start it, and a peer that is not yet listening proves nothing by staying Backup.
  let peerListens = (await p.log.waitFor(p.enters('backup'), 0, 10_000)).at;
  let watchFrom = 0;
  await v1.sp.log.waitFor(v1.sp.enters('master'), 0, 15_000);
  if (s.checksumControl !== undefined) {
    // Cisco-style checksum: the peer drops every advert and takes the group too (two Masters).
    await p.log.waitFor(p.enters('master'), 0, 15_000);
    if (s.checksumControl.peerRefusal !== undefined) trace(`${p.name}: ${(await p.log.waitFor(s.checksumControl.peerRefusal, 0, 5000)).text}`);
    const mark = p.log.mark();
    const cliFrom = Date.now();
    await viprCliSession(v1.r.socket, s.checksumControl.cliLines);
    const cliTo = Date.now();
    // vipr's next advert is acceptable: priority 120 beats the peer's 100 (RFC 5798 §6.4.3).
    peerListens = (await p.log.waitFor(p.enters('backup'), mark, 5000)).at;
    watchFrom = p.log.mark();
    await sleep(3 * spec.advertMs);
    checkChecksumStyles(await capture!.stop(), cliFrom, cliTo + spec.advertMs, expectOk);
  }
  await staysBackup(p, watchFrom, peerListens, 1.5 * masterDownMs(spec, PEER), 'beside vipr');
  s.onPeerBackup?.(p);
  await hostReaches();
  hostSeesVipr();

  // b. vipr resigns (SIGTERM): priority 0, the peer takes over after its Skew_Time.
  trace('b: vipr resigns');
  const viprResignMs = await takeover(p, () => stopVipr(v1.r, 'SIGTERM'), 10_000);
  expectOk(viprResignMs < masterDownMs(spec, PEER), `the peer took ${viprResignMs} ms after vipr's resignation (Master_Down_Interval ${masterDownMs(spec, PEER)} ms):\n${p.log.tail(15)}\nvipr:\n${v1.sp.log.tail(10)}`);
  await hostReaches();

  // c. Election won by the peer: vipr (90) joins the peer's group, stays Backup and knows the peer.
  trace('c: vipr 90 joins the peer 100');
  const v = await startV(VIPR_LOW, true);
  await staysBackup(v.sp, 0, Date.now(), 1.5 * masterDownMs(spec, VIPR_LOW), 'beside the peer');
  const shown = await viprCliSession(v.r.socket, ['show vrrp']);
  expectOk(new RegExp(`Master Router is \\S+, priority is ${PEER}\\b`).test(shown), `vipr's show vrrp does not name the peer as Master:\n${shown}`);

  // d. The peer resigns: vipr takes over after its Skew_Time.
  trace('d: the peer resigns');
  const peerResignMs = await takeover(v.sp, () => p.stop(), 10_000);
  expectOk(peerResignMs < masterDownMs(spec, VIPR_LOW), `vipr took ${peerResignMs} ms after the peer's resignation (Master_Down_Interval ${masterDownMs(spec, VIPR_LOW)} ms)`);
  await hostReaches();
  hostSeesVipr();

  // e. The peer (100) comes back and preempts vipr (90).
  trace('e: the peer preempts');
  let vmark = v.sp.log.mark();
  p = await s.startPeer(pns, PEER);
  await p.log.waitFor(p.enters('master'), 0, 15_000);
  await v.sp.log.waitFor(v.sp.enters('backup'), vmark, 5000);
  await hostReaches();

  // f. The peer crashes, and its switch port goes down with it: a killed daemon leaves its VIP in
  // its kernel, which would go on answering the host. vipr waits out its Master_Down_Interval.
  trace('f: the peer crashes');
  const peerCrashMs = await takeover(
    v.sp,
    () => {
      lab.ip(sw, 'link', 'set', 'p2', 'down');
      return p.kill();
    },
    15_000,
  );
  expectOk(peerCrashMs >= 2 * spec.advertMs, `vipr took over ${peerCrashMs} ms after the peer's crash, before its Master_Down_Interval could run out`);
  await hostReaches();
  hostSeesVipr();

  // g. The peer (100) preempts vipr (90) once more; then vipr's priority goes to 120 through its CLI
  // and vipr preempts the peer (IOS preempts by default, RFC 5798 §6.4.2).
  trace('g: the peer preempts, then vipr at 120 preempts the peer');
  vmark = v.sp.log.mark();
  lab.ip(sw, 'link', 'set', 'p2', 'up');
  p = await s.startPeer(pns, PEER);
  await p.log.waitFor(p.enters('master'), 0, 15_000);
  await v.sp.log.waitFor(v.sp.enters('backup'), vmark, 5000);
  const pmark = p.log.mark();
  await takeover(v.sp, () => viprCliSession(v.r.socket, priorityCliLines(spec, VIPR_HIGH)).then(() => undefined), 15_000);
  await p.log.waitFor(p.enters('backup'), pmark, 5000);
  await hostReaches();
  hostSeesVipr();

  // h. vipr crashes (SIGKILL) with its switch port: no priority 0; the peer waits out its
  // Master_Down_Interval.
  trace('h: vipr crashes');
  const viprCrashMs = await takeover(
    p,
    () => {
      lab.ip(sw, 'link', 'set', 'p1', 'down');
      return stopVipr(v.r, 'SIGKILL');
    },
    15_000,
  );
  expectOk(viprCrashMs >= 2 * spec.advertMs, `the peer took over ${viprCrashMs} ms after vipr's crash, before its Master_Down_Interval could run out`);
  await hostReaches();
  trace('done');
  return { viprResignMs, viprCrashMs, peerResignMs, peerCrashMs };
}

/**
 * vipr's startup-config for `spec` at `priority`: the legacy form for VRRPv2 (`vrrp N ip …`), the
 * IOS-XE form for VRRPv3 (`fhrp version vrrp v3`, `vrrp N address-family ipv4|ipv6`), with the
 * IPv6 link-local VIP as the primary address. `pseudoHeader` adds vipr's `checksum pseudo-header`
 * to an IPv4 VRRPv3 group, the checksum keepalived and FRR compute and expect.
 */
export function viprVrrpConfig(spec: VrrpGroupSpec, priority: number, pseudoHeader: boolean, router: { hostname: string; address: string } = { hostname: 'V', address: '10.0.0.2' }): string {
  checkSpec(spec);
  const head = [`hostname ${router.hostname}`, ...(spec.version === 3 ? ['fhrp version vrrp v3'] : []), 'interface GigabitEthernet0/1', ` ip address ${router.address} 255.255.255.0`];
  if (spec.version === 2) {
    const [first, ...rest] = spec.addresses;
    return `${[
      ...head,
      ` vrrp ${spec.vrid} ip ${first}`,
      ...rest.map((a) => ` vrrp ${spec.vrid} ip ${a} secondary`),
      ` vrrp ${spec.vrid} priority ${priority}`,
      ` vrrp ${spec.vrid} timers advertise ${spec.advertMs / 1000}`,
      ...(spec.authText === undefined ? [] : [` vrrp ${spec.vrid} authentication text ${spec.authText}`]),
      '!',
      'end',
    ].join('\n')}\n`;
  }
  const addresses =
    spec.family === 4
      ? spec.addresses.map((a, i) => `  address ${a}${i === 0 ? ' primary' : ' secondary'}`)
      : spec.addresses.map((a) => (a.toLowerCase().startsWith('fe80:') ? `  address ${a} primary` : `  address ${a}/64`));
  return `${[
    ...head,
    ...(spec.family === 6 ? [' ipv6 address 2001:db8::2/64'] : []),
    ` vrrp ${spec.vrid} address-family ipv${spec.family}`,
    ...addresses,
    `  priority ${priority}`,
    `  timers advertise ${spec.advertMs}`,
    ...(pseudoHeader && spec.family === 4 ? ['  checksum pseudo-header'] : []),
    '!',
    'end',
  ].join('\n')}\n`;
}

/** The CLI lines that turn `checksum pseudo-header` on in a running vipr. */
export function pseudoHeaderCliLines(spec: VrrpGroupSpec): string[] {
  return ['configure terminal', 'interface GigabitEthernet0/1', `vrrp ${spec.vrid} address-family ipv4`, 'checksum pseudo-header', 'end'];
}

/** The CLI lines that set a running vipr's priority for the group. */
export function priorityCliLines(spec: VrrpGroupSpec, priority: number): string[] {
  return spec.version === 2
    ? ['configure terminal', 'interface GigabitEthernet0/1', `vrrp ${spec.vrid} priority ${priority}`, 'end']
    : ['configure terminal', 'interface GigabitEthernet0/1', `vrrp ${spec.vrid} address-family ipv${spec.family}`, `priority ${priority}`, 'end'];
}

/** tcpdump writing VRRP frames (IP protocol 112) seen on `iface` in `ns` to `file`. */
async function startCapture(lab: NetnsLab, ns: string, iface: string, file: string): Promise<{ stop: () => Promise<string> }> {
  // --immediate-mode: frames still in a ring-buffer block when tcpdump stops would be lost.
  const child = lab.spawn(ns, 'tcpdump', ['-i', iface, '--immediate-mode', '-U', '-n', '-w', file, 'ip proto 112']);
  const log = new LineLog('tcpdump', child);
  await log.waitFor(/listening on/, 0, 10_000);
  return {
    stop: async () => {
      child.kill('SIGINT');
      await waitExit(child, 10_000);
      return file;
    },
  };
}

/**
 * tshark's verdict on the VRRPv3 checksums of a capture (its preference vrrp.v3_checksum_as_in_v2
 * selects Cisco's style, no pseudo-header; by default it checks the pseudo-header style): the
 * peer's adverts (10.0.0.3) use the pseudo-header; vipr's (10.0.0.2) use Cisco's style before the
 * CLI session that turned the knob on started (`before`) and the pseudo-header once it had ended
 * and one advert interval passed (`after`).
 */
function checkChecksumStyles(pcap: string, before: number, after: number, expectOk: (cond: boolean, message: string) => void): void {
  const fields = ['frame.time_epoch', 'ip.src', 'vrrp.checksum.status'];
  const pseudo = tsharkFields(pcap, 'vrrp', fields);
  const cisco = tsharkFields(pcap, 'vrrp', fields, ['-o', 'vrrp.v3_checksum_as_in_v2:TRUE']);
  expectOk(pseudo.length === cisco.length && pseudo.length > 0, `tshark read ${pseudo.length} / ${cisco.length} VRRP frames from ${pcap}`);
  const good = '1';
  const table = pseudo.map((f, i) => `${f[0]} ${f[1]} pseudo-header:${f[2]} cisco:${cisco[i]![2]}`).join('\n');
  let peer = 0;
  let cisco0 = 0;
  let pseudo1 = 0;
  for (let i = 0; i < pseudo.length; i++) {
    const [time, src, statusPseudo] = pseudo[i]!;
    const statusCisco = cisco[i]![2];
    const at = Number(time) * 1000;
    const where = `frame ${i + 1} from ${src} at ${at} (the CLI from ${before}, the knob effective from ${after}):\n${table}\n`;
    if (src === '10.0.0.3') {
      peer++;
      expectOk(statusPseudo === good && statusCisco !== good, `${where}: the peer's checksum is not the pseudo-header style (${statusPseudo}/${statusCisco})`);
    } else if (src === '10.0.0.2' && at < before) {
      cisco0++;
      expectOk(statusCisco === good && statusPseudo !== good, `${where}: vipr's checksum before the knob is not Cisco's style (${statusPseudo}/${statusCisco})`);
    } else if (src === '10.0.0.2' && at > after) {
      pseudo1++;
      expectOk(statusPseudo === good && statusCisco !== good, `${where}: vipr's checksum with the knob is not the pseudo-header style (${statusPseudo}/${statusCisco})`);
    }
  }
  expectOk(peer > 0 && cisco0 > 0 && pseudo1 > 0, `frames checked: peer ${peer}, vipr before the knob ${cisco0}, after ${pseudo1}:\n${table}`);
}
