/**
 * The local CLI socket (DESIGN D5): `vipr cli` attaches to the running daemon over a Unix socket, as
 * `vtysh` does to FRR, for `docker exec -it r1 vipr cli` and containerlab `exec:`. Whoever can open the
 * socket is already root in the container (it is created mode 0600), so sessions start at privilege 15
 * without a login, on a console-like line (`show users` lists it as `con 0`, changes are logged as
 * `Configured from console by console`).
 *
 * Framing protocol, both directions, over the stream socket:
 *
 *   +------+----------------------+-----------------+
 *   | type | length (u32, big end) | payload         |
 *   +------+----------------------+-----------------+
 *     1 B          4 B               length bytes (at most 1 MiB)
 *
 *   type 0 DATA     terminal bytes, untouched (keystrokes to the daemon, screen output back)
 *   type 1 CONTROL  one JSON object (UTF-8), `type` says which:
 *     client → daemon, first frame: {"type":"hello","version":1,"mode":"shell","cols":N,"rows":N,"tty":bool}
 *                                  {"type":"hello","version":1,"mode":"exec","commands":["show version", …]}
 *     client → daemon:             {"type":"resize","cols":N,"rows":N}
 *                                  {"type":"eof"}   stdin ended: the daemon closes the session
 *     daemon → client:             {"type":"exit","status":N}   the session ended; the daemon closes
 *                                  {"type":"error","message":"…"} then exit
 *
 * In exec mode the commands run one after the other in one session (so `-c 'configure terminal'
 * -c 'interface Gi0/1' -c 'standby 1 priority 120' -c end` works), with no echo, no prompt and no
 * paging; the output is DATA with LF line ends; a question is answered with Enter (IOS's default).
 */
