/**
 * The virtual addresses of FHRP groups on Linux (DESIGN D3, ecosystem §1).
 *
 * Per group, a macvlan child of the parent device carries the virtual MAC. It is created when the
 * group is prepared (configured) or first activated and then stays up; the VIPs sit on it only while
 * the group is Active/Master. So only the active router answers ARP/ND for a VIP ("Backup answering
 * ARP", FRR #16696) and, because the child registers the virtual MAC in the parent's unicast filter,
 * only it accepts the hosts' traffic to the virtual MAC.
 *
 * Why macvlan mode `bridge` and not `private`: the parent must keep receiving the FHRP frames, and the
 * peer that is Active/Master sends its hellos/adverts and GARPs *from the same virtual MAC* as our
 * child. For a multicast/broadcast frame whose source MAC belongs to one of its children, the
 * kernel's macvlan receive handler (drivers/net/macvlan.c, macvlan_handle_frame) hands the frame to
 * that child alone and consumes it when the child is in private (or passthru/source) mode: the
 * parent's stack, and any socket bound to a specific ethertype on it, never sees it (an ETH_P_ALL
 * packet socket still would, as taps run before the handler, but vipr should not depend on that).
 * In bridge mode such a frame is passed up on the parent as usual (plane.test.ts shows both cases
 * with ARP). Bridge mode's other effect, that sibling children reach each other directly, is
 * harmless: children only answer for their own VIPs (arp_ignore=1). Passthru (one child owns the
 * NIC) and VEPA (needs a hairpinning switch) do not fit at all.
 *
 * Why /32 and /128 rather than the parent's prefix length: a VIP with the subnet's length would add a
 * second connected route for the subnet through the child, and the kernel could then route on-link
 * traffic out of the child, sourced from the virtual MAC, and move that route to the child when the
 * parent's address changes. A host route keeps the parent the only way into the subnet; ARP and ND
 * answer for an address whatever its length (arp_ignore=1 only asks that the address be configured on
 * the receiving interface; ND looks the target up on the receiving interface). keepalived does the same.
 * IPv6 VIPs are added with `nodad`: both routers may briefly hold the VIP during a takeover and DAD
 * would otherwise mark it duplicated (and it must answer at once, not after a DAD round).
 *
 * Sysctls (Documentation/networking/ip-sysctl.rst):
 * - parent and child `arp_ignore=1` ("reply only if the target IP address is local address configured
 *   on the incoming interface"): the parent never answers for a VIP on the child, the child answers
 *   only for its own; `arp_announce=2` ("always use the best local address for this target"): ARP
 *   requests never carry a VIP as their source. The kernel uses max(all, interface) for both, so
 *   setting the interface is enough.
 * - child `rp_filter=2` (loose): hosts' packets arrive on the child but the route back to them goes
 *   through the parent, which strict mode (1) would reject; the kernel uses max(all, interface), so 2
 *   on the child relaxes it whatever `all` says.
 * - IPv4 children `disable_ipv6=1`: a Backup's child must never send from the virtual MAC (switches
 *   would learn it on the wrong port), and an IPv6-enabled device sends MLD reports, DAD and router
 *   solicitations when it comes up.
 * - IPv6 children `addr_gen_mode random` (so two routers never derive the same link-local from the
 *   shared virtual MAC, which EUI-64 would), `accept_ra=0` and `autoconf=0` (no SLAAC addresses or
 *   default routes through the child), `router_solicitations=0` and `dad_transmits=0` (the random
 *   link-local cannot collide in practice, and fewer frames leave from the virtual MAC).
 * - IPv6 children are up only while their group is Active/Master. An IPv6-enabled Linux device
 *   forwards whatever reaches its MAC, and a Backup must not forward for the virtual MAC (RFC 2281
 *   §4, RFC 5798 §6.4.2): a switch flooding or still pointing the virtual MAC at the Backup would
 *   make both routers forward. A down macvlan drops what is sent to its MAC, and per-device
 *   `forwarding=0` does not stop IPv6 forwarding. (IPv4 children stay up: without an IPv4 address a
 *   device forwards no IPv4, and `disable_ipv6` covers the rest.) Bringing the child up is one more
 *   line in the takeover's `ip -batch`.
 *
 * Where a child cannot work, the VIPs go on the parent itself: `standby use-bia` behaviour. That is
 * the case when the parent is itself a macvlan (docker macvlan networks, containerlab macvlan links):
 * the kernel stacks a macvlan of a macvlan on the real lower device (macvlan_common_newlink), the
 * host's NIC, outside the container (keepalived #998); likewise for ipvlan/macvtap parents and when
 * creating the child fails. The decision is reported (`placement`, `onEvent`) so the daemon can log it
 * and make the engines source their frames from the interface's own MAC.
 *
 * The interface is synchronous (the engines call it from their state machine); the work is queued,
 * coalesced per group (activate then deactivate in one tick does nothing) and batched across groups:
 * taking or releasing the VIPs of every group that changed is one `ip -batch` exec.
 */
