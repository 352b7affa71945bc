/**
 * A raw link-layer socket on one Linux device (packet(7), AF_PACKET/SOCK_RAW): whole Ethernet frames
 * out exactly as given (source MAC included, so an Active HSRP router can source hellos from the
 * virtual MAC, DESIGN D3), whole frames in with any 802.1Q tag restored, never the socket's own
 * transmissions. The kernel filters with a classic BPF program (bpf.ts) and the device joins the FHRP
 * multicast MACs, so neither a NIC's filter nor a macvlan's drops hellos and no promiscuous mode is
 * needed. Frames are read without blocking when the event loop reports the socket readable (uv_poll in the addon).
 */
import { fhrpFilter } from './bpf.js';
import { nativeAddon, type NativePacketSocket, type SystemError } from './native.js';

/** The multicast MACs FHRP hellos go to (RFC 1112 §6.4 / RFC 2464 §7 mappings of the groups). */
export const FHRP_MULTICAST_MACS: readonly Uint8Array[] = [
  Uint8Array.of(0x01, 0x00, 0x5e, 0x00, 0x00, 0x02), // 224.0.0.2: HSRPv1
  Uint8Array.of(0x01, 0x00, 0x5e, 0x00, 0x00, 0x66), // 224.0.0.102: HSRPv2
  Uint8Array.of(0x01, 0x00, 0x5e, 0x00, 0x00, 0x12), // 224.0.0.18: VRRP
  Uint8Array.of(0x33, 0x33, 0x00, 0x00, 0x00, 0x66), // ff02::66: HSRP for IPv6
  Uint8Array.of(0x33, 0x33, 0x00, 0x00, 0x00, 0x12), // ff02::12: VRRPv3 for IPv6
];

/**
 * - `fhrp`: HSRP and VRRP only, untagged or with one 802.1Q tag (the default);
 * - `fhrp-untagged`: the same without tagged frames, for a parent whose VLANs have their own ports;
 * - `none`: every frame on the device (diagnostics, tests).
 */
export type RawFilter = 'fhrp' | 'fhrp-untagged' | 'none';

export interface RawSocketOptions {
  readonly filter?: RawFilter;
  /** MACs the device joins for as long as the socket is open; default FHRP_MULTICAST_MACS. */
  readonly multicast?: readonly Uint8Array[];
  /** Each received frame, as it was on the wire; a plain Uint8Array the receiver owns. */
  readonly onFrame: (frame: Uint8Array) => void;
  /**
   * A read failed. ENETDOWN: the device went down (once per transition; frames resume when it comes
   * back up on the same socket). ENODEV: the device was unregistered; the socket is dead.
   */
  readonly onError: (error: SystemError) => void;
}

const filters = new Map<RawFilter, Uint8Array | undefined>();

function filterProgram(filter: RawFilter): Uint8Array | undefined {
  if (!filters.has(filter)) {
    filters.set(filter, filter === 'none' ? undefined : fhrpFilter({ untaggedOnly: filter === 'fhrp-untagged' }));
  }
  return filters.get(filter);
}

export class RawSocket {
  private readonly socket: NativePacketSocket;
  private closed = false;

  /** Throws a SystemError (EPERM without CAP_NET_RAW, ENODEV for a vanished ifindex, ...). */
  constructor(readonly ifindex: number, options: RawSocketOptions) {
    const { onFrame } = options;
    const program = filterProgram(options.filter ?? 'fhrp');
    this.socket = new (nativeAddon().PacketSocket)(
      ifindex,
      { multicast: options.multicast ?? FHRP_MULTICAST_MACS, ...(program === undefined ? {} : { filter: program }) },
      (frames) => {
        for (const b of frames) {
          if (this.closed) return;
          // A plain Uint8Array over the Buffer's own memory: Buffer's slice() is a view, which code
          // written for Uint8Array (slice() copies) must not meet.
          onFrame(new Uint8Array(b.buffer, b.byteOffset, b.length));
        }
      },
      options.onError,
    );
  }

  /** Sends one whole Ethernet frame; throws a SystemError (ENETDOWN, ENXIO, EAGAIN, EMSGSIZE, ...). */
  send(frame: Uint8Array): void {
    this.socket.send(frame);
  }

  /** Lets the process exit while the socket is open (as net.Socket#unref). */
  unref(): void {
    this.socket.unref();
  }

  ref(): void {
    this.socket.ref();
  }

  /** Idempotent; leaves the multicast groups (their membership belongs to the socket). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
  }
}
