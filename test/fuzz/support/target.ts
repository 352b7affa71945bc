/**
 * One fuzz target: an arbitrary of inputs and a check that throws when an input breaks a property.
 * The same definition serves the short CI run (test/fuzz/*.test.ts), the long run (bench/fuzz.ts) and
 * the replay of saved counterexamples (test/fixtures/fuzz/, test/fuzz/regressions.test.ts), which is
 * why every input also has a JSON form.
 */
import fc from 'fast-check';

export interface FuzzTarget<T = unknown> {
  /** Also the fixture folder name: lowercase words and dashes. */
  readonly name: string;
  /** One line for the README: what one input is. */
  readonly what: string;
  /** Built lazily: some read capture files. */
  readonly arbitrary: () => fc.Arbitrary<T>;
  /** Throws (an assertion or the code under test's own exception) when the input breaks a property. */
  check(input: T): void;
  toJson(input: T): unknown;
  fromJson(json: unknown): T;
}

export function defineTarget<T>(t: FuzzTarget<T>): FuzzTarget<T> {
  return t;
}

/** An assertion that names what failed: the long run prints the message next to the counterexample. */
export function expectThat(condition: boolean, what: () => string): asserts condition {
  if (!condition) throw new Error(`property violated: ${what()}`);
}

/** Runs a target for `numRuns` inputs; the short form in tests, the long form in bench/fuzz.ts. */
export function runTarget<T>(t: FuzzTarget<T>, numRuns: number, seed?: number): fc.RunDetails<[T]> {
  return fc.check(
    fc.property(t.arbitrary(), (input) => {
      t.check(input);
    }),
    { numRuns, ...(seed !== undefined ? { seed } : {}), endOnFailure: false },
  );
}

/** fast-check's report for a failed run (seed, path, shrunk counterexample, the error). */
export function failureReport<T>(t: FuzzTarget<T>, details: fc.RunDetails<[T]>): string | undefined {
  if (!details.failed) return undefined;
  const example = details.counterexample === null ? 'none' : JSON.stringify(t.toJson(details.counterexample[0]));
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return `${t.name}: failed after ${details.numRuns} runs, seed ${details.seed}, path ${details.counterexamplePath ?? '?'}\n  counterexample: ${example}\n  error: ${error.split('\n')[0] ?? ''}`;
}
