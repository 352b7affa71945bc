/**
 * The IPv4 host side of a router on in-memory segments – what the Linux kernel does for `vipr run`
 * (DESIGN D3) – so that the simulator and the tests have real data behind `show interfaces`,
 * `show arp`, `ping` and `traceroute`:
 *  - every port the router is given goes through `attach`, which counts frames both ways (packets,
 *    bytes, broadcasts, multicasts, last input/output, carrier transitions, 5-minute rates);
 *  - ARP: requests for the router's addresses (and for the VIPs of its Active/Master groups, which
 *    the engines hand to `plane`) are answered; neighbors are learned from ARP addressed to us and
 *    refreshed by any ARP from them, as Linux does with arp_accept=0;
 *  - ICMP: echo requests to our addresses are answered (not to the VIPs of a VRRPv3 Master without
 *    Accept_Mode that does not own them, RFC 5798 §6.4.3), UDP to our addresses gets port unreachable,
 *    a packet for someone else that would expire here gets time exceeded (nothing is forwarded);
 *  - ping and traceroute send real frames on the segment, resolving the next hop by ARP first, and
 *    time out on the injected clock.
 * Tagged frames (subinterfaces) are counted but not answered.
 */
import { numberToIpv4 } from '../../model/ipv4.js';
import type { RouterConfig } from '../../model/types.js';
import type { InterfacePort, VirtualAddressPlane } from '../../dataplane/ports.js';
import { ARP_REPLY, ARP_REQUEST, decodeArp, encodeArp } from '../../net/arp.js';
import { internetChecksum } from '../../net/checksum.js';
import { BROADCAST_MAC, decodeEthernet, encodeEthernet, ETHERTYPE_ARP, ETHERTYPE_IPV4 } from '../../net/ethernet.js';
import { decodeIpv4, encodeIpv4, IP_PROTOCOL_ICMP, IP_PROTOCOL_UDP } from '../../net/ipv4.js';
import { formatMac } from '../../net/mac.js';
import type { Clock, TimerHandle } from '../../runtime/clock.js';
import type {
  EchoRequest,
  EchoResult,
  InterfaceCounters,
  InterfaceStats,
  InterfaceStatsEntry,
  Neighbor,
  NeighborTable,
  Pinger,
  ProbeRun,
  TraceProbe,
  TraceRequest,
} from '../providers.js';
import { ZERO_COUNTERS } from '../providers.js';
import { interfaceUp, ipv4Routes, lookupIpv4 } from '../route-table.js';

const RATE_WINDOW_MS = 300_000;
const ICMP_ECHO_REPLY = 0;
const ICMP_UNREACHABLE = 3;
const ICMP_ECHO_REQUEST = 8;
const ICMP_TIME_EXCEEDED = 11;
const TRACE_BASE_PORT = 33434;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Sample {
  readonly atMs: number;
  readonly rx: boolean;
  readonly bytes: number;
}

interface PortState {
  readonly port: InterfacePort;
  readonly mac: string;
  counters: Mutable<InterfaceCounters>;
  lastInputMs: number | undefined;
  lastOutputMs: number | undefined;
  clearedAtMs: number | undefined;
  resets: number;
  samples: Sample[];
}

/** What a pending probe waits for: an answer about the packet it sent. */
interface Waiter {
  /** Returns true when the ICMP message (type, code, from, embedded or echoed packet) answers it. */
  match(type: number, from: string, inner: Uint8Array, echo: { id: number; seq: number } | undefined): boolean;
  answer(from: string, type: number, code: number): void;
}

interface Resolution {
  readonly callbacks: readonly ((mac: string | undefined) => void)[];
  readonly timer: TimerHandle;
}

export interface MemoryIpStackOptions {
  readonly clock: Clock;
  /** The router's model (read on every frame: addresses and shutdowns apply at once). */
  readonly config: () => RouterConfig;
}

export class MemoryIpStack implements InterfaceStats, NeighborTable, Pinger {
  private readonly ports = new Map<string, PortState>();
  private readonly neighbors = new Map<string, Mutable<Neighbor>>();
  /** VIPs present on the link (DESIGN D3), by interface and group. */
  private readonly vips = new Map<string, Map<string, { mac: string; addresses: readonly string[]; accept: boolean }>>();
  private readonly waiters = new Set<Waiter>();
  private readonly resolutions = new Map<string, Resolution>();
  private nextId = 1;

