/**
 * One router: its configuration model and, for every interface it has a port for, the HSRP and VRRP
 * engines on a shared frame dispatch, plus the object tracker they consult. The same composition
 * serves `vipr sim` (ports on in-memory segments, a ManualClock) and `vipr run` (libpcap ports, the
 * wall clock). A new configuration is applied by diffing (DESIGN D4): engines get the new model of
 * their interface and change only what changed.
 */
import type { InterfacePort, VirtualAddressPlane } from '../dataplane/ports.js';
import { networkOf, numberToIpv4 } from '../model/ipv4.js';
import type { Interface, RouterConfig } from '../model/types.js';
import { formatIpv6 } from '../net/ip-address.js';
import { eui64LinkLocal } from '../net/mac.js';
import type { FhrpEngineDeps, InterfaceAddressing } from '../protocols/engine-deps.js';
import { FrameDispatch } from '../protocols/frame-dispatch.js';
import { HsrpEngine } from '../protocols/hsrp/engine.js';
import { HsrpGroupDirectory } from '../protocols/hsrp/group-directory.js';
import { renderShowStandby, type HsrpGroupSnapshot, type ShowStandbyOptions } from '../protocols/hsrp/show.js';
import { MemoryTrackInputs } from '../protocols/track/memory-track-inputs.js';
import { showTrack, type ShowTrackOptions } from '../protocols/track/show-track.js';
import { Tracker } from '../protocols/track/tracker.js';
import type { TrackSnapshot } from '../protocols/track/track-snapshot.js';
import { VrrpEngine } from '../protocols/vrrp/engine.js';
import { renderShowVrrp, type ShowVrrpOptions } from '../protocols/vrrp/show.js';
import type { VrrpInterfaceSnapshot } from '../protocols/vrrp/snapshot.js';
import type { Clock } from '../runtime/clock.js';
import type { LogSink } from '../runtime/syslog.js';

export interface RouterOptions {
  readonly config: RouterConfig;
  readonly clock: Clock;
  readonly random: () => number;
  readonly log: LogSink;
  readonly plane: VirtualAddressPlane;
  /** The ports the router was given, by IOS interface name; interfaces without one are not run. */
  readonly ports: ReadonlyMap<string, InterfacePort>;
}

interface InterfaceRuntime {
  readonly port: InterfacePort;
  readonly dispatch: FrameDispatch;
  readonly hsrp: HsrpEngine;
  readonly vrrp: VrrpEngine;
  readonly unsubscribeLink: () => void;
}

/** The interface's own addresses: the configured ones, and the EUI-64 link-local IOS derives. */
export function interfaceAddressing(iface: Interface, port: InterfacePort): InterfaceAddressing {
  return {
    ipv4: iface.ipv4?.address,
    ipv4PrefixLength: iface.ipv4?.prefixLength,
    ipv6LinkLocal: iface.ipv6LinkLocal?.toLowerCase() ?? formatIpv6(eui64LinkLocal(port.mac)),
  };
}

export class Router {
  private configModel: RouterConfig;
  private readonly trackInputs = new MemoryTrackInputs();
  private readonly tracker: Tracker;
  private readonly interfaces = new Map<string, InterfaceRuntime>();
  /** HSRP groups by name across interfaces, for `standby follow` (spec §4.5). */
  private readonly hsrpDirectory = new HsrpGroupDirectory();
  private stopped = false;
  private installedRoutes = new Map<string, { prefix: string; len: number }>();

  constructor(private readonly options: RouterOptions) {
    this.configModel = options.config;
    this.refreshTrackInputs();
    this.tracker = new Tracker({ tracks: options.config.tracks, inputs: this.trackInputs, clock: options.clock, log: options.log });
    for (const iface of options.config.interfaces) this.startInterface(iface);
  }

  get config(): RouterConfig {
    return this.configModel;
  }

  get hostname(): string {
    return this.configModel.hostname;
  }

  /** Applies a new configuration, touching only interfaces and groups that changed (DESIGN D4). */
  applyConfig(next: RouterConfig): void {
    if (this.stopped) return;
    const previous = this.configModel;
    this.configModel = next;
    this.refreshTrackInputs();
    if (next.tracks !== previous.tracks) this.tracker.update(next.tracks);
    const wanted = new Set(next.interfaces.map((i) => i.name));
    for (const [name, rt] of [...this.interfaces]) {
      if (!wanted.has(name)) this.stopInterface(name, rt);
    }
    for (const iface of next.interfaces) {
      const rt = this.interfaces.get(iface.name);
      if (rt === undefined) {
        this.startInterface(iface);
        continue;
      }
      const old = previous.interfaces.find((i) => i.name === iface.name);
      if (old === iface && next.fhrpVrrpV3 === previous.fhrpVrrpV3) continue;
      const addressing = interfaceAddressing(iface, rt.port);
      rt.hsrp.update(iface, addressing);
      rt.vrrp.update(iface, next.fhrpVrrpV3, addressing);
    }
  }

  /** A clean stop: Active HSRP groups resign, VRRP Masters send priority 0 (spec §4.4, RFC 3768 §6.4.3). */
  shutdown(): void {
    if (this.stopped) return;
    for (const [name, rt] of [...this.interfaces]) this.stopInterface(name, rt);
    this.tracker.dispose();
    this.stopped = true;
  }

