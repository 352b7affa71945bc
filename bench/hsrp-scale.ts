/**
 * Issue 4 benchmark: two simulated routers with 4096 HSRPv2 groups on one segment for one hour of
 * virtual time. Figures: unexpected state changes after the election (goal 0), hellos processed
 * (received, decoded, authenticated and stepped by an engine) per CPU second (goal ≥ 200,000), and
 * the CPU cost per hello. Run: npx tsx bench/hsrp-scale.ts [groups] [virtual-seconds]
 */
import { loadConfig } from '../src/config/load.js';
import { MemorySegment } from '../src/dataplane/memory/segment.js';
import type { VirtualAddressPlane } from '../src/dataplane/ports.js';
import { NO_TRACKS } from '../src/protocols/engine-deps.js';
import { FrameDispatch } from '../src/protocols/frame-dispatch.js';
import { HsrpEngine } from '../src/protocols/hsrp/engine.js';
import { seededRandom } from '../src/runtime/random.js';
import type { SyslogMessage } from '../src/runtime/syslog.js';
import { ManualClock } from '../src/runtime/clock.js';

const GROUPS = Number(process.argv[2] ?? 4096);
const HOUR_S = Number(process.argv[3] ?? 3600);
const SETTLE_S = 60;
const EPOCH = Date.UTC(2024, 2, 1);

function config(name: string, ip: string, priority: number): string {
  const lines = [`hostname ${name}`, 'interface GigabitEthernet0/1', ` ip address ${ip} 255.0.0.0`, ' standby version 2'];
  for (let g = 0; g < GROUPS; g++) {
    lines.push(` standby ${g} ip 10.${128 + (g >> 8)}.${g & 255}.1`);
    if (priority !== 100) lines.push(` standby ${g} priority ${priority}`);
  }
  return lines.join('\n');
}

const clock = new ManualClock(EPOCH);
const segment = new MemorySegment('lan', clock, 0, false);
const plane: VirtualAddressPlane = { activate: () => undefined, deactivate: () => undefined };
const stateChanges: SyslogMessage[] = [];
let received = 0;

const routers = [
  { name: 'R1', ip: '10.0.0.1', priority: 110 },
  { name: 'R2', ip: '10.0.0.2', priority: 100 },
].map((r, i) => {
  const { config: model, diagnostics } = loadConfig(config(r.name, r.ip, r.priority));
  if (diagnostics.length > 0) throw new Error(`${r.name}: ${diagnostics[0]!.message}`);
  const iface = model.interfaces[0]!;
  const port = segment.attach(r.name, iface.name, Uint8Array.of(0x02, 0, 0, 0, 0, i + 1));
  port.subscribe(() => received++);
  const dispatch = new FrameDispatch(port);
  const log = { log: (m: SyslogMessage): void => void (m.mnemonic === 'STATECHANGE' && stateChanges.push(m)) };
  const deps = { clock, random: seededRandom(i + 1), port, plane, log, tracks: NO_TRACKS, keyChains: () => model.keyChains };
  return new HsrpEngine(deps, { ipv4: r.ip, ipv4PrefixLength: 8, ipv6LinkLocal: undefined }, iface, { dispatch });
});

clock.advance(SETTLE_S * 1000);
const settled = routers.map((e) => {
  const count = new Map<string, number>();
  for (let g = 0; g < GROUPS; g++) count.set(e.state(g) ?? '?', (count.get(e.state(g) ?? '?') ?? 0) + 1);
  return Object.fromEntries(count);
});
const changesBefore = stateChanges.length;
const receivedBefore = received;
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
clock.advance(HOUR_S * 1000);
const wallMs = performance.now() - wall0;
const cpu = process.cpuUsage(cpu0);
const cpuS = (cpu.user + cpu.system) / 1e6;
const hellos = received - receivedBefore;
const unexpected = stateChanges.length - changesBefore;
const perSecond = hellos / cpuS;

console.log(`HSRPv2 scale: 2 routers, ${GROUPS} groups each, one segment, ${HOUR_S} s of virtual time (after ${SETTLE_S} s to elect)`);
console.log(`  states after the election   R1 ${JSON.stringify(settled[0])}  R2 ${JSON.stringify(settled[1])}`);
console.log(`  unexpected state changes    ${unexpected}  (goal 0)`);
console.log(`  hellos processed            ${hellos.toLocaleString('en-US')}`);
console.log(`  CPU                         ${cpuS.toFixed(2)} s (user ${(cpu.user / 1e6).toFixed(2)}, system ${(cpu.system / 1e6).toFixed(2)}), wall ${(wallMs / 1000).toFixed(2)} s`);
console.log(`  hellos per CPU second       ${Math.round(perSecond).toLocaleString('en-US')}  (goal ≥ 200,000)`);
console.log(`  CPU per hello               ${((cpuS * 1e6) / hellos).toFixed(2)} µs (receive + the peer's send, timers included)`);
console.log(`  timers fired                ${clock.fired.toLocaleString('en-US')}, pending at the end ${clock.pendingCount}`);
for (const e of routers) e.shutdown();
process.exitCode = unexpected === 0 ? 0 : 1;
