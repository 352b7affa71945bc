import { CommandExit, type Command, type CommandIo } from './commands/command.js';

/**
 * The composition root (DESIGN layout): the only place that reads argv. Each subcommand lives in
 * src/commands/<name>.ts and is loaded on demand so `vipr decode` never pays for the CLI or SSH.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  decode: async () => (await import('./commands/decode.js')).decodeCommand,
  encode: async () => (await import('./commands/encode.js')).encodeCommand,
  run: async () => (await import('./commands/run.js')).runCommand,
  sim: async () => (await import('./commands/sim.js')).simCommand,
  check: async () => (await import('./commands/check.js')).checkCommand,
  cli: async () => (await import('./commands/cli.js')).cliCommand,
  lab: async () => (await import('./commands/lab.js')).labCommand,
};

async function usage(io: CommandIo): Promise<void> {
  const lines = ['usage: vipr <command> [options]', '', 'commands:'];
  for (const load of Object.values(COMMANDS)) {
    const c = await load();
    lines.push(`  ${c.usage.padEnd(44)} ${c.summary}`);
  }
  io.stdout.write(`${lines.join('\n')}\n`);
}

export async function main(argv: readonly string[], io: CommandIo = process): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    await usage(io);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr.write(`vipr: unknown command '${name}'\n`);
    await usage(io);
    return 2;
  }
  const command = await load();
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (!(e instanceof CommandExit)) throw e;
    io.stderr.write(`${e.message}\n`);
    return e.status;
  }
}
