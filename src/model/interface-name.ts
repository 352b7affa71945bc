/**
 * IOS interface names (DESIGN D8, spec §6.9): the types vipr knows, their long and short forms, the
 * abbreviations the parser accepts (any unique prefix of the type: `g0/1`, `gi0/1`, `Gig0/1`), and the
 * order in which IOS lists interfaces in the running-config.
 */

export type InterfaceKind = 'physical' | 'loopback' | 'vlan';

export interface InterfaceType {
  readonly name: string;
  readonly short: string;
  readonly kind: InterfaceKind;
  readonly help: string;
  /** Position in the running-config: IOS lists virtual interfaces first, then physical ones, VLANs last. */
  readonly order: number;
}

export const INTERFACE_TYPES: readonly InterfaceType[] = [
  { name: 'Loopback', short: 'Lo', kind: 'loopback', help: 'Loopback interface', order: 0 },
  { name: 'Ethernet', short: 'Et', kind: 'physical', help: 'IEEE 802.3', order: 1 },
  { name: 'FastEthernet', short: 'Fa', kind: 'physical', help: 'FastEthernet IEEE 802.3', order: 2 },
  { name: 'GigabitEthernet', short: 'Gi', kind: 'physical', help: 'GigabitEthernet IEEE 802.3z', order: 3 },
  { name: 'TenGigabitEthernet', short: 'Te', kind: 'physical', help: 'Ten Gigabit Ethernet', order: 4 },
  { name: 'Vlan', short: 'Vl', kind: 'vlan', help: 'Catalyst Vlans', order: 5 },
];

/** A canonical IOS interface name, e.g. `GigabitEthernet0/1.10`. */
export type InterfaceName = string;

export interface ParsedInterfaceName {
  readonly type: InterfaceType;
  /** `0/1`, `1`, `1/0/3` */
  readonly port: string;
  readonly sub: number | undefined;
  readonly name: InterfaceName;
}

/** The interface type a (case-insensitive) unique prefix names, if any. */
export function interfaceTypeByPrefix(prefix: string): InterfaceType | undefined {
  const p = prefix.toLowerCase();
  if (p.length === 0) return undefined;
  const exact = INTERFACE_TYPES.find((t) => t.name.toLowerCase() === p);
  if (exact) return exact;
  const matches = INTERFACE_TYPES.filter((t) => t.name.toLowerCase().startsWith(p));
  return matches.length === 1 ? matches[0] : undefined;
}

const NUMBER_RE = /^(\d+(?:\/\d+){0,2})(?:\.(\d+))?$/;

/** Validates the number part of an interface name for a type; returns the canonical name. */
export function interfaceName(type: InterfaceType, number: string): ParsedInterfaceName | undefined {
  const m = NUMBER_RE.exec(number);
  if (!m) return undefined;
  const port = (m[1] ?? '')
    .split('/')
    .map((p) => String(Number(p)))
    .join('/');
  const sub = m[2] === undefined ? undefined : Number(m[2]);
  if (port.split('/').some((p) => Number(p) > 2147483647)) return undefined;
  if (sub !== undefined && (sub < 1 || sub > 4294967295)) return undefined;
  switch (type.kind) {
    case 'loopback':
      if (port.includes('/') || sub !== undefined) return undefined;
      break;
    case 'vlan':
      if (port.includes('/') || sub !== undefined || Number(port) < 1 || Number(port) > 4094) return undefined;
      break;
    case 'physical':
      break;
  }
  const name = `${type.name}${port}${sub === undefined ? '' : `.${sub}`}`;
  return { type, port, sub, name };
}

const NAME_RE = /^([A-Za-z][A-Za-z-]*?)(\d.*)$/;

const MAX_PARSED_NAMES = 50_000;
const parsedNames = new Map<string, ParsedInterfaceName | undefined>();

/** Parses `Gi0/1`, `gigabitethernet0/1.10`, `Lo0`, `Vlan10` (one word). */
export function parseInterfaceName(text: string): ParsedInterfaceName | undefined {
  // Loading and applying a config asks for the same names again and again; the answers are immutable.
  let parsed = parsedNames.get(text);
  if (parsed === undefined && !parsedNames.has(text)) {
    parsed = parseInterfaceNameUncached(text);
    if (parsed) Object.freeze(parsed);
    if (parsedNames.size >= MAX_PARSED_NAMES) parsedNames.clear();
    parsedNames.set(text, parsed);
  }
  return parsed;
}

function parseInterfaceNameUncached(text: string): ParsedInterfaceName | undefined {
  const m = NAME_RE.exec(text.trim());
  if (!m) return undefined;
  const type = interfaceTypeByPrefix(m[1] ?? '');
  if (!type) return undefined;
  return interfaceName(type, m[2] ?? '');
}

/** `GigabitEthernet0/1.10` → `Gi0/1.10` (show standby brief, %VRRP syslog, HSRP default names). */
export function shortInterfaceName(name: InterfaceName): string {
  const p = parseInterfaceName(name);
  if (!p) return name;
  return `${p.type.short}${p.port}${p.sub === undefined ? '' : `.${p.sub}`}`;
}

/** The parent of a subinterface (`Gi0/1.10` → `GigabitEthernet0/1`), or undefined. */
export function parentInterface(name: InterfaceName): InterfaceName | undefined {
  const p = parseInterfaceName(name);
  if (!p || p.sub === undefined) return undefined;
  return `${p.type.name}${p.port}`;
}

/** Running-config order: type order, then the port numbers numerically, then the subinterface. */
export function compareInterfaceNames(a: InterfaceName, b: InterfaceName): number {
  const pa = parseInterfaceName(a);
  const pb = parseInterfaceName(b);
  if (!pa || !pb) return a < b ? -1 : a > b ? 1 : 0;
  if (pa.type.order !== pb.type.order) return pa.type.order - pb.type.order;
  const na = pa.port.split('/').map(Number);
  const nb = pb.port.split('/').map(Number);
  for (let i = 0; i < Math.max(na.length, nb.length); i++) {
    const d = (na[i] ?? -1) - (nb[i] ?? -1);
    if (d !== 0) return d;
  }
  return (pa.sub ?? 0) - (pb.sub ?? 0);
}
