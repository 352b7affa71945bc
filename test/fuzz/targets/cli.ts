/**
 * Fuzz target for the CLI session (src/cli/session.ts) on a real router with the in-memory providers
 * (test/cli/support/lab.ts): sequences of keystrokes — commands of every mode finished by Enter, `?`,
 * Tab, Ctrl-Z or nothing, control characters, escape sequences, binary bytes, 20,000-character lines —
 * with the router's clock moving between them (ping, exec-timeout, log messages).
 *
 * Properties, after every event:
 *  - no exception escapes `input()`;
 *  - the prompt is one line, ends in `>` (user EXEC), `#` (privileged EXEC) or `(mode)#`, and a
 *    configuration mode is never reached below privilege 15 (user EXEC cannot configure);
 *  - privilege 15 is reached from user EXEC only by typing the enable password;
 *  - the running-config changes only on Enter in a configuration mode at privilege 15, and the
 *    configuration the session leaves behind renders → loads → renders to itself (only valid commands
 *    got in).
 */
import fc from 'fast-check';
import { loadConfig } from '../../../src/config/load.js';
import { renderConfig } from '../../../src/config/render.js';
import { CliShared } from '../../../src/cli/session.js';
import { LogHub } from '../../../src/cli/log-hub.js';
import { MemoryIpStack } from '../../../src/cli/memory/ip-stack.js';
import { MemorySegment } from '../../../src/dataplane/memory/segment.js';
import type { RouterConfig } from '../../../src/model/types.js';
import { Router } from '../../../src/router/router.js';
import { ManualClock } from '../../../src/runtime/clock.js';
import { seededRandom } from '../../../src/runtime/random.js';
import { EPOCH, FakeStore, R1_CONFIG, terminal } from '../../cli/support/lab.js';
import { defineTarget, expectThat } from '../support/target.js';

/** The enable password of the fuzzed router (type 0: checked without scrypt, so runs stay fast). */
export const ENABLE_PASSWORD = 's3cret';

const COMMANDS = [
  'show running-config',
  'show running-config | include standby',
  'show standby brief',
  'show standby',
  'show vrrp',
  'show ip interface brief',
  'show interfaces',
  'show users',
  'show history',
  'show logging',
  'show privilege',
  'show startup-config',
  'show version',
  'configure terminal',
  'conf t',
  'configure',
  'enable',
  'disable',
  'end',
  'exit',
  'logout',
  'terminal length 0',
  'terminal monitor',
  'write memory',
  'copy running-config startup-config',
  'reload',
  'ping 10.0.0.3',
  'traceroute 10.0.0.3',
  'debug standby',
  'undebug all',
  'clear counters',
  'interface GigabitEthernet0/1',
  'int gi0/2',
  'interface Loopback7',
  'standby 1 priority 120',
  'standby 1 preempt delay minimum 5',
  'no standby 1 preempt',
  'standby 2 ip 10.0.0.50',
  'vrrp 5 ip 10.0.0.60',
  'ip address 10.0.0.9 255.255.255.0',
  'no shutdown',
  'shutdown',
  'hostname R9',
  'hostname a-very-long-hostname-for-prompts',
  'banner motd ^Hello',
  'banner login #x#',
  'do show standby brief',
  'line vty 0 4',
  'exec-timeout 0 5',
  'privilege level 15',
  'username bob privilege 15 password 0 bobpw',
  'enable password 0 other',
  'service password-encryption',
  'track 1 interface GigabitEthernet0/2 line-protocol',
  'router ospf 1',
  ENABLE_PASSWORD,
  'y',
  'n',
  'terminal',
  '',
];

const TERMINATORS = ['\r', '\n', '\r\n', '\r\0', '?', '\t', '', '\x1a', '\x03', ' ?', '\x15'];
const ESCAPES = ['\x1b[A', '\x1b[B', '\x1b[C', '\x1b[D', '\x1b[3~', '\x1b[1~', '\x1b[4~', '\x1bOH', '\x1bOF', '\x1bb', '\x1bf', '\x1b', '\x1b[', '\x1b[99;99;99;99;99;99;99X', '\x1b]0;title\x07'];

export type CliEvent = { readonly keys: string } | { readonly tickMs: number };

const event: fc.Arbitrary<CliEvent> = fc.oneof(
  { arbitrary: fc.tuple(fc.constantFrom(...COMMANDS), fc.constantFrom(...TERMINATORS)).map(([c, t]) => ({ keys: c + t })), weight: 8 },
  { arbitrary: fc.integer({ min: 0, max: 31 }).map((c) => ({ keys: String.fromCharCode(c) })), weight: 2 },
  { arbitrary: fc.constantFrom(...ESCAPES).map((keys) => ({ keys })), weight: 2 },
  { arbitrary: fc.constantFrom('?', '\t', ' ', '\x7f', '\x08', '\x16?', '|').map((keys) => ({ keys })), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 24 }).map((keys) => ({ keys })), weight: 1 },
  { arbitrary: fc.uint8Array({ maxLength: 24 }).map((b) => ({ keys: Buffer.from(b).toString('latin1') })), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom('a', 'show ', 'x '), fc.integer({ min: 1000, max: 20_000 }), fc.constantFrom('\r', '?', '\t', '')).map(([w, n, t]) => ({ keys: w.repeat(Math.ceil(n / w.length)) + t })), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 15_000 }).map((tickMs) => ({ tickMs })), weight: 2 },
);

export interface CliInput {
  /** The session's starting level: 1 (a user without privilege, `R1>`) or 15. */
  readonly privilege: 1 | 15;
  readonly events: readonly CliEvent[];
}

