/**
 * The VRRP engine host of one interface (DESIGN D2): it owns the pure state machines of the
 * interface's groups (fsm.ts) and executes their actions, which is the only impure part:
 *   - adverts are whole frames (fhrp-frame.ts) sent from the virtual MAC (RFC 3768 §7.3,
 *     RFC 5798 §7.3) with TTL 255, the IPv4 checksum style of the group (spec §5.4) and, for IPv6,
 *     the link-local VIP first (RFC 9568 §5.2.9);
 *   - the VIPs are on the data plane only while Master (DESIGN D3), with whether packets addressed
 *     to them are accepted (owner or Accept_Mode, RFC 5798 §6.4.3);
 *   - on becoming Master: gratuitous ARPs (broadcast and Cisco's 0100.0ccd.cdcd) or unsolicited NAs
 *     with the router flag, three times a second apart, as IOS does (john/vrrp-10-0.0-1412012695.pcap
 *     frames 483-491);
 *   - timers run on deps.clock; syslog goes to deps.log (log.ts).
 * Received frames come through a FrameDispatch (one decode per frame), are validated (receive.ts)
 * and counted; the checksum style of each peer is counted for show.
 */
import { ciscoGratuitousArpFrames } from '../../net/arp.js';
import { unsolicitedNeighborAdvertisementFrame } from '../../net/icmpv6-nd.js';
import { formatMac, virtualMac } from '../../net/mac.js';
import type { Interface } from '../../model/types.js';
import { wakeAt, type TimerHandle } from '../../runtime/clock.js';
import { assertNever } from '../../runtime/result.js';
import type { FhrpEngineDeps, InterfaceAddressing } from '../engine-deps.js';
import { encodeFhrpFrame, type FhrpFrame } from '../fhrp-frame.js';
import type { FrameDispatch, FrameReceiver } from '../frame-dispatch.js';
import type { VrrpV2Message } from './codec-v2.js';
import type { VrrpMessage } from './codec.js';
import {
  initialState,
  OWNER_PRIORITY,
  stateMasterDownIntervalMs,
  step,
  type VrrpAction,
  type VrrpEvent,
  type VrrpFsmParams,
  type VrrpFsmState,
  type VrrpTimer,
} from './fsm.js';
import { acceptsVipTraffic, advertAddresses, DEFAULT_TRACK_DECREMENT, sameGroupConfig, vrrpGroupConfigs, type VrrpGroupConfig } from './group-config.js';
import { vrrpBadAuthMessage, vrrpStateChangeMessage } from './log.js';
import { md5SendKey, v2AdverIntSec, validateAdvert, type VrrpReceiveVerdict } from './receive.js';
import type { VrrpGroupSnapshot, VrrpInterfaceSnapshot, VrrpPeerSnapshot } from './snapshot.js';

export interface VrrpEngineOptions {
  readonly deps: FhrpEngineDeps;
  readonly addressing: InterfaceAddressing;
  readonly iface: Interface;
  /** `fhrp version vrrp v3`: the IOS-XE form, its show layout and its syslog (spec §5.8). */
  readonly fhrpVrrpV3: boolean;
  readonly dispatch: FrameDispatch;
}

/** IOS sends its takeover announcements three times, a second apart (VRRP capture, see above). */
export const ANNOUNCE_COUNT = 3;
export const ANNOUNCE_SPACING_MS = 1000;

interface ArmedTimer {
  handle: TimerHandle;
  /** When the timer is due; the clock timer may fire earlier and then re-arms itself (see 'arm'). */
  dueAt: number;
  /** When the clock timer behind `handle` fires. */
  firesAt: number;
  /** Whether its expiry shows on the wire (Master_Down_Timer: a takeover), so it fires precisely (runtime/clock.ts wakeAt). */
  readonly precise: boolean;
  /** The clock callback; one per group and timer, reused from one arming to the next. */
  readonly fire: () => void;
}

/** An advert that passed validation, and what it was validated against (see `validated`). */
interface Validated {
  readonly frame: FhrpFrame;
  readonly config: VrrpGroupConfig;
  readonly verdict: VrrpReceiveVerdict & { readonly ok: true };
}

