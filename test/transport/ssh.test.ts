import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/runtime/clock.js';
import { CommandRunner } from '../../src/transport/command-runner.js';
import { HOST_KEY_FILE, SshServer, type SshServerOptions } from '../../src/transport/ssh.js';
import { run, SSH_OPTIONS, sshExec, SshTerminal } from './support/clients.js';
import { R1_CONFIG, routers, sleep, until, type TestRouters } from './support/host.js';

const { Client } = ssh2;

const live: { server: SshServer; t: TestRouters; terminals: SshTerminal[] }[] = [];

async function serve(extra = '', options: Partial<SshServerOptions> = {}): Promise<{ server: SshServer; t: TestRouters; open: (user?: string, password?: string) => SshTerminal }> {
  const t = routers(R1_CONFIG + extra);
  const server = await SshServer.start({ host: t.host, hostKeyDir: t.dir, port: 0, address: '127.0.0.1', onError: (e) => console.error('ssh server error', e), ...options });
  const entry = { server, t, terminals: [] as SshTerminal[] };
  live.push(entry);
  return {
    server,
    t,
    open: (user = 'admin', password = 'admin') => {
      const term = new SshTerminal(server.port, user, password);
      entry.terminals.push(term);
      return term;
    },
  };
}

afterEach(async () => {
  for (const e of live.splice(0)) {
    for (const term of e.terminals) term.kill();
    await e.server.close();
    e.t.stop();
  }
});

/** An ssh2 client connection for what OpenSSH cannot show (attempt counts, pty sizes, banners). */
function connectSsh2(port: number, config: Partial<ssh2.ConnectConfig>): Promise<ssh2.Client> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.once('ready', () => resolve(c));
    c.once('error', reject);
    c.once('close', () => reject(new Error('connection closed before authentication completed')));
    c.connect({ host: '127.0.0.1', port, username: 'admin', password: 'admin', readyTimeout: 10_000, ...config });
  });
}

