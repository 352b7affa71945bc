/**
 * Fuzz targets for the wire: the layer decoders of src/net, the capture reader, the HSRP and VRRP
 * codecs, whole FHRP frames and the per-interface frame dispatch.
 *
 * Every decoder must answer any bytes with a Decoded value whose error, when there is one, names a
 * code and an offset inside the input (DESIGN D6: wire input never throws). What a decoder accepts
 * must be what its encoder writes back (the captures' exact bytes: `vipr encode` relies on it), and a
 * message built from valid field values must decode to itself.
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { fromHex, toHex } from '../../../src/net/bytes.js';
import { decodeArp, encodeArp } from '../../../src/net/arp.js';
import { decodeEthernet, writeEthernetHeader } from '../../../src/net/ethernet.js';
import { decodeNeighborAdvertisement } from '../../../src/net/icmpv6-nd.js';
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from '../../../src/net/ip-address.js';
import { decodeIpv4, ipv4OptionBytes, writeIpv4Header } from '../../../src/net/ipv4.js';
import { decodeIpv6, ipv6ExtensionBytes, writeIpv6Header } from '../../../src/net/ipv6.js';
import { formatMac, parseMac } from '../../../src/net/mac.js';
import { readCapture, writePcap } from '../../../src/net/pcap.js';
import { decodeUdp, writeUdpHeader } from '../../../src/net/udp.js';
import type { DecodeError } from '../../../src/runtime/result.js';
import { decodeFhrpFrame, encodeFhrpFrame, type FhrpFrame } from '../../../src/protocols/fhrp-frame.js';
import { FrameDispatch } from '../../../src/protocols/frame-dispatch.js';
import { decodeHsrp, encodeHsrp, type HsrpMessage } from '../../../src/protocols/hsrp/codec.js';
import type { HsrpV1GroupMessage } from '../../../src/protocols/hsrp/codec-v1.js';
import type { HsrpV2Message, HsrpV2Tlv } from '../../../src/protocols/hsrp/codec-v2.js';
import { decodeVrrp, encodeVrrp, type VrrpMessage } from '../../../src/protocols/vrrp/codec.js';
import type { VrrpV2Message } from '../../../src/protocols/vrrp/codec-v2.js';
import type { VrrpV3Message } from '../../../src/protocols/vrrp/codec-v3.js';
import type { InterfacePort } from '../../../src/dataplane/ports.js';
import { bytesFromJson, bytesToJson, hostileBytes, mutatedFrom, samples } from '../support/inputs.js';
import { defineTarget, expectThat } from '../support/target.js';

/** A decoder's error points inside what it was given and says what went wrong. */
function checkError(e: DecodeError, length: number, what: string): void {
  expectThat(typeof e.code === 'string' && e.code !== '', () => `${what}: error without a code: ${JSON.stringify(e)}`);
  expectThat(Number.isInteger(e.offset) && e.offset >= 0 && e.offset <= length, () => `${what}: error offset ${e.offset} outside the ${length}-byte input (${e.code}: ${e.message})`);
  expectThat(typeof e.message === 'string' && e.message !== '', () => `${what}: error without a message`);
}

function sameBytes(a: Uint8Array, b: Uint8Array, what: string): void {
  expectThat(a.length === b.length && toHex(a) === toHex(b), () => `${what}: re-encoded ${toHex(a)} differs from the input ${toHex(b)}`);
}

// ---- src/net: each layer decoder on hostile bytes, and what it accepts re-encodes exactly --------

