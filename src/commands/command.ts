import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A `vipr` subcommand: gets its arguments and the process's streams, returns the exit status. */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  run(args: readonly string[], io: CommandIo): Promise<number>;
}

/** Ends a command early: `main` prints the message on stderr and exits with the status. */
export class CommandExit extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The command's options and positionals; bad options end it with status 2 and the reason. */
export function parseCommandArgs<T extends OptionsConfig>(command: Command, args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], allowPositionals: true, options });
  } catch (e) {
    throw new CommandExit(2, `vipr ${command.name}: ${(e as Error).message}`);
  }
}

/** The one file a command works on; anything else ends it with its usage line. */
export function singleFile(command: Command, positionals: readonly string[]): string {
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new CommandExit(2, `usage: vipr ${command.usage}`);
  return file;
}

/** Reads the command's input file; a missing or unreadable one ends it with status 1. */
export async function readCommandFile(command: Command, file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    throw new CommandExit(1, `vipr ${command.name}: ${file}: ${(e as Error).message}`);
  }
}
