/**
 * What an FHRP engine (HSRP or VRRP) is given by its host (DESIGN D2): time, randomness, the interface
 * it speaks on, the data plane that holds the virtual MAC and VIPs, where its log lines go, the state
 * of tracked objects, and the key chains for MD5 key-chain authentication. Nothing else reaches in.
 */
import type { InterfacePort, VirtualAddressPlane } from '../dataplane/ports.js';
import type { KeyChain } from '../model/types.js';
import type { Clock } from '../runtime/clock.js';
import type { LogSink } from '../runtime/syslog.js';

export type TrackState = 'up' | 'down';

export interface TrackStates {
  /** undefined for an object that is not configured (IOS shows `Track object N (unknown)`). */
  state(object: number): TrackState | undefined;
  /** Called after an object changes state; returns the unsubscribe function. */
  onChange(handler: (object: number, state: TrackState) => void): () => void;
}

/** The interface's own addresses, as configured: the source of hellos and the HSRP tie-breaker. */
export interface InterfaceAddressing {
  /** Primary IPv4 address (no mask), undefined when the interface has none. */
  readonly ipv4: string | undefined;
  readonly ipv4PrefixLength: number | undefined;
  /** The link-local address the interface sends IPv6 FHRP packets from. */
  readonly ipv6LinkLocal: string | undefined;
}

/**
 * Line protocol of the router's interfaces, for the legacy `standby N track INTERFACE [D]` form
 * (spec §4.5), which tracks an interface directly instead of through a `track` object.
 */
export interface LineProtocolStates {
  /** undefined when the router has no such interface: nothing to track, no decrement. */
  lineProtocolUp(ifName: string): boolean | undefined;
  /** Called after any interface's line protocol may have changed; returns the unsubscribe function. */
  onChange(handler: () => void): () => void;
}

export interface FhrpEngineDeps {
  readonly clock: Clock;
  /** Uniform in [0, 1): hello jitter, IPv6 child addresses. */
  readonly random: () => number;
  readonly port: InterfacePort;
  readonly plane: VirtualAddressPlane;
  readonly log: LogSink;
  readonly tracks: TrackStates;
  readonly keyChains: () => readonly KeyChain[];
  /** Optional: hosts without it see every legacy interface track as up. */
  readonly lineProtocol?: LineProtocolStates;
}

/** Tracks that never change: for hosts that configure no `track` objects, and for tests. */
export const NO_TRACKS: TrackStates = {
  state: () => undefined,
  onChange: () => () => undefined,
};
