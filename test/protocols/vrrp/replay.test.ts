import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../src/net/pcap.js';
import { decodeFhrpFrame, type FhrpFrame } from '../../../src/protocols/fhrp-frame.js';
import { HAVE_REFERENCE, referencePcap, shipPcap } from '../../support/tshark.js';
import { Lab, group, legacyConfig, logLines, stateOf } from './lab.js';

/**
 * The adverts of real captures replayed, at their capture times, into an engine configured like one
 * of the captured routers; the engine must end where that router ended. The router's own frames are
 * left out (a port does not hear itself).
 */
function replay(lab: Lab, path: string, skipSource: string | readonly string[], untilMs = Infinity, seen: (at: number, f: FhrpFrame) => void = () => undefined): number {
  const skip = new Set(typeof skipSource === 'string' ? [skipSource] : skipSource);
  const capture = readCapture(new Uint8Array(readFileSync(path)));
  const injector = lab.segment.attach('capture', 'GigabitEthernet0/1', Uint8Array.of(2, 0, 0, 0, 0, 1));
  const ms = (f: { seconds: number; nanos: number }): number => f.seconds * 1000 + f.nanos / 1e6;
  const first = capture.frames[0];
  if (first === undefined) throw new Error('empty capture');
  let sent = 0;
  const start = lab.clock.now();
  for (const f of capture.frames) {
    const at = ms(f) - ms(first);
    if (at > untilMs) break;
    const d = decodeFhrpFrame(f.data);
    if (d?.ok !== true || d.value.vrrp === undefined || skip.has(d.value.ip.source)) continue;
    lab.clock.advanceTo(start + at);
    seen(at, d.value);
    injector.send(f.data);
    sent++;
  }
  return sent;
}

