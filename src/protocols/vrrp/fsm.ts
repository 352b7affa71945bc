/**
 * The VRRP state machine of one virtual router (DESIGN D2): `step(state, event) → { state, actions }`,
 * pure. Timers are actions the host executes against its Clock; so are adverts, taking over the
 * virtual addresses and announcing them.
 *
 * It follows RFC 3768 §6.4 (VRRPv2) and RFC 5798 / RFC 9568 §6.4 (VRRPv3), which differ only in units
 * and in the Backup learning the Master's advertisement interval in v3 (timers.ts), plus two Cisco
 * behaviours:
 *   - `preempt delay minimum S` (spec §5.7, §5.8): a Backup that hears a lower-priority Master keeps
 *     accepting it for S seconds, then claims mastership at once;
 *   - `timers learn` on a v2 group: the Backup learns the Master's interval as a v3 Backup does.
 *
 * Receive validation (TTL, version, checksum, authentication, interval) happens before an advert
 * becomes an event (receive.ts); what reaches `step` is an advert the RFC says to process.
 */
import { assertNever } from '../../runtime/result.js';
import { compareAddresses } from './address-order.js';
import { masterDownIntervalMs, skewTimeMs, type VrrpVersion } from './timers.js';

export type VrrpState = 'init' | 'backup' | 'master';

export type VrrpTimer = 'master-down' | 'adver' | 'preempt-delay';

/** What the group is configured to be, after tracking (the host recomputes it and sends 'params'). */
export interface VrrpFsmParams {
  readonly version: VrrpVersion;
  /** Effective priority: 255 for the address owner (RFC 3768 §5.3.4), else 1-254 after tracking. */
  readonly priority: number;
  /**
   * The priority the Master_Down_Interval is computed with. The same as `priority` except for IOS's
   * legacy VRRPv2, which keeps using the configured priority while a tracked object lowers the
   * effective one (fixture show_vrrp_all.txt: "Priority is 90 (cfgd 110)" with "3.570 sec").
   */
  readonly downIntervalPriority: number;
  /** RFC 3768 §6.1 Preempt_Mode; the owner always preempts (RFC 5798 §6.1). */
  readonly preempt: boolean;
  readonly preemptDelayMs: number;
  /** Advertisement_Interval (v2: seconds × 100, so both versions share the unit). */
  readonly advertisementIntervalCs: number;
  /** v3 Backups learn Master_Adver_Interval (RFC 5798 §6.4.2); v2 only with `timers learn`. */
  readonly learnInterval: boolean;
  /** This router's primary address on the link: the tie-breaker (RFC 3768 §6.4.3). */
  readonly primaryAddress: string;
}

export interface VrrpMasterInfo {
  readonly address: string;
  readonly priority: number;
}

export interface VrrpFsmState {
  readonly state: VrrpState;
  readonly params: VrrpFsmParams;
  /** RFC 5798 §6.1 Master_Adver_Interval: learned from the Master (v3) or the configured one. */
  readonly masterAdverIntervalCs: number;
  /** The Master a Backup last accepted, kept for show after it goes (IOS shows it in Init too). */
  readonly master: VrrpMasterInfo | undefined;
  /** Backup only: a lower-priority Master is being tolerated until the preempt delay runs out. */
  readonly preemptPending: boolean;
}

/** An advert that passed receive validation (RFC 3768 §7.1, RFC 5798 §7.1). */
export interface VrrpAdvertEvent {
  readonly kind: 'advert';
  readonly priority: number;
  /** v3 Max Adver Int, or v2 Adver Int × 100. */
  readonly adverIntervalCs: number;
  /** IP source: the sender's primary address (RFC 3768 §6.4.3 compares it on a tie). */
  readonly source: string;
}

export type VrrpEvent =
  | { readonly kind: 'startup' }
  | { readonly kind: 'shutdown' }
  | { readonly kind: 'timer'; readonly timer: VrrpTimer }
  | VrrpAdvertEvent
  | { readonly kind: 'params'; readonly params: VrrpFsmParams };

