/**
 * Test-local: wraps a VRRP payload into Ethernet + IPv4/IPv6 (TTL / hop limit 255, spec §5.1) and
 * writes a classic pcap, so tshark can dissect what the encoder produced. A shared version will come
 * from the net layer; this one is deliberately minimal.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concatBytes, writeU16 } from '../../../src/net/bytes.js';
import { internetChecksum } from '../../../src/net/checksum.js';
import { parseIpv4, parseIpv6 } from '../../../src/net/ip-address.js';

export interface WrapOptions {
  readonly family: 4 | 6;
  readonly src: string;
  readonly dst: string;
  readonly vrid?: number;
}

export function wrapInEthernet(payload: Uint8Array, o: WrapOptions): Uint8Array {
  const eth = new Uint8Array(14);
  const vrid = o.vrid ?? 1;
  if (o.family === 4) {
    eth.set([0x01, 0x00, 0x5e, 0x00, 0x00, 0x12, 0x00, 0x00, 0x5e, 0x00, 0x01, vrid, 0x08, 0x00]);
    const ip = new Uint8Array(20);
    ip[0] = 0x45;
    ip[1] = 0xc0;
    writeU16(ip, 2, 20 + payload.length);
    ip[8] = 255;
    ip[9] = 112;
    ip.set(parseIpv4(o.src)!, 12);
    ip.set(parseIpv4(o.dst)!, 16);
    writeU16(ip, 10, internetChecksum(ip));
    return concatBytes([eth, ip, payload]);
  }
  eth.set([0x33, 0x33, 0x00, 0x00, 0x00, 0x12, 0x00, 0x00, 0x5e, 0x00, 0x02, vrid, 0x86, 0xdd]);
  const ip = new Uint8Array(40);
  ip[0] = 0x60;
  writeU16(ip, 4, payload.length);
  ip[6] = 112;
  ip[7] = 255;
  ip.set(parseIpv6(o.src)!, 8);
  ip.set(parseIpv6(o.dst)!, 24);
  return concatBytes([eth, ip, payload]);
}

/** Writes frames as a classic little-endian pcap (link type 1, Ethernet) in a fresh temp dir. */
export function writeTempPcap(frames: readonly Uint8Array[], name = 'vrrp.pcap'): string {
  const header = new Uint8Array(24);
  const dv = new DataView(header.buffer);
  dv.setUint32(0, 0xa1b2c3d4, true);
  dv.setUint16(4, 2, true);
  dv.setUint16(6, 4, true);
  dv.setUint32(16, 65535, true);
  dv.setUint32(20, 1, true);
  const parts: Uint8Array[] = [header];
  frames.forEach((f, i) => {
    const rec = new Uint8Array(16);
    const r = new DataView(rec.buffer);
    r.setUint32(0, 1_700_000_000 + i, true);
    r.setUint32(8, f.length, true);
    r.setUint32(12, f.length, true);
    parts.push(rec, f);
  });
  const path = join(mkdtempSync(join(tmpdir(), 'vipr-vrrp-')), name);
  writeFileSync(path, concatBytes(parts));
  return path;
}

