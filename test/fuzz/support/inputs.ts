/**
 * Inputs shared by the fuzz targets: the frames of every real capture at hand (the shipped fixtures,
 * plus the reference captures of ../shared when present), their HSRP/VRRP payloads, the lines of the
 * real configurations, and fast-check arbitraries that mutate them the way a broken or hostile peer
 * would (byte flips, boundary values, truncations, insertions, deletions).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { toHex } from '../../../src/net/bytes.js';
import { decodeEthernet } from '../../../src/net/ethernet.js';
import { decodeIpv4 } from '../../../src/net/ipv4.js';
import { decodeIpv6 } from '../../../src/net/ipv6.js';
import { readCapture } from '../../../src/net/pcap.js';
import { decodeFhrpFrame, type FhrpFrame } from '../../../src/protocols/fhrp-frame.js';
import { HAVE_REFERENCE, REFERENCE_PCAP_DIR, REPO_ROOT, SHIP_PCAP_DIR } from '../../support/tshark.js';

export const CONFIG_FIXTURES_DIR = join(REPO_ROOT, 'test', 'fixtures', 'configs');

function walk(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p, pattern));
    else if (pattern.test(name)) out.push(p);
  }
  return out;
}

/** Every capture file at hand, as bytes. */
export function captureFiles(): { path: string; bytes: Uint8Array }[] {
  const paths = [...walk(SHIP_PCAP_DIR, /\.(pcap|pcapng)$/), ...(HAVE_REFERENCE ? walk(REFERENCE_PCAP_DIR, /\.(pcap|pcapng)$/) : [])];
  return paths.map((path) => ({ path, bytes: new Uint8Array(readFileSync(path)) }));
}

export interface Samples {
  /** Distinct Ethernet frames of every capture (FHRP or not: ARP, CDP, STP… are what a LAN carries). */
  readonly frames: readonly Uint8Array[];
  /** Distinct frames that decode as HSRP or VRRP, with their decoding. */
  readonly fhrp: readonly { readonly bytes: Uint8Array; readonly frame: FhrpFrame }[];
  /** Distinct HSRP payloads (the UDP payload). */
  readonly hsrpPayloads: readonly Uint8Array[];
  /** Distinct VRRP payloads with the IP addresses they were sent with. */
  readonly vrrpPayloads: readonly { readonly payload: Uint8Array; readonly family: 4 | 6; readonly src: Uint8Array; readonly dst: Uint8Array }[];
  /** Small capture files (whole), for the capture reader. */
  readonly files: readonly Uint8Array[];
}

/** Caps keep each sample set small enough that the mutators pick real variety quickly. */
const MAX_SAMPLES = 400;
const MAX_FILE_BYTES = 64 * 1024;

let cached: Samples | undefined;

export function samples(): Samples {
  if (cached !== undefined) return cached;
  const frames = new Map<string, Uint8Array>();
  const files: Uint8Array[] = [];
  for (const f of captureFiles()) {
    if (f.bytes.length <= MAX_FILE_BYTES) files.push(f.bytes);
    for (const fr of readCapture(f.bytes, { lenientSnaplen: true }).frames) {
      if (fr.linkType !== 1 || frames.size >= 4 * MAX_SAMPLES) continue;
      frames.set(toHex(fr.data), fr.data.slice());
    }
  }
  const fhrp: { bytes: Uint8Array; frame: FhrpFrame }[] = [];
  const hsrp = new Map<string, Uint8Array>();
  const vrrp = new Map<string, Samples['vrrpPayloads'][number]>();
  for (const bytes of frames.values()) {
    const d = decodeFhrpFrame(bytes);
    if (d === undefined || !d.ok) continue;
    fhrp.push({ bytes, frame: d.value });
    const eth = decodeEthernet(bytes);
    if (!eth.ok) continue;
    const ipOffset = eth.value.payloadOffset;
    const ip = d.value.ip.version === 4 ? decodeIpv4(bytes, ipOffset) : decodeIpv6(bytes, ipOffset);
    if (!ip.ok) continue;
    const { payloadOffset, payloadLength } = ip.value;
    if (d.value.hsrp !== undefined) {
      const payload = bytes.slice(payloadOffset + 8, payloadOffset + payloadLength);
      hsrp.set(toHex(payload), payload);
    }
    if (d.value.vrrp !== undefined) {
      const family = d.value.ip.version === 4 ? 4 : 6;
      const payload = bytes.slice(payloadOffset, payloadOffset + payloadLength);
      const src = family === 4 ? bytes.slice(ipOffset + 12, ipOffset + 16) : bytes.slice(ipOffset + 8, ipOffset + 24);
      const dst = family === 4 ? bytes.slice(ipOffset + 16, ipOffset + 20) : bytes.slice(ipOffset + 24, ipOffset + 40);
      vrrp.set(toHex(payload), { payload, family, src, dst });
    }
  }
  cached = {
    frames: [...frames.values()].slice(0, MAX_SAMPLES * 4),
    fhrp: fhrp.slice(0, MAX_SAMPLES),
    hsrpPayloads: [...hsrp.values()].slice(0, MAX_SAMPLES),
    vrrpPayloads: [...vrrp.values()].slice(0, MAX_SAMPLES),
    files,
  };
  return cached;
}

