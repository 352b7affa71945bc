/**
 * Model → running-config text, in IOS order (spec §6.8, §4.5, §5.7, §5.8): header services, hostname,
 * secrets, global settings, users, key chains, interfaces (stanzas separated by `!`), routes,
 * logging, tracks, other global lines, banners, lines, `end`. Only non-default values are printed,
 * so `loadConfig(renderConfig(m)).config` equals `m`. With `all` (`show running-config all`) the
 * interfaces and FHRP groups also show the default values vipr models, as IOS's `all` does, and
 * the text still loads back to the same model.
 */
import { HSRP_DEFAULTS, VRRP_DEFAULTS, DEFAULT_MTU } from '../model/defaults.js';
import { prefixToMask } from '../model/ipv4.js';
import type {
  FhrpAuthentication,
  HsrpGroup,
  Interface,
  Line,
  Password,
  RouterConfig,
  TimestampFormat,
  Track,
  Vrrpv3Group,
  VrrpGroup,
} from '../model/types.js';
import { LOGGING_LEVEL_NAMES } from '../model/types.js';
import { verbatimClass } from './apply.js';


function pw(p: Password): string {
  return p.type === 7 ? `7 ${p.text}` : p.text;
}

function ts(which: string, f: TimestampFormat | undefined): string {
  if (!f) return `no service timestamps ${which}`;
  if (f.kind === 'uptime') return `service timestamps ${which} uptime`;
  const opts = [f.msec && 'msec', f.localtime && 'localtime', f.showTimezone && 'show-timezone', f.year && 'year'].filter(Boolean);
  return `service timestamps ${which} datetime${opts.length ? ` ${opts.join(' ')}` : ''}`;
}

function v6(a: string): string {
  return a.toUpperCase();
}

function authLine(prefix: string, a: FhrpAuthentication): string {
  switch (a.kind) {
    case 'text': {
      // IOS NVGENs text authentication without the `text` keyword; a string that is itself a prefix
      // of `text` or `md5` would read back as that keyword, so those keep it.
      const t = a.text.toLowerCase();
      const clash = 'text'.startsWith(t) || 'md5'.startsWith(t);
      return `${prefix} authentication ${clash ? 'text ' : ''}${a.text}`;
    }
    case 'md5-key-string':
      return `${prefix} authentication md5 key-string ${pw(a.key)}${a.timeout !== undefined ? ` timeout ${a.timeout}` : ''}`;
    case 'md5-key-chain':
      return `${prefix} authentication md5 key-chain ${a.chain}`;
  }
}

function timer(ms: number): string {
  return ms % 1000 === 0 ? String(ms / 1000) : `msec ${ms}`;
}

export interface RenderOptions {
  /** `show running-config all`: default values of interfaces and groups too. */
  readonly all?: boolean;
}

function hsrpGroupLines(g: HsrpGroup, all = false): string[] {
  const p = g.group === 0 ? ' standby' : ` standby ${g.group}`;
  const out: string[] = [];
  if (g.ipEnabled) out.push(g.vip === undefined ? `${p} ip` : `${p} ip ${g.vip}`);
  for (const s of g.secondaryVips) out.push(`${p} ip ${s} secondary`);
  if (g.ipv6Autoconfig) out.push(`${p} ipv6 autoconfig`);
  if (g.ipv6LinkLocal !== undefined) out.push(`${p} ipv6 ${v6(g.ipv6LinkLocal)}`);
  for (const x of g.ipv6Prefixes) out.push(`${p} ipv6 ${v6(x)}`);
  if (all || g.helloMs !== HSRP_DEFAULTS.helloMs || g.holdMs !== HSRP_DEFAULTS.holdMs) out.push(`${p} timers ${timer(g.helloMs)} ${timer(g.holdMs)}`);
  if (all || g.priority !== HSRP_DEFAULTS.priority) out.push(`${p} priority ${g.priority}`);
  if (all && !g.preempt) out.push(` no${p} preempt`);
  if (g.preempt) {
    const d = [
      g.preemptDelayMinimum ? `minimum ${g.preemptDelayMinimum}` : '',
      g.preemptDelayReload ? `reload ${g.preemptDelayReload}` : '',
      g.preemptDelaySync ? `sync ${g.preemptDelaySync}` : '',
    ].filter(Boolean);
    out.push(d.length ? `${p} preempt delay ${d.join(' ')}` : `${p} preempt`);
  }
  const a = g.authentication;
  if (!(a.kind === 'text' && a.text === 'cisco')) out.push(authLine(p, a));
  if (g.name !== undefined) out.push(`${p} name ${g.name}`);
  if (g.macAddress !== undefined) out.push(`${p} mac-address ${g.macAddress}`);
  if (g.follow !== undefined) out.push(`${p} follow ${g.follow}`);
  for (const t of g.tracks) {
    out.push(`${p} track ${t.object}${t.shutdown ? ' shutdown' : t.decrement !== undefined ? ` decrement ${t.decrement}` : ''}`);
  }
  for (const t of g.interfaceTracks) out.push(`${p} track ${t.iface}${t.decrement !== undefined ? ` ${t.decrement}` : ''}`);
  // A group configured with nothing but defaults still exists; IOS would show nothing for it, but
  // vipr keeps the group, so it needs a line that recreates it.
  if (out.length === 0) out.push(`${p} priority ${g.priority}`);
  return out;
}

