/**
 * The SSH server (ssh2): what `ssh admin@r1`, Netmiko and Ansible `network_cli` connect to.
 *
 * - Host key: one ed25519 key, generated on first start and kept in the directory the daemon gives
 *   (`/config`, next to the startup-config), so the router keeps its identity across restarts and
 *   clients' known_hosts stay valid. A key file that exists but cannot be read is an error, never
 *   silently replaced: a new identity would look like a man-in-the-middle to every client.
 * - Authentication: `password` and `keyboard-interactive` against the configuration read at that
 *   moment (./login.ts: `username` lines, or the line password under `login`; `admin`/`admin` when no
 *   `username` exists). Every failure from an address is answered later than the previous one (a
 *   delay that doubles, across connections), and a connection gets `maxAuthAttempts` tries (IOS's
 *   `ip ssh authentication-retries`, 3) before it is closed; a connection that has not authenticated
 *   within `authTimeoutMs` (IOS's `ip ssh time-out`, 120 s) is closed.
 * - Lines: each shell or exec channel occupies the lowest free `vty N` whose `transport input` admits
 *   ssh (./vty-lines.ts); none free, the channel is refused. The line's `privilege level` applies to
 *   users without one, its `exec-timeout` closes the connection of an idle session without a word, as
 *   an IOS VTY does.
 * - `banner login` goes out as the SSH authentication banner (where IOS sends it); MOTD and exec
 *   banners are printed by the session after login.
 * - A shell channel is a CliSession with VTY behaviour (echo, CRLF, `--More--`); the pty's size sets
 *   `terminal length`/`width` and window-change updates them. An exec channel runs its command line
 *   (./command-runner.ts) and closes with exit status 0; `exit` in a shell closes the connection.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { AuthContext, Connection, ServerChannel, ServerConfig, Session } from 'ssh2';
import type { CliSession } from '../cli/session.js';
import { WallClock, type Clock, type TimerHandle } from '../runtime/clock.js';
import { CommandRunner } from './command-runner.js';
import { openSession, type CliHost } from './host.js';
import { checkLogin, DEFAULT_THROTTLE, LoginThrottle, sshLoginMode, type LoginResult, type ThrottlePolicy } from './login.js';
import { execTimeoutMs, IdleWatch, lineFor, VtyPool } from './vty-lines.js';

const { Server, utils } = ssh2;

export const HOST_KEY_FILE = 'ssh_host_ed25519_key';

export interface SshServerOptions {
  readonly host: CliHost;
  /** Where the host key lives (created if missing); the daemon passes /config. */
  readonly hostKeyDir: string;
  /** Default 22; 0 picks a free port (tests). */
  readonly port?: number;
  /** Default: every address. */
  readonly address?: string;
  /** Shared with other remote transports so they count VTYs together. */
  readonly vtys?: VtyPool;
  readonly throttle?: ThrottlePolicy;
  readonly maxAuthAttempts?: number;
  readonly authTimeoutMs?: number;
  /** Connections held at once, authenticated or not; more are dropped at accept. */
  readonly maxConnections?: number;
  /** Unexpected errors of a connection (not the ordinary resets of clients going away). */
  readonly onError?: (error: Error) => void;
}

