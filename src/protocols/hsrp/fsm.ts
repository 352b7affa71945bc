/**
 * The HSRP group state machine (RFC 2281 §5.3–§5.7, spec §4), as a pure step function (DESIGN D2):
 * `stepHsrp(state, event) → { state, actions }`. Nothing here reads a clock, sends a frame or touches
 * the data plane; the engine host (engine.ts) executes the actions.
 *
 * RFC 2281 §5.5 events, as `HsrpEvent` kinds:
 *   a enable · b disable · c activeTimerExpiry · d standbyTimerExpiry · e helloTimerExpiry ·
 *   f–l `message` (Hello/Coup/Resign from a peer, classified here by its state and priority).
 * RFC 2281 §5.6 actions, as `HsrpAction` kinds:
 *   A arm active · B arm standby · C cancel active · D cancel standby · E (learn: state fields) ·
 *   F send hello · G send coup · H send resign · I `activate` (virtual MAC + VIPs + gratuitous ARP).
 *
 * Where IOS differs from, or is more specific than, the RFC, the captures decide (spec §7, §8.4):
 *  - entering Speak, Standby or Active sends a Hello at once and starts the hello timer
 *    (tcpdump/HSRP_failover.pcap: the Listen router's first Speak hello and the new Active's first hello
 *    leave within 10 ms of the active timer expiring);
 *  - a Speak router that hears a higher-priority Active stays in Speak (HSRP_failover.pcap: .20 keeps
 *    speaking after .30 became Active and goes Standby one hold time later);
 *  - Active + Coup from a higher-priority router → Speak, without sending a Resign
 *    (tcpdump/HSRP_coup.pcap: the deposed .30 sends a Speak hello 12 ms after the coup, no opcode 2);
 *  - a preempting router in Listen hears the lower-priority Active, sends a Coup carrying its own
 *    state (Listen) and becomes Active (HSRP_coup.pcap frame at 21.034 s);
 *  - a router hearing the Hello of a lower-priority Standby while in Listen contests the standby role by
 *    going to Speak (the standby role is not subject to `preempt`, spec §4.4 "Cisco specifics").
 *
 * A client group (`standby N follow NAME`, spec §4.5; Cisco "FHRP - HSRP Multiple Group Optimization")
 * holds no election of its own: the `follow` event hands it the state of the group it follows, and
 * it takes that state (Learn while its VIP is unknown). It arms no active or standby timer and sends
 * no election hellos; while Active it owns the VIP and virtual MAC like any Active and sends a
 * refresh hello every `standby mac-refresh` seconds (default 10) so switches keep the virtual MAC.
 */
import { assertNever } from '../../runtime/result.js';

export type HsrpState = 'init' | 'learn' | 'listen' | 'speak' | 'standby' | 'active';

/** RFC 2281 §5.4: the active, standby and hello timers; plus IOS's `preempt delay minimum` timer. */
export type HsrpTimer = 'active' | 'standby' | 'hello' | 'preemptDelay';

export type HsrpOpcode = 'hello' | 'coup' | 'resign';

/** What the group is configured with, resolved by the host (effective priority after tracking). */
export interface HsrpGroupConfig {
  /** Full IOS interface name, as %HSRP-5-STATECHANGE prints it. */
  readonly ifName: string;
  readonly group: number;
  /** The interface address hellos are sent from: the tie-breaker of spec §1.2 / RFC 2281 §5.1. */
  readonly localIp: string;
  /** Effective priority: configured minus the decrements of Down tracked objects, floored at 0. */
  readonly priority: number;
  readonly preempt: boolean;
  /** `preempt delay minimum|reload` in force, counted from when the group left Init. */
  readonly preemptDelayMs: number;
  /** The configured primary VIP; undefined to learn it from the Active (spec §4.5 `standby N ip`). */
  readonly vip: string | undefined;
  /** Configured timers; undefined when not configured, so they may be learned (RFC 2281 §5.1). */
  readonly helloTimeMs: number | undefined;
  readonly holdTimeMs: number | undefined;
  /** Set for a client group (`standby N follow NAME`): its refresh-hello period while Active. */
  readonly follow?: { readonly refreshMs: number };
}