import { chmodSync, lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import type { CliSession } from '../cli/session.js';
import { CommandRunner, runCommands } from './command-runner.js';
import { openSession, type CliHost } from './host.js';

export const DEFAULT_SOCKET_PATH = '/run/vipr/cli.sock';

export const FRAME_DATA = 0;
export const FRAME_CONTROL = 1;
const MAX_FRAME = 1 << 20;
const PROTOCOL_VERSION = 1;

export type ClientControl =
  | { readonly type: 'hello'; readonly version: number; readonly mode: 'shell'; readonly cols?: number; readonly rows?: number; readonly tty?: boolean }
  | { readonly type: 'hello'; readonly version: number; readonly mode: 'exec'; readonly commands: readonly string[] }
  | { readonly type: 'resize'; readonly cols: number; readonly rows: number }
  | { readonly type: 'eof' };

export type ServerControl = { readonly type: 'exit'; readonly status: number } | { readonly type: 'error'; readonly message: string };

export interface Frame {
  readonly type: number;
  readonly payload: Buffer;
}

export function encodeFrame(type: number, payload: Uint8Array | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  const head = Buffer.alloc(5);
  head.writeUInt8(type, 0);
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

export function controlFrame(message: ClientControl | ServerControl): Buffer {
  return encodeFrame(FRAME_CONTROL, JSON.stringify(message));
}

/** Reassembles frames from stream chunks of any size. */
export class FrameDecoder {
  private buffer: Buffer = Buffer.alloc(0);

  /** Frames completed by this chunk; throws on a frame larger than the protocol allows. */
  push(chunk: Uint8Array): Frame[] {
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    const frames: Frame[] = [];
    while (this.buffer.length >= 5) {
      const length = this.buffer.readUInt32BE(1);
      if (length > MAX_FRAME) throw new Error(`frame of ${length} bytes exceeds ${MAX_FRAME}`);
      if (this.buffer.length < 5 + length) break;
      frames.push({ type: this.buffer.readUInt8(0), payload: this.buffer.subarray(5, 5 + length) });
      this.buffer = this.buffer.subarray(5 + length);
    }
    return frames;
  }
}

function parseControl(payload: Buffer): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(payload.toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function positive(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 10_000 ? v : undefined;
}

// ---- the daemon's side -----------------------------------------------------------------------------

export interface LocalSocketOptions {
  readonly host: CliHost;
  /** Default /run/vipr/cli.sock. */
  readonly path?: string;
}

export class LocalSocketServer {
  private readonly server: Server;
  private readonly clients = new Set<Socket>();

  private constructor(
    readonly path: string,
    private readonly host: CliHost,
  ) {
    this.server = createServer((socket) => this.client(socket));
  }

  /**
   * Listens on the path. A socket file left by a daemon that died is replaced; one a live daemon
   * answers on is not (two routers must not share a socket).
   */
  static async start(options: LocalSocketOptions): Promise<LocalSocketServer> {
    const path = options.path ?? DEFAULT_SOCKET_PATH;
    mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
    await removeStaleSocket(path);
    const s = new LocalSocketServer(path, options.host);
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      // The socket file is created inside listen() itself, with the process umask: under a
      // permissive one (0 in some containers) any local user could connect, at privilege 15, until
      // the chmod below. Created 0600 from the start; the umask is restored before anything else runs.
      const umask = process.umask(0o177);
      try {
        s.server.listen(path, () => {
          s.server.off('error', reject);
          resolve();
        });
      } finally {
        process.umask(umask);
      }
    });
    chmodSync(path, 0o600);
    return s;
  }

  async close(): Promise<void> {
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const c of [...this.clients]) c.destroy();
    await done;
  }

  private client(socket: Socket): void {
    this.clients.add(socket);
    const decoder = new FrameDecoder();
    let session: CliSession | undefined;
    let finished = false;
    const send = (b: Buffer): void => {
      if (!socket.destroyed && socket.writable) socket.write(b);
    };
    const finish = (status: number, error?: string): void => {
      if (finished) return;
      finished = true;
      if (error !== undefined) send(controlFrame({ type: 'error', message: error }));
      send(controlFrame({ type: 'exit', status }));
      socket.end();
      session?.close();
    };
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.clients.delete(socket);
      finished = true;
      session?.close();
    });
    socket.on('data', (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = decoder.push(chunk);
      } catch (e) {
        finish(2, (e as Error).message);
        return;
      }
      for (const f of frames) {
        if (finished) return;
        if (f.type === FRAME_DATA) {
          session?.input(f.payload);
          continue;
        }
        const msg = f.type === FRAME_CONTROL ? parseControl(f.payload) : undefined;
        if (msg === undefined) {
          finish(2, 'malformed frame');
          return;
        }
        if (session === undefined) {
          if (msg.type !== 'hello' || msg.version !== PROTOCOL_VERSION) {
            finish(2, `expected hello version ${PROTOCOL_VERSION}`);
            return;
          }
          session = msg.mode === 'exec' ? this.exec(msg, send, finish) : this.shell(msg, send, finish);
          continue;
        }
        if (msg.type === 'resize') session.resize(positive(msg.cols) ?? 0, positive(msg.rows) ?? 0);
        else if (msg.type === 'eof') finish(0);
      }
    });
  }

  private shell(hello: Record<string, unknown>, send: (b: Buffer) => void, finish: (status: number) => void): CliSession {
    const rows = positive(hello.rows);
    const cols = positive(hello.cols);
    const session = openSession(this.host, {
      line: { kind: 'con', number: 0 },
      privilege: 15,
      output: (b) => send(encodeFrame(FRAME_DATA, b)),
      // `exit` closes the session in the middle of its input; its last output is flushed after.
      onClose: () => queueMicrotask(() => finish(0)),
      // Piped input (`echo show version | vipr cli`) is not read a screen at a time: no pager.
      ...(hello.tty === false ? { terminalLength: 0 } : rows !== undefined ? { terminalLength: rows } : {}),
      ...(cols !== undefined ? { terminalWidth: cols } : {}),
    });
    session.start({ motd: true });
    return session;
  }

  private exec(hello: Record<string, unknown>, send: (b: Buffer) => void, finish: (status: number, error?: string) => void): CliSession {
    const runner = new CommandRunner(this.host, { line: { kind: 'con', number: 0 }, privilege: 15, crlf: false });
    const commands = Array.isArray(hello.commands) ? hello.commands.filter((c): c is string => typeof c === 'string') : [];
    runCommands(runner, commands, (text) => {
      if (text !== '') send(encodeFrame(FRAME_DATA, Buffer.from(text, 'latin1')));
    });
    runner.close();
    finish(0);
    return runner.session;
  }
}

