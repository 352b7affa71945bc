/**
 * Hostile peers on the LAN (issue 9), in network namespaces: two vipr routers (HSRPv2 with MD5
 * authentication and VRRPv2 with text authentication) and an attacker on one bridge.
 *   - a rogue HSRP Active at priority 255 and a rogue VRRP Master at 254, both with the wrong
 *     authentication: ignored and logged (%HSRP-4-BADAUTH, RFC 3768 §7.1 for VRRP);
 *   - a flood of coups (wrong key at 255, and the right key from a lower priority): no state change;
 *   - 10,000 frames per second of garbage to UDP 1985/2029 and IP protocol 112: no state change, and
 *     the CPU time the Active spends on it is printed (the long, 60 s form is `bench/hostile.ts`).
 * The legitimate Active/Master stays Active/Master throughout.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../src/net/bytes.js';
import { formatMac, virtualMac } from '../../src/net/mac.js';
import { encodeFhrpFrame } from '../../src/protocols/fhrp-frame.js';
import { NetnsLab, type NodeAgent } from '../support/netns.js';
import { pairConfig, pairElected, startVipr, stopVipr, viprCli, waitForLine, type ViprProcess } from '../support/vipr-process.js';

const AGENT = join(import.meta.dirname, 'flood-agent.ts');
/** Seconds of the 10,000 fps garbage flood in the default run. */
const FLOOD_SECONDS = Number(process.env['VIPR_FLOOD_SECONDS'] ?? 5);

/** The pair with authentication: MD5 for HSRP, text for VRRP (what the rogue speakers get wrong). */
const AUTH = ['standby 1 authentication md5 key-string s3cret', 'vrrp 5 authentication text vr5key'];

