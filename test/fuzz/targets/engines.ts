/**
 * Fuzz targets for the HSRP and VRRP engines: a router whose group cannot lose an honest election —
 * HSRP priority 255 with preempt, VRRP address owner (priority 255, RFC 3768 §5.3.4) — hears
 * sequences of hostile frames (mutations of hellos, coups, resigns and adverts crafted for its very
 * groups, of the real captures, random bytes) with its clock moving between them.
 *
 * Properties: nothing throws out of the receive path (DESIGN D6: a bad frame is a counted drop), and
 * the group stays Active / Master unless a frame that wins the election by the protocol's own rules
 * was heard — a valid frame for that group with priority 255 from a higher IP address (RFC 2281 §5.4
 * / RFC 3768 §6.4.3: equal priority, the higher primary address wins), with the right authentication
 * (HSRP: the default text `cisco`) and, for VRRP, the checks RFC 3768 §7.1 says MUST be made (TTL 255,
 * checksum, version, auth type).
 */
import fc from 'fast-check';
import { toHex } from '../../../src/net/bytes.js';
import { parseIpv4 } from '../../../src/net/ip-address.js';
import { formatMac, virtualMac } from '../../../src/net/mac.js';
import { loadConfig } from '../../../src/config/load.js';
import { MemorySegment, type MemoryPort } from '../../../src/dataplane/memory/segment.js';
import type { RouterConfig } from '../../../src/model/types.js';
import { decodeFhrpFrame, encodeFhrpFrame, type FhrpFrame, type FhrpFrameInput } from '../../../src/protocols/fhrp-frame.js';
import { Router } from '../../../src/router/router.js';
import { ManualClock } from '../../../src/runtime/clock.js';
import { seededRandom } from '../../../src/runtime/random.js';
import { bytesFromJson, mutatedFrom, samples } from '../support/inputs.js';
import { defineTarget, expectThat } from '../support/target.js';

const OUR_ADDRESS = '10.0.0.254';
const HSRP_GROUP = 1;
const VRID = 2;

const CONFIG = `hostname R1
interface GigabitEthernet0/1
 ip address ${OUR_ADDRESS} 255.255.255.0
 standby ${HSRP_GROUP} ip 10.0.0.1
 standby ${HSRP_GROUP} priority 255
 standby ${HSRP_GROUP} preempt
 vrrp ${VRID} ip ${OUR_ADDRESS}
`;

let base: RouterConfig | undefined;

function config(): RouterConfig {
  if (base !== undefined) return base;
  const r = loadConfig(CONFIG);
  if (r.diagnostics.length > 0) throw new Error(JSON.stringify(r.diagnostics));
  base = r.config;
  return base;
}

function u32(ip: string): number {
  const b = parseIpv4(ip);
  return b === undefined ? -1 : ((b[0] as number) * 2 ** 24 + (b[1] as number) * 2 ** 16 + (b[2] as number) * 2 ** 8 + (b[3] as number));
}

/** Could this frame, by the protocol's rules, take the group from a priority-255 router at OUR_ADDRESS? */
function wins(frame: FhrpFrame): boolean {
  const source = 'source' in frame.ip ? frame.ip.source : '';
  if (frame.ip.version !== 4 || u32(source) <= u32(OUR_ADDRESS)) return false;
  if (frame.hsrp !== undefined) {
    const m = frame.hsrp;
    if (m.protocol !== 'hsrp-v1' || typeof m.opcode !== 'string' || m.opcode === 'advertise') return false;
    const g = m as { group: number; priority: number; authText: string; md5?: unknown };
    return g.group === HSRP_GROUP && g.priority >= 255 && g.authText === 'cisco' && g.md5 === undefined;
  }
  if (frame.vrrp !== undefined) {
    const m = frame.vrrp;
    const ttl = 'ttl' in frame.ip ? frame.ip.ttl : -1;
    const authOk = m.version === 3 || m.authType === 'none';
    return m.vrid === VRID && m.priority >= 255 && ttl === 255 && frame.vrrpChecksum?.status === 'good' && authOk;
  }
  return false;
}

