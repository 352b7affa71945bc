/**
 * packetlife/VRRP_preempt.pcap (VRRPv2, VRID 1, VIP 192.168.0.1, 1 s adverts): .30 at priority 100
 * is Master until .10 at priority 200 takes over at 6.356 s. Replaying the adverts of the other router
 * at their capture times into an engine configured like one of them reproduces that router's states.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../src/net/pcap.js';
import { decodeFhrpFrame } from '../../../src/protocols/fhrp-frame.js';
import { HAVE_REFERENCE, referencePcap } from '../../support/tshark.js';
import { Lab, group, legacyConfig, logLines, stateOf } from './lab.js';

const path = referencePcap('packetlife/VRRP_preempt.pcap');

function replayOthers(lab: Lab, self: string): void {
  const capture = readCapture(new Uint8Array(readFileSync(path)));
  const injector = lab.segment.attach('capture', 'GigabitEthernet0/1', Uint8Array.of(2, 0, 0, 0, 0, 9));
  const ms = (f: { seconds: number; nanos: number }): number => f.seconds * 1000 + f.nanos / 1e6;
  const t0 = ms(capture.frames[0]!);
  const start = lab.clock.now();
  for (const f of capture.frames) {
    const d = decodeFhrpFrame(f.data);
    if (d?.ok !== true || d.value.vrrp === undefined || d.value.ip.source === self) continue;
    lab.clock.advanceTo(start + ms(f) - t0);
    injector.send(f.data);
  }
  lab.advance(1000);
}

describe.skipIf(!HAVE_REFERENCE || !existsSync(path))('replaying packetlife/VRRP_preempt.pcap', () => {
  it('as .10 (priority 200): it hears the lower Master, discards its adverts (preempt) and takes over after 3.219 s', () => {
    const lab = new Lab();
    const r = lab.add('R10', legacyConfig('192.168.0.10', 1, '192.168.0.1', ['vrrp 1 priority 200']), 1);
    replayOthers(lab, '192.168.0.10');
    expect(stateOf(r, 1)).toBe('master');
    // RFC 3768 §6.1: 3 × 1 s + (256 − 200)/256 s; the lower-priority adverts do not reset it (§6.4.2).
    expect(logLines(r).map((l) => `${l.atMs} ${l.body.split('state ')[1]}`)).toEqual(['0 Init -> Backup', '3218.75 Backup -> Master']);
  });

  it('as .30 (priority 100): Master while alone, Backup on the first priority-200 advert, as the capture shows', () => {
    const lab = new Lab();
    const r = lab.add('R30', legacyConfig('192.168.0.30', 1, '192.168.0.1'), 3);
    replayOthers(lab, '192.168.0.30');
    expect(stateOf(r, 1)).toBe('backup');
    expect(group(r, 1).master).toEqual({ address: '192.168.0.10', local: false, priority: 200 });
    const changes = logLines(r).map((l) => `${Math.round(l.atMs)} ${l.body.split('state ')[1]}`);
    // The capture's .30 stopped after its advert at 6.020 s; .10's first advert came at 6.356 s.
    expect(changes).toEqual(['0 Init -> Backup', '3609 Backup -> Master', '6356 Master -> Backup']);
  });
});
