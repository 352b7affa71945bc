import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Lab } from '../lab/lab.js';
import { LabSystemError } from '../lab/system.js';
import { DEFAULT_PREFIX, namespaceOf, NODE_NAMES, PREFIX_PATTERN, ROUTERS, type NodeName } from '../lab/topology.js';
import { cliCommand } from './cli.js';
import { CommandExit, parseCommandArgs, type Command, type CommandIo } from './command.js';

const HELP = `usage: vipr lab up|down|status|attach NODE [options]

Two vipr routers, a client and a server in network namespaces on this machine (needs root and iproute2):

  client 192.0.2.10      LAN 192.0.2.0/24       HSRPv2 group 1 192.0.2.1, group 6 (IPv6)  R1 .2, R2 .3
  server 198.51.100.100  upstream 198.51.100.0/24  VRRPv3 group 2 198.51.100.1, fe80::1   R1 .2, R2 .3

R1 leads both sides (priority 110, R2 100); each of its groups tracks R1's link on the other side, so
pulling either of R1's cables moves both gateways to R2. The routers run lab/local/r1.cfg and r2.cfg.

  up [--force] [--timeout S]   build the lab, start the routers, wait for the elections, show the state
  status                       the routers' groups and what the client reaches
  attach r1|r2 [-c CMD]...     the IOS CLI of a router (interactive, or one-shot commands)
  attach client|server|sw [-c CMD]
                               a shell in that namespace (or one shell command)
  down                         stop the routers (they resign), remove the namespaces and files

options:
  --prefix P     namespace names are P-r1, P-r2, P-client, P-server, P-sw (default ${DEFAULT_PREFIX})
  --dir DIR      the lab's files: configs, logs, CLI sockets (default /run/P)
  --configs DIR  up: the startup-configs r1.cfg and r2.cfg to copy in (default lab/local)
  --no-ssh       up: no SSH server in the routers (default: port 22 in each router's namespace)
  --force        up: remove a lab that is already (or partly) up and build it again
  --timeout S    up: how long to wait for the elections (default 60)
`;

const SHIPPED_CONFIGS = fileURLToPath(new URL('../../lab/local/', import.meta.url));

/** `node bin/vipr.js` or `vipr`: how the hints should name this program, as it was started. */
function selfName(): string {
  const entry = process.argv[1];
  if (entry === undefined) return 'vipr';
  if (basename(entry) === 'vipr') return 'vipr';
  const rel = relative(process.cwd(), entry);
  return `node ${rel.startsWith('..') ? entry : rel}`;
}

/**
 * How to start the routers: this same node with the same entry script (dist/ through bin/vipr.js,
 * or the TypeScript sources under tsx), so the lab runs the vipr that is running. Debugger flags
 * would make every router fight for the inspector's port.
 */
function viprArgv(): string[] {
  const entry = process.argv[1];
  if (entry === undefined || !existsSync(entry)) {
    throw new CommandExit(1, `vipr lab: cannot tell which script runs vipr (${entry ?? 'none'}); start it as \`node bin/vipr.js lab up\``);
  }
  return [process.execPath, ...process.execArgv.filter((a) => !/^--(inspect|debug)/.test(a)), resolve(entry)];
}

function isRoot(): boolean {
  return typeof process.getuid !== 'function' || process.getuid() === 0;
}

interface Parsed {
  readonly action: string;
  readonly target: string | undefined;
  readonly lab: Lab;
  readonly force: boolean;
  readonly timeoutS: number;
  readonly commands: readonly string[];
  /** The options to repeat in hints so they name this lab. */
  readonly flags: string;
}