const PEER = { ip: { source: '10.0.0.2' } };

/** Frames a peer on the LAN could send to these groups: the starting points of the mutations. */
function craftedFrames(): Uint8Array[] {
  const out: Uint8Array[] = [];
  const hsrp = (opcode: 'hello' | 'coup' | 'resign', state: 'active' | 'standby' | 'speak', priority: number, source: string): FhrpFrameInput => ({
    ethernet: { source: formatMac(state === 'active' ? virtualMac('hsrp-v1', HSRP_GROUP) : Uint8Array.of(0, 0x11, 0x22, 0x33, 0x44, 0x55)) },
    ip: { source },
    hsrp: { protocol: 'hsrp-v1', opcode, state, helloTimeS: 3, holdTimeS: 10, priority, group: HSRP_GROUP, reserved: 0, authText: 'cisco', virtualIp: '10.0.0.1' },
  });
  for (const [op, st] of [['hello', 'active'], ['hello', 'standby'], ['coup', 'speak'], ['resign', 'active'], ['hello', 'speak']] as const) {
    for (const p of [254, 255]) out.push(encodeFhrpFrame(hsrp(op, st, p, '10.0.0.2')));
  }
  out.push(encodeFhrpFrame(hsrp('coup', 'speak', 254, '10.0.0.255')));
  const vrrp2 = (priority: number, source: string): FhrpFrameInput => ({
    ethernet: { source: formatMac(virtualMac('vrrp-ipv4', VRID)) },
    ip: { source },
    vrrp: { version: 2, vrid: VRID, priority, authType: 'none', adverIntSec: 1, addresses: [OUR_ADDRESS] },
  });
  for (const p of [0, 100, 254, 255]) out.push(encodeFhrpFrame(vrrp2(p, '10.0.0.2')));
  out.push(encodeFhrpFrame(vrrp2(254, '10.0.0.255')));
  out.push(encodeFhrpFrame({ ...PEER, vrrp: { version: 3, family: 4, vrid: VRID, priority: 255, maxAdverIntCs: 100, addresses: [OUR_ADDRESS] } }));
  return out;
}

let bases: Uint8Array[] | undefined;

function baseFrames(): Uint8Array[] {
  bases ??= [...craftedFrames(), ...samples().fhrp.slice(0, 40).map((s) => s.bytes)];
  return bases;
}

export type EngineEvent = { readonly frame: Uint8Array } | { readonly tickMs: number };

export interface EngineStep {
  readonly hsrp: string | undefined;
  readonly vrrp: string | undefined;
  /** A frame heard so far could legitimately take the group. */
  readonly hsrpMayLose: boolean;
  readonly vrrpMayLose: boolean;
}

/**
 * Runs the events against a fresh router that has converged alone; the groups' states after each
 * event, then (`end`) after a quiet period long enough for any hold time a winner announced.
 */