/** A peer as its last message described it. */
export interface HsrpPeer {
  readonly ip: string;
  readonly priority: number;
  readonly holdTimeMs: number;
  /** Ethernet source of its frames (the virtual MAC when it is Active, spec §1.3). */
  readonly sourceMac: string | undefined;
  /** HSRPv2 Identifier (the peer's interface MAC, spec §3.2). */
  readonly identifier: string | undefined;
}

/** A received, authenticated HSRP message, reduced to what the state machine needs. */
export interface HsrpPeerMessage {
  readonly opcode: HsrpOpcode;
  readonly state: HsrpState;
  readonly ip: string;
  readonly priority: number;
  readonly helloTimeMs: number;
  readonly holdTimeMs: number;
  /** The VIP the sender advertises; undefined when it carries none (0.0.0.0 / ::). */
  readonly vip: string | undefined;
  readonly sourceMac: string | undefined;
  readonly identifier: string | undefined;
}

export interface HsrpGroupState {
  readonly config: HsrpGroupConfig;
  readonly state: HsrpState;
  readonly learnedVip: string | undefined;
  readonly learnedHelloTimeMs: number | undefined;
  readonly learnedHoldTimeMs: number | undefined;
  /** The remote Active router; undefined when unknown or when this router is Active. */
  readonly active: HsrpPeer | undefined;
  /** The remote Standby router; undefined when unknown or when this router is Standby. */
  readonly standby: HsrpPeer | undefined;
  /** When the group last left Init: the start of `preempt delay minimum`. */
  readonly upSinceMs: number | undefined;
  readonly preemptDelayArmed: boolean;
  readonly stateChanges: number;
  readonly lastStateChangeMs: number | undefined;
  /** The last VIP reported in %HSRP-4-DIFFVIP1, so one difference is logged once. */
  readonly lastDiffVip: string | undefined;
  /** Client groups: the state of the followed group, as the last `follow` event gave it. */
  readonly followed: HsrpState;
  /**
   * Active only: the Standby went silent (its timer expired) and no router has spoken since; if it
   * was cut off it may have become Active too, so its return is announced (see `announce`).
   */
  readonly standbyLost: boolean;
}

export type HsrpEvent =
  | { readonly kind: 'enable'; readonly nowMs: number }
  | { readonly kind: 'disable'; readonly nowMs: number }
  | { readonly kind: 'activeTimerExpiry'; readonly nowMs: number }
  | { readonly kind: 'standbyTimerExpiry'; readonly nowMs: number }
  | { readonly kind: 'helloTimerExpiry'; readonly nowMs: number }
  | { readonly kind: 'preemptDelayExpiry'; readonly nowMs: number }
  | { readonly kind: 'message'; readonly nowMs: number; readonly message: HsrpPeerMessage }
  /** Client groups only: the followed group is now in `state` ('init' also when this group cannot run). */
  | { readonly kind: 'follow'; readonly nowMs: number; readonly state: HsrpState }
  | { readonly kind: 'config'; readonly nowMs: number; readonly config: HsrpGroupConfig };

export interface HsrpLogAction {
  readonly kind: 'log';
  readonly severity: 4 | 5;
  readonly mnemonic: 'STATECHANGE' | 'DIFFVIP1';
  readonly text: string;
  /** STATECHANGE: the state entered (client groups follow every step, Speak -> Standby -> Active). */
  readonly to?: HsrpState;
}

