/**
 * Who tracks an object: the `Tracked by:` lines of `show track` (spec §6.7): `HSRP <full-if> <grp>`,
 * `VRRP <full-if> <grp>`, `Track List <n>`. HSRP and VRRP engines register here when a group has
 * `standby|vrrp N track OBJ`; lists are derived from the configuration by the tracker.
 */
import { compareInterfaceNames, type InterfaceName } from '../../model/interface-name.js';
import { assertNever } from '../../runtime/result.js';

export type TrackClient =
  | { readonly kind: 'hsrp'; readonly iface: InterfaceName; readonly group: number }
  | { readonly kind: 'vrrp'; readonly iface: InterfaceName; readonly group: number }
  | { readonly kind: 'list'; readonly list: number };

/** Clients that register themselves (lists come from the configuration). */
export type RegisteredTrackClient = Exclude<TrackClient, { readonly kind: 'list' }>;

export function trackClientText(c: TrackClient): string {
  switch (c.kind) {
    case 'hsrp':
      return `HSRP ${c.iface} ${c.group}`;
    case 'vrrp':
      return `VRRP ${c.iface} ${c.group}`;
    case 'list':
      return `Track List ${c.list}`;
    default:
      return assertNever(c);
  }
}

const KIND_ORDER: Readonly<Record<TrackClient['kind'], number>> = { hsrp: 0, vrrp: 1, list: 2 };

/** A stable order for `Tracked by:`: HSRP, then VRRP, then lists; interfaces in running-config order. */
export function compareTrackClients(a: TrackClient, b: TrackClient): number {
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  if (a.kind === 'list' && b.kind === 'list') return a.list - b.list;
  if (a.kind !== 'list' && b.kind !== 'list') return compareInterfaceNames(a.iface, b.iface) || a.group - b.group;
  return 0;
}

/**
 * Registrations are counted, so two engines (or an engine re-registering during a reconcile) can
 * each drop their own registration without removing the other's line.
 */
export class TrackClientRegistry {
  private readonly entries = new Map<number, Map<string, { client: RegisteredTrackClient; count: number }>>();

  register(object: number, client: RegisteredTrackClient): () => void {
    const key = trackClientText(client);
    let forObject = this.entries.get(object);
    if (forObject === undefined) {
      forObject = new Map();
      this.entries.set(object, forObject);
    }
    const entry = forObject.get(key);
    if (entry !== undefined) entry.count++;
    else forObject.set(key, { client, count: 1 });
    let registered = true;
    return () => {
      if (!registered) return;
      registered = false;
      const m = this.entries.get(object);
      const e = m?.get(key);
      if (m === undefined || e === undefined) return;
      if (--e.count === 0) m.delete(key);
      if (m.size === 0) this.entries.delete(object);
    };
  }

  clients(object: number): readonly RegisteredTrackClient[] {
    return [...(this.entries.get(object)?.values() ?? [])].map((e) => e.client);
  }
}
