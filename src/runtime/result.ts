/**
 * Wire input never throws (DESIGN D6): every decoder returns a Decoded<T>. The error names a stable
 * machine-readable code, the byte offset (from the start of the buffer handed to the decoder) where
 * the problem was found, and a sentence for people.
 */
export interface DecodeError {
  readonly code: string;
  readonly offset: number;
  readonly message: string;
}

export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DecodeError };

export function ok<T>(value: T): Decoded<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: string, offset: number, message: string): Decoded<T> {
  return { ok: false, error: { code, offset, message } };
}

/** Re-bases an error found inside a nested decoder so its offset counts from the outer buffer. */
export function shifted<T>(result: Decoded<T>, by: number): Decoded<T> {
  if (result.ok) return result;
  return fail(result.error.code, result.error.offset + by, result.error.message);
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
