import { describe, expect, it } from 'vitest';
import { decodeArp } from '../../../src/net/arp.js';
import { decodeEthernet, ETHERTYPE_ARP } from '../../../src/net/ethernet.js';
import { encodeFhrpFrame } from '../../../src/protocols/fhrp-frame.js';
import { LAB_EPOCH, Lab, group, legacyConfig, logLines, SettableTracks, stateOf } from './lab.js';

const V3_HEADER = 'fhrp version vrrp v3';

function xeConfig(address: string, lines: readonly string[], ipv6LinkLocal?: string): string {
  return [V3_HEADER, 'interface GigabitEthernet0/1', ` ip address ${address} 255.255.255.0`, ...(ipv6LinkLocal ? [` ipv6 address ${ipv6LinkLocal} link-local`] : []), ...lines.map((l) => ` ${l}`), ''].join('\n');
}

describe('VRRP engine in virtual time', () => {
  it('a lone router logs Init -> Backup, then Backup -> Master after the Master Down interval (spec §5.7)', () => {
    const lab = new Lab();
    const r1 = lab.add('R1', legacyConfig('192.168.0.10', 5, '192.168.0.1'), 1);
    lab.advance(10_000);
    expect(logLines(r1)).toEqual([
      { atMs: 0, body: '%VRRP-6-STATECHANGE: Gi0/1 Grp 5 state Init -> Backup' },
      { atMs: 3609.375, body: '%VRRP-6-STATECHANGE: Gi0/1 Grp 5 state Backup -> Master' },
    ]);
    expect(r1.log.lines()[1]).toBe('*Mar  1 00:00:03.609: %VRRP-6-STATECHANGE: Gi0/1 Grp 5 state Backup -> Master');
    expect(r1.plane.active.get('ipv4:5')).toEqual(['192.168.0.1']);
  });

  it('the IOS-XE form logs %VRRP-6-STATE with the full name and family (spec §5.8)', () => {
    const lab = new Lab();
    const r = lab.add('R1', xeConfig('10.0.0.2', ['vrrp 5 address-family ipv4', ' address 10.0.0.1 primary', ' priority 110']), 1);
    lab.advance(5000);
    expect(logLines(r).map((l) => l.body)).toEqual([
      '%VRRP-6-STATE: GigabitEthernet0/1 IPv4 group 5 state INIT -> BACKUP',
      '%VRRP-6-STATE: GigabitEthernet0/1 IPv4 group 5 state BACKUP -> MASTER',
    ]);
    expect(logLines(r)[1]?.atMs).toBe(3570.3125);
  });

  it('Backups show the Master Down interval IOS prints: 3.570 s at 110, 3.609 s at 100; 3570/3648 ms in v3', () => {
    const lab = new Lab();
    lab.add('M', legacyConfig('192.168.0.30', 1, '192.168.0.1', ['vrrp 1 priority 200']), 3);
    const b110 = lab.add('B110', legacyConfig('192.168.0.20', 1, '192.168.0.1', ['vrrp 1 priority 110']), 2);
    const b100 = lab.add('B100', legacyConfig('192.168.0.10', 1, '192.168.0.1'), 1);
    lab.advance(8000);
    expect(group(b110, 1).masterDownIntervalMs).toBe(3570.3125);
    expect(group(b100, 1).masterDownIntervalMs).toBe(3609.375);
    const v3 = new Lab();
    v3.add('M', xeConfig('10.0.0.3', ['vrrp 1 address-family ipv4', ' address 10.0.0.1 primary', ' priority 200']), 3);
    const x110 = v3.add('X110', xeConfig('10.0.0.2', ['vrrp 1 address-family ipv4', ' address 10.0.0.1 primary', ' priority 110']), 2);
    const x90 = v3.add('X90', xeConfig('10.0.0.4', ['vrrp 1 address-family ipv4', ' address 10.0.0.1 primary', ' priority 90']), 4);
    v3.advance(8000);
    expect(Math.floor(group(x110, 1).masterDownIntervalMs ?? 0)).toBe(3570);
    expect(Math.floor(group(x90, 1).masterDownIntervalMs ?? 0)).toBe(3648);
    expect(group(x90, 1).masterAdvertisementLearned).toBe(true);
  });

  it('preemption chain: routers arriving with rising priorities each take over (like tcpdump/vrrp.pcap)', () => {
    const lab = new Lab();
    const names: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const name = `R${i}`;
      names.push(name);
      lab.add(name, legacyConfig(`192.168.0.${90 + i}`, 42, '192.168.0.1', [`vrrp 42 priority ${190 + i}`, 'vrrp 42 authentication abcdefgh']), i);
      lab.advance(10_000);
      for (const n of names) expect(stateOf(lab.router(n), 42), `${n} after ${name}`).toBe(n === name ? 'master' : 'backup');
    }
    const masters = lab.frames().filter((f) => f.frame?.vrrp?.priority !== undefined);
    expect(new Set(masters.map((f) => f.frame?.vrrp?.version))).toEqual(new Set([2]));
  });

  it('failover like packetlife/VRRP_failover.pcap: the pri-100 tie goes to the higher address', () => {
    const lab = new Lab();
    const r1 = lab.add('R1', legacyConfig('192.168.0.10', 1, '192.168.0.1', ['vrrp 1 priority 200']), 1);
    const r2 = lab.add('R2', legacyConfig('192.168.0.20', 1, '192.168.0.1'), 2);
    const r3 = lab.add('R3', legacyConfig('192.168.0.30', 1, '192.168.0.1'), 3);
    lab.advance(10_000);
    expect([stateOf(r1, 1), stateOf(r2, 1), stateOf(r3, 1)]).toEqual(['master', 'backup', 'backup']);
    // R1 goes silent (cable pulled): both Backups time out together, both claim, .30 wins.
    r1.port.setLinkUp(false);
    const at = lab.clock.now();
    lab.advance(10_000);
    expect([stateOf(r2, 1), stateOf(r3, 1)]).toEqual(['backup', 'master']);
    const r2log = logLines(r2).filter((l) => l.atMs >= at - LAB_EPOCH);
    expect(r2log.map((l) => l.body)).toEqual(['%VRRP-6-STATECHANGE: Gi0/1 Grp 1 state Backup -> Master', '%VRRP-6-STATECHANGE: Gi0/1 Grp 1 state Master -> Backup']);
    expect(group(r2, 1).master).toEqual({ address: '192.168.0.30', local: false, priority: 100 });
    // The capture: both claimed ~3.6 s after R1's last advert, only .30 kept advertising.
    expect(r2.plane.active.size).toBe(0);
    expect(r3.plane.active.size).toBe(1);
  });

  it('an equal-priority Backup with a higher address does not preempt a running Master', () => {
    const lab = new Lab();
    const low = lab.add('LOW', legacyConfig('192.168.0.10', 1, '192.168.0.1'), 1);
    lab.advance(5000);
    const high = lab.add('HIGH', legacyConfig('192.168.0.20', 1, '192.168.0.1'), 2);
    lab.advance(30_000);
    expect([stateOf(low, 1), stateOf(high, 1)]).toEqual(['master', 'backup']);
  });

  it('priority 0 on shutdown: the Backup takes over after Skew_Time (john/vrrp-10-0.0-1412012695.pcap)', () => {
    const lab = new Lab();
    const m = lab.add('M', legacyConfig('10.0.0.2', 1, '10.0.0.10'), 2);
    lab.advance(5000);
    const b = lab.add('B', legacyConfig('10.0.0.1', 1, '10.0.0.10', ['vrrp 1 priority 50']), 1);
    lab.advance(5000);
    expect(stateOf(b, 1)).toBe('backup');
    const t0 = lab.clock.now();
    m.engine.shutdown();
    lab.advance(3000);
    const takeover = logLines(b).find((l) => l.body.endsWith('Backup -> Master'));
    // Skew_Time at 50 = 206/256 s = 804.6875 ms, as the capture's 0.804 s.
    const zero = lab.frames().find((f) => f.frame?.vrrp?.priority === 0);
    expect(zero?.from).toBe('M');
    expect(zero?.atMs).toBe(t0 - LAB_EPOCH);
    // The goodbye comes from the virtual MAC too (capture frame 482).
    expect(zero?.frame?.ethernet.source).toBe('0000.5e00.0101');
    expect(takeover!.atMs - zero!.atMs).toBe(804.6875);
  });

  it('the address owner runs at 255, always preempts and takes over at once', () => {
    const lab = new Lab();
    const other = lab.add('B', legacyConfig('10.0.0.1', 2, '10.0.0.2', ['vrrp 2 priority 254']), 1);
    lab.advance(5000);
    expect(stateOf(other, 2)).toBe('master');
    const owner = lab.add('OWN', legacyConfig('10.0.0.2', 2, '10.0.0.2', ['no vrrp 2 preempt']), 2);
    expect(stateOf(owner, 2)).toBe('master');
    expect(group(owner, 2).priority).toBe(255);
    expect(logLines(owner).map((l) => l.body)).toEqual(['%VRRP-6-STATECHANGE: Gi0/1 Grp 2 state Init -> Master']);
    lab.advance(100);
    expect(stateOf(other, 2)).toBe('backup');
  });

  it('gratuitous ARPs from the virtual MAC on takeover: 3 bursts a second apart (capture frames 483-491)', () => {
    const lab = new Lab();
    lab.add('R1', legacyConfig('192.168.0.10', 1, '192.168.0.1'), 1);
    lab.advance(10_000);
    const arps = lab.segment.records.filter((r) => {
      const e = decodeEthernet(r.frame);
      return e.ok && e.value.header.etherType === ETHERTYPE_ARP;
    });
    expect(arps.map((a) => a.atMs - arps[0]!.atMs)).toEqual([0, 0, 1000, 1000, 2000, 2000]);
    for (const a of arps) {
      const e = decodeEthernet(a.frame);
      if (!e.ok) throw new Error('arp');
      expect(e.value.header.source).toBe('0000.5e00.0101');
      const arp = decodeArp(a.frame, e.value.payloadOffset);
      if (!arp.ok) throw new Error('arp');
      expect(arp.value.header.senderIp).toBe('192.168.0.1');
      expect(arp.value.header.operation).toBe(2);
    }
    // The first advert follows the first GARPs at the same instant.
    const firstAdvert = lab.frames().find((f) => f.frame?.vrrp !== undefined);
    expect(firstAdvert?.atMs).toBe(arps[0]!.atMs - LAB_EPOCH);
  });

  it('adverts on the wire: virtual MAC source, TTL 255, DSCP CS6, text auth', () => {
    const lab = new Lab();
    lab.add('R1', legacyConfig('192.168.0.10', 7, '192.168.0.1', ['vrrp 7 authentication abcdefgh']), 1);
    lab.advance(6000);
    const adverts = lab.frames().filter((f) => f.frame?.vrrp !== undefined);
    expect(adverts.length).toBeGreaterThanOrEqual(3);
    for (const a of adverts) {
      const f = a.frame!;
      expect(f.ethernet.source).toBe('0000.5e00.0107');
      expect(f.ethernet.destination).toBe('0100.5e00.0012');
      expect('ttl' in f.ip && f.ip.ttl).toBe(255);
      expect(f.ip.destination).toBe('224.0.0.18');
      expect(f.vrrpChecksum?.status).toBe('good');
      expect(f.vrrp).toMatchObject({ version: 2, vrid: 7, priority: 100, authType: 'text', authText: 'abcdefgh', adverIntSec: 1, addresses: ['192.168.0.1'] });
    }
    expect(adverts[1]!.atMs - adverts[0]!.atMs).toBe(1000);
  });

  it('VRRPv3 IPv6: link-local VIP first, hop limit 255, ff02::12, unsolicited NA with the router flag', () => {
    const lab = new Lab();
    const r = lab.add(
      'R1',
      xeConfig('10.0.0.2', ['vrrp 6 address-family ipv6', ' address FE80::1:1 primary', ' address 2001:DB8::1/64', ' address 2001:DB8::2/64'], 'FE80::A'),
      1,
    );
    lab.advance(6000);
    expect(stateOf(r, 6, 6)).toBe('master');
    const adverts = lab.frames().filter((f) => f.frame?.vrrp !== undefined);
    const f = adverts[0]!.frame!;
    expect(f.vrrp).toMatchObject({ version: 3, family: 6, vrid: 6, addresses: ['fe80::1:1', '2001:db8::1', '2001:db8::2'], maxAdverIntCs: 100 });
    expect(f.ip.source).toBe('fe80::a');
    expect(f.ip.destination).toBe('ff02::12');
    expect('hopLimit' in f.ip && f.ip.hopLimit).toBe(255);
    expect(f.ethernet.source).toBe('0000.5e00.0206');
    expect(f.vrrpChecksum).toMatchObject({ status: 'good', style: 'pseudo-header' });
    const nas = lab.segment.records.filter((x) => x.frame[12] === 0x86 && x.frame[13] === 0xdd && x.frame[20] === 58);
    expect(nas.length).toBe(9);
    // R flag set, S clear, O set (RFC 4861 §4.4) on every NA.
    for (const na of nas) {
      expect(na.frame[54]).toBe(136);
      expect(na.frame[58]).toBe(0xa0);
    }
  });

  it('VRRPv3 IPv4: plain checksum by default, pseudo-header with `checksum pseudo-header`; both accepted and counted', () => {
    const lab = new Lab();
    const a = lab.add('A', xeConfig('10.0.0.2', ['vrrp 1 address-family ipv4', ' address 10.0.0.1 primary', ' priority 120']), 1);
    const b = lab.add('B', xeConfig('10.0.0.3', ['vrrp 1 address-family ipv4', ' address 10.0.0.1 primary', ' checksum pseudo-header']), 2);
    lab.advance(10_000);
    expect(stateOf(a, 1)).toBe('master');
    expect(stateOf(b, 1)).toBe('backup');
    const styles = new Map(lab.frames().filter((f) => f.frame?.vrrp).map((f) => [f.from, f.frame!.vrrpChecksum?.style]));
    expect(styles.get('A')).toBe('plain');
    const peer = group(b, 1).peers.find((p) => p.address === '10.0.0.2');
    expect(peer?.plain).toBeGreaterThan(5);
    expect(peer?.pseudoHeader).toBe(0);
    // Now B must be heard too: make it the Master with a higher priority and check A counts its style.
    b.engine.update({ ...b.iface, vrrpv3: b.iface.vrrpv3.map((g) => ({ ...g, priority: 200 })) });
    lab.advance(10_000);
    expect(stateOf(b, 1)).toBe('master');
    expect(lab.frames().filter((f) => f.from === 'B' && f.frame?.vrrp).every((f) => f.frame!.vrrpChecksum?.style === 'pseudo-header')).toBe(true);
    const seen = group(a, 1).peers.find((p) => p.address === '10.0.0.3');
    expect(seen?.pseudoHeader).toBeGreaterThan(5);
  });

  it('v2 authentication mismatch: adverts dropped and counted, both become Master (split brain)', () => {
    for (const [x, y] of [
      ['vrrp 1 authentication text one', 'vrrp 1 authentication text two'],
      ['vrrp 1 authentication md5 key-string password12345', 'vrrp 1 authentication md5 key-string openwall12345'],
      ['vrrp 1 authentication text one', 'vrrp 1 authentication md5 key-string one'],
    ] as const) {
      const lab = new Lab();
      const a = lab.add('A', legacyConfig('192.168.0.10', 1, '192.168.0.1', [x]), 1);
      const b = lab.add('B', legacyConfig('192.168.0.20', 1, '192.168.0.1', [y]), 2);
      lab.advance(10_000);
      expect([stateOf(a, 1), stateOf(b, 1)]).toEqual(['master', 'master']);
      const drops = group(a, 1).counters.drops;
      expect(Object.values(drops).reduce((s, n) => s + n, 0)).toBeGreaterThan(3);
    }
  });

  it('v2 MD5 with matching key-strings and key chains elects normally', () => {
    const chain = ['key chain VRRP', ' key 7', '  key-string s3cret'].join('\n');
    const lab = new Lab();
    const a = lab.add('A', `${chain}\n${legacyConfig('192.168.0.10', 1, '192.168.0.1', ['vrrp 1 priority 150', 'vrrp 1 authentication md5 key-chain VRRP'])}`, 1);
    const b = lab.add('B', `${chain}\n${legacyConfig('192.168.0.20', 1, '192.168.0.1', ['vrrp 1 authentication md5 key-chain VRRP'])}`, 2);
    lab.advance(10_000);
    expect([stateOf(a, 1), stateOf(b, 1)]).toEqual(['master', 'backup']);
    const advert = lab.frames().find((f) => f.from === 'A' && f.frame?.vrrp)?.frame?.vrrp;
    expect(advert).toMatchObject({ authType: 'cisco-md5', md5: { keyId: 7, senderIp: '192.168.0.10' } });
    expect(group(b, 1).counters.drops).toEqual({});
  });

  it('v2 advertisement interval mismatch is dropped, and learned with `timers learn`', () => {
    const lab = new Lab();
    lab.add('M', legacyConfig('192.168.0.30', 1, '192.168.0.1', ['vrrp 1 priority 200', 'vrrp 1 timers advertise 2']), 3);
    const strict = lab.add('S', legacyConfig('192.168.0.10', 1, '192.168.0.1', ['vrrp 1 priority 50']), 1);
    const learner = lab.add('L', legacyConfig('192.168.0.20', 1, '192.168.0.1', ['vrrp 1 timers learn']), 2);
    lab.advance(20_000);
    expect(stateOf(strict, 1)).toBe('master');
    expect(group(strict, 1).counters.drops.interval).toBeGreaterThan(3);
    expect(stateOf(learner, 1)).toBe('backup');
    expect(group(learner, 1).masterAdvertisementIntervalMs).toBe(2000);
  });

  it('tracking: a decrement lets the peer preempt, recovery takes mastership back; shutdown tracks go Init', () => {
    const tracks = new SettableTracks();
    tracks.set(1, 'up');
    const lab = new Lab();
    const a = lab.add('A', legacyConfig('192.168.0.10', 1, '192.168.0.1', ['vrrp 1 priority 110', 'vrrp 1 track 1 decrement 20']), 1, { tracks });
    const b = lab.add('B', legacyConfig('192.168.0.20', 1, '192.168.0.1'), 2);
    lab.advance(10_000);
    expect([stateOf(a, 1), stateOf(b, 1)]).toEqual(['master', 'backup']);
    tracks.set(1, 'down');
    expect(group(a, 1).priority).toBe(90);
    lab.advance(10_000);
    expect([stateOf(a, 1), stateOf(b, 1)]).toEqual(['backup', 'master']);
    tracks.set(1, 'up');
    lab.advance(10_000);
    expect([stateOf(a, 1), stateOf(b, 1)]).toEqual(['master', 'backup']);

    const t2 = new SettableTracks();
    t2.set(2, 'up');
    const xe = new Lab();
    const x = xe.add('X', xeConfig('10.0.0.2', ['vrrp 1 address-family ipv4', ' address 10.0.0.1 primary', ' track 2 shutdown']), 1, { tracks: t2 });
    xe.advance(5000);
    expect(stateOf(x, 1)).toBe('master');
    t2.set(2, 'down');
    expect(group(x, 1).state).toBe('init');
    expect(group(x, 1).initReason).toBe('Group is shutdown - Tracked object down');
    expect(x.plane.active.size).toBe(0);
  });

  it('link down sends the group to Init and releases the VIP; link up starts it again', () => {
    const lab = new Lab();
    const r = lab.add('R1', legacyConfig('192.168.0.10', 1, '192.168.0.1'), 1);
    lab.advance(5000);
    r.port.setLinkUp(false);
    expect(stateOf(r, 1)).toBe('init');
    expect(r.plane.active.size).toBe(0);
    r.port.setLinkUp(true);
    expect(stateOf(r, 1)).toBe('backup');
    lab.advance(5000);
    expect(stateOf(r, 1)).toBe('master');
    expect(logLines(r).map((l) => l.body.split('state ')[1])).toEqual(['Init -> Backup', 'Backup -> Master', 'Master -> Init', 'Init -> Backup', 'Backup -> Master']);
  });

  it('update() leaves unchanged groups alone, adds and removes groups, and applies priority changes', () => {
    const lab = new Lab();
    const r = lab.add('R1', ['interface GigabitEthernet0/1', ' ip address 192.168.0.10 255.255.255.0', ' vrrp 1 ip 192.168.0.1', ' vrrp 2 ip 192.168.0.2', ''].join('\n'), 1);
    lab.advance(5000);
    const before = logLines(r).length;
    r.engine.update(r.iface);
    expect(logLines(r).length).toBe(before);
    r.engine.update({ ...r.iface, vrrp: r.iface.vrrp.filter((g) => g.group === 1).map((g) => ({ ...g, priority: 150 })) });
    expect(group(r, 1).priority).toBe(150);
    expect(stateOf(r, 1)).toBe('master');
    expect(r.engine.snapshot().groups.map((g) => g.vrid)).toEqual([1]);
    expect(lab.frames().some((f) => f.frame?.vrrp?.vrid === 2 && f.frame.vrrp.priority === 0)).toBe(true);
    expect(logLines(r).slice(before).map((l) => l.body)).toEqual(['%VRRP-6-STATECHANGE: Gi0/1 Grp 2 state Master -> Init']);
  });

  it('adverts for unknown VRIDs and with a bad TTL are counted, not processed', () => {
    const lab = new Lab();
    const r = lab.add('R1', legacyConfig('192.168.0.10', 1, '192.168.0.1', ['vrrp 1 priority 50']), 1);
    lab.add('R2', legacyConfig('192.168.0.20', 9, '192.168.0.9'), 2);
    lab.advance(10_000);
    expect(r.engine.snapshot().unknownVridDrops).toBeGreaterThan(3);
    expect(stateOf(r, 1)).toBe('master');
    // A higher-priority advert that crossed a router (TTL 254) must not make R1 step down.
    const x = lab.segment.attach('X', 'GigabitEthernet0/1', Uint8Array.of(2, 0, 0, 0, 0, 9));
    const advert = { version: 2, vrid: 1, priority: 250, authType: 'none', adverIntSec: 1, addresses: ['192.168.0.1'] } as const;
    x.send(encodeFhrpFrame({ vrrp: advert, ip: { source: '192.168.0.99', ttl: 254 } }));
    lab.advance(10);
    expect(stateOf(r, 1)).toBe('master');
    expect(group(r, 1).counters.drops.ttl).toBe(1);
    x.send(encodeFhrpFrame({ vrrp: advert, ip: { source: '192.168.0.99' } }));
    lab.advance(10);
    expect(stateOf(r, 1)).toBe('backup');
  });

  it('a legacy group removed while Backup says goodbye with priority 0, as IOS does; the Master answers at once and keeps the role; IOS-XE groups do not', () => {
    // john/vrrp-10-0.0-1412012695.pcap frames 356-357 (test/sim/captures.test.ts re-enacts the whole capture).
    const lab = new Lab();
    const master = lab.add('M', legacyConfig('192.168.0.20', 2, '192.168.0.2', ['vrrp 2 priority 120']), 2);
    const backup = lab.add('B', legacyConfig('192.168.0.10', 2, '192.168.0.2'), 1);
    lab.advance(5000);
    expect([stateOf(master, 2), stateOf(backup, 2)]).toEqual(['master', 'backup']);
    const removedAt = lab.clock.now() - LAB_EPOCH;
    backup.engine.update({ ...backup.iface, vrrp: [] });
    lab.advance(5000);
    const after = lab.frames().filter((f) => f.atMs >= removedAt && f.frame?.vrrp !== undefined);
    expect(after.filter((f) => f.from === 'B').map((f) => f.frame!.vrrp!.priority)).toEqual([0]);
    // RFC 3768 §6.4.3: a Master that hears priority 0 sends an advert at once.
    expect(after.filter((f) => f.from === 'M')[0]?.atMs).toBe(removedAt);
    expect(stateOf(master, 2)).toBe('master');
    expect(logLines(master).filter((l) => l.atMs >= removedAt)).toEqual([]);

    const xe = new Lab();
    const xm = xe.add('M', xeConfig('192.168.0.20', ['vrrp 2 address-family ipv4', '  address 192.168.0.2 primary', '  priority 120', 'exit-vrrp']), 2);
    const xb = xe.add('B', xeConfig('192.168.0.10', ['vrrp 2 address-family ipv4', '  address 192.168.0.2 primary', 'exit-vrrp']), 1);
    xe.advance(5000);
    expect([stateOf(xm, 2), stateOf(xb, 2)]).toEqual(['master', 'backup']);
    const xRemovedAt = xe.clock.now() - LAB_EPOCH;
    xb.engine.update({ ...xb.iface, vrrpv3: [] }, true);
    xe.advance(2000);
    expect(xe.frames().filter((f) => f.atMs >= xRemovedAt && f.from === 'B')).toEqual([]);
  });
});
