/**
 * Every counterexample a fuzz run found (test/fixtures/fuzz/TARGET/*.json, written by bench/fuzz.ts or
 * by hand) is replayed through its target's check, so a fixed bug stays fixed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TARGETS } from './targets/index.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'fuzz');

interface Fixture {
  readonly file: string;
  readonly target: string;
  readonly input: unknown;
  readonly error?: string;
}

function fixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const name of readdirSync(DIR).sort()) {
    const dir = join(DIR, name);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir).sort()) {
      if (!f.endsWith('.json')) continue;
      const json = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture;
      out.push({ ...json, file: `${name}/${f}` });
    }
  }
  return out;
}

const all = fixtures();

describe('fuzz regressions: saved counterexamples pass their target', () => {
  it('every fixture names a known target in its own folder', () => {
    expect(all.length).toBeGreaterThan(0);
    for (const f of all) {
      expect(TARGETS.map((t) => t.name)).toContain(f.target);
      expect(f.file.startsWith(`${f.target}/`)).toBe(true);
    }
  });

  it.each(all.map((f) => [f.file, f] as const))('%s', (_file, f) => {
    const t = TARGETS.find((x) => x.name === f.target);
    if (t === undefined) throw new Error(`unknown target ${f.target}`);
    t.check(t.fromJson(f.input));
  });
});
