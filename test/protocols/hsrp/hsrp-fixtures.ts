/**
 * HSRP payloads of the captures, extracted with tshark (the frame/pcap layer of vipr is written
 * elsewhere; once it lands these helpers can read the files themselves).
 */
import { fromHex } from '../../../src/net/bytes.js';
import { HAVE_REFERENCE, referencePcap, shipPcap, tsharkFields } from '../../support/tshark.js';

export interface CaptureFile {
  readonly name: string;
  readonly path: string;
  readonly reference: boolean;
  /** MD5 key per sender IP, for the john captures (fixtures README). */
  readonly keys?: Readonly<Record<string, string>>;
}

export interface HsrpFrame {
  readonly frame: number;
  readonly src: string;
  readonly dst: string;
  readonly dstPort: number;
  readonly payload: Uint8Array;
}

export const SHIP_CAPTURES: readonly CaptureFile[] = [
  'tcpdump/HSRP_coup.pcap',
  'tcpdump/HSRP_election.pcap',
  'tcpdump/HSRP_failover.pcap',
  'ndpi/hsrp0.pcap',
  'ndpi/hsrp2.pcap',
].map((rel) => ({ name: rel, path: shipPcap(rel), reference: false }));

const PW = 'password12345';
const OW = 'openwall12345';

export const REFERENCE_CAPTURES: readonly CaptureFile[] = [
  { name: 'john/hsrp-HSRP-auth-md5-openwall.pcap', keys: { '172.16.40.10': 'openwall', '172.16.40.20': 'openwall' } },
  { name: 'john/hsrp-10-0.1-1409591337.pcap', keys: { '10.0.0.10': PW, '10.0.0.20': PW } },
  { name: 'john/hsrp-10-0.1-1408903444.pcap', keys: { '10.0.0.10': PW, '10.0.0.30': OW } },
  { name: 'john/hsrp-10-0.1-1408903874.pcap', keys: { '10.0.0.10': PW, '10.0.0.20': OW } },
  { name: 'john/hsrp-10-0.1-1408903630.pcap', keys: { '10.0.0.10': PW, '10.0.0.20': OW } },
  { name: 'packetlife/gratuitous_arp_hsrp.pcap' },
].map((c) => ({ ...c, path: referencePcap(c.name), reference: true }));

export const ALL_CAPTURES: readonly CaptureFile[] = [...SHIP_CAPTURES, ...REFERENCE_CAPTURES];

export { HAVE_REFERENCE };
export const REFERENCE_SKIP_REASON = 'reference captures (../shared/fixtures/pcap/reference) are absent';

/** tshark 4.0 names both versions `hsrp` (fields hsrp.* and hsrp2.*); there is no `hsrpv2` filter. */
export const HSRP_FILTER = 'hsrp';

const cache = new Map<string, HsrpFrame[]>();

export function hsrpFrames(file: string): HsrpFrame[] {
  const hit = cache.get(file);
  if (hit) return hit;
  const rows = tsharkFields(file, HSRP_FILTER, ['frame.number', 'ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst', 'udp.dstport', 'udp.payload']);
  const frames = rows.map(([frame, src4, dst4, src6, dst6, port, hex]) => ({
    frame: Number(frame),
    src: src4 || src6 || '',
    dst: dst4 || dst6 || '',
    dstPort: Number(port),
    payload: fromHex(hex ?? '') ?? new Uint8Array(0),
  }));
  cache.set(file, frames);
  return frames;
}

/** tshark fields of the HSRP frames of a capture, keyed by frame number. */
export function hsrpFieldsByFrame(file: string, fields: readonly string[]): Map<number, Record<string, string>> {
  const rows = tsharkFields(file, HSRP_FILTER, ['frame.number', ...fields]);
  const out = new Map<number, Record<string, string>>();
  for (const [frame, ...values] of rows) {
    const rec: Record<string, string> = {};
    fields.forEach((f, i) => (rec[f] = values[i] ?? ''));
    out.set(Number(frame), rec);
  }
  return out;
}
