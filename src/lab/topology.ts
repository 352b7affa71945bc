/**
 * The local lab's topology (`vipr lab up`): the same two routers and client as the docker-compose and
 * containerlab labs, plus an upstream server so that the client reaches something past its gateway.
 *
 *        client 192.0.2.10/24, 2001:db8:1::10/64
 *          |                  default routes via the LAN's virtual IPs (HSRPv2: 192.0.2.1 and the
 *     [sw: bridge br-lan]       IPv6 group's link-local, derived from its virtual MAC)
 *       /        \
 *   R1 eth1     R2 eth1        Gi0/1  192.0.2.2 / .3       HSRPv2 group 1 (IPv4), group 6 (IPv6)
 *   R1 eth2     R2 eth2        Gi0/2  198.51.100.2 / .3    VRRPv3 group 2 (IPv4 and IPv6)
 *       \        /
 *     [sw: bridge br-up]
 *          |
 *        server 198.51.100.100/24, 2001:db8:2::100/64, default routes via the VRRP virtual IPs
 *
 * The LAN is the one of the docker-compose and containerlab labs (192.0.2.0/24, VIP .1, R1 .2, R2 .3,
 * client .10); the upstream side is this lab's own.
 *
 * Every node is a network namespace named `<prefix>-<node>`; both switches are bridges in the one
 * `<prefix>-sw` namespace, whose ports are named after what they lead to (`r1-lan`, `r1-up`, …) so that
 * "pull R1's LAN cable" is `ip -n <prefix>-sw link set r1-lan down`. The routers' addresses and groups
 * live in their startup-configs (lab/local/r1.cfg, r2.cfg); the hosts' addresses and gateways here.
 */

export const DEFAULT_PREFIX = 'vipr-lab';

/** A namespace name is a file name under /run/netns; a short, plain prefix keeps every name valid. */
export const PREFIX_PATTERN = /^[a-z][a-z0-9-]{0,23}$/;

export type Bridge = 'lan' | 'up';

export interface Cable {
  /** The device inside the node's namespace. */
  readonly device: string;
  readonly bridge: Bridge;
  /** The bridge port in the switch namespace. */
  readonly switchPort: string;
}

export interface RouterNode {
  readonly name: 'r1' | 'r2';
  /** The IOS hostname its shipped config gives it, for messages. */
  readonly hostname: string;
  /** Gi0/1 → eth1 (LAN), Gi0/2 → eth2 (upstream): vipr's default interface map (DESIGN D8). */
  readonly cables: readonly Cable[];
}

export interface HostNode {
  readonly name: 'client' | 'server';
  readonly cable: Cable;
  readonly ipv4: string;
  readonly ipv6: string;
  readonly gateway4: string;
  /** A link-local gateway: the route names the device. */
  readonly gateway6: string;
}

export const ROUTERS: readonly RouterNode[] = [
  {
    name: 'r1',
    hostname: 'R1',
    cables: [
      { device: 'eth1', bridge: 'lan', switchPort: 'r1-lan' },
      { device: 'eth2', bridge: 'up', switchPort: 'r1-up' },
    ],
  },
  {
    name: 'r2',
    hostname: 'R2',
    cables: [
      { device: 'eth1', bridge: 'lan', switchPort: 'r2-lan' },
      { device: 'eth2', bridge: 'up', switchPort: 'r2-up' },
    ],
  },
];

/**
 * The IPv6 gateways are the groups' link-local virtual addresses. HSRP group 6 (`standby 6 ipv6
 * autoconfig`) derives it from the group's virtual MAC 0005.73a0.0006 by EUI-64 (fhrp-and-ios.md,
 * virtual MACs, "v2 IPv6"; RFC 4291 §2.5.1); VRRPv3 group 2 on the upstream side is given fe80::1 outright.
 */
export const HOSTS: readonly HostNode[] = [
  {
    name: 'client',
    cable: { device: 'eth0', bridge: 'lan', switchPort: 'client' },
    ipv4: '192.0.2.10/24',
    ipv6: '2001:db8:1::10/64',
    gateway4: '192.0.2.1',
    gateway6: 'fe80::205:73ff:fea0:6',
  },
  {
    name: 'server',
    cable: { device: 'eth0', bridge: 'up', switchPort: 'server' },
    ipv4: '198.51.100.100/24',
    ipv6: '2001:db8:2::100/64',
    gateway4: '198.51.100.1',
    gateway6: 'fe80::1',
  },
];

export const SWITCH = 'sw';

export const BRIDGES: Readonly<Record<Bridge, string>> = { lan: 'br-lan', up: 'br-up' };

export type NodeName = RouterNode['name'] | HostNode['name'] | typeof SWITCH;

export const NODE_NAMES: readonly NodeName[] = [...ROUTERS.map((r) => r.name), ...HOSTS.map((h) => h.name), SWITCH];

export function namespaceOf(prefix: string, node: NodeName): string {
  return `${prefix}-${node}`;
}

/** An address without its prefix length. */
export function bare(address: string): string {
  return address.replace(/\/\d+$/, '');
}

/** What the lab checks from the client once the routers have elected: the gateways, then past them. */
export interface Probe {
  readonly label: string;
  readonly from: HostNode['name'];
  readonly address: string;
  /** The device to scope a link-local address to. */
  readonly device?: string;
}

export function probes(): Probe[] {
  const client = HOSTS.find((h) => h.name === 'client') as HostNode;
  const server = HOSTS.find((h) => h.name === 'server') as HostNode;
  return [
    { label: 'gateway (HSRP group 1 VIP)', from: 'client', address: client.gateway4 },
    { label: 'server, through the gateway', from: 'client', address: bare(server.ipv4) },
    { label: 'IPv6 gateway (HSRP group 6 VIP)', from: 'client', address: client.gateway6, device: client.cable.device },
    { label: 'server over IPv6, through the gateway', from: 'client', address: bare(server.ipv6) },
  ];
}
