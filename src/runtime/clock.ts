/**
 * Time is injected (DESIGN D2): engines and hosts read `now()` and arm timers through a Clock, so the
 * same code runs on the wall clock in `vipr run` and on a ManualClock in tests and `vipr sim`, where an
 * hour of protocol time passes in milliseconds and every run is deterministic.
 */
export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** Milliseconds since an arbitrary epoch (the Unix epoch for the wall clock), with a fraction. */
  now(): number;
  /**
   * Calls `callback` once `delayMs` have passed. A `precise` timer fires within microseconds of its due
   * time instead of up to a millisecond or two late; it ends in a few short sleeps that hold up the
   * event loop, so it is for the few timers whose lateness shows on the wire (a takeover), armed at
   * most `preciseLeadMs` ahead (see wakeAt).
   */
  setTimer(delayMs: number, callback: () => void, precise?: boolean): TimerHandle;
  clearTimer(handle: TimerHandle): void;
  /** How far ahead of a precise deadline a plain timer wakes to see whether it still stands: 0 when every timer is exact. */
  readonly preciseLeadMs: number;
}

/**
 * When to wake for a deadline due at `dueMs` that is pushed later far more often than it expires (the
 * HSRP active timer, VRRP's Master_Down_Timer: every hello restarts them). A precise one wakes
 * `clock.preciseLeadMs` early on a plain timer, so a deadline that has moved on costs no sleep,
 * and only then arms a precise timer for the rest (the caller passes `precise` when the result is
 * `dueMs`).
 */
export function wakeAt(clock: Clock, dueMs: number, nowMs: number, precise: boolean): number {
  return precise && dueMs - nowMs > clock.preciseLeadMs ? dueMs - clock.preciseLeadMs : dueMs;
}

/**
 * The rest of a precise timer that is not left to setTimeout. A Node timer fires on the event loop's
 * whole-millisecond clock, from 0 to over 1 ms after its due time (libuv truncates the loop time and
 * epoll waits whole milliseconds). The last stretch is slept in slices of PRECISE_SLICE_MS
 * (Atomics.wait: a futex wait, good to tens of microseconds) with a turn of the event loop after
 * each, so a frame that arrives meanwhile is handled first and may still push the deadline. A busy
 * wait instead (setImmediate alone) saw single turns of 1-4 ms now and then on this 2-vCPU VM:
 * takeover maxima of 2-3 ms instead of 1-1.7 (bench/takeover-overhead.ts).
 */
const PRECISE_TAIL_MS = 2;
const PRECISE_SLICE_MS = 0.2;
const SLEEPER = new Int32Array(new SharedArrayBuffer(4));

export class WallClock implements Clock {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  /** Precise timers in their last stretch (see PRECISE_TAIL_MS). */
  private readonly polls = new Map<number, NodeJS.Immediate>();
  private nextId = 1;
  /** The Unix epoch on the monotonic high-resolution clock: whole-ms Date.now() would make a due time up to 1 ms early. */
  private readonly origin = performance.timeOrigin;
  readonly preciseLeadMs = 3;

  now(): number {
    return this.origin + performance.now();
  }

  setTimer(delayMs: number, callback: () => void, precise = false): TimerHandle {
    const id = this.nextId++;
    if (!precise) {
      this.timers.set(
        id,
        setTimeout(() => {
          this.timers.delete(id);
          callback();
        }, Math.max(0, delayMs)),
      );
      return { id };
    }
    // Never calls back (nor sleeps) from inside setTimer, like setTimeout(0).
    const due = performance.now() + delayMs;
    const schedule = (left: number, sleep: boolean): void => {
      // setTimeout waits at least 1 ms whatever it is asked: shorter waits are slept.
      if (left >= PRECISE_TAIL_MS + 1) this.timers.set(id, setTimeout(wait, left - PRECISE_TAIL_MS));
      else {
        if (sleep) Atomics.wait(SLEEPER, 0, 0, Math.min(left, PRECISE_SLICE_MS));
        this.polls.set(id, setImmediate(wait));
      }
    };
    const wait = (): void => {
      const left = due - performance.now();
      this.timers.delete(id);
      this.polls.delete(id);
      if (left <= 0) callback();
      else schedule(left, true);
    };
    schedule(delayMs, false);
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    clearTimeout(this.timers.get(handle.id));
    clearImmediate(this.polls.get(handle.id));
    this.timers.delete(handle.id);
    this.polls.delete(handle.id);
  }
}

