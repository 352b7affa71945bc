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
import { renderShowIpInterface, renderShowIpv6Interface } from './show-ip-interface.js';
import { renderShowLogging } from './show-logging.js';
import { renderShowRunning, renderShowRunningInterface, renderShowStartup } from './show-running-config.js';
import { renderShowUsers, type UserLine } from './show-users.js';
import { renderShowVersion } from './show-version.js';
import type { CliProviders } from '../providers.js';
import { modelRouteTable } from '../route-table.js';
import { arpRows, renderShowArp } from './show-arp.js';
import { renderShowInterfaces } from './show-interfaces.js';
import { renderShowIpRoute, renderShowIpv6Route } from './show-ip-route.js';
import { renderDir, renderShowArchive, renderShowHosts, renderShowKeyChain } from './show-system.js';
import { runPing, runTraceroute, type StreamIo } from './ping.js';

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
  readonly providers: CliProviders;
  /** Who is asking, as IOS names it in `%CLEAR-5-COUNTERS` (`console`, `admin on vty0 (10.0.0.9)`). */
  readonly by: string;
  /** Logs a message in the router's log (`%CLEAR-5-COUNTERS`). */
  log(facility: string, severity: number, mnemonic: string, text: string): void;
}

export type ExecOutcome =
  | { readonly kind: 'output'; readonly text: string; readonly json?: () => unknown }
  | { readonly kind: 'ask'; readonly prompt: string; readonly secret: boolean; readonly answer: (reply: string) => ExecOutcome }
  | { readonly kind: 'error'; readonly offset: number; readonly message: string }
  /** A command that writes as it goes (ping, traceroute); returns its abort function. */
  | { readonly kind: 'stream'; readonly run: (io: StreamIo) => () => void };

const text = (t: string): ExecOutcome => ({ kind: 'output', text: t });

/** `write memory`: the rendered running-config to the store (DESIGN D4: the store writes atomically). */
function save(env: ExecEnv): ExecOutcome {
  return saveThen(env, undefined);
}

/** Saves, then goes on with `next` (reload's `Save?`). */
function saveThen(env: ExecEnv, next: (() => ExecOutcome) | undefined): ExecOutcome {
  const then = (t: string): ExecOutcome => {
    if (next === undefined) return text(t);
    const n = next();
    return n.kind === 'ask' ? { ...n, prompt: `${t}${n.prompt}` } : n.kind === 'output' ? { ...n, text: `${t}${n.text}` } : n;
  };
  if (env.startup === undefined) return then('%Error opening nvram:startup-config (No such device)\n');
  try {
    env.startup.write(renderConfig(env.router.config));
  } catch (e) {
    return then(`Building configuration...\n%Error writing nvram:startup-config (${e instanceof Error ? e.message : String(e)})\n`);
  }
  return then('Building configuration...\n[OK]\n');
}

const confirmed = (reply: string): boolean => reply.trim() === '' || /^y/i.test(reply.trim());

/** `reload`: `Save?` when the running-config differs from the startup-config, then `[confirm]`. */
function reload(env: ExecEnv): ExecOutcome {
  const handler = env.providers.reload;
  if (handler === undefined) return text('% Reload is not available on this line\n');
  const proceed = (): ExecOutcome => ({
    kind: 'ask',
    prompt: 'Proceed with reload? [confirm]',
    secret: false,
    answer: (reply) => {
      if (!confirmed(reply)) return text('');
      handler();
      return text('');
    },
  });
  const running = renderConfig(env.router.config);
  if (env.startup === undefined || env.startup.read() === running) return proceed();
  const askSave = (): ExecOutcome => ({
    kind: 'ask',
    prompt: '\nSystem configuration has been modified. Save? [yes/no]: ',
    secret: false,
    answer: (reply) => {
      const r = reply.trim().toLowerCase();
      if (r.length > 0 && 'yes'.startsWith(r)) return saveThen(env, proceed);
      if (r.length > 0 && 'no'.startsWith(r)) return proceed();
      const again = askSave();
      return again.kind === 'ask' ? { ...again, prompt: `% Please answer 'yes' or 'no'.${again.prompt}` } : again;
    },
  });
  return askSave();
}

function missing(what: string): ExecOutcome {
  return text(`% ${what} is not available on this line\n`);
}

