/**
 * The model's interfaces, routes and forwarding on Linux devices (DESIGN D3, D4, D8), by
 * reconciliation: read what the kernel has (`ip -json addr`, `ip -json route`), compute the
 * difference from the model, apply only that.
 *
 * What vipr touches, and what it leaves alone:
 * - only devices the model names (through the ifmap): an unmapped eth0/management device is never
 *   touched;
 * - addresses: it adds those the model names and removes only those it added itself (or adopted
 *   because the model named them) once the model no longer names them; an address someone else put
 *   on a device (docker's, containerlab's, an operator's) stays unless the model names it;
 * - devices: it creates VLAN devices for dot1Q subinterfaces and dummy devices for loopbacks, marks
 *   them with the alias `vipr-if <IOS name>`, and deletes only devices with that mark;
 * - MTU: set only when the model says `mtu N` (not the 1500 default, as containerlab's veths are
 *   9500); the MTU found is restored when the command goes away;
 * - routes: its static routes carry their own protocol number (VIPR_ROUTE_PROTOCOL) in the main
 *   table, so routes of anyone else are never compared or removed, and a crashed run's routes are
 *   recognised by the next;
 * - sysctls: `ip_forward` (`ip routing`) and IPv6 `forwarding` (`ipv6 unicast-routing`) follow the
 *   model; on managed devices `promote_secondaries=1` and `keep_addr_on_down=1` (below).
 *
 * A device the model names that does not exist yet (a containerlab veth that comes later) is
 * `pending`: the caller applies again when it appears (interface-wait.ts watchInterfaces).
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { DEFAULT_MTU } from '../../model/defaults.js';
import { parseInterfaceName, parentInterface } from '../../model/interface-name.js';
import { canonicalIpv6 } from '../../model/ipv4.js';
import type { InterfaceName, RouterConfig } from '../../model/types.js';
import { parseIpv6, formatIpv6 } from '../../net/ip-address.js';
import type { IfMap } from './ifmap.js';
import { routeDestination, type Iproute2, type IpLinkWithAddrs, type IpRoute } from './iproute2.js';
import { confKey, type Sysctl } from './sysctl.js';

/** rtnetlink protocol number on vipr's static routes (`ip route show proto 118`); above RTPROT_STATIC, unassigned in rt_protos. */
export const VIPR_ROUTE_PROTOCOL = 118;
/** The alias on devices the configurator created. */
export const DEVICE_ALIAS_PREFIX = 'vipr-if ';

export type LoopbackKind = 'dummy' | 'ifb';

export interface DesiredDevice {
  readonly ios: InterfaceName;
  readonly dev: string;
  readonly kind: 'ethernet' | 'loopback' | 'vlan';
  readonly parent: string | undefined;
  readonly vlanId: number | undefined;
  readonly up: boolean;
  /** undefined: leave the device's MTU as found */
  readonly mtu: number | undefined;
  /** `addr/len`, IPv4 primary first, then secondaries, then IPv6; EUI-64 ones still as `prefix/len eui-64` */
  readonly addresses: readonly string[];
}

export interface DesiredNexthop {
  readonly gateway: string | undefined;
  readonly dev: string | undefined;
}

export interface DesiredRoute {
  readonly family: 4 | 6;
  /** `10.0.0.0/8`, `::/0` */
  readonly dst: string;
  /** the IOS administrative distance: the lower wins, as the lower metric does in Linux */
  readonly metric: number;
  /** empty for a blackhole (`Null0`) */
  readonly nexthops: readonly DesiredNexthop[];
}

export interface DesiredState {
  readonly devices: readonly DesiredDevice[];
  readonly routes: readonly DesiredRoute[];
  readonly ipv4Forwarding: boolean;
  readonly ipv6Forwarding: boolean;
}

/** Things the model asks for that cannot be done, for the log. */
export interface ConfigProblem {
  readonly ios: InterfaceName | undefined;
  readonly message: string;
}

