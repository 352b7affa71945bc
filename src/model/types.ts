/**
 * The typed configuration model (DESIGN D4): the single source of truth the engines, the data plane
 * and `show` read. Every value is immutable; edits build new objects (./edit.ts via src/config/apply).
 * Fields that IOS defaults are always present with their value (defaults come from ./defaults.ts),
 * so consumers never guess; the renderer prints only what differs from the defaults.
 */
import type { InterfaceName } from './interface-name.js';
import type { Password, Secret } from './passwords.js';

export type { Password, Secret } from './passwords.js';
export type { InterfaceName } from './interface-name.js';

export type Ipv4Text = string;

export interface Ipv4Address {
  readonly address: Ipv4Text;
  readonly prefixLength: number;
}

export type TimestampFormat =
  | { readonly kind: 'uptime' }
  | {
      readonly kind: 'datetime';
      readonly msec: boolean;
      readonly localtime: boolean;
      readonly showTimezone: boolean;
      readonly year: boolean;
    };

export type Credential =
  | { readonly kind: 'secret'; readonly secret: Secret }
  | { readonly kind: 'password'; readonly password: Password }
  | { readonly kind: 'nopassword' };

export interface User {
  readonly name: string;
  readonly privilege: number | undefined;
  readonly credential: Credential;
}

export interface StaticRoute {
  readonly prefix: Ipv4Text;
  readonly prefixLength: number;
  readonly iface: InterfaceName | undefined;
  readonly nextHop: Ipv4Text | undefined;
  readonly distance: number | undefined;
  readonly name: string | undefined;
}

export interface Ipv6Route {
  /** `2001:db8::/32`, canonical (RFC 5952) */
  readonly prefix: string;
  readonly iface: InterfaceName | undefined;
  readonly nextHop: string | undefined;
  readonly distance: number | undefined;
}

export type LoggingLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** IOS's names of the syslog levels (`logging buffered informational`, `show logging`). */
export const LOGGING_LEVEL_NAMES: Readonly<Record<LoggingLevel, string>> = {
  0: 'emergencies',
  1: 'alerts',
  2: 'critical',
  3: 'errors',
  4: 'warnings',
  5: 'notifications',
  6: 'informational',
  7: 'debugging',
};

export interface Logging {
  readonly hosts: readonly Ipv4Text[];
  /** undefined: `logging buffered` not configured */
  readonly buffered: { readonly size: number | undefined; readonly level: LoggingLevel | undefined } | undefined;
  /** 'off': `no logging console`; a level: `logging console LEVEL`; undefined: the default (debugging) */
  readonly console: LoggingLevel | 'off' | undefined;
}

export type TrackDefinition =
  | { readonly kind: 'interface'; readonly iface: InterfaceName; readonly what: 'line-protocol' | 'ip-routing' }
  | { readonly kind: 'ip-route'; readonly prefix: Ipv4Text; readonly prefixLength: number; readonly what: 'reachability' | 'metric-threshold' }
  | { readonly kind: 'ip-sla'; readonly sla: number; readonly what: 'reachability' | 'state' }
  | { readonly kind: 'list'; readonly op: 'and' | 'or' };

export interface Track {
  readonly id: number;
  readonly definition: TrackDefinition;
  readonly delayUp: number | undefined;
  readonly delayDown: number | undefined;
  /** `object N [not]` lines of a `list boolean` track */
  readonly objects: readonly { readonly object: number; readonly not: boolean }[];
}

export interface Key {
  readonly id: number;
  readonly keyString: Password | undefined;
  /** accept-lifetime / send-lifetime / cryptographic-algorithm, verbatim */
  readonly verbatim: readonly string[];
}

export interface KeyChain {
  readonly name: string;
  readonly keys: readonly Key[];
}

export type LineKind = 'con' | 'aux' | 'vty';

export interface Line {
  readonly kind: LineKind;
  readonly first: number;
  readonly last: number | undefined;
  readonly login: 'none' | 'line' | 'local';
  readonly password: Password | undefined;
  readonly transportInput: readonly ('all' | 'none' | 'ssh' | 'telnet')[] | undefined;
  readonly execTimeout: { readonly minutes: number; readonly seconds: number } | undefined;
  readonly privilegeLevel: number | undefined;
  readonly verbatim: readonly string[];
}

export type FhrpAuthentication =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'md5-key-string'; readonly key: Password; readonly timeout: number | undefined }
  | { readonly kind: 'md5-key-chain'; readonly chain: string };

export interface HsrpTrack {
  readonly object: number;
  readonly decrement: number | undefined;
  readonly shutdown: boolean;
}

