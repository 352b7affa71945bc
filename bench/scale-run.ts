/**
 * Issue 6 benchmark: scale of `vipr run` on a real Linux data plane. Two vipr routers (compiled,
 * bin/vipr.js: `npm run build` first), A and B, in namespaces on one bridge, each with 1000 HSRPv2
 * groups and 255 VRRPv3 groups on GigabitEthernet0/1 at default timers (HSRP hello 3 s / hold 10 s,
 * RFC 2281 §5.1 and IOS; VRRPv3 adverts every 1 s, RFC 5798 §5.2.7). Every group is a macvlan child
 * of eth1 with its virtual MAC, so each router makes 1255 of them. Priorities split the groups:
 * A is Active/Master of the even HSRP groups and the odd VRIDs (110 against B's 100), B of the rest
 * (A at 90); everyone preempts.
 *
 * Figures: how long each router took to create its macvlan children (from spawn, polling the
 * kernel's link list), how long the elections took to settle (no state change for SETTLE_QUIET_S
 * seconds, longer than the 10 s hold time), then over WINDOW_S seconds: the CPU share of one core
 * (utime + stime + cutime + cstime from /proc/PID/stat, proc(5): helper commands such as `ip -batch`
 * count) and VmRSS of each router, and the state changes logged during the window (goal: none).
 * Goals (issue 6): under 5% of one core, under 150 MB, zero unexpected state changes.
 *
 * Run as root: npx tsx bench/scale-run.ts [window-seconds]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetnsLab, sweepStaleNamespaces } from '../test/support/netns.js';
import { REPO_ROOT } from '../test/support/tshark.js';
import { stopVipr, type ViprProcess } from '../test/support/vipr-process.js';
import { LineLog } from '../test/support/vrrp-peers.js';

const WINDOW_S = Number(process.argv[2] ?? 60);
if (!Number.isFinite(WINDOW_S) || WINDOW_S <= 0) throw new Error(`window-seconds: a positive number, not ${process.argv[2]}`);
const HSRP_GROUPS = 1000;
const VRRP_GROUPS = 255;
const CHILDREN = HSRP_GROUPS + VRRP_GROUPS;
const SETTLE_QUIET_S = 15;
const SETTLE_MAX_S = 300;
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const GOAL_CPU = 5;
const GOAL_RSS_MB = 150;

/** `%HSRP-5-STATECHANGE: Gi0/1 Grp 12 state Standby -> Active`, `%VRRP-6-STATE: Gi0/1 IPv4 group 5 state BACKUP -> MASTER` */
const STATE_LINE = /%(HSRP|VRRP)-\d-STATE(?:CHANGE)?: .*?(?:Grp|group) (\d+) state (\w+) -> (\w+)/i;

function config(name: string, address: string, a: boolean): string {
  const lines = [`hostname ${name}`, 'fhrp version vrrp v3', 'interface GigabitEthernet0/1', ` ip address ${address} 255.255.0.0`, ' standby version 2'];
  for (let g = 0; g < HSRP_GROUPS; g++) {
    lines.push(` standby ${g} ip 10.0.${10 + (g >> 8)}.${g & 255}`);
    // A wins the even groups; B (100, the default) the odd ones.
    if (a) lines.push(` standby ${g} priority ${g % 2 === 0 ? 110 : 90}`);
    lines.push(` standby ${g} preempt`);
  }
  for (let v = 1; v <= VRRP_GROUPS; v++) {
    lines.push(` vrrp ${v} address-family ipv4`, `  address 10.0.20.${v} primary`);
    if (a) lines.push(`  priority ${v % 2 === 1 ? 110 : 90}`);
    lines.push(' exit-vrrp');
  }
  lines.push('!', 'end');
  return `${lines.join('\n')}\n`;
}

interface Started {
  readonly r: ViprProcess;
  readonly log: LineLog;
  readonly spawnedAt: number;
}

function start(lab: NetnsLab, ns: string, dir: string, name: string, address: string, a: boolean): Started {
  const configFile = join(dir, `${name}.cfg`);
  writeFileSync(configFile, config(name, address, a));
  const socket = join(dir, `${name}.sock`);
  const spawnedAt = Date.now();
  const child = lab.spawn(ns, process.execPath, [join(REPO_ROOT, 'bin', 'vipr.js'), 'run', '--config', configFile, '--state', join(dir, `${name}.state.json`), '--ssh-port', '0', '--socket', socket]);
  const r: ViprProcess = { name, child, out: [], socket, configFile };
  return { r, log: new LineLog(name, child), spawnedAt };
}

function macvlanCount(lab: NetnsLab, ns: string): number {
  return lab.ip(ns, '-o', 'link', 'show', 'type', 'macvlan').split('\n').filter((l) => l.trim().length > 0).length;
}

/** Resolves with the ms from spawn until the namespace holds all the router's macvlan children. */
async function childrenReady(lab: NetnsLab, ns: string, s: Started): Promise<number> {
  for (;;) {
    const n = macvlanCount(lab, ns);
    if (n >= CHILDREN) return Date.now() - s.spawnedAt;
    if (s.r.child.exitCode !== null || s.r.child.signalCode !== null) throw new Error(`${s.r.name} exited with ${n} macvlans made:\n${s.log.tail()}`);
    if (Date.now() - s.spawnedAt > 300_000) throw new Error(`${s.r.name}: ${n} of ${CHILDREN} macvlans after 300 s:\n${s.log.tail()}`);
    await sleep(100);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function ticks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // After the parenthesised command name: utime, stime, cutime, cstime are fields 14-17 (proc(5)).
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]);
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) / 1024;
}

