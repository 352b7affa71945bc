/**
 * Applies one parsed line to the model (DESIGN D4): the loader and the CLI both come through here,
 * so a file and the same lines typed at `(config)#` give the same model. Semantic checks answer with
 * IOS's wording; a rejected line leaves the model unchanged.
 */
import { assertNever } from '../runtime/result.js';
import { parseMac, formatMac } from '../net/mac.js';
import { parseIpv4 } from '../net/ip-address.js';
import {
  DATETIME_MSEC,
  HSRP_DEFAULTS,
  defaultHsrpGroup,
  defaultHsrpInterface,
  defaultInterface,
  defaultLine,
  defaultTrack,
  defaultVrrpGroup,
  defaultVrrpv3Group,
  emptyConfig,
  DEFAULT_HOSTNAME,
  DEFAULT_MTU,
  VRRP_DEFAULTS,
} from '../model/defaults.js';
import { compareInterfaceNames, parentInterface, parseInterfaceName } from '../model/interface-name.js';
import { canonicalIpv6, canonicalIpv6Prefix, inSubnet, ipv4Number, maskToPrefix, networkOf, numberToIpv4 } from '../model/ipv4.js';
import { decodeType7, encryptPassword, hashType9, isValidSecret, randomSalt, type Password, type Secret } from '../model/passwords.js';
import type {
  FhrpAuthentication,
  HsrpGroup,
  Interface,
  Ipv4Address,
  Line,
  LineKind,
  LoggingLevel,
  RouterConfig,
  TimestampFormat,
  Track,
  TrackDefinition,
  VrrpGroup,
  Vrrpv3Group,
} from '../model/types.js';
import type { AuthInput, Cmd, LineAst, Negation, PasswordInput, SecretInput, StandbySub, TimestampFormatInput, VafSub, VrrpSub } from './grammar/ast.js';
import { MSG_INVALID, type Mode } from './grammar/parser.js';

/** Where the session or the loader stands: the mode and the object it configures. */
export type Context =
  | { readonly mode: 'exec' }
  | { readonly mode: 'config' }
  | { readonly mode: 'config-if' | 'config-subif'; readonly iface: string }
  | { readonly mode: 'config-if-vrrp'; readonly iface: string; readonly group: number; readonly family: 'ipv4' | 'ipv6' }
  | { readonly mode: 'config-track'; readonly track: number }
  | { readonly mode: 'config-line'; readonly line: { readonly kind: LineKind; readonly first: number; readonly last: number | undefined } }
  | { readonly mode: 'config-keychain'; readonly chain: string }
  | { readonly mode: 'config-keychain-key'; readonly chain: string; readonly key: number };

export const CONFIG: Context = { mode: 'config' };

/** The context one level up (`exit`), or undefined from global configuration. */
export function parentContext(c: Context): Context | undefined {
  switch (c.mode) {
    case 'exec':
    case 'config':
      return undefined;
    case 'config-if-vrrp':
      return { mode: parseInterfaceName(c.iface)?.sub === undefined ? 'config-if' : 'config-subif', iface: c.iface };
    case 'config-keychain-key':
      return { mode: 'config-keychain', chain: c.chain };
    case 'config-if':
    case 'config-subif':
    case 'config-track':
    case 'config-line':
    case 'config-keychain':
      return CONFIG;
    default:
      return assertNever(c);
  }
}

export interface ApplyOptions {
  /** Salt for hashing type 0 secrets (tests pass a fixed one). */
  readonly salt?: () => string;
  /**
   * The loader's fast path: the interfaces array of the input config is owned by the caller and
   * never observed by anyone else, so it may be updated in place instead of copied (keeps loading
   * a 100,000-line config linear). Never set this for a config that someone else holds.
   */
  readonly transient?: boolean;
}

let transient = false;

export interface Warning {
  readonly offset: number;
  readonly message: string;
}

export type ApplyResult =
  | {
      readonly ok: true;
      readonly config: RouterConfig;
      readonly context: Context;
      readonly warnings: readonly Warning[];
      /** `end`: back to privileged EXEC */
      readonly end?: boolean;
      /** `do LINE`: an EXEC command for the CLI to run */
      readonly doLine?: string;
    }
  | { readonly ok: false; readonly offset: number; readonly message: string };

class Reject {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/*
 * Where the messages come from. IOS's own wording, seen in published router transcripts, configs
 * or tools that parse IOS replies: `% Invalid input detected at '^' marker.` (also for values that
 * IOS narrows by context, such as a hold time below the hello's bound), `% Warning: address is not
 * within a subnet on this interface`, `Must delete secondary before deleting primary`,
 * `%Inconsistent address and mask`, `% Removal of physical interfaces is not permitted`,
 * `Cannot change tracked object N - delete old config first`, `% Bad mask /N for address A`,
 * `% A overlaps with IF`, the three lines of `ERROR: The secret you entered is not a valid encrypted
 * secret.`, and the subinterface messages (`Configuration of multiple subinterfaces … same VID`,
 * `% Configuring IP routing on a LAN subinterface …`), kept from the first implementation.
 * vipr's own wording, where IOS's could not be confirmed (kept in IOS's style, `% ` and a sentence):
 * `% Invalid encrypted password`, `% Authentication string too long, maximum 8 characters`,
 * `% Key string too long, maximum 64|80 characters`, `% Must configure a primary address first`,
 * `% Must configure a primary virtual IP address first`, `% Must remove secondary addresses first`,
 * `% Address A is already assigned to VRRP group N on this interface`, `% address A in group N is
 * already assigned to group M on this interface`, `% address A in group N cannot be the interface
 * address`, `% Group N is already configured for IPv4|IPv6`, `% HSRP IPv6 requires HSRP version 2`,
 * `% HSRP IPv6 groups require version 2`, `% HSRP group N is out of range for version 1`,
 * `% Invalid link-local address`, `% Object cannot track itself`, `%Invalid line range`.
 */
function reject(message: string, offset = 0): never {
  throw new Reject(offset, message);
}

// ---- small immutable helpers ----------------------------------------------------------------------

function upsertSorted<T>(list: readonly T[], item: T, key: (x: T) => number | string, cmp?: (a: T, b: T) => number): T[] {
  const k = key(item);
  const out = list.filter((x) => key(x) !== k);
  out.push(item);
  out.sort(cmp ?? ((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)));
  return out;
}

/**
 * Indexes carried from one interfaces array to the next, so that loading a config with thousands of
 * interfaces stays linear: a name → position map, and the subnets bucketed by their first 16 bits
 * (subnets shorter than /16 are few and kept apart) for the overlap check.
 */
interface SubnetEntry {
  readonly name: string;
  readonly net: number;
  readonly len: number;
}
class SubnetIndex {
  readonly byHi = new Map<number, SubnetEntry[]>();
  readonly wide: SubnetEntry[] = [];
  readonly byName = new Map<string, SubnetEntry[]>();
  static of(list: readonly Interface[]): SubnetIndex {
    const ix = new SubnetIndex();
    for (const i of list) ix.set(i.name, subnetsOf(i));
    return ix;
  }
  clone(): SubnetIndex {
    const ix = new SubnetIndex();
    for (const [name, entries] of this.byName) ix.set(name, entries);
    return ix;
  }
  set(name: string, entries: SubnetEntry[]): void {
    for (const old of this.byName.get(name) ?? []) {
      const bucket = old.len < 16 ? this.wide : this.byHi.get(old.net >>> 16);
      const at = bucket?.indexOf(old) ?? -1;
      if (bucket && at >= 0) bucket.splice(at, 1);
    }
    this.byName.set(name, entries);
    for (const e of entries) {
      if (e.len < 16) this.wide.push(e);
      else {
        const b = this.byHi.get(e.net >>> 16);
        if (b) b.push(e);
        else this.byHi.set(e.net >>> 16, [e]);
      }
    }
  }
  /** Entries that may overlap net/len. */
  candidates(net: number, len: number): SubnetEntry[] {
    if (len < 16) return [...this.wide, ...[...this.byHi.values()].flat()];
    return [...this.wide, ...(this.byHi.get(net >>> 16) ?? [])];
  }
}

interface InterfaceIndex {
  readonly pos: Map<string, number>;
  readonly subnets: SubnetIndex;
}
const indexes = new WeakMap<readonly Interface[], InterfaceIndex>();

function subnetsOf(i: Interface): SubnetEntry[] {
  return interfaceSubnets(i).map((a) => ({ name: i.name, net: networkOf(a.address, a.prefixLength), len: a.prefixLength }));
}

function indexOf(list: readonly Interface[]): InterfaceIndex {
  let ix = indexes.get(list);
  if (!ix) {
    const pos = new Map<string, number>();
    list.forEach((i, k) => pos.set(i.name, k));
    ix = { pos, subnets: SubnetIndex.of(list) };
    indexes.set(list, ix);
  }
  return ix;
}

function findInterface(list: readonly Interface[], name: string): number {
  const k = indexOf(list).pos.get(name);
  if (k === undefined) return -1;
  return list[k]?.name === name ? k : list.findIndex((i) => i.name === name);
}

function withInterface(c: RouterConfig, name: string, f: (i: Interface) => Interface): RouterConfig {
  const list = c.interfaces;
  const ix = indexOf(list);
  const k = findInterface(list, name);
  const cur = k >= 0 ? (list[k] as Interface) : defaultInterface(name);
  const next = f(cur);
  let out: Interface[];
  let pos = ix.pos;
  if (k >= 0 && transient) {
    out = list as Interface[];
    out[k] = next;
  } else if (k >= 0) {
    out = list.slice();
    out[k] = next;
  } else {
    let lo = 0;
    let hi = list.length;
    // A config is mostly written in running-config order: try the end first (same answer as the search).
    const last = list[list.length - 1];
    if (last === undefined || compareInterfaceNames(last.name, name) < 0) lo = hi;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareInterfaceNames((list[mid] as Interface).name, name) < 0) lo = mid + 1;
      else hi = mid;
    }
    const atEnd = lo === list.length;
    if (transient) {
      out = list as Interface[];
      out.splice(lo, 0, next);
    } else out = [...list.slice(0, lo), next, ...list.slice(lo)];
    if (atEnd && transient) pos.set(name, lo);
    else {
      pos = new Map();
      out.forEach((i, j) => pos.set(i.name, j));
    }
  }
  const sameAddresses = k >= 0 && cur.ipv4 === next.ipv4 && cur.ipv4Secondaries === next.ipv4Secondaries;
  let subnets = ix.subnets;
  if (!sameAddresses) {
    if (!(transient && out === list)) subnets = subnets.clone();
    subnets.set(name, subnetsOf(next));
  }
  if (out !== list || pos !== ix.pos || subnets !== ix.subnets) indexes.set(out, { pos, subnets });
  // Updated in place: the config that holds the array already shows the change.
  if (out === c.interfaces) return c;
  return { ...c, interfaces: out };
}

