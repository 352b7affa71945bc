/**
 * Runs inside a test namespace (NetnsLab.node) and drives LinuxPorts there on the test's behalf:
 * JSON requests on stdin, answers and events (frames heard, link changes) on stdout. Frames travel as
 * lowercase hex.
 */
import { createInterface } from 'node:readline';
import { fromHex, toHex } from '../../../src/net/bytes.js';
import { readLinkState } from '../../../src/dataplane/linux/link-monitor.js';
import { LinuxPort } from '../../../src/dataplane/linux/linux-port.js';
import { isSystemError } from '../../../src/dataplane/linux/native.js';
import type { RawFilter } from '../../../src/dataplane/linux/raw-socket.js';

interface Request {
  readonly id: number;
  readonly op: string;
  readonly port?: string;
  readonly ifName?: string;
  readonly device?: string;
  readonly filter?: RawFilter;
  readonly multicast?: readonly string[];
  readonly frames?: readonly string[];
}

const ports = new Map<string, LinuxPort>();

function emit(msg: object): void {
  process.stdout.write(`${JSON.stringify(msg)}\n`);
}

function bytes(hex: string): Uint8Array {
  const b = fromHex(hex);
  if (b === undefined) throw new Error(`not hex: ${hex}`);
  return b;
}

function portOf(req: Request): LinuxPort {
  const p = ports.get(req.port ?? '');
  if (p === undefined) throw new Error(`no port ${req.port}`);
  return p;
}

function describe(p: LinuxPort): object {
  return { present: p.present(), up: p.linkUp(), ifindex: p.ifindex ?? null, mac: toHex(p.mac), counters: p.counters };
}

function handle(req: Request): unknown {
  switch (req.op) {
    case 'open': {
      const name = req.port ?? '';
      const port = new LinuxPort(req.ifName ?? name, req.device ?? name, {
        ...(req.filter === undefined ? {} : { filter: req.filter }),
        ...(req.multicast === undefined ? {} : { multicast: req.multicast.map(bytes) }),
        onError: (error, context) => emit({ event: 'error', port: name, context, code: error.code, message: error.message }),
      });
      port.subscribe((frame) => emit({ event: 'frame', port: name, hex: toHex(frame) }));
      port.onLinkChange((up) => emit({ event: 'link', port: name, up, ifindex: port.ifindex ?? null, mac: toHex(port.mac) }));
      ports.set(name, port);
      return describe(port);
    }
    case 'send': {
      const port = portOf(req);
      for (const f of req.frames ?? []) port.send(bytes(f));
      return describe(port);
    }
    case 'state':
      return describe(portOf(req));
    case 'link-state': {
      const s = readLinkState(req.device ?? '');
      return { ...s, mac: toHex(s.mac) };
    }
    case 'close': {
      portOf(req).close();
      ports.delete(req.port ?? '');
      return null;
    }
    default:
      throw new Error(`unknown op ${req.op}`);
  }
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const req = JSON.parse(line) as Request;
  try {
    emit({ id: req.id, ok: true, result: handle(req) });
  } catch (e) {
    emit({ id: req.id, ok: false, error: { code: isSystemError(e) ? e.code : 'ERROR', message: e instanceof Error ? e.message : String(e) } });
  }
});
// The parent closing stdin (or dying) ends the agent, so no process outlives its lab.
process.stdin.on('end', () => {
  for (const p of ports.values()) p.close();
  process.exit(0);
});
emit({ event: 'ready' });