  /** Hand this to the Router: the engines put VIPs here while Active/Master. */
  readonly plane: VirtualAddressPlane = {
    activate: (ifName, groupKey, virtualMac, addresses, options) => {
      let m = this.vips.get(ifName);
      if (m === undefined) this.vips.set(ifName, (m = new Map()));
      m.set(groupKey, { mac: formatMac(virtualMac), addresses: addresses.filter((a) => !a.includes(':')), accept: options?.accept ?? true });
    },
    deactivate: (ifName, groupKey) => {
      this.vips.get(ifName)?.delete(groupKey);
    },
  };

  constructor(private readonly opts: MemoryIpStackOptions) {}

  /** Wraps a port: give the Router the returned one, so what it sends is counted too. */
  attach(port: InterfacePort): InterfacePort {
    const st: PortState = {
      port,
      mac: formatMac(port.mac),
      counters: zero(),
      lastInputMs: undefined,
      lastOutputMs: undefined,
      clearedAtMs: undefined,
      resets: 0,
      samples: [],
    };
    this.ports.set(port.ifName, st);
    port.subscribe((frame) => this.receive(st, frame));
    port.onLinkChange(() => {
      st.resets++;
    });
    return {
      ifName: port.ifName,
      mac: port.mac,
      linkUp: () => port.linkUp(),
      send: (frame) => this.transmit(st, frame),
      subscribe: (h) => port.subscribe(h),
      onLinkChange: (h) => port.onLinkChange(h),
    };
  }

  // ---- InterfaceStats ----------------------------------------------------------------------------

  get(ifName: string): InterfaceStatsEntry | undefined {
    const st = this.ports.get(ifName);
    if (st === undefined) return undefined;
    const now = this.opts.clock.now();
    st.samples = st.samples.filter((s) => now - s.atMs < RATE_WINDOW_MS);
    const rate = (rx: boolean): [number, number] => {
      const ss = st.samples.filter((s) => s.rx === rx);
      const bytes = ss.reduce((a, s) => a + s.bytes, 0);
      return [Math.round((bytes * 8) / (RATE_WINDOW_MS / 1000)), Math.round(ss.length / (RATE_WINDOW_MS / 1000))];
    };
    const [inBits, inPkts] = rate(true);
    const [outBits, outPkts] = rate(false);
    const iface = this.opts.config().interfaces.find((i) => i.name === ifName);
    return {
      mac: st.mac,
      mtu: iface?.mtu ?? 1500,
      carrier: st.port.linkUp(),
      counters: { ...st.counters },
      lastInputMs: st.lastInputMs,
      lastOutputMs: st.lastOutputMs,
      clearedAtMs: st.clearedAtMs,
      resets: st.resets,
      rates: { inBitsPerSec: inBits, inPacketsPerSec: inPkts, outBitsPerSec: outBits, outPacketsPerSec: outPkts },
    };
  }

  clear(ifName: string | undefined, nowMs: number): void {
    for (const st of this.ports.values()) {
      if (ifName !== undefined && st.port.ifName !== ifName) continue;
      st.counters = zero();
      st.clearedAtMs = nowMs;
      st.resets = 0;
      st.samples = [];
    }
  }

  // ---- NeighborTable -----------------------------------------------------------------------------

  ipv4(): readonly Neighbor[] {
    const pending = [...this.resolutions.keys()].map((k) => {
      const [ifName, address] = k.split('|') as [string, string];
      return { address, mac: undefined, ifName, updatedAtMs: this.opts.clock.now() };
    });
    return [...this.neighbors.values(), ...pending.filter((p) => !this.neighbors.has(p.address))].map((n) => ({ ...n }));
  }

  // ---- frames ------------------------------------------------------------------------------------