describe('replaying real captures into an engine', () => {
  const failover = referencePcap('packetlife/VRRP_failover.pcap');
  it.skipIf(!HAVE_REFERENCE || !existsSync(failover))(
    `packetlife/VRRP_failover.pcap as R2 (.20, pri 100): Backup, a claim when R1 falls silent, then Backup of .30${HAVE_REFERENCE ? '' : ' (skipped: ../shared/fixtures/pcap/reference absent)'}`,
    () => {
      const lab = new Lab();
      const r2 = lab.add('R2', legacyConfig('192.168.0.20', 1, '192.168.0.1'), 2);
      expect(replay(lab, failover, '192.168.0.20')).toBe(31);
      lab.advance(500);
      expect(stateOf(r2, 1)).toBe('backup');
      expect(group(r2, 1).master).toEqual({ address: '192.168.0.30', local: false, priority: 100 });
      // R1's last advert was at 10.020 s; R2's Master_Down_Timer (3.609 s) ran out at 13.629 s, before
      // .30's first claim at 13.661 s, which then wins the tie on its higher address.
      const changes = logLines(r2).map((l) => `${Math.round(l.atMs)} ${l.body.split('state ')[1]}`);
      expect(changes).toEqual(['0 Init -> Backup', '13629 Backup -> Master', '13661 Master -> Backup']);
    },
  );

  const handover = referencePcap('john/vrrp-10-0.0-1412012695.pcap');
  it.skipIf(!HAVE_REFERENCE || !existsSync(handover))('john/vrrp-10-0.0-1412012695.pcap as 10.0.0.1 (VRID 1, pri 50): takes over 0.805 s after the priority-0 advert', () => {
    const lab = new Lab();
    const r = lab.add('R', legacyConfig('10.0.0.1', 1, '10.0.0.10', ['vrrp 1 priority 50']), 1);
    // Only the first 190.5 s: after 10.0.0.2's goodbye, 10.0.0.1 is the Master and the rest of the
    // capture is its own adverts (later with MD5).
    let goodbyeAt: number | undefined;
    replay(lab, handover, '10.0.0.1', 190_500, (at, f) => {
      if (f.vrrp?.vrid === 1 && f.vrrp.priority === 0) goodbyeAt = at;
    });
    lab.advance(2000);
    expect(goodbyeAt).toBeDefined();
    expect(stateOf(r, 1)).toBe('master');
    const takeover = logLines(r).find((l) => l.body.endsWith('Backup -> Master'));
    expect(takeover!.atMs - goodbyeAt!).toBe(804.6875);
    // The capture's own takeover advert (frame 485) came 0.804 s after the goodbye (frame 482).
    expect(Math.round(190841.999 - 190038.305)).toBe(804);
  });

  it('tcpdump/vrrp.pcap as 10.0.0.91 (VRID 43, pri 191, 10 s adverts): Backup of the last router', () => {
    const lab = new Lab();
    const r = lab.add('R91', legacyConfig('10.0.0.91', 43, '10.0.0.43', ['vrrp 43 priority 191', 'vrrp 43 timers advertise 10']), 1);
    replay(lab, shipPcap('tcpdump/vrrp.pcap'), '10.0.0.91');
    const g = group(r, 43);
    expect(g.state).toBe('backup');
    expect(g.master?.address).toBe('10.0.0.97');
    expect(g.master?.priority).toBe(197);
    // MikroTik lists other addresses for VRID 43: counted, not dropped (RFC 5798 §7.1).
    expect(g.counters.drops).toEqual({});
  });

  it('tcpdump/vrrp.pcap as 10.0.0.91 in the IOS-XE form (VRIDs 44, 45, 46, pri 191, 10 s): Master until .92 preempts, then Backup of .97, sending what the capture shows', () => {
    // 10.0.0.91 was already Master when the capture began: the engine gets 40 s before the replay to
    // get there, so the capture's times are shifted by 40 s here.
    const LEAD_MS = 40_000;
    const LINK_LOCAL = 'fe80::d6ca:6dff:fe66:cf60';
    const xeGroup = (vrid: number, family: 'ipv4' | 'ipv6', addresses: readonly string[], extra: readonly string[] = []): string[] => [
      `vrrp ${vrid} address-family ${family}`,
      ...addresses.map((a, i) => `  address ${a}${i === 0 ? ' primary' : family === 'ipv4' ? ' secondary' : ''}`),
      '  priority 191',
      '  timers advertise 10000',
      ...extra.map((l) => `  ${l}`),
      'exit-vrrp',
    ];
    const config = [
      'fhrp version vrrp v3',
      'interface GigabitEthernet0/1',
      ' ip address 10.0.0.91 255.255.255.0',
      ' ip address 10.4.44.91 255.255.255.0 secondary',
      ` ipv6 address ${LINK_LOCAL.toUpperCase()} link-local`,
      ...[
        ...xeGroup(44, 'ipv4', ['10.4.44.100', '10.4.44.200'], ['checksum pseudo-header']),
        ...xeGroup(45, 'ipv6', ['FE80::200:5EFF:FE00:22D', '2001::ABCD:A/64']),
        ...xeGroup(46, 'ipv6', ['FE80::200:5EFF:FE00:22E', '2001::EEFF:A/64', '2001::EEFF:B/64', '2001::EEFF:C/64', '2001::EEFF:D/64']),
      ].map((l) => ` ${l}`),
      '',
    ].join('\n');
    const lab = new Lab();
    const r = lab.add('R91', config, 1);
    lab.advance(LEAD_MS);
    const firstForeign = new Map<number, number>();
    replay(lab, shipPcap('tcpdump/vrrp.pcap'), ['10.0.0.91', LINK_LOCAL], Infinity, (at, f) => {
      const v = f.vrrp;
      if (v !== undefined && !firstForeign.has(v.vrid)) firstForeign.set(v.vrid, at);
    });
    lab.advance(500);
    // RFC 5798 §6.4.1/§6.4.3: Master after Master_Down_Interval (3 × 1000 cs + (256 − 191) × 1000 / 256 cs),
    // Backup on the first advert of a higher priority; the capture's .92 spoke first at 30.298 s (VRID 44)
    // and 40.301 s (VRIDs 45, 46), and the capture's .91 sent nothing after those.
    expect([...firstForeign].map(([vrid, at]) => `${vrid} ${Math.round(at)}`)).toEqual(['42 28028', '43 28038', '44 30298', '46 40301', '45 40301']);
    const changes = logLines(r).map((l) => `${Math.round(l.atMs)} ${l.body.replace('%VRRP-6-STATE: GigabitEthernet0/1 ', '')}`);
    expect(changes).toEqual([
      '0 IPv4 group 44 state INIT -> BACKUP',
      '0 IPv6 group 45 state INIT -> BACKUP',
      '0 IPv6 group 46 state INIT -> BACKUP',
      '32539 IPv4 group 44 state BACKUP -> MASTER',
      '32539 IPv6 group 45 state BACKUP -> MASTER',
      '32539 IPv6 group 46 state BACKUP -> MASTER',
      `${Math.round(LEAD_MS + (firstForeign.get(44) ?? 0))} IPv4 group 44 state MASTER -> BACKUP`,
      `${Math.round(LEAD_MS + (firstForeign.get(46) ?? 0))} IPv6 group 46 state MASTER -> BACKUP`,
      `${Math.round(LEAD_MS + (firstForeign.get(45) ?? 0))} IPv6 group 45 state MASTER -> BACKUP`,
    ]);
    for (const [vrid, family, master] of [
      [44, 4, '10.0.0.97'],
      [45, 6, 'fe80::20c:42ff:fe5e:c2dc'],
      [46, 6, 'fe80::20c:42ff:fe5e:c2dc'],
    ] as const) {
      const g = group(r, vrid, family);
      expect(g.state).toBe('backup');
      expect(g.master).toEqual({ address: master, local: false, priority: 197 });
      expect(g.counters).toMatchObject({ drops: {}, addressListMismatches: 0, advertsReceived: expect.any(Number) });
      // Six peers, each counted under the checksum style it used: MikroTik's pseudo-header one.
      expect(g.peers).toHaveLength(6);
      expect(g.peers.every((p) => p.plain === 0 && p.pseudoHeader > 0)).toBe(true);
    }
    // What the engine sent as Master is what the captured .91 sent, field for field and checksum for
    // checksum (only the priority-191 adverts: the capture shows no goodbye from .91).
    const fields = (f: FhrpFrame): string => JSON.stringify({ mac: f.ethernet.source, source: f.ip.source, destination: f.ip.destination, vrrp: f.vrrp, checksum: f.vrrpChecksum });
    const captured = new Map<number, string>();
    for (const f of readCapture(new Uint8Array(readFileSync(shipPcap('tcpdump/vrrp.pcap')))).frames) {
      const d = decodeFhrpFrame(f.data);
      if (d?.ok === true && d.value.vrrp?.version === 3 && ['10.0.0.91', LINK_LOCAL].includes(d.value.ip.source)) captured.set(d.value.vrrp.vrid, fields(d.value));
    }
    const sent = lab.frames().filter((x) => x.from === 'R91' && x.frame?.vrrp !== undefined);
    expect(new Set(sent.map((x) => x.frame!.vrrp!.priority))).toEqual(new Set([191]));
    for (const vrid of [44, 45, 46]) {
      const mine = sent.filter((x) => x.frame!.vrrp!.vrid === vrid);
      expect(mine.length).toBeGreaterThan(3);
      for (const x of mine) expect(fields(x.frame!)).toBe(captured.get(vrid));
    }
  });
});
