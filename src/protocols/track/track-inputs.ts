/**
 * What the tracking process reads from the rest of the router (spec §4.5 `track …` objects). The
 * router, not the tracker, knows whether a link is up or a route is in the RIB; the tracker only asks,
 * so that evaluation stays pure and a test or `vipr sim` can hand it any world it likes (DESIGN D2).
 */
import type { InterfaceName } from '../../model/interface-name.js';

export interface TrackInputs {
  /** Line protocol of the interface is up (`track N interface IF line-protocol`). */
  linkUp(iface: InterfaceName): boolean;
  /**
   * The interface routes IPv4: it has an IPv4 address and its line protocol is up
   * (`track N interface IF ip routing`).
   */
  ipRouting(iface: InterfaceName): boolean;
  /** An exact prefix/length entry is in the routing table (`track N ip route P M reachability`). */
  routeReachable(prefix: string, prefixLength: number): boolean;
  /** IP SLA operation N last succeeded or was over threshold (`track N ip sla N reachability`). */
  slaReachable(sla: number): boolean;
  /**
   * IP SLA operation N last returned OK (`track N ip sla N state`); IOS counts "over threshold" as
   * reachable but not as state Up. Defaults to slaReachable when the router cannot tell them apart.
   */
  slaStateOk?(sla: number): boolean;
  /** The interface is `shutdown`: IOS shows `Line protocol is Down ((hw admin-down))` then. */
  adminDown?(iface: InterfaceName): boolean;
  /** The routing source shown in `Reachability is Up (…)`; spec §6.7 shows `RIB` when not given. */
  routeSource?(prefix: string, prefixLength: number): string | undefined;
  /** First-hop interface of a tracked route; when given, `show track` prints `First-hop interface is …`. */
  routeFirstHop?(prefix: string, prefixLength: number): InterfaceName | undefined;
  /**
   * Change notification: the tracker subscribes and re-evaluates on every call. Hosts without it
   * call Tracker.inputsChanged() themselves. Returns the unsubscribe function.
   */
  onChange?(listener: () => void): () => void;
}
