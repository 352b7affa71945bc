/**
 * Capture files: classic libpcap (pcap-savefile(5)) and pcapng (IETF draft-ietf-opsawg-pcapng),
 * read from bytes; classic pcap written.
 *
 * Classic pcap, all fields in the writer's byte order (the magic tells which):
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |       Magic 0xa1b2c3d4 (µs) or 0xa1b23c4d (ns)                |
 *  |     Major version (2)         |     Minor version (4)         |
 *  |                 thiszone (0)  |  sigfigs (0)                  |
 *  |                 SnapLen                                       |
 *  |  FCS bits + LinkType (low 16 bits; 1 = Ethernet)              |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  then per record:
 *  |                 Timestamp seconds                             |
 *  |                 Timestamp µs or ns                            |
 *  |                 Captured length (bytes that follow)           |
 *  |                 Original length (on the wire)                 |
 *  |                 data ...                                      |
 *
 * pcapng: a sequence of blocks, each
 *
 *  |                 Block Type                                    |
 *  |                 Block Total Length                            |
 *  |                 Block Body (padded to 32 bits) ...            |
 *  |                 Block Total Length (again)                    |
 *
 * read here: Section Header (0x0a0d0d0a, byte-order magic 0x1a2b3c4d decides the section's byte
 * order, §4.1), Interface Description (1; if_tsresol option 9 and if_tsoffset option 14, §4.2),
 * Enhanced Packet (6, §4.3), Simple Packet (3, §4.4) and the obsolete Packet block (2, Appendix A).
 * Every other block is skipped by its length.
 *
 * Reading never throws on file content (DESIGN D6): it returns the frames read so far and, when the
 * file is broken, a typed error naming the byte offset. Frame data are views into the input bytes.
 */
import type { DecodeError } from '../runtime/result.js';

export const LINKTYPE_ETHERNET = 1;
/** The largest captured length accepted (Wireshark's WTAP_MAX_PACKET_SIZE_STANDARD). */
export const MAX_CAPTURED_LENGTH = 262_144;

const PCAP_MAGIC_MICRO = 0xa1b2c3d4;
const PCAP_MAGIC_NANO = 0xa1b23c4d;
const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const PCAPNG_IDB = 1;
const PCAPNG_PB = 2;
const PCAPNG_SPB = 3;
const PCAPNG_EPB = 6;

export interface CaptureFrame {
  /** 1-based, in file order, across all interfaces. */
  readonly index: number;
  readonly seconds: number;
  /** Fraction of the second in nanoseconds (µs × 1000 for microsecond files). */
  readonly nanos: number;
  readonly originalLength: number;
  readonly data: Uint8Array;
  readonly linkType: number;
}

export type CaptureFormat = 'pcap' | 'pcapng';

export interface CaptureRead {
  /** Undefined when the file was not recognised at all. */
  readonly format?: CaptureFormat;
  /** Classic pcap only: the timestamp resolution of the file. */
  readonly resolution?: 'micro' | 'nano';
  /** Every frame read before the end of the file or the first fatal error. */
  readonly frames: CaptureFrame[];
  /** Why reading stopped before the end of the file. */
  readonly error?: DecodeError;
  /** Oddities that did not stop reading (e.g. a captured length above the original length). */
  readonly warnings: DecodeError[];
}

export interface ReadCaptureOptions {
  /**
   * A record longer than the file's snapshot length is an error by default. Wireshark reads such
   * records anyway (and libpcap cuts them to the snapshot length); with lenient it is kept whole and
   * reported as a warning.
   */
  readonly lenientSnaplen?: boolean;
}

