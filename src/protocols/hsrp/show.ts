/**
 * `show standby [INTERFACE [GROUP]] [brief]` (DESIGN D7): a typed snapshot per group, rendered in the
 * exact layouts of spec §6.1 and §6.2 and the real device outputs in fixtures/ios-output/show_standby*.txt.
 */
import type { FhrpAuthentication } from '../../model/types.js';
import { shortInterfaceName } from '../../model/interface-name.js';
import type { TrackState } from '../engine-deps.js';
import { hsrpStateName, type HsrpState } from './fsm.js';
import type { HsrpMacSource } from './group-config.js';

export interface HsrpPeerSnapshot {
  readonly ip: string;
  readonly priority: number;
  readonly expiresInMs: number;
  /** HSRPv2 Identifier (the peer's own MAC). */
  readonly mac: string | undefined;
}

export interface HsrpGroupSnapshot {
  readonly ifName: string;
  readonly group: number;
  readonly version: 1 | 2;
  readonly family: 4 | 6;
  readonly state: HsrpState;
  readonly stateChanges: number;
  readonly lastStateChangeAgoMs: number | undefined;
  readonly vip: string | undefined;
  readonly secondaryVips: readonly string[];
  /** The MAC the Active uses: ours when Active, else the source of the Active's hellos. */
  readonly activeVirtualMac: string | undefined;
  readonly virtualMacInUse: boolean;
  readonly localVirtualMac: string;
  readonly localVirtualMacSource: HsrpMacSource;
  readonly helloTimeMs: number;
  readonly holdTimeMs: number;
  readonly nextHelloInMs: number | undefined;
  readonly authentication: FhrpAuthentication;
  readonly preempt: boolean;
  readonly preemptDelayMinimumS: number;
  readonly preemptDelayReloadS: number;
  readonly preemptDelaySyncS: number;
  readonly active: 'local' | 'unknown' | HsrpPeerSnapshot;
  readonly standby: 'local' | 'unknown' | HsrpPeerSnapshot;
  readonly priority: number;
  readonly configuredPriority: number;
  readonly tracks: readonly { readonly object: number; readonly state: TrackState | undefined; readonly decrement: number | undefined; readonly shutdown: boolean }[];
  /**
   * Legacy `standby N track INTERFACE [D]` lines (spec §4.5): the interface's line protocol, undefined
   * when the router has no such interface.
   */
  readonly interfaceTracks?: readonly { readonly iface: string; readonly state: TrackState | undefined; readonly decrement: number | undefined }[];
  /** Configured `standby N name`; undefined for the default name. */
  readonly name: string | undefined;
  /** A client group's `standby N follow NAME`: the group it follows. */
  readonly follow?: string;
}

export interface ShowStandbyOptions {
  /** Full interface name to restrict to. */
  readonly iface?: string;
  readonly group?: number;
  readonly brief?: boolean;
}

const DEFAULT_PRIORITY = 100;

/**
 * IOS's age of the last state change (spec §6.1): `hh:mm:ss` under a day, `NdNNh` under a week,
 * `NwNd` under a year, then `NyNNw`.
 */
export function formatHsrpAge(ms: number): string {
  const totalS = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number): string => String(n).padStart(2, '0');
  const days = Math.floor(totalS / 86400);
  if (days < 1) return `${pad(Math.floor(totalS / 3600))}:${pad(Math.floor((totalS % 3600) / 60))}:${pad(totalS % 60)}`;
  if (days < 7) return `${days}d${pad(Math.floor((totalS % 86400) / 3600))}h`;
  if (days < 365) return `${Math.floor(days / 7)}w${days % 7}d`;
  return `${Math.floor(days / 365)}y${pad(Math.floor((days % 365) / 7))}w`;
}

