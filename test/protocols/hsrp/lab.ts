/**
 * A virtual-time HSRP lab for tests: routers built from IOS configuration text (loadConfig), one
 * HsrpEngine per router on a shared MemorySegment, a ManualClock, recorded syslog and data plane.
 */
import { loadConfig } from '../../../src/config/load.js';
import type { VirtualAddressPlane } from '../../../src/dataplane/ports.js';
import { MemorySegment, type MemoryPort } from '../../../src/dataplane/memory/segment.js';
import type { RouterConfig } from '../../../src/model/types.js';
import { formatMac } from '../../../src/net/mac.js';
import type { InterfaceAddressing, TrackState, TrackStates } from '../../../src/protocols/engine-deps.js';
import { decodeFhrpFrame, type FhrpFrame } from '../../../src/protocols/fhrp-frame.js';
import { FrameDispatch } from '../../../src/protocols/frame-dispatch.js';
import { HsrpEngine } from '../../../src/protocols/hsrp/engine.js';
import type { HsrpState } from '../../../src/protocols/hsrp/fsm.js';
import { ManualClock } from '../../../src/runtime/clock.js';
import { LogBuffer, formatSyslogBody } from '../../../src/runtime/syslog.js';
import { prng } from '../../support/fixtures.js';

export const LAB_EPOCH = Date.UTC(2024, 2, 1, 0, 0, 0);

export class ManualTracks implements TrackStates {
  private readonly states = new Map<number, TrackState>();
  private readonly handlers = new Set<(object: number, state: TrackState) => void>();

  state(object: number): TrackState | undefined {
    return this.states.get(object);
  }

  set(object: number, state: TrackState): void {
    this.states.set(object, state);
    for (const h of [...this.handlers]) h(object, state);
  }

  onChange(handler: (object: number, state: TrackState) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
}

export class RecordingPlane implements VirtualAddressPlane {
  readonly active = new Map<string, { mac: string; addresses: readonly string[] }>();
  readonly history: string[] = [];

  activate(ifName: string, groupKey: string, virtualMac: Uint8Array, addresses: readonly string[]): void {
    this.active.set(`${ifName} ${groupKey}`, { mac: formatMac(virtualMac), addresses: [...addresses] });
    this.history.push(`activate ${groupKey} ${formatMac(virtualMac)} ${addresses.join(',')}`);
  }

  deactivate(ifName: string, groupKey: string): void {
    this.active.delete(`${ifName} ${groupKey}`);
    this.history.push(`deactivate ${groupKey}`);
  }
}

export interface LabRouter {
  readonly name: string;
  readonly ifName: string;
  config: RouterConfig;
  port: MemoryPort;
  readonly log: LogBuffer;
  readonly plane: RecordingPlane;
  readonly tracks: ManualTracks;
  engine: HsrpEngine | undefined;
  dispatch: FrameDispatch | undefined;
}

export function addressingOf(config: RouterConfig, ifName: string): InterfaceAddressing {
  const i = config.interfaces.find((x) => x.name === ifName);
  return { ipv4: i?.ipv4?.address, ipv4PrefixLength: i?.ipv4?.prefixLength, ipv6LinkLocal: i?.ipv6LinkLocal };
}

export class Lab {
  readonly clock = new ManualClock(LAB_EPOCH);
  readonly segment: MemorySegment;
  readonly routers = new Map<string, LabRouter>();
  private readonly random: () => number;

  constructor(seed = 1, latencyMs = 0) {
    this.segment = new MemorySegment('lan', this.clock, latencyMs);
    this.random = prng(seed);
  }

  /** Adds a router whose interface `ifName` is on the segment, and starts it. */
  add(name: string, configText: string, ifName = 'GigabitEthernet0/1'): LabRouter {
    const { config, diagnostics } = loadConfig(configText);
    if (diagnostics.some((d) => d.severity === 'error')) throw new Error(`${name}: ${JSON.stringify(diagnostics)}`);
    const n = this.routers.size + 1;
    const mac = Uint8Array.of(0x02, 0x00, 0x00, 0x00, 0x00, n);
    const port = this.segment.attach(name, ifName, mac);
    const r: LabRouter = { name, ifName, config, port, log: new LogBuffer(), plane: new RecordingPlane(), tracks: new ManualTracks(), engine: undefined, dispatch: undefined };
    this.routers.set(name, r);
    this.boot(r);
    return r;
  }

  boot(r: LabRouter): void {
    const iface = r.config.interfaces.find((i) => i.name === r.ifName);
    if (!iface) throw new Error(`${r.name} has no ${r.ifName}`);
    r.dispatch = new FrameDispatch(r.port);
    r.engine = new HsrpEngine(
      { clock: this.clock, random: this.random, port: r.port, plane: r.plane, log: r.log, tracks: r.tracks, keyChains: () => r.config.keyChains },
      addressingOf(r.config, r.ifName),
      iface,
      { dispatch: r.dispatch },
    );
  }

  /** Stops a router with no goodbye (power loss). */
  crash(r: LabRouter): void {
    r.dispatch?.close();
    r.engine = undefined;
    r.dispatch = undefined;
    this.segment.detach(r.name);
    r.plane.active.clear();
  }

  /** Boots a crashed router again from its config. */
  restore(r: LabRouter): void {
    if (r.engine !== undefined) return;
    r.port = this.segment.attach(r.name, r.ifName, r.port.mac);
    this.boot(r);
  }

  router(name: string): LabRouter {
    const r = this.routers.get(name);
    if (!r) throw new Error(`no router ${name}`);
    return r;
  }

  state(name: string, group = 1): HsrpState | undefined {
    const e = this.router(name).engine;
    return e?.state(group, 4) ?? e?.state(group, 6);
  }

  /** Seconds of virtual time since the lab started. */
  get seconds(): number {
    return (this.clock.now() - LAB_EPOCH) / 1000;
  }

  run(seconds: number): void {
    this.clock.advance(Math.round(seconds * 1000));
  }

  /** Syslog bodies of one router, with the second they were logged at. */
  logs(name: string): { at: number; text: string }[] {
    return this.router(name).log.messages.map((m) => ({ at: (m.atMs - LAB_EPOCH) / 1000, text: formatSyslogBody(m) }));
  }

  /** Every decodable FHRP frame on the segment, with the sender id and time. */
  frames(): { at: number; from: string; frame: FhrpFrame; raw: Uint8Array }[] {
    const out: { at: number; from: string; frame: FhrpFrame; raw: Uint8Array }[] = [];
    for (const rec of this.segment.records) {
      const d = decodeFhrpFrame(rec.frame);
      if (d?.ok) out.push({ at: (rec.atMs - LAB_EPOCH) / 1000, from: rec.from, frame: d.value, raw: rec.frame });
    }
    return out;
  }
}

/** A minimal router config with one HSRP group on Gi0/1. */
export function hsrpConfig(name: string, ip: string, lines: readonly string[], extra: readonly string[] = []): string {
  return [`hostname ${name}`, ...extra, 'interface GigabitEthernet0/1', ` ip address ${ip} 255.255.255.0`, ...lines.map((l) => ` ${l}`)].join('\n');
}
