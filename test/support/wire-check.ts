/**
 * Every frame a vipr router sends, dissected by tshark (issue 6 item 5: "Every frame vipr sent during
 * these tests is dissected by tshark with no malformed or expert-error items").
 *
 * What vipr "sent" is every frame leaving its namespace's interfaces (tcpdump `-Q out` on eth1, eth2…
 * inside the router's namespace): the HSRP/VRRP frames and gratuitous ARPs / unsolicited NAs it builds
 * itself through AF_PACKET, and what the kernel sends for the router it configured (ARP and ND
 * replies, ICMP echo replies, forwarded traffic). Frames sent from a group's macvlan child leave
 * through its lower device, so capturing the lower device sees them too.
 *
 * One WireCheck per test file: capture() with each router namespace before vipr starts there,
 * stop() before the lab is cleaned up (a capture killed with its namespace keeps every whole frame
 * written so far: tcpdump writes packet by packet, `-U`), and check() once at the end, which
 * concatenates the captures into one file and runs tshark over it once. A frame fails when
 *  - tshark marks it malformed (`_ws.malformed`) or raises an expert item of severity Error;
 *  - tshark finds a bad checksum (expert group Checksum, which tshark 4.0 files as a Warning): IPv4
 *    header and UDP checksum validation are turned on for the run (tshark leaves them off by
 *    default), ICMP, ICMPv6 and VRRP checksums are always checked. A VRRPv3 IPv4 checksum passes in
 *    either of its two styles: vipr sends Cisco's, without the pseudo-header (RFC 9568; spec §5.4;
 *    ecosystem §1 "VRRPv3 IPv4 checksum"), unless `checksum pseudo-header` is configured. The frames
 *    bad in tshark's default (pseudo-header) style are read again, alone, with
 *    `vrrp.v3_checksum_as_in_v2:TRUE`, and must be good there.
 * Other warnings are listed (in the failure message, and printed) but do not fail the check: the
 * kernel's own frames may draw some that are no doing of vipr's. ARP duplicate-address detection is
 * off for the run: the captures of several labs reusing one address plan go into one file.
 *
 * Each capture names the protocols (tshark's names in `frame.protocols`: hsrp, vrrp, arp, icmpv6…)
 * that must appear among its frames, so that the check cannot pass on an empty or wrong capture.
 */
import { type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCapture, writePcap, type CaptureFrame } from '../../src/net/pcap.js';
import type { NetnsLab } from './netns.js';
import { tshark } from './tshark.js';

/** Wireshark's expert severities (epan/proto.h PI_SEVERITY_MASK values) and the checksum group. */
const PI_WARN = 0x00600000;
const PI_ERROR = 0x00800000;
const PI_CHECKSUM = 0x01000000;
const AGGREGATOR = '\u001f';

export interface CaptureOptions {
  /** The router's interfaces to capture (default eth1). */
  readonly ifaces?: readonly string[];
  /** tshark protocol names that must each appear in at least one frame of this capture. */
  readonly expect: readonly string[];
}

interface Capture {
  readonly label: string;
  readonly file: string;
  readonly expect: readonly string[];
  /** tcpdump; none for a file given to add(). */
  readonly child?: ChildProcess;
  readonly exited: Promise<void>;
}

export interface FrameVerdict {
  readonly capture: string;
  /** Frame number within its own capture (1-based). */
  readonly frame: number;
  readonly protocols: string;
  readonly problems: readonly string[];
}

export interface WireReport {
  /** Frames per capture label. */
  readonly frames: Record<string, number>;
  /** Frames per capture label and tshark protocol (from the expected list). */
  readonly seen: Record<string, Record<string, number>>;
  readonly failures: readonly FrameVerdict[];
  /** Expert warnings that did not fail the check: message and how many frames drew it. */
  readonly warnings: readonly { readonly message: string; readonly count: number; readonly example: string }[];
  /** Captures cut in the middle of a record (killed with their namespace): what was read is kept. */
  readonly truncated: readonly string[];
  /** Expected protocols a capture never showed. */
  readonly missing: readonly string[];
}

