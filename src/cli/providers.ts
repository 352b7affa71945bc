/**
 * Where the data of the interface, routing, ARP and reachability commands comes from (DESIGN D7:
 * a snapshot first, IOS text second). The session is given these providers; the simulator and the
 * tests give it the in-memory ones (./memory/), `vipr run` Linux-backed ones. Every value is what
 * IOS would print, already in IOS terms: interface names are IOS names (`GigabitEthernet0/1`, the
 * Linux side maps its devices back through the interface map), MACs are dotted (`aabb.cc00.0100`),
 * times are clock milliseconds.
 */
import type { Ipv4Text } from '../model/types.js';

/** Packet and byte counters since the last `clear counters` (never negative). */
export interface InterfaceCounters {
  readonly rxPackets: number;
  readonly rxBytes: number;
  readonly rxBroadcasts: number;
  readonly rxMulticasts: number;
  readonly rxErrors: number;
  readonly rxDrops: number;
  readonly txPackets: number;
  readonly txBytes: number;
  readonly txErrors: number;
  readonly txDrops: number;
  readonly collisions: number;
}

/** Counters of an interface nothing has been counted on yet (or just after `clear counters`). */
export const ZERO_COUNTERS: InterfaceCounters = Object.freeze({
  rxPackets: 0,
  rxBytes: 0,
  rxBroadcasts: 0,
  rxMulticasts: 0,
  rxErrors: 0,
  rxDrops: 0,
  txPackets: 0,
  txBytes: 0,
  txErrors: 0,
  txDrops: 0,
  collisions: 0,
});

/** One interface as `show interfaces` needs it beyond the model. */
export interface InterfaceStatsEntry {
  /** The interface's own (burned-in) MAC, dotted. */
  readonly mac: string;
  /** The MTU the device really has (the model's `mtu` once applied). */
  readonly mtu: number;
  /** Carrier: the lower link is up (not the administrative state, which the model has). */
  readonly carrier: boolean;
  readonly counters: InterfaceCounters;
  /** Clock time of the last frame received / sent; undefined: none since start (`never`). */
  readonly lastInputMs: number | undefined;
  readonly lastOutputMs: number | undefined;
  /** Clock time of the last `clear counters` that covered it; undefined: never cleared. */
  readonly clearedAtMs: number | undefined;
  /** Carrier transitions since start (`N interface resets`). */
  readonly resets: number;
  /** Average rates over the last 5 minutes (`5 minute input rate`); Linux: from successive polls. */
  readonly rates: InterfaceRates;
}

export interface InterfaceRates {
  readonly inBitsPerSec: number;
  readonly inPacketsPerSec: number;
  readonly outBitsPerSec: number;
  readonly outPacketsPerSec: number;
}

/**
 * Counters, MAC, MTU and carrier of the interfaces (`show interfaces`, `clear counters`).
 * Linux: `ip -json -s link show` – `address` → mac (to dotted), `mtu`, carrier from `flags`
 * containing `LOWER_UP`, `stats64.rx.{packets,bytes,errors,dropped,multicast}` and
 * `stats64.tx.{packets,bytes,errors,dropped,collisions}` (rxBroadcasts 0: the kernel does not count
 * them); a subinterface is its VLAN device. The kernel's counters cannot be reset, so `clear`
 * records the current values as a baseline and `get` returns the difference. last input/output:
 * the clock time at which a poll first saw rx/tx packets grow (undefined until then).
 */
export interface InterfaceStats {
  /** undefined when the interface has no device (not given to the router). */
  get(ifName: string): InterfaceStatsEntry | undefined;
  /** Resets the counters of one interface, or of all when ifName is undefined. */
  clear(ifName: string | undefined, nowMs: number): void;
}

/** One learned IPv4 neighbor. */
export interface Neighbor {
  readonly address: Ipv4Text;
  /** undefined while resolution is pending (`Incomplete`). */
  readonly mac: string | undefined;
  readonly ifName: string;
  /** Clock time the entry was last confirmed; undefined for a static entry (Age `-`). */
  readonly updatedAtMs: number | undefined;
}

/**
 * Learned ARP entries (`show arp`); the router's own addresses and active VIPs are added by the
 * command from the model, the interface MACs and the FHRP snapshots, as IOS lists them.
 * Linux: `ip -json -4 -s neigh show` – `dst`, `lladdr`, `dev` (mapped to the IOS name); `state`
 * INCOMPLETE → mac undefined; PERMANENT/NOARP → updatedAtMs undefined; otherwise
 * updatedAtMs = now − `updated` seconds (the `-s` timers); FAILED entries left out.
 */
export interface NeighborTable {
  ipv4(): readonly Neighbor[];
}