export function runEngines(events: readonly EngineEvent[]): { readonly start: EngineStep; readonly steps: readonly EngineStep[]; readonly end: EngineStep } {
  const clock = new ManualClock(Date.UTC(2024, 2, 1));
  const segment = new MemorySegment('lan', clock, 0, false);
  const port = segment.attach('R1', 'GigabitEthernet0/1', Uint8Array.of(0xaa, 0xbb, 0xcc, 0, 0, 1));
  const peer: MemoryPort = segment.attach('peer', 'eth0', Uint8Array.of(0, 0x11, 0x22, 0x33, 0x44, 0x55));
  const plane = { activate: () => undefined, deactivate: () => undefined };
  const r1 = new Router({ config: config(), clock, random: seededRandom(1), log: { log: () => undefined }, plane, ports: new Map([['GigabitEthernet0/1', port]]) });
  let hsrpMayLose = false;
  let vrrpMayLose = false;
  const step = (): EngineStep => ({
    hsrp: r1.hsrpSnapshot().find((g) => g.group === HSRP_GROUP)?.state,
    vrrp: r1
      .vrrpSnapshot()
      .flatMap((i) => i.groups)
      .find((g) => g.vrid === VRID)?.state,
    hsrpMayLose,
    vrrpMayLose,
  });
  // An uncontested router is Active after listen + speak (2 × hold time, RFC 2281 §5.5); the owner is Master at once.
  clock.advance(25_000);
  const start = step();
  const steps: EngineStep[] = [];
  for (const e of events) {
    if ('tickMs' in e) clock.advance(e.tickMs);
    else {
      const d = decodeFhrpFrame(e.frame);
      if (d !== undefined && d.ok && wins(d.value)) {
        if (d.value.hsrp !== undefined) hsrpMayLose = true;
        else vrrpMayLose = true;
      }
      peer.send(e.frame);
      // The segment delivers with a timer at the current instant.
      clock.advance(0);
    }
    steps.push(step());
  }
  clock.advance(40_000);
  let end = step();
  // A winner may have announced a hold time of up to 255 s (RFC 2281 §5.1; IOS learns the Active's
  // timers): the group comes back once that has run out.
  if ((end.hsrpMayLose && end.hsrp !== 'active') || (end.vrrpMayLose && end.vrrp !== 'master')) {
    clock.advance(260_000);
    end = step();
  }
  r1.shutdown();
  return { start, steps, end };
}

function checkEngines(events: readonly EngineEvent[]): void {
  const { start, steps, end } = runEngines(events);
  expectThat(start.hsrp === 'active' && start.vrrp === 'master', () => `the router did not converge alone: ${JSON.stringify(start)}`);
  steps.forEach((s, i) => {
    const e = events[i] as EngineEvent;
    const what = (): string => ('frame' in e ? toHex(e.frame) : `tick ${e.tickMs}`);
    expectThat(s.hsrpMayLose || s.hsrp === 'active', () => `event ${i}: HSRP group ${HSRP_GROUP} at priority 255 went ${String(s.hsrp)} without a winning frame (${what()})`);
    expectThat(s.vrrpMayLose || s.vrrp === 'master', () => `event ${i}: VRRP owner group ${VRID} went ${String(s.vrrp)} without a winning frame (${what()})`);
  });
  // Whatever it heard, a router left alone takes its groups back: nothing is wedged.
  expectThat(end.hsrp === 'active' && end.vrrp === 'master', () => `after the last event and a quiet period the groups are ${JSON.stringify({ hsrp: end.hsrp, vrrp: end.vrrp })}`);
}

export const engineTarget = defineTarget<EngineEvent[]>({
  name: 'fhrp-engines',
  what: 'a router with HSRP priority 255 + preempt and a VRRP owner group: 1–16 events of mutated hellos/coups/resigns/adverts for its groups, mutated capture frames, random bytes, clock ticks',
  arbitrary: () =>
    fc.array(
      fc.oneof(
        { arbitrary: mutatedFrom(baseFrames(), 4).map((frame) => ({ frame })), weight: 6 },
        { arbitrary: fc.constantFrom(...baseFrames()).map((frame) => ({ frame })), weight: 2 },
        { arbitrary: fc.uint8Array({ minLength: 14, maxLength: 120 }).map((frame) => ({ frame })), weight: 1 },
        { arbitrary: fc.integer({ min: 1, max: 12_000 }).map((tickMs) => ({ tickMs })), weight: 2 },
      ),
      { minLength: 1, maxLength: 16 },
    ),
  check: checkEngines,
  toJson: (l) => l.map((e) => ('frame' in e ? { frame: toHex(e.frame) } : e)),
  fromJson: (j) => (j as Record<string, unknown>[]).map((e) => ('frame' in e ? { frame: bytesFromJson(e.frame) } : { tickMs: Number(e.tickMs) })),
});
