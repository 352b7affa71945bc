/**
 * Frames for the Linux data-plane tests: real HSRP/VRRP frames built by the production encoder, each
 * sourced from its group's virtual MAC as an Active/Master router sends them, and non-FHRP frames the
 * kernel filter must drop.
 */
import { toHex } from '../../../src/net/bytes.js';
import { formatMac, virtualMac } from '../../../src/net/mac.js';
import { encodeFhrpFrame, type FhrpFrameInput } from '../../../src/protocols/fhrp-frame.js';

const VLAN10 = [{ tpid: 0x8100, pcp: 6, dei: false, vid: 10 }];

const hsrpV1 = (tags?: typeof VLAN10): FhrpFrameInput => ({
  ethernet: { source: formatMac(virtualMac('hsrp-v1', 1)), ...(tags === undefined ? {} : { tags }) },
  ip: { source: '10.0.0.2' },
  hsrp: { protocol: 'hsrp-v1', opcode: 'hello', state: 'active', helloTimeS: 3, holdTimeS: 10, priority: 110, group: 1, reserved: 0, authText: 'cisco', virtualIp: '10.0.0.1' },
});

const groupState = (ipVersion: 4 | 6, vip: string) => ({
  type: 'group-state' as const, opcode: 'hello' as const, state: 'active' as const, ipVersion, group: 1, identifier: '0050.56aa.0002', priority: 110, helloTimeMs: 3000, holdTimeMs: 10000, virtualIp: vip,
});

/** Named FHRP frames, one per protocol and family, plus tagged ones. */
export const FHRP_INPUTS: Record<string, FhrpFrameInput> = {
  'HSRPv1': hsrpV1(),
  'HSRPv2 IPv4': {
    ethernet: { source: formatMac(virtualMac('hsrp-v2-ipv4', 1)) },
    ip: { source: '10.0.0.2' },
    hsrp: { protocol: 'hsrp-v2', tlvs: [groupState(4, '10.0.0.1'), { type: 'text-auth', authText: 'cisco' }] },
  },
  'HSRPv2 IPv6': {
    ethernet: { source: formatMac(virtualMac('hsrp-v2-ipv6', 1)) },
    ip: { source: 'fe80::250:56ff:feaa:2' },
    hsrp: { protocol: 'hsrp-v2', tlvs: [groupState(6, 'fe80::5:73ff:fea0:1'), { type: 'text-auth', authText: 'cisco' }] },
  },
  'VRRPv2': {
    ethernet: { source: formatMac(virtualMac('vrrp-ipv4', 7)) },
    ip: { source: '10.0.0.2' },
    vrrp: { version: 2, vrid: 7, priority: 110, authType: 'none', adverIntSec: 1, addresses: ['10.0.0.1'] },
  },
  'VRRPv3 IPv4': {
    ethernet: { source: formatMac(virtualMac('vrrp-ipv4', 7)) },
    ip: { source: '10.0.0.2' },
    vrrp: { version: 3, family: 4, vrid: 7, priority: 110, maxAdverIntCs: 100, addresses: ['10.0.0.1'] },
  },
  'VRRPv3 IPv6': {
    ethernet: { source: formatMac(virtualMac('vrrp-ipv6', 7)) },
    ip: { source: 'fe80::250:56ff:feaa:2' },
    vrrp: { version: 3, family: 6, vrid: 7, priority: 110, maxAdverIntCs: 100, addresses: ['fe80::1', '2001:db8::1'] },
  },
  'HSRPv1 VLAN 10': hsrpV1(VLAN10),
  'VRRPv3 IPv4 VLAN 10': {
    ethernet: { source: formatMac(virtualMac('vrrp-ipv4', 7)), tags: VLAN10 },
    ip: { source: '10.0.0.2' },
    vrrp: { version: 3, family: 4, vrid: 7, priority: 110, maxAdverIntCs: 100, addresses: ['10.0.0.1'] },
  },
};

export const FHRP_FRAMES: Record<string, string> = Object.fromEntries(Object.entries(FHRP_INPUTS).map(([k, v]) => [k, toHex(encodeFhrpFrame(v))]));

/** One frame per FHRP multicast MAC, in the order of FHRP_MULTICAST_MACS. */
export const FRAME_PER_GROUP_MAC = [FHRP_FRAMES['HSRPv1']!, FHRP_FRAMES['HSRPv2 IPv4']!, FHRP_FRAMES['VRRPv2']!, FHRP_FRAMES['HSRPv2 IPv6']!, FHRP_FRAMES['VRRPv3 IPv6']!];

/** An HSRPv1 hello sent to the broadcast MAC: passes the BPF filter and any device's MAC filter. */
export const FHRP_TO_BROADCAST = `ffffffffffff${FHRP_FRAMES['HSRPv1']!.slice(12)}`;

const SRC = '02aabbccdd01';
const pad = (hex: string): string => hex.padEnd(120, '0');

/** Frames the FHRP filter must drop, several of them addressed to FHRP multicast MACs. */
export const NOISE_FRAMES: Record<string, string> = {
  // ARP who-has 10.0.0.1 from 10.0.0.9, broadcast.
  'ARP request': pad(`ffffffffffff${SRC}0806` + '0001080006040001' + SRC + '0a000009' + '000000000000' + '0a000001'),
  'ARP in VLAN 10': pad(`ffffffffffff${SRC}8100000a0806` + '0001080006040001' + SRC + '0a000009' + '000000000000' + '0a000001'),
  // ICMP echo to 224.0.0.102: the HSRPv2 group and MAC, but not UDP 1985.
  'ICMP to 224.0.0.102': pad(`01005e000066${SRC}0800` + '45000054000040000101' + '0000' + '0a000009e0000066' + '0800f7ff00000000'),
  // UDP 1986 → 1986 to 224.0.0.2.
  'UDP 1986 to 224.0.0.2': pad(`01005e000002${SRC}0800` + '4500001c000040000111' + '0000' + '0a000009e0000002' + '07c207c200080000'),
  // IPv4 protocol 113 to 224.0.0.18.
  'IP protocol 113 to 224.0.0.18': pad(`01005e000012${SRC}0800` + '45000014000040000171' + '0000' + '0a000009e0000012'),
  // A non-first IPv4 fragment of a UDP datagram: its first payload bytes look like ports 1985.
  'UDP fragment': pad(`01005e000002${SRC}0800` + '4500001c00000001ff11' + '0000' + '0a000009e0000002' + '07c107c100080000'),
  // ICMPv6 echo to ff02::66.
  'ICMPv6 to ff02::66': pad(`333300000066${SRC}86dd` + '6000000000083aff' + 'fe800000000000000000000000000009' + 'ff020000000000000000000000000066' + '8000000000000000'),
};
