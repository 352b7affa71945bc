import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialHsrpGroupState, stepHsrp, type HsrpGroupConfig, type HsrpGroupState, type HsrpPeerMessage } from '../../../src/protocols/hsrp/fsm.js';
import { hsrpConfig, Lab } from './lab.js';

const CONFIG: HsrpGroupConfig = {
  ifName: 'GigabitEthernet0/1',
  group: 1,
  localIp: '10.0.0.2',
  priority: 100,
  preempt: false,
  preemptDelayMs: 0,
  vip: '10.0.0.254',
  helloTimeMs: undefined,
  holdTimeMs: undefined,
};

function peer(p: Partial<HsrpPeerMessage>): HsrpPeerMessage {
  return { opcode: 'hello', state: 'active', ip: '10.0.0.3', priority: 100, helloTimeMs: 3000, holdTimeMs: 10000, vip: '10.0.0.254', sourceMac: undefined, identifier: undefined, ...p };
}

function inState(state: HsrpGroupState['state'], config: HsrpGroupConfig = CONFIG): HsrpGroupState {
  return { ...initialHsrpGroupState(config), state, upSinceMs: 0 };
}

describe('HSRP state machine (pure step)', () => {
  it('Initial + enable: AB, then Listen with a VIP, Learn without (RFC 2281 §5.7 row a)', () => {
    const r = stepHsrp(initialHsrpGroupState(CONFIG), { kind: 'enable', nowMs: 0 });
    expect(r.state.state).toBe('listen');
    expect(r.actions.filter((a) => a.kind === 'arm')).toEqual([
      { kind: 'arm', timer: 'active', delayMs: 10000 },
      { kind: 'arm', timer: 'standby', delayMs: 10000 },
    ]);
    expect(stepHsrp(initialHsrpGroupState({ ...CONFIG, vip: undefined }), { kind: 'enable', nowMs: 0 }).state.state).toBe('learn');
  });

  it('Active + disable: Resign (state Active) before going to Init', () => {
    const r = stepHsrp(inState('active'), { kind: 'disable', nowMs: 5 });
    expect(r.state.state).toBe('init');
    expect(r.actions[0]).toEqual({ kind: 'send', opcode: 'resign', state: 'active' });
    expect(r.actions).toContainEqual({ kind: 'deactivate' });
  });

  it('Active + Coup from a higher router: Speak, no Resign (HSRP_coup.pcap)', () => {
    const r = stepHsrp(inState('active'), { kind: 'message', nowMs: 1, message: peer({ opcode: 'coup', state: 'listen', priority: 200 }) });
    expect(r.state.state).toBe('speak');
    expect(r.actions.some((a) => a.kind === 'send' && a.opcode === 'resign')).toBe(false);
    expect(r.actions).toContainEqual({ kind: 'send', opcode: 'hello', state: 'speak' });
  });

  it('Active + Hello from a lower Active: Coup (row h) and the virtual MAC announced again; from a higher Active: AB/4', () => {
    const lower = stepHsrp(inState('active'), { kind: 'message', nowMs: 1, message: peer({ ip: '10.0.0.1' }) });
    expect(lower.state.state).toBe('active');
    expect(lower.actions).toEqual([{ kind: 'send', opcode: 'coup', state: 'active' }, { kind: 'announce' }]);
    const higher = stepHsrp(inState('active'), { kind: 'message', nowMs: 1, message: peer({ ip: '10.0.0.3' }) });
    expect(higher.state.state).toBe('speak');
  });

  it('an Active that lost its Standby announces again when a lower router speaks (a split brain healing), once', () => {
    const lost = stepHsrp(inState('active'), { kind: 'standbyTimerExpiry', nowMs: 1 });
    expect(lost.state.standbyLost).toBe(true);
    const speak = peer({ ip: '10.0.0.1', state: 'speak' });
    const heard = stepHsrp(lost.state, { kind: 'message', nowMs: 2, message: speak });
    expect(heard.actions).toContainEqual({ kind: 'announce' });
    expect(stepHsrp(heard.state, { kind: 'message', nowMs: 3, message: speak }).actions).not.toContainEqual({ kind: 'announce' });
    // A router joining an Active that never had a Standby is not announced to again.
    expect(stepHsrp(inState('active'), { kind: 'message', nowMs: 2, message: speak }).actions).not.toContainEqual({ kind: 'announce' });
  });

  it('Listen + lower Active with preempt: Coup carrying Listen, then Active with a gratuitous ARP', () => {
    const r = stepHsrp(inState('listen', { ...CONFIG, priority: 200, preempt: true }), { kind: 'message', nowMs: 1, message: peer({}) });
    expect(r.state.state).toBe('active');
    const kinds = r.actions.filter((a) => a.kind === 'send' || a.kind === 'activate');
    expect(kinds).toEqual([{ kind: 'send', opcode: 'coup', state: 'listen' }, { kind: 'send', opcode: 'hello', state: 'active' }, { kind: 'activate' }]);
  });

  it('ignores everything in Init, and a Resign from a router that is not Active', () => {
    expect(stepHsrp(initialHsrpGroupState(CONFIG), { kind: 'message', nowMs: 1, message: peer({}) }).actions).toEqual([]);
    expect(stepHsrp(inState('standby'), { kind: 'message', nowMs: 1, message: peer({ opcode: 'resign', state: 'speak' }) }).state.state).toBe('standby');
    expect(stepHsrp(inState('standby'), { kind: 'message', nowMs: 1, message: peer({ opcode: 'resign', state: 'active' }) }).state.state).toBe('active');
  });

  it('the Active never learns timers; others learn both from the Active (RFC 2281 §5.1)', () => {
    const m = peer({ ip: '10.0.0.1', helloTimeMs: 1000, holdTimeMs: 4000 });
    expect(stepHsrp(inState('active'), { kind: 'message', nowMs: 1, message: m }).state.learnedHoldTimeMs).toBeUndefined();
    const s = stepHsrp(inState('standby'), { kind: 'message', nowMs: 1, message: m }).state;
    expect([s.learnedHelloTimeMs, s.learnedHoldTimeMs]).toEqual([1000, 4000]);
  });
});

