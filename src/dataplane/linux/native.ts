/**
 * The typed face of native/vipr_packet.node, our N-API addon for raw frame I/O and link-change
 * notification (native/vipr_packet.c). Loaded lazily, so that importing the Linux data plane on a
 * machine without the addon (the simulator, the tools, macOS) costs nothing until a port is opened.
 */
import { createRequire } from 'node:module';

/** What interfaceInfo returns: netdevice(7) SIOCGIFINDEX, SIOCGIFFLAGS and SIOCGIFHWADDR. */
export interface NativeInterfaceInfo {
  readonly ifindex: number;
  /** dev_get_flags() truncated to 16 bits: IFF_UP, IFF_RUNNING, IFF_PROMISC, ... */
  readonly flags: number;
  /** ARPHRD_* (1 = Ethernet). */
  readonly hwType: number;
  readonly mac: Buffer;
}

export interface NativePacketSocketOptions {
  /** Classic BPF program: 8-byte `struct sock_filter` instructions, host byte order. */
  readonly filter?: Uint8Array;
  /** MAC addresses to join with PACKET_ADD_MEMBERSHIP / PACKET_MR_MULTICAST. */
  readonly multicast?: readonly Uint8Array[];
}

export interface NativePacketSocket {
  send(frame: Uint8Array): void;
  close(): void;
  ref(): void;
  unref(): void;
}

export interface NativeLinkWatcher {
  close(): void;
  ref(): void;
  unref(): void;
}

/** An Error from a failed system call: `code` is the errno name (EPERM, ENODEV, ENETDOWN, ...). */
export interface SystemError extends Error {
  readonly code: string;
  readonly errno?: number;
  readonly syscall?: string;
}

export interface NativeAddon {
  interfaceInfo(name: string): NativeInterfaceInfo;
  PacketSocket: new (
    ifindex: number,
    options: NativePacketSocketOptions,
    onFrames: (frames: Buffer[]) => void,
    onError: (error: SystemError) => void,
  ) => NativePacketSocket;
  /** `changed`: every ifindex named by an RTM_NEWLINK/RTM_DELLINK; `deleted`: those of RTM_DELLINK. */
  LinkWatcher: new (onLinks: (changed: number[], overrun: boolean, deleted: number[]) => void) => NativeLinkWatcher;
}

/** IFF_* from <net/if.h>. */
export const IFF_UP = 0x1;
export const IFF_PROMISC = 0x100;
/** Set by the kernel exactly when operstate is UP or UNKNOWN (RFC 2863; netif_oper_up). */
export const IFF_RUNNING = 0x40;
export const ARPHRD_ETHER = 1;

/** Relative to this file in src/ and in dist/ alike: both sit three levels below the package root. */
const ADDON_PATH = '../../../native/build/Release/vipr_packet.node';

let addon: NativeAddon | undefined;

export function nativeAddon(): NativeAddon {
  if (addon === undefined) {
    try {
      addon = createRequire(import.meta.url)(ADDON_PATH) as NativeAddon;
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new Error(`the raw frame addon is not built (npm run build:native): ${why}`);
    }
  }
  return addon;
}

export function isSystemError(e: unknown): e is SystemError {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string';
}
