/**
 * `standby N follow NAME` client groups (spec §4.5; Cisco "FHRP - HSRP Multiple Group Optimization")
 * and MD5 key-chain rollover without a flap (spec §2.4: the sender signs with the lowest-numbered key
 * whose send-lifetime covers now, the receiver checks the key the Key ID names against its
 * accept-lifetime), in virtual time.
 */
import { describe, expect, it } from 'vitest';
import { stepHsrp, initialHsrpGroupState, type HsrpGroupConfig } from '../../../src/protocols/hsrp/fsm.js';
import { hsrpConfig, Lab } from './lab.js';

function hsrpOps(lab: Lab, from: string, group: number, sinceS = 0): string[] {
  return lab
    .frames()
    .filter((f) => f.from === from && f.at >= sinceS)
    .flatMap((f) => {
      const m = f.frame.hsrp;
      return m?.protocol === 'hsrp-v1' && 'group' in m && m.group === group ? [`${f.at} ${m.opcode} ${String(m.state)} ${f.frame.ethernet.source}`] : [];
    });
}

describe('standby follow: client groups', () => {
  const master = ['standby 1 ip 10.0.0.254', 'standby 1 name MASTER', 'standby 2 ip 10.0.0.253', 'standby 2 follow MASTER'];

  it('take the state of the named group, hold no election and only refresh the virtual MAC while Active', () => {
    const lab = new Lab();
    lab.add('R1', hsrpConfig('R1', '10.0.0.1', [...master, 'standby 1 priority 110', 'standby 1 preempt', 'standby 2 priority 50']));
    lab.add('R2', hsrpConfig('R2', '10.0.0.2', [...master, 'standby 2 priority 200']));
    lab.run(60);
    expect([lab.router('R1').engine!.state(1), lab.router('R1').engine!.state(2)]).toEqual(['active', 'active']);
    expect([lab.router('R2').engine!.state(1), lab.router('R2').engine!.state(2)]).toEqual(['standby', 'standby']);
    // The client group's own priority plays no part (R2 has 200 there and stays Standby).
    const clientChanges = lab.logs('R1').filter((l) => l.text.includes('Grp 2 state'));
    const masterChanges = lab.logs('R1').filter((l) => l.text.includes('Grp 1 state'));
    expect(clientChanges.map((l) => l.text.replace(/^.*state /, ''))).toEqual(masterChanges.map((l) => l.text.replace(/^.*state /, '')));
    expect(clientChanges.map((l) => l.at)).toEqual(masterChanges.map((l) => l.at));
    // Group 2 on the wire: only R1's refresh hellos, from the virtual MAC, every `standby mac-refresh` (10 s).
    expect(hsrpOps(lab, 'R2', 2)).toEqual([]);
    const refresh = hsrpOps(lab, 'R1', 2);
    expect(refresh.length).toBeGreaterThanOrEqual(4);
    expect(refresh.every((r) => r.endsWith(' hello active 0000.0c07.ac02'))).toBe(true);
    const times = refresh.map((r) => Number(r.split(' ')[0]));
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeCloseTo(10, 0);
    expect(lab.router('R1').plane.active.get('GigabitEthernet0/1 hsrp-v1-ipv4-2')).toEqual({ mac: '0000.0c07.ac02', addresses: ['10.0.0.253'] });
    // Gratuitous ARP for the client VIP too, on taking over.
    const garps = lab.segment.records.filter((r) => r.frame[12] === 0x08 && r.frame[13] === 0x06 && [...r.frame.subarray(28, 32)].join('.') === '10.0.0.253');
    expect(garps.length).toBe(6);
  });

  it('fail over with the group they follow, and without it stay in Init', () => {
    const lab = new Lab();
    const r1 = lab.add('R1', hsrpConfig('R1', '10.0.0.1', [...master, 'standby 1 priority 110']));
    lab.add('R2', hsrpConfig('R2', '10.0.0.2', master));
    lab.add('R3', hsrpConfig('R3', '10.0.0.3', ['standby 2 ip 10.0.0.253', 'standby 2 follow NOSUCHGROUP']));
    lab.run(60);
    lab.crash(r1);
    lab.run(15);
    expect([lab.router('R2').engine!.state(1), lab.router('R2').engine!.state(2)]).toEqual(['active', 'active']);
    const r2 = lab.logs('R2').filter((l) => l.text.endsWith('Standby -> Active'));
    expect(r2.map((l) => l.text)).toEqual([
      '%HSRP-5-STATECHANGE: GigabitEthernet0/1 Grp 1 state Standby -> Active',
      '%HSRP-5-STATECHANGE: GigabitEthernet0/1 Grp 2 state Standby -> Active',
    ]);
    expect(r2[0]!.at).toBe(r2[1]!.at);
    expect(lab.router('R3').engine!.state(2)).toBe('init');
    expect(hsrpOps(lab, 'R3', 2)).toEqual([]);
  });

  it('learn an unconfigured VIP from the Active refresh hellos (Learn until then)', () => {
    const lab = new Lab();
    lab.add('R1', hsrpConfig('R1', '10.0.0.1', [...master, 'standby 1 priority 110']));
    lab.add('R2', hsrpConfig('R2', '10.0.0.2', ['standby 1 ip 10.0.0.254', 'standby 1 name MASTER', 'standby 2 ip', 'standby 2 follow MASTER']));
    lab.run(60);
    expect(lab.router('R2').engine!.state(1)).toBe('standby');
    expect(lab.router('R2').engine!.state(2)).toBe('standby');
    expect(lab.router('R2').engine!.snapshot().find((g) => g.group === 2)?.vip).toBe('10.0.0.253');
    const r2 = lab.logs('R2').filter((l) => l.text.includes('Grp 2 state')).map((l) => l.text.replace(/^.*state /, ''));
    expect(r2).toEqual(['Init -> Learn', 'Learn -> Speak', 'Speak -> Standby']);
  });

  it('the pure step: a client group ignores timers and election messages and follows `follow` events', () => {
    const config: HsrpGroupConfig = { ifName: 'GigabitEthernet0/1', group: 2, localIp: '10.0.0.1', priority: 100, preempt: false, preemptDelayMs: 0, vip: '10.0.0.253', helloTimeMs: undefined, holdTimeMs: undefined, follow: { refreshMs: 10_000 } };
    let s = initialHsrpGroupState(config);
    let r = stepHsrp(s, { kind: 'enable', nowMs: 0 });
    expect(r.state.state).toBe('init');
    r = stepHsrp(s, { kind: 'follow', nowMs: 0, state: 'active' });
    s = r.state;
    expect(s.state).toBe('active');
    expect(r.actions.map((a) => a.kind)).toEqual(['log', 'cancel', 'cancel', 'cancel', 'send', 'arm', 'activate']);
    expect(r.actions.find((a) => a.kind === 'arm')).toEqual({ kind: 'arm', timer: 'hello', delayMs: 10_000 });
    r = stepHsrp(s, { kind: 'message', nowMs: 1, message: { opcode: 'coup', state: 'listen', ip: '10.0.0.9', priority: 255, helloTimeMs: 3000, holdTimeMs: 10000, vip: '10.0.0.253', sourceMac: undefined, identifier: undefined } });
    expect(r.state.state).toBe('active');
    expect(r.actions).toEqual([]);
    r = stepHsrp(s, { kind: 'activeTimerExpiry', nowMs: 2 });
    expect(r.actions).toEqual([]);
    r = stepHsrp(s, { kind: 'follow', nowMs: 3, state: 'speak' });
    expect(r.state.state).toBe('speak');
    expect(r.actions.map((a) => a.kind)).toEqual(['deactivate', 'log', 'cancel']);
  });
});

