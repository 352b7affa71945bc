/**
 * The few system calls the local lab needs: iproute2 (`ip`, `ip netns exec`), process liveness by
 * pid and the processes inside a namespace. Failures carry the command and what it printed on stderr,
 * so `vipr lab up` can say why a step failed.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { processAlive } from '../runtime/process.js';

export class LabSystemError extends Error {}

export interface Ran {
  readonly ok: boolean;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion; never throws (a missing executable is `ok: false` with the reason). */
export function run(cmd: string, args: readonly string[], timeoutMs = 10_000): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(cmd, [...args], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) return resolve({ ok: true, code: 0, stdout, stderr });
      const e = error as NodeJS.ErrnoException & { code?: number | string };
      const reason = e.code === 'ENOENT' ? `${cmd}: not found (is iproute2 installed?)` : stderr.trim() || e.message;
      resolve({ ok: false, code: typeof e.code === 'number' ? e.code : null, stdout, stderr: reason });
    });
  });
}

/** Runs a command that must succeed: its failure is a LabSystemError naming the command. */
export async function must(cmd: string, args: readonly string[]): Promise<string> {
  const r = await run(cmd, args);
  if (!r.ok) throw new LabSystemError(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** `ip ARGS...` */
export function ip(...args: string[]): Promise<string> {
  return must('ip', args);
}

/** `ip netns exec NS CMD ARGS...`, which must succeed. */
export function inNamespace(ns: string, cmd: string, args: readonly string[]): Promise<string> {
  return must('ip', ['netns', 'exec', ns, cmd, ...args]);
}

/** The named network namespaces (`ip netns add` makes a file under /run/netns for each). */
export function listNamespaces(): Set<string> {
  try {
    return new Set(readdirSync('/run/netns'));
  } catch {
    return new Set();
  }
}

/**
 * The process's command line, or undefined when it is gone. Used before signalling a pid read from a
 * file: a pid can be reused by an unrelated process once the router has exited.
 */
export function commandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a.length > 0);
  } catch {
    return undefined;
  }
}

/** The pids of the processes in a namespace (none when it does not exist). */
export async function namespacePids(ns: string): Promise<number[]> {
  const r = await run('ip', ['netns', 'pids', ns]);
  if (!r.ok) return [];
  return r.stdout
    .split(/\s+/)
    .filter((p) => /^\d+$/.test(p))
    .map(Number);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Waits until none of the pids is alive, or the time is up; returns those still alive. */
export async function waitGone(pids: readonly number[], timeoutMs: number): Promise<number[]> {
  const until = Date.now() + timeoutMs;
  let left = pids.filter(processAlive);
  while (left.length > 0 && Date.now() < until) {
    await sleep(50);
    left = left.filter(processAlive);
  }
  return left;
}
