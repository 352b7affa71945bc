/**
 * What every transport needs to open a CLI session on the running router (DESIGN D5: one session,
 * many transports). The daemon builds one CliHost and hands the same object to SSH, the local socket
 * and the console, so `show users`, debug flags and `terminal monitor` see every session whichever
 * way it came in.
 */
import type { CliRouter, StartupStore, SystemInfo } from '../cli/cli-router.js';
import type { LogHub } from '../cli/log-hub.js';
import type { CliProviders } from '../cli/providers.js';
import { CliSession, type CliShared, type SessionLine } from '../cli/session.js';
import type { Clock } from '../runtime/clock.js';

export interface CliHost {
  /** A Router, or anything shaped like one (tests). */
  readonly router: CliRouter;
  /** The router's clock: session idle times, exec-timeout and login delays all run on it. */
  readonly clock: Clock;
  /** The router's log sink: `show logging`, `terminal monitor`, `%SYS-5-CONFIG_I`. */
  readonly logs: LogHub;
  readonly shared: CliShared;
  /** Where `write memory` goes (the daemon's FileStartupStore). */
  readonly startup: StartupStore;
  readonly system?: SystemInfo;
  /** Interface counters, ARP, routes, ping/traceroute, reload (`vipr run`: from the kernel). */
  readonly providers?: CliProviders;
}

export interface OpenSessionOptions {
  readonly line: SessionLine;
  readonly privilege: number;
  readonly output: (bytes: Uint8Array) => void;
  readonly onClose?: () => void;
  readonly echo?: boolean;
  readonly crlf?: boolean;
  readonly monitor?: boolean;
  readonly terminalLength?: number;
  readonly terminalWidth?: number;
}

/** A CliSession wired to the host's router, log hub, shared state and startup store. */
export function openSession(host: CliHost, o: OpenSessionOptions): CliSession {
  return new CliSession({
    router: host.router,
    clock: host.clock,
    output: o.output,
    privilege: o.privilege,
    line: o.line,
    startup: host.startup,
    log: host.logs,
    logStore: host.logs.buffer,
    logFeed: host.logs,
    shared: host.shared,
    ...(host.system !== undefined ? { system: host.system } : {}),
    ...(host.providers !== undefined ? { providers: host.providers } : {}),
    ...(o.onClose !== undefined ? { onClose: o.onClose } : {}),
    ...(o.echo !== undefined ? { echo: o.echo } : {}),
    ...(o.crlf !== undefined ? { crlf: o.crlf } : {}),
    ...(o.monitor !== undefined ? { monitor: o.monitor } : {}),
    ...(o.terminalLength !== undefined ? { terminalLength: o.terminalLength } : {}),
    ...(o.terminalWidth !== undefined ? { terminalWidth: o.terminalWidth } : {}),
  });
}
