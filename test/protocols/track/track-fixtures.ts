import { expect } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import type { Track } from '../../../src/model/types.js';
import { ManualClock } from '../../../src/runtime/clock.js';
import { formatSyslogBody, LogBuffer } from '../../../src/runtime/syslog.js';
import { MemoryTrackInputs } from '../../../src/protocols/track/memory-track-inputs.js';
import { Tracker } from '../../../src/protocols/track/tracker.js';

/** The `track` objects of an IOS configuration, loaded as the router loads its startup-config. */
export function tracksOf(text: string): readonly Track[] {
  const r = loadConfig(text);
  expect(r.diagnostics).toEqual([]);
  return r.config.tracks;
}

export interface Rig {
  readonly clock: ManualClock;
  readonly log: LogBuffer;
  readonly inputs: MemoryTrackInputs;
  readonly tracker: Tracker;
  /** `%TRACK-6-STATE: …` bodies logged so far */
  bodies(): string[];
  /** every (object, state) a subscriber has seen */
  readonly seen: string[];
}

/** A tracker on a manual clock whose inputs are set before it starts (`setup`). */
export function rig(config: string, setup: (inputs: MemoryTrackInputs) => void = () => undefined, startMs = 0): Rig {
  const clock = new ManualClock(startMs);
  const log = new LogBuffer();
  const inputs = new MemoryTrackInputs();
  setup(inputs);
  const tracker = new Tracker({ tracks: tracksOf(config), inputs, clock, log });
  const seen: string[] = [];
  tracker.onChange((o, s) => seen.push(`${o} ${s}`));
  return { clock, log, inputs, tracker, seen, bodies: () => log.messages.map(formatSyslogBody) };
}
