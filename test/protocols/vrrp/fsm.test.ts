import { describe, expect, it } from 'vitest';
import { initialState, step, type VrrpFsmParams, type VrrpFsmState } from '../../../src/protocols/vrrp/fsm.js';
import {
  displayMs,
  masterDownIntervalMs,
  masterDownIntervalV2Sec,
  masterDownIntervalV3Cs,
  skewTimeMs,
  skewTimeV2Sec,
  skewTimeV3Cs,
} from '../../../src/protocols/vrrp/timers.js';

const BASE: VrrpFsmParams = {
  version: 3,
  priority: 100,
  downIntervalPriority: 100,
  preempt: true,
  preemptDelayMs: 0,
  advertisementIntervalCs: 100,
  learnInterval: true,
  primaryAddress: '10.0.0.2',
};

function params(p: Partial<VrrpFsmParams> = {}): VrrpFsmParams {
  const merged = { ...BASE, ...p };
  return { ...merged, downIntervalPriority: p.downIntervalPriority ?? merged.priority };
}

function started(p: Partial<VrrpFsmParams> = {}): VrrpFsmState {
  return step(initialState(params(p)), { kind: 'startup' }).state;
}

describe('timer formulas (RFC 3768 §6.1, RFC 5798 §6.1, spec §5.5)', () => {
  it('gives the values real IOS prints', () => {
    expect(displayMs(masterDownIntervalMs(2, 110, 100))).toBe(3570);
    expect(displayMs(masterDownIntervalMs(2, 100, 100))).toBe(3609);
    expect(displayMs(masterDownIntervalMs(3, 110, 100))).toBe(3570);
    expect(displayMs(masterDownIntervalMs(3, 90, 100))).toBe(3648);
  });

  it('keeps the RFC units', () => {
    expect(skewTimeV2Sec(100)).toBe(156 / 256);
    expect(masterDownIntervalV2Sec(1, 100)).toBe(3 + 156 / 256);
    expect(skewTimeV3Cs(110, 100)).toBe((146 * 100) / 256);
    expect(masterDownIntervalV3Cs(100, 90)).toBe(300 + (166 * 100) / 256);
    // v2's skew does not scale with the interval, v3's does.
    expect(skewTimeMs(2, 100, 1000)).toBe(609.375);
    expect(skewTimeMs(3, 100, 1000)).toBe(6093.75);
  });
});

