/**
 * A VRRP lab in virtual time: routers configured from IOS text (loadConfig), each with a VrrpEngine on
 * a port of one MemorySegment, a recording data plane, settable tracked objects and a log buffer.
 */
import { expect } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { MemorySegment, type MemoryPort } from '../../../src/dataplane/memory/segment.js';
import { MemoryIpStack } from '../../../src/cli/memory/ip-stack.js';
import type { InterfacePort, VipOptions, VirtualAddressPlane } from '../../../src/dataplane/ports.js';
import type { RouterConfig, Interface } from '../../../src/model/types.js';
import { formatIpv6 } from '../../../src/net/ip-address.js';
import { eui64LinkLocal } from '../../../src/net/mac.js';
import type { InterfaceAddressing, TrackState, TrackStates } from '../../../src/protocols/engine-deps.js';
import { decodeFhrpFrame, type FhrpFrame } from '../../../src/protocols/fhrp-frame.js';
import { FrameDispatch } from '../../../src/protocols/frame-dispatch.js';
import { VrrpEngine } from '../../../src/protocols/vrrp/engine.js';
import type { VrrpGroupSnapshot } from '../../../src/protocols/vrrp/snapshot.js';
import { ManualClock } from '../../../src/runtime/clock.js';
import { LogBuffer } from '../../../src/runtime/syslog.js';

/** Records what the engine asks of the data plane and passes it on to `inner` when there is one. */
export class RecordingPlane implements VirtualAddressPlane {
  readonly active = new Map<string, readonly string[]>();
  /** Whether packets to the group's VIPs are accepted, as last activated (RFC 5798 §6.4.3). */
  readonly accept = new Map<string, boolean | undefined>();
  readonly events: string[] = [];
  constructor(private readonly inner?: VirtualAddressPlane) {}
  activate(ifName: string, groupKey: string, mac: Uint8Array, addresses: readonly string[], options?: VipOptions): void {
    this.active.set(groupKey, addresses);
    this.accept.set(groupKey, options?.accept);
    this.events.push(`+${groupKey}`);
    this.inner?.activate(ifName, groupKey, mac, addresses, options);
  }
  deactivate(ifName: string, groupKey: string): void {
    if (this.active.delete(groupKey)) this.events.push(`-${groupKey}`);
    this.inner?.deactivate(ifName, groupKey);
  }
}

export class SettableTracks implements TrackStates {
  private readonly states = new Map<number, TrackState>();
  private readonly handlers = new Set<(o: number, s: TrackState) => void>();
  state(object: number): TrackState | undefined {
    return this.states.get(object);
  }
  set(object: number, s: TrackState): void {
    if (this.states.get(object) === s) return;
    this.states.set(object, s);
    for (const h of [...this.handlers]) h(object, s);
  }
  onChange(handler: (o: number, s: TrackState) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
}

export interface LabRouter {
  readonly name: string;
  readonly config: RouterConfig;
  readonly iface: Interface;
  readonly port: MemoryPort;
  readonly engine: VrrpEngine;
  readonly log: LogBuffer;
  readonly plane: RecordingPlane;
  readonly tracks: SettableTracks;
  readonly dispatch: FrameDispatch;
  readonly addressing: InterfaceAddressing;
  /** With `ipStack`: the host side (ARP, ICMP) that the engine's VIPs are given to. */
  readonly stack: MemoryIpStack | undefined;
}

/** 2024-03-01 00:00:00 UTC: syslog timestamps read `*Mar  1 00:00:…` like a lab router's. */
export const LAB_EPOCH = Date.UTC(2024, 2, 1);

export class Lab {
  readonly clock = new ManualClock(LAB_EPOCH);
  readonly segment: MemorySegment;
  readonly routers = new Map<string, LabRouter>();

  constructor(latencyMs = 0) {
    this.segment = new MemorySegment('lan', this.clock, latencyMs);
  }

