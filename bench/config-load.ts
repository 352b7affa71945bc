/**
 * Benchmark: load a generated 100,000-line configuration (parse + model), as `vipr run` does at
 * start-up. Goal: under 1 s and under 200 MB. Prints the figures; asserts nothing.
 *   npx tsx bench/config-load.ts [LINES]
 */
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config/load.js';

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

const lines = Number(process.argv[2] ?? 100_000);
const text = generate(lines);
const before = process.memoryUsage().rss;
const t0 = performance.now();
const r = loadConfig(text);
const seconds = (performance.now() - t0) / 1000;
const peakMb = process.resourceUsage().maxRSS / 1024;
console.log(`config-load: ${lines} lines, ${r.config.interfaces.length} interfaces, ${r.diagnostics.length} diagnostics`);
console.log(`config-load: ${seconds.toFixed(3)} s (${Math.round(lines / seconds)} lines/s), peak RSS ${peakMb.toFixed(0)} MB (start ${(before / 1048576).toFixed(0)} MB)`);