describe('VRRP FSM', () => {
  it('Initialize → Backup arms Master_Down_Timer (RFC 5798 §6.4.1)', () => {
    const r = step(initialState(params()), { kind: 'startup' });
    expect(r.state.state).toBe('backup');
    expect(r.actions).toEqual([
      { kind: 'transition', from: 'init', to: 'backup' },
      { kind: 'arm', timer: 'master-down', delayMs: 3609.375 },
    ]);
  });

  it('the owner (255) goes straight to Master, announcing before its first advert', () => {
    const r = step(initialState(params({ priority: 255 })), { kind: 'startup' });
    expect(r.state.state).toBe('master');
    expect(r.actions.map((a) => a.kind)).toEqual(['transition', 'cancel', 'cancel', 'take-over', 'send-advert', 'arm']);
    expect(r.actions).toContainEqual({ kind: 'send-advert', priority: 255 });
  });

  it('Master_Down_Timer expiry makes a Backup Master', () => {
    const r = step(started(), { kind: 'timer', timer: 'master-down' });
    expect(r.state.state).toBe('master');
    expect(r.actions).toContainEqual({ kind: 'arm', timer: 'adver', delayMs: 1000 });
  });

  it('a priority-0 advert shortens the wait to Skew_Time', () => {
    const r = step(started({ priority: 50, version: 2 }), { kind: 'advert', priority: 0, adverIntervalCs: 100, source: '10.0.0.9' });
    expect(r.state.state).toBe('backup');
    expect(r.actions).toEqual([{ kind: 'arm', timer: 'master-down', delayMs: (206 / 256) * 1000 }]);
  });

  it('a v3 Backup learns the Master interval; a v2 one does not unless told to', () => {
    const v3 = step(started(), { kind: 'advert', priority: 120, adverIntervalCs: 200, source: '10.0.0.9' });
    expect(v3.state.masterAdverIntervalCs).toBe(200);
    expect(v3.actions).toEqual([{ kind: 'arm', timer: 'master-down', delayMs: masterDownIntervalMs(3, 100, 200) }]);
    const v2 = step(started({ version: 2, learnInterval: false }), { kind: 'advert', priority: 120, adverIntervalCs: 200, source: '10.0.0.9' });
    expect(v2.state.masterAdverIntervalCs).toBe(100);
  });

  it('a Backup accepts an equal-priority advert even from a lower address (RFC 5798 §6.4.2)', () => {
    const r = step(started({ primaryAddress: '10.0.0.30' }), { kind: 'advert', priority: 100, adverIntervalCs: 100, source: '10.0.0.20' });
    expect(r.state.master).toEqual({ address: '10.0.0.20', priority: 100 });
    expect(r.actions).toEqual([{ kind: 'arm', timer: 'master-down', delayMs: 3609.375 }]);
  });

  it('a preempting Backup discards a lower-priority advert; without preempt it accepts it', () => {
    expect(step(started({ priority: 200 }), { kind: 'advert', priority: 100, adverIntervalCs: 100, source: '10.0.0.9' }).actions).toEqual([]);
    const np = step(started({ priority: 200, preempt: false }), { kind: 'advert', priority: 100, adverIntervalCs: 100, source: '10.0.0.9' });
    expect(np.actions).toHaveLength(1);
  });

  it('preempt delay minimum tolerates a lower Master, then takes over when it runs out', () => {
    let s = started({ priority: 200, preemptDelayMs: 30000 });
    const first = step(s, { kind: 'advert', priority: 100, adverIntervalCs: 100, source: '10.0.0.9' });
    expect(first.actions[0]).toEqual({ kind: 'arm', timer: 'preempt-delay', delayMs: 30000 });
    s = first.state;
    const again = step(s, { kind: 'advert', priority: 100, adverIntervalCs: 100, source: '10.0.0.9' });
    expect(again.actions.map((a) => a.kind)).toEqual(['arm']);
    const fire = step(again.state, { kind: 'timer', timer: 'preempt-delay' });
    expect(fire.state.state).toBe('master');
  });

  it('a Master yields to a higher priority, or to an equal one with a higher address', () => {
    const master = step(started({ primaryAddress: '10.0.0.20' }), { kind: 'timer', timer: 'master-down' }).state;
    // A lower Master is discarded (it will step down on our adverts), and the virtual MAC it also
    // used is announced again: a split brain healing (spec/ecosystem.md §1).
    const lower = step(master, { kind: 'advert', priority: 100, adverIntervalCs: 100, source: '10.0.0.10' });
    expect(lower.state.state).toBe('master');
    expect(lower.actions).toEqual([{ kind: 'announce' }]);
    const tie = step(master, { kind: 'advert', priority: 100, adverIntervalCs: 100, source: '10.0.0.30' });
    expect(tie.state.state).toBe('backup');
    expect(tie.actions.map((a) => a.kind)).toEqual(['transition', 'cancel', 'release', 'arm']);
    expect(step(master, { kind: 'advert', priority: 101, adverIntervalCs: 100, source: '10.0.0.1' }).state.state).toBe('backup');
  });

  it('a Master answers a priority-0 advert at once', () => {
    const master = step(started(), { kind: 'timer', timer: 'master-down' }).state;
    const r = step(master, { kind: 'advert', priority: 0, adverIntervalCs: 100, source: '10.0.0.1' });
    expect(r.actions[0]).toEqual({ kind: 'send-advert', priority: 100 });
  });

  it('Shutdown: a Master sends priority 0 and releases the VIPs; a Backup just stops', () => {
    const master = step(started(), { kind: 'timer', timer: 'master-down' }).state;
    const r = step(master, { kind: 'shutdown' });
    expect(r.state.state).toBe('init');
    expect(r.actions).toEqual([
      { kind: 'cancel', timer: 'adver' },
      { kind: 'send-advert', priority: 0 },
      { kind: 'release' },
      { kind: 'transition', from: 'master', to: 'init' },
    ]);
    expect(step(started(), { kind: 'shutdown' }).actions.map((a) => a.kind)).toEqual(['cancel', 'cancel', 'transition']);
  });

  it('ignores adverts in Initialize and timers that do not apply', () => {
    const init = initialState(params());
    expect(step(init, { kind: 'advert', priority: 200, adverIntervalCs: 100, source: '10.0.0.9' }).actions).toEqual([]);
    expect(step(started(), { kind: 'timer', timer: 'adver' }).actions).toEqual([]);
  });
});
