/**
 * Issue 6 benchmark: how fast a Backup takes over when the Master crashes, for vipr against vipr,
 * keepalived 2.2.7 against keepalived and FRR 8.4 vrrpd against vrrpd, on the same LAN layout and
 * timers (VRRPv3 over IPv4, one group, advertisements every ADVERT_MS, Master at priority 120,
 * Backup at 100), and what each daemon costs while idle as Master with that one group.
 *
 * Per round: a host pings the VIP every 10 ms; the Master is SIGKILLed (keepalived: its VRRP
 * process, with the parent frozen so it cannot restart it) and, at the same moment, its switch
 * port goes down: a killed daemon leaves its VIP configured in its kernel (vipr's macvlan child,
 * keepalived's address on eth1, FRR's macvlan), which would go on answering the host, so a kill
 * alone measures nothing at the host (with the port up the gap was 60-150 ms for all three: the
 * ping interval plus the new Master's gratuitous ARP). Figures: the time from the kill to the
 * Backup's "Master" log line, and the longest gap between two echo replies at the host (which also
 * counts the host learning the new MAC: keepalived moves the VIP to its own interface MAC, vipr and
 * FRR keep the virtual MAC). FRR's gap is short for another reason: its Backup keeps the VIP on its
 * macvlan (only set protodown), and the host's frames to the virtual MAC, flooded once the dead
 * Master's port is gone, are answered by the Backup long before it takes over (RFC 5798 §6.4.2 says
 * a Backup must not accept them). Then the port comes back, the old Master restarts and preempts.
 * Idle cost: CPU time (user + system, own and reaped children's, from /proc/PID/stat) over IDLE_S seconds and the resident set
 * (VmRSS) of the Master's processes (keepalived: parent + VRRP process; FRR: vrrpd, zebra apart).
 * vipr runs compiled (bin/vipr.js, so `npm run build` first), as it is deployed.
 *
 * Run as root: npx tsx bench/takeover.ts [rounds] [advert-ms] [vipr,keepalived,frr]   (not part of the test suite)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetnsLab, sweepStaleNamespaces } from '../test/support/netns.js';
import { stopVipr, type ViprProcess } from '../test/support/vipr-process.js';
import { REPO_ROOT } from '../test/support/tshark.js';
import { FrrVrrpd, Keepalived, LineLog, masterDownMs, type VrrpGroupSpec, type VrrpSpeaker, viprSpeaker, viprVrrpConfig } from '../test/support/vrrp-peers.js';

const ROUNDS = Number(process.argv[2] ?? 3);
const ADVERT_MS = Number(process.argv[3] ?? 1000);
/** which implementations to measure: a comma-separated list of vipr, keepalived, frr (default all) */
const ONLY = new Set((process.argv[4] ?? 'vipr,keepalived,frr').split(','));
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`rounds: a positive integer, not ${process.argv[2]}`);
if (!Number.isInteger(ADVERT_MS) || ADVERT_MS < 10) throw new Error(`advert-ms: an integer of at least 10, not ${process.argv[3]}`);
for (const k of ONLY) if (!['vipr', 'keepalived', 'frr'].includes(k)) throw new Error(`unknown implementation ${k}: vipr, keepalived, frr`);
const IDLE_S = 20;
const VIP = '10.0.0.1';
const HIGH = 120;
const LOW = 100;

if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`rounds: a positive integer, not ${process.argv[2]}`);
if (!Number.isInteger(ADVERT_MS) || ADVERT_MS < 100 || ADVERT_MS % 10 !== 0) throw new Error(`advert-ms: a multiple of 10 from 100, not ${process.argv[3]}`);

const SPEC: VrrpGroupSpec = { vrid: 7, version: 3, family: 4, priority: HIGH, advertMs: ADVERT_MS, addresses: [VIP] };
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** One router of a pair: how to start it, crash it and find its processes. */
interface Router {
  readonly speaker: VrrpSpeaker;
  /** pids whose CPU and memory count as the daemon's */
  pids(): number[];
  crash(): Promise<void>;
  close(): Promise<void>;
}

interface Implementation {
  readonly name: string;
  /** starts a router with interface address `address` (10.0.0.x/24 on eth1) */
  start(lab: NetnsLab, ns: string, dir: string, name: string, priority: number, address: string): Promise<Router>;
  /** whether the test must put the interface address on eth1 itself */
  readonly needsAddress: boolean;
}