function parse(command: Command, args: readonly string[]): Parsed | 'help' {
  const { values, positionals } = parseCommandArgs(command, args, {
    prefix: { type: 'string' },
    dir: { type: 'string' },
    configs: { type: 'string' },
    'no-ssh': { type: 'boolean' },
    force: { type: 'boolean' },
    timeout: { type: 'string' },
    command: { type: 'string', short: 'c', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true || positionals[0] === 'help') return 'help';
  const [action, target, ...extra] = positionals;
  const usage = `usage: vipr ${command.usage} (vipr lab --help)`;
  if (action === undefined) throw new CommandExit(2, usage);
  if (!['up', 'down', 'status', 'attach'].includes(action)) throw new CommandExit(2, `vipr lab: unknown action '${action}'\n${usage}`);
  if (action === 'attach' ? target === undefined || extra.length > 0 : target !== undefined) throw new CommandExit(2, usage);
  const prefix = values.prefix ?? DEFAULT_PREFIX;
  if (!PREFIX_PATTERN.test(prefix)) throw new CommandExit(2, `vipr lab: --prefix ${prefix}: lowercase letters, digits and dashes, starting with a letter, at most 24 characters`);
  const timeoutS = values.timeout === undefined ? 60 : Number(values.timeout);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new CommandExit(2, `vipr lab: --timeout ${values.timeout}: a number of seconds`);
  if ((values.command?.length ?? 0) > 0 && action !== 'attach') throw new CommandExit(2, 'vipr lab: -c goes with attach');
  const dir = resolve(values.dir ?? `/run/${prefix}`);
  const flags = [values.prefix !== undefined ? `--prefix ${prefix}` : '', values.dir !== undefined ? `--dir ${dir}` : ''].filter((f) => f !== '').join(' ');
  return {
    action,
    target,
    force: values.force === true,
    timeoutS,
    commands: values.command ?? [],
    flags: flags === '' ? '' : ` ${flags}`,
    lab: new Lab({
      prefix,
      dir,
      configDir: resolve(values.configs ?? SHIPPED_CONFIGS),
      vipr: action === 'up' ? viprArgv() : [],
      ssh: values['no-ssh'] !== true,
    }),
  };
}

function nextSteps(p: Parsed): string {
  const self = `${selfName()} lab`;
  const sw = p.lab.namespace('sw');
  const ssh = p.lab.settings.ssh ? `\n  ip netns exec ${p.lab.namespace('client')} ssh admin@192.0.2.2      SSH to R1 (admin/admin)` : '';
  return `next:
  ${self} attach r1${p.flags}      the IOS CLI of R1 (r2 likewise; exit leaves it)
  ${self} attach client${p.flags}  a shell on the client (ping 198.51.100.100; ip neigh shows the virtual MAC)${ssh}
fail over (and back with \`up\`: R1 preempts):
  ip -n ${sw} link set r1-lan down   pull R1's LAN cable: R2 takes the LAN after the hold time (3 s), and the upstream side as R1's VRRP tracks its LAN link
  ip -n ${sw} link set r1-up down    pull R1's upstream cable: track 1 lowers R1's HSRP priority to 90, R2 preempts
  ${self} attach r1${p.flags} -c 'configure terminal' -c 'interface Gi0/1' -c 'standby 1 priority 50' -c end
then:
  ${self} status${p.flags}
  ${self} down${p.flags}`;
}

async function up(p: Parsed, io: CommandIo): Promise<number> {
  const say = (line: string): void => void io.stdout.write(`${line}\n`);
  const state = p.lab.inspect();
  if (!state.absent) {
    if (state.up && !p.force) {
      say(`vipr lab: already up (namespaces ${p.lab.settings.prefix}-*, files in ${p.lab.settings.dir}); --force builds it again`);
      return status(p, io);
    }
    if (!p.force) {
      const why = [
        ...(state.missing.length > 0 ? [`missing namespaces ${state.missing.join(', ')}`] : []),
        ...state.routers.filter((r) => !r.running).map((r) => `${r.hostname} is not running`),
      ];
      throw new CommandExit(1, `vipr lab: a lab with prefix ${p.lab.settings.prefix} is partly up (${why.join('; ')}); \`${selfName()} lab up --force${p.flags}\` builds it again, \`${selfName()} lab down${p.flags}\` removes it`);
    }
    say('vipr lab: removing the lab that is there first (--force)');
    await p.lab.down(say);
  }
  await p.lab.up(say);
  say(`waiting for the elections (at most ${p.timeoutS} s)...`);
  const verdict = await p.lab.waitForElection(p.timeoutS * 1000);
  if (verdict.dead.length > 0) {
    const tails = ROUTERS.filter((r) => verdict.dead.includes(r.hostname)).map((r) => `${r.hostname}'s log (${p.lab.files(r.name).log}):\n${p.lab.logTail(r.name)}`);
    await p.lab.down(() => undefined);
    throw new CommandExit(1, `vipr lab: ${verdict.dead.join(' and ')} stopped; the lab is removed again.\n${tails.join('\n')}`);
  }
  const report = await p.lab.report();
  if (verdict.settled) {
    say(`elected in ${(verdict.elapsedMs / 1000).toFixed(1)} s: ${[...verdict.leaders].map(([g, r]) => `${r} leads ${g}`).join(', ')}\n`);
  }
  say(report.text);
  say('');
  say(nextSteps(p));
  if (!verdict.settled) {
    io.stderr.write(`vipr lab: the lab is up but not every group has settled after ${p.timeoutS} s:\n  ${verdict.pending.join('\n  ')}\nthe routers' logs are in ${p.lab.settings.dir}\n`);
    return 1;
  }
  if (!report.reachable) {
    io.stderr.write(`vipr lab: the lab is up but the client does not reach everything it should (above); the routers' logs are in ${p.lab.settings.dir}\n`);
    return 1;
  }
  return 0;
}

async function status(p: Parsed, io: CommandIo): Promise<number> {
  const state = p.lab.inspect();
  if (state.absent) {
    io.stdout.write(`vipr lab: no lab with prefix ${p.lab.settings.prefix} is up (files: ${p.lab.settings.dir})\n`);
    return 3;
  }
  if (!state.up) {
    const lines = [
      `vipr lab: the lab with prefix ${p.lab.settings.prefix} is partly up:`,
      ...state.missing.map((n) => `  namespace ${n} is missing`),
      ...state.routers.filter((r) => !r.running).map((r) => `  ${r.hostname} is not running; the end of its log:\n${p.lab.logTail(r.name, 8)}`),
      `\`${selfName()} lab up --force${p.flags}\` builds it again, \`${selfName()} lab down${p.flags}\` removes it`,
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
    return 1;
  }
  const report = await p.lab.report();
  io.stdout.write(`${report.text}\n`);
  return report.reachable ? 0 : 1;
}

async function down(p: Parsed, io: CommandIo): Promise<number> {
  const removed = await p.lab.down((line) => void io.stderr.write(`vipr lab: ${line}\n`));
  io.stdout.write(removed.length === 0 ? `vipr lab: nothing to remove (prefix ${p.lab.settings.prefix})\n` : `vipr lab: removed ${removed.join(', ')}\n`);
  return p.lab.inspect().namespaces.length === 0 ? 0 : 1;
}

/** A shell, or one command, in a host's or the switch's namespace. */
function shell(lab: Lab, ns: string, commands: readonly string[], io: CommandIo): Promise<number> {
  const interactive = commands.length === 0;
  const login = process.env['SHELL'] ?? '/bin/sh';
  const argv = !interactive ? ['/bin/sh', '-c', commands.join('\n')] : basename(login) === 'bash' ? [login, '--rcfile', lab.shellRc(), '-i'] : [login];
  if (interactive) io.stdout.write(`a shell in ${ns} (exit leaves it)\n`);
  return new Promise((done) => {
    const child = spawn('ip', ['netns', 'exec', ns, ...argv], { stdio: interactive ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (b: Buffer) => io.stdout.write(b));
    child.stderr?.on('data', (b: Buffer) => io.stderr.write(b));
    child.once('error', (e) => {
      io.stderr.write(`vipr lab: ${e.message}\n`);
      done(1);
    });
    child.once('close', (code, sig) => done(code ?? (sig !== null ? 128 : 1)));
  });
}

async function attach(p: Parsed, io: CommandIo): Promise<number> {
  const node = p.target as string;
  if (!(NODE_NAMES as readonly string[]).includes(node)) {
    throw new CommandExit(2, `vipr lab attach: unknown node '${node}' (one of ${NODE_NAMES.join(', ')})`);
  }
  const state = p.lab.inspect();
  if (state.absent) throw new CommandExit(1, `vipr lab attach: no lab with prefix ${p.lab.settings.prefix} is up (\`${selfName()} lab up${p.flags}\`)`);
  const router = ROUTERS.find((r) => r.name === node);
  if (router !== undefined) {
    if (!state.routers.find((r) => r.name === router.name)?.running) {
      throw new CommandExit(1, `vipr lab attach: ${router.hostname} is not running (\`${selfName()} lab status${p.flags}\`)`);
    }
    return cliCommand.run(['--socket', p.lab.files(router.name).socket, ...p.commands.flatMap((c) => ['-c', c])], io);
  }
  const ns = namespaceOf(p.lab.settings.prefix, node as NodeName);
  if (!state.namespaces.includes(ns)) throw new CommandExit(1, `vipr lab attach: namespace ${ns} does not exist (\`${selfName()} lab up${p.flags}\`)`);
  return shell(p.lab, ns, p.commands, io);
}

/**
 * `vipr lab up|down|status|attach`: the local lab in network namespaces (src/lab/), for people
 * without Docker; `vipr lab --help` says everything.
 */
export const labCommand: Command = {
  name: 'lab',
  usage: 'lab up|down|status|attach NODE [options]',
  summary: 'two routers, a client and a server in network namespaces on this machine',
  async run(args, io) {
    const p = parse(this, args);
    if (p === 'help') {
      io.stdout.write(HELP);
      return 0;
    }
    if (!isRoot()) throw new CommandExit(1, `vipr lab ${p.action}: needs root (network namespaces): sudo ${selfName()} lab ${p.action}`);
    try {
      switch (p.action) {
        case 'up':
          return await up(p, io);
        case 'down':
          return await down(p, io);
        case 'status':
          return await status(p, io);
        default:
          return await attach(p, io);
      }
    } catch (e) {
      if (e instanceof LabSystemError) throw new CommandExit(1, `vipr lab ${p.action}: ${e.message}`);
      if (e instanceof CommandExit) throw e;
      throw new CommandExit(1, `vipr lab ${p.action}: ${(e as Error).message}`);
    }
  },
};