function iface(c: RouterConfig, name: string): Interface {
  const k = findInterface(c.interfaces, name);
  return k >= 0 ? (c.interfaces[k] as Interface) : defaultInterface(name);
}

function toPassword(p: PasswordInput): Password {
  if (p.type === 7 && decodeType7(p.text) === undefined) reject('% Invalid encrypted password');
  return { type: p.type, text: p.text };
}

function storedPassword(c: RouterConfig, p: PasswordInput): Password {
  const pw = toPassword(p);
  return c.servicePasswordEncryption ? encryptPassword(pw) : pw;
}

/**
 * IOS's answer to a type 5/8/9 secret that is not a hash of that type (three lines, as IOS prints
 * them; the second names the type that was given).
 */
function invalidSecret(type: 5 | 8 | 9): string {
  return (
    'ERROR: The secret you entered is not a valid encrypted secret.\n' +
    `To enter an UNENCRYPTED secret, do not specify type ${type} encryption.\n` +
    'When you properly enter an UNENCRYPTED secret, it will be encrypted.'
  );
}

function toSecret(s: SecretInput, opts: ApplyOptions): Secret {
  switch (s.type) {
    case 0:
      return { type: 9, hash: hashType9(s.text, (opts.salt ?? randomSalt)()) };
    case 5:
    case 8:
    case 9:
      if (!isValidSecret(s.type, s.text)) reject(invalidSecret(s.type));
      return { type: s.type, hash: s.text };
    default:
      return assertNever(s.type);
  }
}

function toTimestamp(f: TimestampFormatInput | undefined): TimestampFormat {
  if (!f || f.kind === 'uptime') return { kind: 'uptime' };
  return {
    kind: 'datetime',
    msec: f.options.includes('msec'),
    localtime: f.options.includes('localtime'),
    showTimezone: f.options.includes('show-timezone'),
    year: f.options.includes('year'),
  };
}

function ipv4Address(address: string, mask: string): Ipv4Address {
  const len = maskToPrefix(mask);
  if (len === undefined) {
    reject(`% Bad mask 0x${ipv4Number(mask).toString(16).toUpperCase()} for address ${address}`);
  }
  if (len < 31 && len > 0) {
    const net = networkOf(address, len);
    const host = ipv4Number(address);
    const bcast = (net | (~(0xffffffff << (32 - len)) >>> 0)) >>> 0;
    if (host === net || host === bcast) reject(`% Bad mask /${len} for address ${address}`);
  }
  return { address, prefixLength: len };
}

/** IOS refuses an address whose subnet overlaps a subnet of another interface. */
function checkOverlap(c: RouterConfig, self: string, a: Ipv4Address): void {
  const net = networkOf(a.address, a.prefixLength);
  const subnets = indexOf(c.interfaces).subnets;
  // Narrow subnets only meet subnets of their own /16 (or wider ones): two buckets, no copying.
  if (a.prefixLength >= 16) {
    overlapIn(subnets.wide, self, net, a.prefixLength);
    overlapIn(subnets.byHi.get(net >>> 16) ?? [], self, net, a.prefixLength);
    return;
  }
  overlapIn(subnets.candidates(net, a.prefixLength), self, net, a.prefixLength);
}

function overlapIn(entries: readonly SubnetEntry[], self: string, net: number, prefixLength: number): void {
  for (const o of entries) {
    if (o.name === self) continue;
    const len = Math.min(o.len, prefixLength);
    const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
    if (((o.net & mask) >>> 0) === ((net & mask) >>> 0)) reject(`% ${numberToIpv4(net)} overlaps with ${o.name}`);
  }
}

function interfaceSubnets(i: Interface): Ipv4Address[] {
  return [i.ipv4, ...i.ipv4Secondaries].filter((x): x is Ipv4Address => x !== undefined);
}

const NOT_IN_SUBNET = '% Warning: address is not within a subnet on this interface';

function vipWarnings(i: Interface, vip: string | undefined): Warning[] {
  if (vip === undefined) return [];
  const subnets = interfaceSubnets(i);
  if (subnets.length === 0 || subnets.some((s) => inSubnet(vip, s.address, s.prefixLength))) return [];
  return [{ offset: 0, message: NOT_IN_SUBNET }];
}

function toAuth(c: RouterConfig, a: AuthInput): FhrpAuthentication {
  switch (a.kind) {
    case 'text':
      if (a.text.length > 8) reject('% Authentication string too long, maximum 8 characters');
      return { kind: 'text', text: a.text };
    case 'md5-key-string': {
      const key = storedPassword(c, a.key);
      const clear = key.type === 0 ? key.text : (decodeType7(key.text) ?? '');
      if (clear.length > 64) reject('% Key string too long, maximum 64 characters');
      return { kind: 'md5-key-string', key, timeout: a.timeout };
    }
    case 'md5-key-chain':
      return { kind: 'md5-key-chain', chain: a.chain };
    default:
      return assertNever(a);
  }
}