export type RouteSource = 'connected' | 'static';

export interface RouteNextHop {
  /** undefined for a directly connected route or a static route to an interface only. */
  readonly via: Ipv4Text | undefined;
  /**
   * The interface IOS shows: that of a connected route, or the one a static route names; undefined
   * for a static route given by its next hop only (IOS prints `via A.B.C.D` alone, resolved
   * recursively).
   */
  readonly ifName: string | undefined;
}

export interface Ipv4RouteEntry {
  readonly prefix: Ipv4Text;
  readonly prefixLength: number;
  readonly source: RouteSource;
  /** Administrative distance (connected 0, static 1 unless configured). */
  readonly distance: number;
  readonly metric: number;
  readonly nextHops: readonly RouteNextHop[];
}

export type Ipv6RouteSource = 'connected' | 'local' | 'static';

export interface Ipv6RouteEntry {
  /** Canonical `2001:db8::/64`. */
  readonly prefix: string;
  readonly source: Ipv6RouteSource;
  readonly distance: number;
  readonly metric: number;
  readonly via: string | undefined;
  readonly ifName: string | undefined;
}

/**
 * The routes in use (`show ip route`, `show ipv6 route`, and the outgoing interface of ping).
 * Linux: `ip -json -4 route show table main` – `protocol` kernel + `scope` link → connected,
 * `protocol` static (or vipr's own protocol number) → static with `metric` as the distance;
 * `dst` ("default" → 0.0.0.0/0), `gateway` → via, `dev` → ifName (for a static route only when
 * the model's `ip route` names the interface), `nexthops[]` for ECMP; and
 * `ip -json -6 route show table main` likewise (`type local` entries of `table local` → local).
 */
export interface RouteTable {
  ipv4(): readonly Ipv4RouteEntry[];
  ipv6(): readonly Ipv6RouteEntry[];
}

export interface EchoRequest {
  readonly destination: Ipv4Text;
  readonly count: number;
  /** IP datagram size (IOS's 100-byte default: 20 IP + 8 ICMP + 72 data). */
  readonly sizeBytes: number;
  readonly timeoutMs: number;
}

export type EchoResult =
  | { readonly kind: 'reply'; readonly rttMs: number }
  | { readonly kind: 'timeout' }
  /** An ICMP unreachable came back (`U`). */
  | { readonly kind: 'unreachable' };

export interface TraceRequest {
  readonly destination: Ipv4Text;
  readonly maxTtl: number;
  readonly probes: number;
  readonly timeoutMs: number;
}

export type TraceProbe =
  | { readonly kind: 'reply'; readonly from: Ipv4Text; readonly rttMs: number; readonly reached: boolean }
  | { readonly kind: 'timeout' };

/** A running probe; `abort` stops it (no further callbacks). */
export interface ProbeRun {
  abort(): void;
}

/**
 * `ping` and `traceroute` from the router. Results arrive one by one (each `!` is printed when its
 * reply comes), then `done`; callbacks may come synchronously or later on the clock.
 * Linux: `ping -n -c COUNT -s (sizeBytes-28) -W (timeoutMs/1000) DEST` run with execFile, each
 * `icmp_seq=N ... time=T ms` line → reply with rttMs T (rounded down), a missing seq → timeout,
 * `From ROUTER ... Destination Host Unreachable` → unreachable when ROUTER is another router, timeout
 * when it is our own address (a failed ARP, which IOS shows as `.`); traceroute: `traceroute -n -q PROBES -w SECONDS -m MAXTTL DEST`, each
 * hop line's `ADDR T ms` → reply (reached when ADDR is the destination), `*` → timeout.
 */
export interface Pinger {
  ping(request: EchoRequest, onResult: (result: EchoResult) => void, done: () => void): ProbeRun;
  traceroute(request: TraceRequest, onProbe: (ttl: number, probe: TraceProbe) => void, done: () => void): ProbeRun;
}

/** What the daemon does on a confirmed `reload`: restart the control plane from the startup-config. */
export type ReloadHandler = () => void;

/** The providers a session is given; missing ones make their commands say so. */
export interface CliProviders {
  /**
   * Providers that read their tables from elsewhere (the kernel, under `vipr run`): a read to wait
   * for before a command that shows them runs, or undefined when what they hold is fresh enough.
   */
  readonly freshen?: () => Promise<void> | undefined;
  readonly interfaceStats?: InterfaceStats;
  readonly neighbors?: NeighborTable;
  /** Default: computed from the model and the ports' link states (./route-table.ts). */
  readonly routes?: RouteTable;
  readonly pinger?: Pinger;
  readonly reload?: ReloadHandler;
}
