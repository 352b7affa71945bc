/**
 * Chaos, short form (issue 9): a few rounds of SIGKILL/restart, power loss and cable pulls on the Active with live
 * traffic from the host (test/support/chaos.ts); the 100-round form is `npx tsx bench/chaos.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAOS_FAULTS, ChaosLab } from '../support/chaos.js';

const ROUNDS = Number(process.env['VIPR_CHAOS_ROUNDS'] ?? 3);

describe('chaos: SIGKILL/restart, power loss and cable pulls on the Active with live traffic', () => {
  const chaos = new ChaosLab();

  beforeAll(() => chaos.setup(), 60_000);
  afterAll(() => chaos.cleanup(), 60_000);

  it(`${ROUNDS} rounds: one Active and one Master after every hold time, the gateway always back, nothing lost or left over`, async () => {
    for (let n = 1; n <= ROUNDS; n++) await chaos.round(n, CHAOS_FAULTS[(n - 1) % CHAOS_FAULTS.length]!);
    await chaos.teardown();
    const t = chaos.traffic();
    console.table(chaos.rounds);
    console.log(`host pings through the gateway: ${t.replies} answered, ${t.lost} lost`);
    expect(chaos.problems).toEqual([]);
    expect(chaos.rounds.every((r) => r.gatewayBackMs >= 0)).toBe(true);
  }, 60_000 + ROUNDS * 30_000);
});
