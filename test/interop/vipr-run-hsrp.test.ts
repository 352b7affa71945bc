/**
 * `vipr run` for real (issue 6): two vipr processes in their own network namespaces on one bridged
 * LAN with a host. HSRPv2 elects R1; the host's neighbour entry for the gateway is the virtual MAC;
 * SIGKILL of R1 moves the gateway to R2 within the hold time while the host keeps reaching it; a
 * SIGTERM'd router resigns and leaves no macvlan child behind. Every frame the routers sent is
 * dissected by tshark (test/support/wire-check.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetnsLab } from '../support/netns.js';
import { reachable, startVipr, stopVipr, viprCli, type ViprProcess as Running, waitForLine as waitFor } from '../support/vipr-process.js';
import { WireCheck } from '../support/wire-check.js';

const HOLD_MS = 900;

function config(name: string, address: string, priority: number): string {
  return `hostname ${name}
interface GigabitEthernet0/1
 ip address ${address} 255.255.255.0
 standby version 2
 standby 1 ip 10.9.0.1
 standby 1 timers msec 300 msec ${HOLD_MS}
 standby 1 priority ${priority}
 standby 1 preempt
!
end
`;
}

describe('vipr run: two routers and a host in network namespaces', () => {
  const lab = new NetnsLab('run');
  const dir = mkdtempSync(join(tmpdir(), 'vipr-run-'));
  let r1: string;
  let r2: string;
  let host: string;
  const routers = new Map<string, Running>();
  const wire = new WireCheck(dir);

  const start = (ns: string, name: string, address: string, priority: number): Running => {
    const running = startVipr(lab, ns, dir, name, config(name, address, priority));
    routers.set(name, running);
    return running;
  };

  beforeAll(async () => {
    r1 = lab.namespace('r1');
    r2 = lab.namespace('r2');
    host = lab.namespace('h');
    const sw = lab.namespace('sw');
    lab.veth(r1, 'eth1', sw, 'p1');
    lab.veth(r2, 'eth1', sw, 'p2');
    lab.veth(host, 'eth1', sw, 'p3');
    lab.bridge(sw, 'br0', ['p1', 'p2', 'p3']);
    lab.ip(host, 'addr', 'add', '10.9.0.100/24', 'dev', 'eth1');
    await wire.capture(lab, r1, 'R1', { expect: ['hsrp', 'arp', 'icmp'] });
    await wire.capture(lab, r2, 'R2', { expect: ['hsrp', 'arp', 'icmp'] });
  }, 60_000);

  afterAll(async () => {
    await lab.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('elects R1, the host resolves the gateway to the virtual MAC, SIGKILL fails over to R2', async () => {
    const one = start(r1, 'R1', '10.9.0.2', 110);
    const two = start(r2, 'R2', '10.9.0.3', 100);
    await waitFor(one, /%HSRP-5-STATECHANGE: GigabitEthernet0\/1 Grp 1 state \w+ -> Active/, 20_000);
    await waitFor(two, /%HSRP-5-STATECHANGE: GigabitEthernet0\/1 Grp 1 state Speak -> Standby/, 20_000);
    // The address plane puts the VIP on the macvlan child with the virtual MAC (DESIGN D3).
    await reachable(lab, host, '10.9.0.1', 3000);
    expect(lab.ip(host, 'neigh', 'show', '10.9.0.1')).toContain('00:00:0c:9f:f0:01');
    expect(lab.ip(r2, '-br', 'addr')).not.toContain('10.9.0.1');
    // The running router's CLI over its local socket (`vipr cli -c`).
    const cli = await viprCli(join(dir, 'R2.sock'), 'show standby brief');
    expect(cli).toMatch(/Gi0\/1\s+1\s+100 P Standby 10\.9\.0\.2\s+local\s+10\.9\.0\.1/);

    one.child.kill('SIGKILL');
    const killedAt = Date.now();
    await waitFor(two, /Grp 1 state Standby -> Active/, 10_000);
    const takeoverMs = Date.now() - killedAt;
    console.log(`takeover ${takeoverMs} ms after SIGKILL (hold time ${HOLD_MS} ms)`);
    expect(takeoverMs).toBeLessThan(HOLD_MS + 2000);
    const back = await reachable(lab, host, '10.9.0.1', 3000);
    console.log(`gateway reachable again ${back} ms after the takeover was logged`);
    expect(lab.ip(host, 'neigh', 'show', '10.9.0.1')).toContain('00:00:0c:9f:f0:01');
    // R1's crash left its child in its namespace: the next start sweeps it.
    const again = start(r1, 'R1', '10.9.0.2', 110);
    await waitFor(again, /-> Active/, 20_000);
    await waitFor(two, /Grp 1 state Active -> Speak/, 10_000);
  }, 60_000);

  it('SIGTERM resigns (the peer takes over at once) and removes every child and VIP', async () => {
    const one = routers.get('R1') as Running;
    const two = routers.get('R2') as Running;
    await waitFor(two, /Speak -> Standby/, 10_000).catch(() => undefined);
    expect(one.child.exitCode, 'R1 from the first test is still running').toBeNull();
    await stopVipr(one, 'SIGTERM');
    await waitFor(two, /Grp 1 state Standby -> Active/, 2_000);
    expect(lab.ip(r1, '-br', 'link')).not.toMatch(/^vh/m);
    expect(lab.ip(r1, '-br', 'addr')).not.toContain('10.9.0.1');
  }, 30_000);

  it('every frame R1 and R2 sent is dissected by tshark with no malformed or error item', async () => {
    for (const r of routers.values()) await stopVipr(r, 'SIGTERM');
    await wire.check((ok, message) => expect(ok, message).toBe(true));
  }, 30_000);
});
