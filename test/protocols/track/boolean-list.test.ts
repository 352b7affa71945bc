import { describe, expect, it } from 'vitest';
import type { Track } from '../../../src/model/types.js';
import type { TrackState } from '../../../src/protocols/engine-deps.js';
import { cyclicKey, evaluateList, planEvaluation } from '../../../src/protocols/track/boolean-list.js';
import { tracksOf } from './track-fixtures.js';

const states = (m: Record<number, TrackState>) => (o: number) => m[o];

describe('evaluateList', () => {
  it('and / or with not', () => {
    const s = states({ 1: 'up', 2: 'down' });
    expect(evaluateList('and', [{ object: 1, not: false }, { object: 2, not: true }], s)).toBe('up');
    expect(evaluateList('and', [{ object: 1, not: false }, { object: 2, not: false }], s)).toBe('down');
    expect(evaluateList('or', [{ object: 1, not: true }, { object: 2, not: false }], s)).toBe('down');
    expect(evaluateList('or', [{ object: 1, not: true }, { object: 2, not: true }], s)).toBe('up');
  });

  it('a member that cannot vote counts Down even under not; an empty list is Down', () => {
    const s = states({ 1: 'up' });
    expect(evaluateList('and', [{ object: 1, not: false }, { object: 9, not: false }], s)).toBe('down');
    expect(evaluateList('and', [{ object: 9, not: true }], s)).toBe('down');
    expect(evaluateList('or', [{ object: 9, not: true }, { object: 1, not: false }], s)).toBe('up');
    expect(evaluateList('or', [], s)).toBe('down');
    expect(evaluateList('and', [], s)).toBe('down');
  });
});

describe('planEvaluation', () => {
  it('orders members before the lists that contain them, nested lists included', () => {
    const tracks = tracksOf(
      [
        'track 30 list boolean and',
        ' object 20',
        ' object 3',
        'track 20 list boolean or',
        ' object 1',
        ' object 2',
        'track 1 interface Gi0/1 line-protocol',
        'track 2 interface Gi0/2 line-protocol',
        'track 3 ip sla 1 reachability',
      ].join('\n'),
    );
    const { order, cyclic } = planEvaluation(tracks);
    expect(order).toHaveLength(5);
    const at = (id: number) => order.indexOf(id);
    expect(at(1)).toBeLessThan(at(20));
    expect(at(2)).toBeLessThan(at(20));
    expect(at(20)).toBeLessThan(at(30));
    expect(at(3)).toBeLessThan(at(30));
    expect(cyclic.size).toBe(0);
  });

  it('finds self references and longer cycles without recursing forever', () => {
    const list = (id: number, members: number[]): Track => ({
      id,
      definition: { kind: 'list', op: 'or' },
      delayUp: undefined,
      delayDown: undefined,
      objects: members.map((object) => ({ object, not: false })),
    });
    const tracks = [list(10, [10]), list(11, [12, 1]), list(12, [11]), list(13, [11])];
    const { order, cyclic } = planEvaluation(tracks);
    expect([...cyclic].sort()).toEqual([cyclicKey(10, 10), cyclicKey(11, 12), cyclicKey(12, 11)].sort());
    expect([...order].sort((a, b) => a - b)).toEqual([10, 11, 12, 13]);
    // 13 depends on 11 without being in its cycle: it comes after 11
    expect(order.indexOf(11)).toBeLessThan(order.indexOf(13));
  });
});
