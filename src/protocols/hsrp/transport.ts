/**
 * Where HSRP travels (spec §1.1, §3.1) and how a receiver tells the versions apart.
 *
 * Wireshark (packet-hsrp.c dissect_hsrp) decides by destination, not by content: UDP destination port
 * 1985 or 2029; IPv4 224.0.0.2 → HSRPv1; IPv4 224.0.0.102, or IPv6 with port 2029 → HSRPv2. vipr's
 * frame layer does the same with hsrpVersionForDestination (IPv4 only on port 1985). sniffHsrpVersion is the content-only
 * fallback for a payload whose addresses are unknown: v1 begins with its version byte 0 (RFC 2281
 * §5.1), which no v2 TLV type uses; a v2 hello begins with the Group State TLV (type 1, length 40).
 */
/** The two HSRP versions. v1 is RFC 2281's "version 0" on the wire (spec §1.2); v2 is spec §3. */
export type HsrpVersion = 1 | 2;

export const HSRP_UDP_PORT = 1985;
/** HSRPv2 for IPv6 groups (packet-hsrp.c UDP_PORT_HSRP2_V6). */
export const HSRP_V6_UDP_PORT = 2029;
export const HSRP_V1_GROUP_ADDRESS = '224.0.0.2';
export const HSRP_V2_GROUP_ADDRESS = '224.0.0.102';
export const HSRP_V2_IPV6_GROUP_ADDRESS = 'ff02::66';
/** IP TTL of HSRP packets (spec §1.1); IPv6 hop limit as Cisco IOL sends it (spec §7). */
export const HSRP_IPV4_TTL = 1;
export const HSRP_IPV6_HOP_LIMIT = 255;

/**
 * The HSRP version of a datagram from its IP destination (text form) and UDP destination port, as
 * Wireshark decides; undefined when it is not HSRP.
 */
export function hsrpVersionForDestination(dstIp: string, dstPort: number): HsrpVersion | undefined {
  if (dstIp.includes(':')) return dstPort === HSRP_V6_UDP_PORT ? 2 : undefined;
  // Wireshark would also take IPv4 with port 2029; nothing sends that (spec §1.1, §3.1), so vipr does not.
  if (dstPort !== HSRP_UDP_PORT) return undefined;
  if (dstIp === HSRP_V1_GROUP_ADDRESS) return 1;
  if (dstIp === HSRP_V2_GROUP_ADDRESS) return 2;
  return undefined;
}

/** Content-only guess; undefined when the payload looks like neither version. */
export function sniffHsrpVersion(payload: Uint8Array): HsrpVersion | undefined {
  if (payload.length === 0) return undefined;
  if (payload[0] === 0) return 1;
  if (payload[0] === 1 && payload[1] === 40) return 2;
  return undefined;
}
