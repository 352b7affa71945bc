/**
 * `show ip route` in the layout of fixtures/ios-output/show_ip_route.txt: the codes legend, the
 * gateway of last resort, then the routes grouped under their classful network – `     N/len is
 * subnetted, K subnets` when they share one mask (addresses without the length), `is variably
 * subnetted, K subnets, M masks` otherwise – with the code field 8 wide under a header and 5 wide at
 * the top level (supernets, the default route, a classful network on its own); further paths of a
 * prefix are aligned under its first `[`. `show ipv6 route` follows IOS's IPv6 table layout.
 */
import { ipv4Number } from '../../model/ipv4.js';
import { parseIpv6 } from '../../net/ip-address.js';
import type { Ipv4RouteEntry, Ipv6RouteEntry, RouteNextHop } from '../providers.js';

export const IPV4_ROUTE_CODES = [
  'Codes: C - connected, S - static, R - RIP, M - mobile, B - BGP',
  '       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area ',
  '       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2',
  '       E1 - OSPF external type 1, E2 - OSPF external type 2',
  '       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2',
  '       ia - IS-IS inter area, * - candidate default, U - per-user static route',
  '       o - ODR, P - periodic downloaded static route',
];

/** The classful length of an address (A /8, B /16, C /24); 32 for D/E, which are never subnetted. */
function classfulLength(address: string): number {
  const first = ipv4Number(address) >>> 24;
  return first < 128 ? 8 : first < 192 ? 16 : first < 224 ? 24 : 32;
}

function majorNetwork(address: string, len: number): number {
  return len === 32 ? ipv4Number(address) : (ipv4Number(address) & ((0xffffffff << (32 - len)) >>> 0)) >>> 0;
}

function code(r: Ipv4RouteEntry): string {
  const c = r.source === 'connected' ? 'C' : 'S';
  return r.prefixLength === 0 ? `${c}*` : c;
}

function pathText(r: Ipv4RouteEntry, h: RouteNextHop): string {
  if (r.source === 'connected' || h.via === undefined) return `is directly connected, ${h.ifName ?? 'Null0'}`;
  return `[${r.distance}/${r.metric}] via ${h.via}${h.ifName !== undefined ? `, ${h.ifName}` : ''}`;
}

function routeLines(r: Ipv4RouteEntry, codeWidth: number, withLength: boolean): string[] {
  const head = `${code(r).padEnd(codeWidth)}${r.prefix}${withLength ? `/${r.prefixLength}` : ''} `;
  const [first, ...more] = r.nextHops.map((h) => pathText(r, h));
  return [`${head}${first ?? ''}`, ...more.map((p) => `${' '.repeat(head.length)}${p}`)];
}

function gateway(routes: readonly Ipv4RouteEntry[]): string {
  const d = routes.find((r) => r.prefixLength === 0);
  if (d === undefined) return 'Gateway of last resort is not set';
  return `Gateway of last resort is ${d.nextHops[0]?.via ?? '0.0.0.0'} to network 0.0.0.0`;
}

export function renderShowIpRoute(routes: readonly Ipv4RouteEntry[]): string {
  const sorted = [...routes].sort((a, b) => ipv4Number(a.prefix) - ipv4Number(b.prefix) || a.prefixLength - b.prefixLength);
  // Routes inside their classful network are grouped under it; the rest stand alone.
  const groups = new Map<number, Ipv4RouteEntry[]>();
  const items: { at: number; lines: () => string[] }[] = [];
  for (const r of sorted) {
    const cl = classfulLength(r.prefix);
    if (r.prefixLength < cl || cl === 32) {
      items.push({ at: ipv4Number(r.prefix), lines: () => routeLines(r, 5, true) });
      continue;
    }
    const major = majorNetwork(r.prefix, cl);
    let g = groups.get(major);
    if (g === undefined) {
      g = [];
      groups.set(major, g);
      const members = g;
      items.push({
        at: major,
        lines: () => {
          const only = members[0] as Ipv4RouteEntry;
          if (members.length === 1 && only.prefixLength === cl) return routeLines(only, 5, true);
          const masks = new Set(members.map((m) => m.prefixLength));
          const n = members.length;
          const net = `${members[0]?.prefix.split('.').map((o, i) => (i < cl / 8 ? o : '0')).join('.')}`;
          if (masks.size === 1) {
            return [`     ${net}/${only.prefixLength} is subnetted, ${n} subnets`, ...members.flatMap((m) => routeLines(m, 8, false))];
          }
          return [`     ${net}/${cl} is variably subnetted, ${n} subnets, ${masks.size} masks`, ...members.flatMap((m) => routeLines(m, 8, true))];
        },
      });
    }
    g.push(r);
  }
  items.sort((a, b) => a.at - b.at);
  const body = items.flatMap((i) => i.lines());
  return `${[...IPV4_ROUTE_CODES, '', gateway(routes), '', ...body, ''].join('\n')}\n`;
}

export const IPV6_ROUTE_CODES = [
  'Codes: C - Connected, L - Local, S - Static, U - Per-user Static route',
  '       B - BGP, R - RIP, I1 - ISIS L1, I2 - ISIS L2',
  '       IA - ISIS interarea, IS - ISIS summary, D - EIGRP, EX - EIGRP external',
  '       ND - ND Default, NDp - ND Prefix, DCE - Destination, NDr - Redirect',
  '       O - OSPF Intra, OI - OSPF Inter, OE1 - OSPF ext 1, OE2 - OSPF ext 2',
  '       ON1 - OSPF NSSA ext 1, ON2 - OSPF NSSA ext 2',
];

function ipv6Key(prefix: string): [Uint8Array, number] {
  const [a, l] = prefix.split('/');
  return [parseIpv6(a ?? '') ?? new Uint8Array(16), Number(l ?? 128)];
}

function compareIpv6(a: Ipv6RouteEntry, b: Ipv6RouteEntry): number {
  const [x, xl] = ipv6Key(a.prefix);
  const [y, yl] = ipv6Key(b.prefix);
  for (let i = 0; i < 16; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return xl - yl;
}

export function renderShowIpv6Route(routes: readonly Ipv6RouteEntry[]): string {
  const codes = { connected: 'C', local: 'L', static: 'S' } as const;
  const body = [...routes].sort(compareIpv6).flatMap((r) => {
    const via =
      r.source === 'connected'
        ? `via ${r.ifName ?? 'Null0'}, directly connected`
        : r.source === 'local'
          ? `via ${r.ifName ?? 'Null0'}, receive`
          : r.via !== undefined
            ? `via ${r.via.toUpperCase()}${r.ifName !== undefined ? `, ${r.ifName}` : ''}`
            : `via ${r.ifName ?? 'Null0'}, directly connected`;
    return [`${codes[r.source].padEnd(4)}${r.prefix.toUpperCase()} [${r.distance}/${r.metric}]`, `     ${via}`];
  });
  const n = routes.length;
  return `${[`IPv6 Routing Table - default - ${n} entries`, ...IPV6_ROUTE_CODES, ...body, ''].join('\n')}\n`;
}
