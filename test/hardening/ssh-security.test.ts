/**
 * SSH and CLI security (issue 9), with the ssh2 client in-process against vipr's SSH server on a real
 * router (test/transport/support/host.ts):
 *  - nothing runs before authentication: channel opens, exec requests and port forwards sent between
 *    the key exchange and the login are refused, no session or VTY is created;
 *  - brute force is slowed: each wrong password from an address is answered later than the one before,
 *    across connections (src/transport/login.ts LoginThrottle, vipr's counterpart of IOS's
 *    `login block-for`), and a connection gets three tries;
 *  - privilege levels: a privilege-1 user gets `R1>`, cannot `configure terminal` (IOS's `% Invalid
 *    input` with the caret) nor see the running-config, and `enable` needs the enable secret;
 *  - `exec-timeout` under `line vty` closes an idle session;
 *  - `show running-config` never shows a password in clear where IOS would not: `enable secret` as a
 *    type 9 hash, passwords, line passwords and key-strings as type 7 under `service
 *    password-encryption`, secrets typed at the CLI hashed, the enable password not echoed.
 *
 * Delays are checked as lower bounds only (the machine may be slow, never fast).
 */
import ssh2 from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { SshServer, type SshServerOptions } from '../../src/transport/ssh.js';
import { R1_CONFIG, routers, sleep, until, type TestRouters } from '../transport/support/host.js';

const { Client } = ssh2;

const live: { server: SshServer; t: TestRouters; clients: ssh2.Client[] }[] = [];

async function serve(extra: string, options: Partial<SshServerOptions> = {}): Promise<{ server: SshServer; t: TestRouters; clients: ssh2.Client[] }> {
  const t = routers(R1_CONFIG + extra);
  const server = await SshServer.start({ host: t.host, hostKeyDir: t.dir, port: 0, address: '127.0.0.1', onError: (e) => console.error('ssh server error', e), ...options });
  const entry = { server, t, clients: [] as ssh2.Client[] };
  live.push(entry);
  return entry;
}

afterEach(async () => {
  for (const e of live.splice(0)) {
    for (const c of e.clients) c.end();
    await e.server.close();
    e.t.stop();
  }
});

function connect(clients: ssh2.Client[], port: number, config: Partial<ssh2.ConnectConfig>): Promise<ssh2.Client> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    clients.push(c);
    c.once('ready', () => resolve(c));
    c.once('error', reject);
    c.once('close', () => reject(new Error('closed before authentication completed')));
    c.connect({ host: '127.0.0.1', port, readyTimeout: 20_000, ...config });
  });
}

/** An interactive shell: what it printed so far, and a way to wait for a pattern. */
interface Shell {
  readonly stream: ssh2.ClientChannel;
  screen(): string;
  take(): string;
  expect(pattern: RegExp, timeoutMs?: number): Promise<string>;
  type(text: string): void;
  readonly closed: Promise<void>;
}

async function shell(c: ssh2.Client): Promise<Shell> {
  const stream = await new Promise<ssh2.ClientChannel>((resolve, reject) => c.shell({ rows: 0, cols: 200, term: 'vt100' }, (e, s) => (e ? reject(e) : resolve(s))));
  let all = '';
  let mark = 0;
  stream.on('data', (d: Buffer) => (all += d.toString('latin1')));
  const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
  const s: Shell = {
    stream,
    screen: () => all,
    take: () => {
      const out = all.slice(mark);
      mark = all.length;
      return out;
    },
    expect: async (pattern, timeoutMs = 20_000) => {
      try {
        await until(() => pattern.test(all.slice(mark)), timeoutMs, String(pattern));
      } catch (e) {
        throw new Error(`${(e as Error).message}; the session printed ${JSON.stringify(all.slice(mark))}`);
      }
      return s.take();
    },
    type: (text) => {
      stream.write(text);
    },
    closed,
  };
  return s;
}

