/**
 * `vipr lab` for real (issue 8): `up` as its own process builds the namespaces and leaves two detached
 * routers running the shipped configs (lab/local); they elect R1; the client reaches the gateway by its
 * virtual MAC and the server past it; `attach` runs CLI commands and host commands; pulling R1's LAN
 * cable moves both gateways to R2 (HSRP by link state, VRRP by tracking) while the client keeps
 * reaching the server; a router killed outright is reported; `down` leaves no namespace, process or
 * file behind, and a second `down` finds nothing to do.
 *
 * The lab gets a prefix of the form `vipr-t-<pid>-0-…` so that test/support/netns.ts's sweep removes
 * it should this process die before afterAll, and a directory of its own: it never meets a user's lab.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { processAlive } from '../../src/runtime/process.js';
import { REPO_ROOT } from '../support/tshark.js';
import { viprCli } from '../support/vipr-process.js';

const PREFIX = `vipr-t-${process.pid}-0-lab`;
const NODES = ['r1', 'r2', 'client', 'server', 'sw'];
/** `standby 1 timers 1 3` in lab/local/*.cfg. */
const HOLD_MS = 3000;

interface Result {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** `vipr lab ...` in this process (everything but `up`, which must start routers from a real entry script). */
async function lab(dir: string, ...args: string[]): Promise<Result> {
  const out = new PassThrough();
  const err = new PassThrough();
  const o: Buffer[] = [];
  const e: Buffer[] = [];
  out.on('data', (b: Buffer) => o.push(b));
  err.on('data', (b: Buffer) => e.push(b));
  const [action, ...rest] = args;
  const code = await main(['lab', action as string, ...rest, '--prefix', PREFIX, '--dir', dir], { stdout: out, stderr: err });
  return { code, out: Buffer.concat(o).toString('utf8'), err: Buffer.concat(e).toString('utf8') };
}

/** `vipr lab up` as its own process, as a user runs it: it must exit while its routers keep running. */
function labUp(dir: string, ...extra: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'test/lab/vipr-entry.ts', 'lab', 'up', '--prefix', PREFIX, '--dir', dir, ...extra],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 110_000 },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, out: stdout, err: stderr }),
    );
  });
}

function namespaces(): string[] {
  try {
    return readdirSync('/run/netns').filter((n) => n.startsWith(`${PREFIX}-`));
  } catch {
    return [];
  }
}

/** Whether the process is a `vipr run` (its argv holds `run`), not one of the commands it runs. */
function isViprRun(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('run');
  } catch {
    return false;
  }
}

function pidsIn(ns: string): number[] {
  try {
    return execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' })
      .split(/\s+/)
      .filter((p) => p !== '')
      .map(Number);
  } catch {
    return [];
  }
}

function inNs(node: string, cmd: string, ...args: string[]): string {
  return execFileSync('ip', ['netns', 'exec', `${PREFIX}-${node}`, cmd, ...args], { encoding: 'utf8' });
}

/** Pings from a lab node until one answer comes back, or throws. */
async function reaches(node: string, address: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      inNs(node, 'ping', ...(address.includes(':') ? ['-6'] : []), '-c', '1', '-W', '0.3', address);
      return;
    } catch {
      if (Date.now() > until) throw new Error(`${address} unreachable from ${node} for ${timeoutMs} ms`);
    }
  }
}

interface Hsrp {
  readonly ifName: string;
  readonly group: number;
  readonly state: string;
}

