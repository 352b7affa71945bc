/**
 * The HSRP engine host of one interface (DESIGN D2, D3): it runs one pure state machine (fsm.ts) per
 * configured group and is the only impure HSRP code. It executes the machines' actions: frames out
 * through encodeFhrpFrame + port.send (the Active sources from the virtual MAC, everyone else from the
 * interface MAC, spec §1.3), timers on the injected clock (hellos with a small jitter from the injected
 * random source), the virtual MAC and VIPs on the data plane only while Active, gratuitous ARP / ND
 * on takeover, and IOS syslog lines (spec §4.6).
 */
import { ciscoGratuitousArpFrames } from '../../net/arp.js';
import { unsolicitedNeighborAdvertisementFrame } from '../../net/icmpv6-nd.js';
import { formatMac } from '../../net/mac.js';
import type { FhrpAuthentication, HsrpGroup, Interface } from '../../model/types.js';
import { wakeAt, type Clock, type TimerHandle } from '../../runtime/clock.js';
import { revealPassword } from '../../model/passwords.js';
import type { FhrpEngineDeps, InterfaceAddressing } from '../engine-deps.js';
import { encodeFhrpFrame, type FhrpFrame } from '../fhrp-frame.js';
import type { FrameDispatch, FrameMemo, FrameReceiver } from '../frame-dispatch.js';
import { hsrpAuthenticates, hsrpAuthenticatesAlways, hsrpSendAuth, type HsrpGraceKey, type HsrpSendAuth } from './auth.js';
import {
  currentVip,
  helloTimeMs,
  holdTimeMs,
  hsrpHelloTimerStep,
  hsrpStateName,
  hsrpSteadyHello,
  initialHsrpGroupState,
  stepHsrp,
  type HsrpAction,
  type HsrpEvent,
  type HsrpGroupState,
  type HsrpPeerMessage,
  type HsrpState,
  type HsrpTimer,
} from './fsm.js';
import {
  hsrpGroupConfig,
  hsrpGroupFamily,
  hsrpGroupKey,
  hsrpGroupName,
  hsrpLocalIp,
  hsrpSecondaryVips,
  hsrpTrackShutdown,
  hsrpVirtualMac,
  type HsrpMacSource,
} from './group-config.js';
import { HsrpGroupDirectory } from './group-directory.js';
import { buildHsrpMessage, readHsrpFrame, type HsrpReceived } from './messages.js';
import type { HsrpGroupSnapshot } from './show.js';

/**
 * IOS's default on becoming Active: three gratuitous ARP bursts. The offsets are the ones IOS 12.4 used
 * in reference/packetlife/gratuitous_arp_hsrp.pcap (spec §7): the broadcast copies are frames 1, 3
 * and 5 at 0.000, 2.808 and 5.819 s (`tshark -T fields -e frame.time_relative`, re-measured).
 */
export const HSRP_GARP_BURST_OFFSETS_MS: readonly number[] = [0, 2808, 5819];
/** IOS 12.4 sends the 0100.0ccd.cdcd copy of each burst 16 ms after the broadcast one (spec §7). */
export const HSRP_GARP_SSTP_DELAY_MS = 16;
/** Hellos leave up to this fraction of the hello time early, as IOS jitters them (spec §4.2). */
export const HSRP_HELLO_JITTER_FRACTION = 0.015;

/** One of a group's timers, armed or not; one per group and timer, reused from one arming to the next. */
interface TimerSlot {
  /** Whether the timer runs (what `show standby` reads). */
  armed: boolean;
  /** The clock timer behind it while armed. */
  handle: TimerHandle | undefined;
  /** When the timer is due; the clock timer may fire earlier and is then re-armed (see `arm`). */
  dueMs: number;
  /** When the clock timer behind `handle` fires. */
  firesAtMs: number;
  /** Whether its expiry shows on the wire (the active timer: a takeover), so it fires precisely (runtime/clock.ts wakeAt). */
  readonly precise: boolean;
  /** The clock callback. */
  readonly fire: () => void;
}

const EXPIRY: Readonly<Record<HsrpTimer, 'activeTimerExpiry' | 'standbyTimerExpiry' | 'helloTimerExpiry' | 'preemptDelayExpiry'>> = {
  active: 'activeTimerExpiry',
  standby: 'standbyTimerExpiry',
  hello: 'helloTimerExpiry',
  preemptDelay: 'preemptDelayExpiry',
};

