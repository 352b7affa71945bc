/**
 * The CLI's providers (../../cli/providers.ts) for `vipr run`, read from the kernel: counters from
 * `ip -json -s link`, neighbours from `ip -json -4 -s neigh`, routes from `ip -json -4/-6 route`,
 * ping through iputils `ping`, traceroute through `traceroute` when it is installed (else through
 * `ping -t TTL`, one probe per run). Linux device names are mapped back to IOS names with the IfMap
 * (devices no configured interface maps to, such as a management eth0, are left out).
 *
 * The providers are synchronous (a show command renders at once), so the kernel's state is read
 * into a snapshot: by `freshen()`, which the CLI session awaits before a command that shows it when
 * the snapshot is older than FRESH_MS, and by a slow background poll (`pollMs`) that drives the parts
 * Linux does not keep: `clear counters` baselines, last input/output, carrier transitions and
 * 5-minute rates. An idle router therefore runs `ip` twice a minute, not every few seconds.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type {
  EchoRequest,
  EchoResult,
  InterfaceCounters,
  InterfaceRates,
  InterfaceStats,
  InterfaceStatsEntry,
  Ipv4RouteEntry,
  Ipv6RouteEntry,
  Neighbor,
  NeighborTable,
  Pinger,
  ProbeRun,
  RouteNextHop,
  RouteTable,
  TraceProbe,
  TraceRequest,
  CliProviders,
} from '../../cli/providers.js';
import type { Ipv4Text, RouterConfig } from '../../model/types.js';
import type { IfMap } from './ifmap.js';
import { VIPR_ROUTE_PROTOCOL } from './interface-config.js';
import type { Iproute2, IpRoute } from './iproute2.js';

const RATE_WINDOW_MS = 300_000;

export interface LinuxCliProvidersOptions {
  readonly ip: Iproute2;
  readonly ifmap: IfMap;
  /** The running model: its interface names (for the reverse mapping) and its static routes. */
  readonly config: () => RouterConfig;
  /** Clock milliseconds (the router's clock). */
  readonly now: () => number;
  /** Background poll interval; 0 turns the timer off (refresh() and freshen() only). Default 30 s. */
  readonly pollMs?: number;
  /** The ping binary; default /usr/bin/ping. */
  readonly pingBinary?: string;
  /** The traceroute binary; default: `traceroute` from PATH when present; null: never. */
  readonly tracerouteBinary?: string | null;
  readonly reload?: () => void;
}

interface LinkStats {
  readonly ifname: string;
  readonly flags?: readonly string[];
  readonly mtu: number;
  readonly address?: string;
  readonly stats64?: {
    readonly rx?: { bytes?: number; packets?: number; errors?: number; dropped?: number; multicast?: number };
    readonly tx?: { bytes?: number; packets?: number; errors?: number; dropped?: number; collisions?: number };
  };
}

interface IpNeigh {
  readonly dst: string;
  readonly dev?: string;
  readonly lladdr?: string;
  readonly updated?: number;
  readonly state?: readonly string[];
}

interface Sample {
  readonly atMs: number;
  readonly rxBytes: number;
  readonly rxPackets: number;
  readonly txBytes: number;
  readonly txPackets: number;
}

interface DeviceState {
  mac: string;
  mtu: number;
  carrier: boolean;
  raw: InterfaceCounters;
  baseline: InterfaceCounters | undefined;
  clearedAtMs: number | undefined;
  lastInputMs: number | undefined;
  lastOutputMs: number | undefined;
  resets: number;
  samples: Sample[];
}

/** `aa:bb:cc:00:01:00` → `aabb.cc00.0100` */
export function dottedMac(colon: string | undefined): string {
  const hex = (colon ?? '').replace(/:/g, '').toLowerCase().padEnd(12, '0').slice(0, 12);
  return `${hex.slice(0, 4)}.${hex.slice(4, 8)}.${hex.slice(8, 12)}`;
}

function countersOf(l: LinkStats): InterfaceCounters {
  const rx = l.stats64?.rx ?? {};
  const tx = l.stats64?.tx ?? {};
  return {
    rxPackets: rx.packets ?? 0,
    rxBytes: rx.bytes ?? 0,
    rxBroadcasts: 0,
    rxMulticasts: rx.multicast ?? 0,
    rxErrors: rx.errors ?? 0,
    rxDrops: rx.dropped ?? 0,
    txPackets: tx.packets ?? 0,
    txBytes: tx.bytes ?? 0,
    txErrors: tx.errors ?? 0,
    txDrops: tx.dropped ?? 0,
    collisions: tx.collisions ?? 0,
  };
}