type LabEvent =
  | { kind: 'crash' | 'restore' | 'link-down' | 'link-up' | 'track-down' | 'track-up'; router: number; afterMs: number }
  | { kind: 'cut' | 'heal'; a: number; b: number; afterMs: number };

const NAMES = ['R1', 'R2', 'R3'];

describe('HSRP property: at most one Active once the segment is whole', () => {
  it('random crashes, link flaps, partitions and tracking on 2–3 routers', () => {
    const event: fc.Arbitrary<LabEvent> = fc.oneof(
      fc.record({ kind: fc.constantFrom('crash', 'restore', 'link-down', 'link-up', 'track-down', 'track-up') as fc.Arbitrary<'crash'>, router: fc.nat(2), afterMs: fc.integer({ min: 0, max: 15000 }) }),
      fc.record({ kind: fc.constantFrom('cut', 'heal') as fc.Arbitrary<'cut'>, a: fc.nat(2), b: fc.nat(2), afterMs: fc.integer({ min: 0, max: 15000 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 3 }), fc.array(event, { maxLength: 12 }), fc.integer({ min: 1, max: 1000 }), fc.boolean(), (n, events, seed, v2) => {
        const lab = new Lab(seed);
        for (let i = 0; i < n; i++) {
          const lines = [...(v2 ? ['standby version 2'] : []), 'standby 1 ip 10.0.0.254', `standby 1 priority ${100 + ((i * 37 + seed) % 3) * 10}`, 'standby 1 track 1 decrement 30'];
          if ((seed + i) % 2 === 0) lines.push('standby 1 preempt');
          lab.add(NAMES[i]!, hsrpConfig(NAMES[i]!, `10.0.0.${i + 1}`, lines));
        }
        for (const e of events) {
          lab.run(e.afterMs / 1000);
          if (!('router' in e)) {
            if (e.a >= n || e.b >= n || e.a === e.b) continue;
            if (e.kind === 'cut') lab.segment.cut(NAMES[e.a]!, NAMES[e.b]!);
            else lab.segment.heal(NAMES[e.a]!, NAMES[e.b]!);
            continue;
          }
          if (e.router >= n) continue;
          const r = lab.router(NAMES[e.router]!);
          if (e.kind === 'crash') lab.crash(r);
          else if (e.kind === 'restore') lab.restore(r);
          else if (e.kind === 'link-down') r.port.setLinkUp(false);
          else if (e.kind === 'link-up') r.port.setLinkUp(true);
          else r.tracks.set(1, e.kind === 'track-down' ? 'down' : 'up');
        }
        // The segment becomes whole: every cable in, every partition healed (crashed routers stay down).
        lab.segment.heal();
        for (const r of lab.routers.values()) r.port.setLinkUp(true);
        lab.run(10);
        for (let k = 0; k < 60; k++) {
          const actives = NAMES.slice(0, n).filter((name) => lab.state(name) === 'active');
          expect(actives.length).toBeLessThanOrEqual(1);
          lab.run(0.5);
        }
        // Someone is Active unless every router crashed.
        const alive = [...lab.routers.values()].filter((r) => r.engine !== undefined);
        if (alive.length > 0) expect(NAMES.slice(0, n).some((name) => lab.state(name) === 'active')).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
