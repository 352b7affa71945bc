/**
 * Runs a `vipr sim` scenario in virtual time (DESIGN D2): routers built from their configurations
 * (src/router), cabled to in-memory segments, driven by a ManualClock and seeded randomness, so the
 * same file always gives the same output. Every log line and every show is reported as
 * `SECONDS ROUTER TEXT`, SECONDS being the virtual time since the start with milliseconds.
 */
import { applyLine, loadConfig } from '../config/load.js';
import { CONFIG, type Context } from '../config/apply.js';
import { parseLine } from '../config/grammar/parser.js';
import { showRunningConfig } from '../config/render.js';
import { MemorySegment, type MemoryPort, type SegmentRecord } from '../dataplane/memory/segment.js';
import type { InterfacePort, VirtualAddressPlane } from '../dataplane/ports.js';
import { parseInterfaceName } from '../model/interface-name.js';
import type { RouterConfig } from '../model/types.js';
import { Router } from '../router/router.js';
import { ManualClock } from '../runtime/clock.js';
import { seededRandom } from '../runtime/random.js';
import { formatSyslogBody, type SyslogMessage } from '../runtime/syslog.js';
import type { Scenario, ScenarioEvent, ScenarioRouter } from './scenario.js';

/** Virtual time zero: 1 March, as a lab router without a calendar shows it (`*Mar  1 00:00:00`). */
export const SIM_EPOCH_MS = Date.UTC(2024, 2, 1);

export interface SimOutput {
  readonly lines: string[];
  /** Every frame that crossed any segment, in time order (for `--pcap`). */
  readonly frames: readonly SegmentRecord[];
}

/**
 * A port whose router can crash: while closed it neither sends nor hears anything, so a crashed
 * router's last words (a Resign, priority 0) never reach the segment, as with a real power cut.
 */
class GatedPort implements InterfacePort {
  open = true;

  constructor(private readonly inner: MemoryPort) {}

  get ifName(): string {
    return this.inner.ifName;
  }

  get mac(): Uint8Array {
    return this.inner.mac;
  }

  linkUp(): boolean {
    return this.inner.linkUp();
  }

  send(frame: Uint8Array): void {
    if (this.open) this.inner.send(frame);
  }

  subscribe(handler: (frame: Uint8Array) => void): () => void {
    return this.inner.subscribe((f) => {
      if (this.open) handler(f);
    });
  }

  onLinkChange(handler: (up: boolean) => void): () => void {
    return this.inner.onLinkChange((up) => {
      if (this.open) handler(up);
    });
  }
}

const NO_PLANE: VirtualAddressPlane = { activate: () => undefined, deactivate: () => undefined };

interface SimRouter {
  readonly spec: ScenarioRouter;
  readonly startup: RouterConfig;
  /** Canonical IOS name → the memory port it is cabled to. */
  readonly ports: Map<string, MemoryPort>;
  gates: Map<string, GatedPort>;
  router: Router | undefined;
  /** `cli` lines without an `interface:` are typed at this interface's prompt. */
  readonly defaultIface: string | undefined;
}

