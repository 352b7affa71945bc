/**
 * `%TRACK-6-STATE` (spec §4.6, IOS 15 format): `<id> <object> <Old> -> <New>`, with the object named
 * as in these real-device lines:
 *   %TRACK-6-STATE: 2 interface Et0/1 line-protocol Up -> Down      (short interface name, spec §6.9)
 *   %TRACK-6-STATE: 1 ip route 192.168.3.3/32 reachability Up -> Down
 *   %TRACK-6-STATE: 1 ip sla 1 state Up -> Down
 *   %TRACK-6-STATE: 12 list boolean and Down -> Up
 * The older `%TRACKING-5-STATE: 1 ip sla 1 reachability Up->Down` form is not emitted.
 */
import { shortInterfaceName } from '../../model/interface-name.js';
import type { TrackDefinition } from '../../model/types.js';
import type { SyslogMessage } from '../../runtime/syslog.js';
import { assertNever } from '../../runtime/result.js';
import type { TrackState } from '../engine-deps.js';

export function trackLogObject(def: TrackDefinition): string {
  switch (def.kind) {
    case 'interface':
      return `interface ${shortInterfaceName(def.iface)} ${def.what === 'line-protocol' ? 'line-protocol' : 'ip routing'}`;
    case 'ip-route':
      return `ip route ${def.prefix}/${def.prefixLength} ${def.what === 'reachability' ? 'reachability' : 'metric threshold'}`;
    case 'ip-sla':
      return `ip sla ${def.sla} ${def.what}`;
    case 'list':
      return `list boolean ${def.op}`;
    default:
      return assertNever(def);
  }
}

/** `Up` / `Down`, as IOS capitalises track states everywhere. */
export function trackStateWord(s: TrackState): 'Up' | 'Down' {
  return s === 'up' ? 'Up' : 'Down';
}

export function trackStateMessage(id: number, def: TrackDefinition, from: TrackState, to: TrackState, atMs: number): SyslogMessage {
  return {
    atMs,
    facility: 'TRACK',
    severity: 6,
    mnemonic: 'STATE',
    text: `${id} ${trackLogObject(def)} ${trackStateWord(from)} -> ${trackStateWord(to)}`,
  };
}
