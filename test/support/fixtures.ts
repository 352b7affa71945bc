import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { seededRandom } from '../../src/runtime/random.js';
import { HAVE_REFERENCE, REFERENCE_PCAP_DIR, SHIP_PCAP_DIR } from './tshark.js';

/** The seeded PRNG of src/runtime/random.ts, under the name the tests use. */
export const prng = seededRandom;

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.(pcap|pcapng)$/.test(name)) out.push(p);
  }
  return out;
}

export interface Fixture {
  readonly name: string;
  readonly path: string;
  /** Malformed on purpose: records longer than the snapshot length. */
  readonly malformed: boolean;
}

/** Every shipped capture, plus the reference ones when ../shared is present. */
export function allFixtures(): Fixture[] {
  const ship = walk(SHIP_PCAP_DIR).map((p) => ({ name: `ship/${relative(SHIP_PCAP_DIR, p)}`, path: p }));
  const ref = HAVE_REFERENCE ? walk(REFERENCE_PCAP_DIR).map((p) => ({ name: `reference/${relative(REFERENCE_PCAP_DIR, p)}`, path: p })) : [];
  return [...ship, ...ref].map((f) => ({ ...f, malformed: /vrrp-oobr/.test(f.name) }));
}
