/**
 * What the CLI needs from the rest of vipr, as interfaces, so that a session can be driven by a
 * real Router (src/router) or anything shaped like it in a test (DESIGN D4, D7: the session edits
 * the model through applyConfig and reads snapshots, never engine internals).
 */
import type { RouterConfig } from '../model/types.js';
import type { HsrpGroupSnapshot, ShowStandbyOptions } from '../protocols/hsrp/show.js';
import type { ShowTrackOptions } from '../protocols/track/show-track.js';
import type { TrackSnapshot } from '../protocols/track/track-snapshot.js';
import type { ShowVrrpOptions } from '../protocols/vrrp/show.js';
import type { VrrpInterfaceSnapshot } from '../protocols/vrrp/snapshot.js';
import type { SyslogMessage } from '../runtime/syslog.js';

export interface CliRouter {
  readonly config: RouterConfig;
  /** Applies a new model live (the reconcile step of DESIGN D4). */
  applyConfig(next: RouterConfig): void;
  hsrpSnapshot(): readonly HsrpGroupSnapshot[];
  vrrpSnapshot(): readonly VrrpInterfaceSnapshot[];
  trackSnapshot(object?: number): readonly TrackSnapshot[];
  showStandby(options?: ShowStandbyOptions): string;
  showVrrp(options?: ShowVrrpOptions): string;
  showTrack(options?: ShowTrackOptions): string;
  /** The link of the interface's port; undefined when the router has no port for it. */
  linkUp(ifName: string): boolean | undefined;
}

/** Where `write memory` and `show startup-config` go (written atomically, DESIGN D4). */
export type { StartupStore } from '../config/startup-store.js';

/** Live syslog for `terminal monitor`; returns the unsubscribe function. */
export interface LogFeed {
  subscribe(listener: (message: SyslogMessage) => void): () => void;
}

/** The buffer `show logging` prints and `clear logging` empties. */
export interface LogStore {
  readonly messages: SyslogMessage[];
}

/** What `show version` says about the software and the machine. */
export interface SystemInfo {
  /** vipr's own version (package.json). */
  readonly viprVersion: string;
  /** When the router started (clock time), for the uptime line. */
  readonly bootedAtMs: number;
  readonly memoryKb: number;
  readonly arch: string;
  readonly serial: string;
}