function minus(a: InterfaceCounters, b: InterfaceCounters | undefined): InterfaceCounters {
  if (b === undefined) return a;
  const out: Record<string, number> = {};
  for (const k of Object.keys(a) as (keyof InterfaceCounters)[]) out[k] = Math.max(0, a[k] - b[k]);
  return out as unknown as InterfaceCounters;
}

function splitPrefix(dst: string, family: 4 | 6): { prefix: string; len: number } {
  if (dst === 'default') return { prefix: family === 4 ? '0.0.0.0' : '::', len: 0 };
  const [p, l] = dst.split('/');
  return { prefix: p ?? dst, len: l === undefined ? (family === 4 ? 32 : 128) : Number(l) };
}

function findBinary(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(delimiter)) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The background poll: often enough for IOS's 5-minute rates and last input/output. */
const DEFAULT_POLL_MS = 30_000;
/** A snapshot younger than this is shown as it is (a command sequence from automation reads once). */
const FRESH_MS = 1000;

/** The kernel-backed providers; `close()` stops the poll. */
export class LinuxCliProviders implements InterfaceStats, Pinger {
  private readonly devices = new Map<string, DeviceState>();
  private neighbourRows: IpNeigh[] = [];
  private neighbourAtMs = 0;
  private v4: IpRoute[] = [];
  private v6: IpRoute[] = [];
  private v6local: IpRoute[] = [];
  private localAddresses = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private inflight: Promise<void> | undefined;
  /** When the snapshot was read (the providers' clock); undefined before the first read. */
  private readAtMs: number | undefined;
  private readonly pingBinary: string;
  private readonly tracerouteBinary: string | undefined;

  constructor(private readonly o: LinuxCliProvidersOptions) {
    this.pingBinary = o.pingBinary ?? '/usr/bin/ping';
    this.tracerouteBinary = o.tracerouteBinary === null ? undefined : (o.tracerouteBinary ?? findBinary('traceroute'));
    const poll = o.pollMs ?? DEFAULT_POLL_MS;
    if (poll > 0) {
      this.timer = setInterval(() => void this.refresh().catch(() => undefined), poll);
      this.timer.unref();
      void this.refresh().catch(() => undefined);
    }
  }

  /** The providers object for a CliSession / CliHost. */
  providers(): CliProviders {
    const neighbors: NeighborTable = { ipv4: () => this.neighbours() };
    const routes: RouteTable = { ipv4: () => this.routes4(), ipv6: () => this.routes6() };
    return { freshen: () => this.freshen(), interfaceStats: this, neighbors, routes, pinger: this, ...(this.o.reload !== undefined ? { reload: this.o.reload } : {}) };
  }

