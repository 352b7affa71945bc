/**
 * Per-namespace sysctls (ip-sysctl.rst). Keys are paths under /proc/sys with `/` separators
 * (`net/ipv4/conf/eth1.10/arp_ignore`), because device names may contain dots, which the dotted
 * sysctl(8) form would misread.
 *
 * /proc/sys/net shows the network namespace of the process that opens it, so in vipr's own namespace
 * (the container: the normal case) the files are read and written directly; for a named namespace
 * (tests, `vipr lab`) the work runs through `ip netns exec NS` with coreutils only (`grep -H ''` to
 * read several files in one exec, `tee` to write one value to several files), never a shell.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';

export interface Sysctl {
  /** The values of the keys that exist (missing keys are absent from the map). */
  read(keys: readonly string[]): Promise<Map<string, string>>;
  /** Writes each key; rejects with a SysctlError naming every key that could not be written. */
  write(entries: Iterable<readonly [string, string]>): Promise<void>;
}

export class SysctlError extends Error {
  constructor(
    readonly keys: readonly string[],
    readonly reason: string,
  ) {
    super(`sysctl ${keys.join(' ')}: ${reason}`);
    this.name = 'SysctlError';
  }
}

/** `net/ipv4/conf/<dev>/<name>` (or ipv6): ip-sysctl.rst's per-interface settings. */
export function confKey(family: 4 | 6, dev: string, name: string): string {
  return `net/ipv${family}/conf/${dev}/${name}`;
}

export function createSysctl(netns?: string): Sysctl {
  return netns === undefined ? new ProcSysctl() : new NetnsSysctl(netns);
}

const PROC = '/proc/sys/';

class ProcSysctl implements Sysctl {
  async read(keys: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    await Promise.all(
      keys.map(async (k) => {
        try {
          out.set(k, (await readFile(PROC + k, 'utf8')).trim());
        } catch {
          // absent key: the device is gone or the kernel lacks the setting
        }
      }),
    );
    return out;
  }

  async write(entries: Iterable<readonly [string, string]>): Promise<void> {
    const failed: string[] = [];
    let reason = '';
    await Promise.all(
      [...entries].map(async ([k, v]) => {
        try {
          await writeFile(PROC + k, `${v}\n`);
        } catch (e) {
          failed.push(k);
          reason = (e as Error).message;
        }
      }),
    );
    if (failed.length > 0) throw new SysctlError(failed, reason);
  }
}

class NetnsSysctl implements Sysctl {
  constructor(private readonly netns: string) {}

  async read(keys: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (keys.length === 0) return out;
    const { stdout } = await run(['netns', 'exec', this.netns, 'grep', '-H', '', ...keys.map((k) => PROC + k)], undefined);
    for (const line of stdout.split('\n')) {
      for (const k of keys) {
        const prefix = `${PROC}${k}:`;
        if (line.startsWith(prefix)) out.set(k, line.slice(prefix.length).trim());
      }
    }
    return out;
  }

  async write(entries: Iterable<readonly [string, string]>): Promise<void> {
    const byValue = new Map<string, string[]>();
    for (const [k, v] of entries) byValue.set(v, [...(byValue.get(v) ?? []), k]);
    const failed: string[] = [];
    let reason = '';
    for (const [value, keys] of byValue) {
      const { code, stderr } = await run(['netns', 'exec', this.netns, 'tee', ...keys.map((k) => PROC + k)], `${value}\n`);
      if (code !== 0) {
        failed.push(...keys.filter((k) => stderr.includes(k)));
        reason = stderr.trim();
      }
    }
    if (failed.length > 0 || reason !== '') throw new SysctlError(failed, reason);
  }
}

function run(args: readonly string[], input: string | undefined): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    const child = execFile('ip', args, { encoding: 'utf8', timeout: 10_000 }, (error, stdout, stderr) => {
      if (error && typeof (error as NodeJS.ErrnoException).code === 'string') reject(new SysctlError([], `ip ${args.join(' ')}: ${error.message}`));
      else resolve({ stdout, stderr, code: error ? (typeof error.code === 'number' ? error.code : 1) : 0 });
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
  });
}
