/**
 * The data behind `show track` (DESIGN D7): built by the Tracker, rendered to IOS text by
 * ./show-track.ts, and usable as JSON (`| json`) as it stands.
 */
import type { InterfaceName } from '../../model/interface-name.js';
import type { TrackDefinition } from '../../model/types.js';
import type { TrackState } from '../engine-deps.js';
import type { TrackClient } from './track-clients.js';

export interface TrackMemberSnapshot {
  readonly object: number;
  readonly not: boolean;
  /** undefined: the object is not configured */
  readonly state: TrackState | undefined;
  /** the member depends on the list itself and is counted Down (./boolean-list.ts) */
  readonly cyclic: boolean;
}

export interface TrackSnapshot {
  readonly id: number;
  readonly definition: TrackDefinition;
  /** the published state, what engines see */
  readonly state: TrackState;
  /** the parenthesised reason or source after the state (`(hw down)`, `no ip route`, `RIB`) */
  readonly detail: string | undefined;
  /** state changes since the object was configured; the first evaluation counts as one, as on IOS */
  readonly changes: number;
  readonly lastChangeAgeMs: number;
  readonly delayUp: number | undefined;
  readonly delayDown: number | undefined;
  /** a change waiting out its `delay` */
  readonly pending: { readonly state: TrackState; readonly remainingMs: number } | undefined;
  /** `object N [not]` lines of a list, in configuration order; empty for other kinds */
  readonly members: readonly TrackMemberSnapshot[];
  /** ip route objects, when the router reports first hops: the interface, or 'unknown' */
  readonly firstHop: InterfaceName | 'unknown' | undefined;
  readonly trackedBy: readonly TrackClient[];
}