// ---- the entry point ------------------------------------------------------------------------------

export function applyCommand(config: RouterConfig, context: Context, ast: LineAst, opts: ApplyOptions = {}): ApplyResult {
  transient = opts.transient === true;
  try {
    return apply(config, context, ast, opts);
  } catch (e) {
    if (e instanceof Reject) return { ok: false, offset: e.offset, message: e.message };
    throw e;
  } finally {
    transient = false;
  }
}

/** Shared by every result without warnings (read-only, so one empty array serves them all). */
const NO_WARNINGS: readonly Warning[] = Object.freeze([]);

function done(config: RouterConfig, context: Context, warnings: readonly Warning[] = NO_WARNINGS): ApplyResult {
  return { ok: true, config, context, warnings };
}

function apply(c: RouterConfig, ctx: Context, ast: LineAst, opts: ApplyOptions): ApplyResult {
  const { cmd, neg } = ast;
  switch (cmd.k) {
    case 'exit':
      return done(c, parentContext(ctx) ?? (ctx.mode === 'config' ? CONFIG : ctx));
    case 'end':
      return { ok: true, config: c, context: { mode: 'exec' }, warnings: [], end: true };
    case 'do':
      return { ok: true, config: c, context: ctx, warnings: [], doLine: cmd.line };
    case 'exec':
      return done(c, ctx);
    default:
      break;
  }
  switch (ctx.mode) {
    case 'exec':
      return done(c, ctx);
    case 'config':
      return applyGlobal(c, cmd, neg, opts);
    case 'config-if':
    case 'config-subif':
      return applyInterface(c, ctx, ctx.iface, cmd, neg);
    case 'config-if-vrrp':
      if (cmd.k !== 'vaf') return reject(MSG_INVALID);
      return applyVaf(c, ctx, cmd.sub, neg, cmd.subOffset);
    case 'config-track':
      return applyTrackMode(c, ctx, ctx.track, cmd, neg);
    case 'config-line':
      return applyLineMode(c, ctx, cmd, neg);
    case 'config-keychain':
      if (cmd.k !== 'key') return reject(MSG_INVALID);
      return applyKeychain(c, ctx.chain, cmd.id, neg);
    case 'config-keychain-key':
      // `key N` inside a key switches to another key of the same chain, as on IOS.
      if (cmd.k === 'key') return applyKeychain(c, ctx.chain, cmd.id, neg);
      return applyKey(c, ctx, cmd, neg);
    default:
      return assertNever(ctx);
  }
}

// ---- global ---------------------------------------------------------------------------------------

const VERBATIM_CLASSES: readonly [RegExp, number][] = [
  [/^service /, 0],
  [/^boot/, 1],
  [/^aaa /, 2],
  [/^clock /, 3],
  [/^(ip (cef|name-server|dhcp|multicast-routing|ssh|ftp|tftp|scp)|ipv6 (cef|multicast-routing)|login |multilink |memory-size |errdisable |spanning-tree |vtp |cdp |udld |mls )/, 4],
  [/^(ip (forward-protocol|http|bgp-community|access-list|sla)|access-list )/, 5],
  [/^logging /, 6],
  [/^ntp /, 8],
];

/** The block of the running-config a verbatim global line belongs to (see ./render.ts). */
export function verbatimClass(text: string): number {
  const body = text.startsWith('no ') ? text.slice(3) : text;
  for (const [re, cls] of VERBATIM_CLASSES) if (re.test(body)) return cls;
  return 7;
}

/** Adds or removes a verbatim line: `no X` cancels a kept `X`, else is kept as `no X`. */
export function editVerbatim(list: readonly string[], text: string, neg: Negation, classOf?: (t: string) => number): string[] {
  const positive = text;
  const negative = `no ${text}`;
  const out = list.filter((l) => l !== positive && l !== negative);
  const hadPositive = out.length !== list.length && list.includes(positive);
  let add: string | undefined;
  if (neg === undefined) add = positive;
  else if (!hadPositive) add = neg === 'no' ? negative : undefined;
  if (add === undefined) return out;
  if (!classOf) return [...out, add];
  const cls = classOf(add);
  let at = out.length;
  for (let i = out.length - 1; i >= -1; i--) {
    if (i < 0 || classOf(out[i] ?? '') <= cls) {
      at = i + 1;
      break;
    }
  }
  return [...out.slice(0, at), add, ...out.slice(at)];
}

/** Interface verbatim lines render as `ip …`, then `ipv6 …`, then the rest (see ./render.ts). */
export function interfaceVerbatimClass(text: string): number {
  const body = text.startsWith('no ') ? text.slice(3) : text;
  return body.startsWith('ip ') ? 0 : body.startsWith('ipv6 ') ? 1 : 2;
}

function lineKeyEq(a: { kind: LineKind; first: number; last: number | undefined }, b: Line): boolean {
  return a.kind === b.kind && a.first === b.first && a.last === b.last;
}

const LINE_ORDER: Record<LineKind, number> = { con: 0, aux: 1, vty: 2 };