/** User + system CPU time of a process, in ms (proc(5): fields 14 and 15, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const STATE_CHANGE = /%(HSRP-5-STATECHANGE|VRRP-6-STATECHANGE)/;

function stateChanges(r: ViprProcess): string[] {
  return r.out.join('').split('\n').filter((l) => STATE_CHANGE.test(l));
}

function rogueHsrp(opcode: 'hello' | 'coup', priority: number, key: string): string {
  return toHex(
    encodeFhrpFrame(
      {
        ethernet: { source: '02ba.dbad.0001' },
        ip: { source: '10.66.0.66' },
        hsrp: {
          protocol: 'hsrp-v2',
          tlvs: [
            { type: 'group-state', opcode, state: opcode === 'coup' ? 'speak' : 'active', ipVersion: 4, group: 1, identifier: '02ba.dbad.0001', priority, helloTimeMs: 300, holdTimeMs: 900, virtualIp: '10.66.0.1' },
            { type: 'md5-auth', algorithm: 'md5', padding: 0, flags: 0, senderIp: '10.66.0.66', keyId: 0, digest: '' },
          ],
        },
      },
      { md5Key: key },
    ),
  );
}

const ROGUE_VRRP = toHex(
  encodeFhrpFrame({
    ethernet: { source: formatMac(virtualMac('vrrp-ipv4', 5)) },
    ip: { source: '10.66.0.66' },
    vrrp: { version: 2, vrid: 5, priority: 254, authType: 'text', authText: 'guessed', adverIntSec: 1, addresses: ['10.66.0.5'] },
  }),
);

describe('hostile peers: rogue speakers, coup floods and garbage at 10,000 frames per second', () => {
  const lab = new NetnsLab('hostile');
  const dir = mkdtempSync(join(tmpdir(), 'vipr-hostile-'));
  let r1: ViprProcess;
  let r2: ViprProcess;
  let attacker: NodeAgent;

  beforeAll(async () => {
    const n1 = lab.namespace('r1');
    const n2 = lab.namespace('r2');
    const nx = lab.namespace('x');
    const sw = lab.namespace('sw');
    lab.veth(n1, 'eth1', sw, 'p1');
    lab.veth(n2, 'eth1', sw, 'p2');
    lab.veth(nx, 'eth1', sw, 'p3');
    lab.bridge(sw, 'br0', ['p1', 'p2', 'p3']);
    r1 = startVipr(lab, n1, dir, 'R1', pairConfig('R1', '10.66.0', 2, 110, AUTH));
    r2 = startVipr(lab, n2, dir, 'R2', pairConfig('R2', '10.66.0', 3, 100, AUTH));
    attacker = await lab.node(nx, AGENT);
    await attacker.request('open', { device: 'eth1' });
    await pairElected(r1, r2);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([r1, r2].filter((r) => r !== undefined).map((r) => stopVipr(r, 'SIGKILL')));
    await lab.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /** Runs `attack`, then checks that neither router changed state and R1 still holds both groups. */
  async function withoutStateChange(attack: () => Promise<unknown>): Promise<void> {
    const before = [stateChanges(r1).length, stateChanges(r2).length];
    await attack();
    // One more hold time, so a takeover the attack provoked would have happened.
    await new Promise((r) => setTimeout(r, 1200));
    expect(stateChanges(r1).slice(before[0]), 'R1 state changes during the attack').toEqual([]);
    expect(stateChanges(r2).slice(before[1]), 'R2 state changes during the attack').toEqual([]);
    expect(await viprCli(r1.socket, 'show standby brief')).toMatch(/Gi0\/1\s+1\s+110 P Active\s+local\s+10\.66\.0\.3\s+10\.66\.0\.1/);
    expect(await viprCli(r1.socket, 'show vrrp brief')).toMatch(/Gi0\/1\s+5\s+110\s+\S+\s+Y\s+Master\s+10\.66\.0\.2\s+10\.66\.0\.5/);
  }

  it('ignores and logs a rogue HSRP Active at 255 and a rogue VRRP Master at 254 with the wrong authentication', async () => {
    await withoutStateChange(() => attacker.request('flood', { frames: [rogueHsrp('hello', 255, 'wrong'), ROGUE_VRRP], rate: 20, seconds: 2 }));
    await waitForLine(r1, /%HSRP-4-BADAUTH: Bad authentication from 10\.66\.0\.66, group 1, remote state Active/, 2000);
    await waitForLine(r2, /%HSRP-4-BADAUTH: Bad authentication from 10\.66\.0\.66/, 2000);
    await waitForLine(r1, /%VRRP-4-BADAUTH/, 2000);
    // Counted as well as logged: the VRRP group's drop counters (the snapshot behind `show vrrp | json`).
    const snapshot = JSON.parse(await viprCli(r1.socket, 'show vrrp | json')) as { ifName: string; groups: { vrid: number; counters: { drops: Record<string, number> } }[] }[];
    const group5 = snapshot.find((i) => i.ifName === 'GigabitEthernet0/1')?.groups.find((g) => g.vrid === 5);
    expect(group5?.counters.drops['auth-text'] ?? 0).toBeGreaterThanOrEqual(10);
  }, 30_000);

  it('rides out a flood of coups: the wrong key at 255, and the right key from priority 50', async () => {
    const pid = r1.child.pid!;
    const cpuBefore = cpuMs(pid);
    await withoutStateChange(() => attacker.request('flood', { frames: [rogueHsrp('coup', 255, 'wrong'), rogueHsrp('coup', 50, 's3cret')], rate: 2000, seconds: 2 }));
    console.log(`coup flood: 4000 coups in 2 s; the Active used ${cpuMs(pid) - cpuBefore} ms CPU`);
  }, 30_000);

  it(`holds 10,000 garbage frames per second for ${FLOOD_SECONDS} s without a state change`, async () => {
    const pid = r1.child.pid!;
    const cpuBefore = cpuMs(pid);
    let result: { sent: number; errors: number; seconds: number } | undefined;
    await withoutStateChange(async () => {
      result = await attacker.request('flood', { garbage: true, rate: 10_000, seconds: FLOOD_SECONDS, seed: 9 });
    });
    const used = cpuMs(pid) - cpuBefore;
    expect(result!.sent).toBeGreaterThan(9000 * FLOOD_SECONDS);
    console.log(`garbage flood: ${result!.sent} frames in ${result!.seconds.toFixed(1)} s; the Active used ${used} ms CPU (${((used / 1000 / (result!.seconds + 1.2)) * 100).toFixed(1)}% of a core)`);
    expect(r1.child.exitCode).toBeNull();
    expect(r2.child.exitCode).toBeNull();
  }, 120_000);
});