interface GroupRuntime {
  model: HsrpGroup;
  readonly family: 4 | 6;
  readonly key: string;
  fsm: HsrpGroupState;
  /** The group's timers (slotOf), made on first use. */
  activeSlot: TimerSlot | undefined;
  standbySlot: TimerSlot | undefined;
  helloSlot: TimerSlot | undefined;
  preemptDelaySlot: TimerSlot | undefined;
  garpTimers: TimerHandle[];
  /** When the gratuitous ARP burst in progress ends (clock ms); 0 when none ran yet. */
  garpUntilMs: number;
  /** Still waiting for the first enable since the engine started: `preempt delay reload` applies. */
  firstEnable: boolean;
  graceKeys: HsrpGraceKey[];
  /** The addresses and MAC handed to the data plane while Active. */
  activated: { mac: Uint8Array; addresses: readonly string[] } | undefined;
  /** The last received frame that passed authentication for good (see `authenticated`), and under which configuration. */
  authedFrame: FhrpFrame | undefined;
  authedFor: FhrpAuthentication | undefined;
  /** The last hello, coup or resign sent, and what it was built from (see `send`). */
  sent: SentFrame | undefined;
  /** The hello this Standby would send first as Active (see prepareActiveHello). */
  prepared: SentFrame | undefined;
  /**
   * The last steady hello received (fsm.ts hsrpSteadyHello) whose frame passed authentication for
   * good: the frame, the state and model it was heard under, and the actions of its step.
   */
  steadyFrame: FhrpFrame | undefined;
  steadyFsm: HsrpGroupState | undefined;
  steadyModel: HsrpGroup | undefined;
  steadyActions: readonly HsrpAction[];
  /** The hello timer's step (fsm.ts hsrpHelloTimerStep) for the state `helloFsm`. */
  helloFsm: HsrpGroupState | undefined;
  helloActions: readonly HsrpAction[];
}

/** What a received frame means to this engine, noted with the frame (FrameDispatch's memo). */
interface HeardNote {
  /** The engine's `generation` it was worked out under. */
  readonly generation: number;
  readonly read: HsrpReceived | undefined;
  /** The group it is for; undefined when none here. */
  readonly rt: GroupRuntime | undefined;
  /** Sent by this router (its address or its MAC as the HSRPv2 Identifier): ignored, spec §4.6. */
  readonly own: boolean;
}

function slotOf(rt: GroupRuntime, timer: HsrpTimer): TimerSlot | undefined {
  return timer === 'active' ? rt.activeSlot : timer === 'standby' ? rt.standbySlot : timer === 'hello' ? rt.helloSlot : rt.preemptDelaySlot;
}

function setSlot(rt: GroupRuntime, timer: HsrpTimer, slot: TimerSlot): void {
  if (timer === 'active') rt.activeSlot = slot;
  else if (timer === 'standby') rt.standbySlot = slot;
  else if (timer === 'hello') rt.helloSlot = slot;
  else rt.preemptDelaySlot = slot;
}

const NO_ACTIONS: readonly HsrpAction[] = [];

/** Everything an outgoing frame is made of; the same inputs give the same bytes. */
interface SentFrame {
  /** The state it was built from: priority, timers and VIP all come from it. */
  readonly fsm: HsrpGroupState;
  /** Whether the authentication is the model's alone (not a key chain's, which depends on the time). */
  readonly timeless: boolean;
  readonly iface: Interface;
  readonly model: HsrpGroup;
  readonly addressing: InterfaceAddressing;
  readonly opcode: 'hello' | 'coup' | 'resign';
  readonly state: HsrpState;
  readonly priority: number;
  readonly helloTimeMs: number;
  readonly holdTimeMs: number;
  readonly vip: string | undefined;
  readonly auth: HsrpSendAuth;
  readonly frame: Uint8Array;
}

function sameSendAuth(a: HsrpSendAuth, b: HsrpSendAuth): boolean {
  return a.kind === 'text' ? b.kind === 'text' && a.text === b.text : b.kind === 'md5' && a.key === b.key && a.keyId === b.keyId;
}

/** The groups of an interface by family and number: what a received frame is looked up by. */
function groupNumber(family: 4 | 6, group: number): number {
  return family === 6 ? 0x10000 + group : group;
}

export interface HsrpEngineOptions {
  /** Where frames are heard; the engine registers one receiver on it. */
  readonly dispatch: FrameDispatch;
  /**
   * The router's groups by name, shared by the engines of all its interfaces so that `standby follow`
   * works across interfaces; without it the engine keeps its own (follow within the interface).
   */
  readonly directory?: HsrpGroupDirectory;
}

export class HsrpEngine {
  private iface: Interface;
  private addressing: InterfaceAddressing;
  private readonly groups = new Map<string, GroupRuntime>();
  /** The same groups by `groupNumber` (all of them have the interface's current HSRP version). */
  private readonly byNumber = new Map<number, GroupRuntime>();
  /** Changes whenever the groups or the interface's model change: notes on frames (HeardNote) made before are stale. */
  private generation = 0;
  private readonly clock: Clock;
  private linkIsUp: boolean;
  private closed = false;
  /** `standby delay minimum|reload`: groups stay in Init until this time. */
  private delayUntilMs: number;
  private delayTimer: TimerHandle | undefined;
  private readonly unsubscribers: (() => void)[] = [];
  private readonly directory: HsrpGroupDirectory;
  /** The interface MAC as HSRPv2 Identifiers carry it (a router ignores its own packets, spec §4.6). */
  private readonly ownMac: string;
  /** Client groups (`standby follow`), so that a directory change touches only them. */
  private followers = 0;