  /** A read of the kernel when the snapshot is older than FRESH_MS (or none was taken yet), else undefined. */
  freshen(): Promise<void> | undefined {
    if (this.inflight !== undefined) return this.inflight;
    if (this.readAtMs !== undefined && this.o.now() - this.readAtMs < FRESH_MS) return undefined;
    return this.refresh();
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reads the kernel's state once (concurrent calls share one read). */
  refresh(): Promise<void> {
    this.inflight ??= this.poll().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async poll(): Promise<void> {
    const ip = this.o.ip;
    const [links, neigh, v4, v6, v6local, addrs] = await Promise.all([
      ip.json<LinkStats[]>(['-s', 'link', 'show']),
      ip.json<IpNeigh[]>(['-4', '-s', 'neigh', 'show']),
      ip.routes(4, ['table', 'main']),
      ip.routes(6, ['table', 'main']).catch(() => []),
      ip.routes(6, ['table', 'local']).catch(() => []),
      ip.json<{ addr_info?: { local?: string }[] }[]>(['addr', 'show']),
    ]);
    const now = this.o.now();
    this.readAtMs = now;
    for (const l of links) {
      const raw = countersOf(l);
      const carrier = (l.flags ?? []).includes('LOWER_UP');
      const prev = this.devices.get(l.ifname);
      if (prev === undefined) {
        this.devices.set(l.ifname, { mac: dottedMac(l.address), mtu: l.mtu, carrier, raw, baseline: undefined, clearedAtMs: undefined, lastInputMs: undefined, lastOutputMs: undefined, resets: 0, samples: [] });
      } else {
        if (raw.rxPackets > prev.raw.rxPackets) prev.lastInputMs = now;
        if (raw.txPackets > prev.raw.txPackets) prev.lastOutputMs = now;
        if (carrier !== prev.carrier) prev.resets++;
        Object.assign(prev, { mac: dottedMac(l.address), mtu: l.mtu, carrier, raw });
      }
      const st = this.devices.get(l.ifname) as DeviceState;
      st.samples.push({ atMs: now, rxBytes: raw.rxBytes, rxPackets: raw.rxPackets, txBytes: raw.txBytes, txPackets: raw.txPackets });
      while (st.samples.length > 2 && (st.samples[1] as Sample).atMs <= now - RATE_WINDOW_MS) st.samples.shift();
    }
    for (const name of [...this.devices.keys()]) if (!links.some((l) => l.ifname === name)) this.devices.delete(name);
    this.neighbourRows = neigh;
    this.neighbourAtMs = now;
    this.v4 = v4;
    this.v6 = v6;
    this.v6local = v6local;
    this.localAddresses = new Set(addrs.flatMap((a) => (a.addr_info ?? []).flatMap((i) => (i.local !== undefined ? [i.local] : []))));
  }

  private iosName(dev: string | undefined): string | undefined {
    if (dev === undefined) return undefined;
    return this.o.ifmap.iosNameFor(dev, this.o.config().interfaces.map((i) => i.name));
  }

  // InterfaceStats

  get(ifName: string): InterfaceStatsEntry | undefined {
    const dev = this.o.ifmap.linuxName(ifName);
    const st = dev === undefined ? undefined : this.devices.get(dev);
    if (st === undefined) return undefined;
    return {
      mac: st.mac,
      mtu: st.mtu,
      carrier: st.carrier,
      counters: minus(st.raw, st.baseline),
      lastInputMs: st.lastInputMs,
      lastOutputMs: st.lastOutputMs,
      clearedAtMs: st.clearedAtMs,
      resets: st.resets,
      rates: rates(st.samples),
    };
  }

  clear(ifName: string | undefined, nowMs: number): void {
    const only = ifName === undefined ? undefined : this.o.ifmap.linuxName(ifName);
    if (ifName !== undefined && only === undefined) return;
    for (const [dev, st] of this.devices) {
      if (only !== undefined && dev !== only) continue;
      st.baseline = st.raw;
      st.clearedAtMs = nowMs;
    }
  }

  // NeighborTable

  neighbours(): readonly Neighbor[] {
    const out: Neighbor[] = [];
    for (const n of this.neighbourRows) {
      const state = n.state ?? [];
      if (state.includes('FAILED')) continue;
      const ifName = this.iosName(n.dev);
      if (ifName === undefined) continue;
      const incomplete = state.includes('INCOMPLETE') || n.lladdr === undefined;
      const fixed = state.includes('PERMANENT') || state.includes('NOARP');
      out.push({
        address: n.dst,
        mac: incomplete ? undefined : dottedMac(n.lladdr),
        ifName,
        updatedAtMs: fixed ? undefined : this.neighbourAtMs - (n.updated ?? 0) * 1000,
      });
    }
    return out;
  }

  // RouteTable

  routes4(): Ipv4RouteEntry[] {
    const out: Ipv4RouteEntry[] = [];
    const config = this.o.config();
    for (const r of this.v4) {
      const { prefix, len } = splitPrefix(r.dst, 4);
      const isStatic = r.protocol === 'static' || r.protocol === String(VIPR_ROUTE_PROTOCOL);
      if (r.protocol === 'kernel' && r.scope === 'link' && (r.type === undefined || r.type === 'unicast')) {
        const ifName = this.iosName(r.dev);
        if (ifName === undefined) continue;
        out.push({ prefix, prefixLength: len, source: 'connected', distance: 0, metric: 0, nextHops: [{ via: undefined, ifName }] });
        continue;
      }
      if (!isStatic) continue;
      if (r.type === 'blackhole' || r.type === 'unreachable' || r.type === 'prohibit') {
        out.push({ prefix, prefixLength: len, source: 'static', distance: r.metric ?? 1, metric: 0, nextHops: [{ via: undefined, ifName: 'Null0' }] });
        continue;
      }
      const hops = r.nexthops ?? [{ ...(r.gateway !== undefined ? { gateway: r.gateway } : {}), ...(r.dev !== undefined ? { dev: r.dev } : {}) }];
      const nextHops: RouteNextHop[] = [];
      // Routes only over devices the router does not own (a management default route) are not its.
      if (hops.every((h) => this.iosName(h.dev) === undefined)) continue;
      for (const h of hops) {
        const ios = this.iosName(h.dev);
        const named = config.ipRoutes.some((m) => m.prefix === prefix && m.prefixLength === len && m.iface !== undefined && (h.gateway === undefined || m.nextHop === undefined || m.nextHop === h.gateway));
        nextHops.push({ via: h.gateway as Ipv4Text | undefined, ifName: named ? ios : undefined });
      }
      out.push({ prefix, prefixLength: len, source: 'static', distance: r.metric ?? 1, metric: 0, nextHops });
    }
    return out;
  }

  routes6(): Ipv6RouteEntry[] {
    const out: Ipv6RouteEntry[] = [];
    const config = this.o.config();
    for (const r of this.v6) {
      const { prefix, len } = splitPrefix(r.dst, 6);
      const p = `${prefix}/${len}`;
      if (prefix.toLowerCase().startsWith('fe80:') || prefix.toLowerCase().startsWith('ff')) continue;
      if (r.protocol === 'kernel' && (r.type === undefined || r.type === 'unicast')) {
        const ifName = this.iosName(r.dev);
        if (ifName !== undefined && r.gateway === undefined) out.push({ prefix: p, source: 'connected', distance: 0, metric: 0, via: undefined, ifName });
        continue;
      }
      if (r.protocol !== 'static' && r.protocol !== String(VIPR_ROUTE_PROTOCOL)) continue;
      if (r.type === 'blackhole' || r.type === 'unreachable' || r.type === 'prohibit') {
        out.push({ prefix: p, source: 'static', distance: r.metric ?? 1, metric: 0, via: undefined, ifName: 'Null0' });
        continue;
      }
      const hops = r.nexthops ?? [{ ...(r.gateway !== undefined ? { gateway: r.gateway } : {}), ...(r.dev !== undefined ? { dev: r.dev } : {}) }];
      for (const h of hops) {
        const ios = this.iosName(h.dev);
        if (ios === undefined) continue;
        const named = config.ipv6Routes.some((m) => m.prefix === p && m.iface !== undefined);
        out.push({ prefix: p, source: 'static', distance: r.metric ?? 1, metric: 0, via: h.gateway, ifName: named || h.gateway === undefined ? ios : undefined });
      }
    }
    for (const r of this.v6local) {
      if (r.type !== 'local') continue;
      const { prefix, len } = splitPrefix(r.dst, 6);
      if (prefix.toLowerCase().startsWith('fe80:') || prefix === '::1') continue;
      const ifName = this.iosName(r.dev);
      if (ifName === undefined) continue;
      out.push({ prefix: `${prefix}/${len}`, source: 'local', distance: 0, metric: 0, via: undefined, ifName });
    }
    out.push({ prefix: 'ff00::/8', source: 'local', distance: 0, metric: 0, via: undefined, ifName: 'Null0' });
    return out;
  }

  // Pinger

  ping(request: EchoRequest, onResult: (result: EchoResult) => void, done: () => void): ProbeRun {
    const seconds = Math.max(1, Math.ceil(request.timeoutMs / 1000));
    const args = ['-n', '-c', String(request.count), '-i', '0.2', '-s', String(Math.max(0, request.sizeBytes - 28)), '-W', String(seconds), request.destination];
    let reported = 0;
    let stopped = false;
    const upTo = (seq: number, last: EchoResult | undefined): void => {
      while (!stopped && reported < Math.min(seq - 1, request.count)) {
        reported++;
        onResult({ kind: 'timeout' });
      }
      if (!stopped && last !== undefined && reported === seq - 1 && reported < request.count) {
        reported++;
        onResult(last);
      }
    };
    const child = this.exec(this.pingBinary, args, (line) => {
      const reply = /icmp_seq=(\d+).*time=([\d.]+) ms/.exec(line);
      if (reply !== null) return upTo(Number(reply[1]), { kind: 'reply', rttMs: Math.floor(Number(reply[2])) });
      const from = /^From (\S+?):? icmp_seq=(\d+) (.*)$/.exec(line);
      if (from !== null) {
        const own = this.localAddresses.has(from[1] ?? '');
        const unreachable = /Unreachable/i.test(from[3] ?? '') && !own;
        upTo(Number(from[2]), unreachable ? { kind: 'unreachable' } : { kind: 'timeout' });
      }
    }, () => {
      upTo(request.count + 1, undefined);
      if (!stopped) done();
      stopped = true;
    });
    return {
      abort: () => {
        stopped = true;
        child.kill('SIGKILL');
      },
    };
  }

  traceroute(request: TraceRequest, onProbe: (ttl: number, probe: TraceProbe) => void, done: () => void): ProbeRun {
    let stopped = false;
    let current: ChildProcess | undefined;
    const seconds = Math.max(1, Math.ceil(request.timeoutMs / 1000));
    const probe = (ttl: number, probe: TraceProbe): void => {
      if (!stopped) onProbe(ttl, probe);
    };
    const finish = (): void => {
      if (!stopped) done();
      stopped = true;
    };
    if (this.tracerouteBinary !== undefined) {
      const args = ['-n', '-q', String(request.probes), '-w', String(seconds), '-m', String(request.maxTtl), request.destination];
      current = this.exec(this.tracerouteBinary, args, (line) => {
        const m = /^\s*(\d+)\s+(.*)$/.exec(line);
        if (m === null) return;
        const ttl = Number(m[1]);
        let from: string | undefined;
        const tokens = (m[2] ?? '').split(/\s+/).filter((t) => t !== '');
        for (let i = 0; i < tokens.length; i++) {
          const t = tokens[i] as string;
          if (t === '*') probe(ttl, { kind: 'timeout' });
          else if (/^\d+\.\d+\.\d+\.\d+$/.test(t)) from = t;
          else if (/^[\d.]+$/.test(t) && tokens[i + 1] === 'ms' && from !== undefined) {
            probe(ttl, { kind: 'reply', from, rttMs: Math.floor(Number(t)), reached: from === request.destination });
            i++;
          }
        }
      }, finish);
    } else {
      // No traceroute installed: one `ping -t TTL` per probe, timed from its start.
      const next = (ttl: number, n: number, reached: boolean): void => {
        if (stopped) return;
        if (n === request.probes) {
          if (reached || ttl >= request.maxTtl) finish();
          else next(ttl + 1, 0, false);
          return;
        }
        const started = performance.now();
        let answered = false;
        current = this.exec(this.pingBinary, ['-n', '-c', '1', '-t', String(ttl), '-W', String(seconds), request.destination], (line) => {
          if (answered) return;
          const reply = /^\d+ bytes from ([\d.]+):.*time=([\d.]+) ms/.exec(line);
          const from = /^From ([\d.]+):? icmp_seq=\d+ (.*)$/.exec(line);
          if (reply !== null) {
            answered = true;
            reached = true;
            probe(ttl, { kind: 'reply', from: reply[1] as string, rttMs: Math.floor(Number(reply[2])), reached: true });
          } else if (from !== null) {
            answered = true;
            const unreachable = /Unreachable/i.test(from[2] ?? '');
            if (unreachable) reached = true;
            probe(ttl, { kind: 'reply', from: from[1] as string, rttMs: Math.floor(performance.now() - started), reached: unreachable || from[1] === request.destination });
          }
        }, () => {
          if (!answered) probe(ttl, { kind: 'timeout' });
          next(ttl, n + 1, reached);
        });
      };
      next(1, 0, false);
    }
    return {
      abort: () => {
        stopped = true;
        current?.kill('SIGKILL');
      },
    };
  }

  /** Runs a probe binary (inside the adapter's namespace when it has one), line by line. */
  private exec(binary: string, args: readonly string[], onLine: (line: string) => void, onExit: () => void): ChildProcess {
    const ns = this.o.ip.netns;
    const [cmd, argv] = ns === undefined ? [binary, [...args]] : ['ip', ['netns', 'exec', ns, binary, ...args]];
    let buffered = '';
    let exited = false;
    const child = execFile(cmd, argv, { encoding: 'utf8', timeout: 600_000 }, () => {
      if (buffered !== '') onLine(buffered);
      buffered = '';
      if (!exited) {
        exited = true;
        onExit();
      }
    });
    child.stdout?.on('data', (chunk: string | Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const l of lines) onLine(l);
    });
    child.on('error', () => undefined);
    return child;
  }
}

function rates(samples: readonly Sample[]): InterfaceRates {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (first === undefined || last === undefined || last.atMs <= first.atMs) return { inBitsPerSec: 0, inPacketsPerSec: 0, outBitsPerSec: 0, outPacketsPerSec: 0 };
  const s = (last.atMs - first.atMs) / 1000;
  const per = (a: number, b: number): number => Math.max(0, Math.round((b - a) / s));
  return {
    inBitsPerSec: per(first.rxBytes * 8, last.rxBytes * 8),
    inPacketsPerSec: per(first.rxPackets, last.rxPackets),
    outBitsPerSec: per(first.txBytes * 8, last.txBytes * 8),
    outPacketsPerSec: per(first.txPackets, last.txPackets),
  };
}
