/**
 * Encoders take messages that people wrote (`vipr encode` reads JSON) as well as messages the engine
 * built. A field out of range is a programmer (or input-preparation) error, so it throws with a
 * sentence naming the field, instead of being silently masked into a different frame.
 */
import { fromHex } from '../../net/bytes.js';

export function checkUint(value: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`VRRP: ${what} ${String(value)} is out of range 0-${max}`);
  return value;
}

export function checkHex(text: string, what: string, length?: number): Uint8Array {
  const bytes = fromHex(text);
  if (!bytes) throw new TypeError(`VRRP: ${what} ${JSON.stringify(text)} is not hex`);
  if (length !== undefined && bytes.length !== length) throw new RangeError(`VRRP: ${what} has ${bytes.length} bytes, expected ${length}`);
  return bytes;
}