const PROMPT = /^[^\x00-\x1f\x7f]{1,63}(\([a-z0-9-]+\))?[>#]$/;

let base: RouterConfig | undefined;

/** The router's configuration, loaded once: models are immutable, every run starts from the same one. */
function baseConfig(): RouterConfig {
  if (base !== undefined) return base;
  const r = loadConfig(`${R1_CONFIG}enable password 0 ${ENABLE_PASSWORD}\n`);
  if (r.diagnostics.length > 0) throw new Error(JSON.stringify(r.diagnostics));
  base = r.config;
  return base;
}

/** One router on an in-memory LAN with its simulated IP host (ping, ARP, counters), as test/cli/support/lab.ts builds them. */
function router(): { clock: ManualClock; r1: Router; log: LogHub; stack: MemoryIpStack } {
  const clock = new ManualClock(EPOCH);
  const segment = new MemorySegment('lan', clock, 0, false);
  const config = baseConfig();
  let r1: Router | undefined;
  const stack = new MemoryIpStack({ clock, config: (): RouterConfig => r1?.config ?? config });
  const port = stack.attach(segment.attach('R1', 'GigabitEthernet0/1', Uint8Array.of(0xaa, 0xbb, 0xcc, 1, 1, 0)));
  const log = new LogHub();
  r1 = new Router({ config, clock, random: seededRandom(1), log, plane: stack.plane, ports: new Map([['GigabitEthernet0/1', port]]) });
  return { clock, r1, log, stack };
}

export interface CliStep {
  readonly event: CliEvent;
  readonly before: { readonly mode: string; readonly privilege: number };
  readonly prompt: string | undefined;
  readonly mode: string;
  readonly privilege: number;
  readonly configChanged: boolean;
  /** What the session printed for this event. */
  readonly output: string;
  /** Everything typed up to and including this event. */
  readonly typed: string;
}

/** Runs the events in a fresh session on a fresh router; one step per keystroke event. */
export function runCli(input: CliInput): { readonly steps: readonly CliStep[]; readonly config: RouterConfig } {
  const l = router();
  const t = terminal({
    router: l.r1,
    clock: l.clock,
    privilege: input.privilege,
    line: { kind: 'vty', number: 0, user: 'fuzz', location: '192.0.2.100' },
    startup: new FakeStore(),
    log: l.log,
    logStore: l.log.buffer,
    logFeed: l.log,
    shared: new CliShared(),
    monitor: false,
    providers: { interfaceStats: l.stack, neighbors: l.stack, pinger: l.stack, reload: () => undefined },
  });
  t.session.start();
  t.take();
  const s = t.session;
  const steps: CliStep[] = [];
  let typed = '';
  for (const e of input.events) {
    if ('tickMs' in e) {
      l.clock.advance(e.tickMs);
      continue;
    }
    if (s.closed) break;
    const before = { config: l.r1.config, mode: s.mode, privilege: s.currentPrivilege };
    const output = t.type(e.keys);
    typed += e.keys;
    steps.push({
      event: e,
      before: { mode: before.mode, privilege: before.privilege },
      prompt: s.closed ? undefined : s.prompt,
      mode: s.mode,
      privilege: s.currentPrivilege,
      configChanged: l.r1.config !== before.config,
      output,
      typed,
    });
  }
  const config = l.r1.config;
  s.close();
  l.r1.shutdown();
  return { steps, config };
}

function checkCli(input: CliInput): void {
  const { steps, config } = runCli(input);
  for (const [i, st] of steps.entries()) {
    const where = (): string => `keystroke event ${i} ${JSON.stringify(st.event)}`;
    if (st.prompt === undefined) break;
    expectThat(PROMPT.test(st.prompt), () => `${where()}: prompt ${JSON.stringify(st.prompt)} is not an IOS prompt`);
    expectThat(st.mode === 'exec' || st.privilege >= 15, () => `${where()}: configuration mode ${st.mode} at privilege ${st.privilege}`);
    expectThat(st.mode !== 'exec' || st.prompt.endsWith(st.privilege >= 15 ? '#' : '>'), () => `${where()}: prompt ${String(st.prompt)} at privilege ${st.privilege}`);
    const keys = 'keys' in st.event ? st.event.keys : '';
    if (st.before.privilege < 15 && st.privilege >= 15) {
      expectThat(st.typed.includes(ENABLE_PASSWORD) && /[\r\n]/.test(keys), () => `${where()}: privilege ${st.before.privilege} → ${st.privilege} without the enable password`);
    }
    if (st.configChanged) {
      expectThat(st.before.mode !== 'exec' && st.before.privilege >= 15, () => `${where()}: the running-config changed from ${st.before.mode} at privilege ${st.before.privilege}`);
      expectThat(/[\r\n]/.test(keys), () => `${where()}: the running-config changed without Enter`);
    }
  }
  const rendered = renderConfig(config);
  const again = loadConfig(rendered);
  const errors = again.diagnostics.filter((d) => d.severity === 'error');
  expectThat(errors.length === 0, () => `the session left a running-config that does not load: ${JSON.stringify(errors.slice(0, 3))}`);
  expectThat(renderConfig(again.config) === rendered, () => 'the session left a running-config that does not render back to itself');
}

export const cliTarget = defineTarget<CliInput>({
  name: 'cli-session',
  what: 'a VTY session at privilege 1 or 15 on a running router: 1–12 events of commands (+ Enter, ?, Tab, ^Z, ^C…), control characters, escape sequences, binary, 1,000–20,000-character lines, clock ticks',
  arbitrary: () => fc.record({ privilege: fc.constantFrom(1 as const, 15 as const), events: fc.array(event, { minLength: 1, maxLength: 12 }) }),
  check: checkCli,
  toJson: (i) => i,
  fromJson: (j) => j as CliInput,
});