/** Reads a classic pcap or pcapng file, recognised by its first four bytes. */
export function readCapture(bytes: Uint8Array, options: ReadCaptureOptions = {}): CaptureRead {
  if (bytes.length < 4) return { frames: [], warnings: [], error: err('truncated', 0, `${bytes.length} bytes are too few for a capture file`) };
  const be = u32(bytes, 0, false);
  if (be === PCAPNG_SHB) return readPcapng(bytes, options);
  if (be === PCAP_MAGIC_MICRO || be === PCAP_MAGIC_NANO || u32(bytes, 0, true) === PCAP_MAGIC_MICRO || u32(bytes, 0, true) === PCAP_MAGIC_NANO) {
    return readPcap(bytes, options);
  }
  return { frames: [], warnings: [], error: err('bad-magic', 0, `magic 0x${be.toString(16).padStart(8, '0')} is neither pcap nor pcapng`) };
}

export function readPcap(bytes: Uint8Array, options: ReadCaptureOptions = {}): CaptureRead {
  const frames: CaptureFrame[] = [];
  const warnings: DecodeError[] = [];
  if (bytes.length < 24) return { frames, warnings, error: err('truncated', 0, `pcap file header needs 24 bytes, the file has ${bytes.length}`) };
  let le: boolean;
  let nano: boolean;
  const magicLe = u32(bytes, 0, true);
  const magicBe = u32(bytes, 0, false);
  if (magicLe === PCAP_MAGIC_MICRO || magicLe === PCAP_MAGIC_NANO) {
    le = true;
    nano = magicLe === PCAP_MAGIC_NANO;
  } else if (magicBe === PCAP_MAGIC_MICRO || magicBe === PCAP_MAGIC_NANO) {
    le = false;
    nano = magicBe === PCAP_MAGIC_NANO;
  } else {
    return { frames, warnings, error: err('bad-magic', 0, `magic 0x${magicBe.toString(16).padStart(8, '0')} is not a pcap magic`) };
  }
  const resolution = nano ? 'nano' : 'micro';
  const major = u16(bytes, 4, le);
  const minor = u16(bytes, 6, le);
  if (major !== 2) return { format: 'pcap', resolution, frames, warnings, error: err('bad-version', 4, `pcap version ${major}.${minor} (only 2.x is defined)`) };
  const snaplen = u32(bytes, 16, le);
  // pcap-linktype(7): the upper bits of this field may carry FCS information.
  const linkType = u32(bytes, 20, le) & 0x03ffffff;
  const fracLimit = nano ? 1_000_000_000 : 1_000_000;
  let pos = 24;
  while (pos < bytes.length) {
    const remain = bytes.length - pos;
    if (remain < 16) return { format: 'pcap', resolution, frames, warnings, error: err('truncated', pos, `record header needs 16 bytes, ${remain} remain`) };
    const seconds = u32(bytes, pos, le);
    const frac = u32(bytes, pos + 4, le);
    const caplen = u32(bytes, pos + 8, le);
    const originalLength = u32(bytes, pos + 12, le);
    const index = frames.length + 1;
    if (caplen > MAX_CAPTURED_LENGTH) {
      return { format: 'pcap', resolution, frames, warnings, error: err('record-too-large', pos + 8, `record ${index} claims ${caplen} captured bytes, more than the ${MAX_CAPTURED_LENGTH} accepted`) };
    }
    if (snaplen !== 0 && caplen > snaplen) {
      const e = err('caplen-exceeds-snaplen', pos + 8, `record ${index} claims ${caplen} captured bytes, more than the snapshot length ${snaplen}`);
      if (options.lenientSnaplen !== true) return { format: 'pcap', resolution, frames, warnings, error: e };
      warnings.push(e);
    }
    if (caplen > remain - 16) {
      return { format: 'pcap', resolution, frames, warnings, error: err('truncated', pos + 8, `record ${index} claims ${caplen} captured bytes, ${remain - 16} remain`) };
    }
    if (caplen > originalLength) warnings.push(err('caplen-exceeds-length', pos + 8, `record ${index}: ${caplen} bytes captured of a ${originalLength}-byte packet`));
    if (frac >= fracLimit) warnings.push(err('bad-timestamp', pos + 4, `record ${index}: sub-second part ${frac} is not below ${fracLimit}`));
    frames.push({ index, seconds, nanos: nano ? frac : frac * 1000, originalLength, data: bytes.subarray(pos + 16, pos + 16 + caplen), linkType });
    pos += 16 + caplen;
  }
  return { format: 'pcap', resolution, frames, warnings };
}

