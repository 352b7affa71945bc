/**
 * Real clients for the transport tests: OpenSSH driven by sshpass (exec requests and `-tt`
 * interactive sessions), as a person or a script on another machine would use them.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export const SSH_OPTIONS = ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'ConnectTimeout=10'];

export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs a program to its end, collecting its output. */
export function run(cmd: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, [...args], { env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('latin1')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('latin1')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - start });
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/** `sshpass -p PASSWORD ssh … -p PORT USER@127.0.0.1 COMMAND`: an exec request. */
export function sshExec(port: number, command: string, user = 'admin', password = 'admin'): Promise<Ran> {
  return run('sshpass', ['-p', password, 'ssh', ...SSH_OPTIONS, '-p', String(port), `${user}@127.0.0.1`, command]);
}

/** An interactive `ssh -tt` session read like a screen: wait for text, then type. */
export class SshTerminal {
  private out = '';
  private mark = 0;
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number | null>;
  readonly startedAt = performance.now();

  constructor(port: number, user = 'admin', password = 'admin') {
    this.child = spawn('sshpass', ['-p', password, 'ssh', '-tt', ...SSH_OPTIONS, '-p', String(port), `${user}@127.0.0.1`]);
    this.child.stdout.on('data', (d: Buffer) => (this.out += d.toString('latin1')));
    this.child.stderr.on('data', (d: Buffer) => (this.out += d.toString('latin1')));
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  /** Everything received, CR LF as \n. */
  get screen(): string {
    return this.out.replace(/\r\n/g, '\n');
  }

  /** Resolves with the text since the last expect() once it matches (rejects after timeoutMs). */
  async expect(pattern: RegExp | string, timeoutMs = 10_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const text = this.out.slice(this.mark).replace(/\r\n/g, '\n');
      const hit = typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
      if (hit) {
        this.mark = this.out.length;
        return text;
      }
      if (Date.now() > end) throw new Error(`expected ${String(pattern)}; got ${JSON.stringify(text)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  type(text: string): void {
    this.child.stdin.write(text);
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}
