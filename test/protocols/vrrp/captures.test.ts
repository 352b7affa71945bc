import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/net/bytes.js';
import type { VrrpDecoded } from '../../../src/protocols/vrrp/checksum.js';
import { type VrrpMessage, decodeVrrp, encodeVrrp } from '../../../src/protocols/vrrp/codec.js';
import { HAVE_REFERENCE, referencePcap, shipPcap, tsharkFields } from '../../support/tshark.js';
import { type CapturedPayload, ipPayloads } from './ip-payloads.js';

/**
 * Every VRRP frame of the real captures: decodes, re-encodes to the same bytes (verbatim checksum, and
 * recomputed in the style the frame used), and agrees with tshark on the fields people look at.
 */

interface Capture {
  readonly name: string;
  readonly path: string;
  readonly reference: boolean;
  /** Frames (protocol 112) expected in the file. */
  readonly frames: number;
}

const CAPTURES: readonly Capture[] = [
  { name: 'tcpdump/vrrp.pcap (MikroTik)', path: shipPcap('tcpdump/vrrp.pcap'), reference: false, frames: 165 },
  { name: 'pcapplusplus/VRRP-V2.pcap', path: shipPcap('pcapplusplus/VRRP-V2.pcap'), reference: false, frames: 1 },
  { name: 'pcapplusplus/VRRP-V3-IPv4.pcap', path: shipPcap('pcapplusplus/VRRP-V3-IPv4.pcap'), reference: false, frames: 1 },
  { name: 'pcapplusplus/VRRP-V3-IPv6.pcap', path: shipPcap('pcapplusplus/VRRP-V3-IPv6.pcap'), reference: false, frames: 1 },
  { name: 'john/vrrp-10-0.0-1412012360.pcap', path: referencePcap('john/vrrp-10-0.0-1412012360.pcap'), reference: true, frames: 111 },
  { name: 'john/vrrp-10-0.0-1412012686.pcap', path: referencePcap('john/vrrp-10-0.0-1412012686.pcap'), reference: true, frames: 4 },
  { name: 'john/vrrp-10-0.0-1412012695.pcap', path: referencePcap('john/vrrp-10-0.0-1412012695.pcap'), reference: true, frames: 941 },
  { name: 'john/vrrp-AH-1.pcap (inside IPsec AH)', path: referencePcap('john/vrrp-AH-1.pcap'), reference: true, frames: 12 },
  { name: 'packetlife/VRRP_failover.pcap', path: referencePcap('packetlife/VRRP_failover.pcap'), reference: true, frames: 32 },
  { name: 'packetlife/VRRP_preempt.pcap', path: referencePcap('packetlife/VRRP_preempt.pcap'), reference: true, frames: 16 },
];

const FIELDS = [
  'frame.number',
  'vrrp.version',
  'vrrp.virt_rtr_id',
  'vrrp.prio',
  'vrrp.addr_count',
  'vrrp.auth_type',
  'vrrp.adver_int',
  'vrrp.short_adver_int',
  'vrrp.ip_addr',
  'vrrp.ipv6_addr',
  'vrrp.checksum',
  'vrrp.checksum.status',
  'vrrp.auth_string',
  'vrrp.md5_auth_data',
] as const;
type Row = Record<(typeof FIELDS)[number], string>;

function tsharkRows(path: string, extra: readonly string[] = []): Map<number, Row> {
  const rows = new Map<number, Row>();
  for (const cells of tsharkFields(path, 'vrrp', FIELDS, extra)) {
    const row = Object.fromEntries(FIELDS.map((f, i) => [f, cells[i] ?? ''])) as Row;
    rows.set(Number(row['frame.number']), row);
  }
  return rows;
}

function decodeAll(payloads: readonly CapturedPayload[]): { p: CapturedPayload; d: VrrpDecoded<VrrpMessage> }[] {
  return payloads.map((p) => {
    const r = decodeVrrp(p.payload, { family: p.family, src: p.src, dst: p.dst });
    if (!r.ok) throw new Error(`frame ${p.frame}: ${r.error.code} at ${r.error.offset}: ${r.error.message}`);
    return { p, d: r.value };
  });
}