interface PcapngInterface {
  readonly linkType: number;
  readonly snaplen: number;
  readonly unitsPerSecond: bigint;
  readonly offsetSeconds: bigint;
}

export function readPcapng(bytes: Uint8Array, options: ReadCaptureOptions = {}): CaptureRead {
  const frames: CaptureFrame[] = [];
  const warnings: DecodeError[] = [];
  const stop = (code: string, offset: number, message: string): CaptureRead => ({ format: 'pcapng', frames, warnings, error: err(code, offset, message) });
  let le = true;
  let interfaces: PcapngInterface[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const remain = bytes.length - pos;
    if (remain < 12) return stop('truncated', pos, `block header needs 12 bytes, ${remain} remain`);
    // The SHB type is a palindrome, so it reads the same before the byte order is known.
    const isShb = u32(bytes, pos, false) === PCAPNG_SHB;
    if (isShb) {
      if (u32(bytes, pos + 8, true) === PCAPNG_BYTE_ORDER_MAGIC) le = true;
      else if (u32(bytes, pos + 8, false) === PCAPNG_BYTE_ORDER_MAGIC) le = false;
      else return stop('bad-magic', pos + 8, `section header byte-order magic 0x${u32(bytes, pos + 8, false).toString(16).padStart(8, '0')} is not 0x1a2b3c4d`);
      interfaces = [];
    } else if (pos === 0) {
      return stop('bad-magic', 0, 'a pcapng file must begin with a section header block');
    }
    const type = u32(bytes, pos, le);
    const blockLength = u32(bytes, pos + 4, le);
    if (blockLength < 12 || blockLength % 4 !== 0) return stop('bad-block-length', pos + 4, `block type 0x${type.toString(16)} has total length ${blockLength} (must be a multiple of 4, at least 12)`);
    if (blockLength > remain) return stop('truncated', pos + 4, `block type 0x${type.toString(16)} claims ${blockLength} bytes, ${remain} remain`);
    const trailer = u32(bytes, pos + blockLength - 4, le);
    if (trailer !== blockLength) return stop('bad-block-length', pos + blockLength - 4, `block type 0x${type.toString(16)} ends with total length ${trailer}, begins with ${blockLength}`);
    const bodyEnd = pos + blockLength - 4;
    if (isShb) {
      if (blockLength < 28) return stop('bad-block-length', pos + 4, `section header block of ${blockLength} bytes (at least 28)`);
      const major = u16(bytes, pos + 12, le);
      if (major !== 1) return stop('bad-version', pos + 12, `pcapng version ${major}.${u16(bytes, pos + 14, le)} (only 1.x is defined)`);
    } else if (type === PCAPNG_IDB) {
      if (blockLength < 20) return stop('bad-block-length', pos + 4, `interface description block of ${blockLength} bytes (at least 20)`);
      let unitsPerSecond = 1_000_000n;
      let offsetSeconds = 0n;
      forEachOption(bytes, pos + 16, bodyEnd, le, warnings, (code, at, length) => {
        // §4.2 if_tsresol: high bit clear = negative power of 10, set = negative power of 2.
        if (code === 9 && length >= 1) {
          const v = bytes[at] ?? 6;
          unitsPerSecond = (v & 0x80) !== 0 ? 2n ** BigInt(v & 0x7f) : 10n ** BigInt(v);
        } else if (code === 14 && length >= 8) {
          const hi = BigInt(u32(bytes, le ? at + 4 : at, le));
          const lo = BigInt(u32(bytes, le ? at : at + 4, le));
          offsetSeconds = BigInt.asIntN(64, (hi << 32n) | lo);
        }
      });
      interfaces.push({ linkType: u16(bytes, pos + 8, le), snaplen: u32(bytes, pos + 12, le), unitsPerSecond, offsetSeconds });
    } else if (type === PCAPNG_EPB || type === PCAPNG_PB) {
      if (blockLength < 32) return stop('bad-block-length', pos + 4, `packet block of ${blockLength} bytes (at least 32)`);
      const ifId = type === PCAPNG_EPB ? u32(bytes, pos + 8, le) : u16(bytes, pos + 8, le);
      const iface = interfaces[ifId];
      if (!iface) return stop('bad-interface', pos + 8, `packet block names interface ${ifId}, ${interfaces.length} described`);
      const caplen = u32(bytes, pos + 20, le);
      const originalLength = u32(bytes, pos + 24, le);
      const problem = checkCaplen(frames.length + 1, caplen, iface.snaplen, pos + 20, options, warnings);
      if (problem) return { format: 'pcapng', frames, warnings, error: problem };
      if (caplen > blockLength - 32) return stop('bad-block-length', pos + 20, `captured length ${caplen} does not fit in a ${blockLength}-byte block`);
      if (caplen > originalLength) warnings.push(err('caplen-exceeds-length', pos + 20, `record ${frames.length + 1}: ${caplen} bytes captured of a ${originalLength}-byte packet`));
      const { seconds, nanos } = timestamp(u32(bytes, pos + 12, le), u32(bytes, pos + 16, le), iface);
      frames.push({ index: frames.length + 1, seconds, nanos, originalLength, data: bytes.subarray(pos + 28, pos + 28 + caplen), linkType: iface.linkType });
    } else if (type === PCAPNG_SPB) {
      if (blockLength < 16) return stop('bad-block-length', pos + 4, `simple packet block of ${blockLength} bytes (at least 16)`);
      const iface = interfaces[0];
      if (!iface) return stop('bad-interface', pos, 'simple packet block before any interface description');
      const originalLength = u32(bytes, pos + 8, le);
      // §4.4: the captured length is what fits, bounded by the original length and the snapshot length.
      let caplen = Math.min(originalLength, blockLength - 16);
      if (iface.snaplen !== 0) caplen = Math.min(caplen, iface.snaplen);
      if (caplen > MAX_CAPTURED_LENGTH) return stop('record-too-large', pos + 8, `record ${frames.length + 1} has ${caplen} captured bytes, more than the ${MAX_CAPTURED_LENGTH} accepted`);
      frames.push({ index: frames.length + 1, seconds: 0, nanos: 0, originalLength, data: bytes.subarray(pos + 12, pos + 12 + caplen), linkType: iface.linkType });
    }
    pos += blockLength;
  }
  return { format: 'pcapng', frames, warnings };
}

