/**
 * `vipr run`: the router on real Linux interfaces (DESIGN D3, D4). Loads the startup-config, maps
 * IOS interface names to Linux devices, waits for the interfaces containerlab or GNS3 announce,
 * applies addresses and routes, opens a raw FHRP port per interface and runs the engines through a
 * Router with the wall clock. Every later configuration change (CLI, SIGHUP) is reconciled live:
 * the engines get their changed interfaces, the kernel gets the difference.
 *
 * It never exits on a configuration error: bad lines are logged and skipped, missing devices are
 * waited for. SIGTERM makes Active/Master groups resign before a clean exit and removes every macvlan
 * child and VIP it created.
 */
import type { CliRouter } from '../cli/cli-router.js';
import { loadConfig } from '../config/load.js';
import { IfMap, ifMapFromSettings } from '../dataplane/linux/ifmap.js';
import { InterfaceConfigurator } from '../dataplane/linux/interface-config.js';
import { expectedInterfaces, waitForInterfaces, watchInterfaces } from '../dataplane/linux/interface-wait.js';
import { Iproute2 } from '../dataplane/linux/iproute2.js';
import { LinuxPort } from '../dataplane/linux/linux-port.js';
import { LinuxAddressPlane } from '../dataplane/linux/plane.js';
import { createSysctl } from '../dataplane/linux/sysctl.js';
import type { InterfacePort } from '../dataplane/ports.js';
import { parseInterfaceName } from '../model/interface-name.js';
import type { RouterConfig } from '../model/types.js';
import { Router } from '../router/router.js';
import { WallClock } from '../runtime/clock.js';
import { formatSyslogLine, type LogSink, type SyslogMessage } from '../runtime/syslog.js';
import { BootConfigStore } from './boot-config.js';

export interface DaemonOptions {
  /** The startup-config the platform gives (read on first boot, never written). */
  readonly configPath: string;
  /** Where `write memory` saves; once that file exists the router boots from it (./boot-config.ts). */
  readonly savedConfigPath?: string | undefined;
  /** `--ifmap` text, if given. */
  readonly ifmap?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where log lines go besides the router's buffer (stdout for the container). */
  readonly print: (line: string) => void;
  /** Extra sinks (the CLI's log hub). */
  readonly log?: LogSink;
  /** Where interface ownership is kept across restarts. */
  readonly statePath?: string;
  /** How long to wait for announced interfaces before starting anyway. */
  readonly waitTimeoutMs?: number;
}

/** The daemon's own messages, in IOS's format so they sit well beside the protocols' ones. */
function sysMessage(clock: WallClock, mnemonic: string, severity: 3 | 4 | 5 | 6, text: string): SyslogMessage {
  return { atMs: clock.now(), facility: 'VIPR', severity, mnemonic, text };
}

export class Daemon {
  private router: Router | undefined;
  private readonly ports = new Map<string, InterfacePort>();
  private stopWatching: () => void = () => undefined;
  private stopped = false;

  private constructor(
    private readonly clock: WallClock,
    private readonly store: BootConfigStore,
    private readonly ifmap: IfMap,
    private readonly plane: LinuxAddressPlane,
    private readonly configurator: InterfaceConfigurator,
    readonly logSink: LogSink,
    /** The iproute2 adapter the kernel is read and changed through (the CLI's providers read it too). */
    readonly ip: Iproute2,
  ) {}

  /** IOS interface names ↔ Linux devices, as this daemon maps them. */
  get interfaceMap(): IfMap {
    return this.ifmap;
  }

