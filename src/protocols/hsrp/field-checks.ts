/**
 * Range checks for encoder inputs. Messages reach the encoders from the engines and from
 * `vipr encode` JSON; a value that does not fit its wire field is a caller error (DESIGN D6:
 * programmer errors throw), reported with the field's name rather than silently truncated.
 */
import { fromHex } from '../../net/bytes.js';

export function checkUint(name: string, value: number, bits: 8 | 16 | 32): number {
  const max = bits === 32 ? 0xffffffff : (1 << bits) - 1;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be an integer 0..${max}, got ${String(value)}`);
  }
  return value;
}

export function hexBytes(name: string, text: string, length?: number): Uint8Array {
  const bytes = fromHex(text);
  if (bytes === undefined || (length !== undefined && bytes.length !== length)) {
    const want = length === undefined ? 'an even number of' : String(length * 2);
    throw new RangeError(`${name} must be ${want} hex digits, got ${JSON.stringify(text)}`);
  }
  return bytes;
}
