import { describe, expect, it } from 'vitest';
import type { Track } from '../../../src/model/types.js';
import type { TrackStates } from '../../../src/protocols/engine-deps.js';
import { Tracker } from '../../../src/protocols/track/tracker.js';
import { rig, tracksOf } from './track-fixtures.js';

const GI2 = 'GigabitEthernet0/2';
const GI3 = 'GigabitEthernet0/3';

const BASE = [
  'track 1 interface GigabitEthernet0/2 line-protocol',
  'track 2 ip route 0.0.0.0 0.0.0.0 reachability',
  'track 10 list boolean and',
  ' object 1',
  ' object 2 not',
].join('\n');

describe('Tracker: each kind', () => {
  it('evaluates every object at once, counting the first evaluation as one change, without logging', () => {
    const r = rig(BASE, (i) => i.setLink(GI2, true));
    expect(r.tracker.state(1)).toBe('up');
    expect(r.tracker.state(2)).toBe('down');
    expect(r.tracker.state(10)).toBe('up');
    expect(r.tracker.state(99)).toBeUndefined();
    expect(r.tracker.snapshot().map((s) => [s.id, s.changes])).toEqual([
      [1, 1],
      [2, 1],
      [10, 1],
    ]);
    expect(r.bodies()).toEqual([]);
  });

  it('interface line-protocol and ip routing follow the inputs and log with short names', () => {
    const r = rig('track 1 interface GigabitEthernet0/2 line-protocol\ntrack 3 interface Gi0/3 ip routing', (i) => {
      i.setLink(GI2, true);
      i.setLink(GI3, true);
      i.setIpv4Address(GI3, true);
    });
    r.inputs.setLink(GI2, false);
    r.inputs.setIpv4Address(GI3, false);
    expect(r.tracker.state(1)).toBe('down');
    expect(r.tracker.state(3)).toBe('down');
    expect(r.bodies()).toEqual([
      '%TRACK-6-STATE: 1 interface Gi0/2 line-protocol Up -> Down',
      '%TRACK-6-STATE: 3 interface Gi0/3 ip routing Up -> Down',
    ]);
  });

  it('ip route reachability and metric threshold, ip sla reachability and state', () => {
    const r = rig(
      [
        'track 2 ip route 0.0.0.0 0.0.0.0 reachability',
        'track 4 ip route 10.1.0.0 255.255.0.0 metric threshold',
        'track 5 ip sla 7 reachability',
        'track 6 ip sla 7 state',
      ].join('\n'),
    );
    r.inputs.setRoute('0.0.0.0', 0, true);
    r.inputs.setRoute('10.1.0.0', 16, true);
    r.inputs.setSla(7, 'over-threshold');
    expect([2, 4, 5, 6].map((n) => r.tracker.state(n))).toEqual(['up', 'up', 'up', 'down']);
    r.inputs.setSla(7, 'ok');
    r.inputs.setRoute('0.0.0.0', 0, false);
    expect(r.bodies()).toEqual([
      '%TRACK-6-STATE: 2 ip route 0.0.0.0/0 reachability Down -> Up',
      '%TRACK-6-STATE: 4 ip route 10.1.0.0/16 metric threshold Down -> Up',
      '%TRACK-6-STATE: 5 ip sla 7 reachability Down -> Up',
      '%TRACK-6-STATE: 6 ip sla 7 state Down -> Up',
      '%TRACK-6-STATE: 2 ip route 0.0.0.0/0 reachability Up -> Down',
    ]);
  });

  it('timestamps log lines with the clock and counts changes with the time of the last one', () => {
    const r = rig('track 1 interface GigabitEthernet0/2 line-protocol', (i) => i.setLink(GI2, true), 1_000_000);
    r.clock.advance(10_000);
    r.inputs.setLink(GI2, false);
    r.clock.advance(5_000);
    r.inputs.setLink(GI2, true);
    r.clock.advance(291_000);
    expect(r.log.messages.map((m) => m.atMs)).toEqual([1_010_000, 1_015_000]);
    expect(r.log.messages[0]).toMatchObject({ facility: 'TRACK', severity: 6, mnemonic: 'STATE' });
    const [s] = r.tracker.snapshot(1);
    expect(s).toMatchObject({ changes: 3, lastChangeAgeMs: 291_000, state: 'up' });
  });

  it('hosts without input notifications call inputsChanged()', () => {
    let link = true;
    const inputs = { linkUp: () => link, ipRouting: () => link, routeReachable: () => false, slaReachable: () => false };
    const r = rig(BASE);
    const t = new Tracker({ tracks: tracksOf('track 1 interface Gi0/2 line-protocol'), inputs, clock: r.clock, log: r.log });
    link = false;
    expect(t.state(1)).toBe('up');
    t.inputsChanged();
    expect(t.state(1)).toBe('down');
  });
});

