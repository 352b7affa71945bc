import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import type { RouterConfig } from '../../../src/model/types.js';
import { hsrpV2GroupState } from '../../../src/protocols/hsrp/codec-v2.js';
import { readCapture } from '../../../src/net/pcap.js';
import { HAVE_REFERENCE, referencePcap } from '../../support/tshark.js';
import { hsrpConfig, Lab } from './lab.js';

function stateChanges(lab: Lab, name: string): string[] {
  return lab
    .logs(name)
    .filter((l) => l.text.startsWith('%HSRP-5-STATECHANGE'))
    .map((l) => `${l.at} ${l.text.replace(/^.*state /, '')}`);
}

describe('HSRP engine, one router', () => {
  it('goes Init → Listen → Speak → Standby → Active with the IOS timing (spec §4.4)', () => {
    const lab = new Lab();
    lab.add('R1', hsrpConfig('R1', '10.0.0.1', ['standby 1 ip 10.0.0.254']));
    lab.run(25);
    expect(stateChanges(lab, 'R1')).toEqual(['0 Init -> Listen', '10 Listen -> Speak', '20 Speak -> Standby', '20 Standby -> Active']);
    expect(lab.logs('R1')[0]?.text).toBe('%HSRP-5-STATECHANGE: GigabitEthernet0/1 Grp 1 state Init -> Listen');
    expect(lab.router('R1').plane.active.get('GigabitEthernet0/1 hsrp-v1-ipv4-1')).toEqual({ mac: '0000.0c07.ac01', addresses: ['10.0.0.254'] });
  });

  it('sends hellos only in Speak, Standby and Active, from its own MAC until Active, then from the virtual MAC, TTL 1', () => {
    const lab = new Lab();
    lab.add('R1', hsrpConfig('R1', '10.0.0.1', ['standby 1 ip 10.0.0.254']));
    lab.run(30);
    const hellos = lab.frames().filter((f) => f.frame.protocol === 'hsrp-v1');
    expect(hellos.length).toBeGreaterThan(4);
    expect(hellos.every((h) => h.at >= 10)).toBe(true);
    for (const h of hellos) {
      const m = h.frame.hsrp!;
      if (m.protocol !== 'hsrp-v1' || !('virtualIp' in m)) throw new Error('not a v1 group message');
      expect(h.frame.ip.destination).toBe('224.0.0.2');
      expect('ttl' in h.frame.ip && h.frame.ip.ttl).toBe(1);
      expect(h.frame.ethernet.source).toBe(m.state === 'active' ? '0000.0c07.ac01' : '0200.0000.0001');
      expect(m.virtualIp).toBe('10.0.0.254');
      expect(m.authText).toBe('cisco');
    }
    // Hello period: 3 s less a small jitter.
    const active = hellos.filter((h) => h.frame.ethernet.source === '0000.0c07.ac01').map((h) => h.at);
    for (let i = 1; i < active.length; i++) {
      const gap = active[i]! - active[i - 1]!;
      expect(gap).toBeGreaterThan(2.9);
      expect(gap).toBeLessThanOrEqual(3);
    }
  });

  it('sends three gratuitous ARP bursts on becoming Active at the offsets of reference/packetlife/gratuitous_arp_hsrp.pcap, each to broadcast and 0100.0ccd.cdcd', () => {
    const lab = new Lab();
    lab.add('R1', hsrpConfig('R1', '10.0.0.1', ['standby 1 ip 10.0.0.254', 'standby 1 ip 10.0.0.253 secondary']));
    lab.run(30);
    const arps = lab.segment.records.filter((r) => r.frame[12] === 0x08 && r.frame[13] === 0x06);
    const seen = arps.map((r) => {
      const dst = [...r.frame.subarray(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join('');
      const src = [...r.frame.subarray(6, 12)].map((b) => b.toString(16).padStart(2, '0')).join('');
      const vip = [...r.frame.subarray(28, 32)].join('.');
      return `${(r.atMs - lab.clock.now() + 10_000) / 1000} ${dst} ${src} ${vip} op${r.frame[21]}`;
    });
    // Active at 20 s; the run ends at 30 s.
    expect(seen).toEqual([
      '0 ffffffffffff 00000c07ac01 10.0.0.254 op2',
      '0 ffffffffffff 00000c07ac01 10.0.0.253 op2',
      '0.016 01000ccdcdcd 00000c07ac01 10.0.0.254 op2',
      '0.016 01000ccdcdcd 00000c07ac01 10.0.0.253 op2',
      '2.808 ffffffffffff 00000c07ac01 10.0.0.254 op2',
      '2.808 ffffffffffff 00000c07ac01 10.0.0.253 op2',
      '2.824 01000ccdcdcd 00000c07ac01 10.0.0.254 op2',
      '2.824 01000ccdcdcd 00000c07ac01 10.0.0.253 op2',
      '5.819 ffffffffffff 00000c07ac01 10.0.0.254 op2',
      '5.819 ffffffffffff 00000c07ac01 10.0.0.253 op2',
      '5.835 01000ccdcdcd 00000c07ac01 10.0.0.254 op2',
      '5.835 01000ccdcdcd 00000c07ac01 10.0.0.253 op2',
    ]);
    // The same offsets, destinations and opcodes as the IOS 12.4 capture (one VIP there).
    if (!HAVE_REFERENCE) return;
    const capture = readCapture(new Uint8Array(readFileSync(referencePcap('packetlife/gratuitous_arp_hsrp.pcap'))));
    const t0 = capture.frames[0]!.seconds * 1000 + capture.frames[0]!.nanos / 1e6;
    const captured = capture.frames.map((f) => {
      const dst = [...f.data.subarray(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join('');
      return `${Math.round(f.seconds * 1000 + f.nanos / 1e6 - t0) / 1000} ${dst} op${f.data[21]}`;
    });
    expect(seen.filter((l) => l.includes('10.0.0.254')).map((l) => l.replace(/ 00000c07ac01 10\.0\.0\.254/, ''))).toEqual(captured);
  });

  it('waits in Learn without a VIP and sends nothing', () => {
    const lab = new Lab();
    lab.add('R1', hsrpConfig('R1', '10.0.0.1', ['standby 1 ip']));
    lab.run(60);
    expect(lab.state('R1')).toBe('learn');
    expect(lab.frames()).toHaveLength(0);
  });

  it('HSRPv2: Group State TLV + Text Authentication TLV, virtual MAC 0000.0c9f.fXXX, TTL 255', () => {
    const lab = new Lab();
    lab.add('R1', hsrpConfig('R1', '10.0.0.1', ['standby version 2', 'standby 50 ip 10.0.0.254']));
    lab.run(25);
    expect(lab.state('R1', 50)).toBe('active');
    const last = lab.frames().at(-1)!;
    expect(last.frame.protocol).toBe('hsrp-v2');
    expect(last.frame.ethernet.source).toBe('0000.0c9f.f032');
    expect(last.frame.ip.destination).toBe('224.0.0.102');
    expect('ttl' in last.frame.ip && last.frame.ip.ttl).toBe(255);
    const m = last.frame.hsrp!;
    if (m.protocol !== 'hsrp-v2') throw new Error('v2 expected');
    expect(m.tlvs.map((t) => t.type)).toEqual(['group-state', 'text-auth']);
    expect(hsrpV2GroupState(m)).toMatchObject({ state: 'active', group: 50, identifier: '0200.0000.0001', priority: 100, helloTimeMs: 3000, holdTimeMs: 10000, virtualIp: '10.0.0.254' });
  });
});

describe('HSRP engine, two and three routers', () => {
  it('elects by priority, then the other goes Standby; no preempt keeps a late higher-priority router Standby', () => {
    const lab = new Lab();
    lab.add('R1', hsrpConfig('R1', '10.0.0.1', ['standby 1 ip 10.0.0.254']));
    lab.run(30);
    lab.add('R2', hsrpConfig('R2', '10.0.0.2', ['standby 1 ip 10.0.0.254', 'standby 1 priority 150']));
    lab.run(60);
    expect(lab.state('R1')).toBe('active');
    expect(lab.state('R2')).toBe('standby');
  });

  it('ties on priority are won by the higher interface IP', () => {
    const lab = new Lab();
    lab.add('R1', hsrpConfig('R1', '10.0.0.1', ['standby 1 ip 10.0.0.254']));
    lab.add('R2', hsrpConfig('R2', '10.0.0.2', ['standby 1 ip 10.0.0.254']));
    lab.run(60);
    expect(lab.state('R2')).toBe('active');
    expect(lab.state('R1')).toBe('standby');
  });

  it('three routers as tcpdump/HSRP_election.pcap: 200 Active, higher IP of the two 100s Standby, the lowest in Listen', () => {
    const lab = new Lab();
    lab.add('R1', hsrpConfig('R1', '192.168.0.10', ['standby 1 ip 192.168.0.1', 'standby 1 priority 200']));
    lab.add('R3', hsrpConfig('R3', '192.168.0.30', ['standby 1 ip 192.168.0.1']));
    lab.add('R2', hsrpConfig('R2', '192.168.0.20', ['standby 1 ip 192.168.0.1']));
    lab.run(60);
    expect([lab.state('R1'), lab.state('R2'), lab.state('R3')]).toEqual(['active', 'listen', 'standby']);
    // R2 went Listen → Speak → Listen on hearing R3's higher-IP Speak hellos, as the capture shows.
    expect(stateChanges(lab, 'R2').map((s) => s.replace(/^\S+ /, ''))).toEqual(['Init -> Listen', 'Listen -> Speak', 'Speak -> Listen', 'Listen -> Speak', 'Speak -> Listen']);
    // Only the Active and Standby speak once the election is over.
    const late = lab.frames().filter((f) => f.at > 50 && f.frame.protocol === 'hsrp-v1');
    expect(new Set(late.map((f) => f.from))).toEqual(new Set(['R1', 'R3']));
  });

  it('preempt + coup as tcpdump/HSRP_coup.pcap: a Listen router with preempt sends a Coup and goes Active; the old Active goes Speak without a Resign', () => {
    const lab = new Lab();
    lab.add('R3', hsrpConfig('R3', '192.168.0.30', ['standby 1 ip 192.168.0.1']));
    lab.add('R2', hsrpConfig('R2', '192.168.0.20', ['standby 1 ip 192.168.0.1']));
    lab.run(60);
    expect([lab.state('R3'), lab.state('R2')]).toEqual(['active', 'standby']);
    const t0 = lab.seconds;
    lab.add('R1', hsrpConfig('R1', '192.168.0.10', ['standby 1 ip 192.168.0.1', 'standby 1 priority 200', 'standby 1 preempt']));
    lab.run(5);
    const after = lab.frames().filter((f) => f.at >= t0);
    const ops = after.map((f) => {
      const m = f.frame.hsrp!;
      return m.protocol === 'hsrp-v1' && 'state' in m ? `${f.from} ${m.opcode} ${String(m.state)}` : '';
    });
    expect(ops).toContain('R1 coup listen');
    expect(ops.some((o) => o.includes('resign'))).toBe(false);
    expect(ops.indexOf('R1 coup listen')).toBeLessThan(ops.indexOf('R1 hello active'));
    expect(ops).toContain('R3 hello speak');
    expect(lab.state('R1')).toBe('active');
    lab.run(30);
    expect([lab.state('R1'), lab.state('R2'), lab.state('R3')]).toEqual(['active', 'listen', 'standby']);
  });

  it('fails over after the hold time as tcpdump/HSRP_failover.pcap: Standby → Active, Listen → Speak → Standby', () => {
    const lab = new Lab();
    lab.add('R1', hsrpConfig('R1', '192.168.0.10', ['standby 1 ip 192.168.0.1', 'standby 1 priority 200']));
    lab.add('R3', hsrpConfig('R3', '192.168.0.30', ['standby 1 ip 192.168.0.1']));
    lab.add('R2', hsrpConfig('R2', '192.168.0.20', ['standby 1 ip 192.168.0.1']));
    lab.run(60);
    const lastHello = lab.frames().filter((f) => f.from === 'R1').at(-1)!.at;
    lab.crash(lab.router('R1'));
    lab.run(25);
    const r3 = stateChanges(lab, 'R3').at(-1)!;
    expect(r3.endsWith('Standby -> Active')).toBe(true);
    const at = Number(r3.split(' ')[0]);
    expect(at - lastHello).toBeGreaterThan(9.9);
    expect(at - lastHello).toBeLessThanOrEqual(10);
    const r2 = stateChanges(lab, 'R2').slice(-2);
    expect(r2.map((s) => s.replace(/^\S+ /, ''))).toEqual(['Listen -> Speak', 'Speak -> Standby']);
    expect(Number(r2[1]!.split(' ')[0]) - Number(r2[0]!.split(' ')[0])).toBeCloseTo(10, 0);
  });

  it('an Active that is shut down sends a Resign and the Standby takes over at once', () => {
    const lab = new Lab();
    lab.add('R1', hsrpConfig('R1', '10.0.0.1', ['standby 1 ip 10.0.0.254', 'standby 1 priority 110']));
    lab.add('R2', hsrpConfig('R2', '10.0.0.2', ['standby 1 ip 10.0.0.254']));
    lab.run(40);
    expect([lab.state('R1'), lab.state('R2')]).toEqual(['active', 'standby']);
    const t = lab.seconds;
    lab.router('R1').engine!.shutdown();
    lab.run(0.001);
    const resign = lab.frames().find((f) => f.at >= t && f.from === 'R1');
    const m = resign?.frame.hsrp;
    expect(m?.protocol === 'hsrp-v1' && 'state' in m && `${m.opcode} ${String(m.state)}`).toBe('resign active');
    expect(lab.state('R2')).toBe('active');
    expect(lab.router('R1').plane.active.size).toBe(0);
    expect(lab.logs('R1').at(-1)?.text).toBe('%HSRP-5-STATECHANGE: GigabitEthernet0/1 Grp 1 state Active -> Init');
  });

  it('link down puts the group in Init (the peer takes over after the hold time); link up brings it back', () => {
    const lab = new Lab();
    const r1 = lab.add('R1', hsrpConfig('R1', '10.0.0.1', ['standby 1 ip 10.0.0.254', 'standby 1 priority 110', 'standby 1 preempt']));
    lab.add('R2', hsrpConfig('R2', '10.0.0.2', ['standby 1 ip 10.0.0.254']));
    lab.run(40);
    r1.port.setLinkUp(false);
    expect(lab.state('R1')).toBe('init');
    expect(r1.plane.active.size).toBe(0);
    lab.run(11);
    expect(lab.state('R2')).toBe('active');
    r1.port.setLinkUp(true);
    lab.run(15);
    expect([lab.state('R1'), lab.state('R2')]).toEqual(['active', 'standby']);
  });

  it('MD5 mismatch: both routers go Active (split brain) and log BADAUTH (as john/hsrp-10-0.1-1408903444.pcap)', () => {
    const lab = new Lab();
    lab.add('R1', hsrpConfig('R1', '10.0.0.10', ['standby 1 ip 10.0.0.1', 'standby 1 authentication md5 key-string password12345']));
    lab.add('R3', hsrpConfig('R3', '10.0.0.30', ['standby 1 ip 10.0.0.1', 'standby 1 authentication md5 key-string openwall12345']));
    lab.run(40);
    expect([lab.state('R1'), lab.state('R3')]).toEqual(['active', 'active']);
    expect(lab.logs('R1').map((l) => l.text)).toContain('%HSRP-4-BADAUTH: Bad authentication from 10.0.0.30, group 1, remote state Active');
    expect(lab.logs('R3').map((l) => l.text)).toContain('%HSRP-4-BADAUTH: Bad authentication from 10.0.0.10, group 1, remote state Speak');
    const m = lab.frames().at(-1)!.frame.hsrp!;
    expect(m.protocol === 'hsrp-v1' && 'md5' in m && m.md5?.keyId).toBe(0);
  });

  it('matching MD5 key-chains elect normally, and a text/MD5 mismatch is refused', () => {
    const chain = ['key chain HSRP-KEYS', ' key 7', '  key-string s3cret'];
    const lab = new Lab();
    lab.add('R1', hsrpConfig('R1', '10.0.0.1', ['standby 1 ip 10.0.0.254', 'standby 1 authentication md5 key-chain HSRP-KEYS'], chain));
    lab.add('R2', hsrpConfig('R2', '10.0.0.2', ['standby 1 ip 10.0.0.254', 'standby 1 authentication md5 key-chain HSRP-KEYS'], chain));
    lab.add('R3', hsrpConfig('R3', '10.0.0.3', ['standby 1 ip 10.0.0.254', 'standby 1 authentication text s3cret']));
    lab.run(60);
    expect([lab.state('R1'), lab.state('R2'), lab.state('R3')]).toEqual(['standby', 'active', 'active']);
    const fromR2 = lab.frames().filter((f) => f.from === 'R2').at(-1)!.frame.hsrp!;
    expect(fromR2.protocol === 'hsrp-v1' && 'md5' in fromR2 && fromR2.md5?.keyId).toBe(7);
  });

  it('a v1 and a v2 router on one segment do not see each other: both Active', () => {
    const lab = new Lab();
    lab.add('R1', hsrpConfig('R1', '10.0.0.1', ['standby 1 ip 10.0.0.254']));
    lab.add('R2', hsrpConfig('R2', '10.0.0.2', ['standby version 2', 'standby 1 ip 10.0.0.254']));
    lab.run(40);
    expect([lab.state('R1'), lab.state('R2')]).toEqual(['active', 'active']);
  });

  it('tracking: a decrement fails over only where the peer preempts', () => {
    const withPreempt = new Lab();
    const a1 = withPreempt.add('R1', hsrpConfig('R1', '10.0.0.1', ['standby 1 ip 10.0.0.254', 'standby 1 priority 110', 'standby 1 preempt', 'standby 1 track 1 decrement 20']));
    withPreempt.add('R2', hsrpConfig('R2', '10.0.0.2', ['standby 1 ip 10.0.0.254', 'standby 1 preempt']));
    withPreempt.run(40);
    expect(withPreempt.state('R1')).toBe('active');
    a1.tracks.set(1, 'down');
    withPreempt.run(4);
    expect([withPreempt.state('R1'), withPreempt.state('R2')]).toEqual(['speak', 'active']);
    withPreempt.run(12);
    expect(withPreempt.state('R1')).toBe('standby');
    a1.tracks.set(1, 'up');
    withPreempt.run(4);
    expect([withPreempt.state('R1'), withPreempt.state('R2')]).toEqual(['active', 'speak']);

    const noPreempt = new Lab();
    const b1 = noPreempt.add('R1', hsrpConfig('R1', '10.0.0.1', ['standby 1 ip 10.0.0.254', 'standby 1 priority 110', 'standby 1 track 1 decrement 20']));
    noPreempt.add('R2', hsrpConfig('R2', '10.0.0.2', ['standby 1 ip 10.0.0.254']));
    noPreempt.run(40);
    b1.tracks.set(1, 'down');
    noPreempt.run(20);
    expect([noPreempt.state('R1'), noPreempt.state('R2')]).toEqual(['active', 'standby']);
  });

  it('track shutdown holds the group in Init while the object is down', () => {
    const lab = new Lab();
    const r1 = lab.add('R1', hsrpConfig('R1', '10.0.0.1', ['standby 1 ip 10.0.0.254', 'standby 1 track 3 shutdown']));
    lab.run(25);
    expect(lab.state('R1')).toBe('active');
    r1.tracks.set(3, 'down');
    expect(lab.state('R1')).toBe('init');
    r1.tracks.set(3, 'up');
    expect(lab.state('R1')).toBe('listen');
  });

  it('preempt delay minimum: the coup waits until the delay after the group came up', () => {
    const lab = new Lab();
    lab.add('R2', hsrpConfig('R2', '10.0.0.2', ['standby 1 ip 10.0.0.254']));
    lab.run(30);
    const t0 = lab.seconds;
    lab.add('R1', hsrpConfig('R1', '10.0.0.1', ['standby 1 ip 10.0.0.254', 'standby 1 priority 150', 'standby 1 preempt delay minimum 30']));
    lab.run(29);
    expect(lab.state('R1')).toBe('standby');
    lab.run(2);
    expect(lab.state('R1')).toBe('active');
    const became = lab.logs('R1').find((l) => l.text.endsWith('-> Active'))!;
    expect(became.at - t0).toBeCloseTo(30, 1);
  });

  it('standby delay minimum: the group stays in Init for the delay after the link comes up', () => {
    const lab = new Lab();
    const r1 = lab.add('R1', hsrpConfig('R1', '10.0.0.1', ['standby delay minimum 5 reload 8', 'standby 1 ip 10.0.0.254']));
    lab.run(7);
    expect(lab.state('R1')).toBe('init');
    lab.run(2);
    expect(lab.state('R1')).toBe('listen');
    r1.port.setLinkUp(false);
    r1.port.setLinkUp(true);
    lab.run(4);
    expect(lab.state('R1')).toBe('init');
    lab.run(2);
    expect(lab.state('R1')).toBe('listen');
  });

  it('learns the VIP and the timers from the Active; logs DIFFVIP1 for a different configured VIP', () => {
    const lab = new Lab();
    lab.add('R1', hsrpConfig('R1', '10.0.0.1', ['standby 1 ip 10.0.0.254', 'standby 1 priority 110', 'standby 1 timers 1 4']));
    lab.run(10);
    lab.add('R2', hsrpConfig('R2', '10.0.0.2', ['standby 1 ip']));
    lab.add('R3', hsrpConfig('R3', '10.0.0.3', ['standby 1 ip 10.0.0.250']));
    lab.run(30);
    const snap = lab.router('R2').engine!.snapshot()[0]!;
    expect(snap.vip).toBe('10.0.0.254');
    expect([snap.helloTimeMs, snap.holdTimeMs]).toEqual([1000, 4000]);
    expect(lab.state('R2')).toBe('listen');
    expect(lab.logs('R3').map((l) => l.text)).toContain(
      '%HSRP-4-DIFFVIP1: GigabitEthernet0/1 Grp 1 active routers virtual IP address 10.0.0.254 is different to the locally configured address 10.0.0.250',
    );
    expect(lab.logs('R3').filter((l) => l.text.includes('DIFFVIP1'))).toHaveLength(1);
    expect(lab.router('R3').engine!.snapshot()[0]!.vip).toBe('10.0.0.250');
  });

  it('update() adds and removes groups without flapping the unchanged ones', () => {
    const lab = new Lab();
    const r1 = lab.add('R1', hsrpConfig('R1', '10.0.0.1', ['standby 1 ip 10.0.0.254']));
    lab.run(25);
    const before = lab.logs('R1').length;
    const next = hsrpConfig('R1', '10.0.0.1', ['standby 1 ip 10.0.0.254', 'standby 1 priority 120', 'standby 2 ip 10.0.0.253']);
    const config = loadFor(next);
    r1.config = config;
    r1.engine!.update(config.interfaces[0]!);
    expect(lab.state('R1', 1)).toBe('active');
    expect(lab.state('R1', 2)).toBe('listen');
    expect(lab.logs('R1').slice(before).map((l) => l.text)).toEqual(['%HSRP-5-STATECHANGE: GigabitEthernet0/1 Grp 2 state Init -> Listen']);
    const removed = loadFor(hsrpConfig('R1', '10.0.0.1', ['standby 2 ip 10.0.0.253']));
    r1.engine!.update(removed.interfaces[0]!);
    expect(lab.state('R1', 1)).toBeUndefined();
    expect(lab.logs('R1').at(-1)?.text).toBe('%HSRP-5-STATECHANGE: GigabitEthernet0/1 Grp 1 state Active -> Init');
  });
});

function loadFor(text: string): RouterConfig {
  return loadConfig(text).config;
}
