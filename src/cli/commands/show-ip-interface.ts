/**
 * `show ip interface [X]` and `show ipv6 interface [X]`: what Ansible `cisco.ios.ios_facts`
 * (interfaces subset) reads for each interface's addresses (`Internet address is A/len`,
 * `Secondary address A/len`, `ADDR, subnet is P/len`), in the layout of IOS (ntc-templates'
 * tests/cisco_ios/show_ip_interface samples). Only lines vipr can state truthfully are printed:
 * addresses, how they were configured, MTU, the multicast groups its FHRP groups listen to, and the
 * features vipr does not have (helper addresses, access lists) as "not set" – never the dozens of
 * switching-path lines that would describe IOS internals vipr does not have.
 */
import { formatIpv6, ipv6Network, parseIpv6 } from '../../net/ip-address.js';
import { eui64LinkLocal, parseMac } from '../../net/mac.js';
import type { Interface, RouterConfig } from '../../model/types.js';
import type { InterfaceStats } from '../providers.js';
import { interfacesToShow, stateLine } from './show-interfaces.js';

export interface ShowIpInterfaceInput {
  readonly config: RouterConfig;
  readonly linkUp: (ifName: string) => boolean | undefined;
  readonly stats: InterfaceStats | undefined;
  /** Interfaces whose address was typed at the CLI (`Address determined by setup command`). */
  readonly manual: ReadonlySet<string>;
}

/** The IPv4 multicast groups the interface's FHRP groups receive on (RFC 2281 §5, HSRPv2, RFC 3768 §5.2.2). */
function reservedGroups(i: Interface): string[] {
  const groups = new Set<string>();
  if (i.hsrp.groups.some((g) => g.ipEnabled)) groups.add(i.hsrp.version === 2 ? '224.0.0.102' : '224.0.0.2');
  if (i.vrrp.length > 0 || i.vrrpv3.some((g) => g.family === 'ipv4')) groups.add('224.0.0.18');
  return [...groups].sort((a, b) => Number(a.split('.')[3]) - Number(b.split('.')[3]));
}

function ipLines(input: ShowIpInterfaceInput, i: Interface): string[] {
  const out = [stateLine(input.config, i, input.stats?.get(i.name), input.linkUp)];
  if (i.ipv4 === undefined) {
    out.push('  Internet protocol processing disabled');
    return out;
  }
  out.push(
    `  Internet address is ${i.ipv4.address}/${i.ipv4.prefixLength}`,
    '  Broadcast address is 255.255.255.255',
    `  Address determined by ${input.manual.has(i.name) ? 'setup command' : 'non-volatile memory'}`,
    `  MTU is ${i.name.startsWith('Loopback') ? 1514 : (input.stats?.get(i.name)?.mtu ?? i.mtu)} bytes`,
    '  Helper address is not set',
    '  Directed broadcast forwarding is disabled',
    ...i.ipv4Secondaries.map((s) => `  Secondary address ${s.address}/${s.prefixLength}`),
  );
  const groups = reservedGroups(i);
  if (groups.length > 0) out.push(`  Multicast reserved groups joined: ${groups.join(' ')}`);
  out.push('  Outgoing access list is not set', '  Inbound  access list is not set');
  return out;
}

/** All interfaces, or the one named; undefined when it does not exist. */
export function renderShowIpInterface(input: ShowIpInterfaceInput, only?: string): string | undefined {
  const list = interfacesToShow(input.config, only);
  if (only !== undefined && list.length === 0) return undefined;
  return `${list.flatMap((i) => ipLines(input, i)).join('\n')}\n`;
}

function ipv6Enabled(i: Interface): boolean {
  return i.ipv6Enable || i.ipv6Autoconfig || i.ipv6LinkLocal !== undefined || i.ipv6Addresses.length > 0;
}

/** IOS writes IPv6 addresses in upper case (`FE80::A8BB:CCFF:FE01:100`). */
function upper(bytes: Uint8Array): string {
  return formatIpv6(bytes).toUpperCase();
}

/** The interface identifier of `mac` on `prefix` (RFC 4291 App. A), as `ipv6 address P/64 eui-64`. */
function eui64On(prefix: Uint8Array, mac: Uint8Array): Uint8Array {
  const out = Uint8Array.from(prefix);
  out.set(eui64LinkLocal(mac).subarray(8), 8);
  return out;
}

function ipv6Lines(input: ShowIpInterfaceInput, i: Interface): string[] {
  const entry = input.stats?.get(i.name);
  const mac = entry !== undefined ? parseMac(entry.mac) : undefined;
  const configuredLl = i.ipv6LinkLocal !== undefined ? parseIpv6(i.ipv6LinkLocal) : undefined;
  const ll = configuredLl ?? (mac !== undefined ? eui64LinkLocal(mac) : undefined);
  const out = [stateLine(input.config, i, entry, input.linkUp)];
  // Without the port's MAC (an interface vipr was not given) the EUI-64 link-local is unknown.
  out.push(ll !== undefined ? `  IPv6 is enabled, link-local address is ${upper(ll)} ` : '  IPv6 is enabled, link-local address is not known');
  const globals: string[] = [];
  for (const a of i.ipv6Addresses) {
    const [text = '', lenText = '64'] = a.prefix.split('/');
    const len = Number(lenText);
    const parsed = parseIpv6(text);
    if (parsed === undefined) continue;
    if (a.eui64) {
      if (mac === undefined) continue;
      globals.push(`    ${upper(eui64On(parsed, mac))}, subnet is ${upper(ipv6Network(parsed, len))}/${len} [EUI]`);
    } else globals.push(`    ${upper(parsed)}, subnet is ${upper(ipv6Network(parsed, len))}/${len} `);
  }
  if (globals.length > 0) out.push('  Global unicast address(es):', ...globals);
  else out.push('  No global unicast address is configured');
  out.push(`  MTU is ${entry?.mtu ?? i.mtu} bytes`);
  return out;
}

/** The IPv6-enabled interfaces (IOS lists no others), or the one named; undefined when it does not exist. */
export function renderShowIpv6Interface(input: ShowIpInterfaceInput, only?: string): string | undefined {
  const list = interfacesToShow(input.config, only);
  if (only !== undefined && list.length === 0) return undefined;
  const lines: string[] = [];
  for (const i of list) {
    if (ipv6Enabled(i)) lines.push(...ipv6Lines(input, i));
    else if (only !== undefined) lines.push(stateLine(input.config, i, input.stats?.get(i.name), input.linkUp), '  IPv6 is disabled');
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
