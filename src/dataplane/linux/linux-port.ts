/**
 * An InterfacePort on a real Linux device (DESIGN D3): FHRP frames go out and come in raw on the
 * device (raw-socket.ts) and link state comes from the kernel (link-monitor.ts).
 *
 * The device may be absent when the port is made and may disappear and come back later (containerlab
 * adds eth1..ethN after the container starts and can hot-plug them; a restarted node loses them): the
 * port follows the device by name, reopens its socket when the device reappears (with a new ifindex,
 * and possibly a new MAC), and reports the link down while it is gone. Nothing here throws at the
 * engines: send() on a missing or down device drops the frame and counts it, and errors go to the
 * onError hook for the daemon's log.
 */
import type { InterfacePort } from '../ports.js';
import { ABSENT, type LinkMonitor, type LinkState, sharedLinkMonitor } from './link-monitor.js';
import type { SystemError } from './native.js';
import { isSystemError } from './native.js';
import { type RawFilter, RawSocket } from './raw-socket.js';

export type LinuxPortErrorContext = 'open' | 'send' | 'receive';

export interface LinuxPortOptions {
  /** Default `fhrp`; `fhrp-untagged` when the device's VLANs are subinterfaces with their own ports. */
  readonly filter?: RawFilter;
  /** Default FHRP_MULTICAST_MACS. */
  readonly multicast?: readonly Uint8Array[];
  /** Default: the process-wide sharedLinkMonitor(). */
  readonly monitor?: LinkMonitor;
  /** Failures worth a log line. Never called for the expected ENETDOWN of a link going down. */
  readonly onError?: (error: SystemError, context: LinuxPortErrorContext) => void;
}

export interface LinuxPortCounters {
  rxFrames: number;
  txFrames: number;
  /** Frames not sent because the device was absent, down, or the port closed. */
  txDropped: number;
  /** send() failures reported by the kernel (other than the link being down). */
  txErrors: number;
  rxErrors: number;
  /** Times the socket was (re)opened: 1 for a device present from the start. */
  opens: number;
}

const LINK_GONE = new Set(['ENETDOWN', 'ENXIO', 'ENODEV']);

