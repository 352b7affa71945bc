/**
 * What the grammar yields for one line: the command, and whether it was negated (`no …`) or reset
 * (`default …`). In the negated forms most arguments are optional, hence the optional fields.
 */
import type { ExecNode } from './support.js';

export type Negation = 'no' | 'default' | undefined;

export interface LineAst {
  readonly neg: Negation;
  readonly cmd: Cmd;
}

export interface PasswordInput {
  readonly type: 0 | 7;
  readonly text: string;
}
export interface SecretInput {
  readonly type: 0 | 5 | 8 | 9;
  readonly text: string;
}

export type AuthInput =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'md5-key-string'; readonly key: PasswordInput; readonly timeout: number | undefined }
  | { readonly kind: 'md5-key-chain'; readonly chain: string };

export type TimestampFormatInput =
  | { readonly kind: 'uptime' }
  | { readonly kind: 'datetime'; readonly options: readonly ('msec' | 'localtime' | 'show-timezone' | 'year')[] };

export type TrackDefInput =
  | { readonly kind: 'interface'; readonly iface: string; readonly what: 'line-protocol' | 'ip-routing' }
  | {
      readonly kind: 'ip-route';
      readonly prefix?: string;
      readonly mask?: string;
      readonly prefixLen?: string;
      readonly what: 'reachability' | 'metric-threshold';
    }
  | { readonly kind: 'ip-sla'; readonly sla: number; readonly what: 'reachability' | 'state' }
  | { readonly kind: 'list'; readonly op: 'and' | 'or' };

export type Ipv6AddressInput =
  | { readonly kind: 'prefix'; readonly prefix: string; readonly eui64: boolean }
  | { readonly kind: 'link-local'; readonly address: string }
  | { readonly kind: 'autoconfig' };

export type HsrpIpv6Input =
  | { readonly kind: 'autoconfig' }
  | { readonly kind: 'link-local'; readonly address: string }
  | { readonly kind: 'prefix'; readonly prefix: string };

export interface TimerInput {
  readonly ms: number;
  readonly msec: boolean;
  /** Offset of the number in the line (the hold time's `^` when it is below the hello's bound). */
  readonly offset?: number;
}

export type StandbySub =
  | { readonly s: 'all' }
  | { readonly s: 'group' }
  | { readonly s: 'version'; readonly value?: 1 | 2 }
  | { readonly s: 'use-bia'; readonly scopeInterface: boolean }
  | { readonly s: 'delay'; readonly minimum?: number; readonly reload?: number }
  | { readonly s: 'mac-refresh'; readonly value?: number }
  | { readonly s: 'redirect' }
  | { readonly s: 'bfd' }
  | { readonly s: 'ip'; readonly address?: string; readonly secondary: boolean }
  | { readonly s: 'ipv6'; readonly form?: HsrpIpv6Input }
  | { readonly s: 'priority'; readonly value?: number }
  | { readonly s: 'preempt'; readonly delay?: { readonly minimum?: number; readonly reload?: number; readonly sync?: number } }
  | { readonly s: 'timers'; readonly helloMs?: TimerInput; readonly holdMs?: TimerInput }
  | { readonly s: 'authentication'; readonly auth?: AuthInput }
  | {
      readonly s: 'track';
      readonly object?: number;
      readonly iface?: string;
      readonly decrement?: number;
      readonly shutdown: boolean;
    }
  | { readonly s: 'mac-address'; readonly mac?: string }
  | { readonly s: 'name'; readonly name?: string }
  | { readonly s: 'follow'; readonly name?: string };

export type VrrpSub =
  | { readonly s: 'group' }
  | { readonly s: 'ip'; readonly address?: string; readonly secondary: boolean }
  | { readonly s: 'priority'; readonly value?: number }
  | { readonly s: 'preempt'; readonly delayMinimum?: number }
  | { readonly s: 'timers-advertise'; readonly ms?: number; readonly msec?: boolean }
  | { readonly s: 'timers-learn' }
  | { readonly s: 'authentication'; readonly auth?: AuthInput }
  | { readonly s: 'track'; readonly object?: number; readonly decrement?: number }
  | { readonly s: 'description'; readonly text?: string }
  | { readonly s: 'shutdown' }
  | { readonly s: 'address-family'; readonly family: 'ipv4' | 'ipv6' };

