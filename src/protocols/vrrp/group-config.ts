/**
 * The VRRP groups of one interface as the engine runs them, derived from the configuration model in
 * either IOS form (spec §5.7 legacy `vrrp N ip …`, VRRPv2; spec §5.8 IOS-XE `fhrp version vrrp v3` with
 * `vrrp N address-family ipv4|ipv6`, VRRPv3). Pure: the engine diffs two of these lists to apply a
 * new model without disturbing the groups that did not change.
 */
import { canonicalIpv6 } from '../../model/ipv4.js';
import type { FhrpAuthentication, Interface } from '../../model/types.js';
import type { InterfaceAddressing } from '../engine-deps.js';
import type { VrrpChecksumStyle } from './checksum.js';
import type { VrrpFamily } from './ip-context.js';
import type { VrrpVersion } from './timers.js';

/** Which CLI (and so which show layout and syslog format) the group belongs to. */
export type VrrpForm = 'legacy' | 'xe';

export interface VrrpTrackConfig {
  readonly object: number;
  /** undefined: the default decrement 10 (spec §5.7). */
  readonly decrement: number | undefined;
  readonly shutdown: boolean;
}

export interface VrrpGroupConfig {
  /** `ipv4:5`, `ipv6:6`: VRIDs are per family (spec §5.1). */
  readonly key: string;
  readonly vrid: number;
  readonly family: VrrpFamily;
  readonly form: VrrpForm;
  /** The version sent: 2 for the legacy form and for `vrrpv2`, else 3. */
  readonly version: VrrpVersion;
  /** Versions accepted on receive: `vrrpv2` (spec §5.8) accepts both. */
  readonly acceptVersions: readonly VrrpVersion[];
  readonly description: string | undefined;
  /** The primary VIP (IPv6: the link-local one), undefined when none is configured. */
  readonly primary: string | undefined;
  /** The other VIPs (IPv6: global addresses without their prefix length). */
  readonly secondaries: readonly string[];
  /** As configured in the secondary lines (IPv6 keeps `/len`) for show. */
  readonly secondaryText: readonly string[];
  readonly configuredPriority: number;
  /** RFC 3768 §1: a VIP equal to one of the interface's own addresses; runs at priority 255. */
  readonly owner: boolean;
  readonly preempt: boolean;
  readonly preemptDelayMinimumSec: number;
  readonly advertiseMs: number;
  readonly timersLearn: boolean;
  readonly authentication: FhrpAuthentication | undefined;
  readonly tracks: readonly VrrpTrackConfig[];
  /** IPv4 VRRPv3 checksum sent: plain (Cisco, RFC 9568) unless `checksum pseudo-header` (spec §5.4). */
  readonly checksumStyle: VrrpChecksumStyle;
  /**
   * RFC 5798 §6.1 Accept_Mode: whether a Master that is not the owner accepts packets addressed to
   * the VIPs (§6.4.3). Legacy groups always do: RFC 3768 has no such mode and IOS's Master answers
   * for the VIP; IOS-XE groups do unless `no accept-mode` (vipr extension, grammar/vrrp.ne).
   */
  readonly acceptMode: boolean;
  readonly shutdown: boolean;
}

export const DEFAULT_TRACK_DECREMENT = 10;

function stripPrefix(text: string): string {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  return canonicalIpv6(addr) ?? addr;
}

function interfaceOwns(iface: Interface, addressing: InterfaceAddressing, family: VrrpFamily, vips: readonly string[]): boolean {
  if (family === 4) {
    const own = new Set<string>([...(iface.ipv4 ? [iface.ipv4.address] : []), ...iface.ipv4Secondaries.map((a) => a.address), ...(addressing.ipv4 ? [addressing.ipv4] : [])]);
    return vips.some((v) => own.has(v));
  }
  const own = new Set<string>();
  for (const a of [iface.ipv6LinkLocal, addressing.ipv6LinkLocal, ...iface.ipv6Addresses.map((x) => x.prefix)]) {
    if (a !== undefined) own.add(stripPrefix(a));
  }
  return vips.some((v) => own.has(stripPrefix(v)));
}

