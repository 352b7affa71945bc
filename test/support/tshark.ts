import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * tshark is the independent dissector the tests compare vipr with. .ci/run installs it
 * (scripts/setup-test-deps.sh); the tests fail loudly rather than skip when it is missing.
 */
export function tshark(args: readonly string[]): string {
  return execFileSync('tshark', ['-n', ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs `tshark -r FILE -Y FILTER -T fields -e F...` and returns one array of field values per frame. */
export function tsharkFields(file: string, filter: string, fields: readonly string[], extra: readonly string[] = []): string[][] {
  const out = tshark(['-r', file, ...extra, '-Y', filter, '-T', 'fields', '-E', 'separator=\t', '-E', 'occurrence=a', '-E', 'aggregator=,', ...fields.flatMap((f) => ['-e', f])]);
  return out
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t'));
}

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(here, '..', '..');
export const SHIP_PCAP_DIR = join(REPO_ROOT, 'test', 'fixtures', 'pcap');
/** Captures without a licence are read in place from the shared fixtures, never copied. */
export const REFERENCE_PCAP_DIR = join(REPO_ROOT, '..', 'shared', 'fixtures', 'pcap', 'reference');
export const HAVE_REFERENCE = existsSync(REFERENCE_PCAP_DIR);

export function shipPcap(rel: string): string {
  return join(SHIP_PCAP_DIR, rel);
}

export function referencePcap(rel: string): string {
  return join(REFERENCE_PCAP_DIR, rel);
}