  constructor(
    private readonly deps: FhrpEngineDeps,
    addressing: InterfaceAddressing,
    iface: Interface,
    options: HsrpEngineOptions,
  ) {
    this.iface = iface;
    this.addressing = addressing;
    this.clock = deps.clock;
    this.ownMac = formatMac(deps.port.mac);
    this.linkIsUp = deps.port.linkUp();
    const receiver: FrameReceiver = {
      accepts: (frame) => frame.protocol === (this.iface.hsrp.version === 1 ? 'hsrp-v1' : 'hsrp-v2'),
      receive: (frame, memo) => this.receive(frame, memo),
    };
    this.unsubscribers.push(options.dispatch.add(receiver));
    this.unsubscribers.push(deps.port.onLinkChange((up) => this.linkChanged(up)));
    this.unsubscribers.push(deps.tracks.onChange(() => this.tracksChanged()));
    this.directory = options.directory ?? new HsrpGroupDirectory();
    this.unsubscribers.push(this.directory.onChange(() => this.followersChanged()));
    if (deps.lineProtocol !== undefined) {
      this.unsubscribers.push(
        deps.lineProtocol.onChange(() => {
          // Only groups with legacy `standby N track INTERFACE` lines depend on other interfaces.
          if ([...this.groups.values()].some((rt) => rt.model.interfaceTracks.length > 0)) this.tracksChanged();
        }),
      );
    }
    // `standby delay reload` applies after a reload (engine start), `minimum` after an interface comes up.
    this.delayUntilMs = deps.clock.now() + (iface.hsrp.delayReload ?? iface.hsrp.delayMinimum ?? 0) * 1000;
    for (const g of iface.hsrp.groups) this.addGroup(g);
    this.armDelay();
    this.reconcileAll();
  }

  /** The interface's groups in configuration order. */
  groupKeys(): string[] {
    return [...this.groups.keys()];
  }

  /** The state of a group (IPv4 unless `family` says 6), for tests and `vipr sim`. */
  state(group: number, family: 4 | 6 = 4): HsrpState | undefined {
    return this.groups.get(hsrpGroupKey(this.iface.hsrp.version, family, group))?.fsm.state;
  }

  /** Applies a new model of the interface: adds, removes and changes groups; unchanged groups do not flap. */
  update(iface: Interface, addressing: InterfaceAddressing = this.addressing): void {
    if (this.closed) return;
    const versionChanged = iface.hsrp.version !== this.iface.hsrp.version;
    const wasShut = this.iface.shutdown;
    const oldAddressing = this.addressing;
    this.iface = iface;
    this.addressing = addressing;
    const wanted = new Map(iface.hsrp.groups.map((g) => [hsrpGroupKey(iface.hsrp.version, hsrpGroupFamily(g), g.group), g]));
    for (const [key, rt] of [...this.groups]) {
      if (versionChanged || !wanted.has(key)) this.removeGroup(key, rt);
    }
    for (const [key, g] of wanted) {
      const rt = this.groups.get(key);
      if (rt === undefined) {
        this.addGroup(g);
        continue;
      }
      this.changeGroup(rt, g, oldAddressing);
    }
    if (wasShut && !iface.shutdown) this.restartDelay(iface.hsrp.delayMinimum ?? 0);
    this.generation++;
    this.reconcileAll();
  }

  /** The interface's lower link went down or came up (DESIGN D3: down → Init, resigning when Active). */
  linkChanged(up: boolean): void {
    if (this.closed || up === this.linkIsUp) return;
    this.linkIsUp = up;
    if (up) this.restartDelay(this.iface.hsrp.delayMinimum ?? 0);
    this.reconcileAll();
  }

  /** Stops the engine: Active groups send a Resign (spec §4.4), every group goes to Init. */
  shutdown(): void {
    if (this.closed) return;
    for (const [key, rt] of [...this.groups]) this.removeGroup(key, rt);
    this.closed = true;
    if (this.delayTimer !== undefined) this.clock.clearTimer(this.delayTimer);
    for (const u of this.unsubscribers) u();
  }

  /** What `show standby` reads (DESIGN D7). */
  snapshot(): HsrpGroupSnapshot[] {
    const now = this.clock.now();
    return [...this.groups.values()].map((rt) => this.snapshotOf(rt, now));
  }

  // ------------------------------------------------------------------------------------------------

  private addGroup(g: HsrpGroup): void {
    const family = hsrpGroupFamily(g);
    const key = hsrpGroupKey(this.iface.hsrp.version, family, g.group);
    const rt: GroupRuntime = {
      model: g,
      family,
      key,
      fsm: initialHsrpGroupState(hsrpGroupConfig(this.iface, g, this.addressing, this.deps.tracks, this.preemptDelayMs(g, true))),
      activeSlot: undefined,
      standbySlot: undefined,
      helloSlot: undefined,
      preemptDelaySlot: undefined,
      garpTimers: [],
      garpUntilMs: 0,
      firstEnable: true,
      graceKeys: [],
      activated: undefined,
      authedFrame: undefined,
      authedFor: undefined,
      sent: undefined,
      prepared: undefined,
      steadyFrame: undefined,
      steadyFsm: undefined,
      steadyModel: undefined,
      steadyActions: NO_ACTIONS,
      helloFsm: undefined,
      helloActions: NO_ACTIONS,
    };
    this.generation++;
    this.groups.set(key, rt);
    this.byNumber.set(groupNumber(family, g.group), rt);
    if (g.follow !== undefined) this.followers++;
    this.deps.plane.prepare?.(this.iface.name, key, this.virtualMacOf(rt).mac);
  }

