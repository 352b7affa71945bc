/**
 * `delay up S down S` in track configuration mode (spec §4.5): a change of the raw state is published
 * only once it has held for the delay of its direction; a flap shorter than the delay changes nothing.
 * Pure (DESIGN D2): the tracker executes the timer actions against its Clock.
 */
import type { TrackState } from '../engine-deps.js';

export interface DelayState {
  readonly published: TrackState;
  readonly pending: { readonly target: TrackState; readonly dueAtMs: number } | undefined;
}

export interface Delays {
  /** seconds; undefined or 0 = no delay */
  readonly up: number | undefined;
  readonly down: number | undefined;
}

export interface DelayStep {
  readonly state: DelayState;
  /** the published state changed in this step */
  readonly changed: boolean;
  /** the pending timer (if any) is obsolete */
  readonly cancel: boolean;
  /** arm a timer for this instant (after cancelling the old one) */
  readonly armAtMs: number | undefined;
}

export function stepDelay(s: DelayState, raw: TrackState, nowMs: number, delays: Delays): DelayStep {
  const hadPending = s.pending !== undefined;
  if (raw === s.published) {
    // The flap ended inside the delay: IOS reports nothing.
    return { state: { published: s.published, pending: undefined }, changed: false, cancel: hadPending, armAtMs: undefined };
  }
  const delayS = (raw === 'up' ? delays.up : delays.down) ?? 0;
  if (delayS <= 0) {
    return { state: { published: raw, pending: undefined }, changed: true, cancel: hadPending, armAtMs: undefined };
  }
  if (s.pending !== undefined && s.pending.target === raw) {
    if (nowMs >= s.pending.dueAtMs) return { state: { published: raw, pending: undefined }, changed: true, cancel: false, armAtMs: undefined };
    return { state: s, changed: false, cancel: false, armAtMs: undefined };
  }
  const dueAtMs = nowMs + delayS * 1000;
  return { state: { published: s.published, pending: { target: raw, dueAtMs } }, changed: false, cancel: hadPending, armAtMs: dueAtMs };
}
