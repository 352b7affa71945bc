/**
 * From the configuration model to what one group's state machine and host need (spec §4.5): the
 * address family, the VIPs, the virtual MAC, the effective priority under tracking, and whether a
 * `track … shutdown` object holds the group in Init.
 */
import { formatIpv6 } from '../../net/ip-address.js';
import { eui64LinkLocal, parseMac, virtualMac } from '../../net/mac.js';
import { HSRP_DEFAULTS } from '../../model/defaults.js';
import { shortInterfaceName } from '../../model/interface-name.js';
import type { HsrpGroup, Interface } from '../../model/types.js';
import type { InterfaceAddressing, LineProtocolStates, TrackStates } from '../engine-deps.js';
import type { HsrpGroupConfig } from './fsm.js';

export type HsrpMacSource = 'v1 default' | 'v2 default' | 'v2 IPv6 default' | 'configured' | 'bia';

/** An IPv6 group is one configured with `standby N ipv6 …` and no `standby N ip` (spec §4.5, v2 only). */
export function hsrpGroupFamily(g: HsrpGroup): 4 | 6 {
  return !g.ipEnabled && (g.ipv6Autoconfig || g.ipv6LinkLocal !== undefined || g.ipv6Prefixes.length > 0) ? 6 : 4;
}

/** The key a group is known by on an interface (one state machine per group and family). */
export function hsrpGroupKey(version: 1 | 2, family: 4 | 6, group: number): string {
  return `hsrp-v${version}-ipv${family}-${group}`;
}

/** The virtual MAC the group answers with when Active, and how IOS labels it in `show standby` (spec §3.3). */
export function hsrpVirtualMac(iface: Interface, g: HsrpGroup, bia: Uint8Array): { mac: Uint8Array; source: HsrpMacSource } {
  if (g.macAddress !== undefined) {
    const mac = parseMac(g.macAddress);
    if (mac) return { mac, source: 'configured' };
  }
  if (iface.hsrp.useBia) return { mac: bia, source: 'bia' };
  if (iface.hsrp.version === 1) return { mac: virtualMac('hsrp-v1', g.group), source: 'v1 default' };
  return hsrpGroupFamily(g) === 6 ? { mac: virtualMac('hsrp-v2-ipv6', g.group), source: 'v2 IPv6 default' } : { mac: virtualMac('hsrp-v2-ipv4', g.group), source: 'v2 default' };
}

/** The configured primary VIP: IPv4 `standby N ip A`; IPv6 the link-local (autoconfig: EUI-64 of the virtual MAC). */
export function hsrpConfiguredVip(g: HsrpGroup): string | undefined {
  if (hsrpGroupFamily(g) === 4) return g.vip;
  if (g.ipv6LinkLocal !== undefined) return g.ipv6LinkLocal;
  if (g.ipv6Autoconfig) return formatIpv6(eui64LinkLocal(virtualMac('hsrp-v2-ipv6', g.group)));
  return undefined;
}

/** Secondary VIPs (IPv4 `secondary`) or IPv6 global VIPs (`standby N ipv6 PREFIX/LEN`, address part). */
export function hsrpSecondaryVips(g: HsrpGroup): string[] {
  if (hsrpGroupFamily(g) === 4) return [...g.secondaryVips];
  return g.ipv6Prefixes.map((p) => p.split('/')[0] ?? p);
}

/**
 * Effective priority (spec §4.5): configured minus the decrements of Down objects and of the
 * interfaces of legacy `standby N track INTERFACE [D]` lines whose line protocol is down (default
 * decrement 10 for both forms), floored at 0.
 */
export function hsrpEffectivePriority(g: HsrpGroup, tracks: TrackStates, lineProtocol?: LineProtocolStates): number {
  let p = g.priority;
  for (const t of g.tracks) {
    if (!t.shutdown && tracks.state(t.object) === 'down') p -= t.decrement ?? HSRP_DEFAULTS.trackDecrement;
  }
  if (lineProtocol !== undefined) {
    for (const t of g.interfaceTracks) {
      if (lineProtocol.lineProtocolUp(t.iface) === false) p -= t.decrement ?? HSRP_DEFAULTS.trackDecrement;
    }
  }
  return Math.max(0, p);
}

/** A `standby N track OBJ shutdown` object that is Down holds the group in Init. */
export function hsrpTrackShutdown(g: HsrpGroup, tracks: TrackStates): boolean {
  return g.tracks.some((t) => t.shutdown && tracks.state(t.object) === 'down');
}

/** Timers are "configured" when they differ from the defaults IOS does not NVGEN (spec §4.2). */
function configuredTimers(g: HsrpGroup): { hello: number | undefined; hold: number | undefined } {
  const configured = g.helloMs !== HSRP_DEFAULTS.helloMs || g.holdMs !== HSRP_DEFAULTS.holdMs;
  return configured ? { hello: g.helloMs, hold: g.holdMs } : { hello: undefined, hold: undefined };
}

export function hsrpLocalIp(g: HsrpGroup, addressing: InterfaceAddressing): string | undefined {
  return hsrpGroupFamily(g) === 6 ? addressing.ipv6LinkLocal : addressing.ipv4;
}

/** IOS's default group name (spec §4.5 `standby N name`): `hsrp-Gi0/1-1`; what `standby follow` names. */
export function hsrpGroupName(ifName: string, g: HsrpGroup): string {
  return g.name ?? `hsrp-${shortInterfaceName(ifName)}-${g.group}`;
}

export function hsrpGroupConfig(
  iface: Interface,
  g: HsrpGroup,
  addressing: InterfaceAddressing,
  tracks: TrackStates,
  preemptDelayMs: number,
  lineProtocol?: LineProtocolStates,
): HsrpGroupConfig {
  const timers = configuredTimers(g);
  return {
    ifName: iface.name,
    group: g.group,
    localIp: hsrpLocalIp(g, addressing) ?? (hsrpGroupFamily(g) === 6 ? '::' : '0.0.0.0'),
    priority: hsrpEffectivePriority(g, tracks, lineProtocol),
    preempt: g.preempt,
    preemptDelayMs,
    vip: hsrpConfiguredVip(g),
    helloTimeMs: timers.hello,
    holdTimeMs: timers.hold,
    // `standby N follow NAME`: a client group, refreshed every `standby mac-refresh` seconds (spec §4.5).
    ...(g.follow !== undefined ? { follow: { refreshMs: iface.hsrp.macRefresh * 1000 } } : {}),
  };
}