  private removeGroup(key: string, rt: GroupRuntime): void {
    this.apply(rt, { kind: 'disable', nowMs: this.clock.now() });
    for (const slot of [rt.activeSlot, rt.standbySlot, rt.helloSlot, rt.preemptDelaySlot]) if (slot !== undefined) this.disarm(slot);
    this.stopGarp(rt);
    this.generation++;
    this.groups.delete(key);
    const n = groupNumber(rt.family, rt.model.group);
    if (this.byNumber.get(n) === rt) this.byNumber.delete(n);
    if (rt.model.follow !== undefined) this.followers--;
    if (rt.model.follow === undefined) this.directory.withdraw(hsrpGroupName(this.iface.name, rt.model));
    this.deps.plane.release?.(this.iface.name, key);
  }

  private changeGroup(rt: GroupRuntime, g: HsrpGroup, oldAddressing: InterfaceAddressing): void {
    const old = rt.model;
    rt.model = g;
    this.followers += (g.follow !== undefined ? 1 : 0) - (old.follow !== undefined ? 1 : 0);
    const now = this.clock.now();
    const oldName = hsrpGroupName(this.iface.name, old);
    if (old.follow === undefined && (g.follow !== undefined || oldName !== hsrpGroupName(this.iface.name, g))) this.directory.withdraw(oldName);
    // Becoming or ceasing to be a client group (`standby N follow`) starts the group again.
    if ((old.follow === undefined) !== (g.follow === undefined) && rt.fsm.state !== 'init') this.apply(rt, { kind: 'disable', nowMs: now });
    // spec §2.4: `authentication md5 key-string K timeout T` keeps accepting the previous key for T s.
    if (old.authentication.kind === 'md5-key-string' && g.authentication.kind === 'md5-key-string' && g.authentication.timeout !== undefined) {
      const before = revealPassword(old.authentication.key);
      if (before !== revealPassword(g.authentication.key)) rt.graceKeys = [...rt.graceKeys.filter((k) => k.untilMs > now), { key: before, untilMs: now + g.authentication.timeout * 1000 }];
    }
    if (hsrpLocalIp(old, oldAddressing) !== hsrpLocalIp(g, this.addressing) && rt.fsm.state !== 'init') {
      // A new interface address is a new identity on the wire: start the group again.
      this.apply(rt, { kind: 'disable', nowMs: now });
    }
    this.apply(rt, { kind: 'config', nowMs: now, config: this.configOf(rt) });
    if (rt.activated !== undefined) this.activate(rt, false);
  }

  private preemptDelayMs(g: HsrpGroup, first: boolean): number {
    return (first && g.preemptDelayReload > 0 ? Math.max(g.preemptDelayReload, g.preemptDelayMinimum) : g.preemptDelayMinimum) * 1000;
  }

  private configOf(rt: GroupRuntime) {
    return hsrpGroupConfig(this.iface, rt.model, this.addressing, this.deps.tracks, this.preemptDelayMs(rt.model, rt.firstEnable), this.deps.lineProtocol);
  }

  private restartDelay(seconds: number): void {
    this.delayUntilMs = this.clock.now() + seconds * 1000;
    this.armDelay();
  }

  private armDelay(): void {
    if (this.delayTimer !== undefined) this.clock.clearTimer(this.delayTimer);
    this.delayTimer = undefined;
    const wait = this.delayUntilMs - this.clock.now();
    if (wait > 0) {
      this.delayTimer = this.clock.setTimer(wait, () => {
        this.delayTimer = undefined;
        this.reconcileAll();
      });
    }
  }

  private shouldRun(rt: GroupRuntime): boolean {
    return (
      !this.closed &&
      this.linkIsUp &&
      !this.iface.shutdown &&
      this.clock.now() >= this.delayUntilMs &&
      hsrpLocalIp(rt.model, this.addressing) !== undefined &&
      (rt.family === 6 || rt.model.ipEnabled) &&
      !(this.iface.hsrp.version === 1 && rt.family === 6) &&
      !hsrpTrackShutdown(rt.model, this.deps.tracks)
    );
  }

  private reconcileAll(): void {
    for (const rt of [...this.groups.values()]) this.reconcile(rt);
  }

  private reconcile(rt: GroupRuntime): void {
    const now = this.clock.now();
    const run = this.shouldRun(rt);
    if (rt.model.follow !== undefined) {
      // A client group takes the state of the group it follows (fsm.ts stepClient).
      const followed = run ? (this.directory.state(rt.model.follow) ?? 'init') : 'init';
      if (rt.fsm.state === 'init' && followed !== 'init') this.apply(rt, { kind: 'config', nowMs: now, config: this.configOf(rt) });
      if (followed !== rt.fsm.followed || (followed !== 'init') !== (rt.fsm.state !== 'init')) this.apply(rt, { kind: 'follow', nowMs: now, state: followed });
      return;
    }
    if (run && rt.fsm.state === 'init') {
      this.apply(rt, { kind: 'config', nowMs: now, config: this.configOf(rt) });
      this.apply(rt, { kind: 'enable', nowMs: now });
      rt.firstEnable = false;
    } else if (!run && rt.fsm.state !== 'init') this.apply(rt, { kind: 'disable', nowMs: now });
  }

