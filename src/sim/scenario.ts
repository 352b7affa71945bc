/**
 * The `vipr sim` scenario file (issue 4): routers with their IOS configuration and the segment each
 * interface is cabled to, a timeline of events, and when to stop. Parsed from YAML into a checked
 * shape; every mistake is reported with where it is, so a wrong file never half-runs.
 *
 *   routers:
 *     R1:
 *       config: |
 *         hostname R1
 *         ...
 *       links: {GigabitEthernet0/1: lan}
 *   events:
 *     - {at: 60s, router: R1, do: crash}        # crash | restore | link-down IF | link-up IF
 *     - {at: 61s, do: partition lan}            #   | partition SEG | heal SEG | cli LINE
 *     - {at: 90s, router: R2, show: show standby brief}
 *   until: 120s
 *   seed: 1                                     # optional: hello jitter and the like
 */
import { parse } from 'yaml';

export interface ScenarioRouter {
  readonly name: string;
  readonly config: string;
  /** IOS interface name → segment name, as written. */
  readonly links: ReadonlyMap<string, string>;
}

export type ScenarioAction =
  | { readonly kind: 'crash' }
  | { readonly kind: 'restore' }
  | { readonly kind: 'link-down' | 'link-up'; readonly iface: string }
  | { readonly kind: 'partition' | 'heal'; readonly segment: string }
  | { readonly kind: 'cli'; readonly line: string; readonly iface: string | undefined }
  | { readonly kind: 'show'; readonly command: string };

export interface ScenarioEvent {
  readonly atMs: number;
  readonly router: string | undefined;
  readonly action: ScenarioAction;
  /** 1-based position in the file's event list: ties at one instant run in file order. */
  readonly index: number;
}

export interface Scenario {
  readonly routers: readonly ScenarioRouter[];
  readonly events: readonly ScenarioEvent[];
  readonly untilMs: number;
  readonly seed: number;
}

export class ScenarioError extends Error {}

/** `60s`, `1.5s`, `250ms`, `2m`, `1h`, or a bare number of seconds. */
export function parseDuration(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.round(value * 1000);
  const m = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value) : null;
  if (!m) throw new ScenarioError(`${where}: '${String(value)}' is not a duration (60s, 250ms, 2m)`);
  const n = Number(m[1]);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(n * unit);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseScenario(text: string): Scenario {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new ScenarioError(`not valid YAML: ${(e as Error).message}`);
  }
  if (!isRecord(doc)) throw new ScenarioError('the file must be a mapping with routers, events and until');
  for (const key of Object.keys(doc)) {
    if (!['routers', 'events', 'until', 'seed'].includes(key)) throw new ScenarioError(`unknown top-level key '${key}'`);
  }
  if (!isRecord(doc.routers) || Object.keys(doc.routers).length === 0) throw new ScenarioError('routers: give at least one router');
  const routers: ScenarioRouter[] = Object.entries(doc.routers).map(([name, r]) => {
    if (!isRecord(r)) throw new ScenarioError(`routers.${name}: must be a mapping with config and links`);
    if (typeof r.config !== 'string') throw new ScenarioError(`routers.${name}.config: the IOS configuration text is required`);
    const links = new Map<string, string>();
    if (r.links !== undefined) {
      if (!isRecord(r.links)) throw new ScenarioError(`routers.${name}.links: must map interface names to segment names`);
      for (const [iface, seg] of Object.entries(r.links)) {
        if (typeof seg !== 'string' || seg === '') throw new ScenarioError(`routers.${name}.links.${iface}: segment name expected`);
        links.set(iface, seg);
      }
    }
    return { name, config: r.config, links };
  });
  const names = new Set(routers.map((r) => r.name));
  const segments = new Set(routers.flatMap((r) => [...r.links.values()]));
  const untilMs = parseDuration(doc.until ?? '60s', 'until');
  const seed = doc.seed === undefined ? 1 : Number(doc.seed);
  if (!Number.isInteger(seed)) throw new ScenarioError(`seed: an integer expected`);
  const rawEvents = doc.events ?? [];
  if (!Array.isArray(rawEvents)) throw new ScenarioError('events: must be a list');
  const events = rawEvents.map((e: unknown, i): ScenarioEvent => {
    const where = `events[${i + 1}]`;
    if (!isRecord(e)) throw new ScenarioError(`${where}: must be a mapping`);
    for (const key of Object.keys(e)) {
      if (!['at', 'router', 'do', 'show', 'interface'].includes(key)) throw new ScenarioError(`${where}: unknown key '${key}'`);
    }
    const atMs = parseDuration(e.at, `${where}.at`);
    const router = e.router === undefined ? undefined : String(e.router);
    if (router !== undefined && !names.has(router)) throw new ScenarioError(`${where}: no router named '${router}'`);
    const action = parseAction(e, where, router, segments);
    return { atMs, router, action, index: i + 1 };
  });
  return { routers, events: events.sort((a, b) => a.atMs - b.atMs || a.index - b.index), untilMs, seed };
}

function parseAction(e: Record<string, unknown>, where: string, router: string | undefined, segments: ReadonlySet<string>): ScenarioAction {
  if ((e.do === undefined) === (e.show === undefined)) throw new ScenarioError(`${where}: give exactly one of 'do' and 'show'`);
  const needRouter = (): void => {
    if (router === undefined) throw new ScenarioError(`${where}: this event needs 'router'`);
  };
  if (e.show !== undefined) {
    needRouter();
    return { kind: 'show', command: String(e.show) };
  }
  const text = String(e.do).trim();
  const [verb = '', ...rest] = text.split(/\s+/);
  const arg = rest.join(' ');
  switch (verb) {
    case 'crash':
    case 'restore':
      needRouter();
      return { kind: verb };
    case 'link-down':
    case 'link-up':
      needRouter();
      if (arg === '') throw new ScenarioError(`${where}: '${verb}' needs an interface name`);
      return { kind: verb, iface: arg };
    case 'partition':
    case 'heal':
      if (!segments.has(arg)) throw new ScenarioError(`${where}: no segment named '${arg}'`);
      return { kind: verb, segment: arg };
    case 'cli':
      needRouter();
      if (arg === '') throw new ScenarioError(`${where}: 'cli' needs a configuration line`);
      return { kind: 'cli', line: text.slice(text.indexOf('cli') + 3).trim(), iface: e.interface === undefined ? undefined : String(e.interface) };
    default:
      throw new ScenarioError(`${where}: unknown action '${verb}' (crash, restore, link-down IF, link-up IF, partition SEG, heal SEG, cli LINE)`);
  }
}