/** The last state of every group a router logged, as `HSRP 12` → `Active`. */
function lastStates(log: LineLog): Map<string, string> {
  const states = new Map<string, string>();
  for (const l of log.lines) {
    const m = STATE_LINE.exec(l.text);
    if (m !== null) states.set(`${m[1]!.toUpperCase()} ${m[2]}`, m[4]!.toLowerCase());
  }
  return states;
}

function tally(states: Map<string, string>): string {
  const count = new Map<string, number>();
  for (const [k, v] of states) {
    const key = `${k.split(' ')[0]} ${v}`;
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  return [...count].sort().map(([k, n]) => `${k} ${n}`).join(', ');
}

async function run(): Promise<void> {
  const lab = new NetnsLab('scale');
  const dir = mkdtempSync(join(tmpdir(), 'vipr-scale-'));
  const routers: Started[] = [];
  try {
    const a = lab.namespace('a');
    const b = lab.namespace('b');
    const sw = lab.namespace('sw');
    lab.veth(a, 'eth1', sw, 'p1');
    lab.veth(b, 'eth1', sw, 'p2');
    lab.bridge(sw, 'br0', ['p1', 'p2']);

    // One at a time: each router's start-up is timed on its own.
    const ra = start(lab, a, dir, 'A', '10.0.0.2', true);
    routers.push(ra);
    const aChildrenMs = await childrenReady(lab, a, ra);
    console.log(`A: ${CHILDREN} macvlan children in ${aChildrenMs} ms from spawn`);
    const rb = start(lab, b, dir, 'B', '10.0.0.3', false);
    routers.push(rb);
    const bChildrenMs = await childrenReady(lab, b, rb);
    console.log(`B: ${CHILDREN} macvlan children in ${bChildrenMs} ms from spawn`);

    const settleFrom = Date.now();
    for (;;) {
      await sleep(1000);
      const lastChange = Math.max(0, ...routers.flatMap((s) => s.log.matches(STATE_LINE).map((l) => l.at)));
      if (Date.now() - lastChange >= SETTLE_QUIET_S * 1000) break;
      if (Date.now() - settleFrom > SETTLE_MAX_S * 1000) throw new Error(`state changes still going after ${SETTLE_MAX_S} s`);
      for (const s of routers) if (s.r.child.exitCode !== null) throw new Error(`${s.r.name} exited:\n${s.log.tail()}`);
    }
    const settledS = (Date.now() - settleFrom) / 1000;
    for (const s of routers) console.log(`${s.r.name} settled: ${tally(lastStates(s.log))}`);

    const pids = routers.map((s) => s.r.child.pid!);
    const marks = routers.map((s) => s.log.mark());
    const before = pids.map(ticks);
    const t0 = Date.now();
    const peakRss = pids.map(rssMb);
    while (Date.now() - t0 < WINDOW_S * 1000) {
      await sleep(Math.min(5000, WINDOW_S * 1000 - (Date.now() - t0)));
      pids.forEach((p, i) => (peakRss[i] = Math.max(peakRss[i]!, rssMb(p))));
    }
    const elapsedS = (Date.now() - t0) / 1000;
    const after = pids.map(ticks);
    const changes = routers.map((s, i) => s.log.matches(STATE_LINE, marks[i]));

    console.log('');
    console.log(
      `Scale: ${HSRP_GROUPS} HSRPv2 + ${VRRP_GROUPS} VRRPv3 groups per router, default timers; settled ${settledS.toFixed(0)} s after B's children; window ${elapsedS.toFixed(1)} s`,
    );
    console.log(`${'router'.padEnd(8)}${'macvlans made in'.padEnd(18)}${'CPU % of a core'.padEnd(17)}${'VmRSS end / peak'.padEnd(20)}state changes in window`);
    const children = [aChildrenMs, bChildrenMs];
    let met = true;
    routers.forEach((s, i) => {
      const cpu = ((after[i]! - before[i]!) / CLK_TCK / elapsedS) * 100;
      const rss = rssMb(pids[i]!);
      met &&= cpu < GOAL_CPU && peakRss[i]! < GOAL_RSS_MB && changes[i]!.length === 0;
      console.log(`${s.r.name.padEnd(8)}${`${(children[i]! / 1000).toFixed(1)} s`.padEnd(18)}${cpu.toFixed(2).padEnd(17)}${`${rss.toFixed(1)} / ${peakRss[i]!.toFixed(1)} MB`.padEnd(20)}${changes[i]!.length}`);
      for (const c of changes[i]!.slice(0, 10)) console.log(`    ${c.text}`);
    });
    console.log(`goal (< ${GOAL_CPU}% of a core, < ${GOAL_RSS_MB} MB, 0 state changes): ${met ? 'met' : 'NOT met'}`);
  } finally {
    // SIGTERM: each router resigns its groups and removes its children; cleanup() kills what is left after 30 s.
    await Promise.race([Promise.all(routers.map((s) => stopVipr(s.r, 'SIGTERM').catch(() => undefined))), sleep(30_000)]);
    await lab.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.getuid?.() !== 0) {
  console.error('scale benchmark: run as root (network namespaces)');
  process.exit(1);
}
if (!existsSync(join(REPO_ROOT, 'dist', 'main.js'))) {
  console.error('scale benchmark: vipr runs compiled; npm run build first');
  process.exit(1);
}
sweepStaleNamespaces();
await run();