function vrrpGroupLines(g: VrrpGroup, all = false): string[] {
  const p = ` vrrp ${g.group}`;
  const out: string[] = [];
  if (g.description !== undefined) out.push(`${p} description ${g.description}`);
  if (g.vip !== undefined) out.push(`${p} ip ${g.vip}`);
  for (const s of g.secondaryVips) out.push(`${p} ip ${s} secondary`);
  if (g.timersLearn) out.push(`${p} timers learn`);
  if (all || g.advertiseMs !== VRRP_DEFAULTS.advertiseMs) out.push(`${p} timers advertise ${timer(g.advertiseMs)}`);
  if (all || g.priority !== VRRP_DEFAULTS.priority) out.push(`${p} priority ${g.priority}`);
  if (!g.preempt) out.push(`no${p} preempt`);
  else if (g.preemptDelayMinimum) out.push(`${p} preempt delay minimum ${g.preemptDelayMinimum}`);
  else if (all) out.push(`${p} preempt`);
  if (g.authentication) out.push(authLine(p, g.authentication));
  for (const t of g.tracks) out.push(`${p} track ${t.object}${t.decrement !== undefined ? ` decrement ${t.decrement}` : ''}`);
  if (g.shutdown) out.push(`${p} shutdown`);
  if (out.length === 0) out.push(`${p} priority ${g.priority}`);
  return out.map((l) => (l.startsWith('no ') ? ` ${l}` : l));
}

function vrrpv3Lines(g: Vrrpv3Group, all = false): string[] {
  const out = [` vrrp ${g.group} address-family ${g.family}`];
  if (g.description !== undefined) out.push(`  description ${g.description}`);
  if (g.family === 'ipv4') {
    if (g.primary !== undefined) out.push(`  address ${g.primary} primary`);
    for (const s of g.secondaries) out.push(`  address ${s} secondary`);
  } else {
    if (g.primary !== undefined) out.push(`  address ${v6(g.primary)} primary`);
    for (const s of g.secondaries) out.push(`  address ${v6(s)}`);
  }
  if (all || g.priority !== VRRP_DEFAULTS.priority) out.push(`  priority ${g.priority}`);
  if (!g.preempt) out.push('  no preempt');
  else if (g.preemptDelayMinimum) out.push(`  preempt delay minimum ${g.preemptDelayMinimum}`);
  else if (all) out.push('  preempt');
  if (all || g.advertiseMs !== VRRP_DEFAULTS.advertiseMs) out.push(`  timers advertise ${g.advertiseMs}`);
  for (const t of g.tracks) out.push(`  track ${t.object}${t.shutdown ? ' shutdown' : t.decrement !== undefined ? ` decrement ${t.decrement}` : ''}`);
  if (g.vrrpv2) out.push('  vrrpv2');
  if (g.checksumPseudoHeader) out.push('  checksum pseudo-header');
  if (!g.acceptMode) out.push('  no accept-mode');
  else if (all) out.push('  accept-mode');
  if (g.shutdown) out.push('  shutdown');
  out.push(' exit-vrrp');
  return out;
}

const IP_VERBATIM = /^(no )?ip /;
const IPV6_VERBATIM = /^(no )?ipv6 /;