function sameMac(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export class LinuxPort implements InterfacePort {
  readonly counters: LinuxPortCounters = { rxFrames: 0, txFrames: 0, txDropped: 0, txErrors: 0, rxErrors: 0, opens: 0 };
  private readonly frameHandlers = new Set<(frame: Uint8Array) => void>();
  private readonly linkHandlers = new Set<(up: boolean) => void>();
  private readonly monitor: LinkMonitor;
  private readonly unwatch: () => void;
  private socket: RawSocket | undefined;
  private link: LinkState = ABSENT;
  private lastMac: Uint8Array = new Uint8Array(6);
  private socketMac: Uint8Array = new Uint8Array(6);
  private up = false;
  private closed = false;

  /**
   * `ifName` is the IOS name the configuration uses, `device` the Linux device it maps to. Throws
   * only when a present device cannot be opened for a reason that will not go away by itself (EPERM:
   * the process lacks CAP_NET_RAW; the container needs `cap_add: [NET_RAW]`).
   */
  constructor(
    readonly ifName: string,
    readonly device: string,
    private readonly options: LinuxPortOptions = {},
  ) {
    this.monitor = options.monitor ?? sharedLinkMonitor();
    this.unwatch = this.monitor.watch(device, (state) => this.follow(state));
    try {
      this.follow(this.monitor.state(device), true);
    } catch (e) {
      this.unwatch();
      throw e;
    }
  }

  /** The device's own address (the last one seen while the device was present; zeros before that). */
  get mac(): Uint8Array {
    return this.lastMac;
  }

  /** The device's current ifindex, undefined while it is absent. */
  get ifindex(): number | undefined {
    return this.link.present ? this.link.ifindex : undefined;
  }

  /** Whether the Linux device exists in this network namespace. */
  present(): boolean {
    return this.link.present;
  }

  /** The current kernel view of the device, as the link monitor last read it. */
  linkState(): LinkState {
    return this.link;
  }

  /** Present, administratively up, operationally up (carrier; a macvlan's lower device up), and open. */
  linkUp(): boolean {
    return this.up;
  }

  send(frame: Uint8Array): void {
    const socket = this.socket;
    if (socket === undefined || !this.up) {
      this.counters.txDropped++;
      return;
    }
    try {
      socket.send(frame);
      this.counters.txFrames++;
    } catch (e) {
      if (!isSystemError(e)) throw e;
      if (LINK_GONE.has(e.code)) {
        // The link went away between the monitor's last read and now: the monitor will report it.
        this.counters.txDropped++;
        this.monitor.refresh();
        return;
      }
      this.counters.txErrors++;
      this.options.onError?.(e, 'send');
    }
  }

  subscribe(handler: (frame: Uint8Array) => void): () => void {
    const h = (f: Uint8Array): void => handler(f);
    this.frameHandlers.add(h);
    return () => this.frameHandlers.delete(h);
  }

  onLinkChange(handler: (up: boolean) => void): () => void {
    const h = (up: boolean): void => handler(up);
    this.linkHandlers.add(h);
    return () => this.linkHandlers.delete(h);
  }

  /** Closes the socket (leaving the multicast groups) and stops following the device. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unwatch();
    this.closeSocket();
    this.frameHandlers.clear();
    this.linkHandlers.clear();
    this.up = false;
  }

  /** Brings the socket in line with the device's state, then reports a change of linkUp(). */
  private follow(state: LinkState, initial = false): void {
    if (this.closed) return;
    this.link = state;
    if (state.present) this.lastMac = state.mac;
    if (!state.present) this.closeSocket();
    else if (this.socket === undefined || this.socket.ifindex !== state.ifindex || !sameMac(this.socketMac, state.mac)) {
      // A new ifindex is a new device; a new MAC may be one too (a re-created macvlan can get its
      // old ifindex back), and reopening on a mere address change costs nothing.
      this.closeSocket();
      this.openSocket(state.ifindex, initial);
      this.socketMac = state.mac;
    }
    const up = state.present && state.adminUp && state.operUp && this.socket !== undefined;
    if (up === this.up) return;
    this.up = up;
    for (const h of [...this.linkHandlers]) {
      if (this.closed) return;
      if (this.linkHandlers.has(h)) h(up);
    }
  }

  private openSocket(ifindex: number, initial: boolean): void {
    try {
      this.socket = new RawSocket(ifindex, {
        ...(this.options.filter === undefined ? {} : { filter: this.options.filter }),
        ...(this.options.multicast === undefined ? {} : { multicast: this.options.multicast }),
        onFrame: (frame) => this.deliver(frame),
        onError: (error) => this.receiveError(ifindex, error),
      });
      this.counters.opens++;
    } catch (e) {
      if (!isSystemError(e)) throw e;
      // The device vanished between the read and the open: the monitor will tell when it is back.
      if (e.code === 'ENODEV' || e.code === 'ENXIO') return;
      if (initial) throw e;
      this.options.onError?.(e, 'open');
    }
  }

  private closeSocket(): void {
    this.socket?.close();
    this.socket = undefined;
  }

  private deliver(frame: Uint8Array): void {
    this.counters.rxFrames++;
    for (const h of [...this.frameHandlers]) {
      if (this.closed) return;
      if (this.frameHandlers.has(h)) h(frame);
    }
  }

  private receiveError(ifindex: number, error: SystemError): void {
    if (this.socket?.ifindex !== ifindex) return; // from a socket already replaced
    // The kernel says ENETDOWN both when the device goes down and when it is unregistered
    // (packet_notifier): the link monitor tells which, and follow() reopens when needed.
    if (error.code === 'ENETDOWN') return;
    this.counters.rxErrors++;
    this.options.onError?.(error, 'receive');
    if (error.code === 'EBADF' || error.code === 'ENODEV' || error.code === 'ENXIO') {
      // This socket is dead (EBADF: it can no longer be polled): start over on the device as it is now.
      this.closeSocket();
      this.follow(this.monitor.state(this.device));
    }
  }
}
