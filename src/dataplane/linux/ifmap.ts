/**
 * IOS interface names ↔ Linux devices (DESIGN D8). The default is documented and predictable:
 *
 * | IOS                                              | Linux                         |
 * |--------------------------------------------------|-------------------------------|
 * | `GigabitEthernet0/N`, `Ethernet0/N`, `FastEthernet0/N`, `TenGigabitEthernet0/N` | `ethN` |
 * | `GigabitEthernetN` (IOS-XE style, no slot)       | `ethN`                        |
 * | `LoopbackN`                                      | `loN` (a dummy device)        |
 * | subinterface `Gi0/1.10`                          | VLAN device `eth1.10` (on `eth1`) |
 * | anything else (`Gi1/0/3`, `Vlan10`)              | unmapped unless overridden    |
 *
 * containerlab gives a node `eth0` for management and `eth1..ethN` for data links (ecosystem §2), so
 * `Gi0/1` is the first data link. When a management device is named (under containerlab: `eth0`),
 * the default mapping never lands on it: an IOS config that mentions `GigabitEthernet0/0` must not
 * take the lab's management link down. An explicit override (`Gi0/0=eth0`) still maps it; GNS3 has no
 * management interface (its eth0 is a data port, ecosystem §3).
 *
 * Overrides come from `--ifmap 'Gi0/1=ens3,Gi0/2=ens4'` and the environment variable VIPR_IFMAP in
 * the same syntax; the flag wins over the environment for a name both mention. IOS names in a map may
 * be abbreviated as at the CLI (`Gi0/1`, `gi0/1`, `GigabitEthernet0/1`). A subinterface of an
 * overridden parent follows it (`Gi0/1=ens3` makes `Gi0/1.10` `ens3.10`).
 */
import { parseInterfaceName, type InterfaceName } from '../../model/interface-name.js';

/** Linux's IFNAMSIZ is 16 with the terminating NUL (include/uapi/linux/if.h). */
export const MAX_LINUX_IFNAME = 15;

export type IfMapResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IfMapError };

export interface IfMapError {
  /** where the problem is: `--ifmap` or `VIPR_IFMAP` */
  readonly source: string;
  /** 0-based offset of the offending entry in the map string */
  readonly offset: number;
  readonly message: string;
}

export interface IfMapOptions {
  /** IOS name (canonical) → Linux device */
  readonly overrides?: ReadonlyMap<InterfaceName, string>;
  /** Devices the default mapping must never produce (containerlab's `eth0`). */
  readonly management?: readonly string[];
}

export type LinuxDeviceKind = 'ethernet' | 'loopback' | 'vlan';

export interface LinuxDevice {
  readonly name: string;
  readonly kind: LinuxDeviceKind;
  /** for `vlan`: the device it is stacked on */
  readonly parent?: string;
}

export type MapOutcome =
  | { readonly ok: true; readonly device: LinuxDevice }
  | { readonly ok: false; readonly reason: string };

export class IfMap {
  readonly overrides: ReadonlyMap<InterfaceName, string>;
  readonly management: readonly string[];

  constructor(options: IfMapOptions = {}) {
    this.overrides = options.overrides ?? new Map();
    this.management = options.management ?? [];
  }

  /** The Linux device for an IOS interface name, or why there is none. */
  resolve(iosName: InterfaceName): MapOutcome {
    const p = parseInterfaceName(iosName);
    if (!p) return { ok: false, reason: `${iosName} is not an IOS interface name` };
    const override = this.overrides.get(p.name);
    if (p.sub !== undefined) {
      if (override !== undefined) {
        const parent = this.parentOf(p.name);
        if (parent === undefined) return { ok: false, reason: `${p.name} is mapped to ${override} but its parent ${p.type.name}${p.port} has no Linux device` };
        return { ok: true, device: { name: override, kind: 'vlan', parent } };
      }
      const parent = this.resolve(`${p.type.name}${p.port}`);
      if (!parent.ok) return parent;
      const name = `${parent.device.name}.${p.sub}`;
      if (name.length > MAX_LINUX_IFNAME) return { ok: false, reason: `${p.name} would be ${name}, longer than ${MAX_LINUX_IFNAME} characters; map it with --ifmap` };
      return { ok: true, device: { name, kind: 'vlan', parent: parent.device.name } };
    }
    if (override !== undefined) return { ok: true, device: { name: override, kind: p.type.kind === 'loopback' ? 'loopback' : 'ethernet' } };
    switch (p.type.kind) {
      case 'loopback':
        return { ok: true, device: { name: `lo${p.port}`, kind: 'loopback' } };
      case 'vlan':
        return { ok: false, reason: `${p.name} has no default Linux device (SVIs need a bridge); map it with --ifmap` };
      case 'physical': {
        const m = /^(?:0\/)?(\d+)$/.exec(p.port);
        if (!m) return { ok: false, reason: `${p.name} has no default Linux device (only slot 0 and slotless names map to ethN); map it with --ifmap` };
        const name = `eth${m[1] ?? ''}`;
        if (this.management.includes(name)) return { ok: false, reason: `${p.name} would be ${name}, the management interface, which vipr leaves alone unless mapped explicitly (--ifmap '${p.name}=${name}')` };
        return { ok: true, device: { name, kind: 'ethernet' } };
      }
    }
  }

