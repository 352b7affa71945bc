import { describe, expect, it } from 'vitest';
import { MemorySegment } from '../../src/dataplane/memory/segment.js';
import { encodeFhrpFrame, type FhrpFrame } from '../../src/protocols/fhrp-frame.js';
import { FrameDispatch } from '../../src/protocols/frame-dispatch.js';
import { ManualClock } from '../../src/runtime/clock.js';

function hello(version: 1 | 2): Uint8Array {
  const hsrp =
    version === 1
      ? { protocol: 'hsrp-v1' as const, opcode: 'hello' as const, state: 'speak' as const, helloTimeS: 3, holdTimeS: 10, priority: 100, group: 1, reserved: 0, authText: 'cisco', virtualIp: '10.0.0.254' }
      : {
          protocol: 'hsrp-v2' as const,
          tlvs: [
            { type: 'group-state' as const, opcode: 'hello' as const, state: 'speak' as const, ipVersion: 4, group: 1, identifier: '0200.0000.0009', priority: 100, helloTimeMs: 3000, holdTimeMs: 10000, virtualIp: '10.0.0.254' },
          ],
        };
  return encodeFhrpFrame({ ethernet: { source: '0200.0000.0009' }, ip: { source: '10.0.0.9' }, hsrp });
}

describe('FrameDispatch', () => {
  it('hands each decoded frame to the receivers that accept its protocol, and counts undecodable FHRP frames', () => {
    const clock = new ManualClock();
    const seg = new MemorySegment('lan', clock);
    const rx = seg.attach('rx', 'Gi0/1', Uint8Array.of(2, 0, 0, 0, 0, 1));
    const tx = seg.attach('tx', 'Gi0/1', Uint8Array.of(2, 0, 0, 0, 0, 9));
    const dispatch = new FrameDispatch(rx);
    const v1: FhrpFrame[] = [];
    const v2: FhrpFrame[] = [];
    dispatch.add({ accepts: (f) => f.protocol === 'hsrp-v1', receive: (f) => v1.push(f) });
    const remove = dispatch.add({ accepts: (f) => f.protocol === 'hsrp-v2', receive: (f) => v2.push(f) });
    tx.send(hello(1));
    tx.send(hello(2));
    const broken = hello(1).slice();
    broken[14 + 20 + 8] = 7; // HSRPv1 version byte → not 0
    tx.send(broken);
    clock.advance(1);
    expect(v1.map((f) => f.protocol)).toEqual(['hsrp-v1']);
    expect(v2.map((f) => f.protocol)).toEqual(['hsrp-v2']);
    expect([...dispatch.drops.values()].reduce((a, b) => a + b, 0)).toBe(1);
    remove();
    tx.send(hello(2));
    clock.advance(1);
    expect(v2).toHaveLength(1);
    dispatch.close();
    tx.send(hello(1));
    clock.advance(1);
    expect(v1).toHaveLength(1);
  });
});