function applyGlobal(c: RouterConfig, cmd: Cmd, neg: Negation, opts: ApplyOptions): ApplyResult {
  const on = neg === undefined;
  switch (cmd.k) {
    case 'hostname':
      return done({ ...c, hostname: on && cmd.name !== undefined ? cmd.name : DEFAULT_HOSTNAME }, CONFIG);
    case 'version':
      return done({ ...c, version: cmd.text }, CONFIG);
    case 'enable-secret':
      return done({ ...c, enableSecret: on && cmd.secret ? toSecret(cmd.secret, opts) : undefined }, CONFIG);
    case 'enable-password':
      return done({ ...c, enablePassword: on && cmd.password ? storedPassword(c, cmd.password) : undefined }, CONFIG);
    case 'username': {
      if (!on) return done({ ...c, users: c.users.filter((u) => u.name !== cmd.name) }, CONFIG);
      const cred = cmd.cred;
      if (!cred) return reject(MSG_INVALID);
      const credential =
        cred.kind === 'secret'
          ? ({ kind: 'secret', secret: toSecret(cred.secret, opts) } as const)
          : cred.kind === 'password'
            ? ({ kind: 'password', password: storedPassword(c, cred.password) } as const)
            : ({ kind: 'nopassword' } as const);
      const user = { name: cmd.name, privilege: cmd.privilege, credential };
      const idx = c.users.findIndex((u) => u.name === cmd.name);
      const users = idx < 0 ? [...c.users, user] : c.users.map((u, i) => (i === idx ? user : u));
      return done({ ...c, users }, CONFIG);
    }
    case 'service-password-encryption': {
      if (!on) return done({ ...c, servicePasswordEncryption: false }, CONFIG);
      return done(encryptAll({ ...c, servicePasswordEncryption: true }), CONFIG);
    }
    case 'service-timestamps': {
      const which = cmd.which ?? 'debug';
      const value = neg === 'no' ? undefined : neg === 'default' ? DATETIME_MSEC : toTimestamp(cmd.format);
      return done(which === 'debug' ? { ...c, timestampsDebug: value } : { ...c, timestampsLog: value }, CONFIG);
    }
    case 'ip-routing':
      return done({ ...c, ipRouting: on }, CONFIG);
    case 'ipv6-unicast-routing':
      return done({ ...c, ipv6UnicastRouting: on }, CONFIG);
    case 'ip-domain-name':
      return done({ ...c, ipDomainName: on ? cmd.name : undefined }, CONFIG);
    case 'ip-domain-lookup':
      return done({ ...c, ipDomainLookup: neg !== 'no' }, CONFIG);
    case 'fhrp-vrrp-v3':
      return done({ ...c, fhrpVrrpV3: on }, CONFIG);
    case 'ip-route': {
      const len = maskToPrefix(cmd.mask);
      if (len === undefined) return reject('%Inconsistent address and mask');
      if (networkOf(cmd.prefix, len) !== ipv4Number(cmd.prefix)) return reject('%Inconsistent address and mask');
      const same = (r: { prefix: string; prefixLength: number; iface: string | undefined; nextHop: string | undefined }): boolean =>
        r.prefix === cmd.prefix && r.prefixLength === len && (cmd.iface === undefined && cmd.nextHop === undefined ? true : r.iface === cmd.iface && r.nextHop === cmd.nextHop);
      if (!on) return done({ ...c, ipRoutes: c.ipRoutes.filter((r) => !same(r)) }, CONFIG);
      const route = { prefix: cmd.prefix, prefixLength: len, iface: cmd.iface, nextHop: cmd.nextHop, distance: cmd.distance, name: cmd.name };
      const rest = c.ipRoutes.filter((r) => !same(r));
      const ipRoutes = [...rest, route].sort(
        (a, b) => ipv4Number(a.prefix) - ipv4Number(b.prefix) || a.prefixLength - b.prefixLength,
      );
      return done({ ...c, ipRoutes }, CONFIG);
    }
    case 'ipv6-route': {
      const prefix = canonicalIpv6Prefix(cmd.prefix) ?? cmd.prefix;
      const nextHop = cmd.nextHop === undefined ? undefined : canonicalIpv6(cmd.nextHop);
      const same = (r: { prefix: string; iface: string | undefined; nextHop: string | undefined }): boolean =>
        r.prefix === prefix && (cmd.iface === undefined && nextHop === undefined ? true : r.iface === cmd.iface && r.nextHop === nextHop);
      const rest = c.ipv6Routes.filter((r) => !same(r));
      if (!on) return done({ ...c, ipv6Routes: rest }, CONFIG);
      return done({ ...c, ipv6Routes: [...rest, { prefix, iface: cmd.iface, nextHop, distance: cmd.distance }] }, CONFIG);
    }
    case 'logging-host': {
      const hosts = c.logging.hosts.filter((h) => h !== cmd.host);
      return done({ ...c, logging: { ...c.logging, hosts: on ? [...hosts, cmd.host] : hosts } }, CONFIG);
    }
    case 'logging-buffered':
      return done(
        {
          ...c,
          logging: { ...c.logging, buffered: on ? { size: cmd.size, level: cmd.level as LoggingLevel | undefined } : undefined },
        },
        CONFIG,
      );
    case 'logging-console':
      return done(
        {
          ...c,
          logging: { ...c.logging, console: on ? ((cmd.level ?? 7) as LoggingLevel) : neg === 'no' ? 'off' : undefined },
        },
        CONFIG,
      );
    case 'track': {
      if (!on || !cmd.def) return done({ ...c, tracks: c.tracks.filter((t) => t.id !== cmd.id) }, CONFIG);
      const def = trackDefinition(cmd.def);
      const cur = c.tracks.find((t) => t.id === cmd.id);
      if (cur && cur.definition.kind !== def.kind) {
        return reject(`Cannot change tracked object ${cmd.id} - delete old config first`);
      }
      const track: Track = cur ? { ...cur, definition: def } : defaultTrack(cmd.id, def);
      return done({ ...c, tracks: upsertSorted(c.tracks, track, (t) => t.id, (a, b) => a.id - b.id) }, { mode: 'config-track', track: cmd.id });
    }
    case 'key-chain': {
      if (!on) return done({ ...c, keyChains: c.keyChains.filter((k) => k.name !== cmd.name) }, CONFIG);
      if (c.keyChains.some((k) => k.name === cmd.name)) return done(c, { mode: 'config-keychain', chain: cmd.name });
      return done({ ...c, keyChains: [...c.keyChains, { name: cmd.name, keys: [] }] }, { mode: 'config-keychain', chain: cmd.name });
    }
    case 'banner':
      return done({ ...c, banners: { ...c.banners, [cmd.which]: on ? cmd.text : undefined } }, CONFIG);
    case 'interface': {
      const p = parseInterfaceName(cmd.name);
      if (!p) return reject(MSG_INVALID, 0);
      // `default interface X` puts the interface back to its defaults and stays in global mode
      // (IOS: "Interface X set to default configuration"); `no interface X` removes a virtual one.
      if (neg === 'default') {
        if (findInterface(c.interfaces, p.name) < 0) return done(c, CONFIG);
        return done(withInterface(c, p.name, () => defaultInterface(p.name)), CONFIG);
      }
      if (!on) {
        if (p.type.kind === 'physical' && p.sub === undefined) return reject('% Removal of physical interfaces is not permitted');
        return done({ ...c, interfaces: c.interfaces.filter((i) => i.name !== p.name && parentInterface(i.name) !== p.name) }, CONFIG);
      }
      const next = findInterface(c.interfaces, p.name) >= 0 ? c : withInterface(c, p.name, (i) => i);
      return done(next, { mode: p.sub === undefined ? 'config-if' : 'config-subif', iface: p.name });
    }
    case 'line': {
      const key = { kind: cmd.kind, first: cmd.first, last: cmd.kind === 'vty' && cmd.last !== undefined && cmd.last !== cmd.first ? cmd.last : undefined };
      if (key.last !== undefined && key.last < key.first) return reject('%Invalid line range');
      // `no line vty A [B]` (the grammar has no other negated line): the stanza of those lines goes;
      // `default line vty A [B]` keeps it with every option at its default.
      if (neg === 'no') return done({ ...c, lines: c.lines.filter((l) => !lineKeyEq(key, l)) }, CONFIG);
      if (neg === 'default') {
        return done({ ...c, lines: c.lines.map((l) => (lineKeyEq(key, l) ? defaultLine(key.kind, key.first, key.last) : l)) }, CONFIG);
      }
      const exists = c.lines.some((l) => lineKeyEq(key, l));
      const lines = exists
        ? c.lines
        : [...c.lines, defaultLine(key.kind, key.first, key.last)].sort(
            (a, b) => LINE_ORDER[a.kind] - LINE_ORDER[b.kind] || a.first - b.first,
          );
      return done({ ...c, lines }, { mode: 'config-line', line: key });
    }
    case 'verbatim':
      return done({ ...c, verbatim: editVerbatim(c.verbatim, cmd.text, neg, verbatimClass) }, CONFIG);
    default:
      return reject(MSG_INVALID);
  }
}

function encryptAll(c: RouterConfig): RouterConfig {
  const enc = (p: Password | undefined): Password | undefined => (p ? encryptPassword(p) : undefined);
  const encAuth = <T extends FhrpAuthentication | undefined>(a: T): T =>
    (a && a.kind === 'md5-key-string' ? { ...a, key: encryptPassword(a.key) } : a) as T;
  return {
    ...c,
    enablePassword: enc(c.enablePassword),
    users: c.users.map((u) =>
      u.credential.kind === 'password' ? { ...u, credential: { kind: 'password', password: encryptPassword(u.credential.password) } } : u,
    ),
    lines: c.lines.map((l) => ({ ...l, password: enc(l.password) })),
    keyChains: c.keyChains.map((k) => ({ ...k, keys: k.keys.map((key) => ({ ...key, keyString: enc(key.keyString) })) })),
    interfaces: c.interfaces.map((i) => ({
      ...i,
      hsrp: { ...i.hsrp, groups: i.hsrp.groups.map((g) => ({ ...g, authentication: encAuth(g.authentication) })) },
      vrrp: i.vrrp.map((g) => ({ ...g, authentication: encAuth(g.authentication) })),
    })),
  };
}