function checkWireLayers(b: Uint8Array): void {
  const eth = decodeEthernet(b);
  let l3 = 0;
  if (eth.ok) {
    const out = new Uint8Array(eth.value.payloadOffset);
    writeEthernetHeader(out, eth.value.header);
    sameBytes(out, b.subarray(0, eth.value.payloadOffset), 'Ethernet header');
    l3 = eth.value.payloadOffset;
  } else checkError(eth.error, b.length, 'decodeEthernet');
  // Each upper decoder is tried where the Ethernet header says the payload starts and at 0.
  for (const off of l3 === 0 ? [0] : [l3, 0]) {
    const ip4 = decodeIpv4(b, off);
    if (ip4.ok) {
      const h = ip4.value.header;
      const headerLength = h.ihl * 4;
      const out = new Uint8Array(headerLength);
      writeIpv4Header(out, 0, h, ipv4OptionBytes(h), ip4.value.payloadLength);
      sameBytes(out, b.subarray(off, off + headerLength), 'IPv4 header');
      const udp = decodeUdp(b, ip4.value.payloadOffset, { pseudoAt: { offset: off + 12, family: 'ipv4' }, end: ip4.value.payloadOffset + ip4.value.payloadLength });
      if (udp.ok) {
        const u = new Uint8Array(8);
        writeUdpHeader(u, 0, udp.value.header, udp.value.payloadLength, undefined);
        sameBytes(u, b.subarray(ip4.value.payloadOffset, ip4.value.payloadOffset + 8), 'UDP header');
      } else checkError(udp.error, b.length, 'decodeUdp');
    } else checkError(ip4.error, b.length, 'decodeIpv4');
    const ip6 = decodeIpv6(b, off);
    if (ip6.ok) {
      const h = ip6.value.header;
      const headerEnd = ip6.value.payloadOffset;
      const out = new Uint8Array(headerEnd - off);
      writeIpv6Header(out, 0, h, ipv6ExtensionBytes(h), ip6.value.payloadLength);
      sameBytes(out, b.subarray(off, headerEnd), 'IPv6 header');
      const na = decodeNeighborAdvertisement(b, ip6.value.payloadOffset, { pseudo: { source: h.source, destination: h.destination }, end: ip6.value.payloadOffset + ip6.value.payloadLength });
      if (!na.ok) checkError(na.error, b.length, 'decodeNeighborAdvertisement');
    } else checkError(ip6.error, b.length, 'decodeIpv6');
    const arp = decodeArp(b, off);
    if (arp.ok) sameBytes(encodeArp(arp.value.header), b.subarray(off, off + 28), 'ARP');
    else checkError(arp.error, b.length, 'decodeArp');
  }
  // Address and MAC parsers see text made of the same bytes (`vipr encode` JSON, the CLI).
  const text = Buffer.from(b).toString('latin1');
  for (const t of [text, text.slice(0, 40)]) {
    const v4 = parseIpv4(t);
    if (v4 !== undefined) expectThat(parseIpv4(formatIpv4(v4))?.join() === v4.join(), () => `parseIpv4 round trip of ${JSON.stringify(t)}`);
    const v6 = parseIpv6(t);
    if (v6 !== undefined) expectThat(parseIpv6(formatIpv6(v6))?.join() === v6.join(), () => `parseIpv6 round trip of ${JSON.stringify(t)}`);
    const mac = parseMac(t);
    if (mac !== undefined) expectThat(mac.length === 6, () => `parseMac gave ${mac.length} bytes for ${JSON.stringify(t)}`);
    fromHex(t);
  }
}

export const wireTarget = defineTarget<Uint8Array>({
  name: 'net-layers',
  what: 'Ethernet/802.1Q, IPv4, IPv6, UDP, ARP, ICMPv6 NA decoders and address parsers: mutated capture frames and random bytes',
  arbitrary: () => hostileBytes(samples().frames),
  check: checkWireLayers,
  toJson: bytesToJson,
  fromJson: bytesFromJson,
});

// ---- src/net/pcap.ts -------------------------------------------------------------------------------

const pcapFrame = fc.record({
  seconds: fc.integer({ min: 0, max: 0xffffffff }),
  micros: fc.integer({ min: 0, max: 999_999 }),
  data: fc.uint8Array({ maxLength: 200 }),
});

interface PcapFrameInput {
  readonly seconds: number;
  readonly micros: number;
  readonly data: Uint8Array;
}

type PcapInput = { readonly kind: 'bytes'; readonly bytes: Uint8Array } | { readonly kind: 'frames'; readonly frames: readonly PcapFrameInput[]; readonly big: boolean };