  /** Adds a router from its configuration; its first interface with VRRP joins the segment. */
  add(name: string, text: string, macLastByte: number, options: { tracks?: SettableTracks; ipStack?: boolean } = {}): LabRouter {
    const { config, diagnostics } = loadConfig(text);
    expect(diagnostics, `${name}: config diagnostics`).toEqual([]);
    const iface = config.interfaces.find((i) => i.vrrp.length > 0 || i.vrrpv3.length > 0) ?? config.interfaces[0];
    if (iface === undefined) throw new Error(`${name}: no interface`);
    const mac = Uint8Array.of(0xaa, 0xbb, 0xcc, 0x00, macLastByte, 0x00);
    const segmentPort = this.segment.attach(name, iface.name, mac);
    const stack = options.ipStack === true ? new MemoryIpStack({ clock: this.clock, config: () => config }) : undefined;
    const port: InterfacePort = stack === undefined ? segmentPort : stack.attach(segmentPort);
    const addressing: InterfaceAddressing = {
      ipv4: iface.ipv4?.address,
      ipv4PrefixLength: iface.ipv4?.prefixLength,
      ipv6LinkLocal: iface.ipv6LinkLocal ?? formatIpv6(eui64LinkLocal(mac)),
    };
    const log = new LogBuffer();
    const plane = new RecordingPlane(stack?.plane);
    const tracks = options.tracks ?? new SettableTracks();
    const dispatch = new FrameDispatch(port);
    const engine = new VrrpEngine({
      deps: { clock: this.clock, random: () => 0.5, port, plane, log, tracks, keyChains: () => config.keyChains },
      addressing,
      iface,
      fhrpVrrpV3: config.fhrpVrrpV3,
      dispatch,
    });
    const r: LabRouter = { name, config, iface, port: segmentPort, engine, log, plane, tracks, dispatch, addressing, stack };
    this.routers.set(name, r);
    return r;
  }

  router(name: string): LabRouter {
    const r = this.routers.get(name);
    if (r === undefined) throw new Error(`no router ${name}`);
    return r;
  }

  advance(ms: number): void {
    this.clock.advance(ms);
  }

  /** Every frame that crossed the segment, decoded, with who sent it and when (ms since LAB_EPOCH). */
  frames(): { atMs: number; from: string; raw: Uint8Array; frame: FhrpFrame | undefined }[] {
    return this.segment.records.map((r) => {
      const d = decodeFhrpFrame(r.frame);
      return { atMs: r.atMs - LAB_EPOCH, from: r.from, raw: r.frame, frame: d?.ok === true ? d.value : undefined };
    });
  }
}

export function group(r: LabRouter, vrid: number, family: 4 | 6 = 4): VrrpGroupSnapshot {
  const g = r.engine.snapshot().groups.find((x) => x.vrid === vrid && x.family === family);
  if (g === undefined) throw new Error(`${r.name}: no group ${vrid}`);
  return g;
}

export function stateOf(r: LabRouter, vrid: number, family: 4 | 6 = 4): string {
  return group(r, vrid, family).state;
}

/** Log bodies (`%VRRP-6-…: …`) with the ms since LAB_EPOCH. */
export function logLines(r: LabRouter): { atMs: number; body: string }[] {
  return r.log.messages.map((m) => ({ atMs: m.atMs - LAB_EPOCH, body: `%${m.facility}-${m.severity}-${m.mnemonic}: ${m.text}` }));
}

/** A legacy VRRPv2 router on Gi0/1 of 192.168.0.0/24 with one group and extra group lines. */
export function legacyConfig(address: string, vrid: number, vip: string, extra: readonly string[] = []): string {
  return [
    'interface GigabitEthernet0/1',
    ` ip address ${address} 255.255.255.0`,
    ` vrrp ${vrid} ip ${vip}`,
    ...extra.map((l) => ` ${l}`),
    '',
  ].join('\n');
}
