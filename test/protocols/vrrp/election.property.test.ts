import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Lab, legacyConfig, stateOf } from './lab.js';

/**
 * Whatever happens to 2-3 routers (cable pulls, partitions, priority changes, time passing), once the
 * segment is whole again there is exactly one Master after at most one Master_Down_Interval (plus an
 * advert interval for the loser to hear the winner), and never two from then on.
 */
type Op =
  | { readonly k: 'link'; readonly r: number; readonly up: boolean }
  | { readonly k: 'cut'; readonly a: number; readonly b: number }
  | { readonly k: 'heal' }
  | { readonly k: 'priority'; readonly r: number; readonly p: number }
  | { readonly k: 'wait'; readonly ms: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('link' as const), r: fc.integer({ min: 0, max: 2 }), up: fc.boolean() }),
  fc.record({ k: fc.constant('cut' as const), a: fc.integer({ min: 0, max: 2 }), b: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ k: fc.constant('heal' as const) }),
  fc.record({ k: fc.constant('priority' as const), r: fc.integer({ min: 0, max: 2 }), p: fc.integer({ min: 1, max: 254 }) }),
  fc.record({ k: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 6000 }) }),
);

describe('VRRP election property', () => {
  it('no two Masters longer than a Master_Down_Interval once the segment is whole', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }),
        fc.array(fc.integer({ min: 1, max: 254 }), { minLength: 3, maxLength: 3 }),
        fc.array(op, { maxLength: 25 }),
        fc.integer({ min: 0, max: 3 }),
        (n, priorities, ops, latencyMs) => {
          const lab = new Lab(latencyMs);
          const names = Array.from({ length: n }, (_, i) => `R${i}`);
          names.forEach((name, i) => lab.add(name, legacyConfig(`192.168.0.${10 + i}`, 1, '192.168.0.1', [`vrrp 1 priority ${priorities[i] ?? 100}`]), i + 1));
          for (const o of ops) {
            switch (o.k) {
              case 'link':
                if (o.r < n) lab.router(names[o.r]!).port.setLinkUp(o.up);
                break;
              case 'cut':
                if (o.a < n && o.b < n && o.a !== o.b) lab.segment.cut(names[o.a]!, names[o.b]!);
                break;
              case 'heal':
                lab.segment.heal();
                break;
              case 'priority': {
                if (o.r >= n) break;
                const r = lab.router(names[o.r]!);
                r.engine.update({ ...r.iface, vrrp: r.iface.vrrp.map((g) => ({ ...g, priority: o.p })) });
                break;
              }
              case 'wait':
                lab.advance(o.ms);
                break;
            }
          }
          lab.segment.heal();
          for (const name of names) lab.router(name).port.setLinkUp(true);
          // Master_Down_Interval is below 4 s at any priority; one more advert interval settles a tie.
          lab.advance(5000 + latencyMs * 2);
          for (let t = 0; t < 100; t++) {
            const masters = names.filter((name) => stateOf(lab.router(name), 1) === 'master');
            expect(masters).toHaveLength(1);
            lab.advance(100);
          }
        },
      ),
      { numRuns: 150, seed: 5798 },
    );
  });
});
