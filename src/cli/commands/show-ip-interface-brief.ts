/**
 * `show ip interface brief` (spec §6.6, fixtures/ios-output/show_ip_interface_brief.txt): columns
 * Interface 0 (26+1), IP-Address 27 (15+1), OK? 43 (3+1), Method 47 (6+1), Status 54 (21+1),
 * Protocol 76; full interface names. Built from the model (addresses, shutdown) and the ports'
 * link state (DESIGN D7: a typed snapshot first, the same one `| json` prints).
 */
import { compareInterfaceNames, parentInterface, parseInterfaceName } from '../../model/interface-name.js';
import type { RouterConfig } from '../../model/types.js';

export interface IpInterfaceBrief {
  readonly interface: string;
  readonly ipAddress: string | undefined;
  readonly ok: boolean;
  /** `NVRAM` for addresses from the startup-config, `manual` for those typed at the CLI. */
  readonly method: 'NVRAM' | 'manual';
  readonly status: 'up' | 'down' | 'administratively down';
  readonly protocol: 'up' | 'down';
}

export const IP_BRIEF_HEADER = 'Interface                  IP-Address      OK? Method Status                Protocol';

export function ipInterfaceBrief(
  config: RouterConfig,
  linkUp: (ifName: string) => boolean | undefined,
  manual: ReadonlySet<string>,
): IpInterfaceBrief[] {
  const byName = new Map(config.interfaces.map((i) => [i.name, i]));
  // IOS lists the physical interfaces first and the virtual ones (Loopback, Vlan) after them.
  const rank = (name: string): number => ({ physical: 0, loopback: 1, vlan: 2 })[parseInterfaceName(name)?.type.kind ?? 'physical'];
  const ordered = [...config.interfaces].sort((a, b) => rank(a.name) - rank(b.name) || compareInterfaceNames(a.name, b.name));
  return ordered.map((i) => {
    const parent = parentInterface(i.name);
    const parentShut = parent !== undefined && byName.get(parent)?.shutdown === true;
    // A loopback has no port and is always up; any other interface without a port has no carrier.
    const link = linkUp(parent ?? i.name) ?? i.name.startsWith('Loopback');
    const status = i.shutdown ? 'administratively down' : !parentShut && link ? 'up' : 'down';
    return {
      interface: i.name,
      ipAddress: i.ipv4?.address,
      ok: true,
      method: manual.has(i.name) ? 'manual' : 'NVRAM',
      status,
      protocol: status === 'up' ? 'up' : 'down',
    };
  });
}

export function renderIpInterfaceBrief(rows: readonly IpInterfaceBrief[]): string {
  const lines = rows.map(
    (r) =>
      `${r.interface.padEnd(26)} ${(r.ipAddress ?? 'unassigned').padEnd(15)} ${(r.ok ? 'YES' : 'NO').padEnd(3)} ${r.method.padEnd(6)} ${r.status.padEnd(21)} ${r.protocol}`,
  );
  return `${[IP_BRIEF_HEADER, ...lines].join('\n')}\n`;
}