/** The model → the Linux state it implies (pure). */
export function desiredState(config: RouterConfig, ifmap: IfMap): { state: DesiredState; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const devices = new Map<string, DesiredDevice>();
  const byIos = new Map<InterfaceName, string>();
  const nativeExtras: { parentDev: string; ios: InterfaceName; addresses: string[] }[] = [];
  for (const iface of config.interfaces) {
    const mapped = ifmap.resolve(iface.name);
    if (!mapped.ok) {
      problems.push({ ios: iface.name, message: mapped.reason });
      continue;
    }
    const addresses = [
      ...(iface.ipv4 ? [`${iface.ipv4.address}/${iface.ipv4.prefixLength}`] : []),
      ...iface.ipv4Secondaries.map((a) => `${a.address}/${a.prefixLength}`),
      ...(iface.ipv6LinkLocal !== undefined ? [`${canonicalIpv6(iface.ipv6LinkLocal) ?? iface.ipv6LinkLocal}/64`] : []),
      ...iface.ipv6Addresses.map((a) => (a.eui64 ? `${a.prefix} eui-64` : a.prefix)),
    ];
    const isSub = parseInterfaceName(iface.name)?.sub !== undefined;
    if (isSub) {
      if (iface.encapsulation === undefined) {
        if (addresses.length > 0) problems.push({ ios: iface.name, message: `${iface.name} has addresses but no encapsulation dot1Q; nothing applied` });
        continue;
      }
      if (iface.encapsulation.native) {
        // The native VLAN is untagged: on Linux that is the parent device itself.
        nativeExtras.push({ parentDev: mapped.device.parent ?? '', ios: iface.name, addresses });
        continue;
      }
    }
    const other = devices.get(mapped.device.name);
    if (other) {
      problems.push({ ios: iface.name, message: `${iface.name} and ${other.ios} both map to ${mapped.device.name}; ${iface.name} ignored` });
      continue;
    }
    devices.set(mapped.device.name, {
      ios: iface.name,
      dev: mapped.device.name,
      kind: mapped.device.kind,
      parent: mapped.device.parent,
      vlanId: isSub ? iface.encapsulation?.vlan : undefined,
      up: !iface.shutdown,
      mtu: iface.mtu === DEFAULT_MTU ? undefined : iface.mtu,
      addresses,
    });
    byIos.set(iface.name, mapped.device.name);
  }
  for (const n of nativeExtras) {
    const parent = devices.get(n.parentDev);
    if (parent) devices.set(n.parentDev, { ...parent, addresses: [...parent.addresses, ...n.addresses] });
    else
      devices.set(n.parentDev, {
        ios: parentInterface(n.ios) ?? n.ios,
        dev: n.parentDev,
        kind: 'ethernet',
        parent: undefined,
        vlanId: undefined,
        up: true,
        mtu: undefined,
        addresses: n.addresses,
      });
  }

  const devOf = (ios: InterfaceName | undefined, what: string): { dev: string | undefined; blackhole: boolean } | undefined => {
    if (ios === undefined) return { dev: undefined, blackhole: false };
    if (/^null\s*0$/i.test(ios)) return { dev: undefined, blackhole: true };
    const dev = ifmap.linuxName(ios);
    if (dev === undefined) {
      problems.push({ ios, message: `${what}: ${ios} has no Linux device; route not installed` });
      return undefined;
    }
    return { dev, blackhole: false };
  };
  const groups = new Map<string, { family: 4 | 6; dst: string; metric: number; nexthops: DesiredNexthop[]; blackhole: boolean }>();
  const addRoute = (family: 4 | 6, dst: string, metric: number, nh: DesiredNexthop | 'blackhole'): void => {
    const key = `${family} ${dst} ${metric}`;
    const g = groups.get(key) ?? { family, dst, metric, nexthops: [], blackhole: false };
    if (nh === 'blackhole') g.blackhole = true;
    else if (!g.nexthops.some((x) => x.gateway === nh.gateway && x.dev === nh.dev)) g.nexthops.push(nh);
    groups.set(key, g);
  };
  for (const r of config.ipRoutes) {
    const what = `ip route ${r.prefix}/${r.prefixLength}`;
    const d = devOf(r.iface, what);
    if (!d) continue;
    addRoute(4, `${r.prefix}/${r.prefixLength}`, r.distance ?? 1, d.blackhole ? 'blackhole' : { gateway: r.nextHop, dev: d.dev });
  }
  for (const r of config.ipv6Routes) {
    const what = `ipv6 route ${r.prefix}`;
    const d = devOf(r.iface, what);
    if (!d) continue;
    addRoute(6, canonicalPrefix(r.prefix), r.distance ?? 1, d.blackhole ? 'blackhole' : { gateway: r.nextHop === undefined ? undefined : canonicalIpv6(r.nextHop) ?? r.nextHop, dev: d.dev });
  }
  const routes: DesiredRoute[] = [];
  for (const g of groups.values()) {
    // IOS prefers a real next hop over Null0 at the same distance only by configuration order; Linux
    // cannot mix them in one route, so the blackhole loses when both exist.
    routes.push({ family: g.family, dst: g.dst, metric: g.metric, nexthops: g.nexthops.length > 0 ? g.nexthops : [] });
  }
  return {
    state: { devices: [...devices.values()], routes, ipv4Forwarding: config.ipRouting, ipv6Forwarding: config.ipv6UnicastRouting },
    problems,
  };
}