/** tshark's checksum status codes (epan/proto.h): 0 bad, 1 good. */
const GOOD = '1';
const BAD = '0';

for (const cap of CAPTURES) {
  const skip = cap.reference && !HAVE_REFERENCE;
  describe.skipIf(skip)(`${cap.name}${skip ? ' — SKIPPED: ../shared/fixtures/pcap/reference is absent' : ''}`, () => {
    // A skipped describe still runs its body to collect tests: read nothing that is absent.
    const payloads = skip ? [] : ipPayloads(cap.path).filter((p) => p.proto === 112);
    const decoded = decodeAll(payloads);

    it(`holds ${cap.frames} VRRP frames, all with TTL 255, all decoded`, () => {
      expect(payloads).toHaveLength(cap.frames);
      expect(decoded.every(({ p }) => p.ttl === 255 && !p.clipped)).toBe(true);
    });

    it('re-encodes every frame byte-identically (checksum verbatim)', () => {
      for (const { p, d } of decoded) {
        expect(toHex(encodeVrrp(d.message, { checksum: 'verbatim', ip: p })), `frame ${p.frame}`).toBe(toHex(p.payload));
      }
    });

    it('re-encodes every frame byte-identically with the checksum recomputed in the style it used', () => {
      for (const { p, d } of decoded) {
        expect(d.checksum.status, `frame ${p.frame}`).toBe('good');
        const style = d.checksum.style;
        expect(toHex(encodeVrrp(d.message, { ip: p, ...(style ? { checksumStyle: style } : {}) })), `frame ${p.frame}`).toBe(toHex(p.payload));
      }
    });

    it('survives JSON (what `vipr decode --json` prints, `vipr encode` reads back)', () => {
      for (const { p, d } of decoded) {
        const back = JSON.parse(JSON.stringify(d.message)) as VrrpMessage;
        expect(toHex(encodeVrrp(back, { checksum: 'verbatim' })), `frame ${p.frame}`).toBe(toHex(p.payload));
      }
    });

    it('agrees with tshark on version, VRID, priority, count, auth, interval, addresses, checksum', () => {
      const rows = tsharkRows(cap.path);
      const cisco = decoded.some(({ d }) => d.message.version === 3 && d.message.family === 4) ? tsharkRows(cap.path, ['-o', 'vrrp.v3_checksum_as_in_v2:TRUE']) : rows;
      expect(rows.size).toBe(decoded.length);
      for (const { p, d } of decoded) {
        const m = d.message;
        const row = rows.get(p.frame);
        expect(row, `frame ${p.frame}`).toBeDefined();
        if (!row) continue;
        const where = `frame ${p.frame}`;
        expect(Number(row['vrrp.version']), where).toBe(m.version);
        expect(Number(row['vrrp.virt_rtr_id']), where).toBe(m.vrid);
        expect(Number(row['vrrp.prio']), where).toBe(m.priority);
        expect(Number(row['vrrp.addr_count']), where).toBe(m.addresses.length);
        expect(parseInt(row['vrrp.checksum'], 16), where).toBe(m.checksum);
        if (m.version === 2) {
          expect(Number(row['vrrp.adver_int']), where).toBe(m.adverIntSec);
          expect(row['vrrp.ip_addr'], where).toBe(m.addresses.join(','));
          const code = { none: 0, text: 1, 'ip-ah': 2, 'cisco-md5': 254 } as const;
          expect(Number(row['vrrp.auth_type']), where).toBe(typeof m.authType === 'number' ? m.authType : code[m.authType]);
          if (m.authType === 'text') expect(row['vrrp.auth_string'], where).toBe(m.authText);
          if (m.authType === 'cisco-md5') expect(row['vrrp.md5_auth_data'].replace(/:/g, ''), where).toBe(m.md5?.digest);
          expect(row['vrrp.checksum.status'], where).toBe(d.checksum.status === 'good' ? GOOD : BAD);
        } else {
          expect(Number(row['vrrp.short_adver_int']), where).toBe(m.maxAdverIntCs);
          expect(row[m.family === 4 ? 'vrrp.ip_addr' : 'vrrp.ipv6_addr'], where).toBe(m.addresses.join(','));
          if (m.family === 6) {
            expect(row['vrrp.checksum.status'], where).toBe(d.checksum.status === 'good' ? GOOD : BAD);
          } else {
            // tshark checks the pseudo-header style by default and the Cisco style with the preference set.
            expect(row['vrrp.checksum.status'], where).toBe(d.checksum.style === 'pseudo-header' ? GOOD : BAD);
            expect(cisco.get(p.frame)?.['vrrp.checksum.status'], where).toBe(d.checksum.style === 'plain' ? GOOD : BAD);
          }
        }
      }
    });
  });
}

