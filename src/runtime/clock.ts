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

/**
 * One armed timer; it is also the handle setTimer returns. `callback` is undefined once the timer
 * fired or was cleared, which is how a cleared timer left in the queue is skipped (lazy cancellation).
 */
class PendingTimer implements TimerHandle {
  constructor(
    readonly id: number,
    readonly at: number,
    public callback: (() => void) | undefined,
    readonly clock: ManualClock,
  ) {}
}

function before(a: PendingTimer, b: PendingTimer): boolean {
  return a.at < b.at || (a.at === b.at && a.id < b.id);
}

/**
 * Virtual time. Timers due at the same instant fire in the order they were armed; a callback may arm
 * new timers, including ones due at the current instant, which fire within the same advance. Timers
 * sit in a binary heap with lazy cancellation, so thousands of groups (the scale benchmarks arm three
 * timers per group and re-arm them on every hello) cost O(log n) per timer, not a scan. A timer due
 * no earlier than the last one queued in arming order (every zero-delay timer, e.g. a frame on a
 * segment without latency) goes to a FIFO instead, O(1); the next timer to fire is the earlier of
 * the heap's top and the FIFO's head by (due time, arming order), so the order is exactly the same.
 */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly heap: PendingTimer[] = [];
  /** Timers in arming order whose due times never decrease; `fifoHead` is the first not yet taken. */
  private fifo: PendingTimer[] = [];
  private fifoHead = 0;
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
    const at = this.current + Math.max(0, delayMs);
    const t = new PendingTimer(this.nextId++, at, callback, this);
    this.live++;
    const fifo = this.fifo;
    const n = fifo.length;
    if (n === this.fifoHead || (fifo[n - 1] as PendingTimer).at <= at) fifo.push(t);
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
    const heap = this.heap;
    for (;;) {
      const top = heap[0];
      const fifo = this.fifo;
      const head = this.fifoHead < fifo.length ? (fifo[this.fifoHead] as PendingTimer) : undefined;
      let next: PendingTimer;
      if (head !== undefined && (top === undefined || before(head, top))) {
        if (head.at > end) break;
        next = head;
        this.takeFifo();
      } else {
        if (top === undefined || top.at > end) break;
        next = top;
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

  private takeFifo(): void {
    const head = ++this.fifoHead;
    const fifo = this.fifo;
    if (head === fifo.length) {
      fifo.length = 0;
      this.fifoHead = 0;
    } else if (head >= 1024 && head * 2 >= fifo.length) {
      this.fifo = fifo.slice(head);
      this.fifoHead = 0;
    }
  }

  private push(t: PendingTimer): void {
    const h = this.heap;
    let i = h.length;
    h.push(t);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p] as PendingTimer;
      if (!before(t, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = t;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop() as PendingTimer;
    const n = h.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let m = l;
      let child = h[l] as PendingTimer;
      if (r < n && before(h[r] as PendingTimer, child)) {
        m = r;
        child = h[r] as PendingTimer;
      }
      if (!before(child, last)) break;
      h[i] = child;
      i = m;
    }
    h[i] = last;
  }
}