  private transmit(st: PortState, frame: Uint8Array): void {
    if (st.port.linkUp()) {
      const c = st.counters;
      c.txPackets++;
      c.txBytes += frame.length;
      const now = this.opts.clock.now();
      st.lastOutputMs = now;
      st.samples.push({ atMs: now, rx: false, bytes: frame.length });
    } else st.counters.txDrops++;
    st.port.send(frame);
  }

  private receive(st: PortState, frame: Uint8Array): void {
    const c = st.counters;
    const now = this.opts.clock.now();
    c.rxPackets++;
    c.rxBytes += frame.length;
    st.lastInputMs = now;
    st.samples.push({ atMs: now, rx: true, bytes: frame.length });
    const eth = decodeEthernet(frame);
    if (!eth.ok) {
      c.rxErrors++;
      return;
    }
    const h = eth.value.header;
    if (h.destination === BROADCAST_MAC) c.rxBroadcasts++;
    else if ((frame[0] as number) & 1) c.rxMulticasts++;
    if (h.tags.length > 0) return;
    const payload = frame.subarray(eth.value.payloadOffset);
    const ifName = st.port.ifName;
    if (h.etherType === ETHERTYPE_ARP) this.arp(st, payload);
    else if (h.etherType === ETHERTYPE_IPV4 && (h.destination === st.mac || this.ownMacs(ifName).has(h.destination))) this.ipv4Packet(st, h.source, payload);
  }

  /**
   * Our addresses on an interface that is up, with the MAC that answers for each. `delivery`: only
   * those packets may be addressed to, i.e. without the VIPs of a VRRP Master that neither owns them
   * nor runs in Accept_Mode, whose ARP it still answers (RFC 5798 §6.4.3).
   */
  private owned(ifName: string, delivery = false): Map<string, string> {
    const out = new Map<string, string>();
    const st = this.ports.get(ifName);
    const cfg = this.opts.config();
    const iface = cfg.interfaces.find((i) => i.name === ifName);
    if (st === undefined || iface === undefined || !interfaceUp(cfg, iface, () => st.port.linkUp())) return out;
    for (const a of [...(iface.ipv4 ? [iface.ipv4] : []), ...iface.ipv4Secondaries]) out.set(a.address, st.mac);
    for (const g of this.vips.get(ifName)?.values() ?? []) if (g.accept || !delivery) for (const a of g.addresses) out.set(a, g.mac);
    return out;
  }

  private ownMacs(ifName: string): Set<string> {
    return new Set([...(this.vips.get(ifName)?.values() ?? [])].map((g) => g.mac));
  }

  /** Whether the address is one of the router's, on any interface that is up (Linux's weak host model). */
  private isLocal(address: string): boolean {
    for (const ifName of this.ports.keys()) if (this.owned(ifName, true).has(address)) return true;
    const cfg = this.opts.config();
    return cfg.interfaces.some(
      (i) => !this.ports.has(i.name) && interfaceUp(cfg, i, () => undefined) && (i.ipv4?.address === address || i.ipv4Secondaries.some((s) => s.address === address)),
    );
  }

  private arp(st: PortState, payload: Uint8Array): void {
    const d = decodeArp(payload);
    if (!d.ok) return;
    const a = d.value.header;
    const ifName = st.port.ifName;
    const owned = this.owned(ifName);
    const forUs = owned.has(a.targetIp);
    const known = this.neighbors.get(a.senderIp);
    if (a.senderIp !== '0.0.0.0' && !owned.has(a.senderIp) && (forUs || known !== undefined)) {
      this.neighbors.set(a.senderIp, { address: a.senderIp, mac: a.senderMac, ifName, updatedAtMs: this.opts.clock.now() });
      this.resolved(ifName, a.senderIp, a.senderMac);
    }
    if (a.operation === ARP_REQUEST && forUs) {
      const mac = owned.get(a.targetIp) as string;
      const reply = encodeArp({ operation: ARP_REPLY, senderMac: mac, senderIp: a.targetIp, targetMac: a.senderMac, targetIp: a.senderIp });
      this.transmit(st, encodeEthernet({ destination: a.senderMac, source: mac, etherType: ETHERTYPE_ARP }, reply, { padTo: 60 }));
    }
  }