export function runScenario(scenario: Scenario, options: { keepFrames?: boolean } = {}): SimOutput {
  const clock = new ManualClock(SIM_EPOCH_MS);
  const lines: string[] = [];
  const stamp = (): string => ((clock.now() - SIM_EPOCH_MS) / 1000).toFixed(3);
  const say = (router: string, text: string): void => {
    lines.push(`${stamp()} ${router} ${text}`);
  };
  const segments = new Map<string, MemorySegment>();
  const segment = (name: string): MemorySegment => {
    let s = segments.get(name);
    if (s === undefined) {
      s = new MemorySegment(name, clock, 0, options.keepFrames === true);
      segments.set(name, s);
    }
    return s;
  };

  const routers = new Map<string, SimRouter>();
  scenario.routers.forEach((spec, ri) => {
    const { config, diagnostics } = loadConfig(spec.config);
    for (const d of diagnostics) say(spec.name, `config line ${d.line}:${d.column}: ${d.message} (${d.text.trim()})`);
    const ports = new Map<string, MemoryPort>();
    let ii = 0;
    for (const [iface, seg] of spec.links) {
      const name = parseInterfaceName(iface)?.name;
      if (name === undefined) {
        say(spec.name, `links: '${iface}' is not an interface name`);
        continue;
      }
      ii++;
      // A locally administered MAC per router and port, as stable as the file: aabb.ccRR.II00.
      const mac = Uint8Array.of(0xaa, 0xbb, 0xcc, ri + 1, ii, 0);
      ports.set(name, segment(seg).attach(`${spec.name}/${name}`, name, mac));
    }
    routers.set(spec.name, { spec, startup: config, ports, gates: new Map(), router: undefined, defaultIface: [...ports.keys()][0] });
  });

  const boot = (r: SimRouter, index: number): void => {
    r.gates = new Map([...r.ports].map(([name, p]) => [name, new GatedPort(p)]));
    const gates = r.gates;
    const log = {
      log: (m: SyslogMessage): void => {
        if ([...gates.values()].every((g) => g.open)) say(r.spec.name, formatSyslogBody(m));
      },
    };
    r.router = new Router({ config: r.startup, clock, random: seededRandom(scenario.seed * 1009 + index), log, plane: NO_PLANE, ports: gates });
  };
  [...routers.values()].forEach((r, i) => boot(r, i));

  for (const event of scenario.events) {
    clock.setTimer(event.atMs, () => {
      const r = event.router === undefined ? undefined : routers.get(event.router);
      runEvent(event, r, [...routers.values()].indexOf(r as SimRouter));
    });
  }

  function runEvent(event: ScenarioEvent, r: SimRouter | undefined, index: number): void {
    const a = event.action;
    const who = r?.spec.name ?? '-';
    switch (a.kind) {
      case 'crash':
        if (r?.router === undefined) return;
        for (const g of r.gates.values()) g.open = false;
        r.router.shutdown();
        r.router = undefined;
        say(who, '(crashed)');
        return;
      case 'restore':
        if (r === undefined || r.router !== undefined) return;
        say(who, '(restored from its startup-config)');
        boot(r, index);
        return;
      case 'link-down':
      case 'link-up': {
        const name = parseInterfaceName(a.iface)?.name ?? a.iface;
        const port = r?.ports.get(name);
        if (port === undefined) {
          say(who, `% ${a.iface} is not cabled in this scenario`);
          return;
        }
        const up = a.kind === 'link-up';
        // IOS reports the link first; what the change sets off (tracking, FHRP) follows.
        if (r?.router !== undefined) {
          say(who, `%LINK-3-UPDOWN: Interface ${name}, changed state to ${up ? 'up' : 'down'}`);
          say(who, `%LINEPROTO-5-UPDOWN: Line protocol on Interface ${name}, changed state to ${up ? 'up' : 'down'}`);
        }
        port.setLinkUp(up);
        return;
      }
      case 'partition': {
        const seg = segments.get(a.segment);
        const ids = [...routers.values()].flatMap((x) => [...x.ports.values()].filter((p) => p.attachedTo(seg as MemorySegment)).map((p) => p.id));
        for (const x of ids) for (const y of ids) if (x < y) seg?.cut(x, y);
        say('-', `(segment ${a.segment} partitioned)`);
        return;
      }
      case 'heal':
        segments.get(a.segment)?.heal();
        say('-', `(segment ${a.segment} healed)`);
        return;
      case 'cli':
        if (r?.router !== undefined) typeConfig(r, a.line, a.iface);
        return;
      case 'show':
        if (r === undefined) return;
        lines.push(`${stamp()} ${who} ${a.command}`);
        for (const l of show(r, a.command).replace(/\n$/, '').split('\n')) lines.push(l);
        return;
    }
  }

  /** Lines typed at `(config-if)#` of the given (or first cabled) interface, `;` between lines. */
  function typeConfig(r: SimRouter, text: string, iface: string | undefined): void {
    const router = r.router as Router;
    let config = router.config;
    const start = iface === undefined ? r.defaultIface : parseInterfaceName(iface)?.name;
    let context: Context = start === undefined ? CONFIG : { mode: parseInterfaceName(start)?.name.includes('.') ? 'config-subif' : 'config-if', iface: start };
    for (const line of text.split(';').map((l) => l.trim()).filter((l) => l !== '')) {
      const outcome = applyLine(config, context, line);
      if (!outcome.ok) {
        say(r.spec.name, `${line}: ${outcome.message}`);
        continue;
      }
      config = outcome.config;
      context = outcome.context;
    }
    router.applyConfig(config);
    say(r.spec.name, '%SYS-5-CONFIG_I: Configured from console by console');
  }

  function show(r: SimRouter, command: string): string {
    if (r.router === undefined) return '(router is down)';
    const parsed = parseLine('exec', command);
    if (!parsed.ok) return parsed.error.message;
    const cmd = parsed.ast.cmd as { k: string; path?: readonly string[]; args?: readonly string[] };
    const path = (cmd.path ?? []).join(' ');
    const args = cmd.args ?? [];
    const brief = path.endsWith(' brief');
    switch (path.replace(/ brief$/, '')) {
      case 'show standby':
        return r.router.showStandby({ brief, ...(args[0] !== undefined ? { iface: args[0] } : {}), ...(args[1] !== undefined ? { group: Number(args[1]) } : {}) });
      case 'show standby all':
        return r.router.showStandby({});
      case 'show vrrp':
      case 'show vrrp interface':
        return r.router.showVrrp({ brief, ...(args[0] !== undefined ? { interface: args[0] } : {}) });
      case 'show vrrp all':
        return r.router.showVrrp({ all: true });
      case 'show track':
        return r.router.showTrack({ brief, ...(args[0] !== undefined ? { object: Number(args[0]) } : {}) });
      case 'show running-config':
        return showRunningConfig(r.router.config);
      default:
        return `% '${command}' is not available in vipr sim (show standby, show vrrp, show track, show running-config)`;
    }
  }

  clock.advanceTo(SIM_EPOCH_MS + scenario.untilMs);
  const frames = [...segments.values()].flatMap((s) => s.records).sort((a, b) => a.atMs - b.atMs);
  return { lines, frames };
}
