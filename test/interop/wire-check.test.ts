/**
 * The wire check the interop tests run over what vipr sent (test/support/wire-check.ts) must catch
 * what it is there for: captured frames of real routers pass, the same frames spoilt fail with the
 * reason tshark gives, and a capture without the expected protocols fails. No namespace is needed:
 * the captures are files.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCapture, writePcap } from '../../src/net/pcap.js';
import { shipPcap } from '../support/tshark.js';
import { WireCheck } from '../support/wire-check.js';

const dir = mkdtempSync(join(tmpdir(), 'vipr-wire-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function frame(pcap: string, n: number): Uint8Array {
  return Uint8Array.from(readCapture(readFileSync(shipPcap(pcap))).frames[n - 1]!.data);
}

let files = 0;
function file(...frames: Uint8Array[]): string {
  const path = join(dir, `f${++files}.pcap`);
  writeFileSync(path, writePcap(frames.map((data, i) => ({ seconds: 1_700_000_000 + i, data }))));
  return path;
}

/** Ethernet (14) + IPv4 without options (20): where the UDP header / VRRP message starts. */
const L4 = 34;

describe('the wire check over captured frames', () => {
  // An HSRPv1 hello of a Cisco router (tcpdump/HSRP_election.pcap) and a VRRPv3 IPv4 advert with the
  // pseudo-header checksum (pcapplusplus/VRRP-V3-IPv4.pcap).
  const hsrp = frame('tcpdump/HSRP_election.pcap', 1);
  const vrrp3 = frame('pcapplusplus/VRRP-V3-IPv4.pcap', 1);

  it('passes real routers’ frames and counts the expected protocols', async () => {
    const wire = new WireCheck(dir);
    wire.add('real', file(hsrp, vrrp3, hsrp), { expect: ['hsrp', 'vrrp'] });
    const r = await wire.report();
    expect(r.failures).toEqual([]);
    expect(r.missing).toEqual([]);
    expect(r.seen.real).toEqual({ hsrp: 2, vrrp: 1 });
  });

  it('fails a bad UDP checksum, a malformed VRRP message and a VRRPv3 checksum bad in both styles', async () => {
    const badUdp = Uint8Array.from(hsrp);
    badUdp[L4 + 6] = badUdp[L4 + 6]! ^ 0x55;
    // Ten addresses announced, one carried: the dissector runs off the end of the frame.
    const short = Uint8Array.from(vrrp3);
    short[L4 + 3] = 10;
    const badVrrp = Uint8Array.from(vrrp3);
    badVrrp[L4 + 7] = badVrrp[L4 + 7]! ^ 0x55;
    const wire = new WireCheck(dir);
    wire.add('spoilt', file(hsrp, badUdp, short, badVrrp), { expect: ['hsrp'] });
    const r = await wire.report();
    expect(r.failures.map((f) => f.frame)).toEqual([2, 3, 4]);
    expect(r.failures[0]!.problems.join()).toMatch(/bad checksum/);
    expect(r.failures[1]!.problems).toContain('malformed');
    expect(r.failures[2]!.problems.join()).toMatch(/bad VRRPv3 checksum in both styles/);
    let message = '';
    await wire.check((ok, m) => {
      expect(ok).toBe(false);
      message = m;
    });
    expect(message).toMatch(/spoilt frame 2 .*bad checksum/);
  });

  it('lists a warning without failing the frame', async () => {
    // A multicast source MAC: tshark warns (IEEE 802.3 §3.2.3 b) and dissects the rest as before.
    const groupSource = Uint8Array.from(hsrp);
    groupSource[6] = groupSource[6]! | 0x01;
    const wire = new WireCheck(dir);
    wire.add('warned', file(groupSource), { expect: ['hsrp'] });
    const r = await wire.report();
    expect(r.failures).toEqual([]);
    expect(r.warnings).toEqual([{ message: expect.stringMatching(/Source MAC must not be a group address/), count: 1, example: 'warned frame 1' }]);
  });

  it('fails a capture in which an expected protocol never appears', async () => {
    const wire = new WireCheck(dir);
    wire.add('hsrp-only', file(hsrp), { expect: ['hsrp', 'vrrp'] });
    wire.add('empty', file(), { expect: ['hsrp'] });
    const r = await wire.report();
    expect(r.failures).toEqual([]);
    expect(r.missing).toEqual(['hsrp-only: vrrp', 'empty: hsrp']);
  });
});
