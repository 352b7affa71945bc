/**
 * `show interfaces [X]` in the layout of fixtures/ios-output/show_interfaces.txt (a physical port:
 * state line, hardware and MAC, description, `Internet address is A/len`, MTU/BW/DLY, encapsulation,
 * keepalive, media, ARP, last input/output, queues, 5-minute rates and the counter block), the
 * shorter IOS forms of a subinterface (`Encapsulation 802.1Q Virtual LAN, Vlan ID  N.`), a loopback
 * and a VLAN interface. The model gives names, addresses, description, MTU and admin state; an
 * InterfaceStats provider gives MAC, carrier and counters (DESIGN D7).
 */
import { compareInterfaceNames, parentInterface, parseInterfaceName } from '../../model/interface-name.js';
import type { Interface, RouterConfig } from '../../model/types.js';
import { ZERO_COUNTERS, type InterfaceCounters, type InterfaceStats, type InterfaceStatsEntry } from '../providers.js';

/** IOS ages: `hh:mm:ss` under a day, then `1d21h`, `3w2d`, `1y12w` (spec §6.1). */
export function iosAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (s < 86400) return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  const h = Math.floor(s / 3600);
  const d = Math.floor(h / 24);
  if (d < 7) return `${d}d${pad(h % 24)}h`;
  const w = Math.floor(d / 7);
  if (w < 52) return `${w}w${d % 7}d`;
  return `${Math.floor(w / 52)}y${pad(w % 52)}w`;
}

function since(nowMs: number, at: number | undefined): string {
  return at === undefined ? 'never' : iosAge(nowMs - at);
}

/** Bandwidth (Kbit/sec) and delay (usec) IOS gives each interface type. */
function bwDelay(typeName: string): [number, number] {
  switch (typeName) {
    case 'Ethernet':
      return [10000, 1000];
    case 'FastEthernet':
      return [100000, 100];
    case 'TenGigabitEthernet':
      return [10000000, 10];
    case 'Loopback':
      return [8000000, 5000];
    default:
      return [1000000, 10];
  }
}

export interface ShowInterfacesInput {
  readonly config: RouterConfig;
  readonly linkUp: (ifName: string) => boolean | undefined;
  readonly stats: InterfaceStats | undefined;
  readonly nowMs: number;
}

/** `GigabitEthernet0/1 is up, line protocol is up`: the first line of `show [ip|ipv6] interfaces`. */
export function stateLine(config: RouterConfig, i: Interface, entry: InterfaceStatsEntry | undefined, linkUp: (n: string) => boolean | undefined): string {
  const parent = parentInterface(i.name);
  const parentShut = parent !== undefined && config.interfaces.find((p) => p.name === parent)?.shutdown === true;
  const carrier = entry?.carrier ?? linkUp(parent ?? i.name) ?? i.name.startsWith('Loopback');
  const status = i.shutdown || parentShut ? 'administratively down' : carrier ? 'up' : 'down';
  return `${i.name} is ${status}, line protocol is ${status === 'up' ? 'up' : 'down'}`;
}

function counterBlock(c: InterfaceCounters, e: InterfaceStatsEntry | undefined, nowMs: number, ethernet: boolean): string[] {
  const r = e?.rates ?? { inBitsPerSec: 0, inPacketsPerSec: 0, outBitsPerSec: 0, outPacketsPerSec: 0 };
  return [
    `  Last input ${since(nowMs, e?.lastInputMs)}, output ${since(nowMs, e?.lastOutputMs)}, output hang never`,
    `  Last clearing of "show interface" counters ${since(nowMs, e?.clearedAtMs)}`,
    `  Input queue: 0/75/${c.rxDrops}/0 (size/max/drops/flushes); Total output drops: ${c.txDrops}`,
    '  Queueing strategy: fifo',
    '  Output queue: 0/0 (size/max)',
    `  5 minute input rate ${r.inBitsPerSec} bits/sec, ${r.inPacketsPerSec} packets/sec`,
    `  5 minute output rate ${r.outBitsPerSec} bits/sec, ${r.outPacketsPerSec} packets/sec`,
    `     ${c.rxPackets} packets input, ${c.rxBytes} bytes, 0 no buffer`,
    `     Received ${c.rxBroadcasts} broadcasts (${c.rxMulticasts} multicasts)`,
    '     0 runts, 0 giants, 0 throttles',
    `     ${c.rxErrors} input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored`,
    ...(ethernet ? ['     0 watchdog, 0 multicast, 0 pause input'] : []),
    `     ${c.txPackets} packets output, ${c.txBytes} bytes, 0 underruns`,
    `     ${c.txErrors} output errors, ${c.collisions} collisions, ${e?.resets ?? 0} interface resets`,
    '     0 unknown protocol drops',
    ...(ethernet ? ['     0 babbles, 0 late collision, 0 deferred', '     0 lost carrier, 0 no carrier, 0 pause output'] : []),
    '     0 output buffer failures, 0 output buffers swapped out',
  ];
}