  private ipv4Packet(st: PortState, srcMac: string, payload: Uint8Array): void {
    const d = decodeIpv4(payload);
    if (!d.ok) return;
    const ip = d.value.header;
    const body = payload.subarray(d.value.payloadOffset, d.value.payloadOffset + d.value.payloadLength);
    const packet = payload.subarray(0, ip.totalLength);
    if (this.isLocal(ip.destination)) {
      if (ip.protocol === IP_PROTOCOL_ICMP && body.length >= 8) {
        const type = body[0] as number;
        if (type === ICMP_ECHO_REQUEST) {
          const reply = Uint8Array.from(body);
          reply[0] = ICMP_ECHO_REPLY;
          this.sendIcmp(st, srcMac, ip.destination, ip.source, reply);
          return;
        }
        const echo = type === ICMP_ECHO_REPLY ? { id: (body[4] as number) * 256 + (body[5] as number), seq: (body[6] as number) * 256 + (body[7] as number) } : undefined;
        for (const w of [...this.waiters]) {
          if (w.match(type, ip.source, body.subarray(8), echo)) {
            this.waiters.delete(w);
            w.answer(ip.source, type, body[1] as number);
            return;
          }
        }
      } else if (ip.protocol === IP_PROTOCOL_UDP) {
        this.sendIcmpError(st, srcMac, ip.destination, ip.source, ICMP_UNREACHABLE, 3, packet);
      }
      return;
    }
    // Not ours: a router would forward it; vipr's in-memory host does not, but it says when it expires.
    if (ip.ttl <= 1 && this.opts.config().ipRouting) {
      const own = [...this.owned(st.port.ifName).keys()][0];
      if (own !== undefined) this.sendIcmpError(st, srcMac, own, ip.source, ICMP_TIME_EXCEEDED, 0, packet);
    }
  }

  private sendIcmpError(st: PortState, dstMac: string, from: string, to: string, type: number, code: number, original: Uint8Array): void {
    const quoted = original.subarray(0, Math.min(original.length, ((original[0] as number) & 0x0f) * 4 + 8));
    const icmp = new Uint8Array(8 + quoted.length);
    icmp[0] = type;
    icmp[1] = code;
    icmp.set(quoted, 8);
    this.sendIcmp(st, dstMac, from, to, icmp);
  }

  private sendIcmp(st: PortState, dstMac: string, from: string, to: string, icmp: Uint8Array): void {
    icmp[2] = 0;
    icmp[3] = 0;
    const sum = internetChecksum(icmp);
    icmp[2] = sum >>> 8;
    icmp[3] = sum & 0xff;
    this.sendIp(st, dstMac, encodeIpv4({ ttl: 255, protocol: IP_PROTOCOL_ICMP, source: from, destination: to, identification: this.nextId++ & 0xffff }, icmp));
  }

  private sendIp(st: PortState, dstMac: string, packet: Uint8Array): void {
    this.transmit(st, encodeEthernet({ destination: dstMac, source: st.mac, etherType: ETHERTYPE_IPV4 }, packet, { padTo: 60 }));
  }

  // ---- ARP resolution ----------------------------------------------------------------------------

  private resolved(ifName: string, address: string, mac: string | undefined): void {
    const key = `${ifName}|${address}`;
    const r = this.resolutions.get(key);
    if (r === undefined) return;
    this.resolutions.delete(key);
    this.opts.clock.clearTimer(r.timer);
    for (const cb of r.callbacks) cb(mac);
  }

  /** The neighbor's MAC, asking by ARP when unknown; undefined after `timeoutMs` without an answer. */
  private resolve(st: PortState, source: string, address: string, timeoutMs: number, cb: (mac: string | undefined) => void): void {
    const known = this.neighbors.get(address);
    if (known?.mac !== undefined && known.ifName === st.port.ifName) {
      cb(known.mac);
      return;
    }
    const key = `${st.port.ifName}|${address}`;
    // A packet that joins a pending resolution gives it its own timeout again.
    const pending = this.resolutions.get(key);
    if (pending !== undefined) this.opts.clock.clearTimer(pending.timer);
    const timer = this.opts.clock.setTimer(timeoutMs, () => this.resolved(st.port.ifName, address, undefined));
    this.resolutions.set(key, { callbacks: [...(pending?.callbacks ?? []), cb], timer });
    // Asked again for each packet that waits, as the kernel re-probes an unresolved neighbor.
    const req = encodeArp({ operation: ARP_REQUEST, senderMac: st.mac, senderIp: source, targetMac: '0000.0000.0000', targetIp: address });
    this.transmit(st, encodeEthernet({ destination: BROADCAST_MAC, source: st.mac, etherType: ETHERTYPE_ARP }, req, { padTo: 60 }));
  }

