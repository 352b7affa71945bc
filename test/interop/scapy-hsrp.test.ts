/**
 * vipr against an independent HSRPv1 implementation (issue 6, item 3): scapy's HSRP layer
 * (scapy.layers.hsrp, Debian python3-scapy under /usr/bin/python3) speaks for a second router from
 * its own namespace, and decodes every frame vipr sends. vipr must handle hellos, a Resign and a Coup
 * as IOS does (RFC 2281 §5.5–§5.7; spec §4.4 and the captures it cites), and scapy must read vipr's
 * frames as the HSRPv1 of spec §1 (224.0.0.2, UDP 1985, TTL 1, CS6, text auth "cisco", the virtual
 * MAC as source while Active).
 *
 * Group 1 (vipr preempts): scapy Active at 200 → vipr Standby; scapy resigns → vipr Active at once;
 * scapy coups at 200 → vipr Speak, no Resign, then Standby; scapy drops to 50 → vipr coups and is
 * Active; scapy keeps claiming Active at 50 → vipr stays Active and coups again.
 * Group 2 (no preempt): scapy Active at 50 throughout → vipr (100) stays Standby and never coups.
 * At the end every frame vipr sent is dissected by tshark (test/support/wire-check.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentEvent, NetnsLab, NodeAgent } from '../support/netns.js';
import { lineMark, startVipr, stopVipr, viprCli, type ViprProcess, waitForLine } from '../support/vipr-process.js';
import { WireCheck } from '../support/wire-check.js';

/** Debian's interpreter, where python3-scapy lives (scripts/setup-test-deps.sh installs it). */
const PYTHON = '/usr/bin/python3';
const VIPR_IP = '10.41.0.2';
const SCAPY_IP = '10.41.0.10';
const VMAC1 = '00:00:0c:07:ac:01';
const VMAC2 = '00:00:0c:07:ac:02';
/** scapy's router: IOS default-like whole-second timers, hello every second, hold 3 s. */
const SCAPY_TIMERS = { hellotime: 1, holdtime: 3, period_ms: 1000 };
const HOLD_MS = SCAPY_TIMERS.holdtime * 1000;

const CONFIG = `hostname R1
interface GigabitEthernet0/1
 ip address ${VIPR_IP} 255.255.255.0
 standby 1 ip 10.41.0.1
 standby 1 timers msec 300 msec 900
 standby 1 preempt
 standby 2 ip 10.41.0.254
 standby 2 timers msec 300 msec 900
end
`;

interface Heard extends AgentEvent {
  readonly t: number;
  readonly srcMac: string;
  readonly dstMac: string;
  readonly srcIp: string;
  readonly dstIp: string;
  readonly ttl: number;
  readonly tos: number;
  readonly sport: number;
  readonly dport: number;
  readonly version: number;
  readonly opcode: string;
  readonly state: string;
  readonly hellotime: number;
  readonly holdtime: number;
  readonly priority: number;
  readonly group: number;
  readonly auth: string;
  readonly vip: string;
}

const fromVipr =
  (group: number, opcode: string, state?: string, afterS = 0) =>
  (e: AgentEvent): boolean => {
    const h = e as Heard;
    return e.event === 'hsrp' && h.srcIp === VIPR_IP && h.group === group && h.opcode === opcode && (state === undefined || h.state === state) && h.t > afterS;
  };

