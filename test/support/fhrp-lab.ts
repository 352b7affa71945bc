/**
 * A routed FHRP test bed for `vipr run` (issue 6): two routers with a LAN interface (Gi0/1 = eth1)
 * towards a host and an upstream interface (Gi0/2 = eth2) towards an upstream host, the two LANs
 * being bridges in a "switch" namespace, so that a cable pull is `ip link set pN down` on the
 * bridge port (the router's veth then loses its carrier, as a real NIC would).
 *
 *            host (eth1)                     upstream (eth1)
 *                |                                 |
 *     sw: br0 [p1 p2 p3]              sw: br1 [q1 q2 q3]
 *            |    |                          |    |
 *         R1 eth1 R2 eth1                 R1 eth2 R2 eth2
 *
 * Also: a ping recorder that keeps the receive time of every echo reply, so a test can measure the
 * longest silence around a failover.
 */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { NetnsLab } from './netns.js';

export interface RoutedLab {
  readonly lab: NetnsLab;
  readonly r1: string;
  readonly r2: string;
  readonly host: string;
  readonly upstream: string;
  readonly sw: string;
  /** The bridge port of each router's LAN cable (Gi0/1), by router name. */
  readonly lanPort: { readonly R1: string; readonly R2: string };
}

/** Builds the bed; IPv6 is enabled in the router and host namespaces when asked (it is off by default). */
export function routedLab(tag: string, options: { ipv6?: boolean } = {}): RoutedLab {
  const lab = new NetnsLab(tag);
  const ipv6 = options.ipv6 === true;
  const r1 = lab.namespace('r1', { ipv6 });
  const r2 = lab.namespace('r2', { ipv6 });
  const host = lab.namespace('h', { ipv6 });
  const upstream = lab.namespace('u', { ipv6 });
  const sw = lab.namespace('sw');
  lab.veth(r1, 'eth1', sw, 'p1');
  lab.veth(r2, 'eth1', sw, 'p2');
  lab.veth(host, 'eth1', sw, 'p3');
  lab.veth(r1, 'eth2', sw, 'q1');
  lab.veth(r2, 'eth2', sw, 'q2');
  lab.veth(upstream, 'eth1', sw, 'q3');
  lab.bridge(sw, 'br0', ['p1', 'p2', 'p3']);
  lab.bridge(sw, 'br1', ['q1', 'q2', 'q3']);
  return { lab, r1, r2, host, upstream, sw, lanPort: { R1: 'p1', R2: 'p2' } };
}

export interface PingReply {
  readonly seq: number;
  /** Receive time, ms since the epoch (ping -D). */
  readonly atMs: number;
}

/** `ping -D -i INTERVAL` running in a namespace, its replies collected as they come. */
export class PingRecorder {
  readonly replies: PingReply[] = [];
  /** Replies ping marked `(DUP!)`. */
  duplicates = 0;
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  constructor(
    lab: NetnsLab,
    ns: string,
    readonly address: string,
    readonly intervalMs = 50,
  ) {
    const family = address.includes(':') ? ['-6'] : ['-4'];
    this.child = lab.spawn(ns, 'ping', [...family, '-D', '-n', '-i', (intervalMs / 1000).toFixed(3), '-W', '1', address]);
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    const lines = createInterface({ input: this.child.stdout! });
    lines.on('line', (line) => {
      // [1764123456.123456] 64 bytes from 10.32.0.100: icmp_seq=12 ttl=63 time=0.123 ms
      const m = /^\[(\d+\.\d+)\] \d+ bytes from .*icmp_seq=(\d+)/.exec(line);
      if (m === null) return;
      // A second reply to one echo: two routers forwarded the same request (or its reply).
      if (line.includes('(DUP!)')) this.duplicates++;
      else this.replies.push({ seq: Number(m[2]), atMs: Number(m[1]) * 1000 });
    });
  }

  /** Resolves once a reply arrives later than `afterMs` (epoch ms); rejects after timeoutMs. */
  async replyAfter(afterMs: number, timeoutMs: number): Promise<PingReply> {
    const started = Date.now();
    for (;;) {
      const hit = this.replies.find((r) => r.atMs > afterMs);
      if (hit !== undefined) return hit;
      if (Date.now() - started > timeoutMs) throw new Error(`no echo reply from ${this.address} within ${timeoutMs} ms after ${new Date(afterMs).toISOString()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * The longest silence between two consecutive replies that ends in [fromMs, toMs], the reply just
   * before fromMs included: the outage a failover caused. Also how many echoes were lost over it.
   */
  gap(fromMs: number, toMs: number): { gapMs: number; lost: number } {
    const before = this.replies.filter((r) => r.atMs <= fromMs).at(-1);
    const window = this.replies.filter((r) => r.atMs > fromMs && r.atMs <= toMs);
    const seq = before !== undefined ? [before, ...window] : window;
    let gapMs = 0;
    for (let i = 1; i < seq.length; i++) gapMs = Math.max(gapMs, seq[i]!.atMs - seq[i - 1]!.atMs);
    // Replies held in a neighbour queue may arrive out of order: count the echoes never answered.
    const seqs = seq.map((r) => r.seq);
    const lost = seqs.length === 0 ? 0 : Math.max(...seqs) - Math.min(...seqs) + 1 - new Set(seqs).size;
    return { gapMs: Math.round(gapMs), lost };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGINT');
    await this.exited;
  }
}
