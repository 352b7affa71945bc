import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/net/bytes.js';
import { decodeEthernet, encodeEthernet, ethernetLength, ETHERTYPE_ARP, ETHERTYPE_IPV4, isVlanTpid, TPID_8021AD, TPID_8021Q, TPID_QINQ } from '../../src/net/ethernet.js';
import { fuzz, hex } from './wire-helpers.js';

// The first gratuitous ARP of packetlife gratuitous_arp_hsrp.pcap (IOS 12.4, HSRP group 1, VIP 10.0.0.6).
const GARP = hex('ffffffffffff 00000c07ac01 0806 0001 0800 0604 0002 00000c07ac01 0a000006 ffffffffffff 0a000006 000000000000000000000000000000000000');

describe('Ethernet II', () => {
  it('decodes an untagged frame; the padding stays in the payload for the upper layer', () => {
    const r = decodeEthernet(GARP);
    expect(r).toEqual({
      ok: true,
      value: { header: { destination: 'ffff.ffff.ffff', source: '0000.0c07.ac01', tags: [], etherType: ETHERTYPE_ARP }, payloadOffset: 14, payloadLength: 46 },
    });
  });

  it('decodes one 802.1Q tag: PCP 5, DEI set, VID 100 (TCI 0xb064)', () => {
    const f = hex('01005e000002 00127fba1f02 8100 b064 0800 45');
    const r = decodeEthernet(f);
    expect(r.ok && r.value.header.tags).toEqual([{ tpid: TPID_8021Q, pcp: 5, dei: true, vid: 100 }]);
    expect(r.ok && [r.value.header.etherType, r.value.payloadOffset, r.value.payloadLength]).toEqual([ETHERTYPE_IPV4, 18, 1]);
  });

  it('decodes stacked 802.1ad / 0x9100 / 802.1Q tags, outermost first', () => {
    const f = hex('ffffffffffff 020000000001 88a8 e00a 9100 0014 8100 2fff 86dd');
    const r = decodeEthernet(f);
    expect(r.ok && r.value.header).toEqual({
      destination: 'ffff.ffff.ffff',
      source: '0200.0000.0001',
      tags: [
        { tpid: TPID_8021AD, pcp: 7, dei: false, vid: 10 },
        { tpid: TPID_QINQ, pcp: 0, dei: false, vid: 20 },
        { tpid: TPID_8021Q, pcp: 1, dei: false, vid: 4095 },
      ],
      etherType: 0x86dd,
    });
    expect(r.ok && r.value.payloadOffset).toBe(26);
    expect(toHex(encodeEthernet(r.ok ? r.value.header : { destination: '', source: '', etherType: 0 }))).toBe(toHex(f));
  });

  it('reports an 802.3 length field as it is (CDP over LLC)', () => {
    const r = decodeEthernet(hex('01000ccccccc 000c85745e01 0180 aaaa03'));
    expect(r.ok && r.value.header.etherType).toBe(0x0180);
  });

  it('honours the decoder offset and reports errors from the buffer start', () => {
    const buf = new Uint8Array([9, 9, 9, ...GARP]);
    const r = decodeEthernet(buf, 3);
    expect(r.ok && [r.value.header.source, r.value.payloadOffset]).toEqual(['0000.0c07.ac01', 17]);
    expect(decodeEthernet(buf.subarray(0, 16), 3)).toMatchObject({ ok: false, error: { code: 'truncated', offset: 3 } });
    expect(decodeEthernet(hex('ffffffffffff 020000000001 8100 00'), 0)).toMatchObject({ ok: false, error: { code: 'truncated', offset: 12 } });
    expect(decodeEthernet(hex('ffffffffffff 020000000001 8100 0001 8100 0002'), 0)).toMatchObject({ ok: false, error: { code: 'truncated', offset: 16 } });
    expect(decodeEthernet(GARP, 100)).toMatchObject({ ok: false, error: { code: 'bad-offset' } });
  });

  it('encodes, pads to 60 bytes on request, and re-encodes the GARP byte for byte', () => {
    const arp = GARP.subarray(14, 42);
    const header = { destination: 'ff:ff:ff:ff:ff:ff', source: '00-00-0C-07-AC-01', etherType: ETHERTYPE_ARP };
    expect(ethernetLength(header)).toBe(14);
    expect(toHex(encodeEthernet(header, arp, { padTo: 60 }))).toBe(toHex(GARP));
    expect(encodeEthernet(header, arp).length).toBe(42);
    const tagged = { ...header, tags: [{ tpid: 0x8100, pcp: 5, dei: true, vid: 100 }] };
    expect(ethernetLength(tagged)).toBe(18);
    expect(toHex(encodeEthernet(tagged).subarray(12))).toBe('8100b0640806');
  });

  it('throws on impossible field values (programmer errors)', () => {
    const base = { destination: 'ffff.ffff.ffff', source: '0000.0c07.ac01', etherType: 0x0800 };
    expect(() => encodeEthernet({ ...base, source: 'nope' })).toThrow(RangeError);
    expect(() => encodeEthernet({ ...base, etherType: 0x10000 })).toThrow(RangeError);
    expect(() => encodeEthernet({ ...base, tags: [{ tpid: 0x8100, pcp: 8, dei: false, vid: 1 }] })).toThrow(RangeError);
    expect(() => encodeEthernet({ ...base, tags: [{ tpid: 0x8100, pcp: 0, dei: false, vid: 4096 }] })).toThrow(RangeError);
  });

  it('knows the three TPIDs', () => {
    expect([0x8100, 0x88a8, 0x9100, 0x0800, 0x9200].map(isVlanTpid)).toEqual([true, true, true, false, false]);
  });

  it('never throws: every truncation and 100,000 mutations', () => {
    const samples = [GARP, hex('ffffffffffff 020000000001 88a8 e00a 9100 0014 8100 2fff 86dd 6000')];
    const { runs } = fuzz(samples, 100_000, 1, (b) => {
      const r = decodeEthernet(b);
      if (r.ok && toHex(encodeEthernet(r.value.header, b.subarray(r.value.payloadOffset))) !== toHex(b)) throw new Error('re-encode differs');
    });
    expect(runs).toBeGreaterThan(100_000);
  });
});
