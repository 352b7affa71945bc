/**
 * FrameDispatch's per-receiver memos, which the HSRP engine keeps its note on a heard hello in (which
 * group, whether it is its own; engine.ts HeardNote): one memo per receiver and decoded frame, the
 * same object whenever the same bytes are heard again, never shared between receivers.
 */
import { describe, expect, it } from 'vitest';
import { MemorySegment } from '../../../src/dataplane/memory/segment.js';
import { encodeFhrpFrame, type FhrpFrame } from '../../../src/protocols/fhrp-frame.js';
import { FrameDispatch, type FrameMemo } from '../../../src/protocols/frame-dispatch.js';
import { ManualClock } from '../../../src/runtime/clock.js';

function hello(group: number): Uint8Array {
  return encodeFhrpFrame({
    ethernet: { source: '0200.0000.0009' },
    ip: { source: '10.0.0.9' },
    hsrp: { protocol: 'hsrp-v1', opcode: 'hello', state: 'speak', helloTimeS: 3, holdTimeS: 10, priority: 100, group, reserved: 0, authText: 'cisco', virtualIp: '10.0.0.254' },
  });
}

describe('FrameDispatch memos', () => {
  it('one memo per receiver and decoded frame, kept across repeats of the same bytes', () => {
    const clock = new ManualClock();
    const seg = new MemorySegment('lan', clock, 0, false);
    const rx = seg.attach('rx', 'Gi0/1', Uint8Array.of(2, 0, 0, 0, 0, 1));
    const tx = seg.attach('tx', 'Gi0/1', Uint8Array.of(2, 0, 0, 0, 0, 9));
    const dispatch = new FrameDispatch(rx);
    const heardA: { frame: FhrpFrame; memo: FrameMemo }[] = [];
    const heardB: { frame: FhrpFrame; memo: FrameMemo }[] = [];
    dispatch.add({ accepts: () => true, receive: (frame, memo) => void heardA.push({ frame, memo }) });
    const removeB = dispatch.add({ accepts: () => true, receive: (frame, memo) => void heardB.push({ frame, memo }) });
    const one = hello(1);
    tx.send(one);
    tx.send(one);
    tx.send(one.slice());
    tx.send(hello(2));
    clock.advance(1);
    expect(heardA).toHaveLength(4);
    // The same bytes, from the same buffer or a fresh one: the same decoded frame and the same memo.
    expect(new Set(heardA.slice(0, 3).map((h) => h.memo)).size).toBe(1);
    expect(new Set(heardA.slice(0, 3).map((h) => h.frame)).size).toBe(1);
    expect(heardA[3]!.memo).not.toBe(heardA[0]!.memo);
    expect(heardA[0]!.memo.note).toBeUndefined();
    heardA[0]!.memo.note = 'noted by A';
    // Receiver B has its own memo for the same frame.
    expect(heardB[0]!.memo).not.toBe(heardA[0]!.memo);
    expect(heardB[0]!.memo.note).toBeUndefined();
    // A receiver added later starts with empty memos, even for frames others have noted.
    removeB();
    const heardC: FrameMemo[] = [];
    dispatch.add({ accepts: () => true, receive: (_frame, memo) => void heardC.push(memo) });
    tx.send(one);
    clock.advance(1);
    expect(heardA.at(-1)!.memo.note).toBe('noted by A');
    expect(heardC).toHaveLength(1);
    expect(heardC[0]!.note).toBeUndefined();
    expect(heardB).toHaveLength(4);
  });

  it('a receiver removed while a frame is handed on does not hear it', () => {
    const clock = new ManualClock();
    const seg = new MemorySegment('lan', clock, 0, false);
    const rx = seg.attach('rx', 'Gi0/1', Uint8Array.of(2, 0, 0, 0, 0, 1));
    const tx = seg.attach('tx', 'Gi0/1', Uint8Array.of(2, 0, 0, 0, 0, 9));
    const dispatch = new FrameDispatch(rx);
    let second = 0;
    let removeSecond = (): void => undefined;
    dispatch.add({ accepts: () => true, receive: () => removeSecond() });
    removeSecond = dispatch.add({ accepts: () => true, receive: () => void second++ });
    tx.send(hello(1));
    clock.advance(1);
    expect(second).toBe(0);
  });
});