/** `2.512` — remaining times are printed in seconds with three decimals. */
function secs3(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

function timerText(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} sec` : `${ms} msec`;
}

/** The default group name (spec §4.5): `hsrp-<short-if>-<grp>`. */
export function defaultHsrpGroupName(ifName: string, group: number): string {
  return `hsrp-${shortInterfaceName(ifName)}-${group}`;
}

function upper6(ip: string): string {
  return ip.includes(':') ? ip.toUpperCase() : ip;
}

function authLine(a: FhrpAuthentication): string | undefined {
  switch (a.kind) {
    case 'text':
      return a.text === 'cisco' ? undefined : `  Authentication text, string "${a.text}"`;
    case 'md5-key-string':
      return '  Authentication MD5, key-string';
    case 'md5-key-chain':
      return `  Authentication MD5, key-chain "${a.chain}"`;
  }
}

function preemptLine(s: HsrpGroupSnapshot): string {
  if (!s.preempt) return '  Preemption disabled';
  const parts: string[] = [];
  if (s.preemptDelayMinimumS > 0) parts.push(`min ${s.preemptDelayMinimumS} secs`);
  if (s.preemptDelayReloadS > 0) parts.push(`reload ${s.preemptDelayReloadS} secs`);
  if (s.preemptDelaySyncS > 0) parts.push(`sync ${s.preemptDelaySyncS} secs`);
  return parts.length === 0 ? '  Preemption enabled' : `  Preemption enabled, delay ${parts.join(', ')}`;
}

function peerLines(role: 'Active' | 'Standby', p: HsrpGroupSnapshot['active'], version: 1 | 2): string[] {
  if (p === 'local' || p === 'unknown') return [`  ${role} router is ${p}`];
  const lines = [`  ${role} router is ${upper6(p.ip)}, priority ${p.priority} (expires in ${secs3(p.expiresInMs)} sec)`];
  // spec §1.3: v2 shows the Active's own MAC from the Group State TLV Identifier.
  if (role === 'Active' && version === 2 && p.mac !== undefined) lines.push(`    MAC address is ${p.mac}`);
  return lines;
}

function trackLine(t: HsrpGroupSnapshot['tracks'][number]): string {
  if (t.state === undefined) return `    Track object ${t.object} (unknown)`;
  const state = t.state === 'up' ? 'Up' : 'Down';
  return t.shutdown ? `    Track object ${t.object} state ${state} shutdown` : `    Track object ${t.object} state ${state} decrement ${t.decrement ?? 10}`;
}

/**
 * fixtures/ios-output/show_standby3.txt (Vlan703): `    Track interface Dialer0 state Up decrement 10`, the
 * default decrement printed too. An interface the router does not have is shown as object tracks
 * show an object that is not configured.
 */
function interfaceTrackLine(t: NonNullable<HsrpGroupSnapshot['interfaceTracks']>[number]): string {
  if (t.state === undefined) return `    Track interface ${t.iface} (unknown)`;
  return `    Track interface ${t.iface} state ${t.state === 'up' ? 'Up' : 'Down'} decrement ${t.decrement ?? 10}`;
}

/** One group in the `show standby` layout (spec §6.1). */
export function renderHsrpGroup(s: HsrpGroupSnapshot): string[] {
  const lines: string[] = [];
  lines.push(`${s.ifName} - Group ${s.group}${s.version === 2 ? ' (version 2)' : ''}`);
  lines.push(`  State is ${hsrpStateName(s.state)}`);
  const age = s.lastStateChangeAgoMs === undefined ? 'never' : formatHsrpAge(s.lastStateChangeAgoMs);
  lines.push(`    ${s.stateChanges} state change${s.stateChanges === 1 ? '' : 's'}, last state change ${age}`);
  lines.push(`  Virtual IP address is ${s.vip === undefined ? 'unknown' : upper6(s.vip)}`);
  for (const v of s.secondaryVips) lines.push(`    Secondary virtual IP address ${upper6(v)}`);
  lines.push(`  Active virtual MAC address is ${s.activeVirtualMac ?? 'unknown'} (MAC ${s.virtualMacInUse ? 'In Use' : 'Not In Use'})`);
  lines.push(`    Local virtual MAC address is ${s.localVirtualMac} (${s.localVirtualMacSource})`);
  lines.push(`  Hello time ${timerText(s.helloTimeMs)}, hold time ${timerText(s.holdTimeMs)}`);
  if (s.nextHelloInMs !== undefined) lines.push(`    Next hello sent in ${secs3(s.nextHelloInMs)} secs`);
  const auth = authLine(s.authentication);
  if (auth !== undefined) lines.push(auth);
  lines.push(preemptLine(s));
  lines.push(...peerLines('Active', s.active, s.version));
  lines.push(...peerLines('Standby', s.standby, s.version));
  lines.push(
    s.priority === s.configuredPriority && s.configuredPriority === DEFAULT_PRIORITY
      ? `  Priority ${s.priority} (default ${DEFAULT_PRIORITY})`
      : `  Priority ${s.priority} (configured ${s.configuredPriority})`,
  );
  for (const t of s.tracks) lines.push(trackLine(t));
  for (const t of s.interfaceTracks ?? []) lines.push(interfaceTrackLine(t));
  lines.push(s.name === undefined ? `  Group name is "${defaultHsrpGroupName(s.ifName, s.group)}" (default)` : `  Group name is "${s.name}" (cfg)`);
  // A client group names the group it follows. No capture in fixtures/ holds one; the wording and its
  // place after the group name are those of Cisco's own `show standby all` parser for IOS-XE
  // (genieparser iosxe/show_standby.py: `Following "group10"`, matched after `Group name is`).
  if (s.follow !== undefined) lines.push(`  Following "${s.follow}"`);
  return lines;
}

/** Column starts of spec §6.2: Interface 0, Grp 12, Pri 17, P 21, State 23, Active 31, Standby 47, Virtual IP 63. */
function briefRow(s: HsrpGroupSnapshot): string[] {
  const peer = (p: HsrpGroupSnapshot['active']): string => (p === 'local' || p === 'unknown' ? p : upper6(p.ip));
  const name = shortInterfaceName(s.ifName);
  const rest =
    `${String(s.group).padEnd(4)} ${String(s.priority).padEnd(3)} ${s.preempt ? 'P' : ' '} ${hsrpStateName(s.state).padEnd(7)} ` +
    `${peer(s.active).padEnd(15)} ${peer(s.standby).padEnd(15)} ${s.vip === undefined ? 'unknown' : upper6(s.vip)}`;
  // A name wider than its column gets a line of its own (fixtures show_standby_brief.txt, Vl4010).
  if (name.length > 11) return [name, `${' '.repeat(12)}${rest}`];
  return [`${name.padEnd(11)} ${rest}`];
}

export const SHOW_STANDBY_BRIEF_HEADER: readonly string[] = [
  `${' '.repeat(21)}P indicates configured to preempt.`,
  `${' '.repeat(21)}|`,
  'Interface   Grp  Pri P State   Active          Standby         Virtual IP',
];

/** The whole command output; lines end with '\n'. */
export function renderShowStandby(groups: readonly HsrpGroupSnapshot[], options: ShowStandbyOptions = {}): string {
  const selected = groups.filter((g) => (options.iface === undefined || g.ifName === options.iface) && (options.group === undefined || g.group === options.group));
  const lines: string[] = [];
  if (options.brief) {
    lines.push(...SHOW_STANDBY_BRIEF_HEADER);
    for (const g of selected) lines.push(...briefRow(g));
  } else for (const g of selected) lines.push(...renderHsrpGroup(g));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
