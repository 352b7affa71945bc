import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ARP_REPLY, ARP_REQUEST, arpLength, ciscoGratuitousArpFrames, decodeArp, encodeArp, gratuitousArpFrame, gratuitousArpReply } from '../../src/net/arp.js';
import { toHex } from '../../src/net/bytes.js';
import { readCapture } from '../../src/net/pcap.js';
import { HAVE_REFERENCE, referencePcap } from '../support/tshark.js';
import { fuzz, hex } from './wire-helpers.js';

// The two frames of one IOS 12.4 gratuitous-ARP burst (packetlife gratuitous_arp_hsrp.pcap, frames 1-2).
const GARP_BCAST = hex('ffffffffffff 00000c07ac01 0806 0001 0800 06 04 0002 00000c07ac01 0a000006 ffffffffffff 0a000006' + '00'.repeat(18));
const GARP_SSTP = hex('01000ccdcdcd 00000c07ac01 0806 0001 0800 06 04 0002 00000c07ac01 0a000006 01000ccdcdcd 0a000006' + '00'.repeat(18));
const REQUEST = hex('0001 0800 06 04 0001 aabbcc000100 0a000001 000000000000 0a000002');

describe('ARP', () => {
  it('decodes a request', () => {
    expect(decodeArp(REQUEST)).toEqual({
      ok: true,
      value: {
        header: { hardwareType: 1, protocolType: 0x0800, hardwareLength: 6, protocolLength: 4, operation: ARP_REQUEST, senderMac: 'aabb.cc00.0100', senderIp: '10.0.0.1', targetMac: '0000.0000.0000', targetIp: '10.0.0.2' },
        payloadOffset: 28,
      },
    });
    expect(arpLength()).toBe(28);
  });

  it('decodes the ARP inside an Ethernet frame, leaving the padding out', () => {
    const r = decodeArp(GARP_BCAST, 14);
    expect(r.ok && [r.value.header.operation, r.value.header.senderMac, r.value.header.targetIp, r.value.payloadOffset]).toEqual([ARP_REPLY, '0000.0c07.ac01', '10.0.0.6', 42]);
  });

  it('encodes with Ethernet/IPv4 defaults and verbatim crafted fields', () => {
    expect(toHex(encodeArp({ operation: 1, senderMac: 'aa:bb:cc:00:01:00', senderIp: '10.0.0.1', targetMac: '0000.0000.0000', targetIp: '10.0.0.2' }))).toBe(toHex(REQUEST));
    const crafted = encodeArp({ hardwareType: 6, protocolType: 0x86dd, hardwareLength: 9, protocolLength: 16, operation: 99, senderMac: '0000.0000.0001', senderIp: '0.0.0.0', targetMac: '0000.0000.0002', targetIp: '0.0.0.0' });
    expect(toHex(crafted.subarray(0, 8))).toBe('000686dd09100063');
    expect(() => encodeArp({ operation: 1, senderMac: 'bad', senderIp: '10.0.0.1', targetMac: '0000.0000.0000', targetIp: '10.0.0.2' })).toThrow(RangeError);
  });

  it('reports truncation and unsupported address sizes', () => {
    expect(decodeArp(REQUEST.subarray(0, 7))).toMatchObject({ ok: false, error: { code: 'truncated', offset: 0 } });
    expect(decodeArp(REQUEST.subarray(0, 27))).toMatchObject({ ok: false, error: { code: 'truncated', offset: 0 } });
    const odd = new Uint8Array([0, ...REQUEST]);
    odd[5] = 8;
    expect(decodeArp(odd, 1)).toMatchObject({ ok: false, error: { code: 'unsupported', offset: 5 } });
  });

  it('builds the gratuitous ARP replies IOS sends on becoming Active, byte for byte', () => {
    expect(gratuitousArpReply('0000.0c07.ac01', '10.0.0.6')).toEqual({
      hardwareType: 1,
      protocolType: 0x0800,
      hardwareLength: 6,
      protocolLength: 4,
      operation: ARP_REPLY,
      senderMac: '0000.0c07.ac01',
      senderIp: '10.0.0.6',
      targetMac: 'ffff.ffff.ffff',
      targetIp: '10.0.0.6',
    });
    expect(toHex(gratuitousArpFrame('00:00:0c:07:ac:01', '10.0.0.6'))).toBe(toHex(GARP_BCAST));
    const [a, b] = ciscoGratuitousArpFrames('0000.0c07.ac01', '10.0.0.6');
    expect([toHex(a), toHex(b)]).toEqual([toHex(GARP_BCAST), toHex(GARP_SSTP)]);
    expect(() => gratuitousArpFrame('0000.0c07.ac01', '10.0.0')).toThrow(RangeError);
  });

  it.skipIf(!HAVE_REFERENCE)('matches every frame of packetlife gratuitous_arp_hsrp.pcap', () => {
    const read = readCapture(readFileSync(referencePcap('packetlife/gratuitous_arp_hsrp.pcap')));
    const [a, b] = ciscoGratuitousArpFrames('0000.0c07.ac01', '10.0.0.6');
    expect(read.frames.map((f) => toHex(f.data))).toEqual([a, b, a, b, a, b].map(toHex));
  });

  it('never throws: every truncation and 100,000 mutations', () => {
    const { runs } = fuzz([REQUEST, GARP_BCAST.subarray(14)], 100_000, 5, (b) => {
      const r = decodeArp(b);
      if (r.ok && toHex(encodeArp(r.value.header)) !== toHex(b.subarray(0, 28))) throw new Error('re-encode differs');
    });
    expect(runs).toBeGreaterThan(100_000);
  });
});