  private followersChanged(): void {
    if (this.closed || this.followers === 0) return;
    for (const rt of [...this.groups.values()]) if (rt.model.follow !== undefined) this.reconcile(rt);
  }

  private tracksChanged(): void {
    if (this.closed) return;
    const now = this.clock.now();
    for (const rt of this.groups.values()) this.apply(rt, { kind: 'config', nowMs: now, config: this.configOf(rt) });
    this.reconcileAll();
  }

  private receive(frame: FhrpFrame, memo: FrameMemo): void {
    if (this.closed) return;
    const note = this.noteOn(frame, memo);
    const rt = note.rt;
    const r = note.read;
    // spec §4.6: a router ignores its own packets.
    if (rt === undefined || r === undefined || note.own) return;
    // A steady hello heard again under the same state and model: it passes authentication again (see
    // `authenticated`) and its step is the same (see `hear`), and the state is not Init.
    if (rt.steadyFrame === frame && rt.steadyFsm === rt.fsm && rt.steadyModel === rt.model) {
      this.executeAll(rt, rt.steadyActions);
      return;
    }
    if (rt.fsm.state === 'init') return;
    const now = this.clock.now();
    if (!this.authenticated(rt, frame, now)) {
      // spec §2.4, §4.6: ignored, and logged.
      this.deps.log.log({
        atMs: now,
        facility: 'HSRP',
        severity: 4,
        mnemonic: 'BADAUTH',
        text: `Bad authentication from ${r.message.ip}, group ${r.group}, remote state ${hsrpStateName(r.message.state)}`,
      });
      return;
    }
    this.hear(rt, frame, r.message, now);
  }

  /**
   * Which group a frame is for and whether it is our own: worked out once per decoded frame (a peer
   * repeats the same hello, and FrameDispatch hands out the same frame for it) and again after the
   * groups or the interface's addresses changed. The own-packet test compares with the group's
   * local address, which follows from the model and the addressing that update() alone changes.
   */
  private noteOn(frame: FhrpFrame, memo: FrameMemo): HeardNote {
    const noted = memo.note as HeardNote | undefined;
    if (noted !== undefined && noted.generation === this.generation) return noted;
    const read = readHsrpFrame(frame);
    const rt = read === undefined ? undefined : this.byNumber.get(groupNumber(read.ipVersion, read.group));
    const own = read !== undefined && rt !== undefined && (read.message.ip === rt.fsm.config.localIp || read.message.identifier === this.ownMac);
    const note: HeardNote = { generation: this.generation, read, rt, own };
    memo.note = note;
    return note;
  }

  /**
   * An authenticated message for a group. A steady hello (fsm.ts hsrpSteadyHello: what stepHsrp does
   * first, from the state and the message alone) is remembered with its frame when the frame passed
   * authentication for good, so that the same frame under the same state repeats the step.
   */
  private hear(rt: GroupRuntime, frame: FhrpFrame, message: HsrpPeerMessage, now: number): void {
    const fsm = rt.fsm;
    const steady = fsm.config.follow === undefined ? hsrpSteadyHello(fsm, message) : undefined;
    if (steady === undefined) {
      this.apply(rt, { kind: 'message', nowMs: now, message });
      return;
    }
    if (rt.authedFrame === frame && rt.authedFor === rt.model.authentication) {
      rt.steadyFrame = frame;
      rt.steadyFsm = fsm;
      rt.steadyModel = rt.model;
      rt.steadyActions = steady.actions;
    }
    this.executeAll(rt, steady.actions);
  }

  private executeAll(rt: GroupRuntime, actions: readonly HsrpAction[]): void {
    for (let i = 0; i < actions.length; i++) this.execute(rt, actions[i] as HsrpAction);
  }

  /**
   * spec §2: whether the frame passes the group's authentication. A frame that passed under text or
   * MD5 key-string authentication with the group's own key passes again as long as that
   * configuration stands (neither depends on the time), so a peer's repeated hello is checked once.
   */
  private authenticated(rt: GroupRuntime, frame: FhrpFrame, now: number): boolean {
    const auth = rt.model.authentication;
    if (rt.authedFrame === frame && rt.authedFor === auth) return true;
    const m = frame.hsrp!;
    if (!hsrpAuthenticates(m, auth, this.deps.keyChains(), now, rt.graceKeys)) return false;
    if (hsrpAuthenticatesAlways(m, auth)) {
      rt.authedFrame = frame;
      rt.authedFor = auth;
    }
    return true;
  }

