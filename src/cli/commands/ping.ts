/**
 * `ping A.B.C.D` and `traceroute A.B.C.D` with IOS's output, printed as the answers come (a `!` per
 * echo reply, `.` per timeout, `U` per unreachable; a traceroute hop line per TTL), through a Pinger
 * (../providers.ts). IOS defaults: 5 echos of 100 bytes, 2 s timeout; traceroute 3 probes per hop,
 * 3 s timeout, TTL up to 30. Ctrl-^ (IOS's escape sequence) or Ctrl-C aborts.
 */
import type { EchoResult, Pinger, ProbeRun, TraceProbe } from '../providers.js';

export const PING_COUNT = 5;
export const PING_SIZE = 100;
export const PING_TIMEOUT_MS = 2000;
export const TRACE_PROBES = 3;
export const TRACE_TIMEOUT_MS = 3000;
export const TRACE_MAX_TTL = 30;

/** Where a running command writes, and how it says it is finished. */
export interface StreamIo {
  write(text: string): void;
  end(): void;
}

export function successLine(results: readonly EchoResult[]): string {
  const ok = results.flatMap((r) => (r.kind === 'reply' ? [r.rttMs] : []));
  const n = results.length;
  const pct = n === 0 ? 0 : Math.floor((ok.length * 100) / n);
  const head = `Success rate is ${pct} percent (${ok.length}/${n})`;
  if (ok.length === 0) return head;
  const min = Math.min(...ok);
  const max = Math.max(...ok);
  const avg = Math.floor(ok.reduce((a, b) => a + b, 0) / ok.length);
  return `${head}, round-trip min/avg/max = ${min}/${avg}/${max} ms`;
}

export function runPing(pinger: Pinger, destination: string, io: StreamIo): ProbeRun {
  io.write(`Type escape sequence to abort.\nSending ${PING_COUNT}, ${PING_SIZE}-byte ICMP Echos to ${destination}, timeout is ${PING_TIMEOUT_MS / 1000} seconds:\n`);
  const results: EchoResult[] = [];
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    io.write(`\n${successLine(results)}\n`);
    io.end();
  };
  const run = pinger.ping(
    { destination, count: PING_COUNT, sizeBytes: PING_SIZE, timeoutMs: PING_TIMEOUT_MS },
    (r) => {
      results.push(r);
      io.write(r.kind === 'reply' ? '!' : r.kind === 'timeout' ? '.' : 'U');
    },
    finish,
  );
  return {
    abort: () => {
      run.abort();
      finish();
    },
  };
}

export function runTraceroute(pinger: Pinger, destination: string, io: StreamIo): ProbeRun {
  // Each hop's number is printed when its probes go out, its answers as they come.
  io.write(`Type escape sequence to abort.\nTracing the route to ${destination}\nVRF info: (vrf in name/id, vrf out name/id)\n${'1'.padStart(3)}`);
  let lastFrom: string | undefined;
  let answered = 0;
  let reached = false;
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    io.write('\n');
    io.end();
  };
  const run = pinger.traceroute(
    { destination, maxTtl: TRACE_MAX_TTL, probes: TRACE_PROBES, timeoutMs: TRACE_TIMEOUT_MS },
    (ttl: number, p: TraceProbe) => {
      if (p.kind === 'timeout') io.write('  *');
      else {
        io.write(`${p.from !== lastFrom ? ` ${p.from}` : ''} ${p.rttMs} msec`);
        lastFrom = p.from;
        if (p.reached) reached = true;
      }
      if (++answered === TRACE_PROBES && !reached && ttl < TRACE_MAX_TTL) {
        answered = 0;
        lastFrom = undefined;
        io.write(`\n${String(ttl + 1).padStart(3)}`);
      }
    },
    finish,
  );
  return {
    abort: () => {
      run.abort();
      finish();
    },
  };
}
