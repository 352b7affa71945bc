/**
 * Persistence (issue 9, DESIGN D4).
 *
 * 1. `write memory` under SIGKILL: a child process saves two different configurations in turn through
 *    FileStartupStore, as fast as it can, and is killed at a random moment, round after round. After
 *    every kill the startup-config is one of the complete files (the one from before the first round,
 *    or either of the two), loads without an error and ends with `end`; leftovers of killed writers
 *    never pile up (at most the last victim's, removed by the next write).
 * 2. A corrupt startup-config (binary garbage, a line cut in the middle, bad lines among good ones):
 *    `vipr run` loads every good line, logs each bad one with its file, line and column and IOS's
 *    `% Invalid input detected at '^' marker.`, and keeps running (its CLI answers).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { renderConfig } from '../../src/config/render.js';
import { FileStartupStore } from '../../src/config/startup-store.js';
import { seededRandom } from '../../src/runtime/random.js';
import { NetnsLab } from '../support/netns.js';
import { REPO_ROOT } from '../support/tshark.js';
import { startVipr, stopVipr, viprCli, waitForLine, type ViprProcess } from '../support/vipr-process.js';

const dir = mkdtempSync(join(tmpdir(), 'vipr-persist-'));
const lab = new NetnsLab('persist');
const routers: ViprProcess[] = [];

afterAll(async () => {
  for (const r of routers) await stopVipr(r, 'SIGKILL');
  await lab.cleanup();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

/** A rendered running-config of `n` interfaces: what `write memory` writes, big enough that a write takes a while. */
function savedConfig(hostname: string, n: number): string {
  const lines = [`hostname ${hostname}`];
  for (let i = 1; i <= n; i++) {
    lines.push(`interface GigabitEthernet0/${i}`, ` description ${hostname} uplink ${i}`, ` ip address 10.${i >> 8}.${i & 0xff}.2 255.255.255.0`, ` standby ${i % 256} ip 10.${i >> 8}.${i & 0xff}.1`, ` standby ${i % 256} priority ${100 + (i % 50)}`, ' standby 1 preempt');
  }
  const text = renderConfig(loadConfig(lines.join('\n')).config);
  if (!text.endsWith('end\n')) throw new Error('a rendered configuration ends with end');
  return text;
}

function temporaries(path: string): string[] {
  const base = path.split('/').pop() as string;
  return readdirSync(dir).filter((n) => n.startsWith(`.${base}.`) && n.endsWith('.tmp'));
}

/** Each round starts a writer process (~0.3 s on an idle machine, several seconds on a busy one). */
const ROUNDS = 10;

describe('write memory under SIGKILL', () => {
  it(`${ROUNDS} rounds: the startup-config is always a complete old or new file, and temporary files do not pile up`, async () => {
    const path = join(dir, 'startup-config');
    const before = savedConfig('BEFORE', 40);
    const a = savedConfig('ALPHA', 400);
    const b = savedConfig('BRAVO', 400);
    writeFileSync(path, before);
    writeFileSync(join(dir, 'a.txt'), a);
    writeFileSync(join(dir, 'b.txt'), b);
    const script = `import { readFileSync } from 'node:fs';
import { FileStartupStore } from ${JSON.stringify(join(REPO_ROOT, 'src/config/startup-store.ts'))};
const [path, a, b] = process.argv.slice(1);
const texts = [readFileSync(a, 'utf8'), readFileSync(b, 'utf8')];
const store = new FileStartupStore(path);
process.stdout.write('writing\\n');
for (let i = 0; ; i++) store.write(texts[i % 2]);`;
    const random = seededRandom(9);
    const seen = new Set<string>();
    let killedMidWrite = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, path, join(dir, 'a.txt'), join(dir, 'b.txt')], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`the writer exited (${String(code)}) before writing: ${stderr}`)));
      });
      await new Promise((r) => setTimeout(r, Math.floor(random() * 40)));
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      const text = readFileSync(path, 'utf8');
      const which = text === before ? 'before' : text === a ? 'alpha' : text === b ? 'bravo' : undefined;
      expect(which, `round ${round}: ${text.length} bytes, ending ${JSON.stringify(text.slice(-40))}`).toBeDefined();
      seen.add(which as string);
      expect(text.endsWith('end\n')).toBe(true);
      expect(loadConfig(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      // The victim's own temporary file may remain; every earlier one was removed by a later write.
      const left = temporaries(path);
      expect(left.length, `round ${round}: ${left.join(', ')}`).toBeLessThanOrEqual(1);
      killedMidWrite += left.length;
    }
    // The kills did land both between writes' renames (the file changed) and inside writes (a temporary file was left).
    expect(seen.has('alpha') || seen.has('bravo')).toBe(true);
    expect(killedMidWrite).toBeGreaterThan(0);
    // The next `write memory` clears what the dead writers left.
    new FileStartupStore(path).write(a);
    expect(temporaries(path)).toEqual([]);
    expect(readFileSync(path, 'utf8')).toBe(a);
  }, 120_000);

  it("a live writer's temporary file is never taken for a leftover", () => {
    const path = join(dir, 'shared-config');
    const live = join(dir, `.shared-config.${process.ppid}.tmp`);
    const dead = join(dir, '.shared-config.999999999.tmp');
    writeFileSync(live, 'partial');
    writeFileSync(dead, 'partial');
    new FileStartupStore(path).write('hostname R1\nend\n');
    expect(temporaries(path)).toEqual([`.shared-config.${process.ppid}.tmp`]);
    rmSync(live);
  });
});