  static async start(options: DaemonOptions): Promise<Daemon> {
    const clock = new WallClock();
    const sinks: LogSink[] = options.log ? [options.log] : [];
    // Messages wait for the end of the engine step that logged them (a microtask; their order is
    // kept): a takeover's frames leave before its %STATECHANGE line is formatted and written, which
    // on a cold path took 0.2-1.5 ms (bench/takeover-overhead.ts).
    const pending: SyslogMessage[] = [];
    const flush = (): void => {
      for (const m of pending.splice(0)) {
        options.print(formatSyslogLine(m));
        for (const s of sinks) s.log(m);
      }
    };
    const logSink: LogSink = {
      log: (m) => {
        if (pending.push(m) === 1) queueMicrotask(flush);
      },
    };
    const say = (mnemonic: string, severity: 3 | 4 | 5 | 6, text: string): void => logSink.log(sysMessage(clock, mnemonic, severity, text));

    const store = new BootConfigStore(options.configPath, options.savedConfigPath);
    const config = loadStartup(store, say);

    const expected = expectedInterfaces(options.env);
    const management = expected.kind === 'count' ? expected.exclude : [];
    const mapped = ifMapFromSettings({ flag: options.ifmap, env: options.env, management });
    // A bad map is a configuration error like a bad config line: reported, and the router comes up
    // with the documented default mapping rather than leaving the lab without its gateway.
    if (!mapped.ok) say('IFMAP', 3, `${mapped.error.source}: ${mapped.error.message}; using the default mapping (GigabitEthernet0/N is ethN)`);
    const ifmap = mapped.ok ? mapped.value : new IfMap({ management });

    if (expected.kind !== 'none') {
      say('WAIT', 6, `waiting for the interfaces announced by ${expected.source}`);
      const waited = await waitForInterfaces(expected, { timeoutMs: options.waitTimeoutMs ?? 300_000 });
      const missing = typeof waited.missing === 'number' ? `${waited.missing} interface(s)` : waited.missing.join(', ');
      say('WAIT', waited.complete ? 6 : 4, waited.complete ? `all announced interfaces are present after ${Math.round(waited.elapsedMs)} ms` : `starting without ${missing}; they are configured when they appear`);
    }

    const ip = new Iproute2();
    const sysctl = createSysctl();
    const plane = await LinuxAddressPlane.open({
      ip,
      sysctl,
      device: (ifName) => ifmap.linuxName(ifName),
      onEvent: (e) => {
        if (e.kind === 'placement' && e.decision.placement === 'parent') say('USEBIA', 4, `${e.decision.ifName}: ${e.decision.reason}; the VIP goes on the interface itself (use-bia behaviour)`);
        if (e.kind === 'warning') say('PLANE', 4, e.message);
      },
    });
    const configurator = new InterfaceConfigurator({ ip, sysctl, ifmap, statePath: options.statePath, onWarning: (m) => say('IFCONFIG', 4, m) });
    const daemon = new Daemon(clock, store, ifmap, plane, configurator, logSink, ip);
    await daemon.reconcileKernel(config);
    daemon.openPorts(config);
    daemon.router = new Router({ config, clock, random: Math.random, log: logSink, plane, ports: daemon.ports });
    // Interfaces that appear later (containerlab hot-plug, a restarted node) are configured then.
    daemon.stopWatching = watchInterfaces(() => void daemon.refresh());
    return daemon;
  }

  get config(): RouterConfig {
    return (this.router as Router).config;
  }

  /** The Router the CLI drives; applyConfig through the daemon also reconciles the kernel. */
  get routerNode(): Router {
    return this.router as Router;
  }

  /**
   * The router as the CLI sees it: every read goes to the Router; a configuration typed at the CLI
   * goes to the engines at once and to the kernel right after (addresses, routes).
   */
  cliRouter(): CliRouter {
    const node = (): Router => this.routerNode;
    return {
      get config() {
        return node().config;
      },
      applyConfig: (next) => {
        node().applyConfig(next);
        void this.reconcileKernel(next)
          .then(() => this.openPorts(next))
          .then(() => node().applyConfig(next))
          .catch((e: unknown) => this.logSink.log(sysMessage(this.clock, 'IFCONFIG', 3, (e as Error).message)));
      },
      hsrpSnapshot: () => node().hsrpSnapshot(),
      vrrpSnapshot: () => node().vrrpSnapshot(),
      trackSnapshot: (object) => node().trackSnapshot(object),
      showStandby: (o) => node().showStandby(o),
      showVrrp: (o) => node().showVrrp(o),
      showTrack: (o) => node().showTrack(o),
      linkUp: (ifName) => node().linkUp(ifName),
    };
  }