/** A router's state for one HSRP group, from its own snapshot over its CLI socket. */
async function hsrpState(dir: string, router: string, group: number): Promise<string | undefined> {
  const groups = JSON.parse(await viprCli(join(dir, `${router}.sock`), 'show standby | json')) as Hsrp[];
  return groups.find((g) => g.ifName === 'GigabitEthernet0/1' && g.group === group)?.state;
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

describe('vipr lab: two routers, a client and a server in network namespaces', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'vipr-lab-')), 'lab');
  let upResult: Result;

  // A ceiling for a loaded machine, not a timing: the elections alone take about 15 s (hello 1 s, hold 3 s).
  beforeAll(async () => {
    upResult = await labUp(dir);
  }, 120_000);

  afterAll(async () => {
    await lab(dir, 'down').catch(() => undefined);
    // Whatever `down` could not remove (a failing test is how one finds out it has a bug).
    for (const ns of namespaces()) {
      for (const pid of pidsIn(ns).filter(processAlive)) process.kill(pid, 'SIGKILL');
      execFileSync('ip', ['netns', 'del', ns]);
    }
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }, 60_000);

  it('up builds the lab, leaves both routers running and elects R1 on the shipped configs', async () => {
    expect(upResult.err).toBe('');
    expect(upResult.code).toBe(0);
    expect(namespaces().sort()).toEqual(NODES.map((n) => `${PREFIX}-${n}`).sort());
    // The `up` process has exited; its routers live on in their namespaces.
    // (Counting the vipr processes only: a router may be running `ip` at that very moment.)
    for (const r of ['r1', 'r2']) expect(pidsIn(`${PREFIX}-${r}`).filter(processAlive).filter(isViprRun)).toHaveLength(1);
    expect(await hsrpState(dir, 'r1', 1)).toBe('active');
    expect(await hsrpState(dir, 'r2', 1)).toBe('standby');
    expect(await hsrpState(dir, 'r1', 6)).toBe('active');
    // The summary it printed: both routers' groups and every probe answered.
    expect(upResult.out).toMatch(/R1#show standby brief\n[\s\S]*Gi0\/1\s+1\s+110 P Active\s+local\s+192\.0\.2\.3\s+192\.0\.2\.1/);
    expect(upResult.out).toMatch(/R2#show vrrp brief\n[\s\S]*Gi0\/2\s+2 IPv4 100\s+\d+\s+N\s+Y\s+BACKUP\s+198\.51\.100\.2 198\.51\.100\.1/);
    expect(upResult.out).not.toContain('no answer');
    expect(upResult.out).toMatch(/lab attach r1/);
  });

  it('the client reaches its gateway by the virtual MAC and the server past it, over IPv4 and IPv6', async () => {
    await reaches('client', '192.0.2.1', 3000);
    expect(inNs('client', 'ip', 'neigh', 'show', '192.0.2.1')).toContain('00:00:0c:9f:f0:01');
    await reaches('client', '198.51.100.100', 3000);
    await reaches('client', '2001:db8:2::100', 3000);
    // Only the Active router holds the VIP (DESIGN D3).
    expect(inNs('r2', 'ip', '-br', 'addr')).not.toContain('192.0.2.1/');
    expect(inNs('r1', 'ip', '-br', 'addr')).toContain('192.0.2.1/32');
  });

  it('attach runs IOS commands on a router and shell commands on a host', async () => {
    const cli = await lab(dir, 'attach', 'r2', '-c', 'show standby brief', '-c', 'show running-config | include hostname');
    expect(cli.code).toBe(0);
    expect(cli.out).toMatch(/Gi0\/1\s+1\s+100 P Standby 192\.0\.2\.2\s+local\s+192\.0\.2\.1/);
    expect(cli.out).toContain('hostname R2');
    const host = await lab(dir, 'attach', 'client', '-c', 'ip -br addr show eth0; exit 3');
    expect(host.code).toBe(3);
    expect(host.out).toContain('192.0.2.10/24');
    const unknown = await lab(dir, 'attach', 'r3');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown node 'r3'");
  });

  it('up without its startup-configs fails before building anything', async () => {
    const other = `${PREFIX}2`;
    const empty = mkdtempSync(join(tmpdir(), 'vipr-lab-cfg-'));
    const out = new PassThrough();
    const err: Buffer[] = [];
    out.on('data', (b: Buffer) => err.push(b));
    try {
      const code = await main(['lab', 'up', '--prefix', other, '--dir', join(empty, 'lab'), '--configs', empty], { stdout: out, stderr: out });
      expect(code).toBe(1);
      expect(Buffer.concat(err).toString('utf8')).toContain(`${join(empty, 'r1.cfg')}: no such file`);
      expect(readdirSync('/run/netns').filter((n) => n.startsWith(`${other}-`))).toEqual([]);
      expect(existsSync(join(empty, 'lab'))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('up on a running lab says so and changes nothing', async () => {
    const before = pidsIn(`${PREFIX}-r1`);
    const again = await lab(dir, 'up');
    expect(again.code).toBe(0);
    expect(again.out).toContain('already up');
    expect(pidsIn(`${PREFIX}-r1`)).toEqual(before);
  });

  it("pulling R1's LAN cable moves the LAN gateway to R2 within the hold time, and the client still reaches the server", async () => {
    execFileSync('ip', ['-n', `${PREFIX}-sw`, 'link', 'set', 'r1-lan', 'down']);
    const takeover = await until('R2 Active', HOLD_MS + 3000, async () => (await hsrpState(dir, 'r2', 1)) === 'active');
    console.log(`R2 Active ${takeover} ms after R1's LAN cable was pulled (R1 cannot resign on a dead link: R2 waits out the hold time)`);
    // The way back from the server goes through VRRP group 2, which R1 gives up by tracking its LAN link.
    await reaches('client', '198.51.100.100', HOLD_MS + 3000);
    await reaches('client', '2001:db8:2::100', HOLD_MS + 3000);
    execFileSync('ip', ['-n', `${PREFIX}-sw`, 'link', 'set', 'r1-lan', 'up']);
    // R1 preempts (priority 110 over 100).
    await until('R1 Active again', 4 * HOLD_MS, async () => (await hsrpState(dir, 'r1', 1)) === 'active');
    await reaches('client', '198.51.100.100', HOLD_MS);
  });

  it('a router that dies is taken over by the other and reported by status', async () => {
    const [pid] = pidsIn(`${PREFIX}-r1`);
    expect(pid).toBeDefined();
    process.kill(pid as number, 'SIGKILL');
    await until('R2 Active after SIGKILL of R1', HOLD_MS + 3000, async () => (await hsrpState(dir, 'r2', 1)) === 'active');
    await reaches('client', '198.51.100.100', HOLD_MS + 3000);
    const status = await lab(dir, 'status');
    expect(status.code).toBe(1);
    expect(status.out).toContain('R1 is not running');
  });

  it('down removes every namespace, process and file; a second down has nothing to do', async () => {
    const pids = NODES.flatMap((n) => pidsIn(`${PREFIX}-${n}`));
    expect(readFileSync(join(dir, 'r2.log'), 'utf8')).toMatch(/Grp 1 state \w+ -> Active/);
    const down = await lab(dir, 'down');
    expect(down.err).toBe('');
    expect(down.code).toBe(0);
    expect(namespaces()).toEqual([]);
    expect(pids.filter(processAlive)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
    const again = await lab(dir, 'down');
    expect(again.code).toBe(0);
    expect(again.out).toContain('nothing to remove');
    const status = await lab(dir, 'status');
    expect(status.code).toBe(3);
  });
});
