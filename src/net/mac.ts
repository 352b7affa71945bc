/**
 * MAC addresses. The canonical text form is Cisco's dotted one (`0000.0c07.ac01`), as `show standby`
 * prints it; the parser also takes `00:00:0c:07:ac:01` and `00-00-0c-07-ac-01`.
 */

import { HEX_BYTE, textMemo } from './bytes.js';

export type MacText = string;

export function formatMac(b: Uint8Array, off = 0): MacText {
  const h = HEX_BYTE;
  return `${h[b[off] ?? 0]}${h[b[off + 1] ?? 0]}.${h[b[off + 2] ?? 0]}${h[b[off + 3] ?? 0]}.${h[b[off + 4] ?? 0]}${h[b[off + 5] ?? 0]}`;
}

/** The colon form used by Linux tools and tshark. */
export function formatMacColon(b: Uint8Array, off = 0): string {
  const h = HEX_BYTE;
  return `${h[b[off] ?? 0]}:${h[b[off + 1] ?? 0]}:${h[b[off + 2] ?? 0]}:${h[b[off + 3] ?? 0]}:${h[b[off + 4] ?? 0]}:${h[b[off + 5] ?? 0]}`;
}

export function parseMac(text: string): Uint8Array | undefined {
  const t = text.trim().toLowerCase();
  let hex: string;
  if (/^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/.test(t)) hex = t.replace(/\./g, '');
  else if (/^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/.test(t)) hex = t.replace(/[:-]/g, '');
  else if (/^[0-9a-f]{12}$/.test(t)) hex = t;
  else return undefined;
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/**
 * parseMac through a bounded memo, for encoders: a router sends from the same few MACs all day.
 * The bytes are shared: copy them out, never write into them.
 */
export const parseMacShared: (text: string) => Uint8Array | undefined = textMemo(parseMac);

export function macFromBytes(bytes: readonly number[]): Uint8Array {
  return Uint8Array.from(bytes);
}

/** The kinds of FHRP group, each with its own virtual MAC block. */
export type VirtualMacKind = 'hsrp-v1' | 'hsrp-v2-ipv4' | 'hsrp-v2-ipv6' | 'vrrp-ipv4' | 'vrrp-ipv6';

const GROUP_LIMIT: Record<VirtualMacKind, number> = {
  'hsrp-v1': 255,
  'hsrp-v2-ipv4': 4095,
  'hsrp-v2-ipv6': 4095,
  'vrrp-ipv4': 255,
  'vrrp-ipv6': 255,
};

/**
 * The virtual MAC of a group: HSRPv1 0000.0c07.acXX (RFC 2281 §6), HSRPv2 IPv4 0000.0c9f.fXXX and IPv6
 * 0005.73a0.0XXX (spec §3.3), VRRP IPv4 0000.5e00.01XX (RFC 3768 §7.3) and IPv6 0000.5e00.02XX (RFC 5798 §7.3).
 */
export function virtualMac(kind: VirtualMacKind, group: number): Uint8Array {
  if (!Number.isInteger(group) || group < 0 || group > GROUP_LIMIT[kind]) {
    throw new RangeError(`group ${group} is out of range for ${kind}`);
  }
  switch (kind) {
    case 'hsrp-v1':
      return macFromBytes([0x00, 0x00, 0x0c, 0x07, 0xac, group]);
    case 'hsrp-v2-ipv4':
      return macFromBytes([0x00, 0x00, 0x0c, 0x9f, 0xf0 | (group >> 8), group & 0xff]);
    case 'hsrp-v2-ipv6':
      return macFromBytes([0x00, 0x05, 0x73, 0xa0, group >> 8, group & 0xff]);
    case 'vrrp-ipv4':
      return macFromBytes([0x00, 0x00, 0x5e, 0x00, 0x01, group]);
    case 'vrrp-ipv6':
      return macFromBytes([0x00, 0x00, 0x5e, 0x00, 0x02, group]);
  }
}

/** Recognises a virtual MAC and tells which kind and group it belongs to. */
export function classifyVirtualMac(b: Uint8Array, off = 0): { kind: VirtualMacKind; group: number } | undefined {
  const [b0, b1, b2, b3, b4, b5] = [b[off], b[off + 1], b[off + 2], b[off + 3], b[off + 4] ?? 0, b[off + 5] ?? 0];
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0x0c && b3 === 0x07 && b4 === 0xac) return { kind: 'hsrp-v1', group: b5 };
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0x0c && b3 === 0x9f && (b4 & 0xf0) === 0xf0) {
    return { kind: 'hsrp-v2-ipv4', group: ((b4 & 0x0f) << 8) | b5 };
  }
  if (b0 === 0x00 && b1 === 0x05 && b2 === 0x73 && b3 === 0xa0 && (b4 & 0xf0) === 0x00) {
    return { kind: 'hsrp-v2-ipv6', group: (b4 << 8) | b5 };
  }
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0x5e && b3 === 0x00 && b4 === 0x01) return { kind: 'vrrp-ipv4', group: b5 };
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0x5e && b3 === 0x00 && b4 === 0x02) return { kind: 'vrrp-ipv6', group: b5 };
  return undefined;
}

/** Modified EUI-64 link-local address (RFC 4291 App. A) of a MAC: HSRP IPv6 `autoconfig` uses it. */
export function eui64LinkLocal(mac: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  out[0] = 0xfe;
  out[1] = 0x80;
  out[8] = (mac[0] ?? 0) ^ 0x02;
  out[9] = mac[1] ?? 0;
  out[10] = mac[2] ?? 0;
  out[11] = 0xff;
  out[12] = 0xfe;
  out[13] = mac[3] ?? 0;
  out[14] = mac[4] ?? 0;
  out[15] = mac[5] ?? 0;
  return out;
}
