/**
 * vipr's decoded HSRP messages in tshark's vocabulary (field names of packet-hsrp.c, numbers as the
 * decimal text `tshark -T fields` prints), so tests can compare the two dissections field by field.
 */
import { formatMacColon, parseMac } from '../../../src/net/mac.js';
import type { HsrpMessage } from '../../../src/protocols/hsrp/codec.js';
import { hsrpV1StateValue, type HsrpV1Advertise, type HsrpV1GroupMessage } from '../../../src/protocols/hsrp/codec-v1.js';
import { hsrpV2StateValue, type HsrpV2Message } from '../../../src/protocols/hsrp/codec-v2.js';

export const V1_FIELDS = [
  'hsrp.version', 'hsrp.opcode', 'hsrp.state', 'hsrp.hellotime', 'hsrp.holdtime', 'hsrp.priority', 'hsrp.group',
  'hsrp.reserved', 'hsrp.auth_data', 'hsrp.virt_ip', 'hsrp.adv.tlvtype', 'hsrp.adv.tlvlength', 'hsrp.adv.state',
  'hsrp.adv.reserved1', 'hsrp.adv.activegrp', 'hsrp.adv.passivegrp', 'hsrp.adv.reserved2',
  'hsrp2.md5_algorithm', 'hsrp2.md5_padding', 'hsrp2.md5_flags', 'hsrp.md5_ip_address', 'hsrp2.md5_key_id', 'hsrp2.md5_auth_data',
] as const;

export const V2_FIELDS = [
  'hsrp2.version', 'hsrp2.opcode', 'hsrp2.state', 'hsrp2.ipversion', 'hsrp2.group', 'hsrp2.identifier', 'hsrp2.priority',
  'hsrp2.hellotime', 'hsrp2.holdtime', 'hsrp2.virt_ip', 'hsrp2.virt_ip_v6', 'hsrp2.auth_data',
  'hsrp2.active_groups', 'hsrp2.passive_groups', 'hsrp2.md5_key_id', 'hsrp2.md5_auth_data',
] as const;

/** Our decoded fields in tshark's vocabulary (numbers as decimal text, as `-T fields` prints them). */
export function v1AsTshark(m: HsrpMessage): Record<string, string> {
  if (m.protocol !== 'hsrp-v1' || typeof m.opcode === 'number') throw new Error('not a known v1 message');
  const out: Record<string, string> = { 'hsrp.version': '0' };
  if (m.opcode === 'advertise') {
    const a = m as HsrpV1Advertise;
    Object.assign(out, {
      'hsrp.opcode': '3',
      'hsrp.adv.tlvtype': String(a.tlvType === 'interface-state' ? 1 : a.tlvType === 'ip-redundancy' ? 2 : a.tlvType),
      'hsrp.adv.tlvlength': String(a.tlvLength),
      'hsrp.adv.state': String(a.state === 'dormant' ? 1 : a.state === 'passive' ? 2 : a.state === 'active' ? 3 : a.state),
      'hsrp.adv.reserved1': String(a.reserved1),
      'hsrp.adv.activegrp': String(a.activeGroups),
      'hsrp.adv.passivegrp': String(a.passiveGroups),
      'hsrp.adv.reserved2': String(a.reserved2),
    });
    return out;
  }
  const g = m as HsrpV1GroupMessage;
  Object.assign(out, {
    'hsrp.opcode': String({ hello: 0, coup: 1, resign: 2 }[g.opcode]),
    'hsrp.state': String(hsrpV1StateValue(g.state)),
    'hsrp.hellotime': String(g.helloTimeS),
    'hsrp.holdtime': String(g.holdTimeS),
    'hsrp.priority': String(g.priority),
    'hsrp.group': String(g.group),
    'hsrp.reserved': String(g.reserved),
    'hsrp.auth_data': g.authText,
    'hsrp.virt_ip': g.virtualIp,
  });
  if (g.md5) {
    Object.assign(out, {
      'hsrp2.md5_algorithm': String(g.md5.algorithm === 'md5' ? 1 : g.md5.algorithm),
      'hsrp2.md5_padding': `0x${g.md5.padding.toString(16).padStart(2, '0')}`,
      'hsrp2.md5_flags': String(g.md5.flags),
      'hsrp.md5_ip_address': g.md5.senderIp,
      'hsrp2.md5_key_id': String(g.md5.keyId),
      'hsrp2.md5_auth_data': g.md5.digest,
    });
  }
  return out;
}

export function v2AsTshark(m: HsrpV2Message): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (k: string, v: string): void => {
    out[k] = out[k] === undefined ? v : `${out[k]},${v}`;
  };
  for (const t of m.tlvs) {
    switch (t.type) {
      case 'group-state':
        add('hsrp2.version', '2');
        add('hsrp2.opcode', String(typeof t.opcode === 'number' ? t.opcode : { hello: 0, coup: 1, resign: 2 }[t.opcode]));
        add('hsrp2.state', String(hsrpV2StateValue(t.state)));
        add('hsrp2.ipversion', String(t.ipVersion));
        add('hsrp2.group', String(t.group));
        add('hsrp2.identifier', formatMacColon(parseMac(t.identifier)!));
        add('hsrp2.priority', String(t.priority));
        add('hsrp2.hellotime', String(t.helloTimeMs));
        add('hsrp2.holdtime', String(t.holdTimeMs));
        add(t.ipVersion === 6 ? 'hsrp2.virt_ip_v6' : 'hsrp2.virt_ip', t.virtualIp);
        break;
      case 'interface-state':
        add('hsrp2.active_groups', String(t.activeGroups));
        add('hsrp2.passive_groups', String(t.passiveGroups));
        break;
      case 'text-auth':
        add('hsrp2.auth_data', t.authText);
        break;
      case 'md5-auth':
        add('hsrp2.md5_key_id', String(t.keyId));
        add('hsrp2.md5_auth_data', t.digest);
        break;
      case 'unknown':
        break;
    }
  }
  return out;
}

export function filled(rec: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(rec).filter(([, v]) => v !== ''));
}

