/**
 * Benchmark: load a generated 100,000-line configuration (parse + model), as `vipr run` does at
 * start-up. Goal (issue 3): under 1 s and under 200 MB. Prints the figures; asserts nothing.
 *   npx tsx bench/config-load.ts [LINES]
 *
 * Each size is loaded in a fresh process of its own (same runtime flags), so that the peak RSS is
 * that of one load and no load profits from the JIT warm-up or the parser cache of another. Beside
 * it, the parse alone of 10,000 lines: `parseLine` (with its chart cache) against the full Earley
 * parse of every line (`parseLineFull`), the peer it replaces.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config/load.js';
import { parseLine, parseLineFull, type Mode } from '../src/config/grammar/parser.js';

const GOAL_SECONDS = 1;
const GOAL_MB = 200;

function generate(lines: number): string {
  const out: string[] = ['hostname bench', 'fhrp version vrrp v3'];
  for (let n = 0; out.length < lines; n++) {
    const a = (n >> 8) & 255;
    const b = n & 255;
    out.push(
      `interface GigabitEthernet${Math.floor(n / 4000)}/${n % 4000}`,
      ` description generated ${n}`,
      ` ip address 10.${a}.${b}.2 255.255.255.0`,
      ` standby version 2`,
      ` standby ${n % 4000} ip 10.${a}.${b}.1`,
      ` standby ${n % 4000} priority 110`,
      ` standby ${n % 4000} preempt delay minimum 30`,
      ` standby ${n % 4000} track 1 decrement 20`,
      ` vrrp ${(n % 255) + 1} ip 10.${a}.${b}.254`,
      ` vrrp ${(n % 255) + 1} priority 120`,
      ' duplex auto',
      '!',
    );
  }
  return out.slice(0, lines).join('\n');
}

interface LoadFigures {
  readonly lines: number;
  readonly seconds: number;
  readonly peakMb: number;
  readonly interfaces: number;
  readonly diagnostics: number;
}

/** One load, in this process: what the child prints as JSON. */
function loadOnce(lines: number): LoadFigures {
  const text = generate(lines);
  const t0 = performance.now();
  const r = loadConfig(text);
  const seconds = (performance.now() - t0) / 1000;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  return { lines, seconds, peakMb, interfaces: r.config.interfaces.length, diagnostics: r.diagnostics.length };
}

/** One load in a fresh process with the same runtime flags (tsx's loader among them). */
function loadInChild(lines: number): LoadFigures {
  const script = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [...process.execArgv, script, '--one', String(lines)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`config-load child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as LoadFigures;
}

/** The parse alone of the lines of a generated config, each in the mode the loader would use. */
function parseOnly(lines: number, parse: (mode: Mode, line: string) => { ok: boolean }): number {
  const text = generate(lines).split('\n').filter((l) => l !== '!');
  const t0 = performance.now();
  for (const l of text) if (!parse(l.startsWith(' ') ? 'config-if' : 'config', l).ok) throw new Error(`bench: ${l} does not parse`);
  return ((performance.now() - t0) * 1000) / text.length;
}

function summary(f: LoadFigures): string {
  const verdict = f.seconds < GOAL_SECONDS && f.peakMb < GOAL_MB ? 'meets' : 'misses';
  return (
    `config-load: ${f.lines} lines in ${f.seconds.toFixed(3)} s, ${Math.round(f.lines / f.seconds)} lines/s, ` +
    `peak RSS ${f.peakMb.toFixed(0)} MB (${f.interfaces} interfaces, ${f.diagnostics} diagnostics)` +
    (f.lines >= 100_000 ? `: ${verdict} the goal of < ${GOAL_SECONDS} s and < ${GOAL_MB} MB` : '')
  );
}

if (process.argv[2] === '--one') {
  console.log(JSON.stringify(loadOnce(Number(process.argv[3]))));
} else {
  const lines = Number(process.argv[2] ?? 100_000);
  console.log(summary(loadInChild(lines)));
  if (lines !== 10_000) console.log(summary(loadInChild(10_000)));
  const full = parseOnly(10_000, parseLineFull);
  const cached = parseOnly(10_000, parseLine);
  console.log(`config-load: parse only, 10000 lines: ${cached.toFixed(2)} µs/line with the chart cache, ${full.toFixed(2)} µs/line full Earley parse`);
}
