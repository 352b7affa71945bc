import { spawn } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { controlFrame, encodeFrame, FRAME_CONTROL, FRAME_DATA, FrameDecoder, LocalSocketServer } from '../../src/transport/local-socket.js';
import { run } from './support/clients.js';
import { routers, until, type TestRouters } from './support/host.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** `vipr` from the sources: src/main.ts through tsx, as the built bin/vipr.js runs dist/main.js. */
const VIPR = [process.execPath, '--import', 'tsx', '--input-type=module', '-e', "import { main } from './src/main.ts'; process.exitCode = await main(process.argv.slice(1));"];

let t: TestRouters;
let server: LocalSocketServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  t.stop();
});

async function serve(): Promise<string> {
  t = routers();
  const path = join(t.dir, 'cli.sock');
  server = await LocalSocketServer.start({ host: t.host, path });
  await until(() => t.r1.hsrpSnapshot()[0]?.state === 'standby', 5000, 'the election');
  return path;
}

function vipr(args: readonly string[], env: NodeJS.ProcessEnv = process.env, input?: string) {
  const [cmd, ...rest] = VIPR as [string, ...string[]];
  return run(cmd, [...rest, ...args], { env: { ...env }, ...(input !== undefined ? { input } : {}), timeoutMs: 30_000 });
}

describe('vipr cli on the local socket', () => {
  it("vipr cli -c 'show standby brief' -c 'show version': each output, exit status 0", async () => {
    const path = await serve();
    const r = await run(VIPR[0] as string, [...VIPR.slice(1), 'cli', '--socket', path, '-c', 'show standby brief', '-c', 'show version'], { timeoutMs: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {21}P indicates configured to preempt\.\n/);
    expect(r.stdout).toMatch(/Gi0\/1\s+1\s+100 P Standby 10\.0\.0\.3\s+local\s+10\.0\.0\.1\n/);
    expect(r.stdout).toContain('Cisco IOS Software');
    // LF line ends, no prompt, no echo.
    expect(r.stdout).not.toContain('\r');
    expect(r.stdout).not.toContain('R1#');
  });

  it('configuration across -c commands applies live; questions take their default; VIPR_SOCKET', async () => {
    const path = await serve();
    const r = await vipr(['cli', '-c', 'configure terminal', '-c', 'interface Gi0/1', '-c', 'standby 1 priority 120', '-c', 'end', '-c', 'copy running-config startup-config'], { ...process.env, VIPR_SOCKET: path });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Destination filename [startup-config]?');
    expect(t.r1.hsrpSnapshot()[0]?.priority).toBe(120);
    expect(t.store.read()).toContain('standby 1 priority 120');
    await until(() => t.r1.hsrpSnapshot()[0]?.state === 'active', 5000, 'R1 to take over');
    expect(t.host.logs.buffer.messages.map((m) => m.text)).toContain('Configured from console by console');
  });

  it('an unreachable daemon: a clear message and a non-zero status', async () => {
    t = routers();
    const missing = await vipr(['cli', '--socket', join(t.dir, 'nothing.sock'), '-c', 'show version']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`vipr cli: cannot reach the vipr daemon at ${join(t.dir, 'nothing.sock')}: no such socket`);
    // A path that is no socket at all.
    const stale = join(t.dir, 'stale.sock');
    writeFileSync(stale, '');
    const dead = await vipr(['cli', '--socket', stale, '-c', 'show version']);
    expect(dead.code).toBe(1);
    expect(dead.stderr).toMatch(/cannot reach the vipr daemon/);
  });

  it('an interactive session with piped stdin: echo, prompt, exit ends it with status 0', async () => {
    const path = await serve();
    const r = await vipr(['cli', '--socket', path], process.env, 'show privilege\rterminal length 0\rshow users\rexit\r');
    expect(r.code).toBe(0);
    const screen = r.stdout.replace(/\r\n/g, '\n');
    expect(screen).toContain('R1#show privilege\nCurrent privilege level is 15\nR1#');
    expect(screen).toMatch(/\*\s+0 con 0\s/);
    expect(screen).toMatch(/R1#exit\n$/);
  });

  it('an interactive session on a terminal: raw keys (? without Enter), Ctrl-Z, exit', async () => {
    const path = await serve();
    // util-linux `script` gives the client a real pseudo-terminal.
    const command = [...VIPR.slice(0, 5).map((a) => `'${a}'`), `"${VIPR[5]}"`, 'cli', '--socket', path].join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: REPO_ROOT });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('latin1')));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await until(() => out.endsWith('R1#'), 15_000, 'the prompt');
    child.stdin.write('show stan?');
    await until(() => out.includes('standby'), 5000, 'help without Enter');
    child.stdin.write('\x15configure terminal\r');
    await until(() => out.endsWith('R1(config)#'), 5000, 'configuration mode');
    child.stdin.write('\x1a');
    await until(() => out.endsWith('R1#'), 5000, 'Ctrl-Z back to exec');
    child.stdin.write('exit\r');
    expect(await exited).toBe(0);
  });

  it('the protocol: hello with the window size, resize, eof', async () => {
    const path = await serve();
    const socket = createConnection(path);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const decoder = new FrameDecoder();
    let screen = '';
    let exit: unknown;
    socket.on('data', (chunk: Buffer) => {
      for (const f of decoder.push(chunk)) {
        if (f.type === FRAME_DATA) screen += f.payload.toString('latin1');
        if (f.type === FRAME_CONTROL) exit = JSON.parse(f.payload.toString('utf8'));
      }
    });
    socket.write(controlFrame({ type: 'hello', version: 1, mode: 'shell', cols: 120, rows: 40, tty: true }));
    await until(() => screen.endsWith('R1#'), 5000, 'the prompt');
    const session = [...t.host.shared.sessions][0];
    expect(session?.terminal).toMatchObject({ length: 40, width: 120 });
    expect(session?.currentPrivilege).toBe(15);
    // A frame split across writes is reassembled.
    const frame = controlFrame({ type: 'resize', cols: 200, rows: 60 });
    socket.write(frame.subarray(0, 3));
    socket.write(Buffer.concat([frame.subarray(3), encodeFrame(FRAME_DATA, 'show clock\r')]));
    await until(() => /UTC/.test(screen), 5000, 'show clock');
    expect(session?.terminal).toMatchObject({ length: 60, width: 200 });
    socket.write(controlFrame({ type: 'eof' }));
    await until(() => exit !== undefined, 5000, 'the exit message');
    expect(exit).toEqual({ type: 'exit', status: 0 });
    await until(() => t.host.shared.sessions.size === 0, 5000, 'the session to close');
  });

  it('refuses to take over a socket a live daemon serves, replaces a stale one', async () => {
    const path = await serve();
    await expect(LocalSocketServer.start({ host: t.host, path })).rejects.toThrow(/another vipr daemon is serving/);
    await server?.close();
    server = undefined;
    // A daemon killed with SIGKILL leaves its socket file behind.
    const dead = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(path)}, () => console.log('up'))`]);
    await new Promise<void>((resolve) => dead.stdout.once('data', () => resolve()));
    dead.kill('SIGKILL');
    await new Promise<void>((resolve) => dead.once('close', () => resolve()));
    expect(statSync(path).isSocket()).toBe(true);
    server = await LocalSocketServer.start({ host: t.host, path });
    const r = await vipr(['cli', '--socket', path, '-c', 'show privilege']);
    expect(r.stdout).toContain('Current privilege level is 15');
  });
});