describe('what the captures show', () => {
  it('MikroTik (tcpdump/vrrp.pcap): v2 text auth "abcdefgh" with 3 VIPs, v2 no auth, v3 IPv4 with the RFC 5798 pseudo-header, v3 IPv6 link-local first', () => {
    const decoded = decodeAll(ipPayloads(shipPcap('tcpdump/vrrp.pcap')));
    const byVrid = new Map<number, VrrpDecoded<VrrpMessage>[]>();
    for (const { d } of decoded) byVrid.set(d.message.vrid, [...(byVrid.get(d.message.vrid) ?? []), d]);
    expect([...byVrid.keys()].sort()).toEqual([42, 43, 44, 45, 46]);
    for (const d of byVrid.get(42) ?? []) {
      expect(d.message).toMatchObject({ version: 2, authType: 'text', authText: 'abcdefgh' });
      expect(d.message.addresses).toHaveLength(3);
    }
    for (const d of byVrid.get(43) ?? []) expect(d.message).toMatchObject({ version: 2, authType: 'none' });
    for (const d of byVrid.get(44) ?? []) {
      expect(d.message).toMatchObject({ version: 3, family: 4 });
      expect(d.checksum.style).toBe('pseudo-header');
    }
    for (const vrid of [45, 46]) {
      for (const d of byVrid.get(vrid) ?? []) {
        expect(d.message).toMatchObject({ version: 3, family: 6 });
        expect(d.message.addresses[0]).toMatch(/^fe80:/);
        expect(d.checksum.style).toBe('pseudo-header');
      }
    }
    // No trailing bytes, no reserved bits, no unusual auth data anywhere.
    expect(decoded.every(({ d }) => !('trailing' in d.message) && !('reserved' in d.message) && !('authData' in d.message))).toBe(true);
  });

  it('PcapPlusPlus VRRP-V2.pcap has no auth-data field (kept as authData "")', () => {
    const [d] = decodeAll(ipPayloads(shipPcap('pcapplusplus/VRRP-V2.pcap')));
    expect(d?.d.message).toMatchObject({ version: 2, authType: 'none', authData: '', addresses: ['192.168.0.1', '192.168.0.2', '192.168.0.3'] });
  });

  it.skipIf(!HAVE_REFERENCE)('Cisco IOU (john/*): priority 255 owners, priority 0 step-down, MD5 auth type 254 with key id 1', () => {
    const owners = decodeAll(ipPayloads(referencePcap('john/vrrp-10-0.0-1412012360.pcap')));
    expect(owners.some(({ d }) => d.message.priority === 255)).toBe(true);
    const md5 = decodeAll(ipPayloads(referencePcap('john/vrrp-10-0.0-1412012695.pcap')));
    expect(md5.some(({ d }) => d.message.priority === 0)).toBe(true);
    const signed = md5.filter(({ d }) => d.message.version === 2 && d.message.authType === 'cisco-md5');
    expect(signed).toHaveLength(310);
    for (const { p, d } of signed) {
      expect(d.message).toMatchObject({ md5: { algorithm: 1, padding: 0, flags: 0, keyId: 1, senderIp: p.src } });
    }
  });

  it.skipIf(!HAVE_REFERENCE)('VRRP inside IPsec AH (john/vrrp-AH-1.pcap) is an ordinary v2 packet with auth type ip-ah once the IP layer unwraps AH', () => {
    const payloads = ipPayloads(referencePcap('john/vrrp-AH-1.pcap'));
    expect(payloads.every((p) => p.viaAh)).toBe(true);
    for (const { d } of decodeAll(payloads)) expect(d.message).toMatchObject({ version: 2, authType: 'ip-ah', vrid: 51 });
  });
});