describe('SSH with OpenSSH (sshpass + ssh -tt)', () => {
  it('an interactive session: prompt, show commands, configuration mode, exit closes the connection', async () => {
    const { open, t } = await serve();
    await until(() => t.r1.hsrpSnapshot()[0]?.state === 'standby', 5000, 'the election');
    const term = open();
    await term.expect(/\nR1#$|^R1#$/);
    const connectMs = performance.now() - term.startedAt;
    term.type('show privilege\r');
    expect(await term.expect(/R1#$/)).toContain('Current privilege level is 15');
    term.type('terminal length 0\r');
    await term.expect(/R1#$/);
    term.type('show standby brief\r');
    const brief = await term.expect(/R1#$/);
    expect(brief).toContain('Interface   Grp  Pri P State   Active          Standby         Virtual IP');
    expect(brief).toMatch(/Gi0\/1\s+1\s+100 P Standby 10\.0\.0\.3\s+local\s+10\.0\.0\.1/);
    term.type('configure terminal\r');
    expect(await term.expect(/R1\(config\)#$/)).toContain('Enter configuration commands, one per line.  End with CNTL/Z.');
    term.type('interface Gi0/1\r');
    await term.expect(/R1\(config-if\)#$/);
    term.type('end\r');
    await term.expect(/R1#$/);
    term.type('exit\r');
    expect(await term.exited).toBe(0);
    expect(term.screen).toContain('R1#exit\n');
    console.log(`[measure] OpenSSH (sshpass + ssh -tt, process start included) connect-to-prompt: ${connectMs.toFixed(0)} ms`);
  });

  it('exec requests run one command, print its output and exit 0', async () => {
    const { server } = await serve();
    const brief = await sshExec(server.port, 'show standby brief');
    expect(brief.code).toBe(0);
    expect(brief.stdout).toContain('Interface   Grp  Pri P State   Active          Standby         Virtual IP');
    expect(brief.stdout).not.toContain('R1#');
    const version = await sshExec(server.port, 'show version | include Cisco IOS Software');
    expect(version.code).toBe(0);
    expect(version.stdout.trim().split('\n')).toHaveLength(1);
    const bad = await sshExec(server.port, 'show nonsense');
    expect(bad.stdout).toContain('% Invalid input detected at');
  });

  it('an exec request that asks a question reads the answer from stdin', async () => {
    const { server, t } = await serve();
    const r = await run('sshpass', ['-p', 'admin', 'ssh', ...SSH_OPTIONS, '-p', String(server.port), 'admin@127.0.0.1', 'copy running-config startup-config'], { input: '\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Destination filename [startup-config]?');
    expect(t.store.read()).toContain('hostname R1');
  });

  it('username lines decide who logs in and at which level; admin/admin only when no user is configured', async () => {
    const { server } = await serve(`username oper password 0 operpw
username boss privilege 15 secret 0 bosspw
line vty 0 4
 login local
`);
    const oper = await sshExec(server.port, 'show privilege', 'oper', 'operpw');
    expect(oper.stdout).toContain('Current privilege level is 1');
    const boss = await sshExec(server.port, 'show privilege', 'boss', 'bosspw');
    expect(boss.stdout).toContain('Current privilege level is 15');
    const admin = await sshExec(server.port, 'show privilege', 'admin', 'admin');
    expect(admin.code).not.toBe(0);
    expect(admin.stdout).toBe('');
  });

  it('line vty privilege level applies to users without their own; login with the line password', async () => {
    const { server } = await serve(`username oper password 0 operpw
line vty 0 4
 privilege level 15
 login local
`);
    expect((await sshExec(server.port, 'show privilege', 'oper', 'operpw')).stdout).toContain('Current privilege level is 15');
    const { server: s2 } = await serve(`line vty 0 4
 password 0 linepw
 login
`);
    expect((await sshExec(s2.port, 'show privilege', 'anyone', 'linepw')).stdout).toContain('Current privilege level is 1');
    expect((await sshExec(s2.port, 'show privilege', 'admin', 'admin')).code).not.toBe(0);
  });

  it('a user of privilege 1 gets R1> and enable asks the enable secret', async () => {
    const { open } = await serve(`enable secret 0 s3cret
username oper password 0 operpw
`);
    const term = open('oper', 'operpw');
    await term.expect(/R1>$/);
    term.type('enable\r');
    await term.expect(/Password: $/);
    term.type('s3cret\r');
    await term.expect(/R1#$/);
    term.type('exit\r');
    expect(await term.exited).toBe(0);
  });

  it('transport input without ssh refuses SSH', async () => {
    const { server } = await serve(`line vty 0 4
 transport input telnet
`);
    const r = await sshExec(server.port, 'show privilege');
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
  });

  it('a wrong password is rejected, each time later than the previous one', async () => {
    const { server } = await serve('', { throttle: { baseDelayMs: 300, maxDelayMs: 5000, forgetAfterMs: 60_000, maxAddresses: 16 } });
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await sshExec(server.port, 'show privilege', 'admin', 'wrong');
      expect(r.code).toBe(5); // sshpass: invalid password
      times.push(r.ms);
    }
    console.log(`[measure] wrong-password round trips: ${times.map((t) => t.toFixed(0)).join(' ms, ')} ms`);
    expect(times[0]).toBeGreaterThanOrEqual(300);
    expect(times[1] as number).toBeGreaterThan((times[0] as number) + 150);
    expect(times[2] as number).toBeGreaterThan((times[1] as number) + 300);
    // The right password still works (and clears the record).
    expect((await sshExec(server.port, 'show privilege')).code).toBe(0);
  });

  it('a connection gets three password attempts, then is closed', async () => {
    const { server } = await serve('', { throttle: { baseDelayMs: 20, maxDelayMs: 100, forgetAfterMs: 60_000, maxAddresses: 16 } });
    let attempts = 0;
    const err = await connectSsh2(server.port, {
      authHandler: (left, _partial, next) => {
        // The server's last answer lists no method left: nothing more to try.
        if ((left !== null && left.length === 0) || attempts >= 10) return next(false as unknown as ssh2.AuthenticationType);
        attempts++;
        next({ type: 'password', username: 'admin', password: `guess${attempts}` });
      },
    }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(attempts).toBe(3);
  });

  it('exec-timeout closes an idle session; input keeps it open', async () => {
    const { open, t } = await serve(`line vty 0 4
 exec-timeout 0 2
`);
    const term = open();
    await term.expect(/R1#$/);
    const start = performance.now();
    // Typing every 500 ms for 3 s keeps the session past its timeout.
    for (let i = 0; i < 6; i++) {
      await sleep(500);
      term.type(' \x15');
    }
    expect(t.host.shared.sessions.size).toBe(1);
    const code = await term.exited;
    const idleMs = performance.now() - start;
    expect(code).not.toBe(null);
    expect(idleMs).toBeGreaterThan(4500);
    expect(t.host.shared.sessions.size).toBe(0);
  });

  it('pty size sets terminal length and width; window-change updates them', async () => {
    const { server, t } = await serve();
    const c = await connectSsh2(server.port, {});
    const stream = await new Promise<ssh2.ClientChannel>((resolve, reject) => c.shell({ rows: 30, cols: 100, term: 'vt100' }, (e, s) => (e ? reject(e) : resolve(s))));
    let screen = '';
    stream.on('data', (d: Buffer) => (screen += d.toString('latin1')));
    await until(() => screen.endsWith('R1#'), 5000, 'the prompt');
    const session = [...t.host.shared.sessions][0];
    expect(session?.terminal).toMatchObject({ length: 30, width: 100 });
    stream.setWindow(50, 132, 0, 0);
    await until(() => session?.terminal.length === 50, 5000, 'the window change');
    expect(session?.terminal.width).toBe(132);
    c.end();
    await until(() => t.host.shared.sessions.size === 0, 5000, 'the session to close');
  });

  it('a 1 MB line, binary garbage and stray escape sequences neither crash nor stall the session', async () => {
    const { server } = await serve();
    const c = await connectSsh2(server.port, {});
    const stream = await new Promise<ssh2.ClientChannel>((resolve, reject) => c.shell({ rows: 24, cols: 80 }, (e, s) => (e ? reject(e) : resolve(s))));
    let screen = '';
    stream.on('data', (d: Buffer) => (screen += d.toString('latin1')));
    await until(() => screen.endsWith('R1#'), 5000, 'the prompt');
    stream.write(Buffer.alloc(1 << 20, 0x61));
    stream.write('\x15');
    const garbage = Buffer.alloc(64 * 1024);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) & 0xff;
    stream.write(garbage);
    stream.write('\x1b[99;99;99;99;99;99;99;99;99;99;99;99;99;99;99;99;99;99;99;99X\x1b]0;title\x07\x1bO\x03');
    screen = '';
    stream.write('\x15show privilege\r');
    await until(() => screen.includes('Current privilege level is 15'), 20_000, 'the session to answer after the garbage');
    c.end();
  });

  it('banner login is sent before authentication; MOTD after it', async () => {
    const { server } = await serve(`banner login ^Authorized access only^
banner motd ^Lab router R1^
`);
    let banner = '';
    const c = new Client();
    c.on('banner', (m: string) => (banner += m));
    await new Promise<void>((resolve, reject) => {
      c.once('ready', () => resolve());
      c.once('error', reject);
      c.connect({ host: '127.0.0.1', port: server.port, username: 'admin', password: 'admin' });
    });
    expect(banner).toContain('Authorized access only');
    const stream = await new Promise<ssh2.ClientChannel>((resolve, reject) => c.shell({ rows: 24, cols: 80 }, (e, s) => (e ? reject(e) : resolve(s))));
    let screen = '';
    stream.on('data', (d: Buffer) => (screen += d.toString('latin1')));
    await until(() => screen.endsWith('R1#'), 5000, 'the prompt');
    expect(screen).toContain('Lab router R1');
    c.end();
  });

  it('20 concurrent sessions, each on its own vty; a line range that is full refuses more', async () => {
    const { open, t, server } = await serve(`line vty 0 4
line vty 5 19
`);
    const terms = Array.from({ length: 20 }, () => open());
    await Promise.all(terms.map((term) => term.expect(/R1#$/, 20_000)));
    expect(t.host.shared.sessions.size).toBe(20);
    const lines = [...t.host.shared.sessions].map((s) => s.line.number).sort((a, b) => a - b);
    expect(lines).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // All configured VTYs are busy: a 21st connection is turned away.
    const extra = await sshExec(server.port, 'show privilege');
    expect(extra.code).not.toBe(0);
    terms.forEach((term, i) => term.type(i % 2 === 0 ? 'show users\r' : 'show standby brief\r'));
    const outputs = await Promise.all(terms.map((term) => term.expect(/R1#$/, 20_000)));
    expect(outputs[0]).toMatch(/vty 19\s+admin/);
    expect(outputs[1]).toContain('Virtual IP');
    terms.forEach((term) => term.type('exit\r'));
    expect(await Promise.all(terms.map((term) => term.exited))).toEqual(Array(20).fill(0));
    await until(() => t.host.shared.sessions.size === 0, 5000, 'the sessions to close');
  });

  it('keeps its host key across restarts (mode 0600) and clients see the same key', async () => {
    const { server, t } = await serve();
    const path = join(t.dir, HOST_KEY_FILE);
    const first = readFileSync(path, 'utf8');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${path}.pub`, 'utf8')).toMatch(/^ssh-ed25519 /);
    const keys: string[] = [];
    const grab = async (port: number): Promise<void> => {
      const c = await connectSsh2(port, { hostVerifier: (key: Buffer) => (keys.push(key.toString('base64')), true) });
      c.end();
    };
    await grab(server.port);
    await server.close();
    const again = await SshServer.start({ host: t.host, hostKeyDir: t.dir, port: 0, address: '127.0.0.1' });
    try {
      expect(readFileSync(path, 'utf8')).toBe(first);
      await grab(again.port);
    } finally {
      await again.close();
    }
    expect(keys[0]).toBe(keys[1]);
  });
});

describe('measurements', () => {
  it('connect-to-prompt over SSH and the server-side time of show standby brief', async () => {
    const { server, t } = await serve();
    const samples: number[] = [];
    for (let i = 0; i < 10; i++) {
      const start = performance.now();
      const c = await connectSsh2(server.port, {});
      const stream = await new Promise<ssh2.ClientChannel>((resolve, reject) => c.shell({ rows: 24, cols: 80 }, (e, s) => (e ? reject(e) : resolve(s))));
      let screen = '';
      stream.on('data', (d: Buffer) => (screen += d.toString('latin1')));
      await until(() => screen.endsWith('R1#'), 5000, 'the prompt');
      samples.push(performance.now() - start);
      c.end();
    }
    samples.sort((a, b) => a - b);
    console.log(`[measure] SSH connect-to-prompt (ssh2 client, 10 runs): median ${samples[5]?.toFixed(1)} ms, min ${samples[0]?.toFixed(1)} ms, max ${samples[9]?.toFixed(1)} ms`);
    const runner = new CommandRunner(t.host, { line: { kind: 'vty', number: 0 }, privilege: 15, crlf: true });
    runner.run('show standby brief');
    const n = 200;
    const start = performance.now();
    for (let i = 0; i < n; i++) runner.run('show standby brief');
    console.log(`[measure] show standby brief, server side (1 group): ${((performance.now() - start) / n).toFixed(3)} ms`);
    runner.close();
  });

  it('show standby brief with 4096 HSRPv2 groups: server side, and the whole exec request', async () => {
    const groups = (name: string, ip: string, priority: number): string => {
      const lines = [`hostname ${name}`, 'interface GigabitEthernet0/1', ` ip address ${ip} 255.0.0.0`, ' standby version 2'];
      for (let g = 0; g < 4096; g++) lines.push(` standby ${g} ip 10.${128 + (g >> 8)}.${g & 255}.1`, ` standby ${g} priority ${priority}`);
      return `${lines.join('\n')}\n`;
    };
    // Virtual time: the 8192 engines elect in a simulated minute instead of running on the wall clock.
    const clock = new ManualClock(Date.UTC(2024, 2, 1));
    const t = routers(groups('R1', '10.0.0.2', 110), groups('R2', '10.0.0.3', 100), clock);
    const server = await SshServer.start({ host: t.host, hostKeyDir: t.dir, port: 0, address: '127.0.0.1' });
    live.push({ server, t, terminals: [] });
    clock.advance(60_000);
    const runner = new CommandRunner(t.host, { line: { kind: 'vty', number: 0 }, privilege: 15, crlf: true });
    const first = runner.run('show standby brief').output;
    expect(first.split('\r\n').filter((l) => /^Gi0\/1 +\d+ +110 +Active/.test(l))).toHaveLength(4096);
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      runner.run('show standby brief');
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    runner.close();
    const c = await connectSsh2(server.port, {});
    const start = performance.now();
    const bytes = await new Promise<number>((resolve, reject) =>
      c.exec('show standby brief', (e, stream) => {
        if (e) return reject(e);
        let n = 0;
        stream.on('data', (d: Buffer) => (n += d.length));
        stream.on('close', () => resolve(n));
      }),
    );
    const execMs = performance.now() - start;
    c.end();
    console.log(`[measure] show standby brief, 4096 groups, server side (20 runs): median ${times[10]?.toFixed(1)} ms, min ${times[0]?.toFixed(1)} ms, max ${times[19]?.toFixed(1)} ms`);
    console.log(`[measure] ssh exec 'show standby brief', 4096 groups (${bytes} bytes), request to channel close: ${execMs.toFixed(1)} ms`);
  });
});
