/**
 * `show standby …`, `show vrrp …`, `show track …` (spec §6.1-6.5, §6.7): the engines' snapshots
 * rendered by their own show modules; `| json` prints the same snapshots (DESIGN D7).
 */
import type { CliRouter } from '../cli-router.js';
import type { ShowStandbyOptions } from '../../protocols/hsrp/show.js';
import { selectGroups, type ShowVrrpOptions } from '../../protocols/vrrp/show.js';

export interface ShowOutput {
  readonly text: string;
  readonly json: () => unknown;
}

/** `path` and `args` as the exec grammar yields them (`show standby brief`, args [IF, GROUP]). */
export function showStandby(router: CliRouter, path: readonly string[], args: readonly string[]): ShowOutput {
  const all = path.includes('all');
  const opts: ShowStandbyOptions = {
    brief: path.includes('brief'),
    ...(args[0] !== undefined && !all ? { iface: args[0] } : {}),
    ...(args[1] !== undefined && !all ? { group: Number(args[1]) } : {}),
  };
  return {
    text: router.showStandby(opts),
    json: () =>
      router
        .hsrpSnapshot()
        .filter((g) => (opts.iface === undefined || g.ifName === opts.iface) && (opts.group === undefined || g.group === opts.group)),
  };
}

export function showVrrp(router: CliRouter, path: readonly string[], args: readonly string[]): ShowOutput {
  const opts: ShowVrrpOptions = {
    brief: path.includes('brief'),
    all: path.includes('all'),
    ...(args[0] !== undefined ? { interface: args[0] } : {}),
  };
  return { text: router.showVrrp(opts), json: () => selectGroups(router.vrrpSnapshot(), opts) };
}

export function showTrack(router: CliRouter, path: readonly string[], args: readonly string[]): ShowOutput {
  const object = args[0] !== undefined ? Number(args[0]) : undefined;
  const brief = path.includes('brief');
  return {
    text: router.showTrack({ brief, ...(object !== undefined ? { object } : {}) }),
    json: () => router.trackSnapshot(object),
  };
}
