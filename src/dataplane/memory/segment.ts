import type { Clock } from '../../runtime/clock.js';
import type { InterfacePort } from '../ports.js';

/** One frame as it crossed the segment: what `vipr sim` writes to a pcap and tests inspect. */
export interface SegmentRecord {
  readonly atMs: number;
  readonly from: string;
  readonly frame: Uint8Array;
}

/**
 * A shared Ethernet segment in virtual time: every frame a port sends reaches every other attached
 * port whose link is up, after `latencyMs` on the injected clock. Partitions drop frames between
 * chosen pairs (a split brain), link state models a cable pull.
 */
export class MemorySegment {
  private readonly ports = new Map<string, MemoryPort>();
  private readonly cuts = new Set<string>();
  readonly records: SegmentRecord[] = [];

  constructor(
    readonly name: string,
    private readonly clock: Clock,
    private readonly latencyMs = 0,
    private readonly keepRecords = true,
  ) {}

  /** Attaches a port; `id` names it on this segment (router name + interface, or a host). */
  attach(id: string, ifName: string, mac: Uint8Array): MemoryPort {
    if (this.ports.has(id)) throw new Error(`port ${id} already attached to ${this.name}`);
    const port = new MemoryPort(id, ifName, mac, this);
    this.ports.set(id, port);
    return port;
  }

  detach(id: string): void {
    this.ports.delete(id);
  }

  /** Frames between a and b are dropped in both directions until heal(). */
  cut(a: string, b: string): void {
    this.cuts.add(pairKey(a, b));
  }

  heal(a?: string, b?: string): void {
    if (a === undefined || b === undefined) this.cuts.clear();
    else this.cuts.delete(pairKey(a, b));
  }

  /** @internal used by MemoryPort.send */
  transmit(from: MemoryPort, frame: Uint8Array): void {
    if (!from.linkUp()) return;
    const copy = frame.slice();
    if (this.keepRecords) this.records.push({ atMs: this.clock.now(), from: from.id, frame: copy });
    for (const port of this.ports.values()) {
      if (port === from || this.cuts.has(pairKey(from.id, port.id))) continue;
      this.clock.setTimer(this.latencyMs, () => {
        if (port.linkUp() && from.attachedTo(this)) port.deliver(copy);
      });
    }
  }

  has(port: MemoryPort): boolean {
    return this.ports.get(port.id) === port;
  }
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

export class MemoryPort implements InterfacePort {
  private up = true;
  private readonly frameHandlers = new Set<(frame: Uint8Array) => void>();
  private readonly linkHandlers = new Set<(up: boolean) => void>();

  constructor(
    readonly id: string,
    readonly ifName: string,
    readonly mac: Uint8Array,
    private readonly segment: MemorySegment,
  ) {}

  linkUp(): boolean {
    return this.up;
  }

  /** A cable pull (false) or its return (true); handlers hear only real changes. */
  setLinkUp(up: boolean): void {
    if (up === this.up) return;
    this.up = up;
    for (const h of [...this.linkHandlers]) h(up);
  }

  send(frame: Uint8Array): void {
    this.segment.transmit(this, frame);
  }

  subscribe(handler: (frame: Uint8Array) => void): () => void {
    this.frameHandlers.add(handler);
    return () => this.frameHandlers.delete(handler);
  }

  onLinkChange(handler: (up: boolean) => void): () => void {
    this.linkHandlers.add(handler);
    return () => this.linkHandlers.delete(handler);
  }

  attachedTo(segment: MemorySegment): boolean {
    return segment === this.segment && segment.has(this);
  }

  /** @internal called by the segment */
  deliver(frame: Uint8Array): void {
    for (const h of [...this.frameHandlers]) h(frame);
  }
}