export type HsrpAction =
  | { readonly kind: 'arm'; readonly timer: HsrpTimer; readonly delayMs: number }
  | { readonly kind: 'cancel'; readonly timer: HsrpTimer }
  /** `state` is what the packet's State field carries: the sender's state when it was sent. */
  | { readonly kind: 'send'; readonly opcode: HsrpOpcode; readonly state: HsrpState }
  /** RFC 2281 action I and §6: own the virtual MAC and VIPs, announce them with gratuitous ARP. */
  | { readonly kind: 'activate' }
  /**
   * Gratuitous ARP again while staying Active: another Active has been sending from the same
   * virtual MAC (a split brain healing), so switches and hosts must relearn where it lives
   * (spec/ecosystem.md §1, "stale ARP after split brain heals").
   */
  | { readonly kind: 'announce' }
  | { readonly kind: 'deactivate' }
  | HsrpLogAction;

export interface HsrpStep {
  readonly state: HsrpGroupState;
  readonly actions: readonly HsrpAction[];
}

/** IOS defaults (spec §4.2). */
export const HSRP_DEFAULT_HELLO_TIME_MS = 3000;
export const HSRP_DEFAULT_HOLD_TIME_MS = 10000;

export function initialHsrpGroupState(config: HsrpGroupConfig): HsrpGroupState {
  return {
    config,
    state: 'init',
    learnedVip: undefined,
    learnedHelloTimeMs: undefined,
    learnedHoldTimeMs: undefined,
    active: undefined,
    standby: undefined,
    upSinceMs: undefined,
    preemptDelayArmed: false,
    stateChanges: 0,
    lastStateChangeMs: undefined,
    lastDiffVip: undefined,
    followed: 'init',
    standbyLost: false,
  };
}

/** The timers in use: configured, else learned from the Active, else the defaults (RFC 2281 §5.1). */
export function helloTimeMs(s: HsrpGroupState): number {
  return s.config.helloTimeMs ?? s.learnedHelloTimeMs ?? HSRP_DEFAULT_HELLO_TIME_MS;
}

export function holdTimeMs(s: HsrpGroupState): number {
  return s.config.holdTimeMs ?? s.learnedHoldTimeMs ?? HSRP_DEFAULT_HOLD_TIME_MS;
}

/** The VIP in use: configured, else learned. */
export function currentVip(s: HsrpGroupState): string | undefined {
  return s.config.vip ?? s.learnedVip;
}

/** IOS's words for the states (spec §4.1, §4.6). */
export function hsrpStateName(state: HsrpState): string {
  switch (state) {
    case 'init':
      return 'Init';
    case 'learn':
      return 'Learn';
    case 'listen':
      return 'Listen';
    case 'speak':
      return 'Speak';
    case 'standby':
      return 'Standby';
    case 'active':
      return 'Active';
    default:
      return assertNever(state);
  }
}

