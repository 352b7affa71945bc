import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { concatBytes, toHex } from '../../src/net/bytes.js';
import { type CaptureFrame, LINKTYPE_ETHERNET, MAX_CAPTURED_LENGTH, readCapture, readPcap, readPcapng, writePcap } from '../../src/net/pcap.js';
import { shipPcap, tshark, tsharkFields } from '../support/tshark.js';
import { allFixtures } from '../support/fixtures.js';
import { fuzz, hex } from './wire-helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'vipr-pcap-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const fixtures = allFixtures();

function epoch(f: CaptureFrame): string {
  return `${f.seconds}.${String(f.nanos).padStart(9, '0')}`;
}

/** tshark's view of a file: number, epoch time, original length, captured length per frame. */
function tsharkFrames(file: string): string[][] {
  return tsharkFields(file, 'frame', ['frame.number', 'frame.time_epoch', 'frame.len', 'frame.cap_len']);
}

function sameFrames(a: readonly CaptureFrame[], b: readonly CaptureFrame[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((f, i) => {
    const g = b[i]!;
    expect({ index: f.index, seconds: f.seconds, nanos: f.nanos, originalLength: f.originalLength, linkType: f.linkType, data: toHex(f.data) }).toEqual({
      index: g.index,
      seconds: g.seconds,
      nanos: g.nanos,
      originalLength: g.originalLength,
      linkType: g.linkType,
      data: toHex(g.data),
    });
  });
}

// --- pcapng blocks built by hand -----------------------------------------------------------------

function u16(v: number, le: boolean): Uint8Array {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, v, le);
  return b;
}
function u32(v: number, le: boolean): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, le);
  return b;
}
function pad4(b: Uint8Array): Uint8Array {
  return concatBytes([b, new Uint8Array((4 - (b.length % 4)) % 4)]);
}
function block(type: number, body: Uint8Array, le: boolean): Uint8Array {
  const padded = pad4(body);
  const len = padded.length + 12;
  return concatBytes([u32(type, le), u32(len, le), padded, u32(len, le)]);
}
function option(code: number, value: Uint8Array, le: boolean): Uint8Array {
  return concatBytes([u16(code, le), u16(value.length, le), pad4(value)]);
}
function shb(le: boolean): Uint8Array {
  return block(0x0a0d0d0a, concatBytes([u32(0x1a2b3c4d, le), u16(1, le), u16(0, le), new Uint8Array(8).fill(0xff)]), le);
}
function idb(linkType: number, snaplen: number, le: boolean, options: Uint8Array[] = []): Uint8Array {
  const opts = options.length > 0 ? concatBytes([...options, u32(0, le)]) : new Uint8Array(0);
  return block(1, concatBytes([u16(linkType, le), u16(0, le), u32(snaplen, le), opts]), le);
}
function epb(ifId: number, ts: bigint, data: Uint8Array, orig: number, le: boolean): Uint8Array {
  return block(6, concatBytes([u32(ifId, le), u32(Number(ts >> 32n), le), u32(Number(ts & 0xffffffffn), le), u32(data.length, le), u32(orig, le), pad4(data)]), le);
}
function spb(data: Uint8Array, orig: number, le: boolean): Uint8Array {
  return block(3, concatBytes([u32(orig, le), pad4(data)]), le);
}
function pb(ifId: number, ts: bigint, data: Uint8Array, le: boolean): Uint8Array {
  return block(2, concatBytes([u16(ifId, le), u16(0, le), u32(Number(ts >> 32n), le), u32(Number(ts & 0xffffffffn), le), u32(data.length, le), u32(data.length, le), pad4(data)]), le);
}

const D1 = hex('ffffffffffff 00000c07ac01 0806 0001080006040002 00000c07ac01 0a000006 ffffffffffff 0a000006');
const D2 = hex('0100 5e00 0002 0000 0c07 ac01 0800 45c0');