function checkPcap(input: PcapInput): void {
  if (input.kind === 'bytes') {
    for (const lenient of [false, true]) {
      const r = readCapture(input.bytes, { lenientSnaplen: lenient });
      if (r.error !== undefined) checkError(r.error, input.bytes.length, 'readCapture');
      for (const w of r.warnings) checkError(w, input.bytes.length, 'readCapture warning');
      for (const f of r.frames) expectThat(f.data.length <= input.bytes.length, () => 'a frame longer than the file');
    }
    return;
  }
  // Round trip: what writePcap writes, readCapture reads back frame for frame.
  const file = writePcap(
    input.frames.map((f) => ({ seconds: f.seconds, nanos: f.micros * 1000, data: f.data, originalLength: f.data.length })),
    { byteOrder: input.big ? 'big' : 'little' },
  );
  const r = readCapture(file);
  expectThat(r.error === undefined, () => `readCapture failed on writePcap output: ${JSON.stringify(r.error)}`);
  expectThat(r.frames.length === input.frames.length, () => `${r.frames.length} frames read, ${input.frames.length} written`);
  r.frames.forEach((f, i) => {
    const w = input.frames[i] as PcapFrameInput;
    expectThat(f.seconds === w.seconds && f.nanos === w.micros * 1000 && toHex(f.data) === toHex(w.data), () => `frame ${i + 1} differs after the round trip`);
  });
}

export const pcapTarget = defineTarget<PcapInput>({
  name: 'pcap',
  what: 'capture reader: mutated real pcap/pcapng files and random bytes; writePcap → readCapture round trip',
  arbitrary: () =>
    fc.oneof(
      { arbitrary: fc.oneof(mutatedFrom(samples().files, 8), fc.uint8Array({ maxLength: 512 })).map((bytes) => ({ kind: 'bytes' as const, bytes })), weight: 3 },
      { arbitrary: fc.record({ kind: fc.constant('frames' as const), frames: fc.array(pcapFrame, { maxLength: 6 }), big: fc.boolean() }), weight: 1 },
    ),
  check: checkPcap,
  toJson: (i) => (i.kind === 'bytes' ? { kind: 'bytes', bytes: toHex(i.bytes) } : { ...i, frames: i.frames.map((f) => ({ ...f, data: toHex(f.data) })) }),
  fromJson: (j) => {
    const o = j as { kind: string; bytes?: string; frames?: { seconds: number; micros: number; data: string }[]; big?: boolean };
    if (o.kind === 'bytes') return { kind: 'bytes', bytes: bytesFromJson(o.bytes) };
    return { kind: 'frames', big: o.big === true, frames: (o.frames ?? []).map((f) => ({ ...f, data: bytesFromJson(f.data) })) };
  },
});

// ---- generators of valid HSRP and VRRP messages ------------------------------------------------------

const ipv4Text = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => formatIpv4(b));
const ipv6Text = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => formatIpv6(b));
const macText = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => formatMac(b));
const byte = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
/** Clear-text keys: printable, no NUL (the field ends at the first NUL), at most the 8 bytes of the field. */
const authText = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 8 });
const digest = fc.uint8Array({ minLength: 16, maxLength: 16 }).map(toHex);

const hsrpV1: fc.Arbitrary<HsrpV1GroupMessage> = fc.record({
  protocol: fc.constant('hsrp-v1' as const),
  opcode: fc.constantFrom('hello' as const, 'coup' as const, 'resign' as const),
  state: fc.constantFrom('initial' as const, 'learn' as const, 'listen' as const, 'speak' as const, 'standby' as const, 'active' as const),
  helloTimeS: byte,
  holdTimeS: byte,
  priority: byte,
  group: byte,
  reserved: byte,
  authText,
  virtualIp: ipv4Text,
});

const hsrpV2Tlv: fc.Arbitrary<HsrpV2Tlv> = fc.oneof(
  fc.record({ type: fc.constant('interface-state' as const), activeGroups: u16, passiveGroups: u16 }),
  fc.record({ type: fc.constant('text-auth' as const), authText }),
  fc.record({
    type: fc.constant('md5-auth' as const),
    algorithm: fc.constant('md5' as const),
    padding: byte,
    flags: byte,
    senderIp: ipv4Text,
    keyId: u32,
    digest,
  }),
  fc.record({ type: fc.constant('unknown' as const), tlvType: fc.integer({ min: 5, max: 255 }), value: fc.uint8Array({ maxLength: 24 }).map(toHex) }),
);