/** IPv4 or IPv6 text as comparable bytes (higher address wins a priority tie, RFC 2281 §5.1). */
function addressBytes(ip: string): number[] {
  if (!ip.includes(':')) return ip.split('.').map((p) => Number(p) & 0xff);
  const [head = '', tail = ''] = ip.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = ip.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const groups = ip.includes('::') ? [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  const out: number[] = [];
  for (const g of groups) {
    const v = parseInt(g, 16) || 0;
    out.push(v >> 8, v & 0xff);
  }
  return out;
}

export function compareAddresses(a: string, b: string): number {
  const x = addressBytes(a);
  const y = addressBytes(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** RFC 2281 §5.5: "higher priority" is a higher priority value, or equal priority and a higher IP. */
export function outranks(priority: number, ip: string, config: HsrpGroupConfig): boolean {
  if (priority !== config.priority) return priority > config.priority;
  return compareAddresses(ip, config.localIp) > 0;
}

/** Accumulates one step's state and actions. */
class Transition {
  readonly actions: HsrpAction[] = [];

  constructor(
    public s: HsrpGroupState,
    readonly nowMs: number,
  ) {}

  set(patch: Partial<HsrpGroupState>): void {
    this.s = { ...this.s, ...patch };
  }

  arm(timer: HsrpTimer, delayMs: number): void {
    this.actions.push({ kind: 'arm', timer, delayMs });
  }

  cancel(timer: HsrpTimer): void {
    this.actions.push({ kind: 'cancel', timer });
  }

  send(opcode: HsrpOpcode, state: HsrpState = this.s.state): void {
    this.actions.push({ kind: 'send', opcode, state });
  }

  announce(): void {
    this.actions.push({ kind: 'announce' });
  }

  /** A: the active timer runs for the hold time of the Active's hello, else our own (RFC 2281 §5.6). */
  armActive(peerHoldMs?: number): void {
    this.arm('active', peerHoldMs ?? holdTimeMs(this.s));
  }

  armStandby(peerHoldMs?: number): void {
    this.arm('standby', peerHoldMs ?? holdTimeMs(this.s));
  }

  /** Moves to `next`, logging %HSRP-5-STATECHANGE (spec §4.6) and doing the entry work of `next`. */
  go(next: HsrpState, sendOnEntry = true): void {
    const from = this.s.state;
    if (from === next) return;
    if (from === 'active') this.actions.push({ kind: 'deactivate' });
    this.set({ state: next, stateChanges: this.s.stateChanges + 1, lastStateChangeMs: this.nowMs });
    this.actions.push({
      kind: 'log',
      severity: 5,
      mnemonic: 'STATECHANGE',
      text: `${this.s.config.ifName} Grp ${this.s.config.group} state ${hsrpStateName(from)} -> ${hsrpStateName(next)}`,
      to: next,
    });
    switch (next) {
      case 'init':
        this.cancel('active');
        this.cancel('standby');
        this.cancel('hello');
        this.cancel('preemptDelay');
        this.set({
          active: undefined,
          standby: undefined,
          learnedVip: undefined,
          learnedHelloTimeMs: undefined,
          learnedHoldTimeMs: undefined,
          upSinceMs: undefined,
          preemptDelayArmed: false,
          lastDiffVip: undefined,
        });
        break;
      case 'learn':
      case 'listen':
        // Only Speak, Standby and Active send periodic hellos (RFC 2281 §5.3).
        this.cancel('hello');
        break;
      case 'speak':
        if (this.s.config.follow !== undefined) this.cancel('hello');
        else if (sendOnEntry) this.helloNow();
        break;
      case 'standby':
        this.set({ standby: undefined });
        if (this.s.config.follow !== undefined) this.cancel('hello');
        else if (sendOnEntry) this.helloNow();
        break;
      case 'active':
        // CDFI/6: stop the active and standby timers, send a hello, announce the VIP.
        this.cancel('active');
        this.cancel('standby');
        this.cancel('preemptDelay');
        this.set({ active: undefined, standby: undefined, preemptDelayArmed: false });
        this.helloNow();
        this.actions.push({ kind: 'activate' });
        break;
      default:
        assertNever(next);
    }
  }

  helloNow(): void {
    this.send('hello');
    // A client group only refreshes the virtual MAC, at the `standby mac-refresh` period.
    this.arm('hello', this.s.config.follow?.refreshMs ?? helloTimeMs(this.s));
  }

  /** Client groups: the followed state, or Learn while the VIP is still unknown (spec §4.1). */
  follow(): void {
    const target = this.s.followed === 'init' ? 'init' : currentVip(this.s) === undefined ? 'learn' : this.s.followed;
    if (target === 'init' && this.s.state !== 'init') {
      // Keep what was learned: the client group is not reset, it only stops with its master.
      const { learnedVip } = this.s;
      this.go('init');
      this.set({ learnedVip });
      return;
    }
    if (this.s.state === 'init' && target !== 'init') this.set({ upSinceMs: this.nowMs });
    this.go(target, false);
  }

  /** G then /6: a Coup carrying the current state, then Active (spec §4.4, HSRP_coup.pcap). */
  coup(): void {
    this.send('coup');
    this.go('active');
  }

  canPreempt(): boolean {
    const { preempt, preemptDelayMs } = this.s.config;
    return preempt && this.s.upSinceMs !== undefined && this.nowMs >= this.s.upSinceMs + preemptDelayMs;
  }

  /** Preempt now, or start the `preempt delay minimum` wait when it has not yet passed. */
  preemptOrWait(): void {
    if (!this.s.config.preempt) return;
    if (this.canPreempt()) {
      this.coup();
      return;
    }
    if (!this.s.preemptDelayArmed && this.s.upSinceMs !== undefined) {
      this.arm('preemptDelay', this.s.upSinceMs + this.s.config.preemptDelayMs - this.nowMs);
      this.set({ preemptDelayArmed: true });
    }
  }

  /** Speak with the active timer expired, or hearing a Resign: through Standby to Active when no Standby is known. */
  speakerTakesOver(): void {
    if (this.s.standby !== undefined) {
      this.armActive();
      return;
    }
    this.go('standby', false);
    this.go('active');
  }
}

function peerOf(m: HsrpPeerMessage): HsrpPeer {
  return { ip: m.ip, priority: m.priority, holdTimeMs: m.holdTimeMs, sourceMac: m.sourceMac, identifier: m.identifier };
}

/** Arm actions of the steady state, shared (actions are readonly): one per timer and delay. */
const steadyArms = { active: new Map<number, HsrpStep['actions']>(), standby: new Map<number, HsrpStep['actions']>() };

function steadyArm(timer: 'active' | 'standby', delayMs: number): HsrpStep['actions'] {
  const memo = steadyArms[timer];
  let actions = memo.get(delayMs);
  if (actions === undefined) {
    actions = [{ kind: 'arm', timer, delayMs }];
    if (memo.size < 64) memo.set(delayMs, actions);
  }
  return actions;
}

function samePeer(p: HsrpPeer | undefined, m: HsrpPeerMessage): boolean {
  return p !== undefined && p.ip === m.ip && p.priority === m.priority && p.holdTimeMs === m.holdTimeMs && p.sourceMac === m.sourceMac && p.identifier === m.identifier;
}

/**
 * The overwhelmingly common event: a hello from the known Active or Standby that changes nothing
 * (same peer, same VIP, same timers, no preemption to consider). The full transition would copy the
 * state into an equal one and restart the peer's timer; this gives the same result without the copies,
 * keeping the state object itself. undefined when the full transition is needed. What stepHsrp does
 * first with a `message` event of a group that is not a client group; the answer depends on the state
 * and the message alone, not on the time, so a host may remember it for the same two objects.
 */
export function hsrpSteadyHello(s: HsrpGroupState, m: HsrpPeerMessage): HsrpStep | undefined {
  if (m.opcode !== 'hello') return undefined;
  const st = s.state;
  const config = s.config;
  if (m.state === 'active') {
    // helloFromActive in Listen, Speak or Standby: A, and E when it learns nothing new.
    if ((st !== 'listen' && st !== 'speak' && st !== 'standby') || s.standby?.ip === m.ip || !samePeer(s.active, m)) return undefined;
    if (m.vip !== undefined && (config.vip === undefined ? s.learnedVip !== m.vip : m.vip !== config.vip && m.vip !== s.lastDiffVip)) return undefined;
    if (config.helloTimeMs === undefined && config.holdTimeMs === undefined && m.holdTimeMs > m.helloTimeMs && m.helloTimeMs > 0) {
      if (s.learnedHelloTimeMs !== m.helloTimeMs || s.learnedHoldTimeMs !== m.holdTimeMs) return undefined;
    }
    // A lower-priority Active is a preemption question: the full transition answers it.
    if (config.preempt && !outranks(m.priority, m.ip, config)) return undefined;
    return { state: s, actions: steadyArm('active', m.holdTimeMs) };
  }
  if (m.state === 'standby' && st === 'active') {
    // helloFromStandby while Active: B with the Standby's hold time.
    if (s.active?.ip === m.ip || !samePeer(s.standby, m)) return undefined;
    return { state: s, actions: steadyArm('standby', m.holdTimeMs) };
  }
  return undefined;
}

/** e: F, what `helloNow` gives a group that holds elections: a hello carrying its state, and the hello timer again. */
const helloActions = new Map<HsrpState, Map<number, HsrpStep['actions']>>();

function periodicHello(st: HsrpState, helloMs: number): HsrpStep['actions'] {
  let byDelay = helloActions.get(st);
  if (byDelay === undefined) helloActions.set(st, (byDelay = new Map()));
  let actions = byDelay.get(helloMs);
  if (actions === undefined) {
    actions = [
      { kind: 'send', opcode: 'hello', state: st },
      { kind: 'arm', timer: 'hello', delayMs: helloMs },
    ];
    if (byDelay.size < 64) byDelay.set(helloMs, actions);
  }
  return actions;
}

const NO_ACTIONS: HsrpStep['actions'] = [];

/**
 * e for a group that holds elections: F in Speak, Standby and Active (a hello carrying the state, and
 * the hello timer again), nothing in the other states. What stepHsrp does with `helloTimerExpiry`
 * unless the group is a client group (then undefined); like hsrpSteadyHello it depends on the state
 * alone, not on the time.
 */
export function hsrpHelloTimerStep(state: HsrpGroupState): HsrpStep | undefined {
  if (state.config.follow !== undefined) return undefined;
  const st = state.state;
  return { state, actions: st === 'speak' || st === 'standby' || st === 'active' ? periodicHello(st, helloTimeMs(state)) : NO_ACTIONS };
}

/** One RFC 2281 §5.7 transition. Pure: the same state and event always give the same result. */
export function stepHsrp(state: HsrpGroupState, event: HsrpEvent): HsrpStep {
  if (state.config.follow === undefined) {
    // The two events of every hello period, without building a transition.
    if (event.kind === 'message') {
      const steady = hsrpSteadyHello(state, event.message);
      if (steady !== undefined) return steady;
    } else if (event.kind === 'helloTimerExpiry') {
      const hello = hsrpHelloTimerStep(state);
      if (hello !== undefined) return hello;
    }
  }
  const t = new Transition(state, event.nowMs);
  if (state.config.follow !== undefined) {
    stepClient(t, event);
    return { state: t.s, actions: t.actions };
  }
  const st = state.state;
  switch (event.kind) {
    case 'enable':
      // a, Initial: AB, then Listen when the VIP is known, else Learn.
      if (st !== 'init') break;
      t.set({ upSinceMs: event.nowMs });
      t.armActive();
      t.armStandby();
      t.go(currentVip(t.s) === undefined ? 'learn' : 'listen');
      break;
    case 'disable':
      // b: CD/1, and H first when Active (spec §4.4).
      if (st === 'init') break;
      if (st === 'active') t.send('resign', 'active');
      t.go('init');
      break;
    case 'activeTimerExpiry':
      // c: no hello from the Active for its hold time.
      t.set({ active: undefined });
      if (st === 'listen') {
        t.armActive();
        t.armStandby();
        t.go('speak');
      } else if (st === 'speak') t.speakerTakesOver();
      else if (st === 'standby') t.go('active');
      break;
    case 'standbyTimerExpiry':
      // d: no hello from the Standby for its hold time.
      t.set({ standby: undefined, standbyLost: st === 'active' });
      if (st === 'listen') {
        t.armStandby();
        t.go('speak');
      } else if (st === 'speak') t.go('standby');
      break;
    case 'helloTimerExpiry':
      // e: F.
      if (st === 'speak' || st === 'standby' || st === 'active') t.helloNow();
      break;
    case 'preemptDelayExpiry':
      t.set({ preemptDelayArmed: false });
      if ((st === 'listen' || st === 'speak' || st === 'standby') && t.s.active !== undefined && !outranks(t.s.active.priority, t.s.active.ip, t.s.config)) {
        t.preemptOrWait();
      }
      break;
    case 'message':
      if (st !== 'init') receive(t, event.message);
      break;
    case 'config':
      reconfigure(t, event.config);
      break;
    case 'follow':
      // Only client groups follow; an election group ignores it.
      break;
    default:
      assertNever(event);
  }
  return { state: t.s, actions: t.actions };
}

/** A client group (`standby N follow NAME`): no election, no active/standby timers (see the header). */
function stepClient(t: Transition, event: HsrpEvent): void {
  switch (event.kind) {
    case 'follow':
      t.set({ followed: event.state });
      t.follow();
      break;
    case 'disable':
      t.set({ followed: 'init' });
      t.follow();
      break;
    case 'helloTimerExpiry':
      if (t.s.state === 'active') t.helloNow();
      break;
    case 'message':
      // The VIP may be learned from the Active's hellos (RFC 2281 §5.6 E); nothing else is acted on.
      if (t.s.state !== 'init' && event.message.opcode === 'hello' && event.message.state === 'active') {
        learn(t, event.message);
        if (t.s.state === 'learn') t.follow();
      }
      break;
    case 'config': {
      const wasFollower = t.s.config.follow !== undefined;
      t.set({ config: event.config });
      if (event.config.follow === undefined && wasFollower && t.s.state !== 'init') t.go('init');
      else if (t.s.state === 'learn') t.follow();
      break;
    }
    case 'enable':
    case 'activeTimerExpiry':
    case 'standbyTimerExpiry':
    case 'preemptDelayExpiry':
      break;
    default:
      assertNever(event);
  }
}

function reconfigure(t: Transition, config: HsrpGroupConfig): void {
  const before = t.s.config;
  t.set({ config });
  if (config.vip !== undefined && config.vip !== before.vip) t.set({ lastDiffVip: undefined });
  if (t.s.state === 'learn' && currentVip(t.s) !== undefined) t.go('listen');
  // A priority or preempt change is judged on the next hello from the Active (events g/h).
}

function receive(t: Transition, m: HsrpPeerMessage): void {
  const st = t.s.state;
  const higher = outranks(m.priority, m.ip, t.s.config);
  const peer = peerOf(m);
  if (m.opcode === 'resign') {
    // i: a Resign from the Active router.
    if (m.state !== 'active' && t.s.active?.ip !== m.ip) return;
    if (t.s.active?.ip === m.ip) t.set({ active: undefined });
    if (st === 'standby') t.go('active');
    else if (st === 'listen') {
      t.armActive();
      t.armStandby();
      t.go('speak');
    } else if (st === 'speak') t.speakerTakesOver();
    return;
  }
  if (m.opcode === 'coup') {
    // j: a Coup from a higher-priority router: it is taking over.
    if (!higher || st === 'learn') return;
    if (t.s.standby?.ip === m.ip) t.set({ standby: undefined });
    t.set({ active: peer });
    if (st === 'active') {
      t.armActive(m.holdTimeMs);
      t.armStandby();
      t.go('speak');
    } else t.armActive(m.holdTimeMs);
    return;
  }
  switch (m.state) {
    case 'active':
      helloFromActive(t, m, peer, higher);
      break;
    case 'standby':
      helloFromStandby(t, peer, higher);
      break;
    case 'speak':
      // f: a higher-priority Speak router; the Speak and Standby routers give way (B/3), a Listen
      // router restarts its standby timer (B) so that it does not contest the role that router is
      // about to take (tcpdump/HSRP_election.pcap: .20 stays silent while .30 speaks, 20–30 s).
      if (!higher) {
        // An Active that lost its Standby hears a lower router speak: after a split brain the other
        // Active steps down to Speak, possibly before we ever hear its Active hellos (then the case
        // 'active' above never runs), so the virtual MAC is announced again here too.
        if (st === 'active' && t.s.standbyLost) {
          t.set({ standbyLost: false });
          t.announce();
        }
        break;
      }
      if (st === 'speak' || st === 'standby') {
        t.armStandby();
        t.go('listen');
      } else if (st === 'listen') t.armStandby();
      break;
    case 'init':
    case 'learn':
    case 'listen':
      break;
    default:
      assertNever(m.state);
  }
}

/** E: learn the VIP (when not configured) and the timers (when not configured, never while Active). */
function learn(t: Transition, m: HsrpPeerMessage): void {
  const { config } = t.s;
  if (m.vip !== undefined) {
    if (config.vip === undefined) t.set({ learnedVip: m.vip });
    else if (m.vip !== config.vip && m.vip !== t.s.lastDiffVip) {
      // spec §4.6: the local VIP is kept and the difference logged.
      t.actions.push({
        kind: 'log',
        severity: 4,
        mnemonic: 'DIFFVIP1',
        text: `${config.ifName} Grp ${config.group} active routers virtual IP address ${m.vip} is different to the locally configured address ${config.vip}`,
      });
      t.set({ lastDiffVip: m.vip });
    }
  }
  // RFC 2281 §5.1: learn both or neither; the Active never learns.
  if (t.s.state !== 'active' && config.helloTimeMs === undefined && config.holdTimeMs === undefined && m.holdTimeMs > m.helloTimeMs && m.helloTimeMs > 0) {
    t.set({ learnedHelloTimeMs: m.helloTimeMs, learnedHoldTimeMs: m.holdTimeMs });
  }
}

function helloFromActive(t: Transition, m: HsrpPeerMessage, peer: HsrpPeer, higher: boolean): void {
  const st = t.s.state;
  if (t.s.standby?.ip === m.ip) t.set({ standby: undefined });
  learn(t, m);
  switch (st) {
    case 'learn':
      // g/h, Learn: AE/3 once the VIP is known.
      t.set({ active: peer });
      t.armActive(m.holdTimeMs);
      if (currentVip(t.s) !== undefined) t.go('listen');
      break;
    case 'listen':
    case 'speak':
    case 'standby':
      // g: AE. h: AE, or a Coup when configured to preempt (spec §4.4).
      t.set({ active: peer });
      t.armActive(m.holdTimeMs);
      if (!higher) t.preemptOrWait();
      break;
    case 'active':
      if (higher) {
        // g, Active: AB/4.
        t.set({ active: peer });
        t.armActive(m.holdTimeMs);
        t.armStandby();
        t.go('speak');
      } else {
        // h, Active: G; and announce the virtual MAC again, the other Active having used it too.
        t.send('coup');
        t.announce();
      }
      break;
    case 'init':
      break;
    default:
      assertNever(st);
  }
}

function helloFromStandby(t: Transition, peer: HsrpPeer, higher: boolean): void {
  const st = t.s.state;
  if (t.s.active?.ip === peer.ip) t.set({ active: undefined });
  switch (st) {
    case 'listen':
      t.set({ standby: peer });
      t.armStandby(peer.holdTimeMs);
      // l, Listen: a Standby we outrank; contest the standby role.
      if (!higher) t.go('speak');
      break;
    case 'speak':
    case 'standby':
      // k: B/3. l: ignored, the lower Standby gives way on our hellos (event f at its end).
      if (higher) {
        t.set({ standby: peer });
        t.armStandby(peer.holdTimeMs);
        t.go('listen');
      }
      break;
    case 'active':
      t.set({ standby: peer });
      t.armStandby(peer.holdTimeMs);
      break;
    case 'learn':
    case 'init':
      break;
    default:
      assertNever(st);
  }
}
