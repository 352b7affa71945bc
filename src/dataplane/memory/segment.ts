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
  /** Per sender, the ports a frame from it is armed for (attach order, cut pairs left out); rebuilt after any attach, detach, cut or heal. */
  private receivers = new Map<MemoryPort, readonly MemoryPort[]>();
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
    this.topologyChanged();
    return port;
  }

  detach(id: string): void {
    this.ports.delete(id);
    this.topologyChanged();
  }

  /** Frames between a and b are dropped in both directions until heal(). */
  cut(a: string, b: string): void {
    this.cuts.add(pairKey(a, b));
    this.topologyChanged();
  }

  heal(a?: string, b?: string): void {
    if (a === undefined || b === undefined) this.cuts.clear();
    else this.cuts.delete(pairKey(a, b));
    this.topologyChanged();
  }

  /**
   * @internal used by MemoryPort.send. One clock timer per frame delivers it to every receiver in
   * attach order; which ports receive is settled when the frame is sent (attachment and cuts), whether
   * each still hears it when it arrives (its link, the sender still attached). Without records the
   * sender's buffer itself is delivered (InterfacePort.send: a sent frame is never mutated).
   */
  transmit(from: MemoryPort, frame: Uint8Array): void {
    if (!from.linkUp()) return;
    let data = frame;
    if (this.keepRecords) {
      data = frame.slice();
      this.records.push({ atMs: this.clock.now(), from: from.id, frame: data });
    }
    const receivers = this.receiversOf(from);
    if (receivers.length === 0) return;
    this.clock.setTimer(this.latencyMs, () => {
      if (!from.attachedTo(this)) return;
      for (let i = 0; i < receivers.length; i++) {
        const port = receivers[i] as MemoryPort;
        // Each delivery may change links or detach the sender: check again for every receiver.
        if (port.linkUp() && from.attachedTo(this)) port.deliver(data);
      }
    });
  }

  has(port: MemoryPort): boolean {
    return this.ports.get(port.id) === port;
  }

  private topologyChanged(): void {
    if (this.receivers.size > 0) this.receivers = new Map();
  }

  private receiversOf(from: MemoryPort): readonly MemoryPort[] {
    let list = this.receivers.get(from);
    if (list === undefined) {
      const found: MemoryPort[] = [];
      for (const port of this.ports.values()) {
        if (port === from || this.cuts.has(pairKey(from.id, port.id))) continue;
        found.push(port);
      }
      list = found;
      this.receivers.set(from, list);
    }
    return list;
  }
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/** Handlers are kept in an array that is replaced, never changed, so a delivery in progress walks the set as it was (copy on write). */
function without<T>(list: readonly T[], item: T): readonly T[] {
  const i = list.indexOf(item);
  return i < 0 ? list : [...list.slice(0, i), ...list.slice(i + 1)];
}

export class MemoryPort implements InterfacePort {
  private up = true;
  private frameHandlers: readonly ((frame: Uint8Array) => void)[] = [];
  private linkHandlers: readonly ((up: boolean) => void)[] = [];

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
    const handlers = this.linkHandlers;
    for (let i = 0; i < handlers.length; i++) (handlers[i] as (up: boolean) => void)(up);
  }

  send(frame: Uint8Array): void {
    this.segment.transmit(this, frame);
  }

  subscribe(handler: (frame: Uint8Array) => void): () => void {
    if (!this.frameHandlers.includes(handler)) this.frameHandlers = [...this.frameHandlers, handler];
    return () => {
      this.frameHandlers = without(this.frameHandlers, handler);
    };
  }

  onLinkChange(handler: (up: boolean) => void): () => void {
    if (!this.linkHandlers.includes(handler)) this.linkHandlers = [...this.linkHandlers, handler];
    return () => {
      this.linkHandlers = without(this.linkHandlers, handler);
    };
  }

  attachedTo(segment: MemorySegment): boolean {
    return segment === this.segment && segment.has(this);
  }

  /** @internal called by the segment */
  deliver(frame: Uint8Array): void {
    const handlers = this.frameHandlers;
    for (let i = 0; i < handlers.length; i++) (handlers[i] as (frame: Uint8Array) => void)(frame);
  }
}