/** What the configurator has put on devices, so that it only ever removes its own. */
export interface Ownership {
  /** `dev addr/len` */
  readonly addresses: Set<string>;
  /** device → MTU found before vipr changed it */
  readonly mtus: Map<string, number>;
}

export function emptyOwnership(): Ownership {
  return { addresses: new Set(), mtus: new Map() };
}

export interface CurrentState {
  readonly links: readonly IpLinkWithAddrs[];
  /** vipr's routes (VIPR_ROUTE_PROTOCOL), both families */
  readonly routes: readonly (IpRoute & { readonly family: 4 | 6 })[];
}

export interface ReconcilePlan {
  /** `ip link add` lines (phase 1) */
  readonly create: readonly (readonly string[])[];
  /** wanted sysctls on managed devices and globally (phase 2: written where they differ) */
  readonly sysctls: ReadonlyMap<string, string>;
  /** link state, MTU and address changes (phase 3) */
  readonly changes: readonly (readonly string[])[];
  /** route changes (phase 4, after the addresses that make next hops reachable) */
  readonly routes: readonly (readonly string[])[];
  /** `ip link del` of devices vipr made that the model no longer has (phase 5) */
  readonly remove: readonly (readonly string[])[];
  readonly pending: readonly InterfaceName[];
  readonly problems: readonly ConfigProblem[];
  /** ownership after the plan has run */
  readonly ownership: Ownership;
}