function trackDefinition(d: NonNullable<Extract<Cmd, { k: 'track' }>['def']>): TrackDefinition {
  switch (d.kind) {
    case 'interface':
      return { kind: 'interface', iface: d.iface, what: d.what };
    case 'ip-route': {
      let prefix: string;
      let len: number | undefined;
      if (d.prefixLen !== undefined) {
        const [p, l] = d.prefixLen.split('/');
        prefix = p ?? '';
        len = Number(l);
      } else {
        prefix = d.prefix ?? '';
        len = maskToPrefix(d.mask ?? '');
      }
      if (len === undefined) return reject('%Inconsistent address and mask');
      return { kind: 'ip-route', prefix: numberToIpv4(networkOf(prefix, len)), prefixLength: len, what: d.what };
    }
    case 'ip-sla':
      return { kind: 'ip-sla', sla: d.sla, what: d.what };
    case 'list':
      return { kind: 'list', op: d.op };
    default:
      return assertNever(d);
  }
}

// ---- edits of one interface ------------------------------------------------------------------------
// Module-level rather than closures inside each apply function: they run for most lines of a config
// and a closure per line costs (allocation, and under tsx a `__name` call each).

function editInterface(c: RouterConfig, ctx: Context, name: string, f: (i: Interface) => Interface, warnings: readonly Warning[] = NO_WARNINGS): ApplyResult {
  return done(withInterface(c, name, f), ctx, warnings);
}

function setHsrp(c: RouterConfig, ctx: Context, name: string, h: Interface['hsrp'], warnings: readonly Warning[] = NO_WARNINGS): ApplyResult {
  return done(withInterface(c, name, (i) => ({ ...i, hsrp: h })), ctx, warnings);
}

function setHsrpGroup(
  c: RouterConfig,
  ctx: Context,
  name: string,
  hsrp: Interface['hsrp'],
  existing: HsrpGroup | undefined,
  group: number,
  f: (g: HsrpGroup) => HsrpGroup,
  warnings: readonly Warning[] = NO_WARNINGS,
): ApplyResult {
  const g = f(existing ?? defaultHsrpGroup(group));
  return setHsrp(c, ctx, name, { ...hsrp, groups: upsertSorted(hsrp.groups, g, (x) => x.group, (a, b) => a.group - b.group) }, warnings);
}

function hsrpIsV6(g: HsrpGroup | undefined): boolean {
  return g !== undefined && (g.ipv6Autoconfig || g.ipv6LinkLocal !== undefined || g.ipv6Prefixes.length > 0);
}

function hsrpIsV4(g: HsrpGroup | undefined): boolean {
  return g !== undefined && g.ipEnabled;
}

function setVrrpGroup(
  c: RouterConfig,
  ctx: Context,
  name: string,
  existing: VrrpGroup | undefined,
  group: number,
  f: (g: VrrpGroup) => VrrpGroup,
  warnings: readonly Warning[] = NO_WARNINGS,
): ApplyResult {
  const g = f(existing ?? defaultVrrpGroup(group));
  return done(
    withInterface(c, name, (i) => ({ ...i, vrrp: upsertSorted(i.vrrp, g, (x) => x.group, (a, b) => a.group - b.group) })),
    ctx,
    warnings,
  );
}

function setVafGroup(
  c: RouterConfig,
  ctx: Extract<Context, { mode: 'config-if-vrrp' }>,
  existing: Vrrpv3Group,
  f: (g: Vrrpv3Group) => Vrrpv3Group,
  warnings: readonly Warning[] = NO_WARNINGS,
): ApplyResult {
  const g = f(existing);
  return done(
    withInterface(c, ctx.iface, (i) => ({
      ...i,
      vrrpv3: [...i.vrrpv3.filter((x) => !(x.group === g.group && x.family === g.family)), g].sort(
        (a, b) => a.group - b.group || (a.family < b.family ? -1 : a.family > b.family ? 1 : 0),
      ),
    })),
    ctx,
    warnings,
  );
}

// ---- interface ------------------------------------------------------------------------------------

function applyInterface(c: RouterConfig, ctx: Context, name: string, cmd: Cmd, neg: Negation): ApplyResult {
  const on = neg === undefined;
  const cur = iface(c, name);
  switch (cmd.k) {
    case 'description':
      return editInterface(c, ctx, name, (i) => ({ ...i, description: on ? cmd.text : undefined }));
    case 'shutdown':
      return editInterface(c, ctx, name, (i) => ({ ...i, shutdown: on }));
    case 'mtu':
      return editInterface(c, ctx, name, (i) => ({ ...i, mtu: on && cmd.value !== undefined ? cmd.value : DEFAULT_MTU }));
    case 'encapsulation': {
      // A LAN subinterface routes IP only with an encapsulation (the `ip address` check below): IOS
      // takes the IPv4 addresses away with it, or the running-config would not load back.
      if (!on) return editInterface(c, ctx, name, (i) => ({ ...i, encapsulation: undefined, ...(parseInterfaceName(name)?.sub !== undefined ? { ipv4: undefined, ipv4Secondaries: [] } : {}) }));
      const parent = parentInterface(name);
      const clash = c.interfaces.find(
        (i) => i.name !== name && parentInterface(i.name) === parent && i.encapsulation?.vlan === cmd.vlan,
      );
      if (clash) {
        return reject(
          `Configuration of multiple subinterfaces of the same main interface with the same VID (${cmd.vlan}) is not permitted.\nThis VID is already configured on ${clash.name}.`,
        );
      }
      return editInterface(c, ctx, name, (i) => ({ ...i, encapsulation: { vlan: cmd.vlan ?? 1, native: cmd.native } }));
    }
    case 'ip-address': {
      if (!on) {
        if (cmd.address === undefined) return editInterface(c, ctx, name, (i) => ({ ...i, ipv4: undefined, ipv4Secondaries: [] }));
        if (cmd.secondary) return editInterface(c, ctx, name, (i) => ({ ...i, ipv4Secondaries: i.ipv4Secondaries.filter((a) => a.address !== cmd.address) }));
        if (cur.ipv4Secondaries.length > 0) return reject('Must delete secondary before deleting primary');
        return editInterface(c, ctx, name, (i) => ({ ...i, ipv4: i.ipv4?.address === cmd.address ? undefined : i.ipv4 }));
      }
      if (parseInterfaceName(name)?.sub !== undefined && cur.encapsulation === undefined) {
        return reject(
          '% Configuring IP routing on a LAN subinterface is only allowed if that\nsubinterface is already configured as part of an IEEE 802.10, IEEE 802.1Q,\nor ISL vLAN.',
        );
      }
      const a = ipv4Address(cmd.address ?? '', cmd.mask ?? '');
      checkOverlap(c, name, a);
      if (cmd.secondary) {
        if (!cur.ipv4) return reject('% Must configure a primary address first');
        return editInterface(c, ctx, name, (i) => ({ ...i, ipv4Secondaries: [...i.ipv4Secondaries.filter((s) => s.address !== a.address), a] }));
      }
      return editInterface(c, ctx, name, (i) => ({ ...i, ipv4: a }));
    }
    case 'ipv6-address': {
      const f = cmd.form;
      if (!on) {
        if (!f) return editInterface(c, ctx, name, (i) => ({ ...i, ipv6Addresses: [], ipv6LinkLocal: undefined, ipv6Autoconfig: false }));
        if (f.kind === 'autoconfig') return editInterface(c, ctx, name, (i) => ({ ...i, ipv6Autoconfig: false }));
        if (f.kind === 'link-local') return editInterface(c, ctx, name, (i) => ({ ...i, ipv6LinkLocal: undefined }));
        const p = canonicalIpv6Prefix(f.prefix);
        return editInterface(c, ctx, name, (i) => ({ ...i, ipv6Addresses: i.ipv6Addresses.filter((x) => x.prefix !== p) }));
      }
      if (!f) return reject(MSG_INVALID);
      if (f.kind === 'autoconfig') return editInterface(c, ctx, name, (i) => ({ ...i, ipv6Autoconfig: true }));
      if (f.kind === 'link-local') {
        const a = canonicalIpv6(f.address) ?? f.address;
        if (!a.startsWith('fe8') && !a.startsWith('fe9') && !a.startsWith('fea') && !a.startsWith('feb')) {
          return reject('% Invalid link-local address');
        }
        return editInterface(c, ctx, name, (i) => ({ ...i, ipv6LinkLocal: a }));
      }
      const p = canonicalIpv6Prefix(f.prefix) ?? f.prefix;
      return editInterface(c, ctx, name, (i) => ({
        ...i,
        ipv6Addresses: [...i.ipv6Addresses.filter((x) => x.prefix !== p), { prefix: p, eui64: f.eui64 }],
      }));
    }
    case 'ipv6-enable':
      return editInterface(c, ctx, name, (i) => ({ ...i, ipv6Enable: on }));
    case 'standby':
      return applyStandby(c, ctx, name, cmd.group, cmd.groupOffset, cmd.sub, neg);
    case 'vrrp':
      return applyVrrp(c, ctx, name, cmd.group, cmd.sub, neg, cmd.subOffset ?? 0);
    case 'verbatim':
      return editInterface(c, ctx, name, (i) => ({ ...i, verbatim: editVerbatim(i.verbatim, cmd.text, neg, interfaceVerbatimClass) }));
    default:
      return reject(MSG_INVALID);
  }
}

