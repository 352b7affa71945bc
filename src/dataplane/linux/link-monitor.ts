/**
 * Link state of Linux devices by name, pushed to watchers as it changes (DESIGN D3: a lower link
 * going down takes its groups to Init).
 *
 * How: rtnetlink is the doorbell, the device itself is the truth. The addon's LinkWatcher listens to
 * RTMGRP_LINK (every RTM_NEWLINK/RTM_DELLINK: admin and carrier changes, operstate changes made by
 * the kernel's linkwatch, devices created, renamed, moved in or out of the namespace, deleted); on any
 * of them every watched name is re-read with netdevice(7) ioctls (a few microseconds each), and
 * watchers hear only real changes. Re-reading by name, rather than parsing the notifications, makes
 * missed or coalesced notifications harmless and handles a device that disappears and comes back with
 * a new ifindex (containerlab hot-plug) without bookkeeping. A slow re-read (safetyPollMs) covers an
 * overrun of the netlink socket, which the kernel signals with ENOBUFS and we answer with a re-read.
 * No child process (`ip monitor`) to supervise, no /sys (which shows another namespace's devices when
 * a process entered a namespace without remounting it).
 *
 * "Up" is IFF_UP and IFF_RUNNING. The kernel keeps IFF_RUNNING equal to operstate UP/UNKNOWN
 * (RFC 2863): it clears it when carrier is lost, and for a stacked device (macvlan, VLAN) when its
 * lower device goes down (operstate LOWERLAYERDOWN), which is the case the macvlan-based FHRP data
 * plane must see (a macvlan child otherwise looks administratively up; FRR #16658).
 */
import { IFF_PROMISC, IFF_RUNNING, IFF_UP, isSystemError, nativeAddon, type NativeLinkWatcher, type SystemError } from './native.js';

export interface LinkState {
  /** The device exists in this network namespace. */
  readonly present: boolean;
  /** 0 when absent. */
  readonly ifindex: number;
  /** The device's address; all zero when absent. */
  readonly mac: Uint8Array;
  readonly adminUp: boolean;
  /** Operationally up: carrier, and for stacked devices a lower device that is up. */
  readonly operUp: boolean;
  readonly promiscuous: boolean;
  /** ARPHRD_* (1 = Ethernet); 0 when absent. */
  readonly hwType: number;
}

export const ABSENT: LinkState = Object.freeze({ present: false, ifindex: 0, mac: new Uint8Array(6), adminUp: false, operUp: false, promiscuous: false, hwType: 0 });

/** Reads a device's state now. An unknown name is ABSENT; other failures throw. */
export function readLinkState(device: string): LinkState {
  try {
    const info = nativeAddon().interfaceInfo(device);
    return {
      present: true,
      ifindex: info.ifindex,
      mac: new Uint8Array(info.mac),
      adminUp: (info.flags & IFF_UP) !== 0,
      operUp: (info.flags & IFF_UP) !== 0 && (info.flags & IFF_RUNNING) !== 0,
      promiscuous: (info.flags & IFF_PROMISC) !== 0,
      hwType: info.hwType,
    };
  } catch (e) {
    // ENODEV: no such device; ENXIO is what some paths say for a device being unregistered.
    if (isSystemError(e) && (e.code === 'ENODEV' || e.code === 'ENXIO')) return ABSENT;
    throw e;
  }
}

export function sameLinkState(a: LinkState, b: LinkState): boolean {
  return (
    a.present === b.present &&
    a.ifindex === b.ifindex &&
    a.adminUp === b.adminUp &&
    a.operUp === b.operUp &&
    a.promiscuous === b.promiscuous &&
    a.hwType === b.hwType &&
    a.mac.every((v, i) => v === b.mac[i])
  );
}

export type LinkStateHandler = (state: LinkState, previous: LinkState) => void;

export interface LinkMonitorOptions {
  /** Re-read everything this often regardless of notifications (default 1000 ms). */
  readonly safetyPollMs?: number;
  /** Reports a failure to watch (no rtnetlink: polling at pollFallbackMs takes over) or to read a device. */
  readonly onError?: (error: Error) => void;
  /** Polling interval when rtnetlink cannot be used (default 100 ms). */
  readonly pollFallbackMs?: number;
}

