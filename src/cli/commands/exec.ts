/**
 * EXEC and show commands other than the mode changes (which the session owns): the exec grammar
 * yields `{ path, args }` (grammar/exec.ne) and this table turns it into output, a question (copy's
 * `Destination filename [startup-config]?`), or an error for the caret. Every show builds its
 * output from the model or a snapshot (DESIGN D7); `| json` prints the snapshot where one exists.
 */
import { renderConfig } from '../../config/render.js';
import type { Token } from '../../config/grammar/token.js';
import { MSG_INVALID } from '../../config/grammar/parser.js';
import type { Clock } from '../../runtime/clock.js';
import type { CliRouter, LogStore, StartupStore, SystemInfo } from '../cli-router.js';
import { runDebug, type DebugFlags } from './debug.js';
import { showStandby, showTrack, showVrrp } from './show-fhrp.js';
import { renderShowClock } from './show-clock.js';
import { ipInterfaceBrief, renderIpInterfaceBrief } from './show-ip-interface-brief.js';
import { renderShowLogging } from './show-logging.js';
import { renderShowRunning, renderShowRunningInterface, renderShowStartup } from './show-running-config.js';
import { renderShowUsers, type UserLine } from './show-users.js';
import { renderShowVersion } from './show-version.js';

/** What the commands may read and change in the session and around it. */
export interface ExecEnv {
  readonly router: CliRouter;
  readonly clock: Clock;
  readonly privilege: number;
  readonly system: SystemInfo;
  readonly startup: StartupStore | undefined;
  readonly logStore: LogStore | undefined;
  readonly debug: DebugFlags;
  readonly manualAddresses: ReadonlySet<string>;
  readonly history: readonly string[];
  users(): readonly UserLine[];
  setTerminalLength(n: number): void;
  setTerminalWidth(n: number): void;
  setMonitor(on: boolean): void;
}

export type ExecOutcome =
  | { readonly kind: 'output'; readonly text: string; readonly json?: () => unknown }
  | { readonly kind: 'ask'; readonly prompt: string; readonly secret: boolean; readonly answer: (reply: string) => ExecOutcome }
  | { readonly kind: 'error'; readonly offset: number; readonly message: string };

const text = (t: string): ExecOutcome => ({ kind: 'output', text: t });

/** `write memory`: the rendered running-config to the store (DESIGN D4: the store writes atomically). */
function save(env: ExecEnv): ExecOutcome {
  if (env.startup === undefined) return text('%Error opening nvram:startup-config (No such device)\n');
  try {
    env.startup.write(renderConfig(env.router.config));
  } catch (e) {
    return text(`Building configuration...\n%Error writing nvram:startup-config (${e instanceof Error ? e.message : String(e)})\n`);
  }
  return text('Building configuration...\n[OK]\n');
}

export function runExecCommand(env: ExecEnv, path: readonly string[], args: readonly string[], tokens: readonly Token[]): ExecOutcome {
  const key = path.join(' ');
  const [p0, p1] = path;
  if (p0 === 'debug' || p0 === 'undebug') return text(runDebug(env.debug, path));
  if (p0 === 'show' && p1 === 'standby') return { kind: 'output', ...showStandby(env.router, path, args) };
  if (p0 === 'show' && p1 === 'vrrp') return { kind: 'output', ...showVrrp(env.router, path, args) };
  if (p0 === 'show' && p1 === 'track') return { kind: 'output', ...showTrack(env.router, path, args) };
  switch (key) {
    case 'show running-config':
    case 'write terminal':
      return text(renderShowRunning(env.router.config));
    case 'show running-config interface': {
      const out = renderShowRunningInterface(env.router.config, args[0] ?? '');
      // IOS rejects an interface that does not exist, at the interface word.
      const at = tokens[3]?.offset ?? tokens[2]?.offset ?? 0;
      return out === undefined ? { kind: 'error', offset: at, message: MSG_INVALID } : text(out);
    }
    case 'show startup-config':
      return text(renderShowStartup(env.startup?.read()));
    case 'show ip interface brief': {
      const rows = ipInterfaceBrief(env.router.config, (n) => env.router.linkUp(n), env.manualAddresses);
      return { kind: 'output', text: renderIpInterfaceBrief(rows), json: () => rows };
    }
    case 'show version':
      return text(renderShowVersion(env.router.config, env.system, env.clock.now()));
    case 'show clock':
      return text(renderShowClock(env.clock.now()));
    case 'show privilege':
      return text(`Current privilege level is ${env.privilege}\n`);
    case 'show logging':
      return text(renderShowLogging(env.router.config, env.logStore?.messages ?? []));
    case 'show users':
      return text(renderShowUsers(env.users()));
    case 'show history':
      return text(env.history.map((h) => `  ${h}\n`).join(''));
    case 'write':
    case 'write memory':
      return save(env);
    case 'copy running-config startup-config':
      return {
        kind: 'ask',
        prompt: 'Destination filename [startup-config]? ',
        secret: false,
        answer: (reply) => {
          const name = reply.trim();
          if (name === '' || name === 'startup-config') return save(env);
          return text(`%Error opening nvram:${name} (Permission denied)\n`);
        },
      };
    case 'clear logging':
      return {
        kind: 'ask',
        prompt: 'Clear logging buffer [confirm]',
        secret: false,
        answer: (reply) => {
          if (reply.trim() === '' || /^y/i.test(reply.trim())) env.logStore?.messages.splice(0);
          return text('');
        },
      };
    case 'terminal length':
      env.setTerminalLength(Number(args[0]));
      return text('');
    case 'terminal width':
      env.setTerminalWidth(Number(args[0]));
      return text('');
    case 'terminal monitor':
      env.setMonitor(true);
      return text('');
    case 'terminal no monitor':
      env.setMonitor(false);
      return text('');
    default:
      // Accepted by the grammar but not built yet (issue 7 lists them): said plainly, never faked.
      return text(`% vipr: "${key}" is not implemented yet\n`);
  }
}
