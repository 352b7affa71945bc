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
 * new timers, including ones due at the current instant, which fire within the same advance.
 */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private pending: PendingTimer[] = [];

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const id = this.nextId++;
    this.pending.push({ id, at: this.current + Math.max(0, delayMs), callback });
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    this.pending = this.pending.filter((t) => t.id !== handle.id);
  }

  /** Number of armed timers (tests use it to check nothing leaks). */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Runs every timer due up to now + ms in time order, then leaves the clock at now + ms. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const next = this.earliest();
      if (next === undefined || next.at > end) break;
      this.pending = this.pending.filter((t) => t.id !== next.id);
      this.current = next.at;
      next.callback();
    }
    this.current = end;
  }

  /** Advances to an absolute time. */
  advanceTo(atMs: number): void {
    if (atMs > this.current) this.advance(atMs - this.current);
  }

  private earliest(): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.pending) if (best === undefined || t.at < best.at || (t.at === best.at && t.id < best.id)) best = t;
    return best;
  }
}