/** The last advert sent and what it was built from: the same inputs give the same bytes. */
interface SentAdvert {
  readonly config: VrrpGroupConfig;
  readonly iface: Interface;
  readonly addressing: InterfaceAddressing;
  readonly priority: number;
  readonly advertisementIntervalCs: number;
  readonly frame: Uint8Array;
}

/** A group's gratuitous ARPs / unsolicited NAs, and the inputs they were built from. */
interface Announcements {
  readonly config: VrrpGroupConfig;
  readonly iface: Interface;
  readonly addressing: InterfaceAddressing;
  readonly frames: readonly Uint8Array[];
}

/** The groups of an interface by family and VRID: what a received advert is looked up by. */
function groupNumber(family: 4 | 6, vrid: number): number {
  return family === 6 ? 0x100 + vrid : vrid;
}

interface PeerCount {
  plain: number;
  pseudoHeader: number;
  lastPriority: number;
}

interface GroupRuntime {
  config: VrrpGroupConfig;
  fsm: VrrpFsmState;
  /** The timers armed now (what show reads), each in its slot. */
  readonly timers: Map<VrrpTimer, ArmedTimer>;
  readonly slots: Partial<Record<VrrpTimer, ArmedTimer>>;
  validated: Validated | undefined;
  sent: SentAdvert | undefined;
  /** Built when the group becomes Backup, so that a takeover only sends them (bench/takeover-overhead.ts). */
  announcements: Announcements | undefined;
  announceTimers: TimerHandle[];
  /** Until when (clock ms) a lower Master heard does not start another round of announcements. */
  announceUntilMs: number;
  stateSinceMs: number;
  stateChanges: number;
  advertsSent: number;
  advertsReceived: number;
  addressListMismatches: number;
  readonly drops: Map<string, number>;
  readonly peers: Map<string, PeerCount>;
}

export class VrrpEngine implements FrameReceiver {
  private readonly deps: FhrpEngineDeps;
  private addressing: InterfaceAddressing;
  private iface: Interface;
  private fhrpVrrpV3: boolean;
  private readonly groups = new Map<string, GroupRuntime>();
  /** The same groups by `groupNumber`. */
  private readonly byNumber = new Map<number, GroupRuntime>();
  private readonly unsubscribes: (() => void)[] = [];
  private linkIsUp: boolean;
  private unknownVridDrops = 0;
  private closed = false;

  constructor(options: VrrpEngineOptions) {
    this.deps = options.deps;
    this.addressing = options.addressing;
    this.iface = options.iface;
    this.fhrpVrrpV3 = options.fhrpVrrpV3;
    this.linkIsUp = options.deps.port.linkUp();
    this.unsubscribes.push(options.dispatch.add(this));
    this.unsubscribes.push(options.deps.port.onLinkChange((up) => this.linkChanged(up)));
    this.unsubscribes.push(options.deps.tracks.onChange(() => this.reevaluateAll()));
    for (const config of vrrpGroupConfigs(this.iface, this.addressing, this.fhrpVrrpV3)) this.addGroup(config);
  }

  get ifName(): string {
    return this.iface.name;
  }

  // ---- FrameReceiver --------------------------------------------------------------------------

  accepts(frame: FhrpFrame): boolean {
    return frame.vrrp !== undefined;
  }

  receive(frame: FhrpFrame): void {
    const m = frame.vrrp;
    if (m === undefined || this.closed) return;
    const family = m.version === 3 ? m.family : 4;
    const g = this.byNumber.get(groupNumber(family, m.vrid));
    if (g === undefined) {
      // RFC 3768 §7.1: "the VRID is configured on the receiving interface", else discard.
      this.unknownVridDrops++;
      return;
    }
    const verdict = this.validated(g, frame);
    if (!verdict.ok) {
      g.drops.set(verdict.reason, (g.drops.get(verdict.reason) ?? 0) + 1);
      const bad = m.version === 2 ? vrrpBadAuthMessage(this.deps.clock.now(), verdict.reason, frame.ip.source, g.config, m) : undefined;
      if (bad !== undefined) this.deps.log.log(bad);
      return;
    }
    g.advertsReceived++;
    if (verdict.addressMismatch) g.addressListMismatches++;
    const peer = g.peers.get(verdict.event.source) ?? { plain: 0, pseudoHeader: 0, lastPriority: verdict.event.priority };
    if (verdict.checksumStyle === 'plain') peer.plain++;
    else if (verdict.checksumStyle === 'pseudo-header') peer.pseudoHeader++;
    peer.lastPriority = verdict.event.priority;
    g.peers.set(verdict.event.source, peer);
    this.apply(g, verdict.event);
  }

