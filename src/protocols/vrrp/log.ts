/**
 * VRRP state-change syslog messages as IOS writes them (DESIGN D9):
 *   legacy IOS (spec §5.7):  %VRRP-6-STATECHANGE: Gi0/1 Grp 5 state Backup -> Master
 *                            (short interface name, states Init/Backup/Master)
 *   IOS-XE VRRPv3 (§5.8):    %VRRP-6-STATE: GigabitEthernet0/1 IPv4 group 5 state BACKUP -> MASTER
 *                            (full interface name, the address family, uppercase states)
 */
import { shortInterfaceName } from '../../model/interface-name.js';
import type { SyslogMessage } from '../../runtime/syslog.js';
import { assertNever } from '../../runtime/result.js';
import type { VrrpState } from './fsm.js';
import type { VrrpForm } from './group-config.js';
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
