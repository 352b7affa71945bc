/**
 * The short run of a target inside vitest: fast-check's report (seed, path, shrunk counterexample) is
 * the failure message, so a CI failure is reproduced with `npx tsx bench/fuzz.ts` or from the seed.
 */
import { failureReport, runTarget, type FuzzTarget } from './target.js';

export function assertTarget<T>(t: FuzzTarget<T>, numRuns: number): void {
  const details = runTarget(t, numRuns);
  const report = failureReport(t, details);
  if (report !== undefined) throw new Error(report);
  if (details.numRuns !== numRuns) throw new Error(`${t.name}: ${details.numRuns} of ${numRuns} inputs ran (${details.numSkips} skipped)`);
}
