/**
 * Every default of the model, in one place (IOS defaults; spec §4.2, §4.5, §5.5–§5.8). The renderer
 * compares against these to print non-default values only.
 */
import type {
  FhrpAuthentication,
  HsrpGroup,
  HsrpInterface,
  Interface,
  Line,
  LineKind,
  RouterConfig,
  TimestampFormat,
  Track,
  TrackDefinition,
  VrrpGroup,
  Vrrpv3Group,
} from './types.js';

export const DEFAULT_HOSTNAME = 'Router';
export const DEFAULT_VERSION = '15.6';
export const DEFAULT_MTU = 1500;

export const HSRP_DEFAULTS = {
  version: 1 as 1 | 2,
  priority: 100,
  helloMs: 3000,
  holdMs: 10000,
  macRefresh: 10,
  trackDecrement: 10,
  /** HSRP sends text authentication "cisco" unless told otherwise (spec §7). */
  authentication: { kind: 'text', text: 'cisco' } as FhrpAuthentication,
  maxGroupV1: 255,
  maxGroupV2: 4095,
};

export const VRRP_DEFAULTS = {
  priority: 100,
  preempt: true,
  advertiseMs: 1000,
  trackDecrement: 10,
};

export const DATETIME_MSEC: TimestampFormat = { kind: 'datetime', msec: true, localtime: false, showTimezone: false, year: false };

export function defaultHsrpGroup(group: number): HsrpGroup {
  return {
    group,
    ipEnabled: false,
    vip: undefined,
    secondaryVips: [],
    ipv6Autoconfig: false,
    ipv6LinkLocal: undefined,
    ipv6Prefixes: [],
    priority: HSRP_DEFAULTS.priority,
    preempt: false,
    preemptDelayMinimum: 0,
    preemptDelayReload: 0,
    preemptDelaySync: 0,
    helloMs: HSRP_DEFAULTS.helloMs,
    holdMs: HSRP_DEFAULTS.holdMs,
    authentication: HSRP_DEFAULTS.authentication,
    tracks: [],
    interfaceTracks: [],
    macAddress: undefined,
    name: undefined,
    follow: undefined,
  };
}

export function defaultHsrpInterface(): HsrpInterface {
  return {
    version: HSRP_DEFAULTS.version,
    useBia: false,
    useBiaScopeInterface: false,
    delayMinimum: undefined,
    delayReload: undefined,
    macRefresh: HSRP_DEFAULTS.macRefresh,
    redirect: false,
    bfd: false,
    groups: [],
  };
}

export function defaultVrrpGroup(group: number): VrrpGroup {
  return {
    group,
    description: undefined,
    vip: undefined,
    secondaryVips: [],
    priority: VRRP_DEFAULTS.priority,
    preempt: VRRP_DEFAULTS.preempt,
    preemptDelayMinimum: 0,
    advertiseMs: VRRP_DEFAULTS.advertiseMs,
    timersLearn: false,
    authentication: undefined,
    tracks: [],
    shutdown: false,
  };
}

export function defaultVrrpv3Group(group: number, family: 'ipv4' | 'ipv6'): Vrrpv3Group {
  return {
    group,
    family,
    description: undefined,
    primary: undefined,
    secondaries: [],
    priority: VRRP_DEFAULTS.priority,
    preempt: VRRP_DEFAULTS.preempt,
    preemptDelayMinimum: 0,
    advertiseMs: VRRP_DEFAULTS.advertiseMs,
    tracks: [],
    vrrpv2: false,
    checksumPseudoHeader: false,
    acceptMode: true,
    shutdown: false,
  };
}

export function defaultInterface(name: string): Interface {
  return {
    name,
    description: undefined,
    ipv4: undefined,
    ipv4Secondaries: [],
    ipv6Enable: false,
    ipv6Autoconfig: false,
    ipv6LinkLocal: undefined,
    ipv6Addresses: [],
    shutdown: false,
    mtu: DEFAULT_MTU,
    encapsulation: undefined,
    hsrp: defaultHsrpInterface(),
    vrrp: [],
    vrrpv3: [],
    verbatim: [],
  };
}

export function defaultTrack(id: number, definition: TrackDefinition): Track {
  return { id, definition, delayUp: undefined, delayDown: undefined, objects: [] };
}

export function defaultLine(kind: LineKind, first: number, last: number | undefined): Line {
  return {
    kind,
    first,
    last,
    login: 'none',
    password: undefined,
    transportInput: undefined,
    execTimeout: undefined,
    privilegeLevel: undefined,
    verbatim: [],
  };
}

/** The configuration of a router that has been given no configuration at all. */
export function emptyConfig(): RouterConfig {
  return {
    version: DEFAULT_VERSION,
    hostname: DEFAULT_HOSTNAME,
    servicePasswordEncryption: false,
    timestampsDebug: DATETIME_MSEC,
    timestampsLog: DATETIME_MSEC,
    enableSecret: undefined,
    enablePassword: undefined,
    users: [],
    ipRouting: true,
    ipv6UnicastRouting: false,
    ipDomainName: undefined,
    ipDomainLookup: true,
    fhrpVrrpV3: false,
    logging: { hosts: [], buffered: undefined, console: undefined },
    tracks: [],
    keyChains: [],
    interfaces: [],
    ipRoutes: [],
    ipv6Routes: [],
    banners: { motd: undefined, login: undefined, exec: undefined },
    lines: [defaultLine('con', 0, undefined), defaultLine('vty', 0, 4)],
    verbatim: [],
  };
}
