/**
 * `show arp` in the layout of fixtures/ios-output/show_arp.txt: Protocol 0, Address 10, Age (min)
 * right-aligned to column 35, Hardware Addr 38, Type 54, Interface 61; `-` for the router's own
 * entries (its interface addresses and the VIPs of its Active/Master groups, with the virtual MAC),
 * `Incomplete` while a neighbor is unresolved; sorted by address as IOS sorts them.
 */
import { ipv4Number } from '../../model/ipv4.js';
import type { RouterConfig } from '../../model/types.js';
import type { HsrpGroupSnapshot } from '../../protocols/hsrp/show.js';
import type { VrrpInterfaceSnapshot } from '../../protocols/vrrp/snapshot.js';
import type { InterfaceStats, Neighbor } from '../providers.js';
import { interfaceUp } from '../route-table.js';

export const ARP_HEADER = 'Protocol  Address          Age (min)  Hardware Addr   Type   Interface';

export interface ArpRow {
  readonly address: string;
  /** undefined: own entry (`-`). */
  readonly ageMin: number | undefined;
  /** undefined: `Incomplete`. */
  readonly mac: string | undefined;
  /** undefined for an incomplete entry (IOS leaves the column empty). */
  readonly ifName: string | undefined;
}

export interface ArpSources {
  readonly config: RouterConfig;
  readonly linkUp: (ifName: string) => boolean | undefined;
  readonly stats: InterfaceStats | undefined;
  readonly neighbors: readonly Neighbor[];
  readonly hsrp: readonly HsrpGroupSnapshot[];
  readonly vrrp: readonly VrrpInterfaceSnapshot[];
  readonly nowMs: number;
}

export function arpRows(s: ArpSources): ArpRow[] {
  const rows = new Map<string, ArpRow>();
  for (const n of s.neighbors) {
    rows.set(n.address, {
      address: n.address,
      ageMin: n.updatedAtMs === undefined ? undefined : Math.max(0, Math.floor((s.nowMs - n.updatedAtMs) / 60000)),
      mac: n.mac,
      ifName: n.mac === undefined ? undefined : n.ifName,
    });
  }
  // Own entries win over anything learned for the same address.
  for (const i of s.config.interfaces) {
    if (!interfaceUp(s.config, i, s.linkUp)) continue;
    const mac = s.stats?.get(i.name)?.mac;
    if (mac === undefined) continue;
    for (const a of [...(i.ipv4 ? [i.ipv4] : []), ...i.ipv4Secondaries]) rows.set(a.address, { address: a.address, ageMin: undefined, mac, ifName: i.name });
  }
  for (const g of s.hsrp) {
    if (g.state !== 'active' || g.family !== 4 || g.activeVirtualMac === undefined) continue;
    for (const vip of [...(g.vip !== undefined ? [g.vip] : []), ...g.secondaryVips]) rows.set(vip, { address: vip, ageMin: undefined, mac: g.activeVirtualMac, ifName: g.ifName });
  }
  for (const i of s.vrrp) {
    for (const g of i.groups) {
      if (g.state !== 'master' || g.family !== 4) continue;
      for (const vip of [...(g.virtualIp !== undefined ? [g.virtualIp] : []), ...g.secondaryVips]) rows.set(vip, { address: vip, ageMin: undefined, mac: g.virtualMac, ifName: g.ifName });
    }
  }
  return [...rows.values()].sort((a, b) => ipv4Number(a.address) - ipv4Number(b.address));
}

export function renderShowArp(rows: readonly ArpRow[]): string {
  const lines = rows.map((r) =>
    `Internet  ${r.address.padEnd(16)}${(r.ageMin === undefined ? '-' : String(r.ageMin)).padStart(9)}   ${(r.mac ?? 'Incomplete').padEnd(16)}ARPA   ${r.ifName ?? ''}`.trimEnd(),
  );
  return `${[ARP_HEADER, ...lines].join('\n')}\n`;
}