/**
 * The groups of `iface` in the form the box runs: `fhrp version vrrp v3` switches the box to the
 * IOS-XE form (spec §5.8), in which legacy `vrrp N ip` lines do not exist, and vice versa.
 */
export function vrrpGroupConfigs(iface: Interface, addressing: InterfaceAddressing, fhrpVrrpV3: boolean): VrrpGroupConfig[] {
  if (!fhrpVrrpV3) {
    return iface.vrrp.map((g) => {
      const vips = [...(g.vip === undefined ? [] : [g.vip]), ...g.secondaryVips];
      return {
        key: `ipv4:${g.group}`,
        vrid: g.group,
        family: 4,
        form: 'legacy',
        version: 2,
        acceptVersions: [2],
        description: g.description,
        primary: g.vip,
        secondaries: g.secondaryVips,
        secondaryText: g.secondaryVips,
        configuredPriority: g.priority,
        owner: interfaceOwns(iface, addressing, 4, vips),
        preempt: g.preempt,
        preemptDelayMinimumSec: g.preemptDelayMinimum,
        advertiseMs: g.advertiseMs,
        timersLearn: g.timersLearn,
        authentication: g.authentication,
        tracks: g.tracks.map((t) => ({ object: t.object, decrement: t.decrement, shutdown: false })),
        checksumStyle: 'plain',
        acceptMode: true,
        shutdown: g.shutdown,
      } satisfies VrrpGroupConfig;
    });
  }
  return iface.vrrpv3.map((g) => {
    const family: VrrpFamily = g.family === 'ipv4' ? 4 : 6;
    const secondaries = family === 4 ? g.secondaries : g.secondaries.map(stripPrefix);
    const vips = [...(g.primary === undefined ? [] : [g.primary]), ...secondaries];
    const v2 = family === 4 && g.vrrpv2;
    return {
      key: `${g.family}:${g.group}`,
      vrid: g.group,
      family,
      form: 'xe',
      version: v2 ? 2 : 3,
      acceptVersions: v2 ? [2, 3] : [3],
      description: g.description,
      primary: g.primary,
      secondaries,
      secondaryText: g.secondaries,
      configuredPriority: g.priority,
      owner: interfaceOwns(iface, addressing, family, vips),
      preempt: g.preempt,
      preemptDelayMinimumSec: g.preemptDelayMinimum,
      advertiseMs: g.advertiseMs,
      // A VRRPv3 Backup always learns the Master's interval (RFC 5798 §6.4.2).
      timersLearn: false,
      authentication: undefined,
      tracks: g.tracks.map((t) => ({ object: t.object, decrement: t.decrement, shutdown: t.shutdown })),
      checksumStyle: family === 4 && g.checksumPseudoHeader ? 'pseudo-header' : 'plain',
      acceptMode: g.acceptMode,
      shutdown: g.shutdown,
    } satisfies VrrpGroupConfig;
  });
}

/**
 * The addresses of an advert, in order: the primary first. For IPv6 that is the link-local VIP, which
 * RFC 9568 §5.2.9 requires first and Arista enforces (ecosystem §1, netlab #1818).
 */
export function advertAddresses(g: VrrpGroupConfig): string[] {
  return [...(g.primary === undefined ? [] : [g.primary]), ...g.secondaries];
}

/**
 * RFC 5798 §6.4.3: a Master accepts packets addressed to the VIPs when it owns them or Accept_Mode
 * is True; otherwise it still answers ARP/ND for them and forwards what is sent to the virtual MAC.
 */
export function acceptsVipTraffic(g: VrrpGroupConfig): boolean {
  return g.owner || g.acceptMode;
}

/** Same configuration, field by field (arrays by value): `update` leaves such a group running. */
export function sameGroupConfig(a: VrrpGroupConfig, b: VrrpGroupConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