function checkCaplen(index: number, caplen: number, snaplen: number, at: number, options: ReadCaptureOptions, warnings: DecodeError[]): DecodeError | undefined {
  if (caplen > MAX_CAPTURED_LENGTH) return err('record-too-large', at, `record ${index} claims ${caplen} captured bytes, more than the ${MAX_CAPTURED_LENGTH} accepted`);
  if (snaplen !== 0 && caplen > snaplen) {
    const e = err('caplen-exceeds-snaplen', at, `record ${index} claims ${caplen} captured bytes, more than the snapshot length ${snaplen}`);
    if (options.lenientSnaplen !== true) return e;
    warnings.push(e);
  }
  return undefined;
}

function timestamp(high: number, low: number, iface: PcapngInterface): { seconds: number; nanos: number } {
  const ts = (BigInt(high) << 32n) | BigInt(low);
  const units = iface.unitsPerSecond;
  return {
    seconds: Number(ts / units + iface.offsetSeconds),
    nanos: Number(((ts % units) * 1_000_000_000n) / units),
  };
}

/** Walks a pcapng option list (§3.5): code, length, value padded to 32 bits, ended by opt_endofopt. */
function forEachOption(bytes: Uint8Array, start: number, end: number, le: boolean, warnings: DecodeError[], visit: (code: number, at: number, length: number) => void): void {
  let pos = start;
  while (pos + 4 <= end) {
    const code = u16(bytes, pos, le);
    const length = u16(bytes, pos + 2, le);
    if (code === 0) return;
    if (pos + 4 + length > end) {
      warnings.push(err('bad-option', pos + 2, `option ${code} of ${length} bytes runs past the end of its block`));
      return;
    }
    visit(code, pos + 4, length);
    pos += 4 + ((length + 3) & ~3);
  }
}

