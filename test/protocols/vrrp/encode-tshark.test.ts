import { describe, expect, it } from 'vitest';
import type { VrrpChecksumStyle } from '../../../src/protocols/vrrp/checksum.js';
import { type VrrpEncodeOptions, type VrrpMessage, decodeVrrp, encodeVrrp } from '../../../src/protocols/vrrp/codec.js';
import type { VrrpIpContext } from '../../../src/protocols/vrrp/ip-context.js';
import { verifyVrrpMd5 } from '../../../src/protocols/vrrp/md5-auth.js';
import { tsharkFields } from '../../support/tshark.js';
import { wrapInEthernet, writeTempPcap } from './pcap-wrap.js';

/**
 * Frames vipr builds, dissected by tshark as an independent check: no malformed or expert-error items,
 * checksum good, fields as intended. The Cisco-style VRRPv3 IPv4 checksum is checked with
 * `-o vrrp.v3_checksum_as_in_v2:TRUE`, the pseudo-header style with tshark's default.
 */

const V4: VrrpIpContext = { family: 4, src: '192.168.10.2', dst: '224.0.0.18' };
const V6: VrrpIpContext = { family: 6, src: 'fe80::a8bb:ccff:fe00:200', dst: 'ff02::12' };

interface Case {
  readonly name: string;
  readonly message: VrrpMessage;
  readonly ip: VrrpIpContext;
  readonly options?: VrrpEncodeOptions;
  /** tshark preferences for this frame's checksum style. */
  readonly ciscoV3: boolean;
  readonly style: VrrpChecksumStyle;
}

const CASES: readonly Case[] = [
  {
    name: 'v2, no auth, 1 VIP (IOS default)',
    message: { version: 2, vrid: 10, priority: 110, authType: 'none', adverIntSec: 1, addresses: ['192.168.10.1'] },
    ip: V4,
    ciscoV3: false,
    style: 'plain',
  },
  {
    name: 'v2, text auth "cisco", 3 VIPs',
    message: { version: 2, vrid: 3, priority: 100, authType: 'text', adverIntSec: 3, addresses: ['20.42.1.1', '20.42.1.2', '20.42.1.3'], authText: 'cisco' },
    ip: V4,
    ciscoV3: false,
    style: 'plain',
  },
  {
    name: 'v2, Cisco MD5 signed with a key-string',
    message: { version: 2, vrid: 1, priority: 255, authType: 'cisco-md5', adverIntSec: 1, addresses: ['192.168.10.2'] },
    ip: V4,
    options: { md5Key: 'highavailability' },
    ciscoV3: false,
    style: 'plain',
  },
  {
    name: 'v3 IPv4, Cisco / RFC 9568 checksum (default)',
    message: { version: 3, family: 4, vrid: 22, priority: 110, maxAdverIntCs: 100, addresses: ['172.16.22.1'] },
    ip: V4,
    ciscoV3: true,
    style: 'plain',
  },
  {
    name: 'v3 IPv4, keepalived / FRR pseudo-header checksum',
    message: { version: 3, family: 4, vrid: 22, priority: 90, maxAdverIntCs: 4095, addresses: ['172.16.22.1', '172.16.23.1'] },
    ip: V4,
    options: { checksumStyle: 'pseudo-header' },
    ciscoV3: false,
    style: 'pseudo-header',
  },
  {
    name: 'v3 IPv6, link-local VIP first',
    message: { version: 3, family: 6, vrid: 5, priority: 120, maxAdverIntCs: 50, addresses: ['fe80::1', '2001:db8:5::1'] },
    ip: V6,
    ciscoV3: false,
    style: 'pseudo-header',
  },
];

const FIELDS = ['frame.number', '_ws.malformed', '_ws.expert.severity', 'vrrp.checksum.status', 'vrrp.virt_rtr_id', 'vrrp.prio', 'vrrp.ip_addr', 'vrrp.ipv6_addr', 'vrrp.auth_string', 'vrrp.md5_auth_data'];
/** epan/proto.h PI_ERROR: anything at or above it is an error-level expert item. */
const PI_ERROR = 0x00800000;

describe('tshark dissects what the encoder builds', () => {
  const encoded = CASES.map((c) => ({ c, payload: encodeVrrp(c.message, { ip: c.ip, ...c.options }) }));
  const pcap = writeTempPcap(encoded.map(({ c, payload }) => wrapInEthernet(payload, { ...c.ip, src: String(c.ip.src), dst: String(c.ip.dst), vrid: c.message.vrid })));
  const plainRows = tsharkFields(pcap, 'vrrp', FIELDS);
  const ciscoRows = tsharkFields(pcap, 'vrrp', FIELDS, ['-o', 'vrrp.v3_checksum_as_in_v2:TRUE']);

  it('sees every frame as VRRP', () => {
    expect(plainRows).toHaveLength(CASES.length);
  });

  encoded.forEach(({ c, payload }, i) => {
    it(c.name, () => {
      const row = (c.ciscoV3 ? ciscoRows : plainRows)[i] ?? [];
      const [number, malformed, severities, status, vrid, prio, ip4, ip6, authString, md5] = row;
      expect(Number(number)).toBe(i + 1);
      expect(malformed).toBe('');
      for (const s of (severities ?? '').split(',').filter((x) => x !== '')) expect(Number(s)).toBeLessThan(PI_ERROR);
      expect(status).toBe('1');
      expect(Number(vrid)).toBe(c.message.vrid);
      expect(Number(prio)).toBe(c.message.priority);
      expect(c.ip.family === 4 ? ip4 : ip6).toBe(c.message.addresses.join(','));
      if (c.message.version === 2 && c.message.authType === 'text') expect(authString).toBe(c.message.authText);

      // And our own decoder reads back what it wrote, in the intended checksum style.
      const back = decodeVrrp(payload, c.ip);
      expect(back.ok).toBe(true);
      if (!back.ok) return;
      expect(back.value.checksum).toMatchObject({ status: 'good', style: c.style });
      const m = back.value.message;
      if (m.version === 2 && m.authType === 'cisco-md5') {
        expect(md5?.replace(/:/g, '')).toBe(m.md5?.digest);
        expect(m.md5).toMatchObject({ senderIp: '192.168.10.2', keyId: 1 });
        expect(verifyVrrpMd5(m, 'highavailability')).toBe('verified');
      }
    });
  });

  it('the other tshark checksum setting disagrees for v3 IPv4 (the styles really differ)', () => {
    encoded.forEach(({ c }, i) => {
      if (c.message.version !== 3 || c.ip.family !== 4) return;
      const other = (c.ciscoV3 ? plainRows : ciscoRows)[i] ?? [];
      expect(other[3]).toBe('0');
    });
  });
});