/**
 * One armed timer; it is also the handle setTimer returns. `callback` is undefined once the timer
 * fired or was cleared, which is how a cleared timer left in a queue is skipped (lazy cancellation).
 */
class PendingTimer implements TimerHandle {
  constructor(
    readonly id: number,
    readonly at: number,
    public callback: (() => void) | undefined,
    readonly clock: ManualClock,
  ) {}
}

/** A queue of timers in firing order: (due time, arming order) never decreases from head to tail. */
class Lane {
  items: PendingTimer[] = [];
  head = 0;

  get empty(): boolean {
    return this.head === this.items.length;
  }

  /** Whether `at` may go at the tail without breaking the order (a later id is implied). */
  fits(at: number): boolean {
    const n = this.items.length;
    return n === this.head || (this.items[n - 1] as PendingTimer).at <= at;
  }

  take(): void {
    const head = ++this.head;
    const items = this.items;
    if (head === items.length) {
      items.length = 0;
      this.head = 0;
    } else if (head >= 1024 && head * 2 >= items.length) {
      // Drop the consumed front now and then, so a lane that never drains does not grow for ever.
      this.items = items.slice(head);
      this.head = 0;
    }
  }
}

/** Heap arity: four children per node halve the depth of a binary heap, and siblings sit side by side. */
const ARITY = 4;

/**
 * Virtual time. Timers due at the same instant fire in the order they were armed; a callback may arm
 * new timers, including ones due at the current instant, which fire within the same advance.
 *
 * Thousands of groups (the scale benchmarks arm three timers per group and re-arm them on every hello)
 * must cost little per timer, so a timer goes to one of three queues and the next to fire is the
 * earliest of their heads by (due time, arming order) — the same order as one sorted list:
 *  - `now`: zero-delay timers (a frame on a segment without latency), due at the instant they were
 *    armed; time never goes back, so the lane stays in order and costs O(1);
 *  - `later`: a timer due no earlier than the last one in this lane (a steady period), also O(1);
 *  - a 4-ary min-heap for the rest, O(log n) with lazy cancellation. Its keys (due time, arming order)
 *    are kept in typed arrays beside the timers, so sifting compares contiguous numbers instead of
 *    loading a timer object from somewhere in the heap of the process at every level.
 */