function exitOf(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Resolves once tcpdump says it listens (its capture then sees every later frame). */
function listening(child: ChildProcess, what: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${what}: tcpdump not listening within ${timeoutMs} ms: ${seen}`)), timeoutMs);
    child.stderr?.on('data', (b: Buffer) => {
      seen += b.toString();
      if (/listening on/.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${what}: tcpdump exited (${code ?? signal}) before listening: ${seen}`));
    });
  });
}

export class WireCheck {
  private readonly captures: Capture[] = [];

  /** `dir`: where the capture files go (the test's temporary directory). */
  constructor(private readonly dir: string) {}

  /**
   * Starts recording what `ns` sends on each of its interfaces; resolves once every tcpdump
   * listens. `label` names the capture in the report (unique within the file).
   */
  async capture(lab: NetnsLab, ns: string, label: string, options: CaptureOptions): Promise<void> {
    if (this.captures.some((c) => c.label.startsWith(`${label}/`))) throw new Error(`wire capture ${label} exists already`);
    const started: Promise<void>[] = [];
    for (const iface of options.ifaces ?? ['eth1']) {
      const file = join(this.dir, `wire-${label.replace(/[^A-Za-z0-9-]/g, '_')}-${iface}.pcap`);
      // -Q out: only what leaves the router; --immediate-mode and -U: nothing waits in a buffer when
      // tcpdump stops or is killed with the namespace.
      const child = lab.spawn(ns, 'tcpdump', ['-i', iface, '-Q', 'out', '--immediate-mode', '-U', '-n', '-s', '0', '-w', file]);
      this.captures.push({ label: `${label}/${iface}`, file, expect: options.expect, child, exited: exitOf(child) });
      started.push(listening(child, `${label} ${iface}`, 15_000));
    }
    await Promise.all(started);
  }

  /** Adds a capture file made otherwise (another tool, a crafted file) to the check. */
  add(label: string, file: string, options: Pick<CaptureOptions, 'expect'>): void {
    if (this.captures.some((c) => c.label === label)) throw new Error(`wire capture ${label} exists already`);
    this.captures.push({ label, file, expect: options.expect, exited: Promise.resolve() });
  }

