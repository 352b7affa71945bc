import { describe, expect, it } from 'vitest';
import { stepDelay, type DelayState } from '../../../src/protocols/track/delay.js';

const UP: DelayState = { published: 'up', pending: undefined };

describe('stepDelay', () => {
  it('without a delay a change is published at once', () => {
    expect(stepDelay(UP, 'down', 0, { up: undefined, down: undefined })).toEqual({
      state: { published: 'down', pending: undefined },
      changed: true,
      cancel: false,
      armAtMs: undefined,
    });
    expect(stepDelay(UP, 'down', 0, { up: 5, down: 0 }).changed).toBe(true);
  });

  it('with a delay the change waits, and is published when it has held', () => {
    const s1 = stepDelay(UP, 'down', 1000, { up: 5, down: 3 });
    expect(s1).toEqual({ state: { published: 'up', pending: { target: 'down', dueAtMs: 4000 } }, changed: false, cancel: false, armAtMs: 4000 });
    const s2 = stepDelay(s1.state, 'down', 2000, { up: 5, down: 3 });
    expect(s2).toEqual({ state: s1.state, changed: false, cancel: false, armAtMs: undefined });
    const s3 = stepDelay(s2.state, 'down', 4000, { up: 5, down: 3 });
    expect(s3).toEqual({ state: { published: 'down', pending: undefined }, changed: true, cancel: false, armAtMs: undefined });
  });

  it('a flap shorter than the delay changes nothing and cancels the timer', () => {
    const s1 = stepDelay(UP, 'down', 0, { up: undefined, down: 3 });
    const s2 = stepDelay(s1.state, 'up', 2999, { up: undefined, down: 3 });
    expect(s2).toEqual({ state: UP, changed: false, cancel: true, armAtMs: undefined });
  });

  it('the delay of the direction applies', () => {
    const down: DelayState = { published: 'down', pending: undefined };
    expect(stepDelay(down, 'up', 0, { up: 5, down: 3 }).armAtMs).toBe(5000);
    expect(stepDelay(UP, 'down', 0, { up: 5, down: 3 }).armAtMs).toBe(3000);
  });
});
