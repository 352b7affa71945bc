/**
 * A CLI session on a real Router (real HSRP/VRRP engines) cabled to an in-memory segment with a
 * ManualClock, as src/sim/simulator.ts builds them, plus a terminal that records what the session
 * sends back. Tests type bytes and read the screen.
 */
import { loadConfig } from '../../../src/config/load.js';
import { MemorySegment, type MemoryPort } from '../../../src/dataplane/memory/segment.js';
import type { VirtualAddressPlane } from '../../../src/dataplane/ports.js';
import { Router } from '../../../src/router/router.js';
import { ManualClock } from '../../../src/runtime/clock.js';
import { seededRandom } from '../../../src/runtime/random.js';
import { LogHub } from '../../../src/cli/log-hub.js';
import { CliSession, CliShared, type CliSessionOptions, type SessionLine } from '../../../src/cli/session.js';
import type { StartupStore, SystemInfo } from '../../../src/cli/cli-router.js';
import { MemoryIpStack } from '../../../src/cli/memory/ip-stack.js';
import type { RouterConfig } from '../../../src/model/types.js';

export const EPOCH = Date.UTC(2024, 2, 1);
export const NO_PLANE: VirtualAddressPlane = { activate: () => undefined, deactivate: () => undefined };

export const R1_CONFIG = `hostname R1
interface GigabitEthernet0/1
 ip address 10.0.0.2 255.255.255.0
 standby 1 ip 10.0.0.1
 standby 1 priority 110
 standby 1 preempt
interface GigabitEthernet0/2
 ip address 10.0.1.2 255.255.255.0
 shutdown
interface Loopback0
 ip address 192.0.2.1 255.255.255.255
`;

export const R2_CONFIG = `hostname R2
interface GigabitEthernet0/1
 ip address 10.0.0.3 255.255.255.0
 standby 1 ip 10.0.0.1
 standby 1 preempt
`;

export class FakeStore implements StartupStore {
  writes = 0;
  constructor(public text: string | undefined = undefined) {}
  read(): string | undefined {
    return this.text;
  }
  write(text: string): void {
    this.writes++;
    this.text = text;
  }
}

export const SYSTEM: SystemInfo = { viprVersion: '0.1.0', bootedAtMs: EPOCH, memoryKb: 2097152, arch: 'x64', serial: 'VIPR0000TEST' };

export interface Terminal {
  readonly session: CliSession;
  /** Everything received, CR LF kept. */
  raw(): string;
  /** Everything received with CR LF as \n. */
  screen(): string;
  /** What arrived since the last call. */
  take(): string;
  type(text: string | Uint8Array): string;
}

export function terminal(options: Partial<CliSessionOptions> & Pick<CliSessionOptions, 'router' | 'clock'>): Terminal {
  let all = '';
  let mark = 0;
  const session = new CliSession({
    system: SYSTEM,
    ...options,
    output: (b) => {
      all += Buffer.from(b).toString('latin1');
    },
  });
  const t: Terminal = {
    session,
    raw: () => all,
    screen: () => all.replace(/\r\n/g, '\n'),
    take: () => {
      const s = all.slice(mark).replace(/\r\n/g, '\n');
      mark = all.length;
      return s;
    },
    type: (text) => {
      session.input(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
      return t.take();
    },
  };
  return t;
}

export interface Lab {
  readonly clock: ManualClock;
  readonly r1: Router;
  readonly r2: Router;
  readonly log1: LogHub;
  readonly log2: LogHub;
  readonly segment: MemorySegment;
  readonly store: FakeStore;
  readonly shared: CliShared;
  /** The in-memory IP host of each router (counters, ARP, ICMP, ping). */
  readonly stack1: MemoryIpStack;
  readonly stack2: MemoryIpStack;
  /** How many times a session asked R1 (or R2) to reload. */
  readonly reloads: { r1: number; r2: number };
  /** The segment ports of R1's and R2's Gi0/1 (a cable pull is `setLinkUp(false)`). */
  readonly port1: MemoryPort;
  readonly port2: MemoryPort;
  open(opts?: { privilege?: number; line?: SessionLine; monitor?: boolean; router?: 'r1' | 'r2' }): Terminal;
}

export function lab(r1Config = R1_CONFIG, r2Config = R2_CONFIG): Lab {
  const clock = new ManualClock(EPOCH);
  const segment = new MemorySegment('lan', clock, 0, false);
  const build = (cfg: string, n: number, log: LogHub): [Router, MemoryIpStack, MemoryPort] => {
    const { config, diagnostics } = loadConfig(cfg);
    if (diagnostics.length > 0) throw new Error(JSON.stringify(diagnostics));
    let router: Router | undefined;
    const stack = new MemoryIpStack({ clock, config: (): RouterConfig => router?.config ?? config });
    const raw = segment.attach(`R${n}`, 'GigabitEthernet0/1', Uint8Array.of(0xaa, 0xbb, 0xcc, n, 1, 0));
    const port = stack.attach(raw);
    router = new Router({ config, clock, random: seededRandom(n), log, plane: stack.plane, ports: new Map([['GigabitEthernet0/1', port]]) });
    return [router, stack, raw];
  };
  const log1 = new LogHub();
  const log2 = new LogHub();
  const [r1, stack1, port1] = build(r1Config, 1, log1);
  const [r2, stack2, port2] = build(r2Config, 2, log2);
  const reloads = { r1: 0, r2: 0 };
  const store = new FakeStore();
  const shared = new CliShared();
  return {
    clock,
    r1,
    r2,
    log1,
    log2,
    segment,
    store,
    shared,
    stack1,
    stack2,
    reloads,
    port1,
    port2,
    open: (o = {}) => {
      const router = o.router === 'r2' ? r2 : r1;
      const log = o.router === 'r2' ? log2 : log1;
      const stack = o.router === 'r2' ? stack2 : stack1;
      const which = o.router === 'r2' ? 'r2' : 'r1';
      const t = terminal({
        router,
        clock,
        privilege: o.privilege ?? 15,
        line: o.line ?? { kind: 'vty', number: 0, user: 'admin', location: '192.0.2.100' },
        startup: store,
        log,
        logStore: log.buffer,
        logFeed: log,
        shared,
        providers: {
          interfaceStats: stack,
          neighbors: stack,
          pinger: stack,
          reload: () => {
            reloads[which]++;
          },
        },
        ...(o.monitor !== undefined ? { monitor: o.monitor } : {}),
      });
      t.session.start();
      return t;
    },
  };
}