/** Unlinks `path` when it is a socket nobody listens on; throws when a daemon answers there. */
async function removeStaleSocket(path: string): Promise<void> {
  try {
    if (!lstatSync(path).isSocket()) throw new Error(`${path} exists and is not a socket`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const alive = await new Promise<boolean>((resolve) => {
    const probe = createConnection(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (alive) throw new Error(`another vipr daemon is serving ${path}`);
  unlinkSync(path);
}

// ---- the client's side (`vipr cli`) ---------------------------------------------------------------

/** The daemon could not be reached: `vipr cli` prints the message and exits non-zero. */
export class UnreachableError extends Error {}

export function connect(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    socket.once('connect', () => {
      socket.off('error', onError);
      resolve(socket);
    });
    const onError = (e: NodeJS.ErrnoException): void => {
      const why = e.code === 'ENOENT' ? 'no such socket (is `vipr run` running?)' : e.code === 'ECONNREFUSED' ? 'nobody listening (the daemon has stopped)' : e.code === 'EACCES' ? 'permission denied' : e.message;
      reject(new UnreachableError(`cannot reach the vipr daemon at ${path}: ${why}`));
    };
    socket.once('error', onError);
  });
}

/**
 * Reads frames until the daemon's exit message (or the connection's end); DATA goes to `onData`.
 * Resolves with the exit status (1 when the connection ended without one).
 */
function pump(socket: Socket, onData: (b: Buffer) => void, onError: (message: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const decoder = new FrameDecoder();
    let status: number | undefined;
    socket.on('data', (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = decoder.push(chunk);
      } catch (e) {
        onError((e as Error).message);
        socket.destroy();
        return;
      }
      for (const f of frames) {
        if (f.type === FRAME_DATA) onData(f.payload);
        else {
          const msg = parseControl(f.payload);
          if (msg?.type === 'error' && typeof msg.message === 'string') onError(msg.message);
          if (msg?.type === 'exit') status = typeof msg.status === 'number' ? msg.status : 1;
        }
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(status ?? 1));
  });
}

/** `vipr cli -c A -c B`: runs the commands, writes their output; resolves with the exit status. */
export async function runRemoteCommands(path: string, commands: readonly string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const socket = await connect(path);
  const done = pump(
    socket,
    (b) => out.write(b),
    (m) => err.write(`vipr cli: ${m}\n`),
  );
  socket.write(controlFrame({ type: 'hello', version: PROTOCOL_VERSION, mode: 'exec', commands }));
  return done;
}

export interface InteractiveIo {
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number; on(event: 'resize', l: () => void): unknown };
  readonly stderr: NodeJS.WritableStream;
}

/**
 * `vipr cli` without `-c`: the terminal in raw mode, every byte to the session (Ctrl-C and Ctrl-Z
 * mean what they mean on IOS, not signals), window size changes forwarded, the terminal restored
 * however the session ends.
 */
export async function runInteractive(path: string, io: InteractiveIo): Promise<number> {
  const socket = await connect(path);
  const tty = io.stdin.isTTY === true && typeof io.stdin.setRawMode === 'function';
  const done = pump(
    socket,
    (b) => io.stdout.write(b),
    (m) => io.stderr.write(`vipr cli: ${m}\r\n`),
  );
  const send = (b: Buffer): void => {
    if (!socket.destroyed) socket.write(b);
  };
  const size = (): { cols?: number; rows?: number } => (io.stdout.isTTY === true ? { ...(io.stdout.columns !== undefined ? { cols: io.stdout.columns } : {}), ...(io.stdout.rows !== undefined ? { rows: io.stdout.rows } : {}) } : {});
  send(controlFrame({ type: 'hello', version: PROTOCOL_VERSION, mode: 'shell', tty, ...size() }));
  const onInput = (b: Buffer | string): void => send(encodeFrame(FRAME_DATA, typeof b === 'string' ? Buffer.from(b, 'utf8') : b));
  const onEnd = (): void => send(controlFrame({ type: 'eof' }));
  const onResize = (): void => {
    const s = size();
    if (s.cols !== undefined && s.rows !== undefined) send(controlFrame({ type: 'resize', cols: s.cols, rows: s.rows }));
  };
  if (tty) io.stdin.setRawMode?.(true);
  io.stdin.on('data', onInput);
  io.stdin.on('end', onEnd);
  if (io.stdout.isTTY === true) io.stdout.on('resize', onResize);
  io.stdin.resume();
  try {
    return await done;
  } finally {
    io.stdin.off('data', onInput);
    io.stdin.off('end', onEnd);
    if (io.stdout.isTTY === true) (io.stdout as unknown as NodeJS.EventEmitter).off('resize', onResize);
    if (tty) io.stdin.setRawMode?.(false);
    io.stdin.pause();
  }
}
