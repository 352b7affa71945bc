/**
 * `show vrrp [brief] [all] [interface IF]` rendered from snapshots (DESIGN D7) in the two layouts of
 * real devices, byte for byte (spec §6.3-6.5, fixtures/ios-output/show_vrrp*.txt):
 *   - legacy IOS VRRPv2: `FastEthernet0/1 - Group 1  ` (two trailing spaces), `  State is Master  `,
 *     times in seconds with three decimals, `Priority is 110 ` with a trailing space;
 *   - IOS-XE VRRPv3 (`fhrp version vrrp v3`): `… - Group 1 - Address-Family IPv4`, uppercase states,
 *     times in msec, "(learned)", a blank line before the output and after each interface.
 * Lines not seen in the fixtures are marked [mem] where they are built.
 */
import { parseIpv6 } from '../../net/ip-address.js';
import { shortInterfaceName } from '../../model/interface-name.js';
import type { FhrpAuthentication } from '../../model/types.js';
import { familyName, legacyStateName, xeStateName } from './log.js';
import type { VrrpGroupSnapshot, VrrpInterfaceSnapshot, VrrpTrackSnapshot } from './snapshot.js';
import { displayMs } from './timers.js';

export interface ShowVrrpOptions {
  readonly brief?: boolean;
  /** `all`: groups that are administratively shut down too (spec §6.3). */
  readonly all?: boolean;
  /** Only this interface (full IOS name). */
  readonly interface?: string;
}

/** The groups a `show vrrp` command lists, in interface then group order. */
export function selectGroups(snapshots: readonly VrrpInterfaceSnapshot[], options: ShowVrrpOptions = {}): VrrpInterfaceSnapshot[] {
  return snapshots
    .filter((s) => options.interface === undefined || s.ifName.toLowerCase() === options.interface.toLowerCase())
    .map((s) => ({ ...s, groups: s.groups.filter((g) => options.all === true || !g.adminShutdown) }))
    .filter((s) => s.groups.length > 0);
}

/** The whole command output; the layout follows the form the groups are configured in. */
export function renderShowVrrp(snapshots: readonly VrrpInterfaceSnapshot[], options: ShowVrrpOptions = {}): string {
  const selected = selectGroups(snapshots, options);
  const xe = selected.some((s) => s.groups.some((g) => g.form === 'xe'));
  if (options.brief === true) return xe ? renderXeBrief(selected) : renderLegacyBrief(selected);
  return xe ? renderXeDetail(selected) : renderLegacyDetail(selected);
}

// ---- shared formatting -------------------------------------------------------------------------

/** `1.000`, `3.570`: seconds with three decimals from (exact) milliseconds, truncated as IOS does. */
function secs(ms: number): string {
  const whole = displayMs(ms);
  return `${Math.floor(whole / 1000)}.${String(whole % 1000).padStart(3, '0')}`;
}

/** IOS-XE prints IPv6 addresses in uppercase (`FE80::1:A`). */
function xeAddress(a: string): string {
  return parseIpv6(a) === undefined ? a : a.toUpperCase();
}

function preemptLine(g: VrrpGroupSnapshot): string {
  if (!g.preempt) return '  Preemption disabled';
  // [mem] spec §6.3: the delay form of the line.
  return g.preemptDelaySec > 0 ? `  Preemption enabled, delay min ${g.preemptDelaySec} secs` : '  Preemption enabled';
}

function authLine(a: FhrpAuthentication | undefined): string[] {
  if (a === undefined) return [];
  switch (a.kind) {
    case 'text':
      return [`  Authentication text "${a.text}"`];
    case 'md5-key-string':
      // The fixture prints the key itself (show_vrrp_all.txt, IOS 15); type 7 keys show as stored.
      return [`  Authentication MD5, key-string "${a.key.text}"`];
    case 'md5-key-chain':
      return [`  Authentication MD5, key-chain "${a.chain}"`];
    default:
      return [];
  }
}

function trackLine(t: VrrpTrackSnapshot, xe: boolean): string {
  if (t.state === undefined) return `    Track object ${t.object} (unknown)`;
  const state = xe ? t.state.toUpperCase() : t.state === 'up' ? 'Up' : 'Down';
  return `    Track object ${t.object} state ${state} ${t.shutdown ? 'shutdown' : `decrement ${t.decrement}`}`;
}

function secondaryLines(g: VrrpGroupSnapshot, xe: boolean): string[] {
  if (g.secondaryVips.length === 0) return [];
  // [mem] the Genie parser's layout: a heading, then one address per line.
  return ['  Virtual secondary IP addresses:', ...g.secondaryVips.map((v) => `    ${xe ? xeAddress(v) : v}`)];
}

