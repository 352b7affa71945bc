/**
 * The raw state of a track object that watches the router itself (interface, route, IP SLA), before
 * any `delay` (spec §4.5). Pure: the same inputs give the same answer.
 */
import type { TrackDefinition } from '../../model/types.js';
import { assertNever } from '../../runtime/result.js';
import type { TrackState } from '../engine-deps.js';
import type { TrackInputs } from './track-inputs.js';

export type LeafDefinition = Exclude<TrackDefinition, { readonly kind: 'list' }>;

export interface Evaluation {
  readonly state: TrackState;
  /**
   * What `show track` prints in parentheses after the state (spec §6.7 and IOS captures):
   * `(hw down)`, `(hw admin-down)`, `no IP addr`, `no ip route`, or the route source (`RIB`).
   */
  readonly detail: string | undefined;
}

/** spec §6.7: `Reachability is Up (RIB)` when the router does not name the routing source. */
export const DEFAULT_ROUTE_SOURCE = 'RIB';

export function evaluateLeaf(def: LeafDefinition, inputs: TrackInputs): Evaluation {
  switch (def.kind) {
    case 'interface': {
      const hwDown = (): string => (inputs.adminDown?.(def.iface) === true ? '(hw admin-down)' : '(hw down)');
      if (def.what === 'line-protocol') {
        return inputs.linkUp(def.iface) ? up(undefined) : down(hwDown());
      }
      if (inputs.ipRouting(def.iface)) return up(undefined);
      // IOS: `IP routing is Down (no IP addr)` when the link is up but unaddressed [Cisco command reference].
      return down(inputs.linkUp(def.iface) ? 'no IP addr' : hwDown());
    }
    case 'ip-route':
      // With no metric input, a route in the RIB is taken at scaled metric 0, which is under the
      // default `threshold metric up 254`: both kinds are Up exactly when the route is present.
      if (!inputs.routeReachable(def.prefix, def.prefixLength)) return down('no ip route');
      return up(inputs.routeSource?.(def.prefix, def.prefixLength) ?? DEFAULT_ROUTE_SOURCE);
    case 'ip-sla': {
      const ok = def.what === 'state' ? (inputs.slaStateOk ?? inputs.slaReachable).call(inputs, def.sla) : inputs.slaReachable(def.sla);
      return ok ? up(undefined) : down(undefined);
    }
    default:
      return assertNever(def);
  }
}

function up(detail: string | undefined): Evaluation {
  return { state: 'up', detail };
}

function down(detail: string | undefined): Evaluation {
  return { state: 'down', detail };
}
