/**
 * The Internet checksum (RFC 1071): one's complement of the one's-complement sum of 16-bit words.
 * Used by IPv4 headers, UDP, ICMPv6 and VRRP.
 */

/** One's-complement partial sum of data[start, end) (odd length padded with a zero byte), not folded. */
export function onesSum(data: Uint8Array, start = 0, end = data.length, initial = 0): number {
  let sum = initial;
  let i = start;
  for (; i + 1 < end; i += 2) sum += ((data[i] ?? 0) << 8) | (data[i + 1] ?? 0);
  if (i < end) sum += (data[i] ?? 0) << 8;
  return sum;
}

/** Folds a partial sum and complements it: the value to put in a checksum field. */
export function finishChecksum(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}

export function internetChecksum(data: Uint8Array, start = 0, end = data.length, initial = 0): number {
  return finishChecksum(onesSum(data, start, end, initial));
}

/** Partial sum of the IPv4 pseudo-header (RFC 768): src, dst, zero, protocol, upper-layer length. */
export function ipv4PseudoSum(src: Uint8Array, dst: Uint8Array, protocol: number, length: number): number {
  return onesSum(src) + onesSum(dst) + protocol + length;
}

/** Partial sum of the IPv6 pseudo-header (RFC 8200 §8.1): src, dst, 32-bit length, next header. */
export function ipv6PseudoSum(src: Uint8Array, dst: Uint8Array, nextHeader: number, length: number): number {
  return onesSum(src) + onesSum(dst) + Math.floor(length / 0x10000) + (length & 0xffff) + nextHeader;
}