// ---- legacy IOS (VRRPv2) -----------------------------------------------------------------------

function renderLegacyGroup(g: VrrpGroupSnapshot): string[] {
  const lines: string[] = [`${g.ifName} - Group ${g.vrid}  `];
  if (g.description !== undefined) lines.push(`  Description is "${g.description}"`);
  lines.push(`  State is ${legacyStateName(g.state).padEnd(6)}  `);
  lines.push(`  Virtual IP address is ${g.virtualIp ?? 'no address'}`);
  lines.push(...secondaryLines(g, false));
  lines.push(`  Virtual MAC address is ${g.virtualMac}`);
  lines.push(`  Advertisement interval is ${secs(g.advertisementIntervalMs)} sec`);
  lines.push(preemptLine(g));
  lines.push(`  Priority is ${g.priority} ${g.priority !== g.configuredPriority ? ` (cfgd ${g.configuredPriority})` : ''}`);
  lines.push(...g.tracks.map((t) => trackLine(t, false)));
  lines.push(...authLine(g.authentication));
  lines.push(g.master === undefined ? '  Master Router is unknown, priority is unknown' : `  Master Router is ${g.master.address}${g.master.local ? ' (local)' : ''}, priority is ${g.master.priority} `);
  lines.push(`  Master Advertisement interval is ${g.masterAdvertisementIntervalMs === undefined ? 'unknown' : `${secs(g.masterAdvertisementIntervalMs)} sec`}`);
  const down = g.masterDownIntervalMs === undefined ? 'unknown' : `${secs(g.masterDownIntervalMs)} sec`;
  lines.push(`  Master Down interval is ${down}${g.masterDownExpiresInMs === undefined ? '' : ` (expires in ${secs(g.masterDownExpiresInMs)} sec)`}`);
  return lines;
}

