/**
 * Short fuzz runs of the wire decoders (src/net, HSRP, VRRP, whole frames, the dispatch); the
 * 1,000,000-input form is `npx tsx bench/fuzz.ts`. Properties: test/fuzz/targets/codecs.ts.
 */
import { describe, expect, it } from 'vitest';
import { decodeFhrpFrame } from '../../src/protocols/fhrp-frame.js';
import { assertTarget } from './support/assert.js';
import { samples } from './support/inputs.js';
import { dispatchTarget, frameTarget, hsrpCodecTarget, pcapTarget, vrrpCodecTarget, wireTarget } from './targets/codecs.js';

describe('fuzz: wire decoders never throw, accepted bytes re-encode exactly, generated messages round-trip', () => {
  it('the mutations start from real captures of both protocols', () => {
    const s = samples();
    expect(s.hsrpPayloads.length).toBeGreaterThan(5);
    expect(s.vrrpPayloads.length).toBeGreaterThan(5);
    expect(s.fhrp.some((f) => f.frame.protocol === 'hsrp-v2') && s.fhrp.some((f) => f.frame.protocol === 'vrrp-v3')).toBe(true);
    expect(s.fhrp.every((f) => decodeFhrpFrame(f.bytes)?.ok === true)).toBe(true);
  });

  it('src/net layer decoders and address parsers: 4,000 inputs', () => assertTarget(wireTarget, 4000));
  it('capture reader: 3,000 inputs', () => assertTarget(pcapTarget, 3000));
  it('HSRP codec: 4,000 inputs', () => assertTarget(hsrpCodecTarget, 4000));
  it('VRRP codec: 4,000 inputs', () => assertTarget(vrrpCodecTarget, 4000));
  it('whole FHRP frames: 4,000 inputs', () => assertTarget(frameTarget, 4000));
  it('frame dispatch and its memo: 2,000 sequences', () => assertTarget(dispatchTarget, 2000));
});