/** `clear counters [IF]`: IOS asks, then logs who cleared what. */
function clearCounters(env: ExecEnv, ifName: string | undefined): ExecOutcome {
  const stats = env.providers.interfaceStats;
  if (stats === undefined) return missing('Interface statistics');
  return {
    kind: 'ask',
    prompt: `Clear "show interface" counters on ${ifName === undefined ? 'all interfaces' : 'this interface'} [confirm]`,
    secret: false,
    answer: (reply) => {
      if (!confirmed(reply)) return text('');
      stats.clear(ifName, env.clock.now());
      env.log('CLEAR', 5, 'COUNTERS', `Clear counter on ${ifName === undefined ? 'all interfaces' : `interface ${ifName}`} by ${env.by}`);
      return text('');
    },
  };
}

export function runExecCommand(env: ExecEnv, path: readonly string[], args: readonly string[], tokens: readonly Token[]): ExecOutcome {
  const key = path.join(' ');
  const [p0, p1] = path;
  if (p0 === 'debug' || p0 === 'undebug') return text(runDebug(env.debug, path));
  if (p0 === 'show' && p1 === 'standby') return { kind: 'output', ...showStandby(env.router, path, args) };
  if (p0 === 'show' && p1 === 'vrrp') return { kind: 'output', ...showVrrp(env.router, path, args) };
  if (p0 === 'show' && p1 === 'track') return { kind: 'output', ...showTrack(env.router, path, args) };
  const routes = env.providers.routes ?? modelRouteTable(env.router);
  switch (key) {
    case 'show running-config all':
      return text(renderShowRunning(env.router.config, { all: true }));
    case 'show interfaces': {
      const input = { config: env.router.config, linkUp: (n: string) => env.router.linkUp(n), stats: env.providers.interfaceStats, nowMs: env.clock.now() };
      const out = renderShowInterfaces(input, args[0]);
      // IOS rejects an interface that does not exist, at the interface word.
      return out === undefined ? { kind: 'error', offset: tokens[2]?.offset ?? 0, message: MSG_INVALID } : text(out);
    }
    case 'show ip route': {
      const r = routes.ipv4();
      return { kind: 'output', text: renderShowIpRoute(r), json: () => r };
    }
    case 'show ipv6 route': {
      const r = routes.ipv6();
      return { kind: 'output', text: renderShowIpv6Route(r), json: () => r };
    }
    case 'show arp': {
      const rows = arpRows({
        config: env.router.config,
        linkUp: (n) => env.router.linkUp(n),
        stats: env.providers.interfaceStats,
        neighbors: env.providers.neighbors?.ipv4() ?? [],
        hsrp: env.router.hsrpSnapshot(),
        vrrp: env.router.vrrpSnapshot(),
        nowMs: env.clock.now(),
      });
      return { kind: 'output', text: renderShowArp(rows), json: () => rows };
    }
    case 'show key chain':
      return text(renderShowKeyChain(env.router.config.keyChains, env.clock.now()));
    case 'show hosts':
      return text(renderShowHosts(env.router.config));
    case 'show archive':
      return text(renderShowArchive());
    case 'dir': {
      // vipr's only file system is NVRAM, where the startup-config lives.
      const fs = (args[0] ?? 'nvram:').toLowerCase();
      if (fs !== 'nvram:' && fs !== 'nvram:/') return text(`%Error opening ${args[0] ?? ''} (No such device)\n`);
      return text(renderDir('nvram:', env.startup?.read()));
    }
    case 'clear counters':
      return clearCounters(env, args[0]);
    case 'ping':
    case 'traceroute': {
      const pinger = env.providers.pinger;
      if (pinger === undefined) return missing(key === 'ping' ? 'Ping' : 'Traceroute');
      const dest = args[0] ?? '';
      return {
        kind: 'stream',
        run: (io) => {
          const r = key === 'ping' ? runPing(pinger, dest, io) : runTraceroute(pinger, dest, io);
          return () => r.abort();
        },
      };
    }
    case 'reload':
      return reload(env);
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
    case 'show ip interface':
    case 'show ipv6 interface': {
      const input = { config: env.router.config, linkUp: (n: string) => env.router.linkUp(n), stats: env.providers.interfaceStats, manual: env.manualAddresses };
      const out = key === 'show ip interface' ? renderShowIpInterface(input, args[0]) : renderShowIpv6Interface(input, args[0]);
      // IOS rejects an interface that does not exist, at the interface word.
      return out === undefined ? { kind: 'error', offset: tokens[3]?.offset ?? 0, message: MSG_INVALID } : text(out);
    }
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
      // Accepted by the grammar but not built yet: said plainly, never faked.
      return text(`% vipr: "${key}" is not implemented yet\n`);
  }
}