describe('Tracker: delay up|down', () => {
  const CFG = 'track 1 interface GigabitEthernet0/2 line-protocol\n delay up 5 down 3';

  it('publishes a change once it has held for the delay of its direction', () => {
    const r = rig(CFG, (i) => i.setLink(GI2, true));
    r.inputs.setLink(GI2, false);
    expect(r.tracker.state(1)).toBe('up');
    expect(r.tracker.snapshot(1)[0]?.pending).toEqual({ state: 'down', remainingMs: 3000 });
    r.clock.advance(2999);
    expect(r.tracker.state(1)).toBe('up');
    r.clock.advance(1);
    expect(r.tracker.state(1)).toBe('down');
    expect(r.log.messages.map((m) => [m.atMs, m.text])).toEqual([[3000, '1 interface Gi0/2 line-protocol Up -> Down']]);
    r.inputs.setLink(GI2, true);
    r.clock.advance(4999);
    expect(r.tracker.state(1)).toBe('down');
    r.clock.advance(1);
    expect(r.tracker.state(1)).toBe('up');
    expect(r.seen).toEqual(['1 down', '1 up']);
    expect(r.clock.pendingCount).toBe(0);
  });

  it('a flap shorter than the delay changes nothing: no log, no count, no notification, no timer left', () => {
    const r = rig(CFG, (i) => i.setLink(GI2, true));
    r.inputs.setLink(GI2, false);
    r.clock.advance(2000);
    r.inputs.setLink(GI2, true);
    r.clock.advance(60_000);
    expect(r.tracker.state(1)).toBe('up');
    expect(r.bodies()).toEqual([]);
    expect(r.seen).toEqual([]);
    expect(r.tracker.snapshot(1)[0]).toMatchObject({ changes: 1, pending: undefined });
    expect(r.clock.pendingCount).toBe(0);
  });

  it('repeated input events during a delay do not restart it', () => {
    const r = rig(CFG, (i) => i.setLink(GI2, true));
    r.inputs.setLink(GI2, false);
    r.clock.advance(1000);
    r.inputs.setLink(GI2, false);
    r.tracker.inputsChanged();
    r.clock.advance(2000);
    expect(r.tracker.state(1)).toBe('down');
  });

  it("a member's delay delays the list; the list's own delay applies on top", () => {
    const r = rig(
      ['track 1 interface GigabitEthernet0/2 line-protocol', ' delay down 3', 'track 10 list boolean and', ' object 1', ' delay down 2'].join('\n'),
      (i) => i.setLink(GI2, true),
    );
    r.inputs.setLink(GI2, false);
    r.clock.advance(3000);
    expect([r.tracker.state(1), r.tracker.state(10)]).toEqual(['down', 'up']);
    r.clock.advance(2000);
    expect(r.tracker.state(10)).toBe('down');
    expect(r.log.messages.map((m) => [m.atMs, m.text])).toEqual([
      [3000, '1 interface Gi0/2 line-protocol Up -> Down'],
      [5000, '10 list boolean and Up -> Down'],
    ]);
  });
});