interface Watched {
  state: LinkState;
  readonly handlers: Set<LinkStateHandler>;
}

export class LinkMonitor {
  private readonly devices = new Map<string, Watched>();
  private watcher: NativeLinkWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly safetyPollMs: number;
  private readonly pollFallbackMs: number;
  private readonly onError: (error: Error) => void;

  constructor(options: LinkMonitorOptions = {}) {
    this.safetyPollMs = options.safetyPollMs ?? 1000;
    this.pollFallbackMs = options.pollFallbackMs ?? 100;
    this.onError = options.onError ?? (() => {});
  }

  /**
   * Calls `handler(state, previous)` whenever the device's state changes, from the event loop (never
   * synchronously from watch()). Returns the unwatch function. The monitor holds OS resources only
   * while something is watched.
   */
  watch(device: string, handler: LinkStateHandler): () => void {
    let entry = this.devices.get(device);
    if (entry === undefined) {
      entry = { state: this.read(device), handlers: new Set() };
      this.devices.set(device, entry);
    }
    const wrapped: LinkStateHandler = (s, p) => handler(s, p);
    entry.handlers.add(wrapped);
    this.start();
    return () => {
      const e = this.devices.get(device);
      if (e === undefined) return;
      e.handlers.delete(wrapped);
      if (e.handlers.size === 0) this.devices.delete(device);
      if (this.devices.size === 0) this.stop();
    };
  }

  /** The last state read for a watched device, or a fresh read for any other. */
  state(device: string): LinkState {
    return this.devices.get(device)?.state ?? this.read(device);
  }

  /**
   * Re-reads every watched device now and notifies the changes. `deleted`: ifindexes the kernel
   * reported deleted since the last read; a watched device that had one of them went away even if a
   * device of the same name now has the same ifindex again, and its watchers hear it absent first.
   */
  refresh(deleted: readonly number[] = []): void {
    for (const [device, entry] of [...this.devices]) {
      if (entry.state.present && deleted.includes(entry.state.ifindex)) this.update(entry, ABSENT);
      if (this.devices.get(device) === entry) this.update(entry, this.read(device, entry.state));
    }
  }

  private update(entry: Watched, next: LinkState): void {
    if (sameLinkState(next, entry.state)) return;
    const previous = entry.state;
    entry.state = next;
    for (const h of [...entry.handlers]) {
      // A handler may unwatch (itself or others) while we iterate.
      if (entry.handlers.has(h)) h(next, previous);
    }
  }

  /** Stops watching everything. */
  close(): void {
    this.devices.clear();
    this.stop();
  }

  private read(device: string, fallback: LinkState = ABSENT): LinkState {
    try {
      return readLinkState(device);
    } catch (e) {
      this.onError(e instanceof Error ? e : new Error(String(e)));
      return fallback;
    }
  }

  private start(): void {
    if (this.timer !== undefined) return;
    let interval = this.safetyPollMs;
    try {
      this.watcher = new (nativeAddon().LinkWatcher)((_changed, _overrun, deleted) => this.refresh(deleted));
    } catch (e) {
      const err = e as SystemError;
      this.onError(new Error(`link monitor: rtnetlink unavailable (${err.message}), polling every ${this.pollFallbackMs} ms`));
      interval = this.pollFallbackMs;
    }
    this.timer = setInterval(() => this.refresh(), interval);
    // The netlink socket (or the ports' own sockets) keep the process alive; the timer alone must not.
    this.timer.unref();
    // A notification may have come and gone between the first read in watch() and the watcher's bind.
    setImmediate(() => this.refresh());
  }

  private stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.watcher?.close();
    this.watcher = undefined;
  }
}

let shared: LinkMonitor | undefined;

/** One monitor per process is enough: it costs one netlink socket while anything is watched. */
export function sharedLinkMonitor(): LinkMonitor {
  shared ??= new LinkMonitor();
  return shared;
}
