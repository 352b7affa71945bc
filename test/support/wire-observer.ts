/**
 * An observer on a lab's bridge for the issue 6 benchmarks: a namespace of its own with one veth port
 * on the bridge, where tcpdump records every HSRP and VRRP frame with nanosecond timestamps (the
 * kernel's receive time on the observer's port, `--time-stamp-precision=nano`), flushing each frame
 * to the file as it arrives (`-U`). The frames are decoded by vipr's own codecs (the same ones
 * `vipr decode` uses, checked against tshark on every fixture capture), so a benchmark can ask "who
 * sent what, in which state, when" of the wire rather than of a daemon's log.
 *
 * Timestamps are the system's realtime clock, the one Date.now() reads, so a capture's times and a
 * benchmark's own marks (a cable pulled, a process spawned) compare directly.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeFhrpFrame } from '../../src/protocols/fhrp-frame.js';
import { hsrpV2GroupState } from '../../src/protocols/hsrp/codec-v2.js';
import { readCapture } from '../../src/net/pcap.js';
import type { NetnsLab } from './netns.js';
import { LineLog } from './vrrp-peers.js';

/** One HSRP or VRRP frame as seen by the observer. */
export interface WireFrame {
  /** capture time, ms since the epoch, with the capture's nanoseconds as the fraction */
  readonly atMs: number;
  readonly protocol: 'hsrp-v1' | 'hsrp-v2' | 'vrrp-v2' | 'vrrp-v3';
  readonly sourceIp: string;
  readonly sourceMac: string;
  /** HSRP group or VRRP VRID */
  readonly group: number;
  readonly priority: number;
  /** HSRP: the state the sender announces (`active`, `standby`, `speak`…, or the raw number when it names none); VRRP: only a Master advertises (RFC 5798 §6.4.3), so `master` */
  readonly state: string;
  /** HSRP opcode (`hello`, `coup`, `resign`); VRRP: `advertisement` */
  readonly opcode: string;
}

export class WireObserver {
  private constructor(
    private readonly child: ChildProcess,
    readonly file: string,
  ) {}

  /**
   * Adds namespace `obs` to `lab` with port `port` on bridge `bridge` in `switchNs`, and starts the
   * capture there; resolves once tcpdump listens.
   */
  static async start(lab: NetnsLab, switchNs: string, bridge: string, port: string, dir: string, name = 'observer'): Promise<WireObserver> {
    const ns = lab.namespace(name);
    lab.veth(ns, 'eth1', switchNs, port);
    lab.ip(switchNs, 'link', 'set', port, 'master', bridge);
    const file = join(dir, `${name}.pcap`);
    // --immediate-mode: no ring-buffer batching between the kernel and tcpdump; -U: each frame is
    // written out as it arrives, so the file can be read while the capture runs.
    const child = lab.spawn(ns, 'tcpdump', ['-i', 'eth1', '--immediate-mode', '-U', '-n', '--time-stamp-precision=nano', '-s', '512', '-w', file, 'udp port 1985 or udp port 2029 or ip proto 112 or ip6 proto 112']);
    const log = new LineLog('tcpdump', child);
    await log.waitFor(/listening on/, 0, 10_000);
    return new WireObserver(child, file);
  }

  /** Every HSRP/VRRP frame captured so far, in capture order (a partly written last record is left out). */
  frames(): WireFrame[] {
    const read = readCapture(readFileSync(this.file));
    const out: WireFrame[] = [];
    for (const f of read.frames) {
      const d = decodeFhrpFrame(f.data);
      if (d === undefined || !d.ok) continue;
      const v = d.value;
      const atMs = f.seconds * 1000 + f.nanos / 1e6;
      const sourceIp = v.ip?.source ?? '';
      const sourceMac = v.ethernet.source;
      if (v.hsrp !== undefined) {
        const m = v.hsrp;
        if (m.protocol === 'hsrp-v2') {
          const gs = hsrpV2GroupState(m);
          if (gs === undefined) continue;
          out.push({ atMs, protocol: 'hsrp-v2', sourceIp, sourceMac, group: gs.group, priority: gs.priority, state: String(gs.state), opcode: String(gs.opcode) });
        } else if ('group' in m) {
          // Advertise and unknown opcodes carry no group state: not a hello, coup or resign.
          out.push({ atMs, protocol: 'hsrp-v1', sourceIp, sourceMac, group: m.group, priority: m.priority, state: String(m.state), opcode: String(m.opcode) });
        }
      } else if (v.vrrp !== undefined) {
        out.push({ atMs, protocol: v.vrrp.version === 3 ? 'vrrp-v3' : 'vrrp-v2', sourceIp, sourceMac, group: v.vrrp.vrid, priority: v.vrrp.priority, state: 'master', opcode: 'advertisement' });
      }
    }
    return out;
  }

  /** Waits until a frame matching `match` has been captured; resolves with the first one. */
  async waitFor(match: (f: WireFrame) => boolean, timeoutMs: number, what: string): Promise<WireFrame> {
    const started = Date.now();
    for (;;) {
      const hit = this.frames().find(match);
      if (hit !== undefined) return hit;
      if (this.child.exitCode !== null || this.child.signalCode !== null) throw new Error(`tcpdump exited before ${what}`);
      if (Date.now() - started > timeoutMs) throw new Error(`no ${what} on the wire within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Stops tcpdump (SIGINT: it flushes and closes the file). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGINT');
    await exited;
  }
}