  /** The Linux device name, or undefined when unmapped. */
  linuxName(iosName: InterfaceName): string | undefined {
    const r = this.resolve(iosName);
    return r.ok ? r.device.name : undefined;
  }

  /** Which of the given IOS names maps to a Linux device (for an interface that appeared later). */
  iosNameFor(linuxName: string, iosNames: Iterable<InterfaceName>): InterfaceName | undefined {
    for (const n of iosNames) if (this.linuxName(n) === linuxName) return n;
    return undefined;
  }

  private parentOf(iosSub: InterfaceName): string | undefined {
    const p = parseInterfaceName(iosSub);
    return p ? this.linuxName(`${p.type.name}${p.port}`) : undefined;
  }
}

/** Whether a string can be a Linux device name (net/core/dev.c dev_valid_name). */
export function validLinuxName(name: string): boolean {
  // Also without the characters iproute2's batch reader cannot carry ('#', quotes, backslash).
  return name.length > 0 && name.length <= MAX_LINUX_IFNAME && name !== '.' && name !== '..' && !/[/:\s#"'\\]/.test(name);
}

/** Parses `Gi0/1=ens3,Gi0/2=ens4` (entries separated by commas or whitespace). */
export function parseIfMap(text: string, source = '--ifmap'): IfMapResult<Map<InterfaceName, string>> {
  const out = new Map<InterfaceName, string>();
  const byLinux = new Map<string, InterfaceName>();
  const re = /[^,\s]+/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const entry = m[0];
    const at = m.index;
    const fail = (message: string): IfMapResult<never> => ({ ok: false, error: { source, offset: at, message: `${source}: ${message} (at '${entry}')` } });
    const eq = entry.indexOf('=');
    if (eq < 0) return fail(`expected IOS-NAME=LINUX-DEVICE`);
    const ios = entry.slice(0, eq);
    const linux = entry.slice(eq + 1);
    const parsed = parseInterfaceName(ios);
    if (!parsed) return fail(`'${ios}' is not an IOS interface name`);
    if (!validLinuxName(linux)) return fail(`'${linux}' is not a Linux device name (1 to ${MAX_LINUX_IFNAME} characters, no '/', ':' or spaces)`);
    if (out.has(parsed.name)) return fail(`${parsed.name} is mapped twice`);
    const other = byLinux.get(linux);
    if (other !== undefined) return fail(`${linux} is already mapped to ${other}`);
    out.set(parsed.name, linux);
    byLinux.set(linux, parsed.name);
  }
  return { ok: true, value: out };
}

/**
 * The map vipr runs with: VIPR_IFMAP, then `--ifmap` over it. Under containerlab (CLAB_INTFS set)
 * eth0 is management (ecosystem §2) unless `management` says otherwise.
 */
export function ifMapFromSettings(settings: {
  readonly flag?: string | undefined;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly management?: readonly string[];
}): IfMapResult<IfMap> {
  const env = settings.env ?? {};
  const merged = new Map<InterfaceName, string>();
  for (const [text, source] of [
    [env['VIPR_IFMAP'], 'VIPR_IFMAP'],
    [settings.flag, '--ifmap'],
  ] as const) {
    if (text === undefined) continue;
    const parsed = parseIfMap(text, source);
    if (!parsed.ok) return parsed;
    for (const [k, v] of parsed.value) merged.set(k, v);
  }
  const seen = new Map<string, InterfaceName>();
  for (const [k, v] of merged) {
    const other = seen.get(v);
    if (other !== undefined) return { ok: false, error: { source: '--ifmap', offset: 0, message: `--ifmap and VIPR_IFMAP together map both ${other} and ${k} to ${v}` } };
    seen.set(v, k);
  }
  const management = settings.management ?? (env['CLAB_INTFS'] !== undefined ? ['eth0'] : []);
  return { ok: true, value: new IfMap({ overrides: merged, management }) };
}
