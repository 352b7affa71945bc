/**
 * Re-enactment by replay (issue 4) for tcpdump/HSRP_coup.pcap and tcpdump/HSRP_failover.pcap: the
 * captured frames of the other routers, fed at their captured times into one engine configured like
 * one of the captured routers, make that engine go through the states the router went through.
 *
 * Each capture starts in the middle of a story, so the engine is first brought to the state the
 * router's first captured frame shows (a pre-roll of 30 s before the capture's first frame): alone,
 * for a router that is Active then, or hearing the Active's first captured hello repeated every hello
 * time, for a router that is Standby. A router whose first frame comes later in the capture (it was
 * switched on then) starts at that frame.
 *
 * Then every hello and coup the router sent is checked against the engine: the engine is in the
 * state the frame carries when the router sent it, or within 50 ms after (the routers send a state's
 * first hello some milliseconds after the event, and their hold timers run some milliseconds off:
 * HSRP_failover.pcap's .20 says Standby 15 ms before a hold time has passed since it said Speak);
 * the engine sends a coup where the router did; and the states of the hellos the engine sends, in
 * order, are those of the router's hellos.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../src/net/pcap.js';
import { decodeFhrpFrame } from '../../../src/protocols/fhrp-frame.js';
import type { HsrpState } from '../../../src/protocols/hsrp/fsm.js';
import { readHsrpFrame } from '../../../src/protocols/hsrp/messages.js';
import { shipPcap } from '../../support/tshark.js';
import { hsrpConfig, Lab } from './lab.js';

const PRE_ROLL_MS = 30_000;
/** How far after a captured frame the engine may reach the state the frame carries (see the header). */
const SLACK_MS = 50;

interface Captured {
  readonly atMs: number;
  readonly ip: string;
  readonly opcode: string;
  readonly state: HsrpState | undefined;
  readonly data: Uint8Array;
}

function capture(name: string): Captured[] {
  const pcap = readCapture(new Uint8Array(readFileSync(shipPcap(name))));
  const first = pcap.frames[0]!;
  const t0 = first.seconds * 1000 + first.nanos / 1e6;
  return pcap.frames.map((f) => {
    const d = decodeFhrpFrame(f.data);
    if (!d?.ok) throw new Error(`${name}: a frame that does not decode`);
    const r = readHsrpFrame(d.value);
    const opcode = d.value.hsrp?.protocol === 'hsrp-v1' ? String(d.value.hsrp.opcode) : 'v2';
    return { atMs: f.seconds * 1000 + f.nanos / 1e6 - t0, ip: d.value.ip.source, opcode, state: r?.message.state, data: f.data };
  });
}

interface Replay {
  readonly capture: string;
  readonly self: string;
  readonly lines: readonly string[];
  /** Alone, or hearing this captured frame (1-based) repeated; undefined: the router starts at its first frame. */
  readonly preRoll: 'alone' | { readonly hearing: number } | undefined;
}

interface Replayed {
  readonly frames: Captured[];
  /** The router's own captured frames. */
  readonly own: Captured[];
  /** The engine's states with the capture time (ms) each began at; the first is Init. */
  readonly states: { atMs: number; state: HsrpState }[];
  /** What the engine sent, at capture time. */
  readonly sent: { atMs: number; opcode: string; state: HsrpState | undefined }[];
  readonly final: HsrpState | undefined;
}

function replay(r: Replay): Replayed {
  const frames = capture(r.capture);
  const own = frames.filter((f) => f.ip === r.self);
  const lab = new Lab();
  const feeder = lab.segment.attach('capture', 'capture', Uint8Array.of(0x02, 0xff, 0, 0, 0, 1));
  if (typeof r.preRoll === 'object') {
    const heard = frames[r.preRoll.hearing - 1]!;
    for (let at = 0; at < PRE_ROLL_MS; at += 3000) lab.clock.setTimer(at, () => feeder.send(heard.data));
  }
  for (const f of frames) if (f.ip !== r.self) lab.clock.setTimer(PRE_ROLL_MS + f.atMs, () => feeder.send(f.data));
  const start = (): void => void lab.add('R', hsrpConfig('R', r.self, r.lines));
  if (r.preRoll === undefined) lab.clock.setTimer(PRE_ROLL_MS + own[0]!.atMs, start);
  else start();
  lab.clock.advance(PRE_ROLL_MS + frames.at(-1)!.atMs + 1000);

  const states: Replayed['states'] = [{ atMs: -Infinity, state: 'init' }];
  for (const l of lab.logs('R')) {
    const m = / state \w+ -> (\w+)$/.exec(l.text);
    if (m) states.push({ atMs: l.at * 1000 - PRE_ROLL_MS, state: m[1]!.toLowerCase() as HsrpState });
  }
  const sent = lab
    .frames()
    .filter((f) => f.from === 'R')
    .map((f) => {
      const read = readHsrpFrame(f.frame);
      return { atMs: f.at * 1000 - PRE_ROLL_MS, opcode: read?.message.opcode ?? 'other', state: read?.message.state };
    });
  return { frames, own, states, sent, final: lab.state('R') };
}

function stateAt(states: Replayed['states'], atMs: number): HsrpState {
  let s: HsrpState = 'init';
  for (const x of states) if (x.atMs <= atMs) s = x.state;
  return s;
}

