/**
 * Feeding the captured frames of the other routers into an engine configured like one of the captured
 * routers (tcpdump/HSRP_election.pcap: 192.168.0.10 priority 200, .20 and .30 priority 100, VIP
 * 192.168.0.1, group 1, default timers) reproduces the state that router reached.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../src/net/pcap.js';
import { decodeFhrpFrame } from '../../../src/protocols/fhrp-frame.js';
import { shipPcap } from '../../support/tshark.js';
import { hsrpConfig, Lab } from './lab.js';

function replay(self: string, priority: number): { lab: Lab; states: string[] } {
  const capture = readCapture(new Uint8Array(readFileSync(shipPcap('tcpdump/HSRP_election.pcap'))));
  const lab = new Lab();
  const feeder = lab.segment.attach('capture', 'capture', Uint8Array.of(0x02, 0xff, 0, 0, 0, 1));
  const first = capture.frames[0]!;
  const t0 = first.seconds * 1000 + first.nanos / 1e6;
  let end = 0;
  for (const f of capture.frames) {
    const d = decodeFhrpFrame(f.data);
    if (!d?.ok || d.value.ip.source === self) continue;
    const at = f.seconds * 1000 + f.nanos / 1e6 - t0;
    end = Math.max(end, at);
    lab.clock.setTimer(Math.round(at), () => feeder.send(f.data));
  }
  lab.add('R', hsrpConfig('R', self, ['standby 1 ip 192.168.0.1', `standby 1 priority ${priority}`]));
  lab.run(Math.ceil(end / 1000) + 1);
  const states = lab
    .logs('R')
    .filter((l) => l.text.includes('STATECHANGE'))
    .map((l) => l.text.replace(/^.*state /, ''));
  return { lab, states };
}

describe('replaying tcpdump/HSRP_election.pcap into one engine', () => {
  it('as 192.168.0.20 it ends in Listen, as IOS did (it never speaks after .30 does)', () => {
    const { lab, states } = replay('192.168.0.20', 100);
    expect(lab.state('R')).toBe('listen');
    expect(states).not.toContain('Speak -> Standby');
    expect(states.at(-1)).toBe('Speak -> Listen');
  });

  it('as 192.168.0.30 it ends Standby, as IOS did, about ten seconds after it began to speak again', () => {
    const { lab, states } = replay('192.168.0.30', 100);
    expect(lab.state('R')).toBe('standby');
    expect(states.at(-1)).toBe('Speak -> Standby');
    const at = lab.logs('R').filter((l) => l.text.endsWith('Speak -> Standby')).at(-1)!.at;
    // IOS: .30 sent its first Standby hello at 30.038 s.
    expect(at).toBeGreaterThan(29.5);
    expect(at).toBeLessThan(30.5);
  });

  it('as 192.168.0.10 (priority 200), with the others heard, it becomes Active', () => {
    const { lab, states } = replay('192.168.0.10', 200);
    expect(lab.state('R')).toBe('active');
    expect(states).toContain('Standby -> Active');
  });
});