/** Reads the host key from `dir`, generating it (mode 0600, written atomically) the first time. */
export function loadOrCreateHostKey(dir: string): Buffer {
  const path = join(dir, HOST_KEY_FILE);
  let key: Buffer | undefined;
  try {
    key = readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (key === undefined) {
    mkdirSync(dir, { recursive: true });
    const pair = utils.generateKeyPairSync('ed25519', { comment: 'vipr host key' });
    // Unique per writer (threads share a pid): each rename lands a complete key, never a mix.
    const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
    writeFileSync(tmp, pair.private, { mode: 0o600 });
    renameSync(tmp, path);
    writeFileSync(`${path}.pub`, `${pair.public}\n`, { mode: 0o644 });
    key = Buffer.from(pair.private);
  }
  const parsed = utils.parseKey(key);
  if (parsed instanceof Error) throw new Error(`SSH host key ${path} is unreadable (${parsed.message}); move it away to generate a new one`);
  return key;
}

/** `::ffff:10.0.0.9` (an IPv4 peer on a dual-stack socket) as `10.0.0.9`, what `show users` prints. */
function peerAddress(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

/** How long a finished channel may take to drain before the connection is cut anyway. */
const CLOSE_GRACE_MS = 2000;

const AUTH_METHODS: ('password' | 'keyboard-interactive')[] = ['password', 'keyboard-interactive'];

export class SshServer {
  /**
   * Timers that face the network (login delays, the authentication time-out, draining a closed
   * channel) run on the wall clock even when the router runs in virtual time: clients wait in real
   * seconds. Session idle time (exec-timeout) is the router's, as `show users` reports it.
   */
  private readonly net: Clock = new WallClock();
  private readonly sockets = new Set<Socket>();
  private readonly vtys: VtyPool;
  private readonly throttle: LoginThrottle;
  private readonly sshConfig: ServerConfig;
  private readonly ssh: InstanceType<typeof Server>;
  private readonly listener: NetServer;
  private readonly live = new Set<SshConnection>();

  private constructor(readonly options: SshServerOptions) {
    this.vtys = options.vtys ?? new VtyPool();
    this.throttle = new LoginThrottle(this.net, options.throttle ?? DEFAULT_THROTTLE);
    this.sshConfig = { hostKeys: [loadOrCreateHostKey(options.hostKeyDir)], ident: 'vipr' };
    this.ssh = new Server(this.sshConfig);
    this.ssh.on('connection', (client: Connection, info: { ip: string }) => this.connection(client, info.ip));
    // Our own listener feeds sockets to ssh2 so that the login banner is read from the running
    // configuration for every connection (ssh2 reads it from its config object when the socket arrives).
    this.listener = createServer((socket) => this.accept(socket));
    this.listener.maxConnections = options.maxConnections ?? 256;
  }

  /** Starts listening; resolves once the port is bound. */
  static async start(options: SshServerOptions): Promise<SshServer> {
    const s = new SshServer(options);
    await new Promise<void>((resolve, reject) => {
      s.listener.once('error', reject);
      s.listener.listen(options.port ?? 22, options.address, () => {
        s.listener.off('error', reject);
        resolve();
      });
    });
    return s;
  }

  get port(): number {
    return (this.listener.address() as AddressInfo).port;
  }

  /** Open connections (authenticated or not). */
  get connections(): number {
    return this.live.size;
  }

  /** Stops listening and closes every connection (sockets still in the handshake included). */
  async close(): Promise<void> {
    const done = new Promise<void>((resolve) => this.listener.close(() => resolve()));
    for (const c of [...this.live]) c.end();
    // A disconnect message gets a moment to leave; then whatever is still open is cut.
    const cut = setTimeout(() => {
      for (const s of this.sockets) s.destroy();
    }, 500);
    await done;
    clearTimeout(cut);
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    // Interactive traffic: small writes (an echoed key, a prompt) must not wait for Nagle's
    // algorithm to meet the client's delayed ACK (40 ms per round trip on Linux).
    socket.setNoDelay(true);
    const banner = this.options.host.router.config.banners.login;
    if (banner !== undefined) this.sshConfig.banner = `${banner.replace(/\r?\n/g, '\r\n')}\r\n`;
    else delete this.sshConfig.banner;
    this.ssh.injectSocket(socket);
  }

  private connection(client: Connection, ip: string): void {
    const c = new SshConnection(this.options, this.net, this.vtys, this.throttle, client, peerAddress(ip), () => this.live.delete(c));
    this.live.add(c);
  }
}

/** One client connection: its authentication, then its session channels. */
class SshConnection {
  private failures = 0;
  private login: Extract<LoginResult, { ok: true }> | undefined;
  private authTimer: TimerHandle | undefined;
  private readonly channels = new Set<() => void>();
  private ended = false;

  constructor(
    private readonly options: SshServerOptions,
    private readonly net: Clock,
    private readonly vtys: VtyPool,
    private readonly throttle: LoginThrottle,
    private readonly client: Connection,
    private readonly address: string,
    private readonly onGone: () => void,
  ) {
    this.authTimer = net.setTimer(options.authTimeoutMs ?? 120_000, () => {
      this.authTimer = undefined;
      if (this.login === undefined) this.end();
    });
    client.on('authentication', (ctx: AuthContext) => this.authenticate(ctx));
    client.on('ready', () => {
      if (this.authTimer !== undefined) net.clearTimer(this.authTimer);
      this.authTimer = undefined;
    });
    client.on('session', (accept: () => Session, reject: () => void) => {
      if (this.login === undefined) return reject();
      this.session(accept());
    });
    client.on('error', (e: Error & { code?: string; level?: string }) => {
      // Peers that vanish (reset, timeout, protocol garbage from a port scanner) are ordinary.
      if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE' && e.level !== 'protocol' && e.level !== 'client-timeout' && e.level !== 'client-socket') this.options.onError?.(e);
    });
    client.on('close', () => this.closed());
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.client.end();
    } catch {
      // already gone
    }
  }

  private endIfIdle(): void {
    if (this.channels.size === 0) this.end();
  }

  private closed(): void {
    this.ended = true;
    if (this.authTimer !== undefined) this.net.clearTimer(this.authTimer);
    this.authTimer = undefined;
    for (const close of [...this.channels]) close();
    this.onGone();
  }

  // ---- authentication --------------------------------------------------------------------------

  private authenticate(ctx: AuthContext): void {
    if (this.ended) return;
    const config = this.options.host.router.config;
    // The login rules are those of the line this connection would get now.
    const vty = this.vtys.peek(config, 'ssh');
    if (vty === undefined) {
      ctx.reject([]);
      this.end();
      return;
    }
    const line = lineFor(config, 'vty', vty);
    const check = (password: string): void => this.verdict(ctx, checkLogin(this.options.host.router.config, line, sshLoginMode(line), ctx.username, password));
    switch (ctx.method) {
      case 'password':
        check(ctx.password);
        return;
      case 'keyboard-interactive':
        ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) => check(answers[0] ?? ''));
        return;
      default:
        ctx.reject(AUTH_METHODS);
    }
  }

  private verdict(ctx: AuthContext, result: LoginResult): void {
    if (this.ended) return;
    if (result.ok) {
      this.throttle.succeeded(this.address);
      this.login = result;
      ctx.accept();
      return;
    }
    this.failures++;
    const last = this.failures >= (this.options.maxAuthAttempts ?? 3);
    const delay = this.throttle.failed(this.address);
    this.net.setTimer(delay, () => {
      if (this.ended) return;
      try {
        ctx.reject(last ? [] : AUTH_METHODS);
      } catch {
        // the client went away while it waited
      }
      if (last) this.end();
    });
  }

  // ---- channels --------------------------------------------------------------------------------

  private session(ch: Session): void {
    let size: { cols: number; rows: number } | undefined;
    let cli: CliSession | undefined;
    ch.on('pty', (accept: (() => void) | undefined, _reject: unknown, info: { cols: number; rows: number }) => {
      size = { cols: info.cols, rows: info.rows };
      accept?.();
    });
    ch.on('window-change', (accept: (() => void) | undefined, _reject: unknown, info: { cols: number; rows: number }) => {
      size = { cols: info.cols, rows: info.rows };
      cli?.resize(info.cols, info.rows);
      accept?.();
    });
    ch.on('env', (accept: (() => void) | undefined) => accept?.());
    ch.on('shell', (accept: () => ServerChannel, reject: () => void) => {
      if (cli !== undefined) return reject();
      cli = this.shell(accept, reject, size);
    });
    ch.on('exec', (accept: () => ServerChannel, reject: () => void, info: { command: string }) => {
      if (cli !== undefined) return reject();
      cli = this.exec(accept, reject, info.command);
    });
  }

  /** Claims a VTY and wires the channel's end to the session's: whichever ends first ends the other. */
  private attach(accept: () => ServerChannel, reject: () => void): { stream: ServerChannel; vty: number; finish: (status: number) => void; onFinish: (f: () => void) => void } | undefined {
    const vty = this.vtys.claim(this.options.host.router.config, 'ssh');
    if (vty === undefined) {
      reject();
      return undefined;
    }
    const stream = accept();
    let done = false;
    const cleanups: (() => void)[] = [];
    const finish = (status: number): void => {
      if (done) return;
      done = true;
      this.channels.delete(abort);
      this.vtys.release(vty);
      for (const f of cleanups) f();
      try {
        stream.exit(status);
        stream.end();
      } catch {
        // channel already closed by the client
      }
      // IOS ends the connection with its session (`exit`, exec-timeout), once the channel's last
      // bytes are out: the channel closes when the client has read them (or a client that never
      // answers is cut after a grace period).
      const grace = this.net.setTimer(CLOSE_GRACE_MS, () => this.endIfIdle());
      stream.once('close', () => {
        this.net.clearTimer(grace);
        this.endIfIdle();
      });
    };
    const abort = (): void => finish(0);
    this.channels.add(abort);
    stream.on('error', () => undefined);
    stream.on('close', abort);
    return { stream, vty, finish, onFinish: (f) => cleanups.push(f) };
  }

  private shell(accept: () => ServerChannel, reject: () => void, size: { cols: number; rows: number } | undefined): CliSession | undefined {
    const a = this.attach(accept, reject);
    if (a === undefined) return undefined;
    const host = this.options.host;
    const login = this.login as Extract<LoginResult, { ok: true }>;
    const session = openSession(host, {
      line: { kind: 'vty', number: a.vty, ...(login.user !== undefined ? { user: login.user } : {}), location: this.address },
      privilege: login.privilege,
      output: (b) => {
        if (a.stream.writable) a.stream.write(b);
      },
      // The session closes in the middle of its input (`exit`): what it prints up to there (the
      // echo, earlier commands' output) is flushed after close() returns, so the channel ends after.
      onClose: () => queueMicrotask(() => a.finish(0)),
      ...(size !== undefined && size.rows > 0 ? { terminalLength: size.rows } : {}),
      ...(size !== undefined && size.cols > 0 ? { terminalWidth: size.cols } : {}),
    });
    const idle = new IdleWatch(host.clock, session, () => execTimeoutMs(lineFor(host.router.config, 'vty', a.vty)), () => session.close());
    a.onFinish(() => {
      idle.stop();
      session.close();
    });
    a.stream.on('data', (d: Buffer) => session.input(d));
    session.start({ motd: true });
    return session;
  }

  private exec(accept: () => ServerChannel, reject: () => void, command: string): CliSession | undefined {
    const a = this.attach(accept, reject);
    if (a === undefined) return undefined;
    const host = this.options.host;
    const login = this.login as Extract<LoginResult, { ok: true }>;
    const runner = new CommandRunner(host, {
      line: { kind: 'vty', number: a.vty, ...(login.user !== undefined ? { user: login.user } : {}), location: this.address },
      privilege: login.privilege,
      crlf: true,
      onClose: () => queueMicrotask(() => a.finish(0)),
    });
    const idle = new IdleWatch(host.clock, runner.session, () => execTimeoutMs(lineFor(host.router.config, 'vty', a.vty)), () => runner.close());
    a.onFinish(() => {
      idle.stop();
      runner.close();
    });
    const step = runner.run(command);
    if (step.output !== '') a.stream.write(step.output);
    if (step.done) {
      a.finish(0);
      return runner.session;
    }
    // A question (`[confirm]`): the client's stdin answers it.
    a.stream.on('data', (d: Buffer) => {
      const next = runner.feed(d);
      if (next.output !== '' && a.stream.writable) a.stream.write(next.output);
      if (next.done) a.finish(0);
    });
    a.stream.on('end', () => a.finish(0));
    return runner.session;
  }
}
