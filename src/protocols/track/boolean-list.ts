/**
 * `track N list boolean and|or` with `object M [not]` lines (spec §4.5): the list combines the
 * published (post-delay) states of its members, as IOS does, so a member's `delay` delays the list too.
 *
 * Members that cannot vote are counted as Down, `not` or not: an object that is not configured, and
 * an object that depends on the list itself (`object 10` inside list 10, or list 11 → 12 → 11). IOS
 * refuses both when typed (`% Object cannot track itself`, an object must exist before it is added),
 * but a later `no track` or an edited file can still leave them; counting them Down means a list never
 * reports Up on the strength of something that is not there, and evaluation never recurses forever.
 * An empty list is Down for the same reason.
 */
import type { Track } from '../../model/types.js';
import type { TrackState } from '../engine-deps.js';

export interface ListMember {
  readonly object: number;
  readonly not: boolean;
}

/**
 * @param stateOf published state of a member, undefined when it cannot vote (unknown or cyclic)
 */
export function evaluateList(
  op: 'and' | 'or',
  members: readonly ListMember[],
  stateOf: (object: number) => TrackState | undefined,
): TrackState {
  if (members.length === 0) return 'down';
  const votes = members.map((m) => {
    const s = stateOf(m.object);
    if (s === undefined) return false;
    return m.not ? s === 'down' : s === 'up';
  });
  const result = op === 'and' ? votes.every((v) => v) : votes.some((v) => v);
  return result ? 'up' : 'down';
}

export interface EvaluationPlan {
  /** Every configured object, members before the lists that contain them. */
  readonly order: readonly number[];
  /** `list:member` pairs whose member depends on the list (a cycle): that member cannot vote. */
  readonly cyclic: ReadonlySet<string>;
}

export function cyclicKey(list: number, member: number): string {
  return `${list}:${member}`;
}

/**
 * Orders the objects so that one pass evaluates each list after its members (no list ever sees a
 * member's old state within a pass, so a subscriber sees each change once), and finds the cycles.
 * A member edge is cyclic when the member reaches the list again; dropping exactly those edges
 * leaves a graph without cycles, which the depth-first post-order then sorts.
 */
export function planEvaluation(tracks: readonly Track[]): EvaluationPlan {
  const byId = new Map(tracks.map((t) => [t.id, t]));
  const membersOf = (id: number): readonly number[] => {
    const t = byId.get(id);
    return t !== undefined && t.definition.kind === 'list' ? t.objects.map((o) => o.object).filter((m) => byId.has(m)) : [];
  };
  const reaches = (from: number, target: number): boolean => {
    const seen = new Set<number>();
    const stack = [from];
    while (stack.length > 0) {
      const n = stack.pop() as number;
      if (n === target) return true;
      if (seen.has(n)) continue;
      seen.add(n);
      stack.push(...membersOf(n));
    }
    return false;
  };
  const cyclic = new Set<string>();
  for (const t of tracks) {
    if (t.definition.kind !== 'list') continue;
    for (const m of membersOf(t.id)) if (reaches(m, t.id)) cyclic.add(cyclicKey(t.id, m));
  }
  const order: number[] = [];
  const done = new Set<number>();
  const visit = (id: number): void => {
    if (done.has(id)) return;
    done.add(id);
    for (const m of membersOf(id)) if (!cyclic.has(cyclicKey(id, m))) visit(m);
    order.push(id);
  };
  for (const t of [...tracks].sort((a, b) => a.id - b.id)) visit(t.id);
  return { order, cyclic };
}