describe('nothing before authentication', () => {
  it('channel opens, exec requests and port forwards sent before the login are refused; no session, no VTY is taken', async () => {
    const { server, t, clients } = await serve('');
    const inbound: string[] = [];
    let tried = false;
    const err = await connect(clients, server.port, {
      username: 'admin',
      debug: (m: string) => {
        if (m.startsWith('Inbound:')) inbound.push(m);
      },
      authHandler: (_left, _partial, next) => {
        if (!tried) {
          tried = true;
          // Straight to the protocol: the client library itself never sends these before authenticating.
          const proto = (clients[clients.length - 1] as unknown as { _protocol: { session(chan: number, window: number, packet: number): void; exec(chan: number, cmd: string, wantReply: boolean): void; tcpipForward(addr: string, port: number, wantReply: boolean): void } })._protocol;
          proto.session(0, 2 * 1024 * 1024, 32 * 1024);
          proto.exec(0, 'configure terminal', true);
          proto.tcpipForward('127.0.0.1', 0, true);
          setTimeout(() => next(false as unknown as ssh2.AuthenticationType), 300);
          return;
        }
        next(false as unknown as ssh2.AuthenticationType);
      },
    }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(tried).toBe(true);
    // The server answered the channel open with a refusal and never confirmed a channel.
    expect(inbound.some((m) => /CHANNEL_OPEN_FAILURE/.test(m))).toBe(true);
    expect(inbound.some((m) => /CHANNEL_OPEN_CONFIRMATION|CHANNEL_SUCCESS|CHANNEL_DATA/.test(m))).toBe(false);
    expect(t.host.shared.sessions.size).toBe(0);
    expect(t.r1.config.hostname).toBe('R1');
  });

  it("the 'none' method and public keys are not accepted: only password and keyboard-interactive are offered", async () => {
    const { server, clients } = await serve('');
    const offered: string[][] = [];
    const err = await connect(clients, server.port, {
      username: 'admin',
      authHandler: (left, _partial, next) => {
        if (left !== null) offered.push([...left]);
        if (offered.length === 0) return next({ type: 'none', username: 'admin' });
        next(false as unknown as ssh2.AuthenticationType);
      },
    }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(offered[0]?.sort()).toEqual(['keyboard-interactive', 'password']);
  });
});

describe('brute force is slowed', () => {
  it('each wrong password from an address waits longer than the one before, across connections; three tries per connection', async () => {
    const base = 150;
    const { server, clients } = await serve('username admin privilege 15 secret 0 right\n', { throttle: { baseDelayMs: base, maxDelayMs: 5000, forgetAfterMs: 60_000, maxAddresses: 16 } });
    const waits: number[] = [];
    let attempts = 0;
    // Two connections of three guesses each: the delay keeps doubling across them.
    for (let conn = 0; conn < 2; conn++) {
      let sent = 0;
      let perConnection = 0;
      const err = await connect(clients, server.port, {
        username: 'admin',
        authHandler: (left, _partial, next) => {
          if (sent !== 0) waits.push(performance.now() - sent);
          if ((left !== null && left.length === 0) || perConnection >= 10) return next(false as unknown as ssh2.AuthenticationType);
          perConnection++;
          attempts++;
          sent = performance.now();
          next({ type: 'password', username: 'admin', password: `guess${attempts}` });
        },
      }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect(perConnection).toBe(3);
    }
    console.log(`[measure] wrong-password answers: ${waits.map((w) => w.toFixed(0)).join(', ')} ms`);
    expect(waits).toHaveLength(6);
    // The n-th failure from the address is answered no sooner than base × 2^(n-1).
    waits.forEach((w, i) => expect(w, `failure ${i + 1}`).toBeGreaterThanOrEqual(Math.min(5000, base * 2 ** i) - 5));
    // The right password still gets in, and clears the record.
    const c = await connect(clients, server.port, { username: 'admin', password: 'right' });
    c.end();
  }, 60_000);
});

describe('privilege levels', () => {
  const USERS = `enable secret 0 en4ble
username oper privilege 1 password 0 operpw
`;

  it('a privilege-1 user gets R1>, cannot configure nor read the configuration; enable needs the secret', async () => {
    const { server, t, clients } = await serve(USERS);
    const sh = await shell(await connect(clients, server.port, { username: 'oper', password: 'operpw' }));
    await sh.expect(/R1>$/);
    sh.type('configure terminal\r');
    const conf = await sh.expect(/R1>$/);
    expect(conf).toContain("% Invalid input detected at '^' marker.");
    sh.type('show running-config\r');
    expect(await sh.expect(/R1>$/)).toContain("% Invalid input detected at '^' marker.");
    expect(sh.screen()).not.toContain('hostname R1');
    // Three wrong secrets, then IOS's % Bad secrets; the typed secrets are never echoed.
    sh.type('enable\r');
    for (const guess of ['one', 'two', 'three']) {
      await sh.expect(/Password: $/);
      sh.type(`${guess}\r`);
    }
    const bad = await sh.expect(/R1>$/);
    expect(bad).toContain('% Bad secrets');
    for (const guess of ['one', 'two', 'three']) expect(bad).not.toContain(guess);
    expect(t.r1.config.hostname).toBe('R1');
    sh.type('enable\r');
    await sh.expect(/Password: $/);
    sh.type('en4ble\r');
    expect(await sh.expect(/R1#$/)).not.toContain('en4ble');
    sh.type('configure terminal\r');
    await sh.expect(/R1\(config\)#$/);
    sh.type('hostname R7\r');
    await sh.expect(/R7\(config\)#$/);
    expect(t.r1.config.hostname).toBe('R7');
  }, 60_000);

  it('an exec request of a privilege-1 user cannot configure either', async () => {
    const { server, t, clients } = await serve(USERS);
    const c = await connect(clients, server.port, { username: 'oper', password: 'operpw' });
    const out = await new Promise<string>((resolve, reject) =>
      c.exec('configure terminal', (e, stream) => {
        if (e) return reject(e);
        let text = '';
        stream.on('data', (d: Buffer) => (text += d.toString()));
        stream.on('close', () => resolve(text));
      }),
    );
    expect(out).toContain("% Invalid input detected at '^' marker.");
    expect(t.host.shared.sessions.size).toBe(0);
  });
});

describe('exec-timeout', () => {
  it('line vty exec-timeout 0 2 closes an idle SSH session from the server side', async () => {
    const { server, t, clients } = await serve(`line vty 0 4
 exec-timeout 0 2
`);
    // The session's idle time starts at its last input, which comes after this instant.
    const idleFrom = performance.now();
    const sh = await shell(await connect(clients, server.port, { username: 'admin', password: 'admin' }));
    await sh.expect(/R1#$/);
    await Promise.race([sh.closed, sleep(30_000).then(() => Promise.reject(new Error('the idle session was not closed within 30 s')))]);
    const idle = performance.now() - idleFrom;
    console.log(`[measure] idle session closed after ${idle.toFixed(0)} ms (exec-timeout 0 2)`);
    // IOS's exec-timeout is minutes and seconds of no input: never before the 2 s.
    expect(idle).toBeGreaterThanOrEqual(2000);
    await until(() => t.host.shared.sessions.size === 0, 5000, 'the session to be gone');
  }, 60_000);
});

describe('secrets are never shown in clear', () => {
  const CLEAR = ['en4ble', 'enpass', 'operpw', 'linepw', 'chainkey', 'md5key'];
  const SECRETS = `service password-encryption
enable secret 0 en4ble
enable password 0 enpass
username oper privilege 1 password 0 operpw
key chain FHRP
 key 1
  key-string 0 chainkey
interface GigabitEthernet0/2
 ip address 10.0.2.2 255.255.255.0
 standby 2 ip 10.0.2.1
 standby 2 authentication md5 key-string md5key
line vty 0 4
 password 0 linepw
`;

  // R1_CONFIG ends inside `interface Loopback0`: `service password-encryption` must still reach global
  // configuration (grammar/interface.ne took it for `service-policy password-encryption` before, and
  // every password then showed in clear).
  it('show running-config and show startup-config: enable secret hashed (type 9), passwords and key-strings type 7', async () => {
    const { server, clients } = await serve(SECRETS);
    const sh = await shell(await connect(clients, server.port, { username: 'oper', password: 'operpw' }));
    await sh.expect(/R1>$/);
    sh.type('enable\r');
    await sh.expect(/Password: $/);
    sh.type('en4ble\r');
    await sh.expect(/R1#$/);
    sh.type('terminal length 0\r');
    await sh.expect(/R1#$/);
    sh.type('show running-config\r');
    const run = await sh.expect(/\r\nend\r\n(\r\n)?R1#$/);
    expect(run).toMatch(/^enable secret 9 \$9\$\S+$/m);
    expect(run).toMatch(/^enable password 7 [0-9A-F]+\r?$/m);
    expect(run).toMatch(/^username oper privilege 1 password 7 [0-9A-F]+\r?$/m);
    expect(run).toMatch(/^ {2}key-string 7 [0-9A-F]+\r?$/m);
    expect(run).toMatch(/^ standby 2 authentication md5 key-string 7 [0-9A-F]+\r?$/m);
    expect(run).toMatch(/^ password 7 [0-9A-F]+\r?$/m);
    for (const clear of CLEAR) expect(run, clear).not.toContain(clear);
    sh.type('write memory\r');
    await sh.expect(/R1#$/);
    sh.type('show startup-config\r');
    const startup = await sh.expect(/\r\nend\r\n(\r\n)?R1#$/);
    for (const clear of CLEAR) expect(startup, clear).not.toContain(clear);
  }, 60_000);

  it('secrets typed at the CLI are stored hashed; without password encryption a type 0 password shows as typed, as on IOS', async () => {
    const { server, t, clients } = await serve('');
    const sh = await shell(await connect(clients, server.port, { username: 'admin', password: 'admin' }));
    await sh.expect(/R1#$/);
    for (const line of ['configure terminal', 'username bob privilege 15 secret 0 b0bsecret', 'enable secret 0 typedsecret', 'username eve password 0 evepass', 'end', 'terminal length 0', 'show running-config']) sh.type(`${line}\r`);
    const out = await sh.expect(/\r\nend\r\n(\r\n)?R1#$/);
    const run = out.slice(out.indexOf('Building configuration'));
    expect(run).toMatch(/^username bob privilege 15 secret 9 \$9\$\S+\r?$/m);
    expect(run).toMatch(/^enable secret 9 \$9\$\S+\r?$/m);
    expect(run).not.toContain('b0bsecret');
    expect(run).not.toContain('typedsecret');
    // IOS shows a type 0 password in clear until `service password-encryption` is on.
    expect(run).toMatch(/^username eve password (0 )?evepass\r?$/m);
    expect(t.r1.config.users.find((u) => u.name === 'bob')?.credential.kind).toBe('secret');
  }, 60_000);
});
