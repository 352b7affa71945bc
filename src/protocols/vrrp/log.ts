/**
 * VRRP state-change syslog messages as IOS writes them (DESIGN D9):
 *   legacy IOS (spec §5.7):  %VRRP-6-STATECHANGE: Gi0/1 Grp 5 state Backup -> Master
 *                            (short interface name, states Init/Backup/Master)
 *   IOS-XE VRRPv3 (§5.8):    %VRRP-6-STATE: GigabitEthernet0/1 IPv4 group 5 state BACKUP -> MASTER
 *                            (full interface name, the address family, uppercase states)
 * and the authentication failures of a VRRPv2 advert (RFC 2338 §5.3.6 types, Cisco MD5 = 254):
 *   a different type:        %VRRP-4-BADAUTHTYPE: Bad authentication from 192.168.1.2, group 1, type 0, expected 254.
 *                            (IOS 15 console, quoted from a lab transcript of a Cisco ENCOR VRRP lab)
 *   the same type, bad key:  %VRRP-4-BADAUTH: Bad authentication from 192.168.1.2, group 1, type 254
 *                            (IOS system message guide wording, from memory: no capture of it yet)
 */
import { shortInterfaceName } from '../../model/interface-name.js';
import type { SyslogMessage } from '../../runtime/syslog.js';
import { assertNever } from '../../runtime/result.js';
import type { VrrpState } from './fsm.js';
import { vrrpV2AuthCode, type VrrpV2Message } from './codec-v2.js';
import type { VrrpForm, VrrpGroupConfig } from './group-config.js';
import type { VrrpDropReason } from './receive.js';
import type { VrrpFamily } from './ip-context.js';

/** `Init`, `Backup`, `Master`: legacy `show vrrp`, `show vrrp brief` and STATECHANGE. */
export function legacyStateName(s: VrrpState): string {
  switch (s) {
    case 'init':
      return 'Init';
    case 'backup':
      return 'Backup';
    case 'master':
      return 'Master';
    default:
      return assertNever(s);
  }
}

/** `INIT`, `BACKUP`, `MASTER`: the IOS-XE forms. */
export function xeStateName(s: VrrpState): string {
  return legacyStateName(s).toUpperCase();
}

export function familyName(f: VrrpFamily): 'IPv4' | 'IPv6' {
  return f === 4 ? 'IPv4' : 'IPv6';
}

export function vrrpStateChangeMessage(
  form: VrrpForm,
  atMs: number,
  ifName: string,
  family: VrrpFamily,
  vrid: number,
  from: VrrpState,
  to: VrrpState,
): SyslogMessage {
  switch (form) {
    case 'legacy':
      return {
        atMs,
        facility: 'VRRP',
        severity: 6,
        mnemonic: 'STATECHANGE',
        text: `${shortInterfaceName(ifName)} Grp ${vrid} state ${legacyStateName(from)} -> ${legacyStateName(to)}`,
      };
    case 'xe':
      return {
        atMs,
        facility: 'VRRP',
        severity: 6,
        mnemonic: 'STATE',
        text: `${ifName} ${familyName(family)} group ${vrid} state ${xeStateName(from)} -> ${xeStateName(to)}`,
      };
    default:
      return assertNever(form);
  }
}

/** The wire Auth Type a group expects (spec §5.2: 0 none, 1 text, 254 Cisco MD5). */
function expectedAuthCode(g: VrrpGroupConfig): number {
  const a = g.authentication;
  return a === undefined ? 0 : a.kind === 'text' ? 1 : 254;
}

/** The syslog line for an advert dropped for its authentication; undefined for other drops. */
export function vrrpBadAuthMessage(atMs: number, reason: VrrpDropReason, source: string, g: VrrpGroupConfig, m: VrrpV2Message): SyslogMessage | undefined {
  const type = vrrpV2AuthCode(m.authType);
  switch (reason) {
    case 'auth-type':
      return { atMs, facility: 'VRRP', severity: 4, mnemonic: 'BADAUTHTYPE', text: `Bad authentication from ${source}, group ${g.vrid}, type ${type}, expected ${expectedAuthCode(g)}.` };
    case 'auth-text':
    case 'auth-md5':
      return { atMs, facility: 'VRRP', severity: 4, mnemonic: 'BADAUTH', text: `Bad authentication from ${source}, group ${g.vrid}, type ${type}` };
    default:
      return undefined;
  }
}