export type VrrpAction =
  | { readonly kind: 'transition'; readonly from: VrrpState; readonly to: VrrpState }
  | { readonly kind: 'send-advert'; readonly priority: number }
  | { readonly kind: 'arm'; readonly timer: VrrpTimer; readonly delayMs: number }
  | { readonly kind: 'cancel'; readonly timer: VrrpTimer }
  /** Put the virtual MAC and addresses on the link and announce them (GARP / unsolicited NA). */
  | { readonly kind: 'take-over' }
  /**
   * Announce them again while staying Master: a lower-priority Master was heard, so it has been
   * sending from the same virtual MAC (a split brain healing) and switches and hosts must relearn
   * where it lives (spec/ecosystem.md §1, "stale ARP after split brain heals").
   */
  | { readonly kind: 'announce' }
  /** Remove them: only the Master answers for the VIPs (RFC 3768 §6.4.2, DESIGN D3). */
  | { readonly kind: 'release' };

export interface VrrpStep {
  readonly state: VrrpFsmState;
  readonly actions: readonly VrrpAction[];
}

export const OWNER_PRIORITY = 255;

export function initialState(params: VrrpFsmParams): VrrpFsmState {
  return { state: 'init', params, masterAdverIntervalCs: params.advertisementIntervalCs, master: undefined, preemptPending: false };
}

/** Master_Down_Interval of the state, in ms (timers.ts). */
export function stateMasterDownIntervalMs(s: VrrpFsmState): number {
  return masterDownIntervalMs(s.params.version, s.params.downIntervalPriority, s.masterAdverIntervalCs);
}

function stateSkewTimeMs(s: VrrpFsmState): number {
  return skewTimeMs(s.params.version, s.params.downIntervalPriority, s.masterAdverIntervalCs);
}

function adverMs(s: VrrpFsmState): number {
  return s.params.advertisementIntervalCs * 10;
}

/** RFC 3768 §6.4.2 / RFC 5798 §6.4.2: Master_Down_Timer fired (or the preempt delay ran out). */
function becomeMaster(s: VrrpFsmState): VrrpStep {
  const next: VrrpFsmState = { ...s, state: 'master', preemptPending: false, masterAdverIntervalCs: s.params.advertisementIntervalCs };
  return {
    state: next,
    actions: [
      { kind: 'transition', from: s.state, to: 'master' },
      { kind: 'cancel', timer: 'master-down' },
      { kind: 'cancel', timer: 'preempt-delay' },
      // IOS sends its gratuitous ARPs a fraction of a millisecond before the first advert
      // (john/vrrp-10-0.0-1412012695.pcap frames 483-485); the RFC lists them after it.
      { kind: 'take-over' },
      { kind: 'send-advert', priority: s.params.priority },
      { kind: 'arm', timer: 'adver', delayMs: adverMs(next) },
    ],
  };
}

function becomeBackup(s: VrrpFsmState, learned: VrrpFsmState): VrrpStep {
  return {
    state: { ...learned, state: 'backup', preemptPending: false },
    actions: [
      { kind: 'transition', from: s.state, to: 'backup' },
      { kind: 'cancel', timer: 'adver' },
      ...(s.state === 'master' ? [{ kind: 'release' } as const] : []),
      { kind: 'arm', timer: 'master-down', delayMs: stateMasterDownIntervalMs(learned) },
    ],
  };
}

/** The Master_Adver_Interval a Backup uses after accepting this advert. */
function learn(s: VrrpFsmState, e: VrrpAdvertEvent): VrrpFsmState {
  return {
    ...s,
    masterAdverIntervalCs: s.params.learnInterval && e.adverIntervalCs > 0 ? e.adverIntervalCs : s.params.advertisementIntervalCs,
    master: { address: e.source, priority: e.priority },
  };
}