function renderLegacyDetail(selected: readonly VrrpInterfaceSnapshot[]): string {
  const out: string[] = [];
  for (const s of selected) for (const g of s.groups) out.push(...renderLegacyGroup(g), '');
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

export const LEGACY_BRIEF_HEADER = 'Interface          Grp Pri Time  Own Pre State   Master addr     Group addr';

/**
 * Columns (spec §6.5): Interface 0 (19), Grp 19 (4), Pri 23 (4), Time 27 (5 + space), Own value 34,
 * Pre value 38, State 41 (8), Master addr 49 (16), Group addr 65 (15, trailing spaces kept). The Own
 * column of an owner row is not in the fixture: [mem] `Y` under "Own" as Pre's `Y` sits under "Pre".
 */
function legacyBriefRow(g: VrrpGroupSnapshot): string {
  const time = g.masterDownIntervalMs === undefined ? 0 : displayMs(g.masterDownIntervalMs);
  // The Master addr column always holds an address (ntc-templates' cisco_ios_show_vrrp_brief, built
  // from real IOS output, accepts nothing else): 0.0.0.0 until a Master has been heard [mem].
  const master = g.master?.address ?? '0.0.0.0';
  return (
    shortInterfaceName(g.ifName).padEnd(19) +
    String(g.vrid).padEnd(4) +
    String(g.priority).padEnd(4) +
    String(time).padEnd(5) +
    '  ' +
    (g.owner ? 'Y' : ' ') +
    '   ' +
    (g.preempt ? 'Y' : ' ') +
    '  ' +
    legacyStateName(g.state).padEnd(8) +
    master.padEnd(16) +
    (g.virtualIp ?? '').padEnd(15)
  );
}

function renderLegacyBrief(selected: readonly VrrpInterfaceSnapshot[]): string {
  if (selected.length === 0) return '';
  const rows = selected.flatMap((s) => s.groups.map(legacyBriefRow));
  return `${[LEGACY_BRIEF_HEADER, ...rows, ''].join('\n')}\n`;
}

// ---- IOS-XE (VRRPv3) ---------------------------------------------------------------------------

/**
 * `37 mins 23.080 secs`. Only durations under an hour are in the fixture; longer ones keep counting
 * minutes [mem], which the Genie parser's `(\d+) mins ([\d.]+) secs` still reads.
 */
export function xeStateDuration(ms: number): string {
  const whole = displayMs(ms);
  const mins = Math.floor(whole / 60000);
  const rest = whole - mins * 60000;
  return `${mins} mins ${Math.floor(rest / 1000)}.${String(rest % 1000).padStart(3, '0')} secs`;
}

function renderXeGroup(g: VrrpGroupSnapshot): string[] {
  const lines: string[] = [`${g.ifName} - Group ${g.vrid} - Address-Family ${familyName(g.family)}`];
  if (g.description !== undefined) lines.push(`  Description is "${g.description}"`);
  lines.push(`  State is ${xeStateName(g.state)}${g.state === 'init' && g.initReason !== undefined ? ` (${g.initReason})` : ''}`);
  lines.push(`  State duration ${xeStateDuration(g.stateDurationMs)}`);
  lines.push(`  Virtual IP address is ${g.virtualIp === undefined ? 'no address' : xeAddress(g.virtualIp)}`);
  lines.push(...secondaryLines(g, true));
  lines.push(`  Virtual MAC address is ${g.virtualMac.toUpperCase()}`);
  lines.push(`  Advertisement interval is ${displayMs(g.advertisementIntervalMs)} msec`);
  lines.push(preemptLine(g));
  lines.push(`  Priority is ${g.priority}${g.priority !== g.configuredPriority ? ` (Configured ${g.configuredPriority})` : ''}`);
  lines.push(...g.tracks.map((t) => trackLine(t, true)));
  // IOS-XE shows nothing about the Master while the group is in INIT (fixture, Gi0/0.2600 group 6).
  const known = g.state !== 'init';
  const master = known ? g.master : undefined;
  lines.push(master === undefined ? '  Master Router is unknown, priority is unknown' : `  Master Router is ${xeAddress(master.address)}${master.local ? ' (local)' : ''}, priority is ${master.priority}`);
  if (!known || g.masterAdvertisementIntervalMs === undefined || (g.state === 'backup' && g.master === undefined)) {
    lines.push('  Master Advertisement interval is unknown');
  } else {
    const suffix = g.state === 'master' && g.nextAdvertInMs !== undefined ? ` (expires in ${displayMs(g.nextAdvertInMs)} msec)` : g.masterAdvertisementLearned ? ' (learned)' : '';
    lines.push(`  Master Advertisement interval is ${displayMs(g.masterAdvertisementIntervalMs)} msec${suffix}`);
  }
  if (g.state !== 'backup' || g.masterDownIntervalMs === undefined) {
    lines.push('  Master Down interval is unknown');
  } else {
    const exp = g.masterDownExpiresInMs === undefined ? '' : ` (expires in ${displayMs(g.masterDownExpiresInMs)} msec)`;
    lines.push(`  Master Down interval is ${displayMs(g.masterDownIntervalMs)} msec${exp}`);
  }
  return lines;
}

function renderXeDetail(selected: readonly VrrpInterfaceSnapshot[]): string {
  if (selected.length === 0) return '';
  const out: string[] = [''];
  for (const s of selected) {
    for (const g of s.groups) out.push(...renderXeGroup(g), '');
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

export const XE_BRIEF_HEADER = '  Interface          Grp  A-F Pri  Time Own Pre State   Master addr/Group addr';

/**
 * Measured on the fixture: `  %-16s%6d %-4s %3d%6d  %c   %c  %-8s%s %s`; Time is the Master Down
 * interval of a Backup in msec and 0 otherwise.
 */
function xeBriefRow(g: VrrpGroupSnapshot): string {
  const time = g.state === 'backup' && g.masterDownIntervalMs !== undefined ? displayMs(g.masterDownIntervalMs) : 0;
  const master = g.state === 'init' || g.master === undefined ? 'unknown' : `${xeAddress(g.master.address)}${g.master.local ? '(local)' : ''}`;
  return (
    '  ' +
    shortInterfaceName(g.ifName).padEnd(16) +
    String(g.vrid).padStart(6) +
    ' ' +
    familyName(g.family).padEnd(4) +
    ' ' +
    String(g.priority).padStart(3) +
    String(time).padStart(6) +
    '  ' +
    (g.owner ? 'Y' : 'N') +
    '   ' +
    (g.preempt ? 'Y' : 'N') +
    '  ' +
    xeStateName(g.state).padEnd(8) +
    master +
    ' ' +
    (g.virtualIp === undefined ? 'unknown' : xeAddress(g.virtualIp))
  );
}

function renderXeBrief(selected: readonly VrrpInterfaceSnapshot[]): string {
  if (selected.length === 0) return '';
  const rows = selected.flatMap((s) => s.groups.map(xeBriefRow));
  return `${[XE_BRIEF_HEADER, ...rows, ''].join('\n')}\n`;
}
