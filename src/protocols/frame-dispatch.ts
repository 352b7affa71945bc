/**
 * One subscription per interface: each frame heard is decoded once (fhrp-frame.ts) and handed to the
 * engine of its protocol; frames that claim to be FHRP but do not decode are counted by error code
 * (DESIGN D6: a counted drop, never a crash) and shown by `debug`.
 */
import type { InterfacePort } from '../dataplane/ports.js';
import { decodeFhrpFrame, type FhrpFrame } from './fhrp-frame.js';

export interface FrameReceiver {
  /** Which decoded frames this receiver wants (e.g. HSRP of its version, VRRP). */
  accepts(frame: FhrpFrame): boolean;
  receive(frame: FhrpFrame): void;
}

export class FrameDispatch {
  private readonly receivers = new Set<FrameReceiver>();
  /** Frames that looked like HSRP/VRRP but did not decode, by error code. */
  readonly drops = new Map<string, number>();
  private readonly unsubscribe: () => void;

  constructor(port: InterfacePort) {
    this.unsubscribe = port.subscribe((data) => this.handle(data));
  }

  add(receiver: FrameReceiver): () => void {
    this.receivers.add(receiver);
    return () => this.receivers.delete(receiver);
  }

  close(): void {
    this.unsubscribe();
    this.receivers.clear();
  }

  private handle(data: Uint8Array): void {
    const decoded = decodeFhrpFrame(data);
    if (decoded === undefined) return;
    if (!decoded.ok) {
      this.drops.set(decoded.error.code, (this.drops.get(decoded.error.code) ?? 0) + 1);
      return;
    }
    for (const r of this.receivers) if (r.accepts(decoded.value)) r.receive(decoded.value);
  }
}