describe('classic pcap: the real captures', () => {
  for (const fx of fixtures) {
    it(`${fx.name}: same frames, times and lengths as tshark`, () => {
      const bytes = readFileSync(fx.path);
      const read = readCapture(bytes, { lenientSnaplen: fx.malformed });
      expect(read.error).toBeUndefined();
      expect(read.format).toBe('pcap');
      const ts = tsharkFrames(fx.path);
      expect(read.frames.length).toBe(ts.length);
      read.frames.forEach((f, i) => {
        const [num, time, len, caplen] = ts[i]!;
        expect(String(f.index)).toBe(num);
        expect(String(f.originalLength)).toBe(len);
        expect(String(f.data.length)).toBe(caplen);
        // tshark prints the seconds as signed 32-bit; vrrp-oobr's fuzzed third record goes negative.
        if (!fx.malformed) expect(epoch(f)).toBe(time);
      });
    });
  }

  it('rejects records longer than the snapshot length unless told to be lenient (vrrp-oobr*)', () => {
    for (const name of ['tcpdump/vrrp-oobr.pcap', 'tcpdump/vrrp-oobr-2.pcap']) {
      const bytes = readFileSync(shipPcap(name));
      const strict = readCapture(bytes);
      expect(strict.frames).toEqual([]);
      expect(strict.error).toMatchObject({ code: 'caplen-exceeds-snaplen', offset: 32 });
      const lenient = readCapture(bytes, { lenientSnaplen: true });
      expect(lenient.error).toBeUndefined();
      expect(lenient.warnings.map((w) => w.code)).toContain('caplen-exceeds-snaplen');
    }
    // vrrp-oobr.pcap is Frame Relay (link type 107), not Ethernet.
    expect(readCapture(readFileSync(shipPcap('tcpdump/vrrp-oobr.pcap')), { lenientSnaplen: true }).frames[0]?.linkType).toBe(107);
  });
});