export type VafSub =
  | {
      readonly s: 'address';
      readonly address?: string;
      readonly prefix?: string;
      readonly primary?: boolean;
      readonly secondary?: boolean;
    }
  | { readonly s: 'priority'; readonly value?: number }
  | { readonly s: 'preempt'; readonly delayMinimum?: number }
  | { readonly s: 'timers'; readonly ms?: number }
  | { readonly s: 'track'; readonly object?: number; readonly decrement?: number; readonly shutdown: boolean }
  | { readonly s: 'vrrpv2' }
  | { readonly s: 'description'; readonly text?: string }
  | { readonly s: 'shutdown' }
  | { readonly s: 'checksum-pseudo-header' }
  | { readonly s: 'accept-mode' };

export type Cmd =
  // every configuration mode
  | { readonly k: 'exit' }
  | { readonly k: 'end' }
  | { readonly k: 'do'; readonly line: string }
  | { readonly k: 'verbatim'; readonly text: string }
  // global
  | { readonly k: 'hostname'; readonly name?: string }
  | { readonly k: 'enable-secret'; readonly secret?: SecretInput }
  | { readonly k: 'enable-password'; readonly password?: PasswordInput }
  | {
      readonly k: 'username';
      readonly name: string;
      readonly privilege?: number;
      readonly cred?:
        | { readonly kind: 'secret'; readonly secret: SecretInput }
        | { readonly kind: 'password'; readonly password: PasswordInput }
        | { readonly kind: 'nopassword' };
    }
  | { readonly k: 'service-password-encryption' }
  | { readonly k: 'service-timestamps'; readonly which?: 'debug' | 'log'; readonly format?: TimestampFormatInput }
  | { readonly k: 'ip-routing' }
  | { readonly k: 'ipv6-unicast-routing' }
  | {
      readonly k: 'ip-route';
      readonly prefix: string;
      readonly mask: string;
      readonly iface?: string;
      readonly nextHop?: string;
      readonly distance?: number;
      readonly name?: string;
    }
  | { readonly k: 'ipv6-route'; readonly prefix: string; readonly iface?: string; readonly nextHop?: string; readonly distance?: number }
  | { readonly k: 'ip-domain-name'; readonly name?: string }
  | { readonly k: 'ip-domain-lookup' }
  | { readonly k: 'logging-host'; readonly host: string }
  | { readonly k: 'logging-buffered'; readonly size?: number; readonly level?: number }
  | { readonly k: 'logging-console'; readonly level?: number }
  | { readonly k: 'track'; readonly id: number; readonly def?: TrackDefInput }
  | { readonly k: 'key-chain'; readonly name: string }
  | { readonly k: 'fhrp-vrrp-v3' }
  | { readonly k: 'banner'; readonly which: 'motd' | 'login' | 'exec'; readonly text?: string }
  | { readonly k: 'interface'; readonly name: string }
  | { readonly k: 'line'; readonly kind: 'con' | 'vty' | 'aux'; readonly first: number; readonly last?: number }
  | { readonly k: 'version'; readonly text: string }
  // interface
  | { readonly k: 'description'; readonly text?: string }
  | { readonly k: 'ip-address'; readonly address?: string; readonly mask?: string; readonly secondary: boolean }
  | { readonly k: 'ipv6-address'; readonly form?: Ipv6AddressInput }
  | { readonly k: 'ipv6-enable' }
  | { readonly k: 'shutdown' }
  | { readonly k: 'mtu'; readonly value?: number }
  | { readonly k: 'encapsulation'; readonly vlan?: number; readonly native: boolean }
  | { readonly k: 'standby'; readonly group?: number; readonly groupOffset?: number; readonly sub: StandbySub }
  | { readonly k: 'vrrp'; readonly group: number; readonly groupOffset: number; readonly sub: VrrpSub; readonly subOffset?: number }
  // vrrp address-family
  | { readonly k: 'vaf'; readonly sub: VafSub; readonly subOffset: number }
  // track
  | { readonly k: 'track-delay'; readonly up?: number; readonly down?: number }
  | { readonly k: 'track-object'; readonly object: number; readonly not: boolean }
  // line
  | { readonly k: 'login'; readonly local: boolean }
  | { readonly k: 'line-password'; readonly password?: PasswordInput }
  | { readonly k: 'transport-input'; readonly protocols?: readonly ('all' | 'none' | 'ssh' | 'telnet')[] }
  | { readonly k: 'exec-timeout'; readonly minutes?: number; readonly seconds?: number }
  | { readonly k: 'privilege-level'; readonly level?: number }
  // key chain
  | { readonly k: 'key'; readonly id: number }
  | { readonly k: 'key-string'; readonly secret?: PasswordInput }
  // exec
  | ExecNode;