  get clockSource(): WallClock {
    return this.clock;
  }

  /** The boot/saved configuration files: what `write memory` and `show startup-config` use. */
  get startupStore(): BootConfigStore {
    return this.store;
  }

  /** A new model (CLI, SIGHUP): the kernel's difference first, then the engines'. */
  async applyConfig(next: RouterConfig): Promise<void> {
    if (this.stopped || this.router === undefined) return;
    await this.reconcileKernel(next);
    this.openPorts(next);
    this.router.applyConfig(next);
  }

  /** SIGHUP: the startup-config again, as a configuration change. */
  async reload(): Promise<void> {
    const config = loadStartup(this.store, (mnemonic, severity, text) => this.logSink.log(sysMessage(this.clock, mnemonic, severity, text)));
    await this.applyConfig(config);
  }

  /** SIGTERM: resign (HSRP) and priority 0 (VRRP), then remove what vipr put into the kernel. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.stopWatching();
    this.router?.shutdown();
    // Let the goodbye frames leave before the sockets close.
    await new Promise((r) => setTimeout(r, 50));
    for (const port of this.ports.values()) (port as LinuxPort).close();
    await this.plane.close();
  }

  private async refresh(): Promise<void> {
    if (this.stopped || this.router === undefined) return;
    await this.reconcileKernel(this.router.config);
    await this.plane.resync();
  }

  private async reconcileKernel(config: RouterConfig): Promise<void> {
    const report = await this.configurator.apply(config);
    for (const p of report.problems) this.logSink.log(sysMessage(this.clock, 'IFCONFIG', 4, `${p.ios ?? ''}${p.ios ? ': ' : ''}${p.message}`));
  }

  /** One raw FHRP port per mapped physical interface or subinterface (loopbacks carry no FHRP). */
  private openPorts(config: RouterConfig): void {
    for (const iface of config.interfaces) {
      if (this.ports.has(iface.name) || parseInterfaceName(iface.name)?.type.kind === 'loopback') continue;
      const device = this.ifmap.linuxName(iface.name);
      if (device === undefined) continue;
      this.ports.set(
        iface.name,
        new LinuxPort(iface.name, device, {
          filter: iface.name.includes('.') ? 'fhrp-untagged' : 'fhrp',
          onError: (e, ctx) => this.logSink.log(sysMessage(this.clock, 'PORT', 4, `${iface.name} (${device}) ${ctx}: ${e.code ?? ''} ${e.message}`)),
        }),
      );
    }
  }
}

function loadStartup(store: BootConfigStore, say: (mnemonic: string, severity: 3 | 4 | 5 | 6, text: string) => void): RouterConfig {
  let text: string | undefined;
  let path = store.initialPath;
  try {
    const read = store.load();
    ({ text, path } = read);
    if (read.savedError !== undefined) say('CONFIG', 3, `cannot read the saved configuration ${store.savedPath ?? ''}: ${read.savedError.message}; using ${path}`);
    else if (read.source === 'saved') say('CONFIG', 5, `using the saved configuration ${path} (write memory); ${store.initialPath} applies only while there is none`);
  } catch (e) {
    say('CONFIG', 3, `cannot read ${path}: ${(e as Error).message}; starting with an empty configuration`);
  }
  if (text === undefined) say('CONFIG', 5, `no startup-config at ${path}; starting with an empty configuration`);
  const { config, diagnostics } = loadConfig(text ?? '');
  for (const d of diagnostics) say('CONFIG', d.severity === 'error' ? 4 : 5, `${path}:${d.line}:${d.column}: ${d.message} (${d.text.trim()})`);
  return config;
}