describe('pcapng', () => {
  for (const fx of fixtures.filter((f) => !f.malformed)) {
    it(`${fx.name}: tshark's pcapng conversion reads as the same frames`, () => {
      const out = join(tmp, `${fx.name.replace(/\//g, '_')}.pcapng`);
      tshark(['-r', fx.path, '-F', 'pcapng', '-w', out]);
      const ng = readCapture(readFileSync(out));
      expect(ng.format).toBe('pcapng');
      expect(ng.error).toBeUndefined();
      sameFrames(ng.frames, readCapture(readFileSync(fx.path)).frames);
    });
  }

  it('honours if_tsresol: a nanosecond pcap converted by tshark keeps its nanoseconds', () => {
    const frames = [
      { seconds: 1_700_000_000, nanos: 123_456_789, data: D1 },
      { seconds: 1_700_000_001, nanos: 999_999_999, data: D2, originalLength: 60 },
    ];
    const ns = join(tmp, 'ns.pcap');
    writeFileSync(ns, writePcap(frames, { resolution: 'nano' }));
    const ng = join(tmp, 'ns.pcapng');
    tshark(['-r', ns, '-F', 'pcapng', '-w', ng]);
    const read = readCapture(readFileSync(ng));
    expect(read.error).toBeUndefined();
    expect(read.frames.map(epoch)).toEqual(['1700000000.123456789', '1700000001.999999999']);
    expect(read.frames[1]?.originalLength).toBe(60);
  });

  for (const le of [true, false]) {
    it(`reads a hand-built ${le ? 'little' : 'big'}-endian section with EPB, SPB, PB, unknown blocks and several interfaces`, () => {
      const file = concatBytes([
        shb(le),
        idb(LINKTYPE_ETHERNET, 0, le, [option(2, new TextEncoder().encode('eth0'), le), option(9, Uint8Array.of(9), le)]),
        block(0x0bad, hex('01020304'), le), // custom/unknown: skipped
        epb(0, 1_700_000_000_123_456_789n, D1, D1.length, le),
        spb(D2, 60, le),
        idb(101, 0, le, [option(9, Uint8Array.of(0x80 | 10), le), option(14, concatBytes(le ? [u32(100, le), u32(0, le)] : [u32(0, le), u32(100, le)]), le)]),
        pb(1, 3n * 1024n + 512n, D1, le), // 2^-10 s units: 3.5 s, plus if_tsoffset 100 s
        block(5, new Uint8Array(20), le), // interface statistics: skipped
      ]);
      const read = readCapture(file);
      expect(read.error).toBeUndefined();
      expect(read.format).toBe('pcapng');
      expect(read.frames.map((f) => [f.index, epoch(f), f.originalLength, toHex(f.data), f.linkType])).toEqual([
        [1, '1700000000.123456789', D1.length, toHex(D1), 1],
        [2, '0.000000000', 60, toHex(D2), 1],
        [3, '103.500000000', D1.length, toHex(D1), 101],
      ]);
    });
  }

  it('cuts a simple packet block to the snapshot length and keeps sections apart', () => {
    const file = concatBytes([shb(true), idb(1, 8, true), spb(D1, D1.length, true), shb(false), idb(1, 0, false), epb(0, 5_000_000n, D2, D2.length, false)]);
    const read = readCapture(file);
    expect(read.error).toBeUndefined();
    expect(read.frames.map((f) => [toHex(f.data), f.originalLength, epoch(f)])).toEqual([
      [toHex(D1.subarray(0, 8)), D1.length, '0.000000000'],
      [toHex(D2), D2.length, '5.000000000'],
    ]);
  });

  it('is read by tshark the same way (hand-built file)', () => {
    const file = concatBytes([shb(false), idb(1, 0, false, [option(9, Uint8Array.of(9), false)]), epb(0, 1_700_000_000_000_000_001n, D1, D1.length, false), epb(0, 1_700_000_000_500_000_000n, D2, 64, false)]);
    const path = join(tmp, 'hand.pcapng');
    writeFileSync(path, file);
    const ts = tsharkFrames(path);
    const read = readCapture(file);
    expect(read.frames.map((f) => [String(f.index), epoch(f), String(f.originalLength), String(f.data.length)])).toEqual(ts);
  });

  const good = concatBytes([shb(true), idb(1, 0, true), epb(0, 1n, D1, D1.length, true), epb(0, 2n, D2, D2.length, true)]);
  const firstEpb = shb(true).length + idb(1, 0, true).length;
  const secondEpb = firstEpb + epb(0, 1n, D1, D1.length, true).length;

  it.each([
    ['a block length that is not a multiple of 4', (b: Uint8Array) => b.set(u32(epb(0, 2n, D2, D2.length, true).length + 2, true), secondEpb + 4), 'bad-block-length', secondEpb + 4],
    ['a block length below 12', (b: Uint8Array) => b.set(u32(8, true), secondEpb + 4), 'bad-block-length', secondEpb + 4],
    ['a trailing length that disagrees', (b: Uint8Array) => b.set(u32(4096, true), b.length - 4), 'bad-block-length', good.length - 4],
    ['a block claiming more bytes than remain', (b: Uint8Array) => b.set(u32(4096, true), secondEpb + 4), 'truncated', secondEpb + 4],
    ['a captured length beyond the block', (b: Uint8Array) => b.set(u32(200, true), secondEpb + 20), 'bad-block-length', secondEpb + 20],
    ['an unknown interface', (b: Uint8Array) => b.set(u32(3, true), secondEpb + 8), 'bad-interface', secondEpb + 8],
    ['a captured length above 256 KiB', (b: Uint8Array) => b.set(u32(MAX_CAPTURED_LENGTH + 1, true), secondEpb + 20), 'record-too-large', secondEpb + 20],
  ])('stops with a typed error on %s, keeping the frames before it', (_what, spoil, code, offset) => {
    const b = new Uint8Array(good);
    spoil(b);
    const read = readCapture(b);
    expect(read.error).toMatchObject({ code, offset });
    expect(read.frames.length).toBe(1);
    expect(toHex(read.frames[0]!.data)).toBe(toHex(D1));
  });

  it('rejects a bad byte-order magic, a bad version and a file that does not start with a section header', () => {
    const b = new Uint8Array(good);
    b.set(u32(0x12345678, true), 8);
    expect(readCapture(b).error).toMatchObject({ code: 'bad-magic', offset: 8 });
    const v = new Uint8Array(good);
    v.set(u16(2, true), 12);
    expect(readCapture(v).error).toMatchObject({ code: 'bad-version', offset: 12 });
    expect(readPcapng(good.subarray(firstEpb)).error).toMatchObject({ code: 'bad-magic', offset: 0 });
    expect(readCapture(good.subarray(0, good.length - 3)).error).toMatchObject({ code: 'truncated', offset: secondEpb + 4 });
  });

  it('applies the snapshot length rule to enhanced packet blocks too', () => {
    const file = concatBytes([shb(true), idb(1, 16, true), epb(0, 1n, D1, D1.length, true)]);
    expect(readCapture(file).error?.code).toBe('caplen-exceeds-snaplen');
    expect(readCapture(file, { lenientSnaplen: true }).frames.length).toBe(1);
  });
});