  hsrpSnapshot(): HsrpGroupSnapshot[] {
    return [...this.interfaces.values()].flatMap((rt) => rt.hsrp.snapshot());
  }

  vrrpSnapshot(): VrrpInterfaceSnapshot[] {
    return [...this.interfaces.values()].map((rt) => rt.vrrp.snapshot());
  }

  showStandby(options: ShowStandbyOptions = {}): string {
    return renderShowStandby(this.hsrpSnapshot(), options);
  }

  showVrrp(options: ShowVrrpOptions = {}): string {
    return renderShowVrrp(this.vrrpSnapshot(), options);
  }

  showTrack(options: ShowTrackOptions = {}): string {
    return showTrack(this.tracker, options);
  }

  /** The tracked objects' snapshot (`show track | json` in the CLI). */
  trackSnapshot(object?: number): readonly TrackSnapshot[] {
    return this.tracker.snapshot(object);
  }

  /** The link of the port given for an interface; undefined when the router has none for it. */
  linkUp(ifName: string): boolean | undefined {
    return this.options.ports.get(ifName)?.linkUp();
  }

  /** Whether the router has the interface: configured, or given a port. */
  private hasInterface(name: string): boolean {
    return this.options.ports.has(name) || this.configModel.interfaces.some((i) => i.name === name);
  }

  /** Frames heard on an interface that looked like FHRP but did not decode, by error code. */
  drops(ifName: string): ReadonlyMap<string, number> {
    return this.interfaces.get(ifName)?.dispatch.drops ?? new Map();
  }

  private startInterface(iface: Interface): void {
    const port = this.options.ports.get(iface.name);
    if (port === undefined) return;
    const dispatch = new FrameDispatch(port);
    const deps: FhrpEngineDeps = {
      clock: this.options.clock,
      random: this.options.random,
      port,
      plane: this.options.plane,
      log: this.options.log,
      tracks: this.tracker,
      keyChains: () => this.configModel.keyChains,
      // Legacy `standby N track INTERFACE`: the same line-protocol view the tracker has, and nothing
      // (no decrement) for an interface the router does not have.
      lineProtocol: { lineProtocolUp: (name) => (this.hasInterface(name) ? this.trackInputs.linkUp(name) : undefined), onChange: (h) => this.trackInputs.onChange(h) },
    };
    const addressing = interfaceAddressing(iface, port);
    const hsrp = new HsrpEngine(deps, addressing, iface, { dispatch, directory: this.hsrpDirectory });
    const vrrp = new VrrpEngine({ deps, addressing, iface, fhrpVrrpV3: this.configModel.fhrpVrrpV3, dispatch });
    // Tracked line protocol follows the port; the engines listen to the port themselves.
    const unsubscribeLink = port.onLinkChange(() => this.refreshTrackInputs());
    this.interfaces.set(iface.name, { port, dispatch, hsrp, vrrp, unsubscribeLink });
  }

  private stopInterface(name: string, rt: InterfaceRuntime): void {
    rt.hsrp.shutdown();
    rt.vrrp.shutdown();
    rt.dispatch.close();
    rt.unsubscribeLink();
    this.interfaces.delete(name);
  }

  /**
   * What tracked objects see: line protocol is up when the interface is not shut and its port's
   * link is up; connected routes exist for up interfaces with an address; a static route is
   * installed when its next hop lies in a connected subnet or it names an up interface. Routes that
   * disappear are withdrawn so `track N ip route` goes Down.
   */
  private refreshTrackInputs(): void {
    const cfg = this.configModel;
    const connected: { net: number; len: number; iface: string }[] = [];
    const routes = new Map<string, { prefix: string; len: number; source: string; iface: string }>();
    for (const iface of cfg.interfaces) {
      const port = this.options.ports.get(iface.name);
      const up = !iface.shutdown && (port?.linkUp() ?? iface.name.startsWith('Loopback'));
      this.trackInputs.setLink(iface.name, up, iface.shutdown);
      this.trackInputs.setIpv4Address(iface.name, iface.ipv4 !== undefined);
      if (up && iface.ipv4) {
        const { address, prefixLength: len } = iface.ipv4;
        const net = networkOf(address, len);
        connected.push({ net, len, iface: iface.name });
        routes.set(`${numberToIpv4(net)}/${len}`, { prefix: numberToIpv4(net), len, source: 'connected', iface: iface.name });
      }
    }
    for (const r of cfg.ipRoutes) {
      const hop = r.nextHop;
      const via = r.iface !== undefined ? connected.find((c) => c.iface === r.iface) : hop === undefined ? undefined : connected.find((c) => networkOf(hop, c.len) === c.net);
      if (via !== undefined) routes.set(`${r.prefix}/${r.prefixLength}`, { prefix: r.prefix, len: r.prefixLength, source: 'static', iface: via.iface });
    }
    for (const [key, old] of this.installedRoutes) if (!routes.has(key)) this.trackInputs.setRoute(old.prefix, old.len, false);
    for (const r of routes.values()) this.trackInputs.setRoute(r.prefix, r.len, true, r.source, r.iface);
    this.installedRoutes = routes;
  }
}
