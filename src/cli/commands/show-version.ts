/**
 * `show version`. Automation identifies IOS from it (ecosystem §5): Netmiko's autodetect looks
 * for `Cisco IOS Software`; Ansible `cisco.ios` facts read `Version (\S+)`, `^(.+) uptime`,
 * `image file is "(.+)"` and the model from `^[Cc]isco (\S+).+bytes of .*memory`. The layout is
 * that of fixtures/ios-output/show_version*.txt, and the text says plainly that this is vipr and
 * which version, so nobody mistakes it for Cisco's software.
 */
import type { RouterConfig } from '../../model/types.js';
import { parseInterfaceName } from '../../model/interface-name.js';
import type { SystemInfo } from '../cli-router.js';

/** `2 years, 31 weeks, 6 days, 9 hours, 55 minutes`: zero units left out, minutes always shown. */
export function formatUptime(ms: number): string {
  let m = Math.max(0, Math.floor(ms / 60000));
  const units: [string, number][] = [
    ['year', 525600],
    ['week', 10080],
    ['day', 1440],
    ['hour', 60],
  ];
  const parts: string[] = [];
  for (const [name, size] of units) {
    const n = Math.floor(m / size);
    m -= n * size;
    if (n > 0) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
  }
  parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/** `2 Gigabit Ethernet interfaces`, as IOS counts the interfaces of each kind. */
function interfaceCounts(config: RouterConfig): string[] {
  const labels: Record<string, string> = {
    Ethernet: 'Ethernet',
    FastEthernet: 'FastEthernet',
    GigabitEthernet: 'Gigabit Ethernet',
    TenGigabitEthernet: 'Ten Gigabit Ethernet',
    Vlan: 'Virtual Ethernet',
  };
  const counts = new Map<string, number>();
  for (const i of config.interfaces) {
    const p = parseInterfaceName(i.name);
    if (p === undefined || p.sub !== undefined) continue;
    const label = labels[p.type.name];
    if (label !== undefined) counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts].map(([label, n]) => `${n} ${label} interface${n === 1 ? '' : 's'}`);
}

export function renderShowVersion(config: RouterConfig, system: SystemInfo, nowMs: number): string {
  const v = system.viprVersion;
  const lines = [
    `Cisco IOS Software, vipr Software (VIPR-LINUX-M), Version ${v}, RELEASE SOFTWARE (vipr)`,
    `This is vipr ${v}, an open-source Cisco-compatible virtual router, not software made by Cisco.`,
    'Licensed under the Apache License 2.0.',
    `Compiled by the vipr project`,
    '',
    `ROM: vipr ${v}`,
    '',
    `${config.hostname} uptime is ${formatUptime(nowMs - system.bootedAtMs)}`,
    'System returned to ROM by power-on',
    `System image file is "vipr:vipr-${v}"`,
    'Last reload reason: power-on',
    '',
    `cisco VIPR (${system.arch}) processor with ${system.memoryKb}K/0K bytes of memory.`,
    `Processor board ID ${system.serial}`,
    ...interfaceCounts(config),
    '512K bytes of non-volatile configuration memory.',
    '',
    'Configuration register is 0x2102',
  ];
  return `${lines.join('\n')}\n`;
}
