/**
 * Waiting for the interfaces a lab platform promises (ecosystem §2, §3). containerlab adds the data
 * veths after the container started and tells how many in CLAB_INTFS (eth0 excluded); GNS3 names the
 * last adapter in GNS3_MAX_ETHERNET (`eth3`: eth0..eth3). There is a race between start-up and link
 * creation (containerlab #2632, #754), so vipr polls, as network-multitool's if-wait.sh polls
 * /sys/class/net, with a timeout (300 s there) — and keeps accepting interfaces that appear later
 * (`link-apply-mode: live`, a restarted peer) through `watchInterfaces`.
 */
import { readdir } from 'node:fs/promises';
import type { Iproute2 } from './iproute2.js';

/** What the platform promised: `count` data interfaces besides the excluded ones, or these names. */
export type ExpectedInterfaces =
  | { readonly kind: 'none' }
  | { readonly kind: 'count'; readonly count: number; readonly exclude: readonly string[]; readonly source: string }
  | { readonly kind: 'names'; readonly names: readonly string[]; readonly source: string };

/** Devices vipr creates itself never count as the platform's interfaces. */
const NOT_DATA = /^(lo|lo\d+|vh-.*|vh[0-9a-f]{5}-.*|.*\.\d+)$/;

export function expectedInterfaces(env: Readonly<Record<string, string | undefined>>): ExpectedInterfaces {
  const clab = env['CLAB_INTFS'];
  if (clab !== undefined && /^\d+$/.test(clab.trim())) return { kind: 'count', count: Number(clab.trim()), exclude: ['eth0'], source: 'CLAB_INTFS' };
  const gns3 = env['GNS3_MAX_ETHERNET'];
  const m = gns3 === undefined ? null : /^eth(\d+)$/.exec(gns3.trim());
  if (m) return { kind: 'names', names: Array.from({ length: Number(m[1]) + 1 }, (_, i) => `eth${i}`), source: 'GNS3_MAX_ETHERNET' };
  return { kind: 'none' };
}

/** Lists device names: /sys/class/net for vipr's own namespace, `ip link` for a named one. */
export type DeviceLister = () => Promise<string[]>;

export function sysfsLister(dir = '/sys/class/net'): DeviceLister {
  return async () => readdir(dir);
}

export function iproute2Lister(ip: Iproute2): DeviceLister {
  return async () => (await ip.json<{ ifname: string }[]>(['link', 'show'])).map((l) => l.ifname);
}

export function dataInterfaces(present: readonly string[], expected: ExpectedInterfaces): string[] {
  switch (expected.kind) {
    case 'none':
      return [];
    case 'names':
      return expected.names.filter((n) => present.includes(n));
    case 'count':
      return present.filter((n) => !expected.exclude.includes(n) && !NOT_DATA.test(n)).sort(byNaturalName);
  }
}

export function satisfied(present: readonly string[], expected: ExpectedInterfaces): boolean {
  switch (expected.kind) {
    case 'none':
      return true;
    case 'names':
      return expected.names.every((n) => present.includes(n));
    case 'count':
      return dataInterfaces(present, expected).length >= expected.count;
  }
}

export interface WaitResult {
  readonly complete: boolean;
  readonly present: readonly string[];
  /** for `names`: the ones still missing; for `count`: how many are missing */
  readonly missing: readonly string[] | number;
  readonly elapsedMs: number;
}

/** Polls until the expectation is met or the timeout passes (never rejects for a timeout). */
export async function waitForInterfaces(
  expected: ExpectedInterfaces,
  options: { readonly list?: DeviceLister; readonly timeoutMs?: number; readonly pollMs?: number; readonly signal?: AbortSignal } = {},
): Promise<WaitResult> {
  const list = options.list ?? sysfsLister();
  const timeoutMs = options.timeoutMs ?? 300_000;
  const pollMs = options.pollMs ?? 100;
  const started = performance.now();
  for (;;) {
    const present = await list();
    const elapsedMs = performance.now() - started;
    if (satisfied(present, expected) || elapsedMs >= timeoutMs || options.signal?.aborted) {
      const complete = satisfied(present, expected);
      const missing =
        expected.kind === 'names' ? expected.names.filter((n) => !present.includes(n)) : expected.kind === 'count' ? Math.max(0, expected.count - dataInterfaces(present, expected).length) : 0;
      return { complete, present, missing, elapsedMs };
    }
    await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(1, timeoutMs - elapsedMs))));
  }
}

/**
 * Calls `onChange` with the devices that appeared and disappeared since the last poll (the first call
 * reports everything present as appeared). Returns the function that stops watching.
 */
export function watchInterfaces(
  onChange: (change: { readonly appeared: readonly string[]; readonly disappeared: readonly string[] }) => void,
  options: { readonly list?: DeviceLister; readonly pollMs?: number; readonly onError?: (e: unknown) => void } = {},
): () => void {
  const list = options.list ?? sysfsLister();
  let known = new Set<string>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const poll = async (): Promise<void> => {
    try {
      const now = new Set(await list());
      if (stopped) return;
      const appeared = [...now].filter((n) => !known.has(n));
      const disappeared = [...known].filter((n) => !now.has(n));
      known = now;
      if (appeared.length > 0 || disappeared.length > 0) onChange({ appeared, disappeared });
    } catch (e) {
      options.onError?.(e);
    }
    if (!stopped) timer = setTimeout(() => void poll(), options.pollMs ?? 1000);
  };
  void poll();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

function byNaturalName(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
