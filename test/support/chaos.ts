/**
 * Chaos rounds (issue 9) on a real lab: two vipr routers (HSRPv2 and VRRPv2 on one LAN) and a host
 * pinging through the gateway all along. Each round hits the current Active with one fault:
 *   - sigkill: the vipr process dies; the kernel keeps forwarding with whatever the process had set up
 *     (as when vipr crashes inside a container that stays up) until the restart sweeps it;
 *   - crash: the box loses power: SIGKILL and its cable down, both back together;
 *   - cable: its bridge port down, then up;
 * and then checks what a network
 * engineer would: at most one Active and one Master once the hold time has passed, the gateway
 * answering the host again, running-config equal to startup-config after a restart, and no macvlan
 * child or virtual address on the routers beyond what their groups need. Used by
 * test/hardening/chaos.test.ts (a few rounds) and bench/chaos.ts (100 rounds).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetnsLab } from './netns.js';
import { lineMark, PAIR_HOLD_MS, pairConfig, pairElected, reachable, startVipr, stopVipr, viprCli, waitForLine, type ViprProcess } from './vipr-process.js';

/** VRRPv2 adverts are whole seconds: master-down is 3 × 1 s + skew (RFC 3768 §6.1). */
const VRRP_MASTER_DOWN_MS = 3700;
const VIPS = ['10.88.0.1', '10.88.0.5'];

interface Router {
  readonly name: string;
  readonly ns: string;
  readonly port: string;
  proc: ViprProcess;
}

export type ChaosFault = 'sigkill' | 'crash' | 'cable';
export const CHAOS_FAULTS: readonly ChaosFault[] = ['sigkill', 'cable', 'crash'];

export interface ChaosRound {
  readonly round: number;
  readonly fault: ChaosFault;
  readonly victim: string;
  /** From the fault to the host's next successful ping of the HSRP VIP. */
  readonly gatewayBackMs: number;
  readonly actives: number;
  readonly masters: number;
}

export interface ChaosProblem {
  readonly round: number;
  readonly what: string;
}

/** A `show vrrp brief` row in state Master (the header's "Master addr" is not one). */
const MASTER_ROW = /^\S+\s+5\s.*\sMaster\s+\d/m;
const body = (text: string): string => text.slice(text.indexOf('\n!') + 1).trimEnd();

export class ChaosLab {
  private readonly lab = new NetnsLab('chaos');
  private readonly dir = mkdtempSync(join(tmpdir(), 'vipr-chaos-'));
  private readonly routers: Router[] = [];
  private host = '';
  private sw = '';
  private pinger: ChildProcess | undefined;
  private pings = '';
  readonly rounds: ChaosRound[] = [];
  readonly problems: ChaosProblem[] = [];

  async setup(): Promise<void> {
    const lab = this.lab;
    this.sw = lab.namespace('sw');
    this.host = lab.namespace('h');
    lab.veth(this.host, 'eth1', this.sw, 'ph');
    const ports = ['ph'];
    for (const [i, name] of ['R1', 'R2'].entries()) {
      const ns = lab.namespace(name.toLowerCase());
      const port = `p${i + 1}`;
      lab.veth(ns, 'eth1', this.sw, port);
      ports.push(port);
      this.routers.push({ name, ns, port, proc: startVipr(lab, ns, this.dir, name, pairConfig(name, '10.88.0', i + 2, i === 0 ? 110 : 100)) });
    }
    lab.bridge(this.sw, 'br0', ports);
    lab.ip(this.host, 'addr', 'add', '10.88.0.100/24', 'dev', 'eth1');
    const [r1, r2] = this.routers as [Router, Router];
    await pairElected(r1.proc, r2.proc);
    // The startup-config becomes the rendered running-config, so the two can be compared after a restart.
    for (const r of this.routers) await viprCli(r.proc.socket, 'write memory');
    // Live traffic through the gateway for the whole run: one echo every 20 ms, timestamped.
    this.pinger = spawn('ip', ['netns', 'exec', this.host, 'ping', '-D', '-O', '-i', '0.02', '-W', '0.1', VIPS[0]!], { stdio: ['ignore', 'pipe', 'ignore'] });
    this.pinger.stdout?.on('data', (b: Buffer) => {
      this.pings += b.toString('utf8');
    });
  }

  /** Echo replies received and echoes lost so far (ping -O prints "no answer yet" for each loss). */
  traffic(): { replies: number; lost: number } {
    return { replies: (this.pings.match(/bytes from/g) ?? []).length, lost: (this.pings.match(/no answer yet/g) ?? []).length };
  }

