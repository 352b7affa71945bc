/**
 * `vipr run` as a real process inside a test namespace, for the interop and hardening tests: start it
 * from a config text, wait for its log lines, talk to its CLI socket, and ping through it.
 */
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/main.js';
import type { NetnsLab } from './netns.js';

export interface ViprProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything it wrote to stdout and stderr, in arrival order. */
  readonly out: string[];
  /** Its CLI socket (`vipr cli --socket`). */
  readonly socket: string;
  readonly configFile: string;
}

/**
 * Starts `vipr run` in `ns` with `configText` as its startup-config (undefined: the file already there,
 * as a restarted router finds what it saved); its files (config, state, CLI socket) live in `dir`
 * under `name`. Runs the TypeScript sources through tsx, so no build is needed.
 */
export function startVipr(lab: NetnsLab, ns: string, dir: string, name: string, configText: string | undefined, extraArgs: readonly string[] = []): ViprProcess {
  const configFile = join(dir, `${name}.cfg`);
  if (configText !== undefined) writeFileSync(configFile, configText);
  const socket = join(dir, `${name}.sock`);
  const child = lab.spawn(ns, process.execPath, [
    '--import',
    'tsx',
    '--input-type=module',
    '-e',
    "import { main } from './src/main.ts'; process.exitCode = await main(process.argv.slice(1));",
    'run',
    '--config',
    configFile,
    '--state',
    join(dir, `${name}.state.json`),
    '--ssh-port',
    '0',
    '--socket',
    socket,
    ...extraArgs,
  ]);
  const out: string[] = [];
  child.stdout?.on('data', (b: Buffer) => out.push(b.toString('utf8')));
  child.stderr?.on('data', (b: Buffer) => out.push(b.toString('utf8')));
  return { name, child, out, socket, configFile };
}

/** How many output lines the router has written so far: a mark for waitForLine's `sinceLine`. */
export function lineMark(r: ViprProcess): number {
  return r.out.join('').split('\n').length - 1;
}

/**
 * Resolves with the first output line matching `pattern`: earlier output included, from line
 * `sinceLine` on (a lineMark taken before the event whose log line is awaited).
 */
export function waitForLine(r: ViprProcess, pattern: RegExp, timeoutMs: number, sinceLine = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      const hit = r.out.join('').split('\n').slice(sinceLine).find((l) => pattern.test(l));
      if (hit !== undefined) return resolve(hit);
      if (Date.now() - started > timeoutMs) return reject(new Error(`${r.name}: no ${pattern} within ${timeoutMs} ms; output:\n${r.out.join('')}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

/** Runs one command through `vipr cli --socket … -c …` and returns its output. */
export async function viprCli(socket: string, command: string): Promise<string> {
  const chunks: Buffer[] = [];
  const stdout = new PassThrough();
  stdout.on('data', (b: Buffer) => chunks.push(b));
  const code = await main(['cli', '--socket', socket, '-c', command], { stdout, stderr: stdout });
  if (code !== 0) throw new Error(`vipr cli -c '${command}' exited ${code}: ${Buffer.concat(chunks).toString('utf8')}`);
  return Buffer.concat(chunks).toString('utf8');
}

/** Stops a router with `signal` and resolves once it has exited. */
export async function stopVipr(r: ViprProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (r.child.exitCode !== null || r.child.signalCode !== null) return;
  const exited = new Promise((resolve) => r.child.once('exit', resolve));
  r.child.kill(signal);
  await exited;
}

/** Pings until one echo comes back; returns how long that took (ms). */
export async function reachable(lab: NetnsLab, ns: string, address: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  const ping = address.includes(':') ? ['-6', '-c', '1', '-W', '0.2', address] : ['-c', '1', '-W', '0.2', address];
  for (;;) {
    try {
      lab.exec(ns, 'ping', ping);
      return Date.now() - started;
    } catch {
      if (Date.now() - started > timeoutMs) throw new Error(`${address} unreachable from ${ns} for ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The hardening tests' pair: HSRPv2 group 1 (300/900 ms timers) and VRRPv2 group 5 on Gi0/1. */
export const PAIR_HELLO_MS = 300;
export const PAIR_HOLD_MS = 900;

/**
 * A router of that pair on `subnet`.0/24 (e.g. '10.66.0'): its address `.host`, HSRP VIP `.1`, VRRP
 * VIP `.5`, both at `priority` with preemption; `extra` lines go into the interface (authentication).
 */
export function pairConfig(name: string, subnet: string, host: number, priority: number, extra: readonly string[] = []): string {
  return [
    `hostname ${name}`,
    'interface GigabitEthernet0/1',
    ` ip address ${subnet}.${host} 255.255.255.0`,
    ' standby version 2',
    ` standby 1 ip ${subnet}.1`,
    ` standby 1 timers msec ${PAIR_HELLO_MS} msec ${PAIR_HOLD_MS}`,
    ` standby 1 priority ${priority}`,
    ' standby 1 preempt',
    ` vrrp 5 ip ${subnet}.5`,
    ` vrrp 5 priority ${priority}`,
    ...extra.map((l) => ` ${l}`),
    '!',
    'end',
    '',
  ].join('\n');
}

/** Waits for the pair's first election: `leader` HSRP Active and VRRP Master, `other` HSRP Standby. */
export async function pairElected(leader: ViprProcess, other: ViprProcess): Promise<void> {
  await waitForLine(leader, /Grp 1 state \w+ -> Active/, 20_000);
  await waitForLine(other, /Grp 1 state Speak -> Standby/, 20_000);
  await waitForLine(leader, /Grp 5 state Backup -> Master/, 20_000);
}