// ---- HSRP -----------------------------------------------------------------------------------------

function applyStandby(
  c: RouterConfig,
  ctx: Context,
  name: string,
  groupArg: number | undefined,
  groupOffset: number | undefined,
  sub: StandbySub,
  neg: Negation,
): ApplyResult {
  const on = neg === undefined;
  const cur = iface(c, name);
  const hsrp = cur.hsrp;
  const group = groupArg ?? 0;
  const maxGroup = hsrp.version === 1 ? HSRP_DEFAULTS.maxGroupV1 : HSRP_DEFAULTS.maxGroupV2;
  if (groupArg !== undefined && groupArg > maxGroup) return reject(MSG_INVALID, groupOffset ?? 0);

  const existing = hsrp.groups.find((g) => g.group === group);

  switch (sub.s) {
    case 'all':
      return setHsrp(c, ctx, name, defaultHsrpInterface());
    case 'group':
      return setHsrp(c, ctx, name, { ...hsrp, groups: hsrp.groups.filter((g) => g.group !== group) });
    case 'version': {
      const version = on ? (sub.value ?? 1) : 1;
      if (version === 1) {
        const big = hsrp.groups.find((g) => g.group > HSRP_DEFAULTS.maxGroupV1);
        if (big) return reject(`% HSRP group ${big.group} is out of range for version 1`);
        if (hsrp.groups.some((g) => hsrpIsV6(g))) return reject('% HSRP IPv6 groups require version 2');
      }
      return setHsrp(c, ctx, name, { ...hsrp, version });
    }
    case 'use-bia':
      return setHsrp(c, ctx, name, { ...hsrp, useBia: on, useBiaScopeInterface: on && sub.scopeInterface });
    case 'delay':
      return setHsrp(c, ctx, name, { ...hsrp, delayMinimum: on ? sub.minimum : undefined, delayReload: on ? sub.reload : undefined });
    case 'mac-refresh':
      return setHsrp(c, ctx, name, { ...hsrp, macRefresh: on && sub.value !== undefined ? sub.value : HSRP_DEFAULTS.macRefresh });
    case 'redirect':
      return setHsrp(c, ctx, name, { ...hsrp, redirect: on });
    case 'bfd':
      return setHsrp(c, ctx, name, { ...hsrp, bfd: on });
    case 'ip': {
      if (!on) {
        if (!existing) return done(c, ctx);
        if (sub.address === undefined) return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, ipEnabled: false, vip: undefined, secondaryVips: [] }));
        if (sub.secondary) return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, secondaryVips: g.secondaryVips.filter((v) => v !== sub.address) }));
        if (existing.secondaryVips.length > 0) return reject('% Must remove secondary addresses first');
        return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, vip: g.vip === sub.address ? undefined : g.vip, ipEnabled: g.vip === sub.address ? false : g.ipEnabled }));
      }
      if (hsrpIsV6(existing)) return reject(`% Group ${group} is already configured for IPv6`);
      const vip = sub.address;
      if (vip !== undefined) {
        for (const other of hsrp.groups) {
          if (other.group !== group && (other.vip === vip || other.secondaryVips.includes(vip))) {
            return reject(`% address ${vip} in group ${group} is already assigned to group ${other.group} on this interface`);
          }
        }
        const own = interfaceSubnets(cur).find((s) => s.address === vip);
        if (own) return reject(`% address ${vip} in group ${group} cannot be the interface address`);
      }
      if (sub.secondary) {
        if (!existing?.vip) return reject('% Must configure a primary virtual IP address first');
        return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, secondaryVips: [...g.secondaryVips.filter((v) => v !== vip), vip ?? ''] }), vipWarnings(cur, vip));
      }
      return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, ipEnabled: true, vip }), vipWarnings(cur, vip));
    }
    case 'ipv6': {
      const f = sub.form;
      if (!on) {
        if (!f) return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, ipv6Autoconfig: false, ipv6LinkLocal: undefined, ipv6Prefixes: [] }));
        if (f.kind === 'autoconfig') return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, ipv6Autoconfig: false }));
        if (f.kind === 'link-local') return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, ipv6LinkLocal: undefined }));
        const p = canonicalIpv6Prefix(f.prefix);
        return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, ipv6Prefixes: g.ipv6Prefixes.filter((x) => x !== p) }));
      }
      if (hsrp.version !== 2) return reject('% HSRP IPv6 requires HSRP version 2');
      if (hsrpIsV4(existing)) return reject(`% Group ${group} is already configured for IPv4`);
      if (!f) return reject(MSG_INVALID);
      if (f.kind === 'autoconfig') return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, ipv6Autoconfig: true }));
      if (f.kind === 'link-local') {
        const a = canonicalIpv6(f.address) ?? f.address;
        if (!/^fe[89ab]/.test(a)) return reject('% Invalid link-local address');
        return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, ipv6LinkLocal: a }));
      }
      const p = canonicalIpv6Prefix(f.prefix) ?? f.prefix;
      return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, ipv6Prefixes: [...g.ipv6Prefixes.filter((x) => x !== p), p] }));
    }
    case 'priority':
      return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, priority: on && sub.value !== undefined ? sub.value : HSRP_DEFAULTS.priority }));
    case 'preempt':
      if (!on) {
        if (sub.delay) return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, preemptDelayMinimum: 0, preemptDelayReload: 0, preemptDelaySync: 0 }));
        return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, preempt: false, preemptDelayMinimum: 0, preemptDelayReload: 0, preemptDelaySync: 0 }));
      }
      return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({
        ...g,
        preempt: true,
        preemptDelayMinimum: sub.delay?.minimum ?? 0,
        preemptDelayReload: sub.delay?.reload ?? 0,
        preemptDelaySync: sub.delay?.sync ?? 0,
      }));
    case 'timers': {
      if (!on) return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, helloMs: HSRP_DEFAULTS.helloMs, holdMs: HSRP_DEFAULTS.holdMs }));
      const hello = sub.helloMs?.ms ?? HSRP_DEFAULTS.helloMs;
      const hold = sub.holdMs?.ms ?? HSRP_DEFAULTS.holdMs;
      if (hold < minimumHoldMs(hello, sub.holdMs?.msec === true)) return reject(MSG_INVALID, sub.holdMs?.offset ?? 0);
      return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, helloMs: hello, holdMs: hold }));
    }
    case 'authentication':
      return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, authentication: on && sub.auth ? toAuth(c, sub.auth) : HSRP_DEFAULTS.authentication }));
    case 'track': {
      if (sub.iface !== undefined) {
        const t = sub.iface;
        if (!on) return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, interfaceTracks: g.interfaceTracks.filter((x) => x.iface !== t) }));
        return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({
          ...g,
          interfaceTracks: [...g.interfaceTracks.filter((x) => x.iface !== t), { iface: t, decrement: sub.decrement }],
        }));
      }
      if (!on) {
        if (sub.object === undefined) return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, tracks: [], interfaceTracks: [] }));
        return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, tracks: g.tracks.filter((x) => x.object !== sub.object) }));
      }
      const t = { object: sub.object ?? 1, decrement: sub.decrement, shutdown: sub.shutdown };
      return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, tracks: upsertSorted(g.tracks, t, (x) => x.object, (a, b) => a.object - b.object) }));
    }
    case 'mac-address': {
      if (!on || sub.mac === undefined) return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, macAddress: undefined }));
      const m = parseMac(sub.mac);
      return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, macAddress: m ? formatMac(m) : sub.mac }));
    }
    case 'name':
      return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, name: on ? sub.name : undefined }));
    case 'follow':
      return setHsrpGroup(c, ctx, name, hsrp, existing, group, (g) => ({ ...g, follow: on ? sub.name : undefined }));
    default:
      return assertNever(sub);
  }
}

