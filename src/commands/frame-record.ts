/**
 * The JSON form of one captured frame, shared by `vipr decode --json` (which writes it) and
 * `vipr encode` (which reads it back): the frame's place and time in the capture, every header field
 * of every layer, the HSRP or VRRP message, and, for a frame that does not decode, the error and the
 * frame's raw bytes, so decode followed by encode reproduces every frame byte for byte.
 */
import { fromHex, toHex } from '../net/bytes.js';
import { decodeEthernet, ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from '../net/ethernet.js';
import { decodeIpv4 } from '../net/ipv4.js';
import { decodeIpv6 } from '../net/ipv6.js';
import type { CaptureFrame } from '../net/pcap.js';
import { LINKTYPE_ETHERNET } from '../net/pcap.js';
import type { DecodeError } from '../runtime/result.js';
import { decodeFhrpFrame, encodeFhrpFrame, type FhrpFrame, type FhrpFrameInput } from '../protocols/fhrp-frame.js';
import { verifyHsrpMd5 } from '../protocols/hsrp/md5-auth.js';
import { hsrpV2Md5 } from '../protocols/hsrp/codec-v2.js';
import { verifyVrrpMd5 } from '../protocols/vrrp/md5-auth.js';

export type Md5Verdict = 'verified' | 'wrong-key' | 'unverified';

export interface FrameRecord extends Partial<FhrpFrame> {
  /** 1-based index of the frame in its capture file. */
  readonly frame: number;
  /** UTC, ISO 8601 with the capture's precision (6 or 9 decimals). */
  readonly time: string;
  /** The length on the wire, when it differs from the bytes captured. */
  readonly originalLength?: number;
  /** pcap LINKTYPE, when not Ethernet (1). */
  readonly linkType?: number;
  /** For MD5-authenticated frames: the result of checking the digest against the --key values. */
  readonly md5?: Md5Verdict;
  readonly error?: DecodeError;
  /** Error records carry the frame's bytes, hex. */
  readonly raw?: string;
}

/** Formats seconds + nanoseconds as ISO 8601 UTC with 6 decimals, or 9 when the capture has them. */
export function formatCaptureTime(seconds: number, nanos: number): string {
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  const fraction = nanos % 1000 === 0 ? String(nanos / 1000).padStart(6, '0') : String(nanos).padStart(9, '0');
  return `${base}.${fraction}Z`;
}

/** The reverse of formatCaptureTime; undefined when the text is not such a time. */
export function parseCaptureTime(text: string): { seconds: number; nanos: number } | undefined {
  const m = /^(\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(text);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1] ?? ''}Z`);
  if (Number.isNaN(ms)) return undefined;
  return { seconds: Math.floor(ms / 1000), nanos: Number((m[2] ?? '').padEnd(9, '0')) };
}

/** The record of a captured frame, or undefined when it is neither HSRP nor VRRP. */
export function frameRecord(frame: CaptureFrame, keys: readonly string[]): FrameRecord | undefined {
  const place = {
    frame: frame.index,
    time: formatCaptureTime(frame.seconds, frame.nanos),
    ...(frame.originalLength !== frame.data.length ? { originalLength: frame.originalLength } : {}),
    ...(frame.linkType !== LINKTYPE_ETHERNET ? { linkType: frame.linkType } : {}),
  };
  if (frame.linkType !== LINKTYPE_ETHERNET) {
    // Only Ethernet is decoded (what vipr sends and receives); say so rather than skip silently.
    return { ...place, error: { code: 'unsupported-link-type', offset: 0, message: `link type ${frame.linkType} is not Ethernet` }, raw: toHex(frame.data) };
  }
  const decoded = decodeFhrpFrame(frame.data);
  if (decoded === undefined) return undefined;
  if (!decoded.ok) return { ...place, ...outerHeaders(frame.data), error: decoded.error, raw: toHex(frame.data) };
  const md5 = md5Verdict(decoded.value, keys);
  return { ...place, ...decoded.value, ...(md5 === undefined ? {} : { md5 }) };
}

/** For an error record, the Ethernet and IP headers when they decode, so people see who sent it. */
function outerHeaders(data: Uint8Array): Pick<FhrpFrame, 'ethernet'> & Partial<Pick<FhrpFrame, 'ip'>> | Record<string, never> {
  const eth = decodeEthernet(data);
  if (!eth.ok) return {};
  const { header: ethernet, payloadOffset } = eth.value;
  const ip = ethernet.etherType === ETHERTYPE_IPV4 ? decodeIpv4(data, payloadOffset) : ethernet.etherType === ETHERTYPE_IPV6 ? decodeIpv6(data, payloadOffset) : undefined;
  return ip?.ok ? { ethernet, ip: ip.value.header } : { ethernet };
}

function md5Verdict(frame: FhrpFrame, keys: readonly string[]): Md5Verdict | undefined {
  const check = (key: string): string =>
    frame.hsrp !== undefined ? verifyHsrpMd5(frame.hsrp, key) : frame.vrrp?.version === 2 ? verifyVrrpMd5(frame.vrrp, key) : 'no-md5';
  const hasMd5 =
    frame.hsrp !== undefined
      ? frame.hsrp.protocol === 'hsrp-v2'
        ? hsrpV2Md5(frame.hsrp) !== undefined
        : 'md5' in frame.hsrp && frame.hsrp.md5 !== undefined
      : frame.vrrp?.version === 2 && frame.vrrp.md5 !== undefined;
  if (!hasMd5) return undefined;
  if (keys.length === 0) return 'unverified';
  return keys.some((k) => check(k) === 'verified') ? 'verified' : 'wrong-key';
}

/** Builds the bytes of a record: verbatim from `raw`, or from its layers. Throws on bad input. */
export function encodeRecord(record: FrameRecord, md5Key?: string): Uint8Array {
  if (record.raw !== undefined) {
    const raw = fromHex(record.raw);
    if (raw === undefined) throw new TypeError('raw must be hex');
    return raw;
  }
  return encodeFhrpFrame(record as FhrpFrameInput, md5Key === undefined ? {} : { md5Key });
}