export class ManualClock implements Clock {
  readonly preciseLeadMs = 0;
  private current: number;
  private nextId = 1;
  private readonly now0 = new Lane();
  private readonly later = new Lane();
  private heapTimers: PendingTimer[] = [];
  private heapAt = new Float64Array(1024);
  private heapId = new Float64Array(1024);
  private heapSize = 0;
  /** Timers armed and neither fired nor cleared. */
  private live = 0;
  /** Timers that have fired so far (benchmarks report it). */
  fired = 0;

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const at = delayMs > 0 ? this.current + delayMs : this.current;
    const t = new PendingTimer(this.nextId++, at, callback, this);
    this.live++;
    // Zero-delay timers are due now, and now never goes back: they stay in order in their own lane.
    if (at === this.current && this.now0.fits(at)) this.now0.items.push(t);
    else if (this.later.fits(at)) this.later.items.push(t);
    else this.push(t);
    return t;
  }

  clearTimer(handle: TimerHandle): void {
    if (!(handle instanceof PendingTimer) || handle.clock !== this || handle.callback === undefined) return;
    handle.callback = undefined;
    this.live--;
  }

  /** Number of armed timers (tests use it to check nothing leaks). */
  get pendingCount(): number {
    return this.live;
  }

  /** Runs every timer due up to now + ms in time order, then leaves the clock at now + ms. */
  advance(ms: number): void {
    const end = this.current + ms;
    const now0 = this.now0;
    const later = this.later;
    for (;;) {
      // The earliest of the three heads by (due time, id); `from` says which queue holds it.
      let from = 0;
      let at = Infinity;
      let id = 0;
      if (this.heapSize > 0) {
        at = this.heapAt[0] as number;
        id = this.heapId[0] as number;
        from = 3;
      }
      if (!later.empty) {
        const t = later.items[later.head] as PendingTimer;
        if (t.at < at || (t.at === at && t.id < id)) {
          at = t.at;
          id = t.id;
          from = 2;
        }
      }
      if (!now0.empty) {
        const t = now0.items[now0.head] as PendingTimer;
        if (t.at < at || (t.at === at && t.id < id)) {
          at = t.at;
          from = 1;
        }
      }
      if (from === 0 || at > end) break;
      let next: PendingTimer;
      if (from === 1) {
        next = now0.items[now0.head] as PendingTimer;
        now0.take();
      } else if (from === 2) {
        next = later.items[later.head] as PendingTimer;
        later.take();
      } else {
        next = this.heapTimers[0] as PendingTimer;
        this.pop();
      }
      const callback = next.callback;
      if (callback === undefined) continue;
      next.callback = undefined;
      this.live--;
      this.current = next.at;
      this.fired++;
      callback();
    }
    this.current = end;
  }

  /** Advances to an absolute time. */
  advanceTo(atMs: number): void {
    if (atMs > this.current) this.advance(atMs - this.current);
  }

  private push(t: PendingTimer): void {
    const i0 = this.heapSize++;
    if (i0 === this.heapAt.length) this.grow();
    const keysAt = this.heapAt;
    const keysId = this.heapId;
    const timers = this.heapTimers;
    timers.push(t);
    const at = t.at;
    const id = t.id;
    let i = i0;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const pAt = keysAt[p] as number;
      if (pAt < at || (pAt === at && (keysId[p] as number) < id)) break;
      keysAt[i] = pAt;
      keysId[i] = keysId[p] as number;
      timers[i] = timers[p] as PendingTimer;
      i = p;
    }
    keysAt[i] = at;
    keysId[i] = id;
    timers[i] = t;
  }

  /** Removes the top of the heap. */
  private pop(): void {
    const timers = this.heapTimers;
    const last = timers.pop() as PendingTimer;
    const n = --this.heapSize;
    if (n === 0) return;
    const keysAt = this.heapAt;
    const keysId = this.heapId;
    const at = keysAt[n] as number;
    const id = keysId[n] as number;
    let i = 0;
    for (;;) {
      const first = ARITY * i + 1;
      if (first >= n) break;
      let m = first;
      let mAt = keysAt[first] as number;
      let mId = keysId[first] as number;
      const stop = first + ARITY < n ? first + ARITY : n;
      for (let c = first + 1; c < stop; c++) {
        const cAt = keysAt[c] as number;
        if (cAt < mAt || (cAt === mAt && (keysId[c] as number) < mId)) {
          m = c;
          mAt = cAt;
          mId = keysId[c] as number;
        }
      }
      if (at < mAt || (at === mAt && id < mId)) break;
      keysAt[i] = mAt;
      keysId[i] = mId;
      timers[i] = timers[m] as PendingTimer;
      i = m;
    }
    keysAt[i] = at;
    keysId[i] = id;
    timers[i] = last;
  }

  private grow(): void {
    const at = new Float64Array(this.heapAt.length * 2);
    at.set(this.heapAt);
    this.heapAt = at;
    const id = new Float64Array(this.heapId.length * 2);
    id.set(this.heapId);
    this.heapId = id;
  }
}
