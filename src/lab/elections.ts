/**
 * Whether the lab's routers have finished electing, read from their own snapshots (`show standby |
 * json`, `show vrrp | json` over the CLI socket, DESIGN D7) rather than from their logs, so that
 * whatever groups a user puts into lab/local/*.cfg are waited for.
 *
 * A group has settled when exactly one router is Active (HSRP) or Master (VRRP) and, for HSRP groups
 * configured on two or more routers, exactly one is Standby (RFC 2281 §4: one Active, one Standby, the
 * rest Listen). VRRP has no standby role: every other router is Backup (RFC 5798 §6.4.2).
 */

export interface GroupState {
  /** The same group on every router: protocol, interface, family, number. */
  readonly key: string;
  /** For people: `HSRP Gi0/1 group 1 (IPv4)`. */
  readonly label: string;
  readonly protocol: 'hsrp' | 'vrrp';
  readonly router: string;
  /** Lowercase, as the snapshots carry it (`active`, `standby`, `listen`, `master`, `backup`, `init`). */
  readonly state: string;
}

interface HsrpJson {
  readonly ifName: string;
  readonly group: number;
  readonly family: 4 | 6;
  readonly state: string;
}

interface VrrpJson {
  readonly ifName: string;
  readonly groups: readonly { readonly vrid: number; readonly family: 4 | 6; readonly state: string }[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** The groups of `show standby | json`; an answer of another shape is an error, not an empty list. */
export function hsrpGroups(router: string, json: unknown): GroupState[] {
  if (!Array.isArray(json)) throw new Error(`${router}: show standby | json is not a list`);
  return json.map((g: unknown) => {
    if (!isRecord(g) || typeof g['ifName'] !== 'string' || typeof g['group'] !== 'number' || typeof g['state'] !== 'string') {
      throw new Error(`${router}: unexpected HSRP snapshot ${JSON.stringify(g)}`);
    }
    const s = g as unknown as HsrpJson;
    return {
      key: `hsrp|${s.ifName}|${s.family}|${s.group}`,
      label: `HSRP ${s.ifName} group ${s.group} (IPv${s.family})`,
      protocol: 'hsrp' as const,
      router,
      state: s.state,
    };
  });
}

/** The groups of `show vrrp | json` (one entry per interface, its groups inside). */
export function vrrpGroups(router: string, json: unknown): GroupState[] {
  if (!Array.isArray(json)) throw new Error(`${router}: show vrrp | json is not a list`);
  return json.flatMap((i: unknown) => {
    if (!isRecord(i) || typeof i['ifName'] !== 'string' || !Array.isArray(i['groups'])) {
      throw new Error(`${router}: unexpected VRRP snapshot ${JSON.stringify(i)}`);
    }
    const s = i as unknown as VrrpJson;
    return s.groups.map((g) => ({
      key: `vrrp|${s.ifName}|${g.family}|${g.vrid}`,
      label: `VRRP ${s.ifName} group ${g.vrid} (IPv${g.family})`,
      protocol: 'vrrp' as const,
      router,
      state: g.state,
    }));
  });
}

export interface Verdict {
  readonly settled: boolean;
  /** One line per group that has not settled, saying who is in which state. */
  readonly pending: readonly string[];
  /** Per group, the router that is Active/Master (for the summary). */
  readonly leaders: ReadonlyMap<string, string>;
}

export function judge(states: readonly GroupState[]): Verdict {
  const byKey = new Map<string, GroupState[]>();
  for (const s of states) byKey.set(s.key, [...(byKey.get(s.key) ?? []), s]);
  const pending: string[] = [];
  const leaders = new Map<string, string>();
  for (const [, members] of byKey) {
    const first = members[0] as GroupState;
    const leading = members.filter((m) => m.state === (first.protocol === 'hsrp' ? 'active' : 'master'));
    const standby = members.filter((m) => m.state === 'standby');
    const backups = members.filter((m) => m.state === 'backup');
    const ok =
      leading.length === 1 &&
      (first.protocol === 'hsrp' ? members.length < 2 || standby.length === 1 : backups.length === members.length - 1);
    if (leading.length === 1) leaders.set(first.label, (leading[0] as GroupState).router);
    if (!ok) pending.push(`${first.label}: ${members.map((m) => `${m.router} ${m.state}`).join(', ')}`);
  }
  return { settled: byKey.size > 0 && pending.length === 0, pending: byKey.size === 0 ? ['no HSRP or VRRP group is configured'] : pending, leaders };
}