/** The difference between the kernel's state and the model's (pure). */
export function planReconcile(
  desired: DesiredState,
  current: CurrentState,
  owned: Ownership,
  options: { readonly loopbackKind?: LoopbackKind; readonly create?: boolean } = {},
): ReconcilePlan {
  const loopbackKind = options.loopbackKind ?? 'dummy';
  const create: string[][] = [];
  const changes: string[][] = [];
  const routes: string[][] = [];
  const remove: string[][] = [];
  const pending: InterfaceName[] = [];
  const problems: ConfigProblem[] = [];
  const sysctls = new Map<string, string>();
  const ownership: Ownership = { addresses: new Set(owned.addresses), mtus: new Map(owned.mtus) };
  const links = new Map(current.links.map((l) => [l.ifname, l]));
  const wanted = new Set<string>();
  const removing = new Set<string>();

  for (const d of desired.devices) {
    let link = links.get(d.dev);
    let fresh = false;
    if (d.kind === 'vlan' && link && link.linkinfo?.info_kind === 'vlan' && link.linkinfo.info_data?.id !== d.vlanId) {
      if (ours(link)) {
        // A new VLAN id: the device is made again (deleted in the creation phase, just before).
        create.push(['link', 'del', 'dev', d.dev]);
        dropDevice(ownership, d.dev);
        link = undefined;
      } else {
        problems.push({ ios: d.ios, message: `${d.dev} is VLAN ${String(link.linkinfo.info_data?.id)}, not ${String(d.vlanId)}, and vipr did not create it; left alone` });
        continue;
      }
    }
    if (!link) {
      if (d.kind === 'ethernet' || options.create === false) {
        pending.push(d.ios);
        continue;
      }
      if (d.kind === 'vlan') {
        if (d.parent === undefined || !links.has(d.parent)) {
          pending.push(d.ios);
          continue;
        }
        create.push(['link', 'add', 'link', d.parent, 'name', d.dev, 'type', 'vlan', 'id', String(d.vlanId)]);
      } else create.push(['link', 'add', 'name', d.dev, 'type', loopbackKind]);
      create.push(['link', 'set', 'dev', d.dev, 'alias', `${DEVICE_ALIAS_PREFIX}${d.ios}`]);
      fresh = true;
    }
    wanted.add(d.dev);
    // ip-sysctl.rst promote_secondaries: "When a primary IP address is removed from this interface
    // promote a corresponding secondary IP address instead of removing all the corresponding
    // secondary IP addresses" — changing the primary must not drop the IOS secondaries.
    sysctls.set(confKey(4, d.dev, 'promote_secondaries'), '1');
    // keep_addr_on_down: "static global addresses ... are not flushed" on a down event, so
    // `shutdown` / `no shutdown` keeps the IPv6 addresses, as IOS does.
    sysctls.set(confKey(6, d.dev, 'keep_addr_on_down'), '1');

    if (d.mtu !== undefined && (fresh || link?.mtu !== d.mtu)) {
      if (link && !ownership.mtus.has(d.dev)) ownership.mtus.set(d.dev, link.mtu);
      changes.push(['link', 'set', 'dev', d.dev, 'mtu', String(d.mtu)]);
    } else if (d.mtu === undefined && ownership.mtus.has(d.dev)) {
      const was = ownership.mtus.get(d.dev) ?? DEFAULT_MTU;
      if (link?.mtu !== was) changes.push(['link', 'set', 'dev', d.dev, 'mtu', String(was)]);
      ownership.mtus.delete(d.dev);
    }
    const isUp = link?.flags.includes('UP') ?? false;
    if (d.up && !isUp) changes.push(['link', 'set', 'dev', d.dev, 'up']);
    if (!d.up && isUp) changes.push(['link', 'set', 'dev', d.dev, 'down']);

    const have = new Set((link?.addr_info ?? []).map((a) => `${normalAddress(a.local)}/${a.prefixlen}`));
    const want = new Set<string>();
    for (const a of d.addresses) {
      const cidr = a.endsWith(' eui-64') ? eui64Address(a.slice(0, -' eui-64'.length), link?.address) : normalCidr(a);
      if (cidr === undefined) {
        if (!link) continue; // a device created in this run: its MAC is known next time
        problems.push({ ios: d.ios, message: `${a}: no MAC on ${d.dev} to form the EUI-64 address from` });
        continue;
      }
      want.add(cidr);
    }
    for (const a of want) {
      ownership.addresses.add(`${d.dev} ${a}`);
      if (have.has(a)) continue;
      changes.push(['addr', 'add', a, 'dev', d.dev]);
    }
    for (const a of have) {
      if (!want.has(a) && owned.addresses.has(`${d.dev} ${a}`)) {
        changes.push(['addr', 'del', a, 'dev', d.dev]);
        ownership.addresses.delete(`${d.dev} ${a}`);
      }
    }
  }

  // Devices the model no longer names: vipr's own go; on the others only vipr's addresses and MTU.
  for (const link of current.links) {
    if (wanted.has(link.ifname)) continue;
    if (ours(link)) {
      remove.push(['link', 'del', 'dev', link.ifname]);
      removing.add(link.ifname);
      dropDevice(ownership, link.ifname);
      continue;
    }
    for (const a of link.addr_info) {
      const key = `${link.ifname} ${normalAddress(a.local)}/${a.prefixlen}`;
      if (owned.addresses.has(key)) {
        changes.push(['addr', 'del', `${normalAddress(a.local)}/${a.prefixlen}`, 'dev', link.ifname]);
        ownership.addresses.delete(key);
      }
    }
    const was = ownership.mtus.get(link.ifname);
    if (was !== undefined) {
      if (link.mtu !== was) changes.push(['link', 'set', 'dev', link.ifname, 'mtu', String(was)]);
      ownership.mtus.delete(link.ifname);
    }
  }
  // Ownership of devices that vanished (a veth deleted by the lab) is forgotten.
  for (const key of [...ownership.addresses]) {
    const dev = key.slice(0, key.indexOf(' '));
    if (!links.has(dev) && !wanted.has(dev)) ownership.addresses.delete(key);
  }

  // Static routes: vipr's protocol only.
  const present = new Map<string, IpRoute & { family: 4 | 6 }>();
  for (const r of current.routes) present.set(`${r.family} ${routeDestination(r.dst, r.family)} ${r.metric ?? 0}`, r);
  const desiredKeys = new Set<string>();
  for (const r of desired.routes) {
    const key = `${r.family} ${r.dst} ${r.metric}`;
    desiredKeys.add(key);
    const cur = present.get(key);
    if (cur && sameRoute(r, cur)) continue;
    // No -4/-6 in a batch line (they are global options); ip infers the family from the prefix.
    const line = ['route', 'replace'];
    if (r.nexthops.length === 0) line.push('blackhole', r.dst);
    else {
      line.push(r.dst);
      if (r.nexthops.length === 1) line.push(...nexthopArgs(r.nexthops[0] ?? { gateway: undefined, dev: undefined }));
      else for (const nh of r.nexthops) line.push('nexthop', ...nexthopArgs(nh));
    }
    line.push('metric', String(r.metric), 'proto', String(VIPR_ROUTE_PROTOCOL));
    routes.push(line);
  }
  for (const [key, r] of present) {
    if (desiredKeys.has(key)) continue;
    if (r.dev !== undefined && removing.has(r.dev)) continue; // goes with its device
    routes.push(['route', 'del', routeDestination(r.dst, r.family), 'metric', String(r.metric ?? 0), 'proto', String(VIPR_ROUTE_PROTOCOL)]);
  }

  sysctls.set('net/ipv4/ip_forward', desired.ipv4Forwarding ? '1' : '0');
  sysctls.set('net/ipv6/conf/all/forwarding', desired.ipv6Forwarding ? '1' : '0');
  return { create, sysctls, changes, routes, remove, pending, problems, ownership };
}