const viprImpl: Implementation = {
  name: 'vipr',
  needsAddress: false,
  async start(lab, ns, dir, name, priority, address) {
    const configFile = join(dir, `${name}.cfg`);
    writeFileSync(configFile, viprVrrpConfig({ ...SPEC, priority }, priority, false, { hostname: name, address }));
    const socket = join(dir, `${name}.sock`);
    const args = ['run', '--config', configFile, '--state', join(dir, `${name}.state.json`), '--ssh-port', '0', '--socket', socket];
    const child = lab.spawn(ns, process.execPath, [join(REPO_ROOT, 'bin', 'vipr.js'), ...args]);
    const r: ViprProcess = { name, child, out: [], socket, configFile };
    const speaker = viprSpeaker(r, SPEC.vrid);
    await speaker.log.waitFor(speaker.enters('backup'), 0, 60_000);
    return { speaker, pids: () => [r.child.pid!], crash: () => stopVipr(r, 'SIGKILL'), close: () => stopVipr(r, 'SIGTERM') };
  },
};

const keepalivedImpl: Implementation = {
  name: 'keepalived 2.2.7',
  needsAddress: true,
  async start(lab, ns, dir, name, priority) {
    const k = await Keepalived.start(lab, ns, dir, name, { ...SPEC, priority });
    return { speaker: k, pids: () => k.pids(), crash: () => k.kill(), close: () => k.stop() };
  },
};

const frrInstances = new Map<string, FrrVrrpd>();
const frrImpl: Implementation = {
  name: 'FRR 8.4 vrrpd',
  needsAddress: true,
  async start(lab, ns, dir, name, priority) {
    let f = frrInstances.get(ns);
    if (f === undefined) {
      f = await FrrVrrpd.start(lab, ns, dir, name, { ...SPEC, priority });
      frrInstances.set(ns, f);
    } else await f.restart(priority);
    const inst = f;
    return { speaker: inst, pids: () => [inst.pids().vrrpd], crash: () => inst.kill(), close: () => inst.close() };
  },
};

interface ProcSample {
  readonly ticks: number;
  readonly rssKb: number;
}

function sample(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name: state is field 3, utime 14, stime 15, and the
  // reaped children's cutime 16, cstime 17 (proc(5)): a daemon that runs helper commands pays for them.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]);
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { ticks, rssKb: Number(rss?.[1] ?? 0) };
}

