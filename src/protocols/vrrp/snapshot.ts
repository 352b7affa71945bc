/**
 * What `show vrrp` reads (DESIGN D7): a typed, JSON-friendly picture of each group taken at one
 * instant. The engine builds it; show.ts renders it as IOS text; `| json` can print it as is.
 * Times are milliseconds; intervals are exact (timers.ts) and rendered truncated as IOS does.
 */
import type { FhrpAuthentication } from '../../model/types.js';
import type { TrackState } from '../engine-deps.js';
import type { VrrpChecksumStyle } from './checksum.js';
import type { VrrpState } from './fsm.js';
import type { VrrpForm } from './group-config.js';
import type { VrrpFamily } from './ip-context.js';
import type { VrrpVersion } from './timers.js';

export interface VrrpTrackSnapshot {
  readonly object: number;
  /** undefined: the object is not configured. */
  readonly state: TrackState | undefined;
  readonly decrement: number;
  readonly shutdown: boolean;
}

export interface VrrpPeerSnapshot {
  readonly address: string;
  /** Adverts accepted from this peer, by the checksum style it computed (spec §5.4, ecosystem §1). */
  readonly plain: number;
  readonly pseudoHeader: number;
  readonly lastPriority: number;
}

export interface VrrpCounters {
  readonly advertsSent: number;
  readonly advertsReceived: number;
  readonly addressListMismatches: number;
  /** Dropped adverts by reason (receive.ts). */
  readonly drops: Readonly<Record<string, number>>;
}

export interface VrrpGroupSnapshot {
  readonly ifName: string;
  readonly vrid: number;
  readonly family: VrrpFamily;
  readonly form: VrrpForm;
  readonly version: VrrpVersion;
  readonly description: string | undefined;
  /** `vrrp N shutdown` / `shutdown`: listed by `show vrrp all` only. */
  readonly adminShutdown: boolean;
  readonly state: VrrpState;
  /** Why an IOS-XE group sits in INIT (`State is INIT (…)`). */
  readonly initReason: string | undefined;
  readonly stateDurationMs: number;
  readonly stateChanges: number;
  readonly virtualIp: string | undefined;
  readonly secondaryVips: readonly string[];
  /** Dotted, lowercase (`0000.5e00.0101`); IOS-XE prints it uppercase. */
  readonly virtualMac: string;
  readonly advertisementIntervalMs: number;
  readonly preempt: boolean;
  readonly preemptDelaySec: number;
  readonly priority: number;
  readonly configuredPriority: number;
  readonly owner: boolean;
  readonly tracks: readonly VrrpTrackSnapshot[];
  readonly authentication: FhrpAuthentication | undefined;
  /** The Master: this router (local) or the last one accepted; undefined when unknown. */
  readonly master: { readonly address: string; readonly local: boolean; readonly priority: number } | undefined;
  /** Master_Adver_Interval; `learned` when a v3 Backup took it from the Master. */
  readonly masterAdvertisementIntervalMs: number | undefined;
  readonly masterAdvertisementLearned: boolean;
  /** Master only: until the next advert. */
  readonly nextAdvertInMs: number | undefined;
  readonly masterDownIntervalMs: number | undefined;
  /** Backup only: until Master_Down_Timer fires. */
  readonly masterDownExpiresInMs: number | undefined;
  readonly checksumStyle: VrrpChecksumStyle;
  /** RFC 5798 §6.1 Accept_Mode as configured (always true for legacy groups). */
  readonly acceptMode: boolean;
  /** Master that owns the VIPs or runs in Accept_Mode: packets to the VIPs are delivered (§6.4.3). */
  readonly acceptingVipTraffic: boolean;
  readonly peers: readonly VrrpPeerSnapshot[];
  readonly counters: VrrpCounters;
}

export interface VrrpInterfaceSnapshot {
  readonly ifName: string;
  readonly groups: readonly VrrpGroupSnapshot[];
  /** Adverts for VRIDs not configured here (RFC 3768 §7.1), by family. */
  readonly unknownVridDrops: number;
}
