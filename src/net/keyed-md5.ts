import { createHash } from 'node:crypto';

/**
 * RFC 1828 keyed MD5 as Cisco uses it for HSRP (spec §2.3) and VRRP auth type 254 (spec §5.6):
 * MD5(K || pad(K) || data || K), where pad(K) is MD5's own padding of K to one 64-byte block
 * (0x80, zeros, the bit length of K as a 64-bit little-endian number). Valid for keys up to 55 bytes,
 * which covers IOS's 64-character key-string limit only up to 55; longer keys fall back to the
 * block-aligned form MD5 itself would use (padding to the next multiple of 64 bytes).
 */
export function keyedMd5(key: Uint8Array | string, data: Uint8Array): Uint8Array {
  const k = typeof key === 'string' ? Buffer.from(key, 'latin1') : Buffer.from(key);
  const padLen = ((k.length + 8) >> 6) * 64 + 64 - k.length;
  const pad = Buffer.alloc(padLen);
  pad[0] = 0x80;
  const bits = BigInt(k.length) * 8n;
  pad.writeBigUInt64LE(bits, padLen - 8);
  const h = createHash('md5');
  h.update(k);
  h.update(pad);
  h.update(data);
  h.update(k);
  return new Uint8Array(h.digest());
}