function collapse(list: readonly (HsrpState | undefined)[]): (HsrpState | undefined)[] {
  return list.filter((s, i) => i === 0 || s !== list[i - 1]);
}

/** The checks of the header, frame by frame; returns the replay for what a case adds. */
function reenacts(r: Replay): Replayed {
  const out = replay(r);
  const hellos = out.own.filter((f) => f.opcode === 'hello');
  expect(hellos.length).toBeGreaterThan(0);
  for (const f of hellos) {
    const now = stateAt(out.states, f.atMs);
    const soon = stateAt(out.states, f.atMs + SLACK_MS);
    expect(now === f.state || soon === f.state, `${r.self} said ${f.state} at ${(f.atMs / 1000).toFixed(3)} s; the engine was ${now}, then ${soon}`).toBe(true);
  }
  for (const c of out.own.filter((f) => f.opcode === 'coup')) {
    const near = out.sent.filter((s) => s.opcode === 'coup' && Math.abs(s.atMs - c.atMs) <= SLACK_MS);
    expect(near.map((s) => s.state), `the coup ${r.self} sent at ${(c.atMs / 1000).toFixed(3)} s`).toEqual([c.state]);
  }
  const lastOwn = out.own.at(-1)!.atMs;
  const engineHellos = out.sent.filter((s) => s.opcode === 'hello' && s.atMs >= 0 && s.atMs <= lastOwn + SLACK_MS);
  expect(collapse(engineHellos.map((s) => s.state))).toEqual(collapse(hellos.map((f) => f.state)));
  return out;
}

describe('replaying tcpdump/HSRP_coup.pcap into one engine', () => {
  const lines = (priority?: number, preempt = false): string[] => ['standby 1 ip 192.168.0.1', ...(priority === undefined ? [] : [`standby 1 priority ${priority}`]), ...(preempt ? ['standby 1 preempt'] : [])];

  it('as 192.168.0.10 (priority 200, preempt), switched on at 20.68 s: a Coup from Listen on the first hello of the Active, then Active', () => {
    const out = reenacts({ capture: 'tcpdump/HSRP_coup.pcap', self: '192.168.0.10', lines: lines(200, true), preRoll: undefined });
    expect(out.final).toBe('active');
    expect(out.states.map((s) => s.state)).toEqual(['init', 'listen', 'active']);
  });

  it('as 192.168.0.30 (the Active): deposed by the Coup to Speak without a Resign, Standby a hold time later', () => {
    const out = reenacts({ capture: 'tcpdump/HSRP_coup.pcap', self: '192.168.0.30', lines: lines(), preRoll: 'alone' });
    expect(out.final).toBe('standby');
    expect(out.sent.filter((s) => s.atMs >= 0).map((s) => s.opcode)).not.toContain('resign');
    expect(out.states.filter((s) => s.atMs >= 0).map((s) => s.state)).toEqual(['speak', 'standby']);
  });

  it('as 192.168.0.20 (the Standby): the deposed Active outranks it in Speak, so it falls back to Listen and goes silent', () => {
    const out = reenacts({ capture: 'tcpdump/HSRP_coup.pcap', self: '192.168.0.20', lines: lines(), preRoll: { hearing: 1 } });
    expect(out.final).toBe('listen');
    expect(out.states.filter((s) => s.atMs >= 0).map((s) => s.state)).toEqual(['listen']);
    const silentFrom = out.states.at(-1)!.atMs;
    expect(out.sent.filter((s) => s.atMs > silentFrom && s.opcode === 'hello')).toEqual([]);
  });
});

describe('replaying tcpdump/HSRP_failover.pcap into one engine', () => {
  const lines = (priority?: number): string[] => ['standby 1 ip 192.168.0.1', ...(priority === undefined ? [] : [`standby 1 priority ${priority}`])];

  it('as 192.168.0.30 (the Standby): Active a hold time after the last hello of .10', () => {
    const out = reenacts({ capture: 'tcpdump/HSRP_failover.pcap', self: '192.168.0.30', lines: lines(), preRoll: { hearing: 1 } });
    expect(out.final).toBe('active');
    const lastOfActive = out.frames.filter((f) => f.ip === '192.168.0.10').at(-1)!.atMs;
    const active = out.states.find((s) => s.state === 'active')!.atMs;
    expect(active - lastOfActive).toBeCloseTo(10_000, 0);
  });

  it('as 192.168.0.20, switched on at 9.63 s: Listen, Speak when the Active falls silent, Standby a hold time later', () => {
    const out = reenacts({ capture: 'tcpdump/HSRP_failover.pcap', self: '192.168.0.20', lines: lines(), preRoll: undefined });
    expect(out.final).toBe('standby');
    expect(out.states.map((s) => s.state)).toEqual(['init', 'listen', 'speak', 'standby']);
  });

  it('as 192.168.0.10 (priority 200): Active for as long as it was heard', () => {
    const out = reenacts({ capture: 'tcpdump/HSRP_failover.pcap', self: '192.168.0.10', lines: lines(200), preRoll: 'alone' });
    expect(out.states.filter((s) => s.atMs >= 0)).toEqual([]);
    expect(stateAt(out.states, 0)).toBe('active');
  });
});