/** `vipr cli -c` once the router's socket is up (its configuration is logged before the socket opens). */
async function cliWhenUp(r: ViprProcess, command: string, timeoutMs = 60_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    try {
      return await viprCli(r.socket, command);
    } catch (e) {
      if (r.child.exitCode !== null || r.child.signalCode !== null) throw new Error(`vipr exited: ${r.out.join('')}`);
      if (Date.now() - started > timeoutMs) throw e;
      await new Promise((res) => setTimeout(res, 200));
    }
  }
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('a corrupt startup-config', () => {
  const GOOD = ['hostname CORRUPT', 'interface GigabitEthernet0/1', ' ip address 10.7.0.2 255.255.255.0', ' standby 7 ip 10.7.0.1', ' standby 7 priority 120'];
  const garbage = Buffer.from([0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x41, 0x07, 0x80, 0x9f, 0x20, 0x41]).toString('latin1');
  const MIXED = [
    GOOD[0],
    'hostnme TYPO',
    GOOD[1],
    GOOD[2],
    ` standby 7 ip 10.7.0.1 ${garbage}`,
    garbage,
    GOOD[3],
    ' standby 7 bogus 3',
    GOOD[4],
    'interface GigabitEthernet0/2',
    ' ip addr 10.8.0.2 255.255.',
  ];
  let mixed: ViprProcess;
  let binary: ViprProcess;

  // Both routers start together: each takes seconds to come up on a busy machine.
  beforeAll(() => {
    const ns = lab.namespace('r');
    lab.veth(ns, 'eth1', lab.namespace('sw'), 'p1');
    mixed = startVipr(lab, ns, dir, 'corrupt', MIXED.join('\n'));
    routers.push(mixed);
    const bytes = Buffer.alloc(4096);
    const random = seededRandom(4);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
    writeFileSync(join(dir, 'garbage.cfg'), bytes);
    binary = startVipr(lab, lab.namespace('g'), dir, 'garbage', undefined);
    routers.push(binary);
  }, 30_000);

  it('bad lines among good ones, binary garbage and a line cut short: every good line loads, each bad one is logged with its line, the router runs', async () => {
    const file = escaped(mixed.configFile);
    // The line numbers are those of the file (1-based): 2, 5, 6, 8 and 11 are bad.
    for (const n of [2, 5, 6, 8, 11]) {
      const line = await waitForLine(mixed, new RegExp(`%VIPR-4-CONFIG: ${file}:${n}:\\d+: % Invalid input detected at '\\^' marker\\.`), 60_000);
      expect(line).toBeDefined();
    }
    const running = await cliWhenUp(mixed, 'show running-config');
    const log = mixed.out.join('');
    for (const n of [1, 3, 4, 7, 9, 10]) expect(log).not.toMatch(new RegExp(`${file}:${n}:`));
    expect(running).toContain('hostname CORRUPT');
    expect(running).toContain('standby 7 ip 10.7.0.1');
    expect(running).toContain('standby 7 priority 120');
    expect(running).toContain('interface GigabitEthernet0/2');
    expect(mixed.child.exitCode).toBeNull();
  }, 90_000);

  it('a file of binary garbage: every bad line is reported, the router still serves its CLI', async () => {
    await waitForLine(binary, /%VIPR-4-CONFIG: .*garbage\.cfg:\d+:\d+: % /, 60_000);
    const running = await cliWhenUp(binary, 'show running-config | include hostname');
    expect(running).toMatch(/^hostname \S+/m);
    expect(binary.child.exitCode).toBeNull();
  }, 90_000);
});
