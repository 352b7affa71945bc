/**
 * The routing table vipr's kernel holds, computed from the model and the link states: what
 * `show ip route` / `show ipv6 route` print when no kernel is asked (the simulator, tests, and the
 * default of a session). The rules are IOS's: a connected route for every address of an interface
 * that is up (its own shutdown, its parent's, its carrier); a static route is installed when its
 * interface is up or its next hop resolves through an installed route, the lowest distance wins and
 * equal distances share the prefix (ECMP).
 */
import { parentInterface } from '../model/interface-name.js';
import { ipv4Number, networkOf, numberToIpv4 } from '../model/ipv4.js';
import type { Interface, RouterConfig } from '../model/types.js';
import { formatIpv6, ipv6Network, parseIpv6 } from '../net/ip-address.js';
import type { Ipv4RouteEntry, Ipv6RouteEntry, RouteNextHop, RouteTable } from './providers.js';

export const STATIC_DISTANCE = 1;

/** Whether the interface forwards: not shut, parent not shut, carrier (loopbacks always have one). */
export function interfaceUp(config: RouterConfig, iface: Interface, linkUp: (ifName: string) => boolean | undefined): boolean {
  if (iface.shutdown) return false;
  const parent = parentInterface(iface.name);
  if (parent !== undefined && config.interfaces.find((i) => i.name === parent)?.shutdown === true) return false;
  return linkUp(parent ?? iface.name) ?? iface.name.startsWith('Loopback');
}

function covers(r: { prefix: string; prefixLength: number }, address: string): boolean {
  return networkOf(address, r.prefixLength) === ipv4Number(r.prefix);
}

/** The longest-prefix match among routes; undefined when none covers the address. */
export function lookupIpv4(routes: readonly Ipv4RouteEntry[], address: string): Ipv4RouteEntry | undefined {
  let best: Ipv4RouteEntry | undefined;
  for (const r of routes) if (covers(r, address) && (best === undefined || r.prefixLength > best.prefixLength)) best = r;
  return best;
}

export function ipv4Routes(config: RouterConfig, linkUp: (ifName: string) => boolean | undefined): Ipv4RouteEntry[] {
  const byKey = new Map<string, Ipv4RouteEntry>();
  const up = new Set(config.interfaces.filter((i) => interfaceUp(config, i, linkUp)).map((i) => i.name));
  for (const i of config.interfaces) {
    if (!up.has(i.name)) continue;
    for (const a of [...(i.ipv4 ? [i.ipv4] : []), ...i.ipv4Secondaries]) {
      const prefix = numberToIpv4(networkOf(a.address, a.prefixLength));
      const key = `${prefix}/${a.prefixLength}`;
      if (!byKey.has(key)) byKey.set(key, { prefix, prefixLength: a.prefixLength, source: 'connected', distance: 0, metric: 0, nextHops: [{ via: undefined, ifName: i.name }] });
    }
  }
  const connected = [...byKey.values()];
  // Static routes resolve through connected routes and through each other (recursive next hops),
  // so they are installed in rounds until nothing changes.
  const pending = [...config.ipRoutes];
  for (let round = 0; round < 8 && pending.length > 0; round++) {
    const installed = [...byKey.values()];
    let progress = false;
    for (const r of [...pending]) {
      let hop: RouteNextHop | undefined;
      if (r.iface !== undefined) {
        if (up.has(r.iface)) hop = { via: r.nextHop, ifName: r.iface };
      } else if (r.nextHop !== undefined) {
        const via = lookupIpv4(r.nextHop === r.prefix && r.prefixLength === 32 ? connected : installed, r.nextHop);
        // Shown as IOS shows a recursive static route: the next hop only.
        if (via !== undefined && !(via.prefix === r.prefix && via.prefixLength === r.prefixLength)) hop = { via: r.nextHop, ifName: undefined };
      }
      if (hop === undefined) continue;
      pending.splice(pending.indexOf(r), 1);
      progress = true;
      const distance = r.distance ?? STATIC_DISTANCE;
      const key = `${r.prefix}/${r.prefixLength}`;
      const old = byKey.get(key);
      if (old === undefined || distance < old.distance) {
        byKey.set(key, { prefix: r.prefix, prefixLength: r.prefixLength, source: 'static', distance, metric: 0, nextHops: [hop] });
      } else if (old.source === 'static' && distance === old.distance) {
        byKey.set(key, { ...old, nextHops: [...old.nextHops, hop] });
      }
    }
    if (!progress) break;
  }
  return [...byKey.values()];
}

function networkText(address: string, len: number): string | undefined {
  const b = parseIpv6(address);
  return b === undefined ? undefined : formatIpv6(ipv6Network(b, len));
}

function splitPrefix(p: string): { address: string; len: number } {
  const slash = p.indexOf('/');
  return slash < 0 ? { address: p, len: 128 } : { address: p.slice(0, slash), len: Number(p.slice(slash + 1)) };
}

export function ipv6Routes(config: RouterConfig, linkUp: (ifName: string) => boolean | undefined): Ipv6RouteEntry[] {
  const out: Ipv6RouteEntry[] = [];
  const connected: { net: string; len: number; ifName: string }[] = [];
  const up = new Set(config.interfaces.filter((i) => interfaceUp(config, i, linkUp)).map((i) => i.name));
  for (const i of config.interfaces) {
    if (!up.has(i.name)) continue;
    for (const a of i.ipv6Addresses) {
      const { address, len } = splitPrefix(a.prefix);
      const net = networkText(address, len);
      if (net === undefined) continue;
      if (!connected.some((c) => c.net === net && c.len === len)) {
        connected.push({ net, len, ifName: i.name });
        out.push({ prefix: `${net}/${len}`, source: 'connected', distance: 0, metric: 0, via: undefined, ifName: i.name });
      }
      // The host route of an EUI-64 address needs the MAC; it is left to a kernel-backed table.
      if (!a.eui64) out.push({ prefix: `${formatIpv6(parseIpv6(address) as Uint8Array)}/128`, source: 'local', distance: 0, metric: 0, via: undefined, ifName: i.name });
    }
  }
  for (const r of config.ipv6Routes) {
    const hop = r.nextHop;
    const ok =
      r.iface !== undefined
        ? up.has(r.iface)
        : hop !== undefined && connected.some((c) => networkText(hop, c.len) === c.net);
    if (ok) out.push({ prefix: r.prefix, source: 'static', distance: r.distance ?? STATIC_DISTANCE, metric: 0, via: hop, ifName: r.iface });
  }
  // IOS always lists the multicast range as a local route to Null0.
  out.push({ prefix: 'ff00::/8', source: 'local', distance: 0, metric: 0, via: undefined, ifName: 'Null0' });
  return out;
}

/** A RouteTable over a live model and link states (a Router, or anything shaped like one). */
export function modelRouteTable(source: { readonly config: RouterConfig; linkUp(ifName: string): boolean | undefined }): RouteTable {
  return {
    ipv4: () => ipv4Routes(source.config, (n) => source.linkUp(n)),
    ipv6: () => ipv6Routes(source.config, (n) => source.linkUp(n)),
  };
}