export function step(s: VrrpFsmState, e: VrrpEvent): VrrpStep {
  switch (e.kind) {
    case 'params':
      return { state: { ...s, params: e.params, ...(s.state === 'init' ? { masterAdverIntervalCs: e.params.advertisementIntervalCs } : {}) }, actions: [] };
    case 'startup':
      return startup(s);
    case 'shutdown':
      return shutdown(s);
    case 'timer':
      return timer(s, e.timer);
    case 'advert':
      return advert(s, e);
    default:
      return assertNever(e);
  }
}

/** RFC 3768 §6.4.1 / RFC 5798 §6.4.1: Initialize on a Startup event. */
function startup(s: VrrpFsmState): VrrpStep {
  if (s.state !== 'init') return { state: s, actions: [] };
  if (s.params.priority === OWNER_PRIORITY) return becomeMaster(s);
  const next: VrrpFsmState = { ...s, state: 'backup', masterAdverIntervalCs: s.params.advertisementIntervalCs, preemptPending: false };
  return {
    state: next,
    actions: [
      { kind: 'transition', from: 'init', to: 'backup' },
      { kind: 'arm', timer: 'master-down', delayMs: stateMasterDownIntervalMs(next) },
    ],
  };
}

/** RFC 3768 §6.4.2-3 / RFC 5798 §6.4.2-3: Shutdown; a Master says goodbye with priority 0. */
function shutdown(s: VrrpFsmState): VrrpStep {
  switch (s.state) {
    case 'init':
      return { state: s, actions: [] };
    case 'backup':
      return {
        state: { ...s, state: 'init', preemptPending: false },
        actions: [
          { kind: 'cancel', timer: 'master-down' },
          { kind: 'cancel', timer: 'preempt-delay' },
          { kind: 'transition', from: 'backup', to: 'init' },
        ],
      };
    case 'master':
      return {
        state: { ...s, state: 'init', preemptPending: false },
        actions: [
          { kind: 'cancel', timer: 'adver' },
          { kind: 'send-advert', priority: 0 },
          { kind: 'release' },
          { kind: 'transition', from: 'master', to: 'init' },
        ],
      };
    default:
      return assertNever(s.state);
  }
}

function timer(s: VrrpFsmState, t: VrrpTimer): VrrpStep {
  switch (t) {
    case 'master-down':
    case 'preempt-delay':
      return s.state === 'backup' ? becomeMaster(s) : { state: s, actions: [] };
    case 'adver':
      if (s.state !== 'master') return { state: s, actions: [] };
      return { state: s, actions: periodicAdvert(s.params.priority, adverMs(s)) };
    default:
      return assertNever(t);
  }
}

function advert(s: VrrpFsmState, e: VrrpAdvertEvent): VrrpStep {
  switch (s.state) {
    case 'init':
      // RFC 3768 §6.4.1: Initialize only waits for Startup.
      return { state: s, actions: [] };
    case 'backup':
      return advertInBackup(s, e);
    case 'master':
      return advertInMaster(s, e);
    default:
      return assertNever(s.state);
  }
}

/**
 * The actions of the two events of every advertisement interval, shared (actions are readonly), so
 * that the steady state allocates nothing: the Master's advert and its timer again, and the Backup's
 * restart of Master_Down_Timer.
 */
const adverts = new Map<number, Map<number, VrrpStep['actions']>>();
const masterDownArms = new Map<number, VrrpStep['actions']>();
const SHARED_LIMIT = 256;

function periodicAdvert(priority: number, delayMs: number): VrrpStep['actions'] {
  let byDelay = adverts.get(priority);
  if (byDelay === undefined) {
    byDelay = new Map();
    if (adverts.size < SHARED_LIMIT) adverts.set(priority, byDelay);
  }
  let actions = byDelay.get(delayMs);
  if (actions === undefined) {
    actions = [
      { kind: 'send-advert', priority },
      { kind: 'arm', timer: 'adver', delayMs },
    ];
    if (byDelay.size < SHARED_LIMIT) byDelay.set(delayMs, actions);
  }
  return actions;
}

