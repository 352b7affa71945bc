/**
 * TrackInputs held in memory: what tests and `vipr sim` drive by hand (DESIGN D2), and a simple
 * adapter for a host that already knows its link and route states. Every setter notifies.
 */
import type { InterfaceName } from '../../model/interface-name.js';
import type { TrackInputs } from './track-inputs.js';

export class MemoryTrackInputs implements TrackInputs {
  private readonly links = new Map<InterfaceName, boolean>();
  private readonly shut = new Set<InterfaceName>();
  private readonly addressed = new Set<InterfaceName>();
  private readonly routes = new Map<string, { source: string | undefined; firstHop: InterfaceName | undefined }>();
  private readonly slas = new Map<number, 'ok' | 'over-threshold' | 'down'>();
  private readonly listeners = new Set<() => void>();

  linkUp(iface: InterfaceName): boolean {
    return this.links.get(iface) ?? false;
  }

  ipRouting(iface: InterfaceName): boolean {
    return this.linkUp(iface) && this.addressed.has(iface);
  }

  routeReachable(prefix: string, prefixLength: number): boolean {
    return this.routes.has(routeKey(prefix, prefixLength));
  }

  slaReachable(sla: number): boolean {
    const s = this.slas.get(sla);
    return s === 'ok' || s === 'over-threshold';
  }

  slaStateOk(sla: number): boolean {
    return this.slas.get(sla) === 'ok';
  }

  adminDown(iface: InterfaceName): boolean {
    return this.shut.has(iface);
  }

  routeSource(prefix: string, prefixLength: number): string | undefined {
    return this.routes.get(routeKey(prefix, prefixLength))?.source;
  }

  routeFirstHop(prefix: string, prefixLength: number): InterfaceName | undefined {
    return this.routes.get(routeKey(prefix, prefixLength))?.firstHop;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Line protocol up or down; `adminDown` marks a `shutdown` interface (which is also down). */
  setLink(iface: InterfaceName, up: boolean, adminDown = false): void {
    this.links.set(iface, up);
    if (adminDown && !up) this.shut.add(iface);
    else this.shut.delete(iface);
    this.notify();
  }

  setIpv4Address(iface: InterfaceName, present: boolean): void {
    if (present) this.addressed.add(iface);
    else this.addressed.delete(iface);
    this.notify();
  }

  setRoute(prefix: string, prefixLength: number, present: boolean, source?: string, firstHop?: InterfaceName): void {
    const key = routeKey(prefix, prefixLength);
    if (present) this.routes.set(key, { source, firstHop });
    else this.routes.delete(key);
    this.notify();
  }

  setSla(sla: number, result: 'ok' | 'over-threshold' | 'down'): void {
    this.slas.set(sla, result);
    this.notify();
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}

function routeKey(prefix: string, prefixLength: number): string {
  return `${prefix}/${prefixLength}`;
}
