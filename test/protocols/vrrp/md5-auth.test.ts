import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../src/net/bytes.js';
import { type VrrpV2Message, decodeVrrpV2, encodeVrrpV2 } from '../../../src/protocols/vrrp/codec-v2.js';
import { verifyVrrpMd5, vrrpMd5Digest } from '../../../src/protocols/vrrp/md5-auth.js';
import { HAVE_REFERENCE, referencePcap } from '../../support/tshark.js';
import { ipPayloads } from './ip-payloads.js';

/** spec §5.6: VRID 1, pri 50, VIP 10.0.0.10, sender 10.0.0.1, key id 1, key-string password12345. */
const SPEC_FRAME = fromHex('21013201fe01198b 0a00000a 0000000000000000 fe1c0100 0000 0a000001 00000001 f23a4b2e4b2b52c2a216ffab982c6d01')!;
const KEY = 'password12345';

function decodeV2(payload: Uint8Array): VrrpV2Message {
  const r = decodeVrrpV2(payload);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.message;
}

describe('Cisco VRRP MD5 (auth type 254), spec §5.6', () => {
  it('decodes the spec example frame', () => {
    const r = decodeVrrpV2(SPEC_FRAME);
    expect(r.ok && r.value).toEqual({
      message: {
        version: 2,
        vrid: 1,
        priority: 50,
        authType: 'cisco-md5',
        adverIntSec: 1,
        checksum: 0x198b,
        addresses: ['10.0.0.10'],
        md5: { algorithm: 1, padding: 0, flags: 0, senderIp: '10.0.0.1', keyId: 1, digest: 'f23a4b2e4b2b52c2a216ffab982c6d01' },
      },
      checksum: { status: 'good', style: 'plain', expected: { plain: 0x198b } },
    });
  });

  it('verifies the spec example with the key and rejects other keys', () => {
    const m = decodeV2(SPEC_FRAME);
    expect(vrrpMd5Digest(m, KEY)).toBe('f23a4b2e4b2b52c2a216ffab982c6d01');
    expect(verifyVrrpMd5(m, KEY)).toBe('verified');
    expect(verifyVrrpMd5(SPEC_FRAME, KEY)).toBe('verified');
    expect(verifyVrrpMd5(m, 'password12346')).toBe('wrong-key');
    expect(verifyVrrpMd5(m, '')).toBe('wrong-key');
    expect(verifyVrrpMd5(m, new Uint8Array(Buffer.from(KEY)))).toBe('verified');
  });

  it('says no-md5 for other auth types and undecodable payloads', () => {
    expect(verifyVrrpMd5({ version: 2, vrid: 1, priority: 100, authType: 'none', adverIntSec: 1, addresses: ['10.0.0.1'] }, KEY)).toBe('no-md5');
    expect(verifyVrrpMd5(SPEC_FRAME.subarray(0, 5), KEY)).toBe('no-md5');
    // Auth type 254 without a TLV: the bytes stay as trailing, and nothing can be verified.
    expect(verifyVrrpMd5(SPEC_FRAME.subarray(0, 40), KEY)).toBe('no-md5');
  });

  it('signs: a message built without a digest encodes to the exact spec frame', () => {
    const m = decodeV2(SPEC_FRAME);
    const { md5, ...unsigned } = m;
    expect(md5).toBeDefined();
    if (!md5) return;
    const { digest, ...tlvWithoutDigest } = md5;
    expect(digest).toBeDefined();
    expect(toHex(encodeVrrpV2({ ...unsigned, md5: tlvWithoutDigest }, { md5Key: KEY }))).toBe(toHex(SPEC_FRAME));
    // Without any TLV the sender comes from the IP context and the key id defaults to 1, as IOS sends it.
    expect(toHex(encodeVrrpV2(unsigned, { md5Key: KEY, ip: { family: 4, src: '10.0.0.1', dst: '224.0.0.18' } }))).toBe(toHex(SPEC_FRAME));
    // A stale digest in the message is replaced when a key is given.
    expect(toHex(encodeVrrpV2({ ...m, md5: { ...md5, digest: '00'.repeat(16) } }, { md5Key: KEY }))).toBe(toHex(SPEC_FRAME));
  });

  it('the digest ignores the checksum field but the checksum covers the TLV', () => {
    const m = decodeV2(SPEC_FRAME);
    expect(vrrpMd5Digest({ ...m, checksum: 0x1234 }, KEY)).toBe(vrrpMd5Digest(m, KEY));
    const tampered = SPEC_FRAME.slice();
    tampered[49] = (tampered[49] ?? 0) ^ 0xff; // last digest byte
    const r = decodeVrrpV2(tampered);
    expect(r.ok && r.value.checksum.status).toBe('bad');
    expect(verifyVrrpMd5(tampered, KEY)).toBe('wrong-key');
  });

  it('refuses a key for a message that is not auth type 254 (programmer error)', () => {
    expect(() => encodeVrrpV2({ version: 2, vrid: 1, priority: 100, authType: 'none', adverIntSec: 1, addresses: ['10.0.0.1'] }, { md5Key: KEY })).toThrow(/cisco-md5/);
  });

  it.skipIf(!HAVE_REFERENCE)('every MD5 frame of john/vrrp-10-0.0-1412012695.pcap verifies with password12345 and fails with a wrong key; re-signing reproduces it', () => {
    const frames = ipPayloads(referencePcap('john/vrrp-10-0.0-1412012695.pcap')).filter((p) => p.payload[4] === 254);
    expect(frames).toHaveLength(310);
    for (const p of frames) {
      const m = decodeV2(p.payload);
      expect(verifyVrrpMd5(m, KEY), `frame ${p.frame}`).toBe('verified');
      expect(verifyVrrpMd5(m, 'openwall12345'), `frame ${p.frame}`).toBe('wrong-key');
      const { md5, ...unsigned } = m;
      expect(toHex(encodeVrrpV2(unsigned, { md5Key: KEY, ip: { family: 4, src: p.src, dst: p.dst } })), `frame ${p.frame}`).toBe(toHex(p.payload));
      expect(md5?.senderIp).toBe(p.src);
    }
  });
});