export function renderInterface(input: ShowInterfacesInput, i: Interface): string[] {
  const p = parseInterfaceName(i.name);
  const typeName = p?.type.name ?? 'GigabitEthernet';
  const entry = input.stats?.get(i.name) ?? (p?.sub !== undefined ? input.stats?.get(parentInterface(i.name) ?? '') : undefined);
  const [bw, dly] = bwDelay(typeName);
  const mac = entry?.mac;
  const out = [stateLine(input.config, i, entry, input.linkUp)];
  const kind = p?.type.kind ?? 'physical';
  if (kind === 'loopback') out.push('  Hardware is Loopback');
  else if (kind === 'vlan') out.push(`  Hardware is EtherSVI${mac !== undefined ? `, address is ${mac} (bia ${mac})` : ''}`);
  else out.push(`  Hardware is vipr Ethernet${mac !== undefined ? `, address is ${mac} (bia ${mac})` : ''}`);
  if (i.description !== undefined) out.push(`  Description: ${i.description}`);
  if (i.ipv4) out.push(`  Internet address is ${i.ipv4.address}/${i.ipv4.prefixLength}`);
  const mtu = kind === 'loopback' ? 1514 : (entry?.mtu ?? i.mtu);
  out.push(`  MTU ${mtu} bytes, BW ${bw} Kbit/sec, DLY ${dly} usec,`, '     reliability 255/255, txload 1/255, rxload 1/255');
  if (p?.sub !== undefined) {
    // A subinterface shows its encapsulation and little else (its counters are the parent's).
    out.push(
      i.encapsulation ? `  Encapsulation 802.1Q Virtual LAN, Vlan ID  ${i.encapsulation.vlan}.` : '  Encapsulation 802.1Q Virtual LAN, Vlan ID  unassigned.',
      '  ARP type: ARPA, ARP Timeout 04:00:00',
      '  Keepalive set (10 sec)',
      `  Last clearing of "show interface" counters ${since(input.nowMs, entry?.clearedAtMs)}`,
    );
    return out;
  }
  const c = entry?.counters ?? ZERO_COUNTERS;
  if (kind === 'loopback') {
    out.push('  Encapsulation LOOPBACK, loopback not set', '  Keepalive set (10 sec)', ...counterBlock(c, entry, input.nowMs, false));
    return out;
  }
  out.push('  Encapsulation ARPA, loopback not set', '  Keepalive set (10 sec)');
  if (kind === 'physical') {
    out.push(
      '  Auto Duplex, Auto Speed, link type is auto, media type is unknown media type',
      '  output flow-control is unsupported, input flow-control is unsupported',
      '  Auto-duplex, Auto-speed, link type is auto, media type is unknown',
      '  input flow-control is off, output flow-control is unsupported',
    );
  }
  out.push('  ARP type: ARPA, ARP Timeout 04:00:00', ...counterBlock(c, entry, input.nowMs, kind === 'physical'));
  return out;
}

/** The interfaces a `show … interface(s)` lists, in IOS order, or the one named ([] if it does not exist). */
export function interfacesToShow(config: RouterConfig, only?: string): Interface[] {
  if (only !== undefined) return config.interfaces.filter((i) => i.name === only);
  // IOS lists the physical interfaces first and the virtual ones after them, as `show ip interface brief`.
  const rank = (name: string): number => ({ physical: 0, loopback: 1, vlan: 2 })[parseInterfaceName(name)?.type.kind ?? 'physical'];
  return [...config.interfaces].sort((a, b) => rank(a.name) - rank(b.name) || compareInterfaceNames(a.name, b.name));
}

/** All interfaces in IOS order, or the one named; undefined when it does not exist. */
export function renderShowInterfaces(input: ShowInterfacesInput, only?: string): string | undefined {
  const list = interfacesToShow(input.config, only);
  if (only !== undefined && list.length === 0) return undefined;
  return `${list.flatMap((i) => renderInterface(input, i)).join('\n')}\n`;
}