function interfaceLines(i: Interface, all = false): string[] {
  const out = [`interface ${i.name}`];
  if (i.description !== undefined) out.push(` description ${i.description}`);
  if (all || i.mtu !== DEFAULT_MTU) out.push(` mtu ${i.mtu}`);
  if (i.encapsulation) out.push(` encapsulation dot1Q ${i.encapsulation.vlan}${i.encapsulation.native ? ' native' : ''}`);
  if (i.ipv4) out.push(` ip address ${i.ipv4.address} ${prefixToMask(i.ipv4.prefixLength)}`);
  for (const s of i.ipv4Secondaries) out.push(` ip address ${s.address} ${prefixToMask(s.prefixLength)} secondary`);
  if (!i.ipv4) out.push(' no ip address');
  for (const l of i.verbatim) if (IP_VERBATIM.test(l)) out.push(` ${l}`);
  if (i.ipv6LinkLocal !== undefined) out.push(` ipv6 address ${v6(i.ipv6LinkLocal)} link-local`);
  for (const a of i.ipv6Addresses) out.push(` ipv6 address ${v6(a.prefix)}${a.eui64 ? ' eui-64' : ''}`);
  if (i.ipv6Autoconfig) out.push(' ipv6 address autoconfig');
  if (i.ipv6Enable) out.push(' ipv6 enable');
  for (const l of i.verbatim) if (IPV6_VERBATIM.test(l)) out.push(` ${l}`);
  const h = i.hsrp;
  const hsrpAll = all && h.groups.length > 0;
  if (hsrpAll || h.version !== 1) out.push(` standby version ${h.version}`);
  if (h.delayMinimum !== undefined || h.delayReload !== undefined) {
    const d = [h.delayMinimum !== undefined ? `minimum ${h.delayMinimum}` : '', h.delayReload !== undefined ? `reload ${h.delayReload}` : ''];
    out.push(` standby delay ${d.filter(Boolean).join(' ')}`);
  }
  if (hsrpAll || h.macRefresh !== HSRP_DEFAULTS.macRefresh) out.push(` standby mac-refresh ${h.macRefresh}`);
  if (h.useBia) out.push(` standby use-bia${h.useBiaScopeInterface ? ' scope interface' : ''}`);
  if (h.redirect) out.push(' standby redirect');
  if (h.bfd) out.push(' standby bfd');
  for (const g of h.groups) out.push(...hsrpGroupLines(g, all));
  for (const g of i.vrrp) out.push(...vrrpGroupLines(g, all));
  for (const g of i.vrrpv3) out.push(...vrrpv3Lines(g, all));
  if (i.shutdown) out.push(' shutdown');
  for (const l of i.verbatim) if (!IP_VERBATIM.test(l) && !IPV6_VERBATIM.test(l)) out.push(` ${l}`);
  return out;
}

function trackLines(t: Track): string[] {
  const d = t.definition;
  let head: string;
  switch (d.kind) {
    case 'interface':
      head = `track ${t.id} interface ${d.iface} ${d.what === 'line-protocol' ? 'line-protocol' : 'ip routing'}`;
      break;
    case 'ip-route':
      head = `track ${t.id} ip route ${d.prefix} ${prefixToMask(d.prefixLength)} ${d.what === 'reachability' ? 'reachability' : 'metric threshold'}`;
      break;
    case 'ip-sla':
      head = `track ${t.id} ip sla ${d.sla} ${d.what}`;
      break;
    case 'list':
      head = `track ${t.id} list boolean ${d.op}`;
      break;
  }
  const out = [head];
  for (const o of t.objects) out.push(` object ${o.object}${o.not ? ' not' : ''}`);
  if (t.delayUp !== undefined || t.delayDown !== undefined) {
    out.push(` delay${t.delayUp !== undefined ? ` up ${t.delayUp}` : ''}${t.delayDown !== undefined ? ` down ${t.delayDown}` : ''}`);
  }
  return out;
}

function lineLines(l: Line): string[] {
  const out = [`line ${l.kind} ${l.first}${l.last !== undefined ? ` ${l.last}` : ''}`];
  if (l.execTimeout) out.push(` exec-timeout ${l.execTimeout.minutes} ${l.execTimeout.seconds}`);
  if (l.privilegeLevel !== undefined) out.push(` privilege level ${l.privilegeLevel}`);
  if (l.password) out.push(` password ${pw(l.password)}`);
  for (const v of l.verbatim) out.push(` ${v}`);
  if (l.login === 'line') out.push(' login');
  if (l.login === 'local') out.push(' login local');
  if (l.transportInput) out.push(` transport input ${l.transportInput.join(' ')}`);
  return out;
}

/**
 * IOS shows banners between `^C`. A text that itself holds `^C` (a banner loaded with another
 * delimiter) gets the first printable character it does not contain, or it would not load back
 * (`^` is skipped: `^` followed by `C` reads as `^C`).
 */
function bannerDelimiter(text: string): string {
  if (!text.includes('^C')) return '^C';
  for (let c = 0x21; c < 0x7f; c++) {
    const d = String.fromCharCode(c);
    if (d !== '^' && !text.includes(d)) return d;
  }
  return '^C';
}

