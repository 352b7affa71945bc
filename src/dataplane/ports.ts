/**
 * What the protocol engines need from an interface, whatever carries it: a real Linux device through
 * libpcap (dataplane/linux) or a port on an in-memory segment (dataplane/memory). Frames are whole
 * Ethernet frames as bytes in both cases, so simulations exercise the same codecs as the wire.
 */
export interface InterfacePort {
  /** The IOS name the configuration uses (`GigabitEthernet0/1`). */
  readonly ifName: string;
  /** The burned-in address: the source of non-Active hellos (spec §1.3) and HSRPv2's Identifier. */
  readonly mac: Uint8Array;
  linkUp(): boolean;
  /**
   * Sends a whole frame. The port may keep and hand on the very buffer (an in-memory segment without
   * records delivers it to every receiver), so neither the sender nor a receiver may mutate it after
   * the call; sending the same unchanged buffer again (a cached hello) is fine.
   */
  send(frame: Uint8Array): void;
  /**
   * Every frame heard on the link except the port's own; returns the unsubscribe function. A
   * delivered buffer is never changed afterwards either (the Linux port hands each frame in a fresh
   * buffer), so receivers may remember what they decoded from a buffer by its identity.
   */
  subscribe(handler: (frame: Uint8Array) => void): () => void;
  onLinkChange(handler: (up: boolean) => void): () => void;
}

export interface VipOptions {
  readonly accept: boolean;
}

/**
 * DESIGN D3: the virtual MAC and the VIPs are present on the link only while a group is Active or
 * Master, so only that router answers ARP/ND for them and accepts traffic to the virtual MAC.
 */
export interface VirtualAddressPlane {
  /**
   * `options.accept` false (VRRPv3 non-owner Master with Accept_Mode False, RFC 5798 §6.4.3): answer
   * ARP/ND for the VIPs but do not deliver packets addressed to them. Absent: accept (HSRP, VRRPv2).
   */
  activate(ifName: string, groupKey: string, virtualMac: Uint8Array, addresses: readonly string[], options?: VipOptions): void;
  deactivate(ifName: string, groupKey: string): void;
  /**
   * A group was configured and may become Active later: create now what activate() needs (the
   * macvlan child), so a takeover costs one address change, not a device creation (~40-120 ms).
   */
  prepare?(ifName: string, groupKey: string, virtualMac: Uint8Array): void;
  /** The group left the configuration: remove what prepare() and activate() created. */
  release?(ifName: string, groupKey: string): void;
}
