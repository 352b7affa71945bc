/**
 * One subscription per interface: each frame heard is decoded once (fhrp-frame.ts) and handed to the
 * engine of its protocol; frames that claim to be FHRP but do not decode are counted by error code
 * (DESIGN D6: a counted drop, never a crash) and shown by `debug`.
 *
 * Decoding is a pure function of the bytes, and a peer repeats the very same hello or advert all day
 * (no sequence numbers in HSRP or VRRP), so decoded frames are remembered by their bytes: a frame
 * heard before is handed on as the same (readonly) decoded object, which also lets the engines
 * remember per frame what they worked out from it (bench/hsrp-scale.ts, bench/vrrp-scale.ts).
 */
import type { InterfacePort } from '../dataplane/ports.js';
import { decodeFhrpFrame, type FhrpFrame } from './fhrp-frame.js';

export interface FrameReceiver {
  /** Which decoded frames this receiver wants (e.g. HSRP of its version, VRRP). */
  accepts(frame: FhrpFrame): boolean;
  receive(frame: FhrpFrame): void;
}

interface Remembered {
  /** A private copy of the frame's bytes (a port may reuse its receive buffer). */
  readonly bytes: Uint8Array;
  readonly frame: FhrpFrame;
}

/** Distinct decoded frames kept per interface; the memo starts over when it is full. */
export const FRAME_MEMO_LIMIT = 16384;
/** Longer frames are decoded every time (FHRP frames are short; this bounds the memo's memory). */
const FRAME_MEMO_MAX_BYTES = 512;

/** FNV-1a over the bytes. */
function hashBytes(b: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
  return h;
}

/** Buffer's memcmp, applied to plain Uint8Arrays. */
const bytesEqual = Buffer.prototype.equals as (this: Uint8Array, other: Uint8Array) => boolean;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && bytesEqual.call(a, b);
}

export class FrameDispatch {
  private readonly receivers = new Set<FrameReceiver>();
  /** Frames that looked like HSRP/VRRP but did not decode, by error code. */
  readonly drops = new Map<string, number>();
  private readonly unsubscribe: () => void;
  private readonly memo = new Map<number, Remembered>();
  /**
   * The same buffer object seen again: ports never change a buffer once it is sent or delivered
   * (ports.ts), and a peer's cached hello arrives as the very same object on a memory segment, so
   * identity answers before any hashing. Received frames on Linux are fresh buffers and miss here.
   */
  private readonly byBuffer = new WeakMap<Uint8Array, FhrpFrame>();

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
    this.memo.clear();
  }

  private handle(data: Uint8Array): void {
    const frame = this.decode(data);
    if (frame === undefined) return;
    for (const r of this.receivers) if (r.accepts(frame)) r.receive(frame);
  }

  private decode(data: Uint8Array): FhrpFrame | undefined {
    const same = this.byBuffer.get(data);
    if (same !== undefined) return same;
    const frame = this.decodeBytes(data);
    if (frame !== undefined) this.byBuffer.set(data, frame);
    return frame;
  }

  private decodeBytes(data: Uint8Array): FhrpFrame | undefined {
    const memoable = data.length <= FRAME_MEMO_MAX_BYTES;
    const hash = memoable ? hashBytes(data) : 0;
    if (memoable) {
      const hit = this.memo.get(hash);
      if (hit !== undefined && sameBytes(hit.bytes, data)) return hit.frame;
    }
    const decoded = decodeFhrpFrame(data);
    if (decoded === undefined) return undefined;
    if (!decoded.ok) {
      this.drops.set(decoded.error.code, (this.drops.get(decoded.error.code) ?? 0) + 1);
      return undefined;
    }
    if (memoable) {
      if (this.memo.size >= FRAME_MEMO_LIMIT) this.memo.clear();
      this.memo.set(hash, { bytes: data.slice(), frame: decoded.value });
    }
    return decoded.value;
  }
}