export interface HsrpGroup {
  readonly group: number;
  /** `standby N ip` was given (with or without an address) */
  readonly ipEnabled: boolean;
  /** undefined with ipEnabled: learn the VIP from the Active router */
  readonly vip: Ipv4Text | undefined;
  readonly secondaryVips: readonly Ipv4Text[];
  readonly ipv6Autoconfig: boolean;
  readonly ipv6LinkLocal: string | undefined;
  readonly ipv6Prefixes: readonly string[];
  readonly priority: number;
  readonly preempt: boolean;
  readonly preemptDelayMinimum: number;
  readonly preemptDelayReload: number;
  readonly preemptDelaySync: number;
  readonly helloMs: number;
  readonly holdMs: number;
  readonly authentication: FhrpAuthentication;
  readonly tracks: readonly HsrpTrack[];
  /** legacy `standby N track INTERFACE [decrement]` */
  readonly interfaceTracks: readonly { readonly iface: InterfaceName; readonly decrement: number | undefined }[];
  readonly macAddress: string | undefined;
  readonly name: string | undefined;
  readonly follow: string | undefined;
}

export interface HsrpInterface {
  readonly version: 1 | 2;
  readonly useBia: boolean;
  readonly useBiaScopeInterface: boolean;
  readonly delayMinimum: number | undefined;
  readonly delayReload: number | undefined;
  readonly macRefresh: number;
  readonly redirect: boolean;
  readonly bfd: boolean;
  readonly groups: readonly HsrpGroup[];
}

/** A legacy IOS `vrrp N …` group (VRRPv2), spec §5.7. */
export interface VrrpGroup {
  readonly group: number;
  readonly description: string | undefined;
  readonly vip: Ipv4Text | undefined;
  readonly secondaryVips: readonly Ipv4Text[];
  readonly priority: number;
  readonly preempt: boolean;
  readonly preemptDelayMinimum: number;
  readonly advertiseMs: number;
  readonly timersLearn: boolean;
  readonly authentication: FhrpAuthentication | undefined;
  readonly tracks: readonly { readonly object: number; readonly decrement: number | undefined }[];
  readonly shutdown: boolean;
}

/** An IOS-XE `vrrp N address-family ipv4|ipv6` group (VRRPv3), spec §5.8. */
export interface Vrrpv3Group {
  readonly group: number;
  readonly family: 'ipv4' | 'ipv6';
  readonly description: string | undefined;
  /** IPv4: the primary VIP; IPv6: the link-local VIP (`address FE80::1 primary`) */
  readonly primary: string | undefined;
  /** IPv4: secondary VIPs; IPv6: global VIPs as `prefix/len` */
  readonly secondaries: readonly string[];
  readonly priority: number;
  readonly preempt: boolean;
  readonly preemptDelayMinimum: number;
  readonly advertiseMs: number;
  readonly tracks: readonly HsrpTrack[];
  /** `vrrpv2`: IPv4 v2-compatibility mode */
  readonly vrrpv2: boolean;
  /** vipr extension `checksum pseudo-header`: IPv4 checksum over the pseudo-header too (keepalived/FRR) */
  readonly checksumPseudoHeader: boolean;
  /**
   * vipr extension `accept-mode` (RFC 5798 §6.1 Accept_Mode): a non-owner Master accepts packets
   * addressed to the VIPs. On by default, as IOS-XE behaves; `no accept-mode` is the RFC's False.
   */
  readonly acceptMode: boolean;
  readonly shutdown: boolean;
}

export interface Interface {
  readonly name: InterfaceName;
  readonly description: string | undefined;
  readonly ipv4: Ipv4Address | undefined;
  readonly ipv4Secondaries: readonly Ipv4Address[];
  readonly ipv6Enable: boolean;
  readonly ipv6Autoconfig: boolean;
  readonly ipv6LinkLocal: string | undefined;
  /** `prefix/len`, canonical; eui-64 ones keep the flag */
  readonly ipv6Addresses: readonly { readonly prefix: string; readonly eui64: boolean }[];
  readonly shutdown: boolean;
  readonly mtu: number;
  readonly encapsulation: { readonly vlan: number; readonly native: boolean } | undefined;
  readonly hsrp: HsrpInterface;
  readonly vrrp: readonly VrrpGroup[];
  readonly vrrpv3: readonly Vrrpv3Group[];
  /** known-but-unmodelled interface commands, verbatim (`duplex auto`, `no ip redirects`, …) */
  readonly verbatim: readonly string[];
}

export interface Banners {
  readonly motd: string | undefined;
  readonly login: string | undefined;
  readonly exec: string | undefined;
}

export interface RouterConfig {
  readonly version: string;
  readonly hostname: string;
  readonly servicePasswordEncryption: boolean;
  readonly timestampsDebug: TimestampFormat | undefined;
  readonly timestampsLog: TimestampFormat | undefined;
  readonly enableSecret: Secret | undefined;
  readonly enablePassword: Password | undefined;
  readonly users: readonly User[];
  readonly ipRouting: boolean;
  readonly ipv6UnicastRouting: boolean;
  readonly ipDomainName: string | undefined;
  readonly ipDomainLookup: boolean;
  readonly fhrpVrrpV3: boolean;
  readonly logging: Logging;
  readonly tracks: readonly Track[];
  readonly keyChains: readonly KeyChain[];
  readonly interfaces: readonly Interface[];
  readonly ipRoutes: readonly StaticRoute[];
  readonly ipv6Routes: readonly Ipv6Route[];
  readonly banners: Banners;
  readonly lines: readonly Line[];
  /** known-but-unmodelled global commands, verbatim, in running-config order */
  readonly verbatim: readonly string[];
}
