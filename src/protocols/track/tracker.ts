/**
 * The tracking process (spec §4.5): keeps every configured `track` object's state, applies `delay`,
 * logs `%TRACK-6-STATE` (spec §4.6), counts changes, and tells subscribers (the HSRP and VRRP
 * engines, through TrackStates from ../engine-deps.ts) about each published change exactly once.
 *
 * One evaluation pass walks the objects members-first (./boolean-list.ts), so a list always combines
 * the members' new states; log lines are written during the pass and subscribers are called after
 * it, when every state is consistent. A subscriber may call back into the tracker.
 */
import type { Track } from '../../model/types.js';
import type { Clock, TimerHandle } from '../../runtime/clock.js';
import type { LogSink } from '../../runtime/syslog.js';
import type { TrackState, TrackStates } from '../engine-deps.js';
import { cyclicKey, evaluateList, planEvaluation, type EvaluationPlan } from './boolean-list.js';
import { stepDelay, type DelayState } from './delay.js';
import { evaluateLeaf, type Evaluation } from './evaluate-leaf.js';
import { compareTrackClients, TrackClientRegistry, type RegisteredTrackClient, type TrackClient } from './track-clients.js';
import type { TrackInputs } from './track-inputs.js';
import { trackStateMessage } from './track-log.js';
import type { TrackSnapshot } from './track-snapshot.js';

export interface TrackerOptions {
  readonly tracks: readonly Track[];
  readonly inputs: TrackInputs;
  readonly clock: Clock;
  readonly log: LogSink;
}

type ChangeHandler = (object: number, state: TrackState) => void;

interface Entry {
  track: Track;
  /** not evaluated yet: the first evaluation sets the state at once, without delay or log */
  fresh: boolean;
  delay: DelayState;
  detail: string | undefined;
  changes: number;
  lastChangeMs: number;
  timer: TimerHandle | undefined;
}

export class Tracker implements TrackStates {
  private readonly inputs: TrackInputs;
  private readonly clock: Clock;
  private readonly log: LogSink;
  private readonly entries = new Map<number, Entry>();
  private readonly handlers = new Set<ChangeHandler>();
  private readonly registry = new TrackClientRegistry();
  private plan: EvaluationPlan = { order: [], cyclic: new Set() };
  private evaluating = false;
  private again = false;
  private readonly unsubscribeInputs: () => void;

  constructor(options: TrackerOptions) {
    this.inputs = options.inputs;
    this.clock = options.clock;
    this.log = options.log;
    this.update(options.tracks);
    this.unsubscribeInputs = this.inputs.onChange?.(() => this.inputsChanged()) ?? (() => undefined);
  }

  // ---- TrackStates ------------------------------------------------------------------------------

  state(object: number): TrackState | undefined {
    const e = this.entries.get(object);
    return e === undefined || e.fresh ? undefined : e.delay.published;
  }

  onChange(handler: ChangeHandler): () => void {
    // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
    const h: ChangeHandler = (o, s) => handler(o, s);
    this.handlers.add(h);
    return () => {
      this.handlers.delete(h);
    };
  }

  // ---- configuration and inputs -------------------------------------------------------------------

  /**
   * Applies a new set of `track` objects (the reconcile step of DESIGN D4). New objects are evaluated
   * at once; removed ones disappear with their timers; objects whose configuration is unchanged keep
   * their state, change count and any running delay. An object whose kind changed is a new object.
   * Subscribers hear about new objects; a removed object's users learn of it from the same
   * configuration change (TrackStates has no "gone" event).
   */
  update(tracks: readonly Track[]): void {
    const wanted = new Map(tracks.map((t) => [t.id, t]));
    for (const [id, e] of this.entries) {
      const t = wanted.get(id);
      if (t === undefined || t.definition.kind !== e.track.definition.kind) {
        this.cancelTimer(e);
        this.entries.delete(id);
      }
    }
    for (const t of tracks) {
      const e = this.entries.get(t.id);
      if (e === undefined) {
        this.entries.set(t.id, {
          track: t,
          fresh: true,
          delay: { published: 'down', pending: undefined },
          detail: undefined,
          changes: 0,
          lastChangeMs: this.clock.now(),
          timer: undefined,
        });
      } else {
        if (!sameTrack(e.track, t)) {
          // A changed definition or delay restarts any pending delay under the new rules.
          this.cancelTimer(e);
          e.delay = { published: e.delay.published, pending: undefined };
        }
        e.track = t;
      }
    }
    this.plan = planEvaluation(tracks);
    this.evaluate();
  }

  /** Re-evaluates every object against the inputs (hosts call it on link, address and route events). */
  inputsChanged(): void {
    this.evaluate();
  }

  /** Adds a `Tracked by:` line for an object (configured or not); returns the function that removes it. */
  registerClient(object: number, client: RegisteredTrackClient): () => void {
    return this.registry.register(object, client);
  }

  /** Stops timers and input notifications; the tracker answers queries but no longer changes. */
  dispose(): void {
    for (const e of this.entries.values()) this.cancelTimer(e);
    this.unsubscribeInputs();
    this.handlers.clear();
  }

  // ---- show ---------------------------------------------------------------------------------------

