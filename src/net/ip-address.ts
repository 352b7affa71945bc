/**
 * IPv4 and IPv6 addresses as text (the form used in JSON, configs and show output) and as bytes
 * (the form on the wire). IPv6 text follows RFC 5952: lowercase, longest zero run compressed.
 */

import { HEX_BYTE, textMemo } from './bytes.js';

export type Ipv4Text = string;
export type Ipv6Text = string;

export function formatIpv4(b: Uint8Array, off = 0): Ipv4Text {
  return `${b[off] ?? 0}.${b[off + 1] ?? 0}.${b[off + 2] ?? 0}.${b[off + 3] ?? 0}`;
}

/** Exactly four dot-separated fields of 1-3 ASCII digits, each at most 255 (leading zeros allowed). */
export function parseIpv4(text: string): Uint8Array | undefined {
  // Hand-rolled: this runs for every address of every frame encoded, a regex per field showed up first in profiles.
  if (typeof text !== 'string') throw new TypeError(`an IPv4 address must be text, got ${typeof text}`);
  const n = text.length;
  if (n < 7 || n > 15) return undefined;
  const out = new Uint8Array(4);
  let field = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0 || field === 3) return undefined;
      out[field++] = value;
      value = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (++digits > 3) return undefined;
      value = value * 10 + (c - 0x30);
      if (value > 255) return undefined;
    } else {
      return undefined;
    }
  }
  if (field !== 3 || digits === 0) return undefined;
  out[3] = value;
  return out;
}

/** parseIpv4 through a bounded memo, for encoders and checksums. Shared bytes: never write into them. */
export const parseIpv4Shared: (text: string) => Uint8Array | undefined = textMemo(parseIpv4);

export function ipv4ToNumber(b: Uint8Array, off = 0): number {
  return (((b[off] ?? 0) << 24) >>> 0) + ((b[off + 1] ?? 0) << 16) + ((b[off + 2] ?? 0) << 8) + (b[off + 3] ?? 0);
}

/** Byte values as lowercase hex without leading zero ('0'..'ff'), the high half of an IPv6 word. */
const HEX_SHORT: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16));

/** A 16-bit word as RFC 5952 §4.1 writes it: lowercase, no leading zeros. */
function hexWord(hi: number, lo: number): string {
  return hi === 0 ? HEX_SHORT[lo]! : HEX_SHORT[hi]! + HEX_BYTE[lo]!;
}

export function formatIpv6(b: Uint8Array, off = 0): Ipv6Text {
  // This formats both addresses of every IPv6 frame decoded and every IPv6 VIP: word by word from
  // the bytes, without intermediate arrays.
  // RFC 5952 §4.2: compress the longest run of two or more zero words, the first one on a tie.
  let bestStart = -1;
  let bestLen = 1;
  let runStart = -1;
  for (let i = 0; i <= 8; i++) {
    const zero = i < 8 && (b[off + 2 * i] ?? 0) === 0 && (b[off + 2 * i + 1] ?? 0) === 0;
    if (zero) {
      if (runStart < 0) runStart = i;
    } else if (runStart >= 0) {
      if (i - runStart > bestLen) {
        bestStart = runStart;
        bestLen = i - runStart;
      }
      runStart = -1;
    }
  }
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      s += '::';
      i += bestLen - 1;
      continue;
    }
    if (i > 0 && i !== bestStart + bestLen) s += ':';
    s += hexWord(b[off + 2 * i] ?? 0, b[off + 2 * i + 1] ?? 0);
  }
  return s;
}

export function parseIpv6(text: string): Uint8Array | undefined {
  let s = text.trim();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (s.length === 0 || s.length > 45) return undefined;
  // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two hex words.
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) > lastColon) {
    const v4 = parseIpv4(s.slice(lastColon + 1));
    if (!v4) return undefined;
    s = `${s.slice(0, lastColon + 1)}${(((v4[0] ?? 0) << 8) | (v4[1] ?? 0)).toString(16)}:${(((v4[2] ?? 0) << 8) | (v4[3] ?? 0)).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parseWords = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const w of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(w)) return undefined;
      out.push(parseInt(w, 16));
    }
    return out;
  };
  const head = parseWords(halves[0] ?? '');
  const tail = halves.length === 2 ? parseWords(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  let words: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return undefined;
    words = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    if (head.length !== 8) return undefined;
    words = head;
  }
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[2 * i] = w >>> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

/** parseIpv6 through a bounded memo, for encoders and checksums. Shared bytes: never write into them. */
export const parseIpv6Shared: (text: string) => Uint8Array | undefined = textMemo(parseIpv6);

/** The network of `address/len`: the address with every bit past the first `len` cleared (a copy). */
export function ipv6Network(address: Uint8Array, len: number): Uint8Array {
  const out = Uint8Array.from(address);
  for (let i = 0; i < 16; i++) {
    const bits = Math.max(0, Math.min(8, len - i * 8));
    out[i] = (out[i] as number) & ((0xff << (8 - bits)) & 0xff);
  }
  return out;
}

/** fe80::/10 */
export function isIpv6LinkLocal(b: Uint8Array, off = 0): boolean {
  return b[off] === 0xfe && ((b[off + 1] ?? 0) & 0xc0) === 0x80;
}