function nexthopArgs(nh: DesiredNexthop): string[] {
  return [...(nh.gateway !== undefined ? ['via', nh.gateway] : []), ...(nh.dev !== undefined ? ['dev', nh.dev] : [])];
}

function sameRoute(want: DesiredRoute, cur: IpRoute): boolean {
  if (want.nexthops.length === 0) return cur.type === 'blackhole';
  if (cur.type !== undefined && cur.type !== 'unicast') return false;
  const curHops = cur.nexthops ?? [{ gateway: cur.gateway, dev: cur.dev }];
  if (curHops.length !== want.nexthops.length) return false;
  return want.nexthops.every((nh) =>
    curHops.some((c) => normalOrUndefined(c.gateway) === normalOrUndefined(nh.gateway) && (nh.dev === undefined || c.dev === nh.dev)),
  );
}

function ours(link: IpLinkWithAddrs): boolean {
  return (link.ifalias ?? '').startsWith(DEVICE_ALIAS_PREFIX) && link.linkinfo?.info_kind !== 'macvlan';
}

function dropDevice(o: Ownership, dev: string): void {
  for (const key of [...o.addresses]) if (key.startsWith(`${dev} `)) o.addresses.delete(key);
  o.mtus.delete(dev);
}

function normalAddress(a: string): string {
  return a.includes(':') ? canonicalIpv6(a) ?? a.toLowerCase() : a;
}

