/**
 * A small, test-local network-namespace lab for the Linux plane tests (the shared helper,
 * test/support/netns.ts, is another engineer's). Every namespace it makes carries the lab's unique
 * prefix and `destroy()` deletes them all (devices inside go with them), so a failing test leaves
 * nothing behind; `destroy` is safe to call twice.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface Exec {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

export function sh(cmd: string, args: readonly string[], input?: string): Promise<Exec> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) => {
      if (error && typeof (error as NodeJS.ErrnoException).code === 'string') reject(error);
      else resolve({ stdout, stderr, code: error ? (typeof error.code === 'number' ? error.code : 1) : 0 });
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
  });
}

export async function must(cmd: string, args: readonly string[]): Promise<string> {
  const r = await sh(cmd, args);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** Whether this machine lets us make namespaces (root, iproute2). */
export async function netnsAvailable(): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  const name = `vpprobe${randomBytes(3).toString('hex')}`;
  try {
    const r = await sh('ip', ['netns', 'add', name]);
    if (r.code !== 0) return false;
    await sh('ip', ['netns', 'del', name]);
    return true;
  } catch {
    return false;
  }
}

/** Whether the kernel can make links of a type (this CI kernel has no dummy or 8021q driver). */
export async function linkTypeAvailable(type: 'dummy' | 'vlan'): Promise<boolean> {
  const ns = `vpprobe${randomBytes(3).toString('hex')}`;
  await must('ip', ['netns', 'add', ns]);
  try {
    if (type === 'vlan') {
      await must('ip', ['-n', ns, 'link', 'add', 'p0', 'type', 'bridge']);
      return (await sh('ip', ['-n', ns, 'link', 'add', 'link', 'p0', 'name', 'p0.5', 'type', 'vlan', 'id', '5'])).code === 0;
    }
    return (await sh('ip', ['-n', ns, 'link', 'add', 't0', 'type', type])).code === 0;
  } finally {
    await sh('ip', ['netns', 'del', ns]);
  }
}

export class Lab {
  readonly prefix: string;
  private readonly made: string[] = [];

  constructor(tag: string) {
    this.prefix = `${tag}${randomBytes(2).toString('hex')}`;
  }

  /** Creates `<prefix>-<name>` with lo up. */
  async ns(name: string): Promise<string> {
    const full = `${this.prefix}-${name}`;
    await must('ip', ['netns', 'add', full]);
    this.made.push(full);
    await must('ip', ['-n', full, 'link', 'set', 'lo', 'up']);
    return full;
  }

  /** A bridge acting as the LAN switch, multicast snooping off (ecosystem §1). */
  async bridge(ns: string, name = 'br0'): Promise<void> {
    await must('ip', ['-n', ns, 'link', 'add', name, 'type', 'bridge', 'mcast_snooping', '0']);
    await must('ip', ['-n', ns, 'link', 'set', name, 'up']);
  }

  /** A veth from `ns`/`dev` to a port of the bridge in `swNs`. */
  async cable(ns: string, dev: string, swNs: string, port: string, bridge = 'br0'): Promise<void> {
    await must('ip', ['link', 'add', `${this.prefix}t`, 'netns', ns, 'type', 'veth', 'peer', 'name', `${this.prefix}u`, 'netns', swNs]);
    await must('ip', ['-n', ns, 'link', 'set', `${this.prefix}t`, 'name', dev]);
    await must('ip', ['-n', swNs, 'link', 'set', `${this.prefix}u`, 'name', port]);
    await must('ip', ['-n', swNs, 'link', 'set', port, 'master', bridge, 'up']);
    await must('ip', ['-n', ns, 'link', 'set', dev, 'up']);
  }

  ip(ns: string, ...args: string[]): Promise<string> {
    return must('ip', ['-n', ns, ...args]);
  }

  async json<T>(ns: string, ...args: string[]): Promise<T> {
    const out = (await must('ip', ['-n', ns, '-json', ...args])).trim();
    return (out === '' ? [] : JSON.parse(out)) as T;
  }

  exec(ns: string, cmd: string, ...args: string[]): Promise<Exec> {
    return sh('ip', ['netns', 'exec', ns, cmd, ...args]);
  }

  async sysctl(ns: string, key: string, value: string): Promise<void> {
    const r = await sh('ip', ['netns', 'exec', ns, 'tee', `/proc/sys/${key}`], `${value}\n`);
    if (r.code !== 0) throw new Error(`sysctl ${key}: ${r.stderr}`);
  }

  async readSysctl(ns: string, key: string): Promise<string> {
    return (await must('ip', ['netns', 'exec', ns, 'cat', `/proc/sys/${key}`])).trim();
  }

  /**
   * Makes the host in `ns` resolve `address` afresh: flush its entry, send one UDP datagram (bash's
   * /dev/udp, so no ping is needed) and wait for the neighbour entry to settle. Returns the MAC, or
   * undefined when resolution failed.
   */
  async resolve(ns: string, dev: string, address: string, timeoutMs = 3000): Promise<string | undefined> {
    await sh('ip', ['-n', ns, 'neigh', 'flush', 'to', address, 'dev', dev]);
    const target = address.toLowerCase().startsWith('fe80:') ? `${address}%${dev}` : address;
    await sh('ip', ['netns', 'exec', ns, 'bash', '-c', `echo x > /dev/udp/${target}/9`]);
    const until = performance.now() + timeoutMs;
    while (performance.now() < until) {
      const entries = await this.json<{ dst: string; lladdr?: string; state: string[] }[]>(ns, 'neigh', 'show', 'to', address, 'dev', dev);
      const e = entries[0];
      if (e?.lladdr && !e.state.includes('INCOMPLETE') && !e.state.includes('FAILED')) return e.lladdr;
      if (e && e.state.includes('FAILED')) return undefined;
      await new Promise((r) => setTimeout(r, 20));
    }
    return undefined;
  }

  /** Captures with tcpdump in `ns` while `during` runs; returns tcpdump's text lines (`-e -nn`). */
  async capture(ns: string, dev: string, filter: string, during: () => Promise<void>): Promise<string[]> {
    const child = spawn('ip', ['netns', 'exec', ns, 'tcpdump', '-i', dev, '-e', '-nn', '-l', '-U', filter], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise((r) => child.once('exit', r));
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    await new Promise<void>((resolve, reject) => {
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        err += d;
        if (err.includes('listening on')) resolve();
      });
      void exited.then(() => reject(new Error(`tcpdump exited: ${err}`)));
    });
    try {
      await during();
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      child.kill('SIGINT');
      await exited;
    }
    return out.split('\n').filter((l) => l.trim() !== '');
  }

  async destroy(): Promise<void> {
    for (const ns of this.made.splice(0).reverse()) await sh('ip', ['netns', 'del', ns]);
  }
}
