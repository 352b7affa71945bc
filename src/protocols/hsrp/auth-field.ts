/**
 * The 8-byte clear-text authentication field shared by the HSRPv1 header (bytes 8..15, RFC 2281 §5.1
 * "Authentication Data") and the HSRPv2 Text Authentication TLV (type 3, length 8; spec §2.1, §3.2).
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                    Authentication Data (8 octets)             |
 *   +                   "cisco" NUL-padded by default               +
 *   |                                                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * In JSON the field is `authText` (the bytes up to the first NUL, latin1), which is what people type
 * in `standby authentication`. A sender may leave bytes after the NUL that are not zero; those cannot
 * be told by `authText`, so the exact 8 bytes are then also kept as `authRaw` (16 hex digits) and
 * written back verbatim, keeping decode→encode byte-identical (DESIGN "Conventions").
 */
import { fromHex, toHex } from '../../net/bytes.js';

export const AUTH_FIELD_LENGTH = 8;

/** IOS's default key (spec §2.1): sent when no `standby authentication` is configured. */
export const DEFAULT_AUTH_TEXT = 'cisco';

/** The text up to the first NUL. Hand-rolled on the hot path: no Buffer, at most 8 chars. */
export function readAuthText(b: Uint8Array, off: number): string {
  let s = '';
  for (let i = 0; i < AUTH_FIELD_LENGTH; i++) {
    const c = b[off + i] ?? 0;
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

/**
 * The 8 bytes as hex when they are not the plain NUL-padding of the text (a byte other than zero after
 * the first NUL), undefined otherwise, which is the case of every frame in the captures.
 */
export function irregularAuthRaw(b: Uint8Array, off: number, textLength: number): string | undefined {
  for (let i = textLength + 1; i < AUTH_FIELD_LENGTH; i++) {
    if ((b[off + i] ?? 0) !== 0) return toHex(b.subarray(off, off + AUTH_FIELD_LENGTH));
  }
  return undefined;
}

/**
 * Writes the field: `raw` (exact bytes) when given, else `text` NUL-padded. Throws on text that is not
 * latin1 or longer than 8 characters (IOS refuses longer strings; an encoder input error is a caller bug).
 */
export function writeAuthField(out: Uint8Array, off: number, text: string, raw: string | undefined): void {
  if (raw !== undefined) {
    const bytes = fromHex(raw);
    if (bytes === undefined || bytes.length !== AUTH_FIELD_LENGTH) {
      throw new RangeError(`authRaw must be ${AUTH_FIELD_LENGTH * 2} hex digits, got ${JSON.stringify(raw)}`);
    }
    out.set(bytes, off);
    return;
  }
  if (text.length > AUTH_FIELD_LENGTH) throw new RangeError(`authText ${JSON.stringify(text)} is longer than 8 characters`);
  for (let i = 0; i < AUTH_FIELD_LENGTH; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    if (c > 0xff) throw new RangeError(`authText ${JSON.stringify(text)} is not latin1`);
    out[off + i] = c;
  }
}
