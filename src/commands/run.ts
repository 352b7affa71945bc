import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { LogHub } from '../cli/log-hub.js';
import { CliShared } from '../cli/session.js';
import { Daemon } from '../daemon/daemon.js';
import { LinuxCliProviders } from '../dataplane/linux/cli-providers.js';
import { ConsoleTransport } from '../transport/console.js';
import type { CliHost } from '../transport/host.js';
import { DEFAULT_SOCKET_PATH, LocalSocketServer } from '../transport/local-socket.js';
import { VtyPool } from '../transport/vty-lines.js';
import type { Command } from './command.js';

/**
 * `vipr run [--config FILE] [--saved FILE] [--socket PATH] [--ssh-port N] [--ifmap MAP] [--state FILE]
 * [--keys DIR]`: the router (src/daemon) with its CLI on SSH, on the local socket (`vipr cli`) and,
 * when stdin is a terminal, on the console. Logs to stdout in IOS format; SIGTERM/SIGINT resign and
 * exit cleanly; SIGHUP reloads the startup-config.
 *
 * `--config` is the startup-config the platform gives; `--saved` (or VIPR_SAVED_CONFIG) is where
 * `write memory` saves, and once that file exists the router boots from it (src/daemon/boot-config.ts).
 * Without `--saved`, `write memory` overwrites `--config`. The SSH host key lives in `--keys`, by
 * default the directory of `--config`.
 */
export const runCommand: Command = {
  name: 'run',
  usage: 'run [--config FILE] [--saved FILE] [--socket PATH] [--ssh-port N] [--ifmap MAP] [--state FILE] [--keys DIR]',
  summary: "the router on this machine's interfaces, with its CLI",
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args],
        options: {
          config: { type: 'string', default: process.env['VIPR_CONFIG'] ?? '/config/startup-config' },
          saved: { type: 'string' },
          socket: { type: 'string', default: process.env['VIPR_SOCKET'] ?? DEFAULT_SOCKET_PATH },
          'ssh-port': { type: 'string', default: process.env['VIPR_SSH_PORT'] ?? '22' },
          ifmap: { type: 'string' },
          state: { type: 'string', default: '/run/vipr/ifconfig.json' },
          keys: { type: 'string' },
        },
      });
    } catch (e) {
      io.stderr.write(`vipr run: ${(e as Error).message}\n`);
      return 2;
    }
    const { values } = parsed;
    // An empty VIPR_SAVED_CONFIG (a platform's way of unsetting it) means no separate saved file.
    const saved = values.saved ?? (process.env['VIPR_SAVED_CONFIG'] || undefined);
    const sshPort = Number(values['ssh-port']);
    if (!Number.isInteger(sshPort) || sshPort < 0 || sshPort > 65535) {
      io.stderr.write(`vipr run: --ssh-port ${values['ssh-port']} is not a port (0 turns SSH off)\n`);
      return 2;
    }
    for (const path of [values.state, values.socket]) mkdirSync(dirname(path), { recursive: true });
    if (saved !== undefined) {
      try {
        mkdirSync(dirname(saved), { recursive: true });
      } catch (e) {
        // Not fatal: the router boots from --config, and `write memory` will say why it cannot save.
        io.stderr.write(`vipr run: --saved ${saved}: ${(e as Error).message}\n`);
      }
    }
    const logs = new LogHub();
    // The daemon's log goes to stdout (`docker logs`), unless stdout is the console's terminal:
    // then the console shows it, once (see below).
    let printLine = (line: string): void => void io.stdout.write(`${line}\n`);
    let daemon: Daemon;
    try {
      daemon = await Daemon.start({
        configPath: values.config,
        savedConfigPath: saved,
        ifmap: values.ifmap,
        env: process.env,
        statePath: values.state,
        log: logs,
        print: (line) => printLine(line),
      });
    } catch (e) {
      io.stderr.write(`vipr run: ${(e as Error).message}\n`);
      return 1;
    }
    const kernel = new LinuxCliProviders({
      ip: daemon.ip,
      ifmap: daemon.interfaceMap,
      config: () => daemon.config,
      now: () => daemon.clockSource.now(),
      reload: () => void daemon.reload(),
    });
    const host: CliHost = {
      router: daemon.cliRouter(),
      clock: daemon.clockSource,
      logs,
      shared: new CliShared(),
      startup: daemon.startupStore,
      providers: kernel.providers(),
    };
    const report = (what: string) => (e: unknown) => io.stderr.write(`vipr run: ${what}: ${(e as Error).message}\n`);
    // The CLI's transports are conveniences around the router: one that cannot start is reported
    // and the router keeps running (a lab must never lose its gateway over a busy port).
    // The SSH server (ssh2 and its crypto) is loaded only now, after the daemon has started the
    // groups: its module graph is a fifth of vipr's start-up, which the first hello need not wait for
    // (bench/startup.ts), and a router run with --ssh-port 0 never loads it.
    const ssh =
      sshPort === 0
        ? undefined
        : await import('../transport/ssh.js')
            .then(({ SshServer }) => SshServer.start({ host, hostKeyDir: values.keys ?? dirname(values.config), port: sshPort, vtys: new VtyPool(), onError: report('ssh') }))
            .catch((e: unknown) => {
              report('ssh')(e);
              return undefined;
            });
    const socket = await LocalSocketServer.start({ host, path: values.socket }).catch((e: unknown) => {
      report('cli socket')(e);
      return undefined;
    });
    // A person at a terminal gets the ink-rendered console (DESIGN D5); a pipe gets plain VTY bytes.
    // ink (React, yoga's WebAssembly) is loaded only then: most routers run without a terminal
    // (containerlab, compose) and their start-up to SSH-ready should not pay for it.
    let console: ConsoleTransport | undefined;
    if (process.stdin.isTTY) {
      const { inkRenderer, inkUsable } = await import('../transport/console-ink.js');
      const onTerminal = ConsoleTransport.start({ host, ...(inkUsable(process.stdout) ? { renderer: inkRenderer({ output: process.stdout, router: host.router }) } : {}) });
      console = onTerminal;
      if (process.stdout.isTTY) printLine = (line) => onTerminal.log(line);
    }
    return new Promise<number>((resolve) => {
      const stop = (): void => {
        console?.stop();
        kernel.close();
        void Promise.allSettled([ssh?.close(), socket?.close()])
          .then(() => daemon.stop())
          .then(() => resolve(0));
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      process.on('SIGHUP', () => void daemon.reload());
    });
  },
};
