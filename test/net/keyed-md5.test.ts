import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/net/bytes.js';
import { keyedMd5 } from '../../src/net/keyed-md5.js';

describe('keyedMd5 (RFC 1828, spec §2.3)', () => {
  // John the Ripper's HSRP test vector: HSRPv1 hello with the MD5 TLV, digest zeroed.
  const payload = fromHex(
    '000004030a64010000000000000000000a000064 041c0100 0000 0a000014 00000000 00000000000000000000000000000000',
  )!;

  it('matches the spec test vector', () => {
    expect(toHex(keyedMd5('password12345', payload))).toBe('52e1db09d18d695b8fefb3730ff8d9d6');
  });

  it('changes with the key', () => {
    expect(toHex(keyedMd5('password12346', payload))).not.toBe('52e1db09d18d695b8fefb3730ff8d9d6');
  });

  it('handles keys longer than one MD5 block of padding', () => {
    const long = 'k'.repeat(60);
    expect(keyedMd5(long, payload)).toHaveLength(16);
    expect(toHex(keyedMd5(long, payload))).not.toBe(toHex(keyedMd5('k'.repeat(59), payload)));
  });
});
