import { parseArgs } from 'node:util';
import { Daemon } from '../daemon/daemon.js';
import type { Command } from './command.js';

/**
 * `vipr run [--config FILE] [--ifmap MAP] [--state FILE]`: the router (src/daemon). Logs to stdout in
 * IOS format; SIGTERM/SIGINT resign and exit cleanly; SIGHUP reloads the startup-config.
 */
export const runCommand: Command = {
  name: 'run',
  usage: 'run [--config FILE] [--ifmap MAP] [--state FILE]',
  summary: 'the router on this machine\'s interfaces',
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args],
        options: {
          config: { type: 'string', default: process.env['VIPR_CONFIG'] ?? '/config/startup-config' },
          ifmap: { type: 'string' },
          state: { type: 'string', default: '/run/vipr/ifconfig.json' },
        },
      });
    } catch (e) {
      io.stderr.write(`vipr run: ${(e as Error).message}\n`);
      return 2;
    }
    let daemon: Daemon;
    try {
      daemon = await Daemon.start({
        configPath: parsed.values.config,
        ifmap: parsed.values.ifmap,
        env: process.env,
        statePath: parsed.values.state,
        print: (line) => io.stdout.write(`${line}\n`),
      });
    } catch (e) {
      io.stderr.write(`vipr run: ${(e as Error).message}\n`);
      return 1;
    }
    return new Promise<number>((resolve) => {
      const stop = (): void => {
        void daemon.stop().then(() => resolve(0));
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      process.on('SIGHUP', () => void daemon.reload());
    });
  },
};