  // ---- Pinger ------------------------------------------------------------------------------------

  /** How a packet to `destination` leaves: local, or by which port towards which next hop. */
  private path(destination: string): { kind: 'local' } | { kind: 'out'; st: PortState; source: string; nextHop: string } | { kind: 'none' } {
    if (this.isLocal(destination)) return { kind: 'local' };
    const cfg = this.opts.config();
    const linkUp = (n: string): boolean | undefined => this.ports.get(n)?.port.linkUp();
    const route = lookupIpv4(ipv4Routes(cfg, linkUp), destination);
    const hop = route?.nextHops[0];
    let ifName = hop?.ifName;
    const nextHop = hop?.via ?? destination;
    if (ifName === undefined && hop?.via !== undefined) ifName = lookupIpv4(ipv4Routes(cfg, linkUp).filter((r) => r.source === 'connected'), hop.via)?.nextHops[0]?.ifName;
    const st = ifName !== undefined ? this.ports.get(ifName) : undefined;
    const source = cfg.interfaces.find((i) => i.name === ifName)?.ipv4?.address;
    if (st === undefined || source === undefined) return { kind: 'none' };
    return { kind: 'out', st, source, nextHop };
  }

  /** Sends one packet built by `build(source)` towards `destination` and waits for `waiter`'s answer. */
  private probe(destination: string, timeoutMs: number, build: (source: string) => Uint8Array, waiter: Omit<Waiter, 'answer'>, done: (r: { from: string; type: number; code: number; rttMs: number } | undefined) => void): () => void {
    const clock = this.opts.clock;
    const sentAt = clock.now();
    let finished = false;
    const finish = (r: { from: string; type: number; code: number } | undefined): void => {
      if (finished) return;
      finished = true;
      clock.clearTimer(timer);
      this.waiters.delete(w);
      done(r === undefined ? undefined : { ...r, rttMs: clock.now() - sentAt });
    };
    const w: Waiter = { match: waiter.match, answer: (from, type, code) => finish({ from, type, code }) };
    const timer = clock.setTimer(timeoutMs, () => finish(undefined));
    const p = this.path(destination);
    if (p.kind === 'local') {
      // The kernel loops it back: answered at once, from the address itself.
      clock.setTimer(0, () => finish({ from: destination, type: -1, code: 0 }));
    } else if (p.kind === 'out') {
      this.waiters.add(w);
      this.resolve(p.st, p.source, p.nextHop, timeoutMs, (mac) => {
        if (mac !== undefined && !finished) this.sendIp(p.st, mac, build(p.source));
      });
    }
    return () => {
      finished = true;
      clock.clearTimer(timer);
      this.waiters.delete(w);
    };
  }

