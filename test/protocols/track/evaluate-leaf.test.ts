import { describe, expect, it } from 'vitest';
import { evaluateLeaf } from '../../../src/protocols/track/evaluate-leaf.js';
import { MemoryTrackInputs } from '../../../src/protocols/track/memory-track-inputs.js';
import type { TrackInputs } from '../../../src/protocols/track/track-inputs.js';

const GI2 = 'GigabitEthernet0/2';

describe('evaluateLeaf', () => {
  it('interface line-protocol: up, down, admin-down', () => {
    const i = new MemoryTrackInputs();
    const def = { kind: 'interface', iface: GI2, what: 'line-protocol' } as const;
    expect(evaluateLeaf(def, i)).toEqual({ state: 'down', detail: '(hw down)' });
    i.setLink(GI2, true);
    expect(evaluateLeaf(def, i)).toEqual({ state: 'up', detail: undefined });
    i.setLink(GI2, false, true);
    expect(evaluateLeaf(def, i)).toEqual({ state: 'down', detail: '(hw admin-down)' });
  });

  it('interface ip routing needs an IPv4 address and a live link', () => {
    const i = new MemoryTrackInputs();
    const def = { kind: 'interface', iface: GI2, what: 'ip-routing' } as const;
    i.setLink(GI2, true);
    expect(evaluateLeaf(def, i)).toEqual({ state: 'down', detail: 'no IP addr' });
    i.setIpv4Address(GI2, true);
    expect(evaluateLeaf(def, i)).toEqual({ state: 'up', detail: undefined });
    i.setLink(GI2, false);
    expect(evaluateLeaf(def, i)).toEqual({ state: 'down', detail: '(hw down)' });
  });

  it('ip route reachability and metric threshold follow the RIB', () => {
    const i = new MemoryTrackInputs();
    const reach = { kind: 'ip-route', prefix: '0.0.0.0', prefixLength: 0, what: 'reachability' } as const;
    const metric = { kind: 'ip-route', prefix: '0.0.0.0', prefixLength: 0, what: 'metric-threshold' } as const;
    expect(evaluateLeaf(reach, i)).toEqual({ state: 'down', detail: 'no ip route' });
    expect(evaluateLeaf(metric, i)).toEqual({ state: 'down', detail: 'no ip route' });
    i.setRoute('0.0.0.0', 0, true);
    expect(evaluateLeaf(reach, i)).toEqual({ state: 'up', detail: 'RIB' });
    i.setRoute('0.0.0.0', 0, true, 'static');
    expect(evaluateLeaf(metric, i)).toEqual({ state: 'up', detail: 'static' });
    // exact prefix/length only
    expect(evaluateLeaf({ ...reach, prefixLength: 1 }, i).state).toBe('down');
  });

  it('ip sla reachability counts over-threshold as reachable, state does not', () => {
    const i = new MemoryTrackInputs();
    const reach = { kind: 'ip-sla', sla: 7, what: 'reachability' } as const;
    const state = { kind: 'ip-sla', sla: 7, what: 'state' } as const;
    expect(evaluateLeaf(reach, i).state).toBe('down');
    i.setSla(7, 'over-threshold');
    expect(evaluateLeaf(reach, i)).toEqual({ state: 'up', detail: undefined });
    expect(evaluateLeaf(state, i).state).toBe('down');
    i.setSla(7, 'ok');
    expect(evaluateLeaf(state, i).state).toBe('up');
  });

  it('ip sla state falls back to slaReachable when the router cannot tell OK from over threshold', () => {
    const minimal: TrackInputs = {
      linkUp: () => true,
      ipRouting: () => true,
      routeReachable: () => true,
      slaReachable: (n) => n === 3,
    };
    expect(evaluateLeaf({ kind: 'ip-sla', sla: 3, what: 'state' }, minimal).state).toBe('up');
    expect(evaluateLeaf({ kind: 'ip-sla', sla: 4, what: 'state' }, minimal).state).toBe('down');
    expect(evaluateLeaf({ kind: 'interface', iface: GI2, what: 'line-protocol' }, { ...minimal, linkUp: () => false })).toEqual({
      state: 'down',
      detail: '(hw down)',
    });
  });
});