  /** Stops the captures whose label starts with `label` (all when omitted) and waits for them. */
  async stop(label?: string): Promise<void> {
    const chosen = this.captures.filter((c) => label === undefined || c.label === label || c.label.startsWith(`${label}/`));
    for (const c of chosen) if (c.child !== undefined && c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGINT');
    await Promise.all(chosen.map((c) => c.exited));
  }

  /** Stops every capture, runs tshark over all of them once and returns its verdicts. */
  async report(): Promise<WireReport> {
    await this.stop();
    const frames: Record<string, number> = {};
    const truncated: string[] = [];
    const merged: CaptureFrame[] = [];
    /** merged frame index (0-based) → capture and frame number within it */
    const origin: { capture: Capture; frame: number }[] = [];
    for (const c of this.captures) {
      let read;
      try {
        read = readCapture(readFileSync(c.file), { lenientSnaplen: true });
      } catch (e) {
        throw new Error(`wire capture ${c.label}: ${(e as Error).message}`);
      }
      if (read.error !== undefined) {
        // A record cut short by the namespace's cleanup is expected on a failed test; anything else is not.
        if (read.error.code !== 'truncated' || read.format === undefined) throw new Error(`wire capture ${c.label} (${c.file}): ${read.error.message}`);
        truncated.push(`${c.label}: ${read.error.message}`);
      }
      frames[c.label] = read.frames.length;
      for (const f of read.frames) {
        merged.push(f);
        origin.push({ capture: c, frame: f.index });
      }
    }
    const seen: Record<string, Record<string, number>> = {};
    for (const c of this.captures) seen[c.label] = Object.fromEntries(c.expect.map((p) => [p, 0]));
    if (merged.length === 0) {
      return { frames, seen, failures: [], warnings: [], truncated, missing: this.captures.flatMap((c) => c.expect.map((p) => `${c.label}: ${p}`)) };
    }
    const file = join(this.dir, 'wire-all.pcap');
    writeFileSync(file, writePcap(merged.map((f) => ({ seconds: f.seconds, nanos: f.nanos, originalLength: f.originalLength, data: f.data, linkType: f.linkType })), { resolution: 'nano' }));

    const rows = dissect(file, []);
    if (rows.length !== merged.length) throw new Error(`tshark read ${rows.length} frames of the ${merged.length} in ${file}`);
    const failures: FrameVerdict[] = [];
    const warnings = new Map<string, { count: number; example: string }>();
    /** Frames whose only checksum complaint is VRRP's, in tshark's default (pseudo-header) style. */
    const vrrpRecheck = new Map<number, { problems: string[]; row: Row }>();
    for (const row of rows) {
      const o = origin[row.frame - 1]!;
      const where = `${o.capture.label} frame ${o.frame}`;
      for (const p of o.capture.expect) if (row.protocols.split(':').includes(p)) seen[o.capture.label]![p]!++;
      const problems: string[] = [];
      // A VRRPv3 IPv4 frame whose checksum is bad in tshark's default style draws one checksum item
      // for it (the IPv4 header's, if bad too, is another): that one waits for the Cisco-style reading.
      const vrrpChecksum = row.vrrpVersion === '3' && row.family === 4 && row.vrrpChecksumStatus === '0';
      let vrrpItemLeft = vrrpChecksum;
      if (row.malformed) problems.push('malformed');
      for (const e of row.expert) {
        if ((e.group & 0xff000000) === PI_CHECKSUM && e.severity >= PI_WARN) {
          if (vrrpItemLeft) vrrpItemLeft = false;
          else problems.push(`bad checksum: ${e.message}`);
        } else if (e.severity >= PI_ERROR) {
          problems.push(`expert error: ${e.message}`);
        } else if (e.severity >= PI_WARN) {
          const w = warnings.get(e.message) ?? { count: 0, example: where };
          w.count++;
          warnings.set(e.message, w);
        }
      }
      if (vrrpChecksum) vrrpRecheck.set(row.frame, { problems, row });
      else if (problems.length > 0) failures.push({ capture: o.capture.label, frame: o.frame, protocols: row.protocols, problems });
    }
    if (vrrpRecheck.size > 0) {
      const numbers = [...vrrpRecheck.keys()];
      // Cisco's VRRPv3 checksum leaves out the pseudo-header; the same frames again in that style.
      const cisco = new Map(dissect(file, ['-o', 'vrrp.v3_checksum_as_in_v2:TRUE', '-Y', `frame.number in {${numbers.join(',')}}`]).map((r) => [r.frame, r]));
      for (const [n, { problems, row }] of vrrpRecheck) {
        const again = cisco.get(n);
        if (again === undefined || again.vrrpChecksumStatus !== '1') problems.push(`bad VRRPv3 checksum in both styles (pseudo-header ${row.vrrpChecksumStatus}, Cisco ${again?.vrrpChecksumStatus ?? 'not read'})`);
        if (problems.length > 0) {
          const o = origin[n - 1]!;
          failures.push({ capture: o.capture.label, frame: o.frame, protocols: row.protocols, problems });
        }
      }
    }
    const missing = this.captures.flatMap((c) => c.expect.filter((p) => seen[c.label]![p] === 0).map((p) => `${c.label}: ${p}`));
    return {
      frames,
      seen,
      failures,
      warnings: [...warnings].map(([message, w]) => ({ message, count: w.count, example: w.example })),
      truncated,
      missing,
    };
  }

  /**
   * report(), printed, then handed to `verdict` once: ok is false when a frame failed or an expected
   * protocol was not seen, and the message lists them with the warnings. The test asserts with it
   * (`(ok, message) => expect(ok, message).toBe(true)`), so the check runs under its own framework.
   */
  async check(verdict: (ok: boolean, message: string) => void): Promise<WireReport> {
    const r = await this.report();
    const summary = Object.entries(r.frames)
      .map(([label, n]) => `${label} ${n} frames ${JSON.stringify(r.seen[label])}`)
      .join('; ');
    const warningText = r.warnings.map((w) => `  warning ×${w.count}: ${w.message} (first: ${w.example})`).join('\n');
    console.log(`wire check: ${summary}${r.truncated.length > 0 ? `\n  truncated: ${r.truncated.join('; ')}` : ''}${warningText ? `\n${warningText}` : ''}`);
    const failed = r.failures.slice(0, 20).map((f) => `  ${f.capture} frame ${f.frame} (${f.protocols}): ${f.problems.join('; ')}`);
    const ok = r.failures.length === 0 && r.missing.length === 0;
    verdict(
      ok,
      `tshark on every frame vipr's routers sent: ${r.failures.length} bad frame(s)${r.failures.length > 20 ? ' (first 20)' : ''}\n${failed.join('\n')}` +
        `${r.missing.length > 0 ? `\nexpected but never sent: ${r.missing.join(', ')}` : ''}\nframes: ${summary}${warningText ? `\nwarnings (not failing):\n${warningText}` : ''}`,
    );
    return r;
  }
}

interface Expert {
  readonly severity: number;
  readonly group: number;
  readonly message: string;
}

interface Row {
  readonly frame: number;
  readonly protocols: string;
  readonly malformed: boolean;
  readonly expert: readonly Expert[];
  readonly vrrpVersion: string;
  readonly vrrpChecksumStatus: string;
  readonly family: 4 | 6 | 0;
}

const FIELDS = ['frame.number', 'frame.protocols', '_ws.malformed', '_ws.expert.severity', '_ws.expert.group', '_ws.expert.message', 'vrrp.version', 'vrrp.checksum.status', 'ip.version'];

/** One tshark run over `file` with checksum validation on; one Row per frame. */
function dissect(file: string, extra: readonly string[]): Row[] {
  const out = tshark([
    '-r',
    file,
    '-o',
    'ip.check_checksum:TRUE',
    '-o',
    'udp.check_checksum:TRUE',
    '-o',
    'arp.detect_duplicate_ips:FALSE',
    ...extra,
    '-T',
    'fields',
    '-E',
    'separator=/t',
    '-E',
    'occurrence=a',
    '-E',
    `aggregator=${AGGREGATOR}`,
    ...FIELDS.flatMap((f) => ['-e', f]),
  ]);
  return out
    .split('\n')
    .filter((l) => l.length > 0)
    .map((line) => {
      const [frame, protocols, malformed, severities, groups, messages, vrrpVersion, vrrpStatus, ipVersion] = line.split('\t');
      const sev = (severities ?? '').split(AGGREGATOR).filter((s) => s !== '');
      const grp = (groups ?? '').split(AGGREGATOR);
      const msg = (messages ?? '').split(AGGREGATOR);
      const expert = sev.map((sv, i) => ({ severity: Number(sv), group: Number(grp[i] ?? 0), message: msg[i] ?? '' }));
      return {
        frame: Number(frame),
        protocols: protocols ?? '',
        malformed: (malformed ?? '') !== '',
        expert,
        vrrpVersion: first(vrrpVersion),
        vrrpChecksumStatus: first(vrrpStatus),
        family: first(ipVersion) === '4' ? 4 : first(ipVersion) === '6' ? 6 : 0,
      };
    });
}

/** The first occurrence of a field (the outer layer's, for a frame carrying it twice). */
function first(field: string | undefined): string {
  return (field ?? '').split(AGGREGATOR)[0] ?? '';
}
