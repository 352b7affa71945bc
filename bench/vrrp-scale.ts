/**
 * Issue 5 benchmark: 255 VRRPv3 groups (IOS-XE form, IPv4) with 10 cs adverts between two simulated
 * routers for one hour of virtual time. Figures: unexpected state changes after the election (goal 0),
 * adverts processed (received, validated and stepped by an engine) per CPU second (goal ≥ 200,000).
 * keepalived cannot run in virtual time, so there is no side-by-side figure here.
 * Run: npx tsx bench/vrrp-scale.ts [groups] [virtual-seconds]
 */
import { loadConfig } from '../src/config/load.js';
import { MemorySegment } from '../src/dataplane/memory/segment.js';
import type { VirtualAddressPlane } from '../src/dataplane/ports.js';
import { NO_TRACKS } from '../src/protocols/engine-deps.js';
import { FrameDispatch } from '../src/protocols/frame-dispatch.js';
import { VrrpEngine } from '../src/protocols/vrrp/engine.js';
import { seededRandom } from '../src/runtime/random.js';
import type { SyslogMessage } from '../src/runtime/syslog.js';
import { ManualClock } from '../src/runtime/clock.js';

const GROUPS = Number(process.argv[2] ?? 255);
const HOUR_S = Number(process.argv[3] ?? 3600);
const SETTLE_S = 10;
const EPOCH = Date.UTC(2024, 2, 1);

function config(name: string, ip: string, priority: number): string {
  const lines = [`hostname ${name}`, 'fhrp version vrrp v3', 'interface GigabitEthernet0/1', ` ip address ${ip} 255.0.0.0`];
  for (let g = 1; g <= GROUPS; g++) {
    lines.push(` vrrp ${g} address-family ipv4`, `  address 10.1.${g}.1 primary`, '  timers advertise 100');
    if (priority !== 100) lines.push(`  priority ${priority}`);
    lines.push('  exit-vrrp');
  }
  return lines.join('\n');
}

const clock = new ManualClock(EPOCH);
const segment = new MemorySegment('lan', clock, 0, false);
const plane: VirtualAddressPlane = { activate: () => undefined, deactivate: () => undefined };
const stateChanges: SyslogMessage[] = [];
let received = 0;

const engines = [
  { name: 'R1', ip: '10.0.0.1', priority: 110 },
  { name: 'R2', ip: '10.0.0.2', priority: 100 },
].map((r, i) => {
  const { config: model, diagnostics } = loadConfig(config(r.name, r.ip, r.priority));
  if (diagnostics.length > 0) throw new Error(`${r.name}: ${diagnostics[0]!.message} (${diagnostics[0]!.text})`);
  const iface = model.interfaces[0]!;
  const port = segment.attach(r.name, iface.name, Uint8Array.of(0x02, 0, 0, 0, 0, i + 1));
  port.subscribe(() => received++);
  const dispatch = new FrameDispatch(port);
  const log = { log: (m: SyslogMessage): void => void (m.mnemonic.startsWith('STATE') && stateChanges.push(m)) };
  const deps = { clock, random: seededRandom(i + 1), port, plane, log, tracks: NO_TRACKS, keyChains: () => model.keyChains };
  return new VrrpEngine({ deps, addressing: { ipv4: r.ip, ipv4PrefixLength: 8, ipv6LinkLocal: undefined }, iface, fhrpVrrpV3: model.fhrpVrrpV3, dispatch });
});

clock.advance(SETTLE_S * 1000);
const settled = engines.map((e) => {
  const count = new Map<string, number>();
  for (const g of e.snapshot().groups) count.set(g.state, (count.get(g.state) ?? 0) + 1);
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
const adverts = received - receivedBefore;
const unexpected = stateChanges.length - changesBefore;

console.log(`VRRPv3 scale: 2 routers, ${GROUPS} IPv4 groups each, 10 cs adverts, ${HOUR_S} s of virtual time (after ${SETTLE_S} s to elect)`);
console.log(`  states after the election   R1 ${JSON.stringify(settled[0])}  R2 ${JSON.stringify(settled[1])}`);
console.log(`  unexpected state changes    ${unexpected}  (goal 0)`);
console.log(`  adverts processed           ${adverts.toLocaleString('en-US')}`);
console.log(`  CPU                         ${cpuS.toFixed(2)} s (user ${(cpu.user / 1e6).toFixed(2)}, system ${(cpu.system / 1e6).toFixed(2)}), wall ${(wallMs / 1000).toFixed(2)} s`);
console.log(`  adverts per CPU second      ${Math.round(adverts / cpuS).toLocaleString('en-US')}  (goal ≥ 200,000)`);
console.log(`  CPU per advert              ${((cpuS * 1e6) / adverts).toFixed(2)} µs (receive + the Master's send, timers included)`);
console.log('  keepalived: not comparable in virtual time (it runs on the wall clock only)');
for (const e of engines) e.shutdown();
process.exitCode = unexpected === 0 ? 0 : 1;
