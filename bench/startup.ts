/**
 * Issue 6 benchmark: start-up, from spawning the process to its first HSRP hello and first VRRP
 * advertisement on the wire, as an observer on the bridge sees them (test/support/wire-observer.ts).
 *
 * A router alone on a LAN does not speak at once, by protocol: an HSRP group enters Listen when it is
 * enabled and speaks only when its Active timer, armed with the hold time, expires (RFC 2281 §5.4,
 * events a and c: Listen → Speak); a VRRP Backup advertises only once Master_Down_Interval has passed
 * without hearing a Master (RFC 5798 §6.4.2). The figure that measures the implementation is
 * therefore the start-up cost = first frame − spawn − that wait: the time the process took to read
 * its configuration, set its interfaces up and start the group's timers. Both raw times are printed.
 *
 * Short timers keep the runs short (the cost does not depend on them): HSRPv2 hello 100 ms, hold
 * 300 ms; VRRPv3 adverts every 10 cs at priority 100 (Master_Down_Interval 360.9 ms). vipr runs one
 * process with both groups, compiled (bin/vipr.js, `npm run build` first); keepalived 2.2.7 and FRR
 * 8.4 vrrpd (zebra already running: vrrpd alone is started and timed) run the VRRP group for
 * comparison.
 *
 * Run as root: npx tsx bench/startup.ts [runs]
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetnsLab, sweepStaleNamespaces } from '../test/support/netns.js';
import { REPO_ROOT } from '../test/support/tshark.js';
import { stopVipr } from '../test/support/vipr-process.js';
import { FrrVrrpd, Keepalived, LineLog, masterDownMs, type VrrpGroupSpec } from '../test/support/vrrp-peers.js';
import { WireObserver, type WireFrame } from '../test/support/wire-observer.js';

const RUNS = Number(process.argv[2] ?? 7);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`runs: a positive integer, not ${process.argv[2]}`);

const HSRP_GROUP = 1;
const HSRP_HOLD_MS = 300;
const VRID = 2;
const PRIORITY = 100;
const VRRP: VrrpGroupSpec = { vrid: VRID, version: 3, family: 4, priority: PRIORITY, advertMs: 100, addresses: ['10.0.0.251'] };
const MDI_MS = masterDownMs(VRRP, PRIORITY);
const GOAL_MS = 500;

function viprConfig(address: string): string {
  return `${[
    'hostname S',
    'fhrp version vrrp v3',
    'interface GigabitEthernet0/1',
    ` ip address ${address} 255.255.255.0`,
    ' standby version 2',
    ` standby ${HSRP_GROUP} ip 10.0.0.250`,
    ` standby ${HSRP_GROUP} timers msec 100 msec ${HSRP_HOLD_MS}`,
    ` vrrp ${VRID} address-family ipv4`,
    `  address ${VRRP.addresses[0]} primary`,
    `  priority ${PRIORITY}`,
    `  timers advertise ${VRRP.advertMs}`,
    '!',
    'end',
  ].join('\n')}\n`;
}

interface Sample {
  /** spawn → first frame, ms */
  readonly rawMs: number;
  /** the same less the protocol's wait */
  readonly costMs: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The first frame from `address` (or, VRRP, with the router's priority) after `since`. */
async function firstFrame(obs: WireObserver, since: number, match: (f: WireFrame) => boolean, what: string): Promise<WireFrame> {
  return obs.waitFor((f) => f.atMs >= since && match(f), 15_000, what);
}

function sample(spawnedAt: number, frame: WireFrame, waitMs: number): Sample {
  const rawMs = frame.atMs - spawnedAt;
  return { rawMs, costMs: rawMs - waitMs };
}

const isVrrp = (address: string) => (f: WireFrame): boolean => f.protocol === 'vrrp-v3' && f.group === VRID && f.priority === PRIORITY && f.sourceIp === address;

async function main(): Promise<Map<string, Sample[]>> {
  const lab = new NetnsLab('startup');
  const dir = mkdtempSync(join(tmpdir(), 'vipr-startup-'));
  const results = new Map<string, Sample[]>([
    ['vipr: groups started (log)', []],
    ['vipr HSRPv2 hello', []],
    ['vipr VRRPv3 advert', []],
    ['keepalived 2.2.7 VRRPv3 advert', []],
    ['FRR 8.4 vrrpd VRRPv3 advert', []],
  ]);
  let frr: FrrVrrpd | undefined;
  try {
    const sw = lab.namespace('sw');
    lab.bridge(sw, 'br0', []);
    const obs = await WireObserver.start(lab, sw, 'br0', 'p9', dir);
    const router = (short: string, port: string, address?: string): string => {
      const ns = lab.namespace(short);
      lab.veth(ns, 'eth1', sw, port);
      lab.ip(sw, 'link', 'set', port, 'master', 'br0');
      if (address !== undefined) lab.ip(ns, 'addr', 'add', `${address}/24`, 'dev', 'eth1');
      return ns;
    };

    const vns = router('v', 'p1');
    const vipFile = join(dir, 'S.cfg');
    writeFileSync(vipFile, viprConfig('10.0.0.2'));
    for (let i = 0; i < RUNS; i++) {
      const socket = join(dir, 'S.sock');
      const spawnedAt = Date.now();
      const child = lab.spawn(vns, process.execPath, [join(REPO_ROOT, 'bin', 'vipr.js'), 'run', '--config', vipFile, '--state', join(dir, 'S.state.json'), '--ssh-port', '0', '--socket', socket]);
      const log = new LineLog('vipr', child);
      const [hello, advert] = await Promise.all([
        firstFrame(obs, spawnedAt, (f) => f.protocol === 'hsrp-v2' && f.group === HSRP_GROUP && f.opcode === 'hello' && f.sourceIp === '10.0.0.2', 'vipr HSRP hello'),
        firstFrame(obs, spawnedAt, isVrrp('10.0.0.2'), 'vipr VRRP advert'),
      ]).catch((e: Error) => {
        throw new Error(`${e.message}; vipr log:\n${log.tail()}`);
      });
      // The HSRP group's `Init -> Listen` line: the process is up, the interface configured, the engines running.
      const listen = await log.waitFor(/%HSRP-5-STATECHANGE: .* Init -> Listen/, 0, 5000);
      results.get('vipr: groups started (log)')!.push({ rawMs: listen.at - spawnedAt, costMs: listen.at - spawnedAt });
      results.get('vipr HSRPv2 hello')!.push(sample(spawnedAt, hello, HSRP_HOLD_MS));
      results.get('vipr VRRPv3 advert')!.push(sample(spawnedAt, advert, MDI_MS));
      await stopVipr({ name: 'vipr', child, out: [], socket, configFile: vipFile }, 'SIGTERM');
      await sleep(500);
    }

    const kns = router('k', 'p2', '10.0.0.3');
    for (let i = 0; i < RUNS; i++) {
      const spawnedAt = Date.now();
      const k = await Keepalived.start(lab, kns, dir, `K${i}`, VRRP);
      results.get('keepalived 2.2.7 VRRPv3 advert')!.push(sample(spawnedAt, await firstFrame(obs, spawnedAt, isVrrp('10.0.0.3'), 'keepalived advert'), MDI_MS));
      await k.stop();
      await sleep(500);
    }

    const fns = router('f', 'p3', '10.0.0.4');
    // zebra and a first vrrpd; each timed run starts vrrpd alone, as a restarted daemon would be.
    frr = await FrrVrrpd.start(lab, fns, dir, 'F', VRRP);
    for (let i = 0; i < RUNS; i++) {
      await frr.kill();
      await sleep(500);
      const spawnedAt = Date.now();
      await frr.restart(PRIORITY);
      // Matched by VRID and priority, not source address: FRR sends from its macvlan, and only one router runs at a time.
      const advert = await firstFrame(obs, spawnedAt, (f) => f.protocol === 'vrrp-v3' && f.group === VRID && f.priority === PRIORITY, 'FRR advert');
      results.get('FRR 8.4 vrrpd VRRPv3 advert')!.push(sample(spawnedAt, advert, MDI_MS));
    }
    await obs.stop();
    return results;
  } finally {
    await frr?.close().catch(() => undefined);
    await lab.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

if (process.getuid?.() !== 0) {
  console.error('startup benchmark: run as root (network namespaces)');
  process.exit(1);
}
if (!existsSync(join(REPO_ROOT, 'dist', 'main.js'))) {
  console.error('startup benchmark: vipr runs compiled; npm run build first');
  process.exit(1);
}
sweepStaleNamespaces();
console.log(`Start-up: spawn to first frame on the wire, ${RUNS} runs; protocol wait: HSRP hold ${HSRP_HOLD_MS} ms, VRRPv3 Master_Down_Interval ${MDI_MS.toFixed(1)} ms`);
const results = await main();
const f = (x: number): string => x.toFixed(1);
console.log('');
console.log(`${'what'.padEnd(32)}${'raw median'.padEnd(12)}${'raw max'.padEnd(10)}${'cost median'.padEnd(13)}${'cost max'.padEnd(10)}goal < ${GOAL_MS} ms`);
for (const [what, s] of results) {
  const cost = s.map((x) => x.costMs);
  const raw = s.map((x) => x.rawMs);
  const goal = what.startsWith('vipr ') ? (Math.max(...cost) < GOAL_MS ? 'met' : 'NOT met') : '-';
  console.log(`${what.padEnd(32)}${f(median(raw)).padEnd(12)}${f(Math.max(...raw)).padEnd(10)}${f(median(cost)).padEnd(13)}${f(Math.max(...cost)).padEnd(10)}${goal}`);
}