describe('vipr and scapy as HSRPv1 peers', () => {
  const lab = new NetnsLab('scapy');
  const dir = mkdtempSync(join(tmpdir(), 'vipr-scapy-'));
  let r1: string;
  let peer: string;
  let speaker: NodeAgent;
  let vipr: ViprProcess;
  const wire = new WireCheck(dir);

  beforeAll(async () => {
    r1 = lab.namespace('r1');
    peer = lab.namespace('s');
    lab.veth(r1, 'eth1', peer, 'eth1');
    await wire.capture(lab, r1, 'R1', { expect: ['hsrp', 'arp'] });
    speaker = new NodeAgent(lab.spawn(peer, PYTHON, ['test/support/hsrp_speaker.py', 'eth1', SCAPY_IP]), 'hsrp_speaker.py');
    await speaker.ready;
  }, 30_000);

  afterAll(async () => {
    await lab.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  const hello = (group: number, priority: number, vip: string, srcMac: string): Promise<unknown> =>
    speaker.request('hello', { group, state: 'active', priority, vip, src_mac: srcMac, ...SCAPY_TIMERS });
  const events = (match: (e: AgentEvent) => boolean): Heard[] => speaker.events.filter(match) as Heard[];

  it('a higher-priority scapy Active makes vipr Standby; scapy decodes vipr hellos field by field', async () => {
    await hello(1, 200, '10.41.0.1', VMAC1);
    await hello(2, 50, '10.41.0.254', VMAC2);
    vipr = startVipr(lab, r1, dir, 'R1', CONFIG);
    await waitForLine(vipr, /Grp 1 state Speak -> Standby/, 15_000);
    await waitForLine(vipr, /Grp 2 state Speak -> Standby/, 15_000);
    const own = (JSON.parse(lab.ip(r1, '-j', 'link', 'show', 'eth1')) as { address: string }[])[0]!.address;
    const standby = (await speaker.waitFor(fromVipr(1, 'Hello', 'Standby'), 5000, 'a Standby hello from vipr')) as Heard;
    // spec §1.1–§1.3: the HSRPv1 header and transport; msec timers go out as whole seconds (1 and 2).
    expect(standby).toMatchObject({
      srcMac: own,
      dstMac: '01:00:5e:00:00:02',
      dstIp: '224.0.0.2',
      ttl: 1,
      tos: 0xc0,
      sport: 1985,
      dport: 1985,
      version: 0,
      hellotime: 1,
      holdtime: 2,
      priority: 100,
      group: 1,
      auth: 'cisco',
      vip: '10.41.0.1',
    });
    // Speak came first: a router announces itself before it is Standby (RFC 2281 §5.3).
    expect(events(fromVipr(1, 'Hello', 'Speak')).length).toBeGreaterThan(0);
    expect(events(fromVipr(1, 'Hello', 'Active'))).toEqual([]);
    const brief = await viprCli(vipr.socket, 'show standby brief');
    expect(brief).toMatch(/Gi0\/1\s+1\s+100 P Standby 10\.41\.0\.10\s+local\s+10\.41\.0\.1/);
    expect(brief).toMatch(/Gi0\/1\s+2\s+100\s+Standby 10\.41\.0\.10\s+local\s+10\.41\.0\.254/);
  });

  it('a Resign from scapy makes vipr Active at once, its hellos from the virtual MAC', async () => {
    await speaker.request('stop', { group: 1 });
    const mark = lineMark(vipr);
    const { at } = await speaker.request<{ at: number }>('send', { opcode: 'resign', group: 1, state: 'active', priority: 200, vip: '10.41.0.1', src_mac: VMAC1, ...SCAPY_TIMERS });
    await waitForLine(vipr, /Grp 1 state Standby -> Active/, HOLD_MS, mark);
    const first = (await speaker.waitFor(fromVipr(1, 'Hello', 'Active', at), 2000, 'an Active hello from vipr')) as Heard;
    const afterMs = Math.round((first.t - at) * 1000);
    console.log(`vipr's first Active hello ${afterMs} ms after scapy's Resign (scapy's hold time ${HOLD_MS} ms)`);
    // RFC 2281 §5.7 event i: Standby + Resign → Active without waiting for the active timer.
    expect(afterMs).toBeLessThan(HOLD_MS / 3);
    expect(first.srcMac).toBe(VMAC1);
  });

  it("scapy's Coup at a higher priority puts vipr in Speak without a Resign, then Standby", async () => {
    const mark = lineMark(vipr);
    const { at } = await speaker.request<{ at: number }>('send', { opcode: 'coup', group: 1, state: 'speak', priority: 200, vip: '10.41.0.1', ...SCAPY_TIMERS });
    await hello(1, 200, '10.41.0.1', VMAC1);
    await waitForLine(vipr, /Grp 1 state Active -> Speak/, 2000, mark);
    const next = (await speaker.waitFor((e) => fromVipr(1, 'Hello', undefined, at)(e) || fromVipr(1, 'Resign', undefined, at)(e), 2000, 'vipr after the coup')) as Heard;
    // tcpdump/HSRP_coup.pcap: the deposed Active's next frame is a Speak hello; it sends no Resign.
    expect([next.opcode, next.state]).toEqual(['Hello', 'Speak']);
    await waitForLine(vipr, /Grp 1 state Speak -> Standby/, 5000, mark);
    expect(events(fromVipr(1, 'Resign', undefined, at))).toEqual([]);
  });

  it('a lower-priority scapy Active is couped by vipr (preempt), which then stays Active', async () => {
    const mark = lineMark(vipr);
    const at = Date.now() / 1000;
    await hello(1, 50, '10.41.0.1', VMAC1);
    // spec §4.4: Standby + hello of a lower-priority Active, with preempt → Coup, then Active.
    const coup = (await speaker.waitFor(fromVipr(1, 'Coup', undefined, at), 3000, 'a Coup from vipr')) as Heard;
    expect(coup).toMatchObject({ state: 'Standby', priority: 100, vip: '10.41.0.1' });
    await waitForLine(vipr, /Grp 1 state Standby -> Active/, 2000, mark);
    const activeAt = Date.now() / 1000;
    // Active + hello of a lower-priority Active → Coup again, and vipr stays Active (RFC 2281 §5.7 h).
    await speaker.waitForCount(fromVipr(1, 'Coup', 'Active', activeAt), 2, 4000, 'Coups from the Active vipr');
    expect(vipr.out.join('').split('\n').slice(mark)).not.toContainEqual(expect.stringMatching(/Grp 1 state Active -> /));
    expect(await viprCli(vipr.socket, 'show standby brief')).toMatch(/Gi0\/1\s+1\s+100 P Active\s+local\s+unknown\s+10\.41\.0\.1/);
  });

  it('without preempt vipr stays Standby under a lower-priority Active and never coups', async () => {
    expect(events(fromVipr(2, 'Coup'))).toEqual([]);
    expect(events(fromVipr(2, 'Hello', 'Active'))).toEqual([]);
    expect(vipr.out.join('')).not.toMatch(/Grp 2 state \w+ -> Active/);
    expect(events(fromVipr(2, 'Hello', 'Standby')).length).toBeGreaterThan(0);
    await speaker.request('stop', { group: 1 });
    await speaker.request('stop', { group: 2 });
  });

  it('every frame vipr sent is dissected by tshark with no malformed or error item', async () => {
    await stopVipr(vipr, 'SIGTERM');
    await wire.check((ok, message) => expect(ok, message).toBe(true));
  }, 30_000);
});
