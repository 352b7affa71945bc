/**
 * A hostile host inside a test namespace (NetnsLab.node): sends FHRP-shaped frames at a fixed rate on
 * a raw socket. JSON requests on stdin, answers on stdout (the NodeAgent protocol).
 *
 *   {op: 'open', device}                          the raw port to send from
 *   {op: 'flood', frames?, garbage?, rate, seconds, seed?}
 *       sends `rate` frames per second for `seconds`: the given frames (hex) in turn, or, with
 *       `garbage: true`, random payloads to UDP 1985 (224.0.0.2 and 224.0.0.102), UDP 2029 (ff02::66)
 *       and IP protocol 112 (224.0.0.18, ff02::12); answers with the count sent and the send errors.
 *
 * Half the garbage carries a correct UDP / VRRP checksum and a plausible first byte, so it reaches the
 * FHRP decoders instead of stopping at the checksum check.
 */
import { createInterface } from 'node:readline';
import { fromHex } from '../../src/net/bytes.js';
import { internetChecksum, ipv4PseudoSum, ipv6PseudoSum } from '../../src/net/checksum.js';
import { encodeEthernet, ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from '../../src/net/ethernet.js';
import { parseIpv4, parseIpv6 } from '../../src/net/ip-address.js';
import { encodeIpv4, IP_PROTOCOL_UDP, IP_PROTOCOL_VRRP } from '../../src/net/ipv4.js';
import { encodeIpv6 } from '../../src/net/ipv6.js';
import { encodeUdp } from '../../src/net/udp.js';
import { LinuxPort } from '../../src/dataplane/linux/linux-port.js';
import { multicastMacFor } from '../../src/protocols/fhrp-frame.js';
import { seededRandom } from '../../src/runtime/random.js';

interface Request {
  readonly id: number;
  readonly op: string;
  readonly device?: string;
  readonly frames?: readonly string[];
  readonly garbage?: boolean;
  readonly rate?: number;
  readonly seconds?: number;
  readonly seed?: number;
}

const SRC_MAC = '02ba.dbad.0001';
const SRC4 = '10.66.0.66';
const SRC6 = 'fe80::ba:dbff:fead:1';
let port: LinuxPort | undefined;

function emit(msg: object): void {
  process.stdout.write(`${JSON.stringify(msg)}\n`);
}

function randomBytes(rand: () => number, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rand() * 256);
  return b;
}

function ether(destIp: string, etherType: number, packet: Uint8Array): Uint8Array {
  return encodeEthernet({ destination: multicastMacFor(destIp), source: SRC_MAC, etherType }, packet, { padTo: 60 });
}

/** One random frame of one of the five FHRP shapes. */
function garbageFrame(rand: () => number): Uint8Array {
  const kind = Math.floor(rand() * 5);
  const sane = rand() < 0.5;
  const payload = randomBytes(rand, Math.floor(rand() * 80));
  if (kind <= 2) {
    const v6 = kind === 2;
    const dest = v6 ? 'ff02::66' : kind === 0 ? '224.0.0.2' : '224.0.0.102';
    const port = v6 ? 2029 : 1985;
    const src = v6 ? SRC6 : SRC4;
    // A wrong checksum is dropped before the HSRP decoder; the sane half carries the right one.
    const udp = encodeUdp({ sourcePort: port, destinationPort: port, ...(sane ? {} : { checksum: Math.floor(rand() * 0x10000) }) }, payload, { source: src, destination: dest });
    return v6
      ? ether(dest, ETHERTYPE_IPV6, encodeIpv6({ nextHeader: IP_PROTOCOL_UDP, hopLimit: 255, source: src, destination: dest }, udp))
      : ether(dest, ETHERTYPE_IPV4, encodeIpv4({ ttl: 1, protocol: IP_PROTOCOL_UDP, source: src, destination: dest }, udp));
  }
  const v6 = kind === 4;
  const dest = v6 ? 'ff02::12' : '224.0.0.18';
  const src = v6 ? SRC6 : SRC4;
  if (sane && payload.length >= 8) {
    // Version 2 or 3, type 1 (advertisement), and a checksum a receiver accepts (RFC 5798 §5.2.8).
    payload[0] = rand() < 0.5 ? 0x21 : 0x31;
    payload[6] = 0;
    payload[7] = 0;
    const sum = v6
      ? ipv6PseudoSum(parseIpv6(src)!, parseIpv6(dest)!, IP_PROTOCOL_VRRP, payload.length)
      : rand() < 0.5 ? ipv4PseudoSum(parseIpv4(src)!, parseIpv4(dest)!, IP_PROTOCOL_VRRP, payload.length) : 0;
    const c = internetChecksum(payload, 0, payload.length, sum);
    payload[6] = c >> 8;
    payload[7] = c & 0xff;
  }
  return v6
    ? ether(dest, ETHERTYPE_IPV6, encodeIpv6({ nextHeader: IP_PROTOCOL_VRRP, hopLimit: 255, source: src, destination: dest }, payload))
    : ether(dest, ETHERTYPE_IPV4, encodeIpv4({ ttl: 255, protocol: IP_PROTOCOL_VRRP, source: src, destination: dest }, payload));
}

async function flood(req: Request): Promise<object> {
  const p = port;
  if (p === undefined) throw new Error('open a port first');
  const rate = req.rate ?? 1000;
  const seconds = req.seconds ?? 1;
  const fixed = (req.frames ?? []).map((h) => fromHex(h) ?? new Uint8Array());
  const rand = seededRandom(req.seed ?? 1);
  const started = Date.now();
  let sent = 0;
  let errors = 0;
  // Paced in 10 ms slices: at each tick, catch up to where the rate says we should be.
  while (Date.now() - started < seconds * 1000) {
    const due = Math.floor(((Date.now() - started) / 1000) * rate);
    for (; sent < due; sent++) {
      const frame = req.garbage === true ? garbageFrame(rand) : fixed[sent % fixed.length]!;
      try {
        p.send(frame);
      } catch {
        errors++;
      }
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return { sent, errors, seconds: (Date.now() - started) / 1000 };
}

async function handle(req: Request): Promise<unknown> {
  switch (req.op) {
    case 'open':
      port = new LinuxPort(req.device ?? 'eth1', req.device ?? 'eth1', { onError: () => undefined });
      return { mac: SRC_MAC };
    case 'flood':
      return flood(req);
    default:
      throw new Error(`unknown op ${req.op}`);
  }
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const req = JSON.parse(line) as Request;
  handle(req).then(
    (result) => emit({ id: req.id, ok: true, result }),
    (e: unknown) => emit({ id: req.id, ok: false, error: { code: 'ERROR', message: e instanceof Error ? e.message : String(e) } }),
  );
});
process.stdin.on('end', () => {
  port?.close();
  process.exit(0);
});
emit({ event: 'ready' });