  private async activeRouter(): Promise<Router | undefined> {
    for (const r of this.routers) {
      if (r.proc.child.exitCode !== null || r.proc.child.signalCode !== null) continue;
      if (/Active\s+local/.test(await viprCli(r.proc.socket, 'show standby brief'))) return r;
    }
    return undefined;
  }

  private restart(r: Router): void {
    r.proc = startVipr(this.lab, r.ns, this.dir, r.name, undefined);
  }

  async round(n: number, fault: ChaosFault): Promise<void> {
    const victim = (await this.activeRouter()) ?? this.routers[0]!;
    const problem = (what: string): void => {
      this.problems.push({ round: n, what });
    };
    const mark = lineMark(victim.proc);
    const started = Date.now();
    if (fault !== 'cable') await stopVipr(victim.proc, 'SIGKILL');
    if (fault !== 'sigkill') this.lab.ip(this.sw, 'link', 'set', victim.port, 'down');
    let gatewayBackMs = -1;
    try {
      await reachable(this.lab, this.host, VIPS[0]!, PAIR_HOLD_MS + 5000);
      gatewayBackMs = Date.now() - started;
    } catch {
      problem(`the gateway did not come back within ${PAIR_HOLD_MS + 5000} ms`);
    }
    // Bring the victim back: a restart from its startup-config, and the cable.
    if (fault !== 'cable') this.restart(victim);
    if (fault !== 'sigkill') this.lab.ip(this.sw, 'link', 'set', victim.port, 'up');
    await waitForLine(victim.proc, /Grp 1 state \w+ -> Active/, 20_000, fault === 'cable' ? mark : 0).catch(() => problem(`${victim.name} did not take Active back (preempt)`));
    // Let both protocols settle: VRRPv2's master-down interval is the longest timer in play.
    await new Promise((r) => setTimeout(r, VRRP_MASTER_DOWN_MS));
    let actives = 0;
    let masters = 0;
    for (const r of this.routers) {
      const standby = await viprCli(r.proc.socket, 'show standby brief');
      const vrrp = await viprCli(r.proc.socket, 'show vrrp brief');
      if (/Active\s+local/.test(standby)) actives++;
      if (MASTER_ROW.test(vrrp)) masters++;
      if (fault !== 'cable' && r === victim) {
        const running = body(await viprCli(r.proc.socket, 'show running-config'));
        const startup = body(await viprCli(r.proc.socket, 'show startup-config'));
        if (running !== startup) problem(`${r.name}: running-config differs from startup-config after the restart`);
      }
      // Children only for the two configured groups; VIPs only on the Active/Master's.
      const links = this.lab.ip(r.ns, '-br', 'link').split('\n').filter((l) => l.startsWith('vh-'));
      if (links.length > 2) problem(`${r.name}: ${links.length} macvlan children: ${links.join('; ')}`);
      const addrs = this.lab.ip(r.ns, '-br', '-4', 'addr');
      const holds = VIPS.filter((v) => addrs.includes(`${v}/`));
      const shouldHold = [/Active\s+local/.test(standby) ? VIPS[0] : undefined, MASTER_ROW.test(vrrp) ? VIPS[1] : undefined].filter((v) => v !== undefined);
      if (holds.join() !== shouldHold.join()) problem(`${r.name}: holds VIPs [${holds.join(', ')}], its states say [${shouldHold.join(', ')}]`);
    }
    if (actives !== 1) problem(`${actives} HSRP Actives after the hold time`);
    if (masters !== 1) problem(`${masters} VRRP Masters after the master-down interval`);
    this.rounds.push({ round: n, fault, victim: victim.name, gatewayBackMs, actives, masters });
  }

  /** Stops both routers (SIGTERM: they resign) and checks that nothing of theirs is left behind. */
  async teardown(): Promise<void> {
    this.pinger?.kill();
    for (const r of this.routers) {
      await stopVipr(r.proc, 'SIGTERM');
      const links = this.lab.ip(r.ns, '-br', 'link').split('\n').filter((l) => l.startsWith('vh-'));
      if (links.length > 0) this.problems.push({ round: -1, what: `${r.name}: macvlan children left after exit: ${links.join('; ')}` });
      const addrs = this.lab.ip(r.ns, '-br', 'addr');
      for (const v of VIPS) if (addrs.includes(`${v}/`)) this.problems.push({ round: -1, what: `${r.name}: ${v} left after exit` });
    }
  }

  async cleanup(): Promise<void> {
    this.pinger?.kill();
    for (const r of this.routers) await stopVipr(r.proc, 'SIGKILL');
    await this.lab.cleanup();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
