import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/net/bytes.js';
import { keyedMd5 } from '../../../src/net/keyed-md5.js';
import { decodeHsrp, encodeHsrp, type HsrpMessage } from '../../../src/protocols/hsrp/codec.js';
import type { HsrpV2Message } from '../../../src/protocols/hsrp/codec-v2.js';
import { hsrpMd5Digest, hsrpMd5TlvOffset, signHsrpPayload, verifyHsrpMd5, verifyHsrpPayload } from '../../../src/protocols/hsrp/md5-auth.js';
import { HAVE_REFERENCE, hsrpFrames, REFERENCE_CAPTURES, REFERENCE_SKIP_REASON } from './hsrp-fixtures.js';

function decoded(payload: Uint8Array, version?: 1 | 2): HsrpMessage {
  const r = decodeHsrp(payload, version);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

// John the Ripper src/hsrp_fmt_plug.c: "$hsrp$<payload with digest zeroed>$<digest>", key (spec §2.3).
const JTR_VECTORS = [
  ['000004030a64010000000000000000000a000064041c010000000a0000140000000000000000000000000000000000000000', '52e1db09d18d695b8fefb3730ff8d9d6', 'password12345'],
  ['000004030a5a01000000000000000000ac102801041c01000000ac1028140000000000000000000000000000000000000000', 'f15dfa631a0679e0801f8e6b0c0c17ac', 'openwall'],
  ['000010030a64010000000000000000000a000064041c010000000a0000140000000000000000000000000000000000000000', 'f02fc41b1b516e2d1261d8800d39ccea', 'openwall12345'],
] as const;

describe('HSRPv1 MD5 test vectors (spec §2.3, John the Ripper)', () => {
  it('the spec vector: Speak hello, group 1, VIP 10.0.0.100, sender 10.0.0.20, key password12345', () => {
    const salt = fromHex('000004030a640100 0000000000000000 0a000064 041c0100 0000 0a000014 00000000 00000000000000000000000000000000')!;
    expect(toHex(hsrpMd5Digest(salt, 1, 'password12345')!)).toBe('52e1db09d18d695b8fefb3730ff8d9d6');
    const m = decoded(salt, 1);
    expect(m).toMatchObject({ opcode: 'hello', state: 'speak', helloTimeS: 3, holdTimeS: 10, priority: 100, group: 1, virtualIp: '10.0.0.100', authText: '' });
    expect(m).toMatchObject({ md5: { algorithm: 'md5', senderIp: '10.0.0.20', keyId: 0, flags: 0, padding: 0 } });
  });

  for (const [salt, digest, key] of JTR_VECTORS) {
    it(`vector with key ${key}`, () => {
      const zeroed = fromHex(salt)!;
      expect(toHex(hsrpMd5Digest(zeroed, 1, key)!)).toBe(digest);
      const signed = fromHex(salt.slice(0, -32) + digest)!;
      expect(verifyHsrpPayload(signed, 1, key)).toBe('verified');
      expect(verifyHsrpPayload(signed, 1, `${key}x`)).toBe('wrong-key');
      expect(verifyHsrpPayload(zeroed, 1, key)).toBe('wrong-key');
      // Signing the zeroed payload in place, or encoding its decoded form with the key, gives the frame.
      const copy = zeroed.slice();
      expect(signHsrpPayload(copy, 1, key)).toBe(true);
      expect(toHex(copy)).toBe(toHex(signed));
      const m = decoded(zeroed, 1);
      expect(toHex(encodeHsrp(m, { md5Key: key }))).toBe(toHex(signed));
      expect(verifyHsrpMd5(decoded(signed, 1), key)).toBe('verified');
      expect(verifyHsrpMd5(decoded(signed, 1), 'cisco')).toBe('wrong-key');
    });
  }

  it('a text-authenticated hello has no MD5 to check', () => {
    const p = fromHex('000010030ac80100636973636f000000c0a80001')!;
    expect(hsrpMd5TlvOffset(p, 1)).toBeUndefined();
    expect(verifyHsrpPayload(p, 1, 'cisco')).toBe('no-md5');
    expect(verifyHsrpMd5(decoded(p), 'cisco')).toBe('no-md5');
    expect(() => encodeHsrp(decoded(p), { md5Key: 'k' })).toThrow(RangeError);
  });

  it('an Advertise is never signed, even when 50 bytes long with 4/28 at offset 20', () => {
    const p = new Uint8Array(50);
    p[1] = 3;
    p[20] = 4;
    p[21] = 28;
    expect(hsrpMd5TlvOffset(p, 1)).toBeUndefined();
  });
});

for (const c of REFERENCE_CAPTURES) {
  if (!c.keys) continue;
  const keys = c.keys;
  const name = HAVE_REFERENCE ? `${c.name}: MD5 frames verify with the sender's key` : `${c.name} (skipped: ${REFERENCE_SKIP_REASON})`;
  describe.skipIf(!HAVE_REFERENCE)(name, () => {
    it('verified with the key of the sender, wrong-key with any other, no-md5 on text frames', () => {
      let signed = 0;
      for (const f of hsrpFrames(c.path)) {
        const key = keys[f.src];
        expect(key, `sender ${f.src} of frame ${f.frame} has a key in the README`).toBeDefined();
        const m = decoded(f.payload, 1);
        const hasMd5 = m.protocol === 'hsrp-v1' && 'md5' in m && m.md5 !== undefined;
        if (!hasMd5) {
          expect(verifyHsrpPayload(f.payload, 1, key!)).toBe('no-md5');
          continue;
        }
        signed++;
        expect(verifyHsrpPayload(f.payload, 1, key!), `frame ${f.frame}`).toBe('verified');
        expect(verifyHsrpMd5(m, key!), `frame ${f.frame}`).toBe('verified');
        for (const other of ['openwall', 'password12345', 'openwall12345', 'cisco']) {
          if (other !== key) expect(verifyHsrpPayload(f.payload, 1, other), `frame ${f.frame} key ${other}`).toBe('wrong-key');
        }
        // Re-signing what we decoded reproduces the sender's digest.
        expect(toHex(encodeHsrp(m, { md5Key: key! })), `frame ${f.frame}`).toBe(toHex(f.payload));
      }
      expect(signed).toBeGreaterThan(0);
    });
  });
}

describe('HSRPv2 MD5 (spec §2.3 "HSRPv2 [inferred]": whole payload, digest zeroed)', () => {
  const v4: HsrpV2Message = {
    protocol: 'hsrp-v2',
    tlvs: [
      { type: 'group-state', opcode: 'hello', state: 'active', ipVersion: 4, group: 920, identifier: '700f.6aef.f5bf', priority: 110, helloTimeMs: 3000, holdTimeMs: 10000, virtualIp: '10.52.220.126' },
      { type: 'md5-auth', algorithm: 'md5', padding: 0, flags: 0, senderIp: '10.52.220.125', keyId: 0, digest: '' },
    ],
  };
  const v6: HsrpV2Message = {
    protocol: 'hsrp-v2',
    tlvs: [
      { type: 'group-state', opcode: 'hello', state: 'speak', ipVersion: 6, group: 1, identifier: 'aabb.cc00.0100', priority: 100, helloTimeMs: 3000, holdTimeMs: 10000, virtualIp: 'fe80::205:73ff:fea0:1' },
      { type: 'md5-auth', algorithm: 'md5', padding: 0, flags: 0, senderIp: '0.0.0.0', keyId: 7, digest: '' },
    ],
  };

  for (const [label, msg] of [['IPv4', v4], ['IPv6', v6]] as const) {
    it(`${label}: signing, decoding and verifying agree, and the digest is keyed MD5 of the zeroed payload`, () => {
      const p = encodeHsrp(msg, { md5Key: 'Sup3rS3cret' });
      expect(p).toHaveLength(42 + 30);
      expect(hsrpMd5TlvOffset(p, 2)).toBe(42);
      // Independent computation: zero bytes 56..71 and hash (spec §2.3).
      const zeroed = p.slice();
      zeroed.fill(0, 56, 72);
      expect(toHex(p.subarray(56))).toBe(toHex(keyedMd5('Sup3rS3cret', zeroed)));
      const m = decoded(p);
      expect(m.protocol).toBe('hsrp-v2');
      expect(verifyHsrpPayload(p, 2, 'Sup3rS3cret')).toBe('verified');
      expect(verifyHsrpMd5(m, 'Sup3rS3cret')).toBe('verified');
      expect(verifyHsrpMd5(m, 'Sup3rS3creT')).toBe('wrong-key');
      // Without a key the digest in the message is written verbatim.
      expect(toHex(encodeHsrp(m))).toBe(toHex(p));
      // Every byte outside the digest is covered.
      for (let i = 0; i < 56; i++) {
        const q = p.slice();
        q[i] = (q[i] ?? 0) ^ 0x01;
        const verdict = verifyHsrpPayload(q, 2, 'Sup3rS3cret');
        expect(verdict === 'wrong-key' || verdict === 'no-md5', `byte ${i}`).toBe(true);
      }
    });
  }

  it('the MD5 TLV is found wherever it sits in the TLV walk, and unknown TLVs before it are hashed too', () => {
    const msg: HsrpV2Message = { ...v4, tlvs: [v4.tlvs[0]!, { type: 'unknown', tlvType: 9, value: 'c0ffee' }, v4.tlvs[1]!] };
    const p = encodeHsrp(msg, { md5Key: 'k' });
    expect(hsrpMd5TlvOffset(p, 2)).toBe(42 + 5);
    expect(verifyHsrpPayload(p, 2, 'k')).toBe('verified');
  });

  it('a v2 hello with the text TLV has no MD5 to check', () => {
    const p = fromHex('0128020005040398700f6aeff5bf0000005a00000bb8000027100a34dc7e0000000000000000000000000308636973636f000000')!;
    expect(verifyHsrpPayload(p, 2, 'cisco')).toBe('no-md5');
    expect(verifyHsrpMd5(decoded(p, 2), 'cisco')).toBe('no-md5');
  });
});
