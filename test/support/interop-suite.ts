/**
 * The frame of a peer interop test file (test/interop/keepalived.test.ts, frr-vrrpd.test.ts): each
 * scenario gets its own lab and directory, removed even when it fails or times out; what vipr sent is
 * captured in every scenario and dissected by tshark once at the end (./wire-check.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NetnsLab } from './netns.js';
import type { VrrpGroupSpec } from './vrrp-peers.js';
import { WireCheck } from './wire-check.js';

export interface InteropScenarioLab {
  readonly lab: NetnsLab;
  readonly dir: string;
  /** Starts the wire capture in vipr's namespace (runInteropScenario's onViprNamespace). */
  readonly captureVipr: (ns: string) => Promise<void>;
}

export interface InteropSuite {
  /** Runs one scenario in a fresh lab; `cleanup` stops what the scenario started before the lab goes. */
  scenario(tag: string, spec: VrrpGroupSpec, body: (l: InteropScenarioLab) => Promise<unknown>, cleanup?: () => Promise<void>): Promise<void>;
  /** Registers the closing test: every frame vipr sent in the file's scenarios dissects cleanly. */
  describeWire(): void;
}

export function interopSuite(prefix: string): InteropSuite {
  /** Labs not yet cleaned up: a test that timed out is still running when afterAll comes. */
  const open = new Map<NetnsLab, string>();
  const wireDir = mkdtempSync(join(tmpdir(), `vipr-${prefix}-wire-`));
  const wire = new WireCheck(wireDir);

  afterAll(async () => {
    for (const [lab, dir] of open) {
      await lab.cleanup();
      rmSync(dir, { recursive: true, force: true });
      open.delete(lab);
    }
    rmSync(wireDir, { recursive: true, force: true });
  }, 60_000);

  return {
    async scenario(tag, spec, body, cleanup) {
      const lab = new NetnsLab(tag);
      const dir = mkdtempSync(join(tmpdir(), `vipr-${tag}-`));
      open.set(lab, dir);
      try {
        const figures = await body({
          lab,
          dir,
          captureVipr: (ns) => wire.capture(lab, ns, tag, { expect: spec.family === 6 ? ['vrrp', 'icmpv6'] : ['vrrp', 'arp', 'icmp'] }),
        });
        console.log(`${tag}: ${JSON.stringify(figures)}`);
      } finally {
        await wire.stop(tag);
        await cleanup?.().catch(() => undefined);
        await lab.cleanup();
        rmSync(dir, { recursive: true, force: true });
        open.delete(lab);
      }
    },

    describeWire() {
      describe('the wire', () => {
        it('every frame vipr sent in these scenarios is dissected by tshark with no malformed or error item', async () => {
          await wire.check((ok, message) => expect(ok, message).toBe(true));
        }, 30_000);
      });
    },
  };
}