  ping(request: EchoRequest, onResult: (result: EchoResult) => void, done: () => void): ProbeRun {
    const id = this.nextId++ & 0xffff;
    let stop: (() => void) | undefined;
    let aborted = false;
    const send = (seq: number): void => {
      if (aborted) return;
      if (seq >= request.count) {
        done();
        return;
      }
      const data = new Uint8Array(Math.max(8, request.sizeBytes - 20));
      data[0] = ICMP_ECHO_REQUEST;
      data[4] = id >>> 8;
      data[5] = id & 0xff;
      data[6] = seq >>> 8;
      data[7] = seq & 0xff;
      for (let i = 8; i < data.length; i++) data[i] = (0xabcd >>> (i % 2 === 0 ? 8 : 0)) & 0xff;
      stop = this.probe(
        request.destination,
        request.timeoutMs,
        (source) => {
          const icmp = Uint8Array.from(data);
          const sum = internetChecksum(icmp);
          icmp[2] = sum >>> 8;
          icmp[3] = sum & 0xff;
          return encodeIpv4({ ttl: 255, protocol: IP_PROTOCOL_ICMP, source, destination: request.destination, identification: this.nextId++ & 0xffff }, icmp);
        },
        {
          match: (type, from, inner, echo) =>
            (type === ICMP_ECHO_REPLY && from === request.destination && echo?.id === id && echo.seq === seq) ||
            (type === ICMP_UNREACHABLE && quotesEcho(inner, request.destination, id, seq)),
        },
        (r) => {
          if (r === undefined) onResult({ kind: 'timeout' });
          else if (r.type === ICMP_UNREACHABLE) onResult({ kind: 'unreachable' });
          else onResult({ kind: 'reply', rttMs: r.rttMs });
          send(seq + 1);
        },
      );
    };
    send(0);
    return {
      abort: () => {
        aborted = true;
        stop?.();
      },
    };
  }

  traceroute(request: TraceRequest, onProbe: (ttl: number, probe: TraceProbe) => void, done: () => void): ProbeRun {
    let stop: (() => void) | undefined;
    let aborted = false;
    let reachedAt: number | undefined;
    const send = (ttl: number, n: number): void => {
      if (aborted) return;
      if (n >= request.probes) {
        if (reachedAt !== undefined || ttl >= request.maxTtl) done();
        else send(ttl + 1, 0);
        return;
      }
      const port = TRACE_BASE_PORT + (ttl - 1) * request.probes + n;
      stop = this.probe(
        request.destination,
        request.timeoutMs,
        (source) => {
          const udp = new Uint8Array(8 + 12);
          udp[0] = 0xc0;
          udp[1] = 0x00;
          udp[2] = port >>> 8;
          udp[3] = port & 0xff;
          udp[4] = 0;
          udp[5] = udp.length;
          return encodeIpv4({ ttl, protocol: IP_PROTOCOL_UDP, source, destination: request.destination, identification: this.nextId++ & 0xffff }, udp);
        },
        { match: (type, _from, inner) => (type === ICMP_TIME_EXCEEDED || type === ICMP_UNREACHABLE) && quotesUdp(inner, request.destination, port) },
        (r) => {
          if (r === undefined) onProbe(ttl, { kind: 'timeout' });
          else {
            const reached = r.type !== ICMP_TIME_EXCEEDED;
            if (reached) reachedAt = ttl;
            onProbe(ttl, { kind: 'reply', from: r.from, rttMs: r.rttMs, reached });
          }
          send(ttl, n + 1);
        },
      );
    };
    send(1, 0);
    return {
      abort: () => {
        aborted = true;
        stop?.();
      },
    };
  }
}

function zero(): Mutable<InterfaceCounters> {
  return { ...ZERO_COUNTERS };
}

function quotedHeader(inner: Uint8Array): { destination: string; protocol: number; body: Uint8Array } | undefined {
  if (inner.length < 20) return undefined;
  const ihl = ((inner[0] as number) & 0x0f) * 4;
  const destination = numberToIpv4((((inner[16] as number) << 24) | ((inner[17] as number) << 16) | ((inner[18] as number) << 8) | (inner[19] as number)) >>> 0);
  return { destination, protocol: inner[9] as number, body: inner.subarray(ihl) };
}

function quotesEcho(inner: Uint8Array, destination: string, id: number, seq: number): boolean {
  const q = quotedHeader(inner);
  const b = q?.body;
  return q !== undefined && b !== undefined && b.length >= 8 && q.destination === destination && q.protocol === IP_PROTOCOL_ICMP && (b[4] as number) * 256 + (b[5] as number) === id && (b[6] as number) * 256 + (b[7] as number) === seq;
}

function quotesUdp(inner: Uint8Array, destination: string, port: number): boolean {
  const q = quotedHeader(inner);
  const b = q?.body;
  return q !== undefined && b !== undefined && b.length >= 4 && q.destination === destination && q.protocol === IP_PROTOCOL_UDP && (b[2] as number) * 256 + (b[3] as number) === port;
}