/**
 * The smallest hold time IOS takes after a hello time (Cisco's `standby timers` reference, e.g. the
 * Catalyst 6500 command references OL-9105-01 and OL-7029-01): in seconds, from the hello time plus
 * 50 ms rounded up to the next second (so always more than the hello); in milliseconds, at least
 * three times the hello time and at least 50 ms. IOS narrows the hold range it offers once the hello
 * is typed, so a hold time below it is invalid input at the hold time's number – the '^' goes there.
 */
export function minimumHoldMs(helloMs: number, msec: boolean): number {
  return msec ? Math.max(3 * helloMs, 50) : Math.ceil((helloMs + 50) / 1000) * 1000;
}

// ---- VRRP (legacy) ----------------------------------------------------------------------------------

function applyVrrp(c: RouterConfig, ctx: Context, name: string, group: number, sub: VrrpSub, neg: Negation, subOffset: number): ApplyResult {
  const on = neg === undefined;
  const cur = iface(c, name);
  const existing = cur.vrrp.find((g) => g.group === group);
  switch (sub.s) {
    case 'group':
      return done(withInterface(c, name, (i) => ({ ...i, vrrp: i.vrrp.filter((g) => g.group !== group) })), ctx);
    case 'address-family': {
      if (!c.fhrpVrrpV3) return reject(MSG_INVALID, subOffset);
      if (!on) {
        return done(
          withInterface(c, name, (i) => ({ ...i, vrrpv3: i.vrrpv3.filter((g) => !(g.group === group && g.family === sub.family)) })),
          ctx,
        );
      }
      const has = cur.vrrpv3.some((g) => g.group === group && g.family === sub.family);
      const next = has
        ? c
        : withInterface(c, name, (i) => ({
            ...i,
            vrrpv3: [...i.vrrpv3, defaultVrrpv3Group(group, sub.family)].sort(
              (a, b) => a.group - b.group || (a.family < b.family ? -1 : a.family > b.family ? 1 : 0),
            ),
          }));
      return done(next, { mode: 'config-if-vrrp', iface: name, group, family: sub.family });
    }
    case 'ip': {
      if (!on) {
        if (!existing) return done(c, ctx);
        if (sub.address === undefined) return setVrrpGroup(c, ctx, name, existing, group, (g) => ({ ...g, vip: undefined, secondaryVips: [] }));
        if (sub.secondary) return setVrrpGroup(c, ctx, name, existing, group, (g) => ({ ...g, secondaryVips: g.secondaryVips.filter((v) => v !== sub.address) }));
        if (existing.secondaryVips.length > 0) return reject('% Must remove secondary addresses first');
        return setVrrpGroup(c, ctx, name, existing, group, (g) => ({ ...g, vip: g.vip === sub.address ? undefined : g.vip }));
      }
      const vip = sub.address ?? '';
      for (const other of cur.vrrp) {
        if (other.group !== group && (other.vip === vip || other.secondaryVips.includes(vip))) {
          return reject(`% Address ${vip} is already assigned to VRRP group ${other.group} on this interface`);
        }
      }
      if (sub.secondary) {
        if (!existing?.vip) return reject('% Must configure a primary virtual IP address first');
        return setVrrpGroup(c, ctx, name, existing, group, (g) => ({ ...g, secondaryVips: [...g.secondaryVips.filter((v) => v !== vip), vip] }), vipWarnings(cur, vip));
      }
      return setVrrpGroup(c, ctx, name, existing, group, (g) => ({ ...g, vip }), vipWarnings(cur, vip));
    }
    case 'priority':
      return setVrrpGroup(c, ctx, name, existing, group, (g) => ({ ...g, priority: on && sub.value !== undefined ? sub.value : VRRP_DEFAULTS.priority }));
    case 'preempt':
      return setVrrpGroup(c, ctx, name, existing, group, (g) => ({ ...g, preempt: neg !== 'no', preemptDelayMinimum: on ? (sub.delayMinimum ?? 0) : 0 }));
    case 'timers-advertise':
      return setVrrpGroup(c, ctx, name, existing, group, (g) => ({ ...g, advertiseMs: on && sub.ms !== undefined ? sub.ms : VRRP_DEFAULTS.advertiseMs }));
    case 'timers-learn':
      return setVrrpGroup(c, ctx, name, existing, group, (g) => ({ ...g, timersLearn: on }));
    case 'authentication':
      return setVrrpGroup(c, ctx, name, existing, group, (g) => ({ ...g, authentication: on && sub.auth ? toAuth(c, sub.auth) : undefined }));
    case 'track': {
      if (!on) {
        if (sub.object === undefined) return setVrrpGroup(c, ctx, name, existing, group, (g) => ({ ...g, tracks: [] }));
        return setVrrpGroup(c, ctx, name, existing, group, (g) => ({ ...g, tracks: g.tracks.filter((x) => x.object !== sub.object) }));
      }
      const t = { object: sub.object ?? 1, decrement: sub.decrement };
      return setVrrpGroup(c, ctx, name, existing, group, (g) => ({ ...g, tracks: upsertSorted(g.tracks, t, (x) => x.object, (a, b) => a.object - b.object) }));
    }
    case 'description':
      return setVrrpGroup(c, ctx, name, existing, group, (g) => ({ ...g, description: on ? sub.text : undefined }));
    case 'shutdown':
      return setVrrpGroup(c, ctx, name, existing, group, (g) => ({ ...g, shutdown: on }));
    default:
      return assertNever(sub);
  }
}

// ---- VRRPv3 address-family sub-mode -----------------------------------------------------------------