describe('Tracker: boolean lists', () => {
  it('and with not, logged after its members', () => {
    const r = rig(BASE, (i) => i.setLink(GI2, true));
    r.inputs.setRoute('0.0.0.0', 0, true);
    expect(r.tracker.state(10)).toBe('down');
    expect(r.bodies()).toEqual([
      '%TRACK-6-STATE: 2 ip route 0.0.0.0/0 reachability Down -> Up',
      '%TRACK-6-STATE: 10 list boolean and Up -> Down',
    ]);
  });

  it('nested lists follow in one pass', () => {
    const r = rig(
      [
        'track 1 interface GigabitEthernet0/2 line-protocol',
        'track 2 interface GigabitEthernet0/3 line-protocol',
        'track 20 list boolean or',
        ' object 1',
        ' object 2',
        'track 30 list boolean and',
        ' object 20',
        ' object 1 not',
      ].join('\n'),
      (i) => i.setLink(GI3, true),
    );
    expect([r.tracker.state(20), r.tracker.state(30)]).toEqual(['up', 'up']);
    r.inputs.setLink(GI3, false);
    expect([r.tracker.state(20), r.tracker.state(30)]).toEqual(['down', 'down']);
    expect(r.seen).toEqual(['2 down', '20 down', '30 down']);
  });

  it('a list over an unknown object is Down, and follows when the object appears', () => {
    const r = rig(['track 11 list boolean or', ' object 5'].join('\n'), (i) => i.setLink(GI2, true));
    expect(r.tracker.state(11)).toBe('down');
    expect(r.tracker.snapshot(11)[0]?.members).toEqual([{ object: 5, not: false, state: undefined, cyclic: false }]);
    r.tracker.update(tracksOf(['track 5 interface GigabitEthernet0/2 line-protocol', 'track 11 list boolean or', ' object 5'].join('\n')));
    expect(r.tracker.state(11)).toBe('up');
    expect(r.seen).toEqual(['5 up', '11 up']);
    expect(r.bodies()).toEqual(['%TRACK-6-STATE: 11 list boolean or Down -> Up']);
  });

  it('a list that reaches itself is Down and evaluation terminates', () => {
    const list = (id: number, members: { object: number; not: boolean }[], op: 'and' | 'or' = 'or'): Track => ({
      id,
      definition: { kind: 'list', op },
      delayUp: undefined,
      delayDown: undefined,
      objects: members,
    });
    const r = rig('track 1 interface GigabitEthernet0/2 line-protocol', (i) => i.setLink(GI2, true));
    const [t1] = tracksOf('track 1 interface GigabitEthernet0/2 line-protocol');
    r.tracker.update([
      t1 as Track,
      list(10, [{ object: 10, not: true }]),
      list(11, [{ object: 12, not: false }]),
      list(12, [{ object: 11, not: false }, { object: 1, not: false }]),
      list(13, [{ object: 11, not: false }, { object: 1, not: false }], 'and'),
    ]);
    expect([10, 11, 12, 13].map((n) => r.tracker.state(n))).toEqual(['down', 'down', 'up', 'down']);
    r.inputs.setLink(GI2, false);
    expect([10, 11, 12, 13].map((n) => r.tracker.state(n))).toEqual(['down', 'down', 'down', 'down']);
    expect(r.tracker.snapshot(12)[0]?.members).toEqual([
      { object: 11, not: false, state: 'down', cyclic: true },
      { object: 1, not: false, state: 'down', cyclic: false },
    ]);
  });
});