function masterDownArm(delayMs: number): VrrpStep['actions'] {
  let actions = masterDownArms.get(delayMs);
  if (actions === undefined) {
    actions = [{ kind: 'arm', timer: 'master-down', delayMs }];
    if (masterDownArms.size < SHARED_LIMIT) masterDownArms.set(delayMs, actions);
  }
  return actions;
}

/** RFC 3768 §6.4.2 / RFC 5798 §6.4.2 "If an ADVERTISEMENT is received". */
function advertInBackup(s: VrrpFsmState, e: VrrpAdvertEvent): VrrpStep {
  if (e.priority !== 0 && !s.preemptPending && (!s.params.preempt || e.priority >= s.params.priority)) {
    // The same Master again, at the same interval: `learn` would give an equal state, so keep this one.
    const m = s.master;
    const intervalCs = s.params.learnInterval && e.adverIntervalCs > 0 ? e.adverIntervalCs : s.params.advertisementIntervalCs;
    if (m !== undefined && m.address === e.source && m.priority === e.priority && s.masterAdverIntervalCs === intervalCs) {
      return { state: s, actions: masterDownArm(stateMasterDownIntervalMs(s)) };
    }
  }
  if (e.priority === 0) {
    // The Master is stepping down: take over after Skew_Time instead of the whole interval, so the
    // highest-priority Backup answers first (john/vrrp-10-0.0-1412012695.pcap: 0.805 s at pri 50).
    return { state: s, actions: [{ kind: 'arm', timer: 'master-down', delayMs: stateSkewTimeMs(s) }] };
  }
  const p = s.params;
  // Equal priority is accepted (">="): a Backup with the higher address does not preempt a running
  // Master of the same priority (RFC 5798 §6.4.2; ecosystem §1, keepalived #1440).
  if (!p.preempt || e.priority >= p.priority) {
    const next = { ...learn(s, e), preemptPending: false };
    return {
      state: next,
      actions: [
        ...(s.preemptPending ? [{ kind: 'cancel', timer: 'preempt-delay' } as const] : []),
        { kind: 'arm', timer: 'master-down', delayMs: stateMasterDownIntervalMs(next) },
      ],
    };
  }
  // A lower-priority Master while preempting. The RFC discards the advert, so Master_Down_Timer
  // runs out and this router takes over; with `preempt delay minimum` IOS tolerates it first.
  if (p.preemptDelayMs > 0) {
    const next = learn(s, e);
    return {
      state: { ...next, preemptPending: true },
      actions: [
        ...(s.preemptPending ? [] : [{ kind: 'arm', timer: 'preempt-delay', delayMs: p.preemptDelayMs } as const]),
        { kind: 'arm', timer: 'master-down', delayMs: stateMasterDownIntervalMs(next) },
      ],
    };
  }
  return { state: s, actions: [] };
}

/** RFC 3768 §6.4.3 / RFC 5798 §6.4.3 "If an ADVERTISEMENT is received". */
function advertInMaster(s: VrrpFsmState, e: VrrpAdvertEvent): VrrpStep {
  if (e.priority === 0) {
    // Another router left as Master (a brief split): answer at once so Backups do not take over.
    return {
      state: s,
      actions: [
        { kind: 'send-advert', priority: s.params.priority },
        { kind: 'arm', timer: 'adver', delayMs: adverMs(s) },
      ],
    };
  }
  const higher = e.priority > s.params.priority || (e.priority === s.params.priority && compareAddresses(e.source, s.params.primaryAddress) > 0);
  // The RFC discards a lower advert: the other Master will hear ours and step down.
  if (!higher) return { state: s, actions: [{ kind: 'announce' }] };
  return becomeBackup(s, learn(s, e));
}