const hsrpV2: fc.Arbitrary<HsrpV2Message> = fc
  .tuple(
    fc.constantFrom(4, 6),
    fc.record({
      opcode: fc.constantFrom('hello' as const, 'coup' as const, 'resign' as const),
      state: fc.constantFrom('disabled' as const, 'init' as const, 'learn' as const, 'listen' as const, 'speak' as const, 'standby' as const, 'active' as const),
      group: u16,
      identifier: macText,
      priority: u32,
      helloTimeMs: u32,
      holdTimeMs: u32,
    }),
    ipv4Text,
    ipv6Text,
    fc.array(hsrpV2Tlv, { maxLength: 3 }),
  )
  .map(([ipVersion, g, v4, v6, rest]) => ({
    protocol: 'hsrp-v2' as const,
    tlvs: [{ type: 'group-state' as const, ...g, ipVersion, virtualIp: ipVersion === 4 ? v4 : v6 }, ...rest],
  }));

/** Structural equality after a JSON trip: optional fields left undefined equal absent ones. */
function sameMessage(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
}

type HsrpInput = { readonly kind: 'bytes'; readonly bytes: Uint8Array } | { readonly kind: 'message'; readonly message: HsrpMessage };

function checkHsrp(input: HsrpInput): void {
  if (input.kind === 'message') {
    const wire = encodeHsrp(input.message);
    const back = decodeHsrp(wire);
    expectThat(back.ok, () => `decode(encode(m)) failed: ${back.ok ? '' : JSON.stringify(back.error)}`);
    expectThat(sameMessage(back.value, input.message), () => `decode(encode(m)) = ${JSON.stringify(back.ok ? back.value : undefined)}`);
    return;
  }
  const b = input.bytes;
  for (const v of [1, 2, undefined] as const) {
    const r = decodeHsrp(b, v);
    if (r.ok) sameBytes(encodeHsrp(r.value), b, `HSRP (version ${String(v)})`);
    else checkError(r.error, b.length, 'decodeHsrp');
  }
}

export const hsrpCodecTarget = defineTarget<HsrpInput>({
  name: 'hsrp-codec',
  what: 'HSRPv1/v2 decoders on mutated captured payloads and random bytes (accepted ⇒ re-encodes to the same bytes); decode(encode(m)) = m for generated v1/v2 messages',
  arbitrary: () =>
    fc.oneof(
      { arbitrary: hostileBytes(samples().hsrpPayloads, 96).map((bytes) => ({ kind: 'bytes' as const, bytes })), weight: 3 },
      { arbitrary: fc.oneof(hsrpV1 as fc.Arbitrary<HsrpMessage>, hsrpV2).map((message) => ({ kind: 'message' as const, message })), weight: 1 },
    ),
  check: checkHsrp,
  toJson: (i) => (i.kind === 'bytes' ? { kind: 'bytes', bytes: toHex(i.bytes) } : i),
  fromJson: (j) => {
    const o = j as { kind: string; bytes?: string; message?: HsrpMessage };
    return o.kind === 'bytes' ? { kind: 'bytes', bytes: bytesFromJson(o.bytes) } : { kind: 'message', message: o.message as HsrpMessage };
  },
});

const vrrpV2: fc.Arbitrary<VrrpV2Message> = fc
  .record({
    vrid: byte,
    priority: byte,
    adverIntSec: byte,
    addresses: fc.array(ipv4Text, { minLength: 1, maxLength: 6 }),
    auth: fc.oneof(fc.constant({ authType: 'none' as const }), authText.map((t) => ({ authType: 'text' as const, authText: t }))),
  })
  .map(({ auth, ...m }) => ({ version: 2 as const, ...m, ...auth }));

const vrrpV3 = (family: 4 | 6): fc.Arbitrary<VrrpV3Message> =>
  fc.record({
    version: fc.constant(3 as const),
    family: fc.constant(family),
    vrid: byte,
    priority: byte,
    maxAdverIntCs: fc.integer({ min: 0, max: 0x0fff }),
    addresses: fc.array(family === 4 ? ipv4Text : ipv6Text, { minLength: 1, maxLength: 6 }),
  });

type VrrpInput =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly family: 4 | 6; readonly src: Uint8Array; readonly dst: Uint8Array }
  | { readonly kind: 'message'; readonly message: VrrpMessage; readonly src: string; readonly dst: string; readonly style: 'plain' | 'pseudo-header' };