describe('Tracker: update', () => {
  it('keeps unchanged objects with their state and change count, adds new ones at once, drops removed ones', () => {
    const r = rig(BASE, (i) => i.setLink(GI2, true));
    r.clock.advance(1000);
    r.inputs.setLink(GI2, false);
    r.clock.advance(60_000);
    r.tracker.update(tracksOf(['track 1 interface GigabitEthernet0/2 line-protocol', 'track 3 ip sla 4 reachability'].join('\n')));
    expect(r.tracker.snapshot().map((s) => [s.id, s.state, s.changes, s.lastChangeAgeMs])).toEqual([
      [1, 'down', 2, 60_000],
      [3, 'down', 1, 0],
    ]);
    expect(r.tracker.state(2)).toBeUndefined();
    expect(r.tracker.state(10)).toBeUndefined();
    expect(r.seen).toEqual(['1 down', '10 down', '3 down']);
  });

  it('a removed object takes its running delay with it', () => {
    const r = rig('track 1 interface GigabitEthernet0/2 line-protocol\n delay down 10', (i) => i.setLink(GI2, true));
    r.inputs.setLink(GI2, false);
    expect(r.clock.pendingCount).toBe(1);
    r.tracker.update([]);
    expect(r.clock.pendingCount).toBe(0);
    r.clock.advance(20_000);
    expect(r.bodies()).toEqual([]);
  });

  it('an unchanged object keeps its running delay; a changed delay restarts it', () => {
    const cfg = 'track 1 interface GigabitEthernet0/2 line-protocol\n delay down 10';
    const r = rig(cfg, (i) => i.setLink(GI2, true));
    r.inputs.setLink(GI2, false);
    r.clock.advance(4000);
    r.tracker.update(tracksOf(cfg));
    r.clock.advance(6000);
    expect(r.tracker.state(1)).toBe('down');
    r.inputs.setLink(GI2, false, true);
    r.tracker.update(tracksOf('track 1 interface GigabitEthernet0/2 line-protocol\n delay up 2'));
    r.inputs.setLink(GI2, true);
    expect(r.tracker.state(1)).toBe('down');
    r.clock.advance(1000);
    // a changed delay while a change waits: the new delay counts from the update
    r.tracker.update(tracksOf('track 1 interface GigabitEthernet0/2 line-protocol\n delay up 3'));
    r.clock.advance(2000);
    expect(r.tracker.state(1)).toBe('down');
    r.clock.advance(2000);
    expect(r.tracker.state(1)).toBe('up');
  });

  it('a changed definition re-evaluates with history kept; a changed kind is a new object', () => {
    const r = rig('track 1 interface GigabitEthernet0/2 line-protocol', (i) => i.setLink(GI2, true));
    r.tracker.update(tracksOf('track 1 interface GigabitEthernet0/3 line-protocol'));
    expect(r.tracker.snapshot(1)[0]).toMatchObject({ state: 'down', changes: 2 });
    expect(r.bodies()).toEqual(['%TRACK-6-STATE: 1 interface Gi0/3 line-protocol Up -> Down']);
    r.tracker.update(tracksOf('track 1 ip sla 3 reachability'));
    expect(r.tracker.snapshot(1)[0]).toMatchObject({ state: 'down', changes: 1 });
    expect(r.bodies()).toHaveLength(1);
  });
});

describe('Tracker as TrackStates', () => {
  it('an engine-style subscriber sees each change once, after every state is consistent', () => {
    const r = rig(BASE, (i) => i.setLink(GI2, true));
    const states: TrackStates = r.tracker;
    const seen: string[] = [];
    const off = states.onChange((object, state) => {
      // what an engine does: recompute from state(), which must already be final
      seen.push(`${object} ${state} list=${states.state(10)}`);
    });
    r.inputs.setLink(GI2, false);
    r.inputs.setLink(GI2, false);
    r.tracker.inputsChanged();
    expect(seen).toEqual(['1 down list=down', '10 down list=down']);
    off();
    r.inputs.setLink(GI2, true);
    expect(seen).toHaveLength(2);
  });

  it('a subscriber may feed changes back in without missing or repeating one', () => {
    const r = rig(['track 1 interface GigabitEthernet0/2 line-protocol', 'track 2 interface GigabitEthernet0/3 line-protocol'].join('\n'));
    r.tracker.onChange((object) => {
      // e.g. an engine whose reaction brings another link up
      if (object === 1) r.inputs.setLink(GI3, true);
    });
    r.inputs.setLink(GI2, true);
    expect(r.seen).toEqual(['1 up', '2 up']);
    expect(r.bodies()).toEqual(['%TRACK-6-STATE: 1 interface Gi0/2 line-protocol Down -> Up', '%TRACK-6-STATE: 2 interface Gi0/3 line-protocol Down -> Up']);
  });

  it('dispose stops timers and notifications', () => {
    const r = rig('track 1 interface GigabitEthernet0/2 line-protocol\n delay down 10', (i) => i.setLink(GI2, true));
    r.inputs.setLink(GI2, false);
    r.tracker.dispose();
    expect(r.clock.pendingCount).toBe(0);
    r.inputs.setLink(GI2, true);
    r.clock.advance(20_000);
    expect(r.seen).toEqual([]);
  });
});
