import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/net/bytes.js';
import { decodeHsrp, encodeHsrp, hsrpLength, type HsrpMessage } from '../../../src/protocols/hsrp/codec.js';
import type { HsrpV1Advertise } from '../../../src/protocols/hsrp/codec-v1.js';
import { hsrpV2GroupState, type HsrpV2Message } from '../../../src/protocols/hsrp/codec-v2.js';
import { hsrpVersionForDestination, sniffHsrpVersion } from '../../../src/protocols/hsrp/transport.js';
import { filled, v1AsTshark, v2AsTshark, V1_FIELDS, V2_FIELDS } from './tshark-view.js';
import { ALL_CAPTURES, HAVE_REFERENCE, hsrpFieldsByFrame, hsrpFrames, REFERENCE_SKIP_REASON, type CaptureFile } from './hsrp-fixtures.js';

function title(c: CaptureFile, what: string): string {
  return c.reference && !HAVE_REFERENCE ? `${c.name}: ${what} (skipped: ${REFERENCE_SKIP_REASON})` : `${c.name}: ${what}`;
}

function decodeOk(payload: Uint8Array, version: 1 | 2 | undefined): HsrpMessage {
  const r = decodeHsrp(payload, version);
  if (!r.ok) throw new Error(`decode failed: ${JSON.stringify(r.error)} for ${toHex(payload)}`);
  return r.value;
}

/** How many HSRP frames tshark finds in each capture: guards against a filter that silently matches nothing. */
const EXPECTED_FRAMES: Record<string, number> = {
  'tcpdump/HSRP_coup.pcap': 51,
  'tcpdump/HSRP_election.pcap': 49,
  'tcpdump/HSRP_failover.pcap': 39,
  'ndpi/hsrp0.pcap': 4,
  'ndpi/hsrp2.pcap': 2,
  'john/hsrp-HSRP-auth-md5-openwall.pcap': 192,
  'john/hsrp-10-0.1-1409591337.pcap': 45,
  'john/hsrp-10-0.1-1408903444.pcap': 49,
  'john/hsrp-10-0.1-1408903874.pcap': 18,
  'john/hsrp-10-0.1-1408903630.pcap': 2,
  // Only the six gratuitous ARPs of a new Active router: no HSRP frame at all.
  'packetlife/gratuitous_arp_hsrp.pcap': 0,
};

for (const c of ALL_CAPTURES) {
  const skip = c.reference && !HAVE_REFERENCE;
  describe.skipIf(skip)(title(c, 'every HSRP frame'), () => {
    it(`holds the expected number of HSRP frames`, () => {
      expect(hsrpFrames(c.path)).toHaveLength(EXPECTED_FRAMES[c.name] ?? -1);
    });

    it('decodes each frame by its destination, sniffing agrees, re-encodes byte-identically (also via JSON)', () => {
      for (const f of hsrpFrames(c.path)) {
        const version = hsrpVersionForDestination(f.dst, f.dstPort);
        expect(version, `frame ${f.frame}`).toBeDefined();
        expect(sniffHsrpVersion(f.payload), `frame ${f.frame}`).toBe(version);
        const m = decodeOk(f.payload, version);
        expect(toHex(encodeHsrp(m)), `frame ${f.frame}`).toBe(toHex(f.payload));
        expect(hsrpLength(m)).toBe(f.payload.length);
        const viaJson = JSON.parse(JSON.stringify(m)) as HsrpMessage;
        expect(viaJson).toEqual(m);
        expect(toHex(encodeHsrp(viaJson))).toBe(toHex(f.payload));
        // The same message comes out with and without the version hint.
        expect(decodeOk(f.payload, undefined)).toEqual(m);
      }
    });

    it("agrees with tshark's dissection field by field", () => {
      const frames = hsrpFrames(c.path);
      if (frames.length === 0) return;
      const v1 = hsrpFieldsByFrame(c.path, V1_FIELDS);
      const v2 = hsrpFieldsByFrame(c.path, V2_FIELDS);
      for (const f of frames) {
        const m = decodeOk(f.payload, hsrpVersionForDestination(f.dst, f.dstPort));
        if (m.protocol === 'hsrp-v1') expect(filled(v1AsTshark(m)), `frame ${f.frame}`).toEqual(filled(v1.get(f.frame) ?? {}));
        else expect(filled(v2AsTshark(m)), `frame ${f.frame}`).toEqual(filled(v2.get(f.frame) ?? {}));
      }
    });
  });
}

describe('what the captures show', () => {
  it('HSRPv2 hellos from Cisco hardware carry Group State + Text Auth "cisco", nothing else (ndpi/hsrp2.pcap)', () => {
    const frames = hsrpFrames(ALL_CAPTURES.find((c) => c.name === 'ndpi/hsrp2.pcap')!.path);
    const decoded = frames.map((f) => decodeOk(f.payload, 2) as HsrpV2Message);
    for (const m of decoded) {
      expect(m.tlvs.map((t) => t.type)).toEqual(['group-state', 'text-auth']);
      expect(m.trailer).toBeUndefined();
    }
    expect(decoded.map((m) => hsrpV2GroupState(m))).toEqual([
      expect.objectContaining({ group: 920, state: 'standby', priority: 90, identifier: '700f.6aef.f5bf', virtualIp: '10.52.220.126', helloTimeMs: 3000, holdTimeMs: 10000 }),
      expect.objectContaining({ group: 103, state: 'active', priority: 110, identifier: '700f.6aef.f5bf', virtualIp: '10.52.253.126' }),
    ]);
  });

  it('IOS 12.4 Advertise packets have TLV length 14 and sometimes 0x6f000000 in the last reserved word', () => {
    const frames = hsrpFrames(ALL_CAPTURES.find((c) => c.name === 'tcpdump/HSRP_coup.pcap')!.path);
    const adv = frames.map((f) => decodeOk(f.payload, 1)).filter((m): m is HsrpV1Advertise => m.protocol === 'hsrp-v1' && m.opcode === 'advertise');
    expect(adv.length).toBeGreaterThan(0);
    expect(new Set(adv.map((a) => a.tlvLength))).toEqual(new Set([14]));
    expect(new Set(adv.map((a) => a.reserved2))).toEqual(new Set([0, 0x6f000000]));
    expect(adv.every((a) => a.tlvType === 'interface-state' && a.trailer === undefined)).toBe(true);
  });
});
