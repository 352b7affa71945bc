/**
 * One subscription per interface: each frame heard is decoded once (fhrp-frame.ts) and handed to the
 * engine of its protocol; frames that claim to be FHRP but do not decode are counted by error code
 * (DESIGN D6: a counted drop, never a crash) and shown by `debug`.
 *
 * Decoding is a pure function of the bytes, and a peer repeats the very same hello or advert all day
 * (no sequence numbers in HSRP or VRRP), so decoded frames are remembered by their bytes: a frame
 * heard before is handed on as the same (readonly) decoded object, which also lets the engines
 * remember per frame what they worked out from it (bench/hsrp-scale.ts, bench/vrrp-scale.ts): each
 * receiver gets a memo of its own that stays with the decoded frame, so that what it noted the last
 * time is at hand without a lookup of its own.
 */
import type { InterfacePort } from '../dataplane/ports.js';
import { decodeFhrpFrame, type FhrpFrame } from './fhrp-frame.js';

/** A receiver's own note on one decoded frame: undefined until the receiver writes one. */
export interface FrameMemo {
  note: unknown;
}

export interface FrameReceiver {
  /** Which decoded frames this receiver wants (e.g. HSRP of its version, VRRP). */
  accepts(frame: FhrpFrame): boolean;
  /** `memo` is this receiver's, and the same object each time the same decoded frame is handed on. */
  receive(frame: FhrpFrame, memo: FrameMemo): void;
}

/** A decoded frame and its receivers' memos, by registration index. */
class Heard {
  readonly memos: (FrameMemo | undefined)[] = [];

  constructor(readonly frame: FhrpFrame) {}

  memo(index: number): FrameMemo {
    return this.memos[index] ?? (this.memos[index] = { note: undefined });
  }
}

interface Remembered {
  /** A private copy of the frame's bytes (a port may reuse its receive buffer). */
  readonly bytes: Uint8Array;
  readonly heard: Heard;
}

interface Registration {
  readonly receiver: FrameReceiver;
  /** Its memo in every Heard; never reused, so a new receiver never sees an old receiver's notes. */
  readonly index: number;
  removed: boolean;
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
  /** In the order added; replaced, never changed, so a delivery in progress walks the list as it was. */
  private receivers: readonly Registration[] = [];
  private nextIndex = 0;
  /** Frames that looked like HSRP/VRRP but did not decode, by error code. */
  readonly drops = new Map<string, number>();
  private readonly unsubscribe: () => void;
  private readonly memo = new Map<number, Remembered>();
  /**
   * The same buffer object seen again: ports never change a buffer once it is sent or delivered
   * (ports.ts), and a peer's cached hello arrives as the very same object on a memory segment, so
   * identity answers before any hashing. Received frames on Linux are fresh buffers and miss here.
   */
  private readonly byBuffer = new WeakMap<Uint8Array, Heard>();

  constructor(port: InterfacePort) {
    this.unsubscribe = port.subscribe((data) => this.handle(data));
  }

  /** Adds a receiver (a receiver added twice hears each frame once); returns the function that removes it. */
  add(receiver: FrameReceiver): () => void {
    let registration = this.receivers.find((r) => r.receiver === receiver);
    if (registration === undefined) {
      registration = { receiver, index: this.nextIndex++, removed: false };
      this.receivers = [...this.receivers, registration];
    }
    const added = registration;
    return () => {
      if (added.removed) return;
      added.removed = true;
      this.receivers = this.receivers.filter((r) => r !== added);
    };
  }

  close(): void {
    this.unsubscribe();
    for (const r of this.receivers) r.removed = true;
    this.receivers = [];
    this.memo.clear();
  }

  private handle(data: Uint8Array): void {
    const heard = this.decode(data);
    if (heard === undefined) return;
    const frame = heard.frame;
    const receivers = this.receivers;
    for (let i = 0; i < receivers.length; i++) {
      const r = receivers[i] as Registration;
      // One receiver may remove another while the frame is handed on: a removed one hears no more.
      if (!r.removed && r.receiver.accepts(frame)) r.receiver.receive(frame, heard.memo(r.index));
    }
  }

  private decode(data: Uint8Array): Heard | undefined {
    const same = this.byBuffer.get(data);
    if (same !== undefined) return same;
    const heard = this.decodeBytes(data);
    if (heard !== undefined) this.byBuffer.set(data, heard);
    return heard;
  }

  private decodeBytes(data: Uint8Array): Heard | undefined {
    const memoable = data.length <= FRAME_MEMO_MAX_BYTES;
    const hash = memoable ? hashBytes(data) : 0;
    if (memoable) {
      const hit = this.memo.get(hash);
      if (hit !== undefined && sameBytes(hit.bytes, data)) return hit.heard;
    }
    const decoded = decodeFhrpFrame(data);
    if (decoded === undefined) return undefined;
    if (!decoded.ok) {
      this.drops.set(decoded.error.code, (this.drops.get(decoded.error.code) ?? 0) + 1);
      return undefined;
    }
    const heard = new Heard(decoded.value);
    if (memoable) {
      if (this.memo.size >= FRAME_MEMO_LIMIT) this.memo.clear();
      this.memo.set(hash, { bytes: data.slice(), heard });
    }
    return heard;
  }
}
