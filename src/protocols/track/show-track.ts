/**
 * `show track [N] [brief]` text (spec §6.7, DESIGN D7) from TrackSnapshots. Layouts follow IOS 15
 * captures: two-space indents for the object lines, four for the change counter, list members and
 * `Tracked by:` entries; tracks are not separated by blank lines. Long interface names throughout
 * (spec §6.9).
 *
 *   Track 1
 *     Interface GigabitEthernet1/2 line-protocol
 *     Line protocol is Up
 *       1 change, last change 00:04:51
 *     Tracked by:
 *       HSRP Vlan10 10
 *
 * `show track brief` columns, from IOS captures (widths 6/12/27/17/6):
 *   Track Type        Instance                   Parameter        State Last Change
 *   1     ip sla      1                          reachability     Up    00:01:36
 *   2     interface   Ethernet0/1                line-protocol    Up    00:07:55
 *   4     list                                   boolean          Up    00:05:08
 */
import { prefixToMask } from '../../model/ipv4.js';
import type { TrackDefinition } from '../../model/types.js';
import { assertNever } from '../../runtime/result.js';
import { formatChangeAge } from './change-age.js';
import { trackClientText } from './track-clients.js';
import { trackStateWord } from './track-log.js';
import type { TrackMemberSnapshot, TrackSnapshot } from './track-snapshot.js';
import type { Tracker } from './tracker.js';

export interface ShowTrackOptions {
  /** `show track N`: one object (nothing is printed when it is not configured) */
  readonly object?: number;
  readonly brief?: boolean;
}

/** The whole command: the tracker's snapshot rendered as IOS prints it. */
export function showTrack(tracker: Tracker, options: ShowTrackOptions = {}): string {
  const snaps = tracker.snapshot(options.object);
  return options.brief === true ? renderShowTrackBrief(snaps) : renderShowTrack(snaps);
}

export function renderShowTrack(snaps: readonly TrackSnapshot[]): string {
  return snaps.flatMap(trackLines).map((l) => `${l}\n`).join('');
}

function trackLines(s: TrackSnapshot): string[] {
  const def = s.definition;
  const out = [`Track ${s.id}`, `  ${objectLine(def)}`, `  ${stateLine(s)}`];
  out.push(`    ${s.changes} change${s.changes === 1 ? '' : 's'}, last change ${formatChangeAge(s.lastChangeAgeMs)}`);
  for (const m of s.members) out.push(`    ${memberLine(m)}`);
  const delay = delayLine(s.delayUp, s.delayDown);
  if (delay !== undefined) out.push(`  ${delay}`);
  // Cisco command reference (`show track`, metric threshold example): thresholds, then first hop.
  if (def.kind === 'ip-route' && def.what === 'metric-threshold') out.push('  Metric threshold down 255 up 254');
  if (s.firstHop !== undefined) out.push(`  First-hop interface is ${s.firstHop}`);
  if (s.trackedBy.length > 0) {
    out.push('  Tracked by:');
    for (const c of s.trackedBy) out.push(`    ${trackClientText(c)}`);
  }
  return out;
}

function objectLine(def: TrackDefinition): string {
  switch (def.kind) {
    case 'interface':
      return `Interface ${def.iface} ${def.what === 'line-protocol' ? 'line-protocol' : 'ip routing'}`;
    case 'ip-route':
      return `IP route ${def.prefix} ${prefixToMask(def.prefixLength)} ${def.what === 'reachability' ? 'reachability' : 'metric threshold'}`;
    case 'ip-sla':
      return `IP SLA ${def.sla} ${def.what}`;
    case 'list':
      return `List boolean ${def.op}`;
    default:
      return assertNever(def);
  }
}

function stateLine(s: TrackSnapshot): string {
  const def = s.definition;
  let subject: string;
  switch (def.kind) {
    case 'interface':
      subject = def.what === 'line-protocol' ? 'Line protocol' : 'IP routing';
      break;
    case 'ip-route':
      subject = def.what === 'reachability' ? 'Reachability' : 'Metric threshold';
      break;
    case 'ip-sla':
      subject = def.what === 'reachability' ? 'Reachability' : 'State';
      break;
    case 'list':
      subject = `Boolean ${def.op.toUpperCase()}`;
      break;
    default:
      return assertNever(def);
  }
  return `${subject} is ${trackStateWord(s.state)}${s.detail === undefined ? '' : ` (${s.detail})`}`;
}

/** `object 2 not Down`: the member's own state, with `not` shown as configured. */
function memberLine(m: TrackMemberSnapshot): string {
  // engine-deps.ts: IOS calls an object that is not configured `(unknown)`.
  const state = m.state === undefined ? '(unknown)' : trackStateWord(m.state);
  return `object ${m.object}${m.not ? ' not' : ''} ${state}`;
}

/** `Delay up 5 secs, down 3 secs` (IOS capture); one direction alone prints alone. */
function delayLine(up: number | undefined, down: number | undefined): string | undefined {
  const parts: string[] = [];
  if (up !== undefined) parts.push(`up ${up} secs`);
  if (down !== undefined) parts.push(`down ${down} secs`);
  return parts.length === 0 ? undefined : `Delay ${parts.join(', ')}`;
}

const BRIEF_HEADER = 'Track Type        Instance                   Parameter        State Last Change';

export function renderShowTrackBrief(snaps: readonly TrackSnapshot[]): string {
  const lines = [BRIEF_HEADER];
  for (const s of snaps) {
    const [type, instance, parameter] = briefColumns(s.definition);
    lines.push(
      column(String(s.id), 6) + column(type, 12) + column(instance, 27) + column(parameter, 17) + column(trackStateWord(s.state), 6) + formatChangeAge(s.lastChangeAgeMs),
    );
  }
  return lines.map((l) => `${l}\n`).join('');
}

function briefColumns(def: TrackDefinition): [string, string, string] {
  switch (def.kind) {
    case 'interface':
      return ['interface', def.iface, def.what === 'line-protocol' ? 'line-protocol' : 'ip routing'];
    case 'ip-route':
      return ['ip route', `${def.prefix}/${def.prefixLength}`, def.what === 'reachability' ? 'reachability' : 'metric threshold'];
    case 'ip-sla':
      return ['ip sla', String(def.sla), def.what];
    case 'list':
      return ['list', '', 'boolean'];
    default:
      return assertNever(def);
  }
}

/** Pads to the column width; a value that fills it still gets one space, so columns never merge. */
function column(text: string, width: number): string {
  return text.length < width ? text.padEnd(width) : `${text} `;
}
