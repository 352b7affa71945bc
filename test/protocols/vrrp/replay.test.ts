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
function replay(lab: Lab, path: string, skipSource: string, untilMs = Infinity, seen: (at: number, f: FhrpFrame) => void = () => undefined): number {
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
    if (d?.ok !== true || d.value.vrrp === undefined || d.value.ip.source === skipSource) continue;
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
});
