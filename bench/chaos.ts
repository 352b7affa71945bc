/**
 * Issue 9, chaos long form: 100 rounds (or argv[2]) of SIGKILL/restart, power loss and cable pulls on the Active
 * with live traffic from a host, in network namespaces (root). Prints every problem found, the
 * gateway's return time per fault kind, and the host's ping loss.
 * Run: npx tsx bench/chaos.ts [rounds]
 */
import { CHAOS_FAULTS, ChaosLab } from '../test/support/chaos.js';

const ROUNDS = Number(process.argv[2] ?? 100);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`rounds: a positive integer, not ${process.argv[2]}`);
const chaos = new ChaosLab();
const pct = (xs: number[], p: number): number => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;
try {
  await chaos.setup();
  for (let n = 1; n <= ROUNDS; n++) {
    await chaos.round(n, CHAOS_FAULTS[(n - 1) % CHAOS_FAULTS.length]!);
    const r = chaos.rounds.at(-1)!;
    process.stdout.write(`round ${n}: ${r.fault} ${r.victim}, gateway back in ${r.gatewayBackMs} ms, ${r.actives} Active, ${r.masters} Master\n`);
  }
  await chaos.teardown();
  for (const fault of CHAOS_FAULTS) {
    const back = chaos.rounds.filter((r) => r.fault === fault && r.gatewayBackMs >= 0).map((r) => r.gatewayBackMs);
    console.log(`${fault}: ${back.length} rounds, gateway back median ${pct(back, 50)} ms, p95 ${pct(back, 95)} ms, max ${Math.max(...back)} ms`);
  }
  const t = chaos.traffic();
  console.log(`host pings (every 20 ms): ${t.replies} answered, ${t.lost} lost`);
  console.log(`problems: ${chaos.problems.length}`);
  for (const p of chaos.problems) console.log(`  round ${p.round}: ${p.what}`);
  process.exitCode = chaos.problems.length === 0 ? 0 : 1;
} finally {
  await chaos.cleanup();
}
