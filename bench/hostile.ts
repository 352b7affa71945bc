/**
 * Issue 9, hostile peers long form: the garbage flood of test/hardening/hostile-peers.test.ts held for
 * 60 s (or argv[2]) at 10,000 frames per second against two vipr routers in network namespaces
 * (root). The test prints the frames sent and the CPU the Active spent; it fails on any state change.
 * Run: npx tsx bench/hostile.ts [seconds]
 */
import { spawnSync } from 'node:child_process';

const seconds = process.argv[2] ?? '60';
if (!/^\d+$/.test(seconds) || Number(seconds) < 1) throw new Error(`seconds: a positive integer, not ${seconds}`);
const r = spawnSync('npx', ['vitest', 'run', 'test/hardening/hostile-peers.test.ts', '--testTimeout', String((Number(seconds) + 60) * 1000)], {
  stdio: 'inherit',
  env: { ...process.env, VIPR_FLOOD_SECONDS: seconds },
});
process.exitCode = r.status ?? 1;