function checkVrrp(input: VrrpInput): void {
  if (input.kind === 'message') {
    const m = input.message;
    const family = m.version === 2 ? 4 : m.family;
    const ip = { family, src: input.src, dst: input.dst } as const;
    const wire = encodeVrrp(m, { ip, ...(m.version === 3 && family === 4 ? { checksumStyle: input.style } : {}) });
    const back = decodeVrrp(wire, ip);
    expectThat(back.ok, () => `decode(encode(m)) failed: ${back.ok ? '' : JSON.stringify(back.error)}`);
    const { checksum, ...got } = back.value.message;
    expectThat(typeof checksum === 'number', () => 'decoded advert without its checksum');
    expectThat(sameMessage(got, m), () => `decode(encode(m)) = ${JSON.stringify(back.value.message)}`);
    const wanted = m.version === 3 ? (family === 6 ? 'pseudo-header' : input.style) : 'plain';
    // Both styles can give the same value (one advert in 65,536); the decoder then names either.
    const expected = wanted === 'plain' ? back.value.checksum.expected.plain : back.value.checksum.expected.pseudoHeader;
    expectThat(back.value.checksum.status === 'good' && (back.value.checksum.style === wanted || expected === checksum), () => `the ${wanted} checksum vipr computed does not verify: ${JSON.stringify(back.value.checksum)}`);
    return;
  }
  const ip = { family: input.family, src: input.src, dst: input.dst };
  const r = decodeVrrp(input.bytes, ip);
  if (!r.ok) {
    checkError(r.error, input.bytes.length, 'decodeVrrp');
    return;
  }
  const m = r.value.message;
  const again = encodeVrrp(m, { ip, checksum: 'verbatim', ...(m.version === 3 ? { checksumStyle: r.value.checksum.style } : {}) });
  sameBytes(again, input.bytes, 'VRRP');
}

const vrrpBytes = (): fc.Arbitrary<VrrpInput> =>
  fc.integer({ min: 0, max: Math.max(0, samples().vrrpPayloads.length - 1) }).chain((i) => {
  const s = samples().vrrpPayloads[i];
  if (s === undefined) return fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ kind: 'bytes' as const, bytes, family: 4 as const, src: Uint8Array.of(10, 0, 0, 1), dst: Uint8Array.of(224, 0, 0, 18) }));
  return fc.oneof(mutatedFrom([s.payload]), fc.uint8Array({ maxLength: 64 })).map((bytes) => ({ kind: 'bytes' as const, bytes, family: s.family, src: s.src, dst: s.dst }));
});

export const vrrpCodecTarget = defineTarget<VrrpInput>({
  name: 'vrrp-codec',
  what: 'VRRPv2/v3 decoders on mutated captured adverts and random bytes (accepted ⇒ re-encodes to the same bytes); decode(encode(m)) = m for generated v2, v3/IPv4 (both checksum styles), v3/IPv6',
  arbitrary: () =>
    fc.oneof(
      { arbitrary: vrrpBytes(), weight: 3 },
      {
        arbitrary: fc.oneof(
          fc.record({ kind: fc.constant('message' as const), message: vrrpV2 as fc.Arbitrary<VrrpMessage>, src: ipv4Text, dst: fc.constant('224.0.0.18'), style: fc.constant('plain' as const) }),
          fc.record({ kind: fc.constant('message' as const), message: vrrpV3(4) as fc.Arbitrary<VrrpMessage>, src: ipv4Text, dst: fc.constant('224.0.0.18'), style: fc.constantFrom('plain' as const, 'pseudo-header' as const) }),
          fc.record({ kind: fc.constant('message' as const), message: vrrpV3(6) as fc.Arbitrary<VrrpMessage>, src: ipv6Text, dst: fc.constant('ff02::12'), style: fc.constant('pseudo-header' as const) }),
        ),
        weight: 1,
      },
    ),
  check: checkVrrp,
  toJson: (i) => (i.kind === 'bytes' ? { ...i, bytes: toHex(i.bytes), src: toHex(i.src), dst: toHex(i.dst) } : i),
  fromJson: (j) => {
    const o = j as Record<string, unknown>;
    if (o.kind === 'bytes') return { kind: 'bytes', family: o.family === 6 ? 6 : 4, bytes: bytesFromJson(o.bytes), src: bytesFromJson(o.src), dst: bytesFromJson(o.dst) };
    return o as unknown as VrrpInput;
  },
});