/** Lines of every real configuration in test/fixtures/configs. */
export function configLines(): string[] {
  const lines: string[] = [];
  for (const p of walk(CONFIG_FIXTURES_DIR, /\.cfg$/)) lines.push(...readFileSync(p, 'utf8').split('\n'));
  return lines;
}

// ---- mutation ------------------------------------------------------------------------------------

type Edit =
  | { readonly k: 'set'; readonly at: number; readonly v: number }
  | { readonly k: 'edge'; readonly at: number; readonly v: number }
  | { readonly k: 'flip'; readonly at: number; readonly bit: number }
  | { readonly k: 'cut'; readonly at: number }
  | { readonly k: 'drop'; readonly at: number; readonly n: number }
  | { readonly k: 'insert'; readonly at: number; readonly bytes: Uint8Array };

const EDGE_VALUES = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff];

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ k: fc.constant('set' as const), at: fc.nat(), v: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ k: fc.constant('edge' as const), at: fc.nat(), v: fc.constantFrom(...EDGE_VALUES) }),
  fc.record({ k: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ k: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ k: fc.constant('drop' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ k: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
);

/** Applies edits to a copy; positions wrap around the current length, so every edit lands somewhere. */
export function applyEdits(base: Uint8Array, edits: readonly Edit[]): Uint8Array {
  let b = base.slice();
  for (const e of edits) {
    const n = b.length;
    switch (e.k) {
      case 'set':
      case 'edge':
        if (n > 0) b[e.at % n] = e.v;
        break;
      case 'flip':
        if (n > 0) b[e.at % n] = (b[e.at % n] as number) ^ (1 << e.bit);
        break;
      case 'cut':
        b = b.slice(0, e.at % (n + 1));
        break;
      case 'drop': {
        const at = e.at % (n + 1);
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(Math.min(n, at + e.n))]);
        break;
      }
      case 'insert': {
        const at = e.at % (n + 1);
        const out = new Uint8Array(n + e.bytes.length);
        out.set(b.subarray(0, at));
        out.set(e.bytes, at);
        out.set(b.subarray(at), at + e.bytes.length);
        b = out;
        break;
      }
    }
  }
  return b;
}

/** A sample with 1–6 edits. */
export function mutatedFrom(list: readonly Uint8Array[], maxEdits = 6): fc.Arbitrary<Uint8Array> {
  if (list.length === 0) return fc.uint8Array({ maxLength: 128 });
  return fc.tuple(fc.integer({ min: 0, max: list.length - 1 }), fc.array(edit, { minLength: 1, maxLength: maxEdits })).map(([i, edits]) => applyEdits(list[i] as Uint8Array, edits));
}

/** Mutated samples most of the time (they reach deep into the decoders), plain random bytes otherwise. */
export function hostileBytes(list: readonly Uint8Array[], maxRandom = 256): fc.Arbitrary<Uint8Array> {
  return fc.oneof({ arbitrary: mutatedFrom(list), weight: 4 }, { arbitrary: fc.uint8Array({ maxLength: maxRandom }), weight: 1 }, { arbitrary: fc.constantFrom(...(list.length > 0 ? list : [new Uint8Array(0)])), weight: 1 });
}

/** JSON form of bytes for fixtures. */
export function bytesToJson(b: Uint8Array): string {
  return toHex(b);
}

export function bytesFromJson(v: unknown): Uint8Array {
  if (typeof v !== 'string' || !/^([0-9a-f]{2})*$/i.test(v)) throw new TypeError('a byte fixture is an even-length hex string');
  return new Uint8Array(Buffer.from(v, 'hex'));
}