export interface PcapWriteFrame {
  readonly seconds: number;
  /** 0..999 999 999; written as µs (truncated) in a microsecond file. */
  readonly nanos?: number;
  /** Defaults to the data length. */
  readonly originalLength?: number;
  readonly data: Uint8Array;
  readonly linkType?: number;
}

export interface WritePcapOptions {
  readonly resolution?: 'micro' | 'nano';
  /** Defaults to the first frame's link type, else Ethernet. */
  readonly linkType?: number;
  readonly snaplen?: number;
  readonly byteOrder?: 'little' | 'big';
}

/** Writes a classic pcap file. Frames that cannot be represented are programmer errors and throw. */
export function writePcap(frames: readonly PcapWriteFrame[], options: WritePcapOptions = {}): Uint8Array {
  const nano = options.resolution === 'nano';
  const le = options.byteOrder !== 'big';
  const linkType = options.linkType ?? frames[0]?.linkType ?? LINKTYPE_ETHERNET;
  const snaplen = options.snaplen ?? MAX_CAPTURED_LENGTH;
  let total = 24;
  for (const f of frames) total += 16 + f.data.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, nano ? PCAP_MAGIC_NANO : PCAP_MAGIC_MICRO, le);
  view.setUint16(4, 2, le);
  view.setUint16(6, 4, le);
  view.setUint32(16, checkU32('snaplen', snaplen), le);
  view.setUint32(20, checkU32('linkType', linkType), le);
  let pos = 24;
  frames.forEach((f, i) => {
    if (f.linkType !== undefined && f.linkType !== linkType) throw new RangeError(`frames[${i}]: link type ${f.linkType} in a pcap file of link type ${linkType}`);
    if (f.data.length > snaplen) throw new RangeError(`frames[${i}]: ${f.data.length} bytes exceed the snapshot length ${snaplen}`);
    const nanos = f.nanos ?? 0;
    if (!Number.isInteger(nanos) || nanos < 0 || nanos >= 1_000_000_000) throw new RangeError(`frames[${i}].nanos: ${nanos} is not in 0..999999999`);
    view.setUint32(pos, checkU32(`frames[${i}].seconds`, f.seconds), le);
    view.setUint32(pos + 4, nano ? nanos : Math.floor(nanos / 1000), le);
    view.setUint32(pos + 8, f.data.length, le);
    view.setUint32(pos + 12, checkU32(`frames[${i}].originalLength`, f.originalLength ?? f.data.length), le);
    out.set(f.data, pos + 16);
    pos += 16 + f.data.length;
  });
  return out;
}

function checkU32(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`${field}: ${value} is not a 32-bit unsigned integer`);
  return value;
}

function err(code: string, offset: number, message: string): DecodeError {
  return { code, offset, message };
}

function u16(b: Uint8Array, off: number, le: boolean): number {
  const x = b[off] ?? 0;
  const y = b[off + 1] ?? 0;
  return le ? (y << 8) | x : (x << 8) | y;
}

function u32(b: Uint8Array, off: number, le: boolean): number {
  const b0 = b[off] ?? 0;
  const b1 = b[off + 1] ?? 0;
  const b2 = b[off + 2] ?? 0;
  const b3 = b[off + 3] ?? 0;
  return le ? ((b3 << 24) | (b2 << 16) | (b1 << 8) | b0) >>> 0 : ((b0 << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 0;
}