function bannerLines(which: string, text: string | undefined): string[] {
  if (text === undefined) return [];
  const d = bannerDelimiter(text);
  return [`banner ${which} ${d}${text}${d}`];
}

/** The running-config body, from the first `!` to `end` (what `write memory` saves). */
export function renderConfig(c: RouterConfig, options: RenderOptions = {}): string {
  const out: string[] = [];
  const block = (lines: readonly string[]): void => {
    if (lines.length === 0) return;
    out.push(...lines, '!');
  };
  const verb = (cls: number): string[] => c.verbatim.filter((l) => verbatimClass(l) === cls);
  out.push('!');
  block([
    `version ${c.version}`,
    ts('debug', c.timestampsDebug),
    ts('log', c.timestampsLog),
    `${c.servicePasswordEncryption ? '' : 'no '}service password-encryption`,
    ...verb(0),
  ]);
  block([`hostname ${c.hostname}`]);
  block(verb(1));
  block([
    ...(c.enableSecret ? [`enable secret ${c.enableSecret.type} ${c.enableSecret.hash}`] : []),
    ...(c.enablePassword ? [`enable password ${pw(c.enablePassword)}`] : []),
  ]);
  block(verb(2));
  block(verb(3));
  block([
    ...(c.ipRouting ? [] : ['no ip routing']),
    ...(c.ipDomainLookup ? [] : ['no ip domain-lookup']),
    ...(c.ipDomainName !== undefined ? [`ip domain-name ${c.ipDomainName}`] : []),
    ...(c.ipv6UnicastRouting ? ['ipv6 unicast-routing'] : []),
    ...(c.fhrpVrrpV3 ? ['fhrp version vrrp v3'] : []),
    ...verb(4),
  ]);
  block(
    c.users.map((u) => {
      const priv = u.privilege !== undefined ? ` privilege ${u.privilege}` : '';
      const cr = u.credential;
      const tail =
        cr.kind === 'secret' ? `secret ${cr.secret.type} ${cr.secret.hash}` : cr.kind === 'password' ? `password ${pw(cr.password)}` : 'nopassword';
      return `username ${u.name}${priv} ${tail}`;
    }),
  );
  block(
    c.keyChains.flatMap((k) => [
      `key chain ${k.name}`,
      ...k.keys.flatMap((key) => [` key ${key.id}`, ...(key.keyString ? [`  key-string ${pw(key.keyString)}`] : []), ...key.verbatim.map((v) => `  ${v}`)]),
    ]),
  );
  for (const i of c.interfaces) block(interfaceLines(i, options.all === true));
  block([
    ...verb(5),
    ...c.ipRoutes.map(
      (r) =>
        `ip route ${r.prefix} ${prefixToMask(r.prefixLength)}${r.iface !== undefined ? ` ${r.iface}` : ''}${r.nextHop !== undefined ? ` ${r.nextHop}` : ''}${
          r.distance !== undefined ? ` ${r.distance}` : ''
        }${r.name !== undefined ? ` name ${r.name}` : ''}`,
    ),
  ]);
  block(
    c.ipv6Routes.map(
      (r) =>
        `ipv6 route ${v6(r.prefix)}${r.iface !== undefined ? ` ${r.iface}` : ''}${r.nextHop !== undefined ? ` ${v6(r.nextHop)}` : ''}${
          r.distance !== undefined ? ` ${r.distance}` : ''
        }`,
    ),
  );
  const lg = c.logging;
  block([
    ...(lg.buffered
      ? [`logging buffered${lg.buffered.size !== undefined ? ` ${lg.buffered.size}` : ''}${lg.buffered.level !== undefined ? ` ${LOGGING_LEVEL_NAMES[lg.buffered.level]}` : ''}`]
      : []),
    ...(lg.console === 'off' ? ['no logging console'] : lg.console !== undefined ? [`logging console ${LOGGING_LEVEL_NAMES[lg.console]}`] : []),
    ...verb(6),
    ...lg.hosts.map((h) => `logging host ${h}`),
  ]);
  block(c.tracks.flatMap(trackLines));
  block(verb(7));
  block([...bannerLines('exec', c.banners.exec), ...bannerLines('login', c.banners.login), ...bannerLines('motd', c.banners.motd)]);
  block(c.lines.flatMap(lineLines));
  block(verb(8));
  out.push('end');
  return `${out.join('\n')}\n`;
}

/** `show running-config`: the header IOS prints, then the body. */
export function showRunningConfig(c: RouterConfig, options: RenderOptions = {}): string {
  const body = renderConfig(c, options);
  return `Building configuration...\n\nCurrent configuration : ${Buffer.byteLength(body)} bytes\n${body}`;
}
