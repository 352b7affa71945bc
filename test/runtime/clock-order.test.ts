/**
 * ManualClock keeps its timers in three queues (zero-delay lane, in-order lane, 4-ary heap; see
 * clock.ts). Whatever queue a timer lands in, the firing order must be that of one list sorted by
 * (due time, arming order). These runs check it against exactly that list, with timers armed from
 * callbacks (zero-delay ones included), cleared at random, and advances of every size.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock, type TimerHandle } from '../../src/runtime/clock.js';

interface Armed {
  readonly name: number;
  readonly at: number;
  readonly seq: number;
  cleared: boolean;
}

/** A script step: arm (delay, and what the callback arms in turn), clear the k-th armed timer, or advance. */
type Step =
  | { readonly kind: 'arm'; readonly delay: number; readonly then: readonly number[] }
  | { readonly kind: 'clear'; readonly k: number }
  | { readonly kind: 'advance'; readonly ms: number };

function run(steps: readonly Step[]): void {
  const clock = new ManualClock(1_000);
  const fired: string[] = [];
  const expected: string[] = [];
  const handles: TimerHandle[] = [];
  const model: Armed[] = [];
  let names = 0;
  let seq = 0;
  let now = 1_000;

  // The model: every armed timer with its due time and arming order; the clock must fire the same ones.
  const arm = (delay: number, then: readonly number[]): void => {
    const name = names++;
    const entry: Armed = { name, at: clock.now() + delay, seq: seq++, cleared: false };
    model.push(entry);
    handles.push(
      clock.setTimer(delay, () => {
        fired.push(`${name}@${clock.now()}`);
        for (const d of then) arm(d, []);
      }),
    );
  };
  const modelAdvance = (ms: number): void => {
    const end = now + ms;
    for (;;) {
      let best: Armed | undefined;
      for (const e of model) {
        if (e.cleared || e.at > end) continue;
        if (best === undefined || e.at < best.at || (e.at === best.at && e.seq < best.seq)) best = e;
      }
      if (best === undefined) break;
      best.cleared = true;
      expected.push(`${best.name}@${best.at}`);
    }
    now = end;
  };

  for (const step of steps) {
    if (step.kind === 'arm') arm(step.delay, step.then);
    else if (step.kind === 'clear') {
      const h = handles[step.k % Math.max(1, handles.length)];
      const e = model[step.k % Math.max(1, model.length)];
      if (h !== undefined && e !== undefined) {
        clock.clearTimer(h);
        e.cleared = true;
      }
    } else {
      // The model cannot see timers armed by callbacks before they run, so it replays them as the clock fires them.
      const before = fired.length;
      clock.advance(step.ms);
      const ran = fired.slice(before);
      modelAdvance(step.ms);
      expect(ran).toEqual(expected.splice(0));
    }
    expect(clock.now()).toBe(now);
  }
  expect(clock.pendingCount).toBe(model.filter((e) => !e.cleared).length);
}

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('arm' as const),
      delay: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 2950, max: 3000 }), fc.double({ min: 0, max: 100, noNaN: true })),
      then: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3000 })), { maxLength: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const), k: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 4000 })) }) },
);

describe('ManualClock order', () => {
  it('fires like one list sorted by (due time, arming order), whatever queue each timer sits in', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 120 }), (steps) => run([...steps, { kind: 'advance', ms: 10_000 }])),
      { numRuns: 300, seed: 4 },
    );
  });

  it('keeps the order across thousands of periodic timers with jitter (the scale benchmarks)', () => {
    const steps: Step[] = [];
    let x = 7;
    const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < 1000; i++) {
      steps.push({ kind: 'arm', delay: 3000 - (next() % 45), then: [0, 10000 - (next() % 300)] });
      if (i % 7 === 0) steps.push({ kind: 'clear', k: next() });
      if (i % 50 === 0) steps.push({ kind: 'advance', ms: next() % 40 });
    }
    steps.push({ kind: 'advance', ms: 20_000 });
    run(steps);
  });
});