function applyVaf(
  c: RouterConfig,
  ctx: Extract<Context, { mode: 'config-if-vrrp' }>,
  sub: VafSub,
  neg: Negation,
  subOffset: number,
): ApplyResult {
  const on = neg === undefined;
  const cur = iface(c, ctx.iface);
  const existing = cur.vrrpv3.find((g) => g.group === ctx.group && g.family === ctx.family) ?? defaultVrrpv3Group(ctx.group, ctx.family);
  const v4 = ctx.family === 'ipv4';
  switch (sub.s) {
    case 'address': {
      if (!on) {
        if (sub.address === undefined && sub.prefix === undefined) return setVafGroup(c, ctx, existing, (g) => ({ ...g, primary: undefined, secondaries: [] }));
        const a = sub.prefix !== undefined ? canonicalIpv6Prefix(sub.prefix) : v4 ? sub.address : canonicalIpv6(sub.address ?? '');
        return setVafGroup(c, ctx, existing, (g) => ({ ...g, primary: g.primary === a ? undefined : g.primary, secondaries: g.secondaries.filter((x) => x !== a) }));
      }
      if (v4) {
        if (sub.address === undefined || parseIpv4(sub.address) === undefined) return reject(MSG_INVALID, subOffset + 8);
        const a = sub.address;
        if (sub.secondary) {
          if (!existing.primary) return reject('% Must configure a primary virtual IP address first');
          return setVafGroup(c, ctx, existing, (g) => ({ ...g, secondaries: [...g.secondaries.filter((x) => x !== a), a] }), vipWarnings(cur, a));
        }
        return setVafGroup(c, ctx, existing, (g) => ({ ...g, primary: a }), vipWarnings(cur, a));
      }
      if (sub.prefix !== undefined) {
        const p = canonicalIpv6Prefix(sub.prefix) ?? sub.prefix;
        return setVafGroup(c, ctx, existing, (g) => ({ ...g, secondaries: [...g.secondaries.filter((x) => x !== p), p] }));
      }
      const a = canonicalIpv6(sub.address ?? '');
      if (a === undefined) return reject(MSG_INVALID, subOffset + 8);
      if (!/^fe[89ab]/.test(a)) return reject('% Invalid link-local address');
      return setVafGroup(c, ctx, existing, (g) => ({ ...g, primary: a }));
    }
    case 'priority':
      return setVafGroup(c, ctx, existing, (g) => ({ ...g, priority: on && sub.value !== undefined ? sub.value : VRRP_DEFAULTS.priority }));
    case 'preempt':
      return setVafGroup(c, ctx, existing, (g) => ({ ...g, preempt: neg !== 'no', preemptDelayMinimum: on ? (sub.delayMinimum ?? 0) : 0 }));
    case 'timers':
      return setVafGroup(c, ctx, existing, (g) => ({ ...g, advertiseMs: on && sub.ms !== undefined ? sub.ms : VRRP_DEFAULTS.advertiseMs }));
    case 'track': {
      if (!on) {
        if (sub.object === undefined) return setVafGroup(c, ctx, existing, (g) => ({ ...g, tracks: [] }));
        return setVafGroup(c, ctx, existing, (g) => ({ ...g, tracks: g.tracks.filter((x) => x.object !== sub.object) }));
      }
      const t = { object: sub.object ?? 1, decrement: sub.decrement, shutdown: sub.shutdown };
      return setVafGroup(c, ctx, existing, (g) => ({ ...g, tracks: upsertSorted(g.tracks, t, (x) => x.object, (a, b) => a.object - b.object) }));
    }
    case 'vrrpv2':
      if (!v4) return reject(MSG_INVALID, subOffset);
      return setVafGroup(c, ctx, existing, (g) => ({ ...g, vrrpv2: on }));
    case 'description':
      return setVafGroup(c, ctx, existing, (g) => ({ ...g, description: on ? sub.text : undefined }));
    case 'shutdown':
      return setVafGroup(c, ctx, existing, (g) => ({ ...g, shutdown: on }));
    case 'checksum-pseudo-header':
      if (!v4) return reject(MSG_INVALID, subOffset);
      return setVafGroup(c, ctx, existing, (g) => ({ ...g, checksumPseudoHeader: on }));
    case 'accept-mode':
      // On by default (types.ts): `default accept-mode` restores it, only `no` turns it off.
      return setVafGroup(c, ctx, existing, (g) => ({ ...g, acceptMode: neg !== 'no' }));
    default:
      return assertNever(sub);
  }
}

// ---- track, line, key chain ---------------------------------------------------------------------------

function applyTrackMode(c: RouterConfig, ctx: Context, id: number, cmd: Cmd, neg: Negation): ApplyResult {
  const on = neg === undefined;
  const t = c.tracks.find((x) => x.id === id);
  if (!t) return reject(MSG_INVALID);
  const set = (nt: Track): ApplyResult => done({ ...c, tracks: c.tracks.map((x) => (x.id === id ? nt : x)) }, ctx);
  switch (cmd.k) {
    case 'track-delay':
      return set({ ...t, delayUp: on ? cmd.up : undefined, delayDown: on ? cmd.down : undefined });
    case 'track-object': {
      if (t.definition.kind !== 'list') return reject(MSG_INVALID);
      const objects = t.objects.filter((o) => o.object !== cmd.object);
      if (!on) return set({ ...t, objects });
      if (cmd.object === id) return reject('% Object cannot track itself');
      return set({ ...t, objects: [...objects, { object: cmd.object, not: cmd.not }].sort((a, b) => a.object - b.object) });
    }
    default:
      return reject(MSG_INVALID);
  }
}

function applyLineMode(c: RouterConfig, ctx: Extract<Context, { mode: 'config-line' }>, cmd: Cmd, neg: Negation): ApplyResult {
  const on = neg === undefined;
  const key = ctx.line;
  const l = c.lines.find((x) => lineKeyEq(key, x)) ?? defaultLine(key.kind, key.first, key.last);
  const set = (nl: Line): ApplyResult => done({ ...c, lines: c.lines.map((x) => (lineKeyEq(key, x) ? nl : x)) }, ctx);
  switch (cmd.k) {
    case 'login':
      return set({ ...l, login: on ? (cmd.local ? 'local' : 'line') : 'none' });
    case 'line-password':
      return set({ ...l, password: on && cmd.password ? storedPassword(c, cmd.password) : undefined });
    case 'transport-input':
      return set({ ...l, transportInput: on ? [...new Set(cmd.protocols ?? [])].sort() : undefined });
    case 'exec-timeout':
      return set({ ...l, execTimeout: on && cmd.minutes !== undefined ? { minutes: cmd.minutes, seconds: cmd.seconds ?? 0 } : undefined });
    case 'privilege-level':
      return set({ ...l, privilegeLevel: on ? cmd.level : undefined });
    case 'verbatim':
      return set({ ...l, verbatim: editVerbatim(l.verbatim, cmd.text, neg) });
    default:
      return reject(MSG_INVALID);
  }
}

function applyKeychain(c: RouterConfig, chain: string, id: number, neg: Negation): ApplyResult {
  const kc = c.keyChains.find((k) => k.name === chain);
  if (!kc) return reject(MSG_INVALID);
  const ctx: Context = { mode: 'config-keychain', chain };
  if (neg !== undefined) {
    return done({ ...c, keyChains: c.keyChains.map((k) => (k.name === chain ? { ...k, keys: k.keys.filter((x) => x.id !== id) } : k)) }, ctx);
  }
  const keys = kc.keys.some((k) => k.id === id)
    ? kc.keys
    : [...kc.keys, { id, keyString: undefined, verbatim: [] }].sort((a, b) => a.id - b.id);
  return done({ ...c, keyChains: c.keyChains.map((k) => (k.name === chain ? { ...k, keys } : k)) }, { mode: 'config-keychain-key', chain, key: id });
}

function applyKey(c: RouterConfig, ctx: Extract<Context, { mode: 'config-keychain-key' }>, cmd: Cmd, neg: Negation): ApplyResult {
  const on = neg === undefined;
  const kc = c.keyChains.find((k) => k.name === ctx.chain);
  const key = kc?.keys.find((k) => k.id === ctx.key);
  if (!kc || !key) return reject(MSG_INVALID);
  let next = key;
  switch (cmd.k) {
    case 'key-string':
      if (on && cmd.secret && cmd.secret.type === 0 && cmd.secret.text.length > 80) return reject('% Key string too long, maximum 80 characters');
      next = { ...key, keyString: on && cmd.secret ? storedPassword(c, cmd.secret) : undefined };
      break;
    case 'verbatim':
      next = { ...key, verbatim: editVerbatim(key.verbatim, cmd.text, neg) };
      break;
    default:
      return reject(MSG_INVALID);
  }
  const keys = kc.keys.map((k) => (k.id === key.id ? next : k));
  return done({ ...c, keyChains: c.keyChains.map((k) => (k.name === kc.name ? { ...k, keys } : k)) }, ctx);
}

/** The CLI mode of a context (the grammar start to parse the next line with). */
export function modeOf(ctx: Context): Mode {
  return ctx.mode;
}

export { emptyConfig };