  private apply(rt: GroupRuntime, event: HsrpEvent): void {
    const before = rt.fsm.state;
    const step = stepHsrp(rt.fsm, event);
    rt.fsm = step.state;
    this.executeAll(rt, step.actions);
    // Client groups follow the groups that hold elections, never each other.
    if (rt.fsm.state !== before && rt.model.follow === undefined && this.groups.get(rt.key) === rt) this.directory.publish(hsrpGroupName(this.iface.name, rt.model), rt.fsm.state);
  }

  private execute(rt: GroupRuntime, a: HsrpAction): void {
    switch (a.kind) {
      case 'arm':
        this.arm(rt, a.timer, a.delayMs);
        break;
      case 'cancel': {
        const slot = slotOf(rt, a.timer);
        if (slot !== undefined) this.disarm(slot);
        break;
      }
      case 'send':
        this.send(rt, a.opcode, a.state);
        break;
      case 'activate':
        this.activate(rt, true);
        break;
      case 'announce':
        // One burst at a time: a split brain resolves within a hello, a burst lasts seconds.
        if (rt.activated !== undefined && this.clock.now() >= rt.garpUntilMs) this.startGarp(rt);
        break;
      case 'deactivate':
        this.stopGarp(rt);
        if (rt.activated !== undefined) this.deps.plane.deactivate(this.iface.name, rt.key);
        rt.activated = undefined;
        break;
      case 'log':
        this.deps.log.log({ atMs: this.clock.now(), facility: 'HSRP', severity: a.severity, mnemonic: a.mnemonic, text: a.text });
        // Client groups follow each step of the group they follow (fsm.ts stepClient).
        if (a.to !== undefined && rt.model.follow === undefined && this.groups.get(rt.key) === rt) this.directory.publish(hsrpGroupName(this.iface.name, rt.model), a.to);
        if (a.to === 'standby') this.prepareActiveHello(rt);
        break;
      default: {
        const never: never = a;
        throw new Error(`unknown action ${JSON.stringify(never)}`);
      }
    }
  }

  /**
   * Arms a timer. The active and standby timers are restarted by every hello from the Active and the
   * Standby (RFC 2281 §5.6 A/B), i.e. pushed later on almost every hello: such a push only moves
   * `dueMs`, and the clock timer already armed re-arms itself for the rest when it fires early. That
   * keeps the clock out of the per-hello path (bench/hsrp-scale.ts); expiry times are unchanged.
   */
  private arm(rt: GroupRuntime, timer: HsrpTimer, delayMs: number): void {
    const now = this.clock.now();
    const jitter = timer === 'hello' ? Math.floor(this.deps.random() * delayMs * HSRP_HELLO_JITTER_FRACTION) : 0;
    const wait = Math.max(0, delayMs - jitter);
    const dueMs = now + wait;
    let slot = slotOf(rt, timer);
    if (slot === undefined) setSlot(rt, timer, (slot = this.timerSlot(rt, timer)));
    else if (slot.armed) {
      if (timer !== 'hello' && slot.firesAtMs <= dueMs) {
        slot.dueMs = dueMs;
        return;
      }
      this.disarm(slot);
    }
    // Every clock timer of a slot that is disarmed or replaced is cleared, so the one that fires is the current one.
    slot.armed = true;
    slot.dueMs = dueMs;
    this.wake(slot, now);
  }

  /** Arms the clock timer of an armed slot toward its due time. */
  private wake(slot: TimerSlot, nowMs: number): void {
    const at = wakeAt(this.clock, slot.dueMs, nowMs, slot.precise);
    slot.firesAtMs = at;
    slot.handle = this.clock.setTimer(at - nowMs, slot.fire, slot.precise && at === slot.dueMs);
  }

  /** e: the hello timer's step depends on the state alone (fsm.ts hsrpHelloTimerStep), remembered per state. */
  private helloTimerExpired(rt: GroupRuntime, nowMs: number): void {
    const fsm = rt.fsm;
    if (rt.helloFsm !== fsm) {
      const step = hsrpHelloTimerStep(fsm);
      if (step === undefined) {
        this.apply(rt, { kind: 'helloTimerExpiry', nowMs });
        return;
      }
      rt.helloFsm = fsm;
      rt.helloActions = step.actions;
    }
    this.executeAll(rt, rt.helloActions);
  }

  private disarm(slot: TimerSlot): void {
    if (slot.handle !== undefined) this.clock.clearTimer(slot.handle);
    slot.handle = undefined;
    slot.armed = false;
  }

  private timerSlot(rt: GroupRuntime, timer: HsrpTimer): TimerSlot {
    const clock = this.clock;
    const slot: TimerSlot = {
      armed: false,
      handle: undefined,
      dueMs: 0,
      firesAtMs: 0,
      precise: timer === 'active',
      fire: () => {
        if (!slot.armed) return;
        const nowMs = clock.now();
        if (slot.dueMs > nowMs) {
          this.wake(slot, nowMs);
          return;
        }
        slot.armed = false;
        slot.handle = undefined;
        if (timer === 'hello') this.helloTimerExpired(rt, nowMs);
        else this.apply(rt, { kind: EXPIRY[timer], nowMs });
      },
    };
    return slot;
  }