describe('classic pcap: writing', () => {
  const frames = [
    { seconds: 1_409_591_337, nanos: 123_456_000, data: D1 },
    { seconds: 1_409_591_338, nanos: 7_000, data: D2, originalLength: 1514 },
  ];

  for (const resolution of ['micro', 'nano'] as const) {
    for (const byteOrder of ['little', 'big'] as const) {
      it(`writes ${resolution}second ${byteOrder}-endian files that read back and that tshark reads`, () => {
        const bytes = writePcap(frames, { resolution, byteOrder });
        const read = readPcap(bytes);
        expect(read.error).toBeUndefined();
        expect(read.resolution).toBe(resolution);
        expect(read.frames.map((f) => [f.index, f.seconds, f.nanos, f.originalLength, toHex(f.data), f.linkType])).toEqual([
          [1, 1_409_591_337, 123_456_000, D1.length, toHex(D1), 1],
          [2, 1_409_591_338, 7_000, 1514, toHex(D2), 1],
        ]);
        const path = join(tmp, `w-${resolution}-${byteOrder}.pcap`);
        writeFileSync(path, bytes);
        expect(tsharkFrames(path)).toEqual([
          ['1', '1409591337.123456000', String(D1.length), String(D1.length)],
          ['2', '1409591338.000007000', '1514', String(D2.length)],
        ]);
      });
    }
  }

  it('truncates nanoseconds to microseconds in a microsecond file', () => {
    const read = readPcap(writePcap([{ seconds: 1, nanos: 999_999_999, data: D2 }]));
    expect(read.frames[0]?.nanos).toBe(999_999_000);
  });

  it('round-trips every real capture byte for byte', () => {
    for (const fx of fixtures.filter((f) => !f.malformed)) {
      const bytes = new Uint8Array(readFileSync(fx.path));
      const read = readPcap(bytes);
      const snaplen = new DataView(bytes.buffer, bytes.byteOffset).getUint32(16, true);
      const again = writePcap(read.frames, { resolution: 'micro', snaplen });
      expect(toHex(again), fx.name).toBe(toHex(bytes));
    }
  });

  it('refuses what classic pcap cannot hold (programmer errors)', () => {
    expect(() => writePcap([{ seconds: 0, data: D1, linkType: 1 }, { seconds: 0, data: D1, linkType: 105 }])).toThrow(RangeError);
    expect(() => writePcap([{ seconds: -1, data: D1 }])).toThrow(RangeError);
    expect(() => writePcap([{ seconds: 0, nanos: 1e9, data: D1 }])).toThrow(RangeError);
    expect(() => writePcap([{ seconds: 0, data: D1 }], { snaplen: 10 })).toThrow(RangeError);
  });
});

describe('classic pcap: malformed files give typed errors', () => {
  const good = writePcap([
    { seconds: 1, data: D1 },
    { seconds: 2, data: D2 },
  ]);
  const second = 24 + 16 + D1.length;

  it.each([
    ['an empty file', new Uint8Array(0), 'truncated', 0, 0],
    ['a truncated file header', good.subarray(0, 20), 'truncated', 0, 0],
    ['an unknown magic', Uint8Array.of(1, 2, 3, 4, ...new Array<number>(20).fill(0)), 'bad-magic', 0, 0],
    ['a truncated record header', good.subarray(0, second + 10), 'truncated', second, 1],
    ['a record claiming more bytes than remain', good.subarray(0, good.length - 1), 'truncated', second + 8, 1],
  ])('%s', (_what, bytes, code, offset, frames) => {
    const read = readCapture(bytes);
    expect(read.error).toMatchObject({ code, offset });
    expect(typeof read.error?.message).toBe('string');
    expect(read.frames.length).toBe(frames);
  });

  it('rejects a record above 256 KiB even with a huge snapshot length', () => {
    const b = new Uint8Array(good);
    const v = new DataView(b.buffer);
    v.setUint32(16, 0x7fffffff, true);
    v.setUint32(second + 8, MAX_CAPTURED_LENGTH + 1, true);
    expect(readCapture(b).error).toMatchObject({ code: 'record-too-large', offset: second + 8 });
  });

  it('rejects an unknown major version', () => {
    const b = new Uint8Array(good);
    b[4] = 3;
    expect(readCapture(b).error).toMatchObject({ code: 'bad-version', offset: 4 });
  });

  it('warns about a captured length above the original length and an out-of-range fraction', () => {
    const b = new Uint8Array(good);
    const v = new DataView(b.buffer);
    v.setUint32(second + 12, 3, true);
    v.setUint32(second + 4, 1_000_000, true);
    const read = readCapture(b);
    expect(read.error).toBeUndefined();
    expect(read.warnings.map((w) => [w.code, w.offset])).toEqual([
      ['caplen-exceeds-length', second + 8],
      ['bad-timestamp', second + 4],
    ]);
  });
});

describe('capture readers never throw', () => {
  it('survives truncation everywhere and 100,000 mutations of pcap and pcapng files', () => {
    const pcap = readFileSync(shipPcap('ndpi/hsrp2.pcap'));
    const ng = concatBytes([shb(true), idb(1, 0, true, [option(9, Uint8Array.of(9), true)]), epb(0, 5n, D1, D1.length, true), spb(D2, 60, true), shb(false), idb(1, 64, false), pb(0, 7n, D2, false)]);
    const { runs } = fuzz([new Uint8Array(pcap), ng], 100_000, 0x5eed, (b) => {
      const r = readCapture(b, { lenientSnaplen: true });
      if (!Array.isArray(r.frames)) throw new Error('no frames array');
    });
    expect(runs).toBeGreaterThan(100_000);
  });
});