function normalOrUndefined(a: string | undefined): string | undefined {
  return a === undefined ? undefined : normalAddress(a);
}

function normalCidr(cidr: string): string {
  const [addr = '', len = ''] = cidr.split('/');
  return `${normalAddress(addr)}/${len}`;
}

function canonicalPrefix(prefix: string): string {
  const [addr = '', len = '128'] = prefix.split('/');
  return `${normalAddress(addr)}/${len}`;
}

/** `2001:db8::/64` + MAC → the modified EUI-64 address (RFC 4291 App. A), as `ipv6 address … eui-64`. */
export function eui64Address(prefix: string, mac: string | undefined): string | undefined {
  if (mac === undefined) return undefined;
  const [addr = '', len = '64'] = prefix.split('/');
  const bytes = parseIpv6(addr);
  const m = mac.split(':').map((x) => parseInt(x, 16));
  if (!bytes || m.length !== 6 || m.some((x) => Number.isNaN(x))) return undefined;
  const out = Uint8Array.from(bytes);
  const iid = [(m[0] ?? 0) ^ 0x02, m[1] ?? 0, m[2] ?? 0, 0xff, 0xfe, m[3] ?? 0, m[4] ?? 0, m[5] ?? 0];
  for (let i = 0; i < 8; i++) out[8 + i] = iid[i] ?? 0;
  return `${formatIpv6(out)}/${len}`;
}

export interface ApplyReport {
  /** every `ip` line that ran, in order, and the sysctls written */
  readonly applied: readonly string[];
  readonly pending: readonly InterfaceName[];
  readonly problems: readonly ConfigProblem[];
  readonly elapsedMs: number;
}

export interface InterfaceConfiguratorOptions {
  readonly ip: Iproute2;
  readonly sysctl: Sysctl;
  readonly ifmap: IfMap;
  /** Where ownership survives a restart (e.g. /run/vipr/ifconfig.json); in memory when undefined. */
  readonly statePath?: string | undefined;
  readonly loopbackKind?: LoopbackKind;
  readonly onWarning?: (message: string) => void;
}