  private virtualMacOf(rt: GroupRuntime): { mac: Uint8Array; source: HsrpMacSource } {
    return hsrpVirtualMac(this.iface, rt.model, this.deps.port.mac);
  }

  private addressesOf(rt: GroupRuntime): string[] {
    const vip = currentVip(rt.fsm);
    return [...(vip === undefined ? [] : [vip]), ...hsrpSecondaryVips(rt.model)];
  }

  private send(rt: GroupRuntime, opcode: 'hello' | 'coup' | 'resign', state: HsrpState): void {
    if (!this.linkIsUp) return;
    const last = rt.sent;
    // The same state object, model and interface give the same frame (see SentFrame): a steady group's hello.
    if (
      last !== undefined &&
      last.fsm === rt.fsm &&
      last.opcode === opcode &&
      last.state === state &&
      last.timeless &&
      last.model === rt.model &&
      last.iface === this.iface &&
      last.addressing === this.addressing
    ) {
      this.deps.port.send(last.frame);
      return;
    }
    const localIp = hsrpLocalIp(rt.model, this.addressing);
    if (localIp === undefined) return;
    // Text and key-string authentication depend on the group's model alone: what was sent for the same
    // model is what hsrpSendAuth would give again. A key chain depends on the time and is looked up.
    const auth =
      last !== undefined && last.model === rt.model && rt.model.authentication.kind !== 'md5-key-chain'
        ? last.auth
        : hsrpSendAuth(rt.model.authentication, this.deps.keyChains(), this.clock.now());
    // A key chain with no valid send key sends nothing, as IOS does.
    if (auth === undefined) return;
    const priority = rt.fsm.config.priority;
    const hello = helloTimeMs(rt.fsm);
    const hold = holdTimeMs(rt.fsm);
    const vip = currentVip(rt.fsm);
    // A group says the same thing hello after hello: the frame is built again only when an input
    // changed. A new Active's first hello was built when it became Standby (prepareActiveHello).
    const prepared = rt.prepared;
    const same =
      last !== undefined && this.sameFrame(last, rt, opcode, state, priority, hello, hold, vip, auth)
        ? last
        : prepared !== undefined && this.sameFrame(prepared, rt, opcode, state, priority, hello, hold, vip, auth)
          ? prepared
          : undefined;
    if (same !== undefined) {
      rt.sent = same;
      this.deps.port.send(same.frame);
      return;
    }
    rt.sent = this.buildFrame(rt, opcode, state, localIp, auth, priority, hello, hold, vip);
    this.deps.port.send(rt.sent.frame);
  }

  /** Whether `s` is the frame these inputs give. */
  private sameFrame(s: SentFrame, rt: GroupRuntime, opcode: SentFrame['opcode'], state: HsrpState, priority: number, hello: number, hold: number, vip: string | undefined, auth: HsrpSendAuth): boolean {
    return (
      s.opcode === opcode &&
      s.state === state &&
      s.priority === priority &&
      s.helloTimeMs === hello &&
      s.holdTimeMs === hold &&
      s.vip === vip &&
      s.model === rt.model &&
      s.iface === this.iface &&
      s.addressing === this.addressing &&
      sameSendAuth(s.auth, auth)
    );
  }

  private buildFrame(
    rt: GroupRuntime,
    opcode: SentFrame['opcode'],
    state: HsrpState,
    localIp: string,
    auth: HsrpSendAuth,
    priority: number,
    hello: number,
    hold: number,
    vip: string | undefined,
  ): SentFrame {
    const message = buildHsrpMessage({
      version: this.iface.hsrp.version,
      opcode,
      state,
      group: rt.model.group,
      priority,
      helloTimeMs: hello,
      holdTimeMs: hold,
      vip,
      ipVersion: rt.family,
      identifier: this.deps.port.mac,
      senderIp: localIp,
      auth,
    });
    // spec §1.3: the Active sources its packets from the virtual MAC, everyone else from its own.
    const source = state === 'active' ? this.virtualMacOf(rt).mac : this.deps.port.mac;
    const frame = encodeFhrpFrame({ ethernet: { source: formatMac(source) }, ip: { source: localIp }, hsrp: message }, auth.kind === 'md5' ? { md5Key: auth.key } : {});
    const timeless = rt.model.authentication.kind !== 'md5-key-chain';
    return { fsm: rt.fsm, timeless, iface: this.iface, model: rt.model, addressing: this.addressing, opcode, state, priority, helloTimeMs: hello, holdTimeMs: hold, vip, auth, frame };
  }

  /**
   * Builds the hello this Standby will send first if it takes over, so that a takeover only sends it
   * (bench/takeover-overhead.ts). Not for a key chain, whose key depends on the time of sending.
   */
  private prepareActiveHello(rt: GroupRuntime): void {
    const last = rt.sent;
    const localIp = hsrpLocalIp(rt.model, this.addressing);
    if (localIp === undefined || last === undefined || last.model !== rt.model || !last.timeless) return;
    rt.prepared = this.buildFrame(rt, 'hello', 'active', localIp, last.auth, rt.fsm.config.priority, helloTimeMs(rt.fsm), holdTimeMs(rt.fsm), currentVip(rt.fsm));
  }

