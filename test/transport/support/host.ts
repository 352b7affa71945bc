/**
 * Two real Routers (real HSRP engines) on an in-memory segment, as test/cli/support/lab.ts builds
 * them, but on the wall clock with millisecond HSRP timers: the transports under test serve real
 * network clients (OpenSSH, Netmiko) that take real time, and elections must follow within it.
 * R1 is the router behind the transports; R2 is its HSRP peer (priority 110, so R2 starts Active).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogHub } from '../../../src/cli/log-hub.js';
import { CliShared } from '../../../src/cli/session.js';
import { loadConfig } from '../../../src/config/load.js';
import { MemoryStartupStore } from '../../../src/config/startup-store.js';
import { MemorySegment } from '../../../src/dataplane/memory/segment.js';
import type { VirtualAddressPlane } from '../../../src/dataplane/ports.js';
import { Router } from '../../../src/router/router.js';
import { WallClock, type Clock } from '../../../src/runtime/clock.js';
import { seededRandom } from '../../../src/runtime/random.js';
import type { CliHost } from '../../../src/transport/host.js';

const NO_PLANE: VirtualAddressPlane = { activate: () => undefined, deactivate: () => undefined };

export const R1_CONFIG = `hostname R1
interface GigabitEthernet0/1
 ip address 10.0.0.2 255.255.255.0
 standby 1 ip 10.0.0.1
 standby 1 timers msec 100 msec 400
 standby 1 preempt
interface Loopback0
 ip address 192.0.2.1 255.255.255.255
`;

export const R2_CONFIG = `hostname R2
interface GigabitEthernet0/1
 ip address 10.0.0.3 255.255.255.0
 standby 1 ip 10.0.0.1
 standby 1 timers msec 100 msec 400
 standby 1 priority 110
 standby 1 preempt
`;

export interface TestRouters {
  readonly host: CliHost;
  readonly r1: Router;
  readonly r2: Router;
  readonly store: MemoryStartupStore;
  /** A fresh directory for host keys and sockets, removed by stop(). */
  readonly dir: string;
  stop(): void;
}

export function routers(r1Config = R1_CONFIG, r2Config = R2_CONFIG, clock: Clock = new WallClock()): TestRouters {
  const segment = new MemorySegment('lan', clock, 0, false);
  const build = (text: string, n: number, log: LogHub): Router => {
    const { config, diagnostics } = loadConfig(text);
    if (diagnostics.length > 0) throw new Error(JSON.stringify(diagnostics));
    const port = segment.attach(`R${n}`, 'GigabitEthernet0/1', Uint8Array.of(0xaa, 0xbb, 0xcc, n, 1, 0));
    return new Router({ config, clock, random: seededRandom(n), log, plane: NO_PLANE, ports: new Map([['GigabitEthernet0/1', port]]) });
  };
  const logs = new LogHub();
  const r1 = build(r1Config, 1, logs);
  const r2 = build(r2Config, 2, new LogHub());
  const store = new MemoryStartupStore();
  const dir = mkdtempSync(join(tmpdir(), 'vipr-transport-'));
  return {
    host: { router: r1, clock, logs, shared: new CliShared(), startup: store },
    r1,
    r2,
    store,
    dir,
    stop: () => {
      r1.shutdown();
      r2.shutdown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `check` is true (or throws after `timeoutMs`). */
export async function until(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
