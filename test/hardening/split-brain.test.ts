/**
 * Split brain (issue 9; spec/ecosystem.md §1, "stale ARP after split brain heals"): two vipr routers
 * cut off from each other by bridge port isolation (their multicast to each other dropped, the host
 * still reaching both) both go Active/Master; when the cut heals exactly one Active remains within one
 * hello, and the survivor sends gratuitous ARP so hosts and switches relearn where the virtual MAC is.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetnsLab } from '../support/netns.js';
import { lineMark, PAIR_HELLO_MS, PAIR_HOLD_MS, pairConfig, pairElected, reachable, startVipr, stopVipr, viprCli, waitForLine, type ViprProcess } from '../support/vipr-process.js';

function activeCount(brief: string[]): number {
  return brief.filter((b) => /\bActive\s+local\b/.test(b)).length;
}

describe('split brain: both routers go Active while cut off, exactly one remains after the heal', () => {
  const lab = new NetnsLab('split');
  const dir = mkdtempSync(join(tmpdir(), 'vipr-split-'));
  let sw: string;
  let n1: string;
  let host: string;
  let r1: ViprProcess;
  let r2: ViprProcess;

  const isolate = (on: boolean): void => {
    for (const p of ['p1', 'p2']) lab.ip(sw, 'link', 'set', p, 'type', 'bridge_slave', 'isolated', on ? 'on' : 'off');
  };

  beforeAll(async () => {
    n1 = lab.namespace('r1');
    const n2 = lab.namespace('r2');
    host = lab.namespace('h');
    sw = lab.namespace('sw');
    lab.veth(n1, 'eth1', sw, 'p1');
    lab.veth(n2, 'eth1', sw, 'p2');
    lab.veth(host, 'eth1', sw, 'p3');
    lab.bridge(sw, 'br0', ['p1', 'p2', 'p3']);
    lab.ip(host, 'addr', 'add', '10.77.0.100/24', 'dev', 'eth1');
    r1 = startVipr(lab, n1, dir, 'R1', pairConfig('R1', '10.77.0', 2, 110));
    r2 = startVipr(lab, n2, dir, 'R2', pairConfig('R2', '10.77.0', 3, 100));
    await pairElected(r1, r2);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([r1, r2].filter((r) => r !== undefined).map((r) => stopVipr(r, 'SIGKILL')));
    await lab.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('isolation: both go Active and Master, and the host still reaches each router', async () => {
    isolate(true);
    await waitForLine(r2, /Grp 1 state Standby -> Active/, PAIR_HOLD_MS + 3000);
    await waitForLine(r2, /Grp 5 state Backup -> Master/, 6000);
    const briefs = await Promise.all([r1, r2].map((r) => viprCli(r.socket, 'show standby brief')));
    expect(activeCount(briefs)).toBe(2);
    await reachable(lab, host, '10.77.0.2', 2000);
    await reachable(lab, host, '10.77.0.3', 2000);
  }, 30_000);

  it('heal: exactly one Active within one hello, the survivor sends gratuitous ARP, the host reaches the gateway', async () => {
    // What R1 (the survivor) sends.
    const capture: ChildProcess = spawn('ip', ['netns', 'exec', n1, 'tcpdump', '-l', '-n', '-e', '-Q', 'out', '-i', 'eth1', 'arp'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const arps: string[] = [];
    capture.stdout?.on('data', (b: Buffer) => arps.push(b.toString('utf8')));
    await new Promise((r) => setTimeout(r, 500));
    const r1Mark = lineMark(r1);
    isolate(false);
    const healed = Date.now();
    await waitForLine(r2, /Grp 1 state Active -> (Speak|Standby)/, PAIR_HELLO_MS * 2 + 1000);
    console.log(`HSRP split brain resolved ${Date.now() - healed} ms after the heal (hello ${PAIR_HELLO_MS} ms)`);
    await waitForLine(r2, /Grp 5 state Master -> Backup/, 4000);
    // The survivor never left: no state change on R1 since the heal.
    expect(r1.out.join('').split('\n').slice(r1Mark).filter((l) => /STATECHANGE/.test(l))).toEqual([]);
    const briefs = await Promise.all([r1, r2].map((r) => viprCli(r.socket, 'show standby brief')));
    expect(activeCount(briefs)).toBe(1);
    expect(briefs[0]).toMatch(/Active\s+local/);
    await new Promise((r) => setTimeout(r, 1500));
    capture.kill();
    const lines = arps.join('').split('\n');
    const hsrp = lines.filter((l) => /^[\d:.]+ 00:00:0c:9f:f0:01 > .*Reply 10\.77\.0\.1 is-at 00:00:0c:9f:f0:01/.test(l));
    const vrrp = lines.filter((l) => /^[\d:.]+ 00:00:5e:00:01:05 > .*Reply 10\.77\.0\.5 is-at 00:00:5e:00:01:05/.test(l));
    expect(hsrp.length, `R1's gratuitous ARP for the HSRP VIP after the heal:\n${arps.join('')}`).toBeGreaterThan(0);
    expect(vrrp.length, `R1's gratuitous ARP for the VRRP VIP after the heal:\n${arps.join('')}`).toBeGreaterThan(0);
    await reachable(lab, host, '10.77.0.1', 2000);
    expect(lab.ip(host, 'neigh', 'show', '10.77.0.1')).toContain('00:00:0c:9f:f0:01');
  }, 30_000);
});
