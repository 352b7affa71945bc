import { parseArgs } from 'node:util';
import { DEFAULT_SOCKET_PATH, runInteractive, runRemoteCommands, UnreachableError, type InteractiveIo } from '../transport/local-socket.js';
import type { Command } from './command.js';

/**
 * `vipr cli [--socket PATH] [-c COMMAND]...`: the IOS CLI of a running router over its local socket
 * (src/transport/local-socket.ts). With `-c`, each command runs in turn in one privileged session and
 * its output is printed (exit status 0); without, an interactive session on this terminal. The socket
 * is --socket, else $VIPR_SOCKET, else /run/vipr/cli.sock; an unreachable daemon is exit status 1
 * with the reason on stderr.
 */
export const cliCommand: Command = {
  name: 'cli',
  usage: 'cli [--socket PATH] [-c COMMAND]...',
  summary: 'the IOS CLI of a running router (interactive, or one-shot commands)',
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args],
        allowPositionals: false,
        options: { socket: { type: 'string' }, command: { type: 'string', short: 'c', multiple: true } },
      });
    } catch (e) {
      io.stderr.write(`vipr cli: ${(e as Error).message}\nusage: vipr ${this.usage}\n`);
      return 2;
    }
    const path = parsed.values.socket ?? process.env.VIPR_SOCKET ?? DEFAULT_SOCKET_PATH;
    const commands = parsed.values.command ?? [];
    try {
      if (commands.length > 0) return await runRemoteCommands(path, commands, io.stdout, io.stderr);
      // The interactive session needs the terminal's input side, which CommandIo does not carry.
      const withInput = io as Partial<InteractiveIo> & typeof io;
      return await runInteractive(path, {
        stdin: withInput.stdin ?? process.stdin,
        // process.stdout when run as `vipr cli` (isTTY, columns, rows and 'resize' are read from it).
        stdout: io.stdout as InteractiveIo['stdout'],
        stderr: io.stderr,
      });
    } catch (e) {
      if (!(e instanceof UnreachableError)) throw e;
      io.stderr.write(`vipr cli: ${e.message}\n`);
      return 1;
    }
  },
};
