import { describe, expect, it } from 'vitest';
import { MemorySegment } from '../../src/dataplane/memory/segment.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { parseMac } from '../../src/net/mac.js';

function setup(latencyMs = 1) {
  const clock = new ManualClock();
  const seg = new MemorySegment('lan', clock, latencyMs);
  const ports = ['r1', 'r2', 'h1'].map((id, i) => seg.attach(id, 'GigabitEthernet0/1', parseMac(`0000.0000.000${i + 1}`)!));
  const heard = new Map<string, number[]>();
  for (const p of ports) {
    heard.set(p.id, []);
    p.subscribe((f) => heard.get(p.id)!.push(f[0]!));
  }
  return { clock, seg, ports, heard };
}

describe('MemorySegment', () => {
  it('delivers to every other port after the latency, never back to the sender', () => {
    const { clock, ports, heard, seg } = setup(2);
    ports[0]!.send(Uint8Array.of(7));
    clock.advance(1);
    expect(heard.get('r2')).toEqual([]);
    clock.advance(1);
    expect(heard.get('r2')).toEqual([7]);
    expect(heard.get('h1')).toEqual([7]);
    expect(heard.get('r1')).toEqual([]);
    expect(seg.records).toHaveLength(1);
  });

  it('drops frames across a cut until healed, and on links that are down', () => {
    const { clock, ports, heard, seg } = setup();
    seg.cut('r1', 'r2');
    ports[0]!.send(Uint8Array.of(1));
    clock.advance(5);
    expect(heard.get('r2')).toEqual([]);
    expect(heard.get('h1')).toEqual([1]);
    seg.heal();
    ports[2]!.setLinkUp(false);
    ports[0]!.send(Uint8Array.of(2));
    clock.advance(5);
    expect(heard.get('r2')).toEqual([2]);
    expect(heard.get('h1')).toEqual([1]);
  });

  it('tells link handlers about real changes only', () => {
    const { ports } = setup();
    const seen: boolean[] = [];
    ports[0]!.onLinkChange((up) => seen.push(up));
    ports[0]!.setLinkUp(true);
    ports[0]!.setLinkUp(false);
    ports[0]!.setLinkUp(false);
    ports[0]!.setLinkUp(true);
    expect(seen).toEqual([false, true]);
  });
});