  /**
   * validateAdvert, remembered per group for the last advert that passed: a Master repeats the same
   * advert (FrameDispatch hands out the same decoded frame for the same bytes), and the verdict
   * depends only on the frame and the group's configuration, and on the key chains with MD5
   * key-chain authentication, which is therefore validated every time.
   */
  private validated(g: GroupRuntime, frame: FhrpFrame): VrrpReceiveVerdict {
    const last = g.validated;
    if (last !== undefined && last.frame === frame && last.config === g.config) return last.verdict;
    const verdict = validateAdvert(g.config, frame, this.deps.keyChains());
    if (verdict.ok && g.config.authentication?.kind !== 'md5-key-chain') g.validated = { frame, config: g.config, verdict };
    return verdict;
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  /**
   * Applies a new model of the interface (DESIGN D4 reconcile): removed groups stop (a Master sends
   * priority 0), added groups start, changed groups are updated in place when only their parameters
   * changed and restarted when their addresses or version did; unchanged groups are not touched.
   */
  update(iface: Interface, fhrpVrrpV3: boolean = this.fhrpVrrpV3, addressing: InterfaceAddressing = this.addressing): void {
    this.iface = iface;
    this.fhrpVrrpV3 = fhrpVrrpV3;
    this.addressing = addressing;
    const next = new Map(vrrpGroupConfigs(iface, addressing, fhrpVrrpV3).map((c) => [c.key, c]));
    for (const [key, g] of [...this.groups]) {
      if (next.has(key)) continue;
      // IOS says goodbye with priority 0 when a group is removed even as Backup, which RFC 3768
      // §6.4.2 does not ask for (john/vrrp-10-0.0-1412012695.pcap frame 356: 10.0.0.1 drops VRID 2,
      // whose owner 10.0.0.2 is Master and re-advertises 0.4 ms later). A Master's goodbye is the FSM's.
      if (g.fsm.state === 'backup' && g.config.form === 'legacy') this.sendAdvert(g, 0);
      this.apply(g, { kind: 'shutdown' });
      this.clearTimers(g);
      this.groups.delete(key);
      const n = groupNumber(g.config.family, g.config.vrid);
      if (this.byNumber.get(n) === g) this.byNumber.delete(n);
      this.deps.plane.release?.(this.iface.name, key);
    }
    for (const config of next.values()) {
      const g = this.groups.get(config.key);
      if (g === undefined) {
        this.addGroup(config);
        continue;
      }
      if (sameGroupConfig(g.config, config)) {
        this.reevaluate(g);
        continue;
      }
      const identity = (c: VrrpGroupConfig): string => JSON.stringify([c.version, c.form, advertAddresses(c), c.owner]);
      if (identity(g.config) !== identity(config)) {
        this.apply(g, { kind: 'shutdown' });
        g.config = config;
        g.fsm = initialState(this.params(config));
        this.reevaluate(g);
      } else {
        g.config = config;
        this.reevaluate(g);
      }
    }
  }

  /** The lower link went down or came back (DESIGN D3, ecosystem §1 "link down"): Init, or start. */
  linkChanged(up: boolean): void {
    if (this.closed || up === this.linkIsUp) return;
    this.linkIsUp = up;
    this.reevaluateAll();
  }

  /** Stops every group (Masters send priority 0, RFC 3768 §6.4.3) and detaches from the port. */
  shutdown(): void {
    if (this.closed) return;
    for (const g of this.groups.values()) {
      this.apply(g, { kind: 'shutdown' });
      this.clearTimers(g);
    }
    this.closed = true;
    for (const u of this.unsubscribes.splice(0)) u();
  }

  // ---- show -----------------------------------------------------------------------------------

  snapshot(): VrrpInterfaceSnapshot {
    const now = this.deps.clock.now();
    const groups = [...this.groups.values()]
      .sort((a, b) => a.config.vrid - b.config.vrid || a.config.family - b.config.family)
      .map((g) => this.groupSnapshot(g, now));
    return { ifName: this.iface.name, groups, unknownVridDrops: this.unknownVridDrops };
  }

  private groupSnapshot(g: GroupRuntime, now: number): VrrpGroupSnapshot {
    const c = g.config;
    const s = g.fsm;
    const params = s.params;
    const local = this.sourceAddress(c);
    const due = (t: VrrpTimer): number | undefined => {
      const x = g.timers.get(t);
      return x === undefined ? undefined : Math.max(0, x.dueAt - now);
    };
    const master =
      s.state === 'master' && local !== undefined
        ? { address: local, local: true, priority: params.priority }
        : s.master === undefined
          ? undefined
          : { address: s.master.address, local: false, priority: s.master.priority };
    const peers: VrrpPeerSnapshot[] = [...g.peers.entries()].map(([address, p]) => ({ address, plain: p.plain, pseudoHeader: p.pseudoHeader, lastPriority: p.lastPriority }));
    return {
      ifName: this.iface.name,
      vrid: c.vrid,
      family: c.family,
      form: c.form,
      version: c.version,
      description: c.description,
      adminShutdown: c.shutdown,
      state: s.state,
      initReason: s.state === 'init' ? this.initReason(g) : undefined,
      stateDurationMs: now - g.stateSinceMs,
      stateChanges: g.stateChanges,
      virtualIp: c.primary,
      secondaryVips: c.secondaryText,
      virtualMac: formatMac(this.vmac(c)),
      advertisementIntervalMs: c.advertiseMs,
      preempt: c.preempt,
      preemptDelaySec: c.preemptDelayMinimumSec,
      priority: params.priority,
      configuredPriority: c.owner ? OWNER_PRIORITY : c.configuredPriority,
      owner: c.owner,
      tracks: c.tracks.map((t) => ({ object: t.object, state: this.deps.tracks.state(t.object), decrement: t.decrement ?? DEFAULT_TRACK_DECREMENT, shutdown: t.shutdown })),
      authentication: c.authentication,
      master,
      masterAdvertisementIntervalMs: s.masterAdverIntervalCs * 10,
      masterAdvertisementLearned: s.state === 'backup' && params.learnInterval && s.master !== undefined,
      nextAdvertInMs: s.state === 'master' ? due('adver') : undefined,
      masterDownIntervalMs: stateMasterDownIntervalMs(s),
      masterDownExpiresInMs: s.state === 'backup' ? due('master-down') : undefined,
      checksumStyle: c.checksumStyle,
      acceptMode: c.acceptMode,
      acceptingVipTraffic: s.state === 'master' && acceptsVipTraffic(c),
      peers,
      counters: {
        advertsSent: g.advertsSent,
        advertsReceived: g.advertsReceived,
        addressListMismatches: g.addressListMismatches,
        drops: Object.fromEntries(g.drops),
      },
    };
  }

  // ---- groups ---------------------------------------------------------------------------------

  private addGroup(config: VrrpGroupConfig): void {
    const g: GroupRuntime = {
      config,
      fsm: initialState(this.params(config)),
      timers: new Map(),
      slots: {},
      validated: undefined,
      sent: undefined,
      announcements: undefined,
      announceTimers: [],
      announceUntilMs: 0,
      stateSinceMs: this.deps.clock.now(),
      stateChanges: 0,
      advertsSent: 0,
      advertsReceived: 0,
      addressListMismatches: 0,
      drops: new Map(),
      peers: new Map(),
    };
    this.groups.set(config.key, g);
    this.deps.plane.prepare?.(this.iface.name, config.key, this.vmac(config));
    this.byNumber.set(groupNumber(config.family, config.vrid), g);
    this.reevaluate(g);
  }

  private reevaluateAll(): void {
    for (const g of this.groups.values()) this.reevaluate(g);
  }

  /** Brings the group's parameters (tracking, config) and running state in line with the world. */
  private reevaluate(g: GroupRuntime): void {
    if (this.closed) return;
    const params = this.params(g.config);
    if (JSON.stringify(params) !== JSON.stringify(g.fsm.params)) this.apply(g, { kind: 'params', params });
    const run = this.initReason(g) === undefined;
    if (run && g.fsm.state === 'init') this.apply(g, { kind: 'startup' });
    else if (!run && g.fsm.state !== 'init') this.apply(g, { kind: 'shutdown' });
    else if (run && g.fsm.state === 'master') {
      // Addresses may have changed under a running Master: the data plane follows the config.
      this.takeVips(g);
    }
  }

  /** undefined when the group can run; else why it sits in Init (IOS-XE prints it, spec §6.4). */
  private initReason(g: GroupRuntime): string | undefined {
    const c = g.config;
    if (c.shutdown) return 'Group is shutdown';
    if (c.primary === undefined) return 'No Primary virtual IP address configured';
    if (this.iface.shutdown || !this.linkIsUp) return 'Interface is down';
    if (this.sourceAddress(c) === undefined) return 'No interface address configured';
    if (this.trackShutdown(c)) return 'Group is shutdown - Tracked object down';
    return undefined;
  }

  private trackShutdown(c: VrrpGroupConfig): boolean {
    return c.tracks.some((t) => t.shutdown && this.deps.tracks.state(t.object) === 'down');
  }

  /** Effective priority: owners are 255 (RFC 3768 §5.3.4); tracking lowers the rest, never below 1. */
  private effectivePriority(c: VrrpGroupConfig): number {
    if (c.owner) return OWNER_PRIORITY;
    let p = c.configuredPriority;
    for (const t of c.tracks) {
      if (!t.shutdown && this.deps.tracks.state(t.object) === 'down') p -= t.decrement ?? DEFAULT_TRACK_DECREMENT;
    }
    // Priority 0 means "Master stopping" on the wire (RFC 3768 §5.3.4), so tracking stops at 1.
    return Math.max(1, p);
  }

  private params(c: VrrpGroupConfig): VrrpFsmParams {
    const priority = this.effectivePriority(c);
    const advertisementIntervalCs = c.version === 2 ? v2AdverIntSec(c.advertiseMs) * 100 : Math.min(4095, Math.max(1, Math.round(c.advertiseMs / 10)));
    return {
      version: c.version,
      priority,
      downIntervalPriority: c.form === 'legacy' && !c.owner ? c.configuredPriority : priority,
      preempt: c.owner || c.preempt,
      preemptDelayMs: c.owner ? 0 : c.preemptDelayMinimumSec * 1000,
      advertisementIntervalCs,
      learnInterval: c.version === 3 || c.form === 'xe' || c.timersLearn,
      primaryAddress: this.sourceAddress(c) ?? (c.family === 4 ? '0.0.0.0' : '::'),
    };
  }

  private sourceAddress(c: VrrpGroupConfig): string | undefined {
    return c.family === 4 ? (this.iface.ipv4?.address ?? this.addressing.ipv4) : (this.addressing.ipv6LinkLocal ?? this.iface.ipv6LinkLocal);
  }

  private vmac(c: VrrpGroupConfig): Uint8Array {
    return virtualMac(c.family === 4 ? 'vrrp-ipv4' : 'vrrp-ipv6', c.vrid);
  }

  // ---- executing actions ----------------------------------------------------------------------

  private apply(g: GroupRuntime, event: VrrpEvent): void {
    const r = step(g.fsm, event);
    g.fsm = r.state;
    for (const a of r.actions) this.execute(g, a);
  }

  private execute(g: GroupRuntime, a: VrrpAction): void {
    switch (a.kind) {
      case 'transition': {
        const now = this.deps.clock.now();
        g.stateSinceMs = now;
        g.stateChanges++;
        this.deps.log.log(vrrpStateChangeMessage(g.config.form, now, this.iface.name, g.config.family, g.config.vrid, a.from, a.to));
        if (a.to === 'backup') this.announcementFrames(g);
        return;
      }
      case 'send-advert':
        this.sendAdvert(g, a.priority);
        return;
      case 'arm': {
        // Every advert a Backup accepts restarts Master_Down_Timer (RFC 3768 §6.4.2): a restart that
        // only pushes the timer later moves `dueAt`, and the clock timer re-arms itself for the rest
        // when it fires early, which keeps the clock out of the per-advert path (bench/vrrp-scale.ts).
        const now = this.deps.clock.now();
        const dueAt = now + a.delayMs;
        const old = g.timers.get(a.timer);
        if (old !== undefined && old.firesAt <= dueAt) {
          old.dueAt = dueAt;
          return;
        }
        this.cancelTimer(g, a.timer);
        // Every clock timer of a slot that is disarmed or replaced is cleared, so the one that fires is the current one.
        const slot = g.slots[a.timer] ?? (g.slots[a.timer] = this.timerSlot(g, a.timer));
        slot.dueAt = dueAt;
        this.wake(slot, now);
        g.timers.set(a.timer, slot);
        return;
      }
      case 'cancel':
        this.cancelTimer(g, a.timer);
        return;
      case 'announce':
        // One round of announcements at a time: a split brain resolves within an advert interval.
        if (g.announceTimers.length === 0 && this.deps.clock.now() >= g.announceUntilMs) {
          g.announceUntilMs = this.deps.clock.now() + ANNOUNCE_COUNT * ANNOUNCE_SPACING_MS;
          this.announce(g, 0);
        }
        return;
      case 'take-over':
        this.takeVips(g);
        this.announce(g, 0);
        return;
      case 'release':
        for (const h of g.announceTimers.splice(0)) this.deps.clock.clearTimer(h);
        this.deps.plane.deactivate(this.iface.name, g.config.key);
        return;
      default:
        assertNever(a);
    }
  }

  private timerSlot(g: GroupRuntime, timer: VrrpTimer): ArmedTimer {
    const clock = this.deps.clock;
    const event: VrrpEvent = { kind: 'timer', timer };
    const slot: ArmedTimer = {
      handle: { id: 0 },
      dueAt: 0,
      firesAt: 0,
      precise: timer === 'master-down',
      fire: () => {
        if (g.timers.get(timer) !== slot) return;
        const at = clock.now();
        if (slot.dueAt > at) {
          this.wake(slot, at);
          return;
        }
        g.timers.delete(timer);
        if (this.groups.get(g.config.key) === g) this.apply(g, event);
      },
    };
    return slot;
  }

  /** Arms the clock timer of a slot toward its due time. */
  private wake(slot: ArmedTimer, now: number): void {
    const at = wakeAt(this.deps.clock, slot.dueAt, now, slot.precise);
    slot.firesAt = at;
    slot.handle = this.deps.clock.setTimer(at - now, slot.fire, slot.precise && at === slot.dueAt);
  }

  private cancelTimer(g: GroupRuntime, t: VrrpTimer): void {
    const x = g.timers.get(t);
    if (x === undefined) return;
    this.deps.clock.clearTimer(x.handle);
    g.timers.delete(t);
  }

  private clearTimers(g: GroupRuntime): void {
    for (const t of [...g.timers.keys()]) this.cancelTimer(g, t);
    for (const h of g.announceTimers.splice(0)) this.deps.clock.clearTimer(h);
  }

  /** Gratuitous ARP (IPv4, spec §7) or unsolicited NA with the router flag (IPv6, RFC 5798 §6.4.2). */
  private announce(g: GroupRuntime, round: number): void {
    for (const f of this.announcementFrames(g)) this.send(f);
    if (round + 1 < ANNOUNCE_COUNT) {
      const h = this.deps.clock.setTimer(ANNOUNCE_SPACING_MS, () => {
        g.announceTimers = g.announceTimers.filter((x) => x !== h);
        if (g.fsm.state === 'master') this.announce(g, round + 1);
      });
      g.announceTimers.push(h);
    }
  }

  /** DESIGN D3: the virtual MAC and VIPs on the link, accepting packets to them as §6.4.3 says. */
  private takeVips(g: GroupRuntime): void {
    this.deps.plane.activate(this.iface.name, g.config.key, this.vmac(g.config), advertAddresses(g.config), { accept: acceptsVipTraffic(g.config) });
  }

  /** RFC 5798 §6.4.1: a gratuitous ARP per IPv4 VIP (IOS sends two, spec §7), an unsolicited NA per IPv6 one. */
  private announcementFrames(g: GroupRuntime): readonly Uint8Array[] {
    const c = g.config;
    const cached = g.announcements;
    if (cached !== undefined && cached.config === c && cached.iface === this.iface && cached.addressing === this.addressing) return cached.frames;
    const mac = formatMac(this.vmac(c));
    const frames: Uint8Array[] = [];
    if (c.family === 4) {
      for (const vip of advertAddresses(c)) frames.push(...ciscoGratuitousArpFrames(mac, vip));
    } else {
      const source = this.sourceAddress(c);
      if (source !== undefined) {
        for (const vip of advertAddresses(c)) frames.push(unsolicitedNeighborAdvertisementFrame({ virtualMac: mac, target: vip, source, router: true }));
      }
    }
    g.announcements = { config: c, iface: this.iface, addressing: this.addressing, frames };
    return frames;
  }

  private send(frame: Uint8Array): void {
    if (this.deps.port.linkUp()) this.deps.port.send(frame);
  }

  /** Builds the advert for the group's version (RFC 3768 §5.3, RFC 5798 §5.2) and sends it. */
  private sendAdvert(g: GroupRuntime, priority: number): void {
    const c = g.config;
    const source = this.sourceAddress(c);
    if (source === undefined || !this.deps.port.linkUp()) return;
    const intervalCs = g.fsm.params.advertisementIntervalCs;
    // A Master sends the same advert interval after interval: it is built again only when an input changed.
    const last = g.sent;
    if (last !== undefined && last.config === c && last.priority === priority && last.advertisementIntervalCs === intervalCs && last.iface === this.iface && last.addressing === this.addressing) {
      g.advertsSent++;
      this.deps.port.send(last.frame);
      return;
    }
    const addresses = advertAddresses(c);
    let message: VrrpMessage;
    let md5Key: string | undefined;
    if (c.version === 2) {
      const auth = c.authentication;
      const base: VrrpV2Message = { version: 2, vrid: c.vrid, priority, authType: 'none', adverIntSec: g.fsm.params.advertisementIntervalCs / 100, addresses };
      if (auth === undefined) message = base;
      else if (auth.kind === 'text') message = { ...base, authType: 'text', authText: auth.text.slice(0, 8) };
      else {
        const k = md5SendKey(c, this.deps.keyChains());
        if (k === undefined) {
          // A key chain without a usable key: IOS sends nothing it could not sign.
          g.drops.set('tx-no-key', (g.drops.get('tx-no-key') ?? 0) + 1);
          return;
        }
        md5Key = k.key;
        message = { ...base, authType: 'cisco-md5', md5: { algorithm: 1, padding: 0, flags: 0, senderIp: source, keyId: k.keyId } };
      }
    } else {
      message = { version: 3, family: c.family, vrid: c.vrid, priority, maxAdverIntCs: g.fsm.params.advertisementIntervalCs, addresses };
    }
    const frame = encodeFhrpFrame(
      { vrrp: message, ip: { source }, ...(c.family === 4 && c.version === 3 ? { vrrpChecksumStyle: c.checksumStyle } : {}) },
      md5Key === undefined ? {} : { md5Key },
    );
    // With a key chain the signing key may change between adverts without the configuration changing.
    g.sent = c.authentication?.kind === 'md5-key-chain' ? undefined : { config: c, iface: this.iface, addressing: this.addressing, priority, advertisementIntervalCs: intervalCs, frame };
    g.advertsSent++;
    this.deps.port.send(frame);
  }
}