describe('MD5 key-chain rollover', () => {
  // Virtual time starts at 00:00:00 1 March 2024 (lab.ts LAB_EPOCH). Key 1 signs until 00:10, key 2
  // from 00:09; the receivers accept key 2 from 00:05 and key 1 until 00:15: the lifetimes overlap.
  const chain = (key2AcceptFrom: string): string[] => [
    'key chain HSRP-KEYS',
    ' key 1',
    '  key-string first-key',
    '  accept-lifetime 00:00:00 Mar 1 2024 00:15:00 Mar 1 2024',
    '  send-lifetime 00:00:00 Mar 1 2024 00:10:00 Mar 1 2024',
    ' key 2',
    '  key-string second-key',
    `  accept-lifetime ${key2AcceptFrom} Mar 1 2024 infinite`,
    '  send-lifetime 00:09:00 Mar 1 2024 infinite',
  ];
  const group = ['standby 1 ip 10.0.0.254', 'standby 1 authentication md5 key-chain HSRP-KEYS'];

  function keyIds(lab: Lab, from: string): { first: number; last: number; switchAt: number | undefined } {
    const ids = lab.frames().flatMap((f) => {
      const m = f.frame.hsrp;
      return f.from === from && m?.protocol === 'hsrp-v1' && 'md5' in m && m.md5 !== undefined ? [{ at: f.at, id: m.md5.keyId }] : [];
    });
    return { first: ids[0]!.id, last: ids.at(-1)!.id, switchAt: ids.find((x) => x.id === 2)?.at };
  }

  it('overlapping lifetimes: the signing key changes at 00:10 and nobody notices', () => {
    const lab = new Lab();
    lab.add('R1', hsrpConfig('R1', '10.0.0.1', [...group, 'standby 1 priority 110'], chain('00:05:00')));
    lab.add('R2', hsrpConfig('R2', '10.0.0.2', group, chain('00:05:00')));
    lab.run(60);
    expect([lab.state('R1'), lab.state('R2')]).toEqual(['active', 'standby']);
    const settled = lab.logs('R1').length + lab.logs('R2').length;
    lab.run(20 * 60);
    expect(lab.logs('R1').length + lab.logs('R2').length).toBe(settled);
    expect([lab.state('R1'), lab.state('R2')]).toEqual(['active', 'standby']);
    for (const r of ['R1', 'R2']) {
      const k = keyIds(lab, r);
      expect([k.first, k.last]).toEqual([1, 2]);
      // The first hello after 00:10:00 (600 s) is signed with key 2: hellos are 3 s apart.
      expect(k.switchAt).toBeGreaterThanOrEqual(600);
      expect(k.switchAt).toBeLessThan(603);
    }
  });

  it('without the overlap (key 2 accepted only from 00:12) the routers refuse each other: BADAUTH and two Actives', () => {
    const lab = new Lab();
    lab.add('R1', hsrpConfig('R1', '10.0.0.1', [...group, 'standby 1 priority 110'], chain('00:12:00')));
    lab.add('R2', hsrpConfig('R2', '10.0.0.2', group, chain('00:12:00')));
    lab.run(11 * 60);
    expect([lab.state('R1'), lab.state('R2')]).toEqual(['active', 'active']);
    expect(lab.logs('R2').map((l) => l.text)).toContain('%HSRP-4-BADAUTH: Bad authentication from 10.0.0.1, group 1, remote state Active');
    lab.run(5 * 60);
    // Once key 2 is accepted (00:12) the election settles again: one Active.
    expect([lab.state('R1'), lab.state('R2')].filter((x) => x === 'active')).toHaveLength(1);
  });
});
