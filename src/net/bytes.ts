/** Small helpers over Uint8Array shared by every codec: hex, big-endian fields, growable writer. */

/** '00'..'ff' by byte value: formatting through a table beats toString(16)/padStart on short fields. */
export const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Up to this many bytes, string concatenation beats creating a Buffer view (fields, trailers, MACs). */
const SHORT_HEX = 32;

export function toHex(bytes: Uint8Array): string {
  const n = bytes.length;
  if (n === 0) return '';
  if (n > SHORT_HEX) return Buffer.from(bytes.buffer, bytes.byteOffset, n).toString('hex');
  let s = '';
  for (let i = 0; i < n; i++) s += HEX_BYTE[bytes[i]!]!;
  return s;
}

/** The value of an ASCII hex digit, or -1. */
function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

/** Parses an even-length hex string; spaces, colons and dots are ignored. Returns undefined if invalid. */
export function fromHex(text: string): Uint8Array | undefined {
  // Fast path: plain hex digits (what every encoder input holds); anything else takes the general path.
  if (typeof text === 'string' && text.length % 2 === 0) {
    const n = text.length;
    const out = new Uint8Array(n / 2);
    let i = 0;
    for (; i < n; i += 2) {
      const hi = hexDigit(text.charCodeAt(i));
      const lo = hexDigit(text.charCodeAt(i + 1));
      if (hi < 0 || lo < 0) break;
      out[i / 2] = (hi << 4) | lo;
    }
    if (i === n) return out;
  }
  const clean = text.replace(/[\s:.]/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) return undefined;
  return new Uint8Array(Buffer.from(clean, 'hex'));
}

/**
 * A bounded text → value memo for parsers on the encode path (addresses, MACs), where the same few
 * strings (the group address, the interface's own address and MAC) come back on every hello. Values
 * are shared between callers, so they must be treated as read-only. When full, the oldest entry goes.
 */
export function textMemo<T>(parse: (text: string) => T | undefined, limit = 1024): (text: string) => T | undefined {
  const memo = new Map<string, T>();
  return (text: string): T | undefined => {
    const hit = memo.get(text);
    if (hit !== undefined) return hit;
    const value = parse(text);
    if (value === undefined) return undefined;
    if (memo.size >= limit) memo.delete(memo.keys().next().value as string);
    memo.set(text, value);
    return value;
  };
}

export function readU16(b: Uint8Array, off: number): number {
  return ((b[off] ?? 0) << 8) | (b[off + 1] ?? 0);
}

export function readU32(b: Uint8Array, off: number): number {
  return (((b[off] ?? 0) << 24) >>> 0) + (((b[off + 1] ?? 0) << 16) | ((b[off + 2] ?? 0) << 8) | (b[off + 3] ?? 0));
}

export function writeU16(b: Uint8Array, off: number, v: number): void {
  b[off] = (v >>> 8) & 0xff;
  b[off + 1] = v & 0xff;
}

export function writeU32(b: Uint8Array, off: number, v: number): void {
  b[off] = (v >>> 24) & 0xff;
  b[off + 1] = (v >>> 16) & 0xff;
  b[off + 2] = (v >>> 8) & 0xff;
  b[off + 3] = v & 0xff;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Fixed-size text field (HSRP/VRRP auth data): the bytes up to the first NUL, as latin1. */
export function readPaddedText(b: Uint8Array, off: number, len: number): string {
  let end = off;
  while (end < off + len && b[end] !== 0) end++;
  return Buffer.from(b.buffer, b.byteOffset + off, end - off).toString('latin1');
}

/** Writes text NUL-padded (and truncated) to exactly len bytes. */
export function writePaddedText(b: Uint8Array, off: number, len: number, text: string): void {
  const raw = Buffer.from(text, 'latin1');
  for (let i = 0; i < len; i++) b[off + i] = i < raw.length ? (raw[i] ?? 0) : 0;
}