// ---- whole frames and the dispatch -----------------------------------------------------------------

function checkFrame(b: Uint8Array): FhrpFrame | undefined {
  const d = decodeFhrpFrame(b);
  if (d === undefined) return undefined;
  if (!d.ok) {
    checkError(d.error, b.length, 'decodeFhrpFrame');
    return undefined;
  }
  // A frame is re-encoded from its decoding byte for byte (the `vipr decode --json | vipr encode` promise).
  const f = d.value;
  const again = encodeFhrpFrame({
    ethernet: f.ethernet,
    ip: f.ip,
    ...(f.udp !== undefined ? { udp: f.udp } : {}),
    ...(f.hsrp !== undefined ? { hsrp: f.hsrp } : {}),
    ...(f.vrrp !== undefined ? { vrrp: f.vrrp } : {}),
    ...(f.vrrpChecksum !== undefined ? { vrrpChecksumStyle: f.vrrpChecksum.style } : {}),
    trailer: f.trailer,
  });
  sameBytes(again, b, `${f.protocol} frame`);
  return f;
}

export const frameTarget = defineTarget<Uint8Array>({
  name: 'fhrp-frame',
  what: 'whole-frame decoder (Ethernet → IPv4/IPv6 → UDP → HSRP, → VRRP) on mutated captured FHRP frames and random bytes; accepted ⇒ encodeFhrpFrame gives the same bytes',
  arbitrary: () => hostileBytes(samples().fhrp.map((s) => s.bytes)),
  check: (b) => {
    checkFrame(b);
  },
  toJson: bytesToJson,
  fromJson: bytesFromJson,
});

/** A port that hands frames to the dispatch as a Linux port does: each frame in its own buffer. */
class FeedPort implements InterfacePort {
  readonly ifName = 'GigabitEthernet0/1';
  readonly mac = Uint8Array.of(0xaa, 0xbb, 0xcc, 0, 0, 1);
  private handler: ((frame: Uint8Array) => void) | undefined;
  linkUp(): boolean {
    return true;
  }
  send(): void {}
  subscribe(handler: (frame: Uint8Array) => void): () => void {
    this.handler = handler;
    return () => {
      this.handler = undefined;
    };
  }
  onLinkChange(): () => void {
    return () => undefined;
  }
  deliver(frame: Uint8Array): void {
    this.handler?.(frame);
  }
}

function checkDispatch(frames: readonly Uint8Array[]): void {
  const port = new FeedPort();
  const dispatch = new FrameDispatch(port);
  const got: FhrpFrame[] = [];
  dispatch.add({ accepts: () => true, receive: (f) => got.push(f) });
  let expectedDrops = 0;
  for (const f of frames) {
    // Each frame twice, the second time in a fresh buffer: the memo must give the same answer.
    for (const copy of [f, f.slice()]) {
      const before = got.length;
      port.deliver(copy);
      const direct = decodeFhrpFrame(copy);
      if (direct === undefined) expectThat(got.length === before, () => `a frame that is not FHRP reached a receiver: ${toHex(copy)}`);
      else if (!direct.ok) {
        expectedDrops++;
        expectThat(got.length === before, () => `an undecodable frame reached a receiver: ${toHex(copy)}`);
      } else {
        expectThat(got.length === before + 1, () => `a valid frame did not reach the receiver: ${toHex(copy)}`);
        expectThat(sameMessage(got[before], direct.value), () => `the dispatch handed on a different decoding of ${toHex(copy)}`);
      }
    }
  }
  let drops = 0;
  for (const n of dispatch.drops.values()) drops += n;
  expectThat(drops === expectedDrops, () => `${drops} drops counted, ${expectedDrops} expected`);
  dispatch.close();
}

export const dispatchTarget = defineTarget<Uint8Array[]>({
  name: 'frame-dispatch',
  what: 'per-interface dispatch with its decode memo: sequences of mutated FHRP frames, each delivered twice (same and fresh buffer); receivers get exactly the direct decoding, drops are counted',
  arbitrary: () => fc.array(hostileBytes(samples().fhrp.map((s) => s.bytes)), { minLength: 1, maxLength: 8 }),
  check: checkDispatch,
  toJson: (l) => l.map(toHex),
  fromJson: (j) => (j as unknown[]).map(bytesFromJson),
});