/** Applies RouterConfigs one after another, each as the difference from what the kernel has. */
export class InterfaceConfigurator {
  private readonly ip: Iproute2;
  private readonly sysctl: Sysctl;
  private readonly ifmap: IfMap;
  private readonly statePath: string | undefined;
  private readonly warn: (message: string) => void;
  private loopbackKind: LoopbackKind;
  private ownership: Ownership | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: InterfaceConfiguratorOptions) {
    this.ip = options.ip;
    this.sysctl = options.sysctl;
    this.ifmap = options.ifmap;
    this.statePath = options.statePath;
    this.loopbackKind = options.loopbackKind ?? 'dummy';
    this.warn = options.onWarning ?? (() => undefined);
  }

  /** The kernel's state as the planner sees it. */
  async current(): Promise<CurrentState> {
    const proto = ['proto', String(VIPR_ROUTE_PROTOCOL), 'table', 'main'];
    const [links, v4, v6] = await Promise.all([this.ip.addresses(), this.ip.routes(4, proto), this.ip.routes(6, proto)]);
    return { links, routes: [...v4.map((r) => ({ ...r, family: 4 as const })), ...v6.map((r) => ({ ...r, family: 6 as const }))] };
  }

  apply(config: RouterConfig): Promise<ApplyReport> {
    const run = this.queue.then(() => this.applyNow(config));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async applyNow(config: RouterConfig): Promise<ApplyReport> {
    const started = performance.now();
    const owned = (this.ownership ??= await this.loadOwnership());
    const { state, problems: modelProblems } = desiredState(config, this.ifmap);
    let plan = planReconcile(state, await this.current(), owned, { loopbackKind: this.loopbackKind });
    const applied: string[] = [];
    const execProblems: ConfigProblem[] = [];
    const record = (lines: readonly (readonly string[])[], failures: readonly { line: number; message: string }[]): void => {
      const failed = new Map(failures.map((f) => [f.line, f.message]));
      lines.forEach((l, i) => {
        const msg = failed.get(i + 1);
        if (msg === undefined) applied.push(`ip ${l.join(' ')}`);
        else if (!(l[1] === 'del' && /Cannot find device|does not exist/.test(msg))) execProblems.push({ ios: undefined, message: `ip ${l.join(' ')}: ${msg}` });
      });
    };

    if (plan.create.length > 0) {
      const r = await this.ip.batch(plan.create);
      const noDriver = r.failures.some((f) => /type dummy/.test(f.command) && /Unknown device type|not supported/i.test(f.message));
      if (noDriver && this.loopbackKind === 'dummy') {
        // A kernel without the dummy driver (this CI's): ifb is also a carrier-up NOARP device that
        // never sends anything, which is all a loopback needs.
        this.loopbackKind = 'ifb';
        this.warn('the kernel has no dummy driver; loopbacks are ifb devices');
        plan = planReconcile(state, await this.current(), owned, { loopbackKind: this.loopbackKind });
        const again = await this.ip.batch(plan.create);
        record(plan.create, again.failures);
      } else record(plan.create, r.failures);
      // Devices created now exist: plan the rest against the kernel as it is now.
      // Devices created now exist: plan the rest against the kernel as it is now (a device whose
      // creation failed is reported above and retried by the next apply).
      plan = planReconcile(state, await this.current(), owned, { loopbackKind: this.loopbackKind, create: false });
    }

    const before = await this.sysctl.read([...plan.sysctls.keys()]);
    const writes = new Map([...plan.sysctls].filter(([k, v]) => before.has(k) && before.get(k) !== v));
    if (writes.size > 0) {
      try {
        await this.sysctl.write(writes);
        for (const [k, v] of writes) applied.push(`sysctl ${k}=${v}`);
      } catch (e) {
        execProblems.push({ ios: undefined, message: `${(e as Error).message} (a read-only /proc/sys: set these with the container's sysctls)` });
      }
    }

    const rest = [...plan.changes, ...plan.routes, ...plan.remove];
    if (rest.length > 0) record(rest, (await this.ip.batch(rest)).failures);

    this.ownership = plan.ownership;
    await this.saveOwnership(plan.ownership);
    return { applied, pending: plan.pending, problems: [...modelProblems, ...plan.problems, ...execProblems], elapsedMs: performance.now() - started };
  }

  private async loadOwnership(): Promise<Ownership> {
    if (this.statePath === undefined) return emptyOwnership();
    try {
      const data = JSON.parse(await readFile(this.statePath, 'utf8')) as { addresses?: string[]; mtus?: [string, number][] };
      return { addresses: new Set(data.addresses ?? []), mtus: new Map(data.mtus ?? []) };
    } catch {
      return emptyOwnership();
    }
  }

  private async saveOwnership(o: Ownership): Promise<void> {
    if (this.statePath === undefined) return;
    const tmp = `${this.statePath}.tmp`;
    try {
      await writeFile(tmp, JSON.stringify({ addresses: [...o.addresses].sort(), mtus: [...o.mtus] }));
      await rename(tmp, this.statePath);
    } catch (e) {
      this.warn(`cannot save ${this.statePath}: ${(e as Error).message}`);
    }
  }
}
