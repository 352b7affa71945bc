/**
 * Time is injected (DESIGN D2): engines and hosts read `now()` and arm timers through a Clock, so the
 * same code runs on the wall clock in `vipr run` and on a ManualClock in tests and `vipr sim`, where an
 * hour of protocol time passes in milliseconds and every run is deterministic.
 */
export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** Milliseconds since an arbitrary epoch (the Unix epoch for the wall clock). */
  now(): number;
  setTimer(delayMs: number, callback: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

export class WallClock implements Clock {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private nextId = 1;

  now(): number {
    return Date.now();
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const id = this.nextId++;
    const t = setTimeout(() => {
      this.timers.delete(id);
      callback();
    }, Math.max(0, delayMs));
    this.timers.set(id, t);
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    const t = this.timers.get(handle.id);
    if (t !== undefined) clearTimeout(t);
    this.timers.delete(handle.id);
  }
}

interface PendingTimer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/**
 * Virtual time. Timers due at the same instant fire in the order they were armed; a callback may arm
 * new timers, including ones due at the current instant, which fire within the same advance. Timers
 * sit in a binary heap with lazy cancellation, so thousands of groups (the scale benchmarks arm three
 * timers per group and re-arm them on every hello) cost O(log n) per timer, not a scan.
 */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly heap: PendingTimer[] = [];
  /** Ids armed and neither fired nor cleared. */
  private readonly live = new Set<number>();
  /** Timers that have fired so far (benchmarks report it). */
  fired = 0;

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const id = this.nextId++;
    this.live.add(id);
    this.push({ id, at: this.current + Math.max(0, delayMs), callback });
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    this.live.delete(handle.id);
  }

  /** Number of armed timers (tests use it to check nothing leaks). */
  get pendingCount(): number {
    return this.live.size;
  }

  /** Runs every timer due up to now + ms in time order, then leaves the clock at now + ms. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const top = this.heap[0];
      if (top === undefined || top.at > end) break;
      this.pop();
      if (!this.live.delete(top.id)) continue;
      this.current = top.at;
      this.fired++;
      top.callback();
    }
    this.current = end;
  }

  /** Advances to an absolute time. */
  advanceTo(atMs: number): void {
    if (atMs > this.current) this.advance(atMs - this.current);
  }

  private static before(a: PendingTimer, b: PendingTimer): boolean {
    return a.at < b.at || (a.at === b.at && a.id < b.id);
  }

  private push(t: PendingTimer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const child = h[i] as PendingTimer;
      const parent = h[p] as PendingTimer;
      if (!ManualClock.before(child, parent)) break;
      h[i] = parent;
      h[p] = child;
      i = p;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop() as PendingTimer;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && ManualClock.before(h[l] as PendingTimer, h[m] as PendingTimer)) m = l;
      if (r < h.length && ManualClock.before(h[r] as PendingTimer, h[m] as PendingTimer)) m = r;
      if (m === i) return;
      const tmp = h[i] as PendingTimer;
      h[i] = h[m] as PendingTimer;
      h[m] = tmp;
      i = m;
    }
  }
}