import type { VipOptions, VirtualAddressPlane } from '../ports.js';
import { confKey, type Sysctl } from './sysctl.js';
import type { BatchFailure, Iproute2, IpLink, IpLinkWithAddrs } from './iproute2.js';

export type Placement = 'macvlan' | 'parent';

export interface PlacementDecision {
  readonly ifName: string;
  readonly device: string;
  readonly placement: Placement;
  /** why the VIPs go on the parent (use-bia fallback); undefined for macvlan */
  readonly reason: string | undefined;
}

export type PlaneEvent =
  | { readonly kind: 'placement'; readonly decision: PlacementDecision }
  | {
      readonly kind: 'applied';
      readonly ifName: string;
      readonly groupKey: string;
      readonly action: 'activate' | 'deactivate';
      readonly device: string;
      /** from the activate/deactivate call to the end of the exec that applied it */
      readonly elapsedMs: number;
    }
  | { readonly kind: 'swept'; readonly devices: readonly string[]; readonly addresses: readonly string[] }
  | { readonly kind: 'warning'; readonly ifName: string | undefined; readonly groupKey: string | undefined; readonly message: string };

export interface LinuxAddressPlaneOptions {
  readonly ip: Iproute2;
  readonly sysctl: Sysctl;
  /** The Linux device of an IOS interface name (ifmap), undefined when unmapped. */
  readonly device: (ifName: string) => string | undefined;
  readonly onEvent?: (event: PlaneEvent) => void;
}

/** The marker in a child's ifalias, so a crashed run's children are recognisable whatever their name. */
export const CHILD_ALIAS_PREFIX = 'vipr ';
/** IPv4 label suffix of VIPs placed on a parent (use-bia fallback): `eth1:vh`. */
const PARENT_VIP_LABEL = ':vh';

const CHILD_NAME_RE = /^vh(?:-.+|[0-9a-f]{5})-(?:[hv][46]-\d+|x[0-9a-f]{6})$/;

/**
 * The Linux name of a group's child: deterministic from parent device and group key, at most 15
 * characters. `vh-eth1-h4-10` is HSRP IPv4 group 10 on eth1, `vh-eth1-v6-3` VRRP IPv6 group 3; when
 * the parent's name is too long it is replaced by a hash (`vh1a2b3-h4-4095`).
 */
export function childName(parentDev: string, groupKey: string): string {
  const hsrp = /^hsrp-v[12]-ipv([46])-(\d+)$/.exec(groupKey);
  const vrrp = /^ipv([46]):(\d+)$/.exec(groupKey);
  const tag = hsrp ? `h${hsrp[1] ?? ''}-${hsrp[2] ?? ''}` : vrrp ? `v${vrrp[1] ?? ''}-${vrrp[2] ?? ''}` : `x${fnv1a(groupKey).slice(0, 6)}`;
  const readable = `vh-${parentDev}-${tag}`;
  return readable.length <= 15 ? readable : `vh${fnv1a(parentDev).slice(0, 5)}-${tag}`;
}

export function isChildName(name: string): boolean {
  return CHILD_NAME_RE.test(name);
}

/** The address family of a group: from its key (`hsrp-v2-ipv6-1`, `ipv6:1`), else from its addresses. */
export function groupFamily(groupKey: string, addresses: readonly string[] = []): 4 | 6 {
  if (/ipv6/.test(groupKey)) return 6;
  if (/ipv4/.test(groupKey)) return 4;
  return addresses.some((a) => a.includes(':')) ? 6 : 4;
}

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

