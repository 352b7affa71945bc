/**
 * The long fuzz run (issue 9): `npx tsx bench/fuzz.ts [N] [TARGET...]` feeds N inputs (default
 * 1,000,000) to every target of test/fuzz/targets (or only those named) and prints, per target, the
 * inputs tried, the time and the inputs per second. A failure prints fast-check's seed, path and
 * shrunk counterexample, and is saved as a fixture under test/fixtures/fuzz/TARGET/ that
 * test/fuzz/regressions.test.ts replays from then on. Exit status 1 when any target failed.
 *
 * The run goes in blocks of BLOCK inputs, each with its own seed (printed on failure), so progress
 * shows on long targets and a failure is reproduced from its block alone.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { failureReport, runTarget, type FuzzTarget } from '../test/fuzz/support/target.js';
import { TARGETS } from '../test/fuzz/targets/index.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'fuzz');
const BLOCK = 100_000;

function usage(): never {
  console.error(`usage: npx tsx bench/fuzz.ts [N] [TARGET...]\ntargets: ${TARGETS.map((t) => t.name).join(', ')}`);
  process.exit(2);
}

const args = process.argv.slice(2);
let total = 1_000_000;
if (args[0] !== undefined && /^\d+$/.test(args[0])) total = Number(args.shift());
if (!Number.isSafeInteger(total) || total < 1) usage();
const names = new Set(args);
for (const n of names) if (!TARGETS.some((t) => t.name === n)) usage();
const chosen = TARGETS.filter((t) => names.size === 0 || names.has(t.name));

function saveFixture(t: FuzzTarget<never>, seed: number, path: string | null, error: string, input: unknown): string {
  const dir = join(FIXTURES, t.name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `seed-${seed >>> 0}.json`);
  writeFileSync(file, `${JSON.stringify({ target: t.name, found: new Date().toISOString(), seed, path, error, input }, null, 2)}\n`);
  return file;
}

const baseSeed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
console.log(`fuzz: ${total.toLocaleString('en-US')} inputs per target, base seed ${baseSeed}`);
let failed = 0;
for (const t of chosen) {
  const start = performance.now();
  let done = 0;
  let failure: string | undefined;
  for (let block = 0; done < total && failure === undefined; block++) {
    const n = Math.min(BLOCK, total - done);
    const seed = (baseSeed + block * 7919 + t.name.length) | 0;
    const details = runTarget(t, n, seed);
    done += details.failed ? details.numRuns : n;
    if (details.failed) {
      failure = failureReport(t, details);
      const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      const file = details.counterexample === null ? undefined : saveFixture(t, details.seed, details.counterexamplePath, error, t.toJson(details.counterexample[0]));
      console.log(`${failure}${file !== undefined ? `\n  saved: ${file}` : ''}`);
    } else if (total > BLOCK) process.stdout.write(`  ${t.name}: ${done.toLocaleString('en-US')} …\r`);
  }
  const s = (performance.now() - start) / 1000;
  console.log(`${t.name.padEnd(16)} ${done.toLocaleString('en-US').padStart(11)} inputs  ${s.toFixed(1).padStart(7)} s  ${Math.round(done / s).toLocaleString('en-US').padStart(9)} inputs/s  ${failure === undefined ? 'no failure' : 'FAILED'}`);
  if (failure !== undefined) failed++;
}
process.exit(failed > 0 ? 1 : 0);