  /** RFC 2281 action I and DESIGN D3: own the virtual MAC and VIPs; announce them (with `announce`). */
  private activate(rt: GroupRuntime, announce: boolean): void {
    const { mac } = this.virtualMacOf(rt);
    const addresses = this.addressesOf(rt);
    rt.activated = { mac, addresses };
    this.deps.plane.activate(this.iface.name, rt.key, mac, addresses);
    if (announce) this.startGarp(rt);
  }

  private startGarp(rt: GroupRuntime): void {
    this.stopGarp(rt);
    rt.garpUntilMs = this.clock.now() + Math.max(...HSRP_GARP_BURST_OFFSETS_MS) + HSRP_GARP_SSTP_DELAY_MS;
    for (const offset of HSRP_GARP_BURST_OFFSETS_MS) {
      if (offset === 0) this.garpBurst(rt);
      else rt.garpTimers.push(this.clock.setTimer(offset, () => this.garpBurst(rt)));
    }
  }

  private garpBurst(rt: GroupRuntime): void {
    if (rt.activated === undefined || !this.linkIsUp) return;
    const mac = formatMac(rt.activated.mac);
    for (const address of rt.activated.addresses) {
      if (rt.family === 6) {
        const source = this.addressing.ipv6LinkLocal;
        if (source !== undefined) this.deps.port.send(unsolicitedNeighborAdvertisementFrame({ virtualMac: mac, target: address, source }));
        continue;
      }
      const [broadcast, sstp] = ciscoGratuitousArpFrames(mac, address);
      this.deps.port.send(broadcast);
      rt.garpTimers.push(
        this.clock.setTimer(HSRP_GARP_SSTP_DELAY_MS, () => {
          if (rt.activated !== undefined && this.linkIsUp) this.deps.port.send(sstp);
        }),
      );
    }
  }

  private stopGarp(rt: GroupRuntime): void {
    for (const h of rt.garpTimers) this.clock.clearTimer(h);
    rt.garpTimers = [];
    rt.garpUntilMs = 0;
  }

  private snapshotOf(rt: GroupRuntime, now: number): HsrpGroupSnapshot {
    const s = rt.fsm;
    const vmac = this.virtualMacOf(rt);
    const remaining = (t: HsrpTimer): number | undefined => {
      const slot = slotOf(rt, t);
      return slot === undefined || !slot.armed ? undefined : Math.max(0, slot.dueMs - now);
    };
    const vip = currentVip(s);
    return {
      ifName: this.iface.name,
      group: rt.model.group,
      version: this.iface.hsrp.version,
      family: rt.family,
      state: s.state,
      stateChanges: s.stateChanges,
      lastStateChangeAgoMs: s.lastStateChangeMs === undefined ? undefined : now - s.lastStateChangeMs,
      vip,
      secondaryVips: hsrpSecondaryVips(rt.model),
      activeVirtualMac: s.state === 'active' ? formatMac(vmac.mac) : s.active?.sourceMac,
      virtualMacInUse: s.state === 'active',
      localVirtualMac: formatMac(vmac.mac),
      localVirtualMacSource: vmac.source,
      helloTimeMs: helloTimeMs(s),
      holdTimeMs: holdTimeMs(s),
      nextHelloInMs: remaining('hello'),
      authentication: rt.model.authentication,
      preempt: rt.model.preempt,
      preemptDelayMinimumS: rt.model.preemptDelayMinimum,
      preemptDelayReloadS: rt.model.preemptDelayReload,
      preemptDelaySyncS: rt.model.preemptDelaySync,
      active:
        s.state === 'active'
          ? 'local'
          : s.active === undefined
            ? 'unknown'
            : { ip: s.active.ip, priority: s.active.priority, expiresInMs: remaining('active') ?? 0, mac: s.active.identifier },
      standby:
        s.state === 'standby'
          ? 'local'
          : s.standby === undefined
            ? 'unknown'
            : { ip: s.standby.ip, priority: s.standby.priority, expiresInMs: remaining('standby') ?? 0, mac: s.standby.identifier },
      priority: s.config.priority,
      configuredPriority: rt.model.priority,
      tracks: rt.model.tracks.map((t) => ({ object: t.object, state: this.deps.tracks.state(t.object), decrement: t.decrement, shutdown: t.shutdown })),
      interfaceTracks: rt.model.interfaceTracks.map((t) => ({ iface: t.iface, state: this.lineProtocolOf(t.iface), decrement: t.decrement })),
      name: rt.model.name,
      ...(rt.model.follow === undefined ? {} : { follow: rt.model.follow }),
    };
  }

  /** Line protocol for `standby N track INTERFACE`, as group-config.ts counts it: up without a host that knows. */
  private lineProtocolOf(ifName: string): 'up' | 'down' | undefined {
    const lineProtocol = this.deps.lineProtocol;
    if (lineProtocol === undefined) return 'up';
    const up = lineProtocol.lineProtocolUp(ifName);
    return up === undefined ? undefined : up ? 'up' : 'down';
  }
}