function macText(mac: Uint8Array): string {
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** `10.0.0.1` → `10.0.0.1/32`, `2001:db8::1` → `2001:db8::1/128` (a given length is dropped). */
export function vipCidr(address: string): string {
  const bare = address.split('/')[0] ?? address;
  return bare.includes(':') ? `${bare.toLowerCase()}/128` : `${bare}/32`;
}

interface IfaceState {
  decision: PlacementDecision | undefined;
  attaching: Promise<PlacementDecision | undefined> | undefined;
  /** parent sysctls as found, restored on close */
  originals: Map<string, string>;
}

interface GroupState {
  readonly ifName: string;
  readonly key: string;
  family: 4 | 6;
  mac: string;
  wantActive: boolean;
  wantAddresses: string[];
  removed: boolean;
  /** when the latest request was made (performance.now), for the `applied` event */
  requestedAt: number;
  pendingAction: 'activate' | 'deactivate' | undefined;
  /** the child as it exists, or undefined */
  child: { name: string; mac: string; up: boolean } | undefined;
  /** addresses present, and on which device */
  applied: Set<string>;
  appliedDev: string | undefined;
}

export class LinuxAddressPlane implements VirtualAddressPlane {
  private readonly ip: Iproute2;
  private readonly sysctl: Sysctl;
  private readonly deviceOf: (ifName: string) => string | undefined;
  private readonly emit: (event: PlaneEvent) => void;
  private readonly ifaces = new Map<string, IfaceState>();
  private readonly groups = new Map<string, GroupState>();
  private readonly dirty = new Set<GroupState>();
  private readonly acceptWarned = new WeakSet<GroupState>();
  private running: Promise<void> | undefined;
  private scheduled = false;
  private closed = false;

  constructor(options: LinuxAddressPlaneOptions) {
    this.ip = options.ip;
    this.sysctl = options.sysctl;
    this.deviceOf = options.device;
    this.emit = options.onEvent ?? (() => undefined);
  }

  /** A plane with the leftovers of an earlier run (a crash) swept away first. */
  static async open(options: LinuxAddressPlaneOptions): Promise<LinuxAddressPlane> {
    const plane = new LinuxAddressPlane(options);
    await plane.sweep();
    return plane;
  }

  /**
   * Deletes every child of an earlier run (a macvlan with vipr's alias or name) and every VIP it
   * left on a parent in use-bia fallback (IPv4, labelled `DEV:vh`). Only safe before any group of
   * this run exists.
   */
  async sweep(): Promise<{ devices: string[]; addresses: string[] }> {
    const links = await this.ip.addresses();
    const devices = links.filter((l) => isOurChild(l)).map((l) => l.ifname);
    const addrLines: string[][] = [];
    const addresses: string[] = [];
    for (const l of links) {
      if (isOurChild(l)) continue;
      for (const a of l.addr_info) {
        if (a.family === 'inet' && a.label === `${l.ifname}${PARENT_VIP_LABEL}`) {
          addrLines.push(['addr', 'del', `${a.local}/${a.prefixlen}`, 'dev', l.ifname]);
          addresses.push(`${a.local}/${a.prefixlen} on ${l.ifname}`);
        }
      }
    }
    const result = await this.ip.batch([...devices.map((d) => ['link', 'del', 'dev', d]), ...addrLines]);
    for (const f of result.failures) this.warn(undefined, undefined, `sweep: ${f.command}: ${f.message}`);
    if (devices.length > 0 || addresses.length > 0) this.emit({ kind: 'swept', devices, addresses });
    return { devices, addresses };
  }

  /** Where the VIPs of an interface go, once known (see `attach`). */
  placement(ifName: string): PlacementDecision | undefined {
    return this.ifaces.get(ifName)?.decision;
  }

  /**
   * Inspects the interface's device, decides macvlan or use-bia placement and sets the parent's
   * sysctls. Called implicitly by prepare/activate; the daemon may call it first to log the decision
   * before starting the engines. Resolves undefined when the device is unmapped or absent.
   */
  attach(ifName: string): Promise<PlacementDecision | undefined> {
    let st = this.ifaces.get(ifName);
    if (!st) {
      st = { decision: undefined, attaching: undefined, originals: new Map() };
      this.ifaces.set(ifName, st);
    }
    if (st.decision) return Promise.resolve(st.decision);
    const state = st;
    state.attaching ??= this.doAttach(ifName, state).finally(() => {
      state.attaching = undefined;
    });
    return state.attaching;
  }

  /** Creates the group's child ahead of any activation, so that taking the VIP later is one exec. */
  prepare(ifName: string, groupKey: string, virtualMac: Uint8Array): void {
    if (this.closed) return;
    const g = this.group(ifName, groupKey, virtualMac, []);
    this.markDirty(g);
  }

  activate(ifName: string, groupKey: string, virtualMac: Uint8Array, addresses: readonly string[], options?: VipOptions): void {
    if (this.closed) return;
    const g = this.group(ifName, groupKey, virtualMac, addresses);
    // RFC 5798 §6.4.3 would have a non-owner Master without Accept_Mode drop packets addressed to the
    // VIPs; on Linux that takes a firewall rule (keepalived's no_accept uses nftables), which vipr
    // does not install: the VIP is a local address and the kernel accepts them. Said once per group.
    if (options?.accept === false && !this.acceptWarned.has(g)) {
      this.acceptWarned.add(g);
      this.warn(ifName, groupKey, `${ifName} ${groupKey}: no accept-mode is not enforced on Linux: packets addressed to the virtual IP addresses are accepted`);
    }
    g.wantActive = true;
    g.wantAddresses = [...new Set(addresses.map(vipCidr))];
    g.requestedAt = performance.now();
    g.pendingAction = 'activate';
    this.markDirty(g);
  }

  deactivate(ifName: string, groupKey: string): void {
    if (this.closed) return;
    const g = this.groups.get(`${ifName}\0${groupKey}`);
    if (!g) return;
    g.wantActive = false;
    g.requestedAt = performance.now();
    g.pendingAction = 'deactivate';
    this.markDirty(g);
  }

  /** The group is gone from the configuration: its child and VIPs go too. */
  release(ifName: string, groupKey: string): void {
    const g = this.groups.get(`${ifName}\0${groupKey}`);
    if (!g) return;
    g.removed = true;
    g.wantActive = false;
    this.markDirty(g);
  }

  /** The child's Linux name, when the group has one. */
  childOf(ifName: string, groupKey: string): string | undefined {
    return this.groups.get(`${ifName}\0${groupKey}`)?.child?.name;
  }

  /**
   * Re-reads the devices and re-applies every group: for an interface that (re)appeared, e.g. a
   * containerlab veth added after start-up or recreated after a peer restarted.
   */
  resync(ifName?: string): void {
    for (const [name, st] of this.ifaces) {
      if (ifName === undefined || name === ifName) {
        st.decision = undefined;
      }
    }
    for (const g of this.groups.values()) {
      if (ifName !== undefined && g.ifName !== ifName) continue;
      g.child = undefined;
      g.applied = new Set();
      g.appliedDev = undefined;
      this.markDirty(g);
    }
  }

  /** Resolves when every request made so far has been applied (or has failed and been reported). */
  async settled(): Promise<void> {
    while (this.running || this.scheduled || this.dirty.size > 0) {
      if (this.running) await this.running;
      else await new Promise((r) => setImmediate(r));
    }
  }

  /** Removes every child and VIP this plane made and restores the parents' sysctls. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.settled();
    this.closed = true;
    const lines: string[][] = [];
    for (const g of this.groups.values()) {
      if (g.child) lines.push(['link', 'del', 'dev', g.child.name]);
      else if (g.appliedDev !== undefined) for (const a of g.applied) lines.push(['addr', 'del', a, 'dev', g.appliedDev]);
    }
    const result = await this.ip.batch(lines);
    for (const f of result.failures) if (!gone(f)) this.warn(undefined, undefined, `close: ${f.command}: ${f.message}`);
    this.groups.clear();
    const restore = new Map<string, string>();
    for (const st of this.ifaces.values()) for (const [k, v] of st.originals) restore.set(k, v);
    if (restore.size > 0) {
      try {
        await this.sysctl.write(restore);
      } catch (e) {
        this.warn(undefined, undefined, `close: restoring sysctls: ${(e as Error).message}`);
      }
    }
    this.ifaces.clear();
  }

  private group(ifName: string, groupKey: string, virtualMac: Uint8Array, addresses: readonly string[]): GroupState {
    const id = `${ifName}\0${groupKey}`;
    let g = this.groups.get(id);
    if (g?.removed) g.removed = false;
    if (!g) {
      g = {
        ifName,
        key: groupKey,
        family: groupFamily(groupKey, addresses),
        mac: macText(virtualMac),
        wantActive: false,
        wantAddresses: [],
        removed: false,
        requestedAt: performance.now(),
        pendingAction: undefined,
        child: undefined,
        applied: new Set(),
        appliedDev: undefined,
      };
      this.groups.set(id, g);
    }
    g.mac = macText(virtualMac);
    return g;
  }

  private markDirty(g: GroupState): void {
    this.dirty.add(g);
    this.kick();
  }

  private kick(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    // A microtask, so that everything an engine does in one step is applied in one exec.
    queueMicrotask(() => {
      this.scheduled = false;
      this.running = this.drain().finally(() => {
        this.running = undefined;
        if (this.dirty.size > 0 && !this.closed) this.kick();
      });
    });
  }

  private async drain(): Promise<void> {
    while (this.dirty.size > 0) {
      const batch = [...this.dirty];
      this.dirty.clear();
      try {
        await this.applyGroups(batch);
      } catch (e) {
        this.warn(undefined, undefined, (e as Error).message);
      }
    }
  }

  private async applyGroups(groups: GroupState[]): Promise<void> {
    // 1. Know where each interface's VIPs go (cached after the first time).
    const decisions = new Map<string, PlacementDecision | undefined>();
    for (const ifName of new Set(groups.map((g) => g.ifName))) decisions.set(ifName, await this.attach(ifName));

    // 2. Create missing children (the slow path, normally done when the group is configured).
    const needChild = groups.filter((g) => !g.removed && g.child === undefined && decisions.get(g.ifName)?.placement === 'macvlan');
    if (needChild.length > 0) await this.createChildren(needChild, decisions);

    // 3. One exec for every address, MAC and removal change.
    const lines: string[][] = [];
    const effects: (() => void)[] = [];
    const onFailure = new Map<number, () => void>();
    const touched: GroupState[] = [];
    for (const g of groups) {
      const decision = decisions.get(g.ifName);
      if (!decision) continue;
      const dev = g.child?.name ?? (decision.placement === 'parent' ? decision.device : undefined);
      if (dev === undefined) continue;
      if (g.removed) {
        if (g.child) {
          lines.push(['link', 'del', 'dev', g.child.name]);
          effects.push(() => {
            g.child = undefined;
            g.applied = new Set();
          });
        } else if (g.appliedDev !== undefined) {
          for (const a of g.applied) lines.push(['addr', 'del', a, 'dev', g.appliedDev]);
          effects.push(() => (g.applied = new Set()));
        }
        effects.push(() => {
          if (g.removed && this.groups.get(`${g.ifName}\0${g.key}`) === g) this.groups.delete(`${g.ifName}\0${g.key}`);
        });
        continue;
      }
      if (g.child && g.child.mac !== g.mac) {
        lines.push(['link', 'set', 'dev', g.child.name, 'address', g.mac]);
        const child = g.child;
        const mac = g.mac;
        effects.push(() => (child.mac = mac));
      }
      const want = new Set(g.wantActive ? g.wantAddresses : []);
      // IPv6 children are up exactly while the group is Active/Master (see the header).
      const child = g.child;
      if (child !== undefined && g.family === 6 && g.wantActive && !child.up) {
        lines.push(['link', 'set', 'dev', child.name, 'up']);
        effects.push(() => (child.up = true));
      }
      if (g.appliedDev !== undefined && g.appliedDev !== dev) {
        for (const a of g.applied) lines.push(['addr', 'del', a, 'dev', g.appliedDev]);
        g.applied = new Set();
      }
      for (const a of g.applied) {
        if (want.has(a)) continue;
        lines.push(['addr', 'del', a, 'dev', dev]);
        effects.push(() => g.applied.delete(a));
      }
      for (const a of want) {
        if (g.applied.has(a)) continue;
        const line = ['addr', 'replace', a, 'dev', dev];
        if (a.includes(':')) line.push('nodad');
        else if (dev === decision.device && dev.length + PARENT_VIP_LABEL.length <= 15) line.push('label', `${dev}${PARENT_VIP_LABEL}`);
        onFailure.set(lines.length + 1, () => g.applied.delete(a));
        lines.push(line);
        effects.push(() => g.applied.add(a));
      }
      if (child !== undefined && g.family === 6 && !g.wantActive && child.up) {
        lines.push(['link', 'set', 'dev', child.name, 'down']);
        effects.push(() => (child.up = false));
      }
      g.appliedDev = dev;
      touched.push(g);
    }
    if (lines.length === 0) {
      for (const f of effects) f();
      this.report(touched);
      return;
    }
    const result = await this.ip.batch(lines);
    for (const f of effects) f();
    for (const failure of result.failures) {
      if (gone(failure)) continue;
      onFailure.get(failure.line)?.();
      this.warn(undefined, undefined, `${this.ip.describe(['-batch', '-'])}: ${failure.command}: ${failure.message}`);
    }
    this.report(touched);
  }

  private report(groups: readonly GroupState[]): void {
    const now = performance.now();
    for (const g of groups) {
      if (g.pendingAction === undefined) continue;
      this.emit({ kind: 'applied', ifName: g.ifName, groupKey: g.key, action: g.pendingAction, device: g.appliedDev ?? '', elapsedMs: now - g.requestedAt });
      g.pendingAction = undefined;
    }
  }

  private async createChildren(groups: GroupState[], decisions: Map<string, PlacementDecision | undefined>): Promise<void> {
    const create: string[][] = [];
    const planned: { g: GroupState; parent: string; name: string; first: number }[] = [];
    for (const g of groups) {
      const parent = decisions.get(g.ifName)?.device ?? '';
      const name = childName(parent, g.key);
      // `first` is the 1-based batch line of this child's `link del`: its `link add` is the next one.
      const p = { g, parent, name, first: create.length + 1 };
      planned.push(p);
      // A child of the same name may survive from this run's earlier, failed attempt: start clean.
      create.push(['link', 'del', 'dev', p.name]);
      create.push(['link', 'add', 'link', p.parent, 'name', p.name, 'address', p.g.mac, 'type', 'macvlan', 'mode', 'bridge']);
      create.push(['link', 'set', 'dev', p.name, 'alias', `${CHILD_ALIAS_PREFIX}${p.g.ifName} ${p.g.key}`]);
      // addr_gen_mode can only be set once the device exists (the kernel refuses it in RTM_NEWLINK).
      if (p.g.family === 6) create.push(['link', 'set', 'dev', p.name, 'addrgenmode', 'random']);
    }
    const created = await this.ip.batch(create);
    const failedLines = new Map(created.failures.map((f) => [f.line, f]));
    const ok: typeof planned = [];
    for (const p of planned) {
      const addFailure = failedLines.get(p.first + 1);
      if (addFailure) {
        this.fallBack(p.g.ifName, `creating macvlan child ${p.name} failed: ${addFailure.message}`);
        decisions.set(p.g.ifName, this.placement(p.g.ifName));
        continue;
      }
      for (const f of created.failures) if (f.line > p.first + 1 && f.line < p.first + 4 && f.command.includes(p.name)) this.warn(p.g.ifName, p.g.key, `${f.command}: ${f.message}`);
      ok.push(p);
    }
    if (ok.length === 0) return;
    const settings = new Map<string, string>();
    for (const { g, name } of ok) {
      settings.set(confKey(4, name, 'arp_ignore'), '1');
      settings.set(confKey(4, name, 'arp_announce'), '2');
      settings.set(confKey(4, name, 'rp_filter'), '2');
      if (g.family === 4) settings.set(confKey(6, name, 'disable_ipv6'), '1');
      else {
        settings.set(confKey(6, name, 'accept_ra'), '0');
        settings.set(confKey(6, name, 'autoconf'), '0');
        settings.set(confKey(6, name, 'router_solicitations'), '0');
        settings.set(confKey(6, name, 'dad_transmits'), '0');
      }
    }
    // Only what differs is written: in a container /proc/sys is read-only, and the platform presets
    // the `default.*` values the children inherit (images/Dockerfile, docker-compose.yml).
    const before = await this.sysctl.read([...settings.keys()]).catch(() => new Map<string, string>());
    const writes = new Map([...settings].filter(([k, v]) => before.get(k) !== v));
    try {
      if (writes.size > 0) await this.sysctl.write(writes);
    } catch (e) {
      this.warn(undefined, undefined, `macvlan child sysctls: ${(e as Error).message}; a Backup's child may send IPv6 frames from the virtual MAC`);
    }
    // IPv6 children come up when their group becomes Active/Master (applyGroups).
    const upNow = ok.filter((p) => p.g.family === 4);
    const up = upNow.length === 0 ? { failures: [] } : await this.ip.batch(upNow.map((p) => ['link', 'set', 'dev', p.name, 'up']));
    for (const f of up.failures) this.warn(undefined, undefined, `${f.command}: ${f.message}`);
    for (const { g, name } of ok) {
      g.child = { name, mac: g.mac, up: g.family === 4 };
      g.applied = new Set();
      g.appliedDev = name;
    }
  }

  private fallBack(ifName: string, reason: string): void {
    const st = this.ifaces.get(ifName);
    const device = st?.decision?.device ?? this.deviceOf(ifName) ?? '';
    const decision: PlacementDecision = { ifName, device, placement: 'parent', reason };
    if (st) st.decision = decision;
    this.emit({ kind: 'placement', decision });
  }

  private async doAttach(ifName: string, st: IfaceState): Promise<PlacementDecision | undefined> {
    const device = this.deviceOf(ifName);
    if (device === undefined) {
      this.warn(ifName, undefined, `${ifName} has no Linux device; its virtual addresses cannot be placed`);
      return undefined;
    }
    let link: IpLink | undefined;
    try {
      link = (await this.ip.json<IpLink[]>(['-details', 'link', 'show', 'dev', device]))[0];
    } catch {
      link = undefined;
    }
    if (!link) {
      this.warn(ifName, undefined, `${ifName}: device ${device} is not present (yet); its virtual addresses wait for it`);
      return undefined;
    }
    const kind = link.linkinfo?.info_kind;
    let reason: string | undefined;
    if (kind === 'macvlan' || kind === 'macvtap') {
      reason = `${device} is itself a ${kind}${link.link_netnsid !== undefined ? ' of a device in another namespace (a host NIC)' : ''}; a macvlan child of it would land on the lower device (keepalived #998)`;
    } else if (kind === 'ipvlan') {
      reason = `${device} is an ipvlan, which shares one MAC and cannot carry a macvlan child`;
    }
    const decision: PlacementDecision = { ifName, device, placement: reason === undefined ? 'macvlan' : 'parent', reason };
    // ip-sysctl.rst arp_ignore=1 / arp_announce=2 on the parent, remembering what was there.
    const keys = [confKey(4, device, 'arp_ignore'), confKey(4, device, 'arp_announce')];
    const wanted = new Map([
      [keys[0] ?? '', '1'],
      [keys[1] ?? '', '2'],
    ]);
    try {
      const before = await this.sysctl.read(keys);
      const changes = new Map<string, string>();
      for (const [k, v] of wanted) {
        const was = before.get(k);
        if (was === v) continue;
        if (was !== undefined && !st.originals.has(k)) st.originals.set(k, was);
        changes.set(k, v);
      }
      if (changes.size > 0) await this.sysctl.write(changes);
    } catch (e) {
      this.warn(
        ifName,
        undefined,
        `${(e as Error).message}: the parent ${device} may answer ARP for its VIPs with its own MAC; set net.ipv4.conf.all.arp_ignore=1 and arp_announce=2 for the container`,
      );
    }
    st.decision = decision;
    this.emit({ kind: 'placement', decision });
    return decision;
  }

  private warn(ifName: string | undefined, groupKey: string | undefined, message: string): void {
    this.emit({ kind: 'warning', ifName, groupKey, message });
  }
}

function isOurChild(l: IpLink | IpLinkWithAddrs): boolean {
  if (l.linkinfo?.info_kind !== 'macvlan') return false;
  return (l.ifalias ?? '').startsWith(CHILD_ALIAS_PREFIX) || isChildName(l.ifname);
}

/** A delete that found nothing to delete: the goal is met. */
function gone(f: BatchFailure): boolean {
  return /\b(del|delete)\b/.test(f.command) && /Cannot assign requested address|Cannot find device|does not exist|No such device/i.test(f.message);
}