  /** `show track` data for every object, by id; or for one object (empty when it is not configured). */
  snapshot(object?: number): readonly TrackSnapshot[] {
    const now = this.clock.now();
    const ids = [...this.entries.keys()].filter((id) => object === undefined || id === object).sort((a, b) => a - b);
    const out: TrackSnapshot[] = [];
    for (const id of ids) {
      const e = this.entries.get(id);
      if (e === undefined || e.fresh) continue;
      const t = e.track;
      const def = t.definition;
      const pending = e.delay.pending;
      let firstHop: TrackSnapshot['firstHop'];
      if (def.kind === 'ip-route' && this.inputs.routeFirstHop !== undefined) {
        firstHop = e.delay.published === 'up' ? (this.inputs.routeFirstHop(def.prefix, def.prefixLength) ?? 'unknown') : 'unknown';
      }
      out.push({
        id,
        definition: def,
        state: e.delay.published,
        detail: e.detail,
        changes: e.changes,
        lastChangeAgeMs: now - e.lastChangeMs,
        delayUp: t.delayUp,
        delayDown: t.delayDown,
        pending: pending === undefined ? undefined : { state: pending.target, remainingMs: Math.max(0, pending.dueAtMs - now) },
        members:
          def.kind === 'list'
            ? t.objects.map((o) => ({ object: o.object, not: o.not, state: this.state(o.object), cyclic: this.plan.cyclic.has(cyclicKey(id, o.object)) }))
            : [],
        firstHop,
        trackedBy: this.trackedBy(id),
      });
    }
    return out;
  }

  private trackedBy(object: number): readonly TrackClient[] {
    const lists: TrackClient[] = [];
    for (const e of this.entries.values()) {
      const t = e.track;
      if (t.definition.kind === 'list' && t.objects.some((o) => o.object === object)) lists.push({ kind: 'list', list: t.id });
    }
    return [...this.registry.clients(object), ...lists].sort(compareTrackClients);
  }

  // ---- evaluation ---------------------------------------------------------------------------------

  private evaluate(): void {
    if (this.evaluating) {
      // Called from inside a pass (an input notifying synchronously): run one more pass after it.
      this.again = true;
      return;
    }
    this.evaluating = true;
    const changes: { object: number; state: TrackState }[] = [];
    try {
      do {
        this.again = false;
        this.pass(changes);
      } while (this.again);
    } finally {
      this.evaluating = false;
    }
    for (const c of changes) {
      for (const h of [...this.handlers]) if (this.handlers.has(h)) h(c.object, c.state);
    }
  }

  private pass(changes: { object: number; state: TrackState }[]): void {
    const now = this.clock.now();
    for (const id of this.plan.order) {
      const e = this.entries.get(id);
      if (e === undefined) continue;
      const ev = this.evaluateEntry(id, e);
      if (e.fresh) {
        e.fresh = false;
        e.delay = { published: ev.state, pending: undefined };
        e.detail = ev.detail;
        e.changes = 1;
        e.lastChangeMs = now;
        changes.push({ object: id, state: ev.state });
        continue;
      }
      const from = e.delay.published;
      const step = stepDelay(e.delay, ev.state, now, { up: e.track.delayUp, down: e.track.delayDown });
      if (step.cancel) this.cancelTimer(e);
      e.delay = step.state;
      if (step.armAtMs !== undefined) {
        const timer = this.clock.setTimer(step.armAtMs - now, () => {
          if (e.timer === timer) e.timer = undefined;
          this.evaluate();
        });
        e.timer = timer;
      }
      if (step.changed) {
        e.changes++;
        e.lastChangeMs = now;
        e.detail = ev.detail;
        this.log.log(trackStateMessage(id, e.track.definition, from, e.delay.published, now));
        changes.push({ object: id, state: e.delay.published });
      } else if (ev.state === e.delay.published) {
        // Same state, perhaps a new reason or route source.
        e.detail = ev.detail;
      }
    }
  }

  private evaluateEntry(id: number, e: Entry): Evaluation {
    const def = e.track.definition;
    if (def.kind !== 'list') return evaluateLeaf(def, this.inputs);
    const state = evaluateList(def.op, e.track.objects, (m) => (this.plan.cyclic.has(cyclicKey(id, m)) ? undefined : this.state(m)));
    return { state, detail: undefined };
  }

  private cancelTimer(e: Entry): void {
    if (e.timer !== undefined) this.clock.clearTimer(e.timer);
    e.timer = undefined;
  }
}

function sameTrack(a: Track, b: Track): boolean {
  return (
    sameDefinition(a.definition, b.definition) &&
    a.delayUp === b.delayUp &&
    a.delayDown === b.delayDown &&
    a.objects.length === b.objects.length &&
    a.objects.every((o, i) => o.object === b.objects[i]?.object && o.not === b.objects[i]?.not)
  );
}

/** Definitions are flat records of strings and numbers (../../model/types.ts). */
function sameDefinition(a: Track['definition'], b: Track['definition']): boolean {
  const ra = a as unknown as Readonly<Record<string, unknown>>;
  const rb = b as unknown as Readonly<Record<string, unknown>>;
  const keys = Object.keys(ra);
  return keys.length === Object.keys(rb).length && keys.every((k) => ra[k] === rb[k]);
}