async function idleCost(pids: readonly number[]): Promise<{ cpuMsPerMin: number; rssMb: number }> {
  const before = pids.map(sample);
  await sleep(IDLE_S * 1000);
  const after = pids.map(sample);
  const ticks = after.reduce((a, s, i) => a + s.ticks - before[i]!.ticks, 0);
  const cpuMs = (ticks * 1000) / CLK_TCK;
  return { cpuMsPerMin: (cpuMs * 60) / IDLE_S, rssMb: after.reduce((a, s) => a + s.rssKb, 0) / 1024 };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The longest time between two consecutive echo replies after `from`, and before the last one. */
function longestGap(ping: LineLog, from: number): number {
  const replies = ping.lines.filter((l) => /bytes from/.test(l.text) && l.at >= from).map((l) => l.at);
  let gap = 0;
  for (let i = 1; i < replies.length; i++) gap = Math.max(gap, replies[i]! - replies[i - 1]!);
  return gap;
}

interface Result {
  readonly name: string;
  readonly takeoverMs: number[];
  readonly gapMs: number[];
  readonly idle: { cpuMsPerMin: number; rssMb: number };
  readonly zebra?: { cpuMsPerMin: number; rssMb: number };
}

async function measure(impl: Implementation): Promise<Result> {
  const lab = new NetnsLab(`bench-${impl.name.split(' ')[0]!.toLowerCase()}`);
  const dir = mkdtempSync(join(tmpdir(), 'vipr-takeover-'));
  try {
    const a = lab.namespace('a');
    const b = lab.namespace('b');
    const h = lab.namespace('h');
    const sw = lab.namespace('sw');
    lab.veth(a, 'eth1', sw, 'p1');
    lab.veth(b, 'eth1', sw, 'p2');
    lab.veth(h, 'eth1', sw, 'p3');
    lab.bridge(sw, 'br0', ['p1', 'p2', 'p3']);
    // vipr configures its interface address from its startup-config; the others find it there.
    if (impl.needsAddress) {
      lab.ip(a, 'addr', 'add', '10.0.0.2/24', 'dev', 'eth1');
      lab.ip(b, 'addr', 'add', '10.0.0.3/24', 'dev', 'eth1');
    }
    lab.ip(h, 'addr', 'add', '10.0.0.100/24', 'dev', 'eth1');

    let counter = 0;
    const startAt = (ns: string, priority: number): Promise<Router> =>
      impl.start(lab, ns, dir, `${ns === a ? 'A' : 'B'}${++counter}`, priority, ns === a ? '10.0.0.2' : '10.0.0.3');

    const backup = await startAt(b, LOW);
    let master = await startAt(a, HIGH);
    await master.speaker.log.waitFor(master.speaker.enters('master'), 0, 30_000);
    await sleep(2 * ADVERT_MS);
    const idle = await idleCost(master.pids());
    const zebraPid = impl === frrImpl ? frrInstances.get(a)?.pids().zebra : undefined;
    const zebra = zebraPid === undefined ? undefined : await idleCost([zebraPid]);

    const takeoverMs: number[] = [];
    const gapMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const ping = new LineLog('ping', lab.spawn(h, 'ping', ['-n', '-i', '0.01', '-W', '1', VIP]));
      await ping.waitFor(/bytes from/, 0, 10_000);
      await sleep(500);
      const since = backup.speaker.log.mark();
      const t0 = Date.now();
      lab.ip(sw, 'link', 'set', 'p1', 'down');
      await master.crash();
      const line = await backup.speaker.log.waitFor(backup.speaker.enters('master'), since, 10 * ADVERT_MS + 5000);
      takeoverMs.push(line.at - t0);
      if (process.env.VIPR_BENCH_TRACE !== undefined) {
        console.log(backup.speaker.log.lines.slice(-8).map((l) => `    ${l.at - t0} ms: ${l.text}`).join('\n'));
      }
      await sleep(1500);
      const n = ping.mark();
      await ping.waitFor(/bytes from/, n, 5000);
      gapMs.push(longestGap(ping, t0 - 500));
      // The old Master comes back and preempts (VRRP preempts by default, RFC 5798 §6.1).
      const bmark = backup.speaker.log.mark();
      lab.ip(sw, 'link', 'set', 'p1', 'up');
      master = await startAt(a, HIGH);
      await master.speaker.log.waitFor(master.speaker.enters('master'), 0, 30_000);
      await backup.speaker.log.waitFor(backup.speaker.enters('backup'), bmark, 10_000);
      process.stdout.write(`  ${impl.name} round ${round + 1}: takeover ${takeoverMs.at(-1)} ms, ping gap ${gapMs.at(-1)} ms\n`);
    }
    await master.close().catch(() => undefined);
    await backup.close().catch(() => undefined);
    return { name: impl.name, takeoverMs, gapMs, idle, ...(zebra === undefined ? {} : { zebra }) };
  } finally {
    for (const f of frrInstances.values()) await f.close().catch(() => undefined);
    frrInstances.clear();
    await lab.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : Math.round((s[m - 1]! + s[m]!) / 2);
}

if (process.getuid?.() !== 0) {
  console.error('takeover benchmark: run as root (network namespaces)');
  process.exit(1);
}
if (!existsSync(join(REPO_ROOT, 'dist', 'main.js'))) {
  console.error('takeover benchmark: vipr runs compiled; npm run build first');
  process.exit(1);
}
sweepStaleNamespaces();
const downMs = Math.round(masterDownMs(SPEC, LOW));
console.log(`Takeover after SIGKILL of the Master: VRRPv3 IPv4, advert ${ADVERT_MS} ms, Master 120 / Backup 100 (Master_Down_Interval ${downMs} ms), ${ROUNDS} rounds`);
const results: Result[] = [];
for (const [key, impl] of [
  ['vipr', viprImpl],
  ['keepalived', keepalivedImpl],
  ['frr', frrImpl],
] as const) {
  if (ONLY.has(key)) results.push(await measure(impl));
}
const pad = (s: string, n: number): string => s.padEnd(n);
console.log('');
console.log(`${pad('implementation', 18)}${pad('takeover median / max', 24)}${pad('ping gap median / max', 24)}${pad('idle CPU (ms/min)', 19)}idle RSS`);
for (const r of results) {
  const extra = r.zebra === undefined ? '' : ` (+ zebra ${r.zebra.cpuMsPerMin.toFixed(0)} ms/min, ${r.zebra.rssMb.toFixed(1)} MB)`;
  console.log(
    `${pad(r.name, 18)}${pad(`${median(r.takeoverMs)} / ${Math.max(...r.takeoverMs)} ms`, 24)}${pad(`${median(r.gapMs)} / ${Math.max(...r.gapMs)} ms`, 24)}${pad(r.idle.cpuMsPerMin.toFixed(0), 19)}${r.idle.rssMb.toFixed(1)} MB${extra}`,
  );
}
