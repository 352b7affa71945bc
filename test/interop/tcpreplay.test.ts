/**
 * Captured routers replayed at vipr (issue 6, item 4): tcpreplay plays the steady part of a capture
 * of real routers into a LAN where vipr runs as one more, lower-priority router. vipr must settle as
 * IOS would in that LAN and never disturb the captured Active/Master: no Active hello, no Coup, no
 * VRRP advertisement at all (a Backup sends none, RFC 3768 §6.4.2 / RFC 5798 §6.4.2). What vipr
 * sends is captured with tcpdump and read with tshark, the independent dissector; at the end of the
 * file every frame leaving a vipr namespace is checked by tshark (test/support/wire-check.ts).
 *
 * The replay runs faster than real time (`-x`), looped, so it lasts a few seconds. The captured
 * timers are carried by the frames (hold 10 s, advert 10 s), and vipr follows them once it hears them;
 * vipr's own configured timers are short (HSRP hold 900 ms, VRRP advert 1 s with `timers learn` or
 * VRRPv3's learning of Master_Adver_Interval), so a vipr that failed to accept the captured frames
 * would claim the role within the replay.
 *
 * Captures (test/fixtures/pcap, see the README there):
 *  - tcpdump/HSRP_election.pcap frames 14–49: HSRPv1 group 1, .10 Active (200), .30 Standby (100),
 *    .20 Speak; vipr at priority 50 with preempt ends in Listen (RFC 2281 §5.3: neither Active nor
 *    Standby, a higher-priority Standby present).
 *  - tcpdump/vrrp.pcap frames 119–165: MikroTik .97 Master (197) of VRIDs 42 (VRRPv2, text auth, 3
 *    VIPs), 43 (VRRPv2) and 44 (VRRPv3 IPv4, pseudo-header checksum); vipr at 100 ends Backup.
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NetnsLab } from '../support/netns.js';
import { shipPcap, tsharkFields } from '../support/tshark.js';
import { reachable, startVipr, stopVipr, viprCli, type ViprProcess, waitForLine } from '../support/vipr-process.js';
import { WireCheck } from '../support/wire-check.js';

const wireDir = mkdtempSync(join(tmpdir(), 'vipr-replay-wire-'));
const wire = new WireCheck(wireDir);
afterAll(() => rmSync(wireDir, { recursive: true, force: true }));

interface Router {
  readonly name: string;
  readonly config: string;
  /** The log line of the state vipr settles in when it starts. */
  readonly settled: RegExp;
  /** Its address on the LAN, pinged once from the replayer's side. */
  readonly address: string;
}

interface Replay {
  readonly pcap: string;
  /** editcap frame range of the steady part. */
  readonly frames: string;
  /** tcpreplay -x */
  readonly speed: number;
  /** Captured seconds of that range: one loop takes capturedS / speed. */
  readonly capturedS: number;
  readonly routers: readonly Router[];
  /** The replayer's own address (CIDR) on the LAN, for those pings. */
  readonly probeFrom: string;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Resolves once the child has written `pattern` on stderr (tcpdump's "listening on"). */
function stderrLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms: ${seen}`)), timeoutMs);
    child.stderr?.on('data', (b: Buffer) => {
      seen += b.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/**
 * Builds the LAN (a bridge with the replayer and one namespace per vipr router), starts the capture
 * of what the routers send, the looped replay and the routers, lets one full loop of the capture pass
 * after every router settled, then stops everything and returns the routers and their capture file.
 */
async function replay(r: Replay, lab: NetnsLab, dir: string, check: (routers: ViprProcess[]) => Promise<void>): Promise<string> {
  const steady = join(dir, 'steady.pcap');
  execFileSync('editcap', ['-r', r.pcap, steady, r.frames]);
  const player = lab.namespace('rp');
  const sw = lab.namespace('sw');
  lab.veth(player, 'eth1', sw, 'pr');
  const ports = ['pr'];
  const namespaces = r.routers.map((_, i) => {
    const ns = lab.namespace(`v${i}`);
    lab.veth(ns, 'eth1', sw, `p${i}`);
    ports.push(`p${i}`);
    return ns;
  });
  lab.bridge(sw, 'br0', ports);
  // Settled routers send no FHRP frame here: the ping below makes each answer with ARP and ICMP,
  // so that the wire check sees that its capture works.
  for (const [i, router] of r.routers.entries()) await wire.capture(lab, namespaces[i]!, router.name, { expect: ['arp', 'icmp'] });

  // What reaches the replayer's port from the LAN: everything the routers send, and nothing replayed.
  const sent = join(dir, 'vipr-sent.pcap');
  const tcpdump = lab.spawn(player, 'tcpdump', ['-i', 'eth1', '-Q', 'in', '-U', '-n', '-w', sent]);
  await stderrLine(tcpdump, /listening on/, 10_000);
  const tcpreplay = lab.spawn(player, 'tcpreplay', ['-q', '-i', 'eth1', '-x', String(r.speed), '--loop=0', steady]);

  const routers = r.routers.map((router, i) => startVipr(lab, namespaces[i]!, dir, router.name, router.config));
  await Promise.all(routers.map((v, i) => waitForLine(v, r.routers[i]!.settled, 20_000)));
  lab.ip(player, 'addr', 'add', r.probeFrom, 'dev', 'eth1');
  for (const router of r.routers) await reachable(lab, player, router.address, 5000);
  // One whole loop of the steady part after the routers settled: every captured frame was heard.
  await new Promise((resolve) => setTimeout(resolve, (r.capturedS / r.speed) * 1000 + 500));
  await check(routers);

  tcpreplay.kill('SIGTERM');
  await exited(tcpreplay);
  for (const v of routers) await stopVipr(v, 'SIGTERM');
  tcpdump.kill('SIGINT');
  await exited(tcpdump);
  for (const router of r.routers) await wire.stop(router.name);
  return sent;
}

describe('tcpreplay of captured HSRPv1 routers: vipr at a lower priority', () => {
  const lab = new NetnsLab('replay-hsrp');
  const dir = mkdtempSync(join(tmpdir(), 'vipr-replay-hsrp-'));
  afterAll(async () => {
    await lab.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('ends in Listen, sees .10 Active and .30 Standby, and never claims Active or coups', async () => {
    const log: string[] = [];
    const sent = await replay(
      {
        pcap: shipPcap('tcpdump/HSRP_election.pcap'),
        frames: '14-49',
        speed: 10,
        capturedS: 44,
        probeFrom: '192.168.0.250/24',
        routers: [
          {
            name: 'R5',
            // Lower than every captured router (200, 100, 100), and the lowest address as well.
            config: `hostname R5
interface GigabitEthernet0/1
 ip address 192.168.0.5 255.255.255.0
 standby 1 ip 192.168.0.1
 standby 1 timers msec 300 msec 900
 standby 1 priority 50
 standby 1 preempt
 standby 1 authentication cisco
end
`,
            settled: /Grp 1 state Init -> Listen/,
            address: '192.168.0.5',
          },
        ],
      },
      lab,
      dir,
      async ([r5]) => {
        const show = await viprCli(r5!.socket, 'show standby');
        log.push(r5!.out.join(''));
        expect(show).toContain('State is Listen');
        expect(show).toMatch(/Active router is 192\.168\.0\.10, priority 200/);
        expect(show).toMatch(/Standby router is 192\.168\.0\.30, priority 100/);
        expect(await viprCli(r5!.socket, 'show standby brief')).toMatch(/Gi0\/1\s+1\s+50\s+P Listen\s+192\.168\.0\.10\s+192\.168\.0\.30\s+192\.168\.0\.1/);
      },
    );
    expect(log.join('')).not.toMatch(/-> (Active|Standby)/);
    // tshark's HSRP fields: opcode 0 Hello, 1 Coup, 2 Resign; state 16 Active (RFC 2281 §5.1).
    const frames = tsharkFields(sent, 'hsrp && ip.src == 192.168.0.5', ['hsrp.opcode', 'hsrp.state', 'hsrp.priority']);
    console.log(`vipr sent ${frames.length} HSRP frames during the replay: ${[...new Set(frames.map((f) => f.join('/')))].join(', ') || 'none'}`);
    expect(frames.filter(([opcode, state]) => opcode !== '0' || state === '16')).toEqual([]);
    expect(frames.every(([, , priority]) => priority === '50')).toBe(true);
  }, 60_000);
});

describe('tcpreplay of a captured VRRP Master: vipr as a lower-priority Backup', () => {
  const lab = new NetnsLab('replay-vrrp');
  const dir = mkdtempSync(join(tmpdir(), 'vipr-replay-vrrp-'));
  afterAll(async () => {
    await lab.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('VRRPv2 (text auth, 3 VIPs) and VRRPv3 routers stay Backup and never advertise', async () => {
    const sent = await replay(
      {
        pcap: shipPcap('tcpdump/vrrp.pcap'),
        frames: '119-165',
        speed: 20,
        capturedS: 91,
        probeFrom: '10.0.0.250/24',
        routers: [
          {
            name: 'V2',
            // `timers learn`: a Backup takes the Master's advertisement interval (spec §5.6, §5.7).
            config: `hostname V2
interface GigabitEthernet0/1
 ip address 10.0.0.5 255.255.255.0
 ip address 10.4.42.5 255.255.255.0 secondary
 ip address 10.4.43.5 255.255.255.0 secondary
 vrrp 42 ip 10.4.42.1
 vrrp 42 ip 10.4.42.2 secondary
 vrrp 42 ip 10.4.42.3 secondary
 vrrp 42 timers advertise 1
 vrrp 42 timers learn
 vrrp 42 authentication text abcdefgh
 vrrp 43 ip 10.4.43.150
 vrrp 43 timers advertise 1
 vrrp 43 timers learn
end
`,
            settled: /Grp 43 state Init -> Backup/,
            address: '10.0.0.5',
          },
          {
            name: 'V3',
            // IOS-XE VRRPv3 (spec §5.8): Backups learn Master_Adver_Interval (RFC 5798 §6.4.2).
            config: `hostname V3
fhrp version vrrp v3
interface GigabitEthernet0/1
 ip address 10.0.0.6 255.255.255.0
 ip address 10.4.44.6 255.255.255.0 secondary
 vrrp 44 address-family ipv4
  address 10.4.44.100 primary
  address 10.4.44.200 secondary
  timers advertise 1000
 exit-vrrp
end
`,
            settled: /IPv4 group 44 state INIT -> BACKUP/,
            address: '10.0.0.6',
          },
        ],
      },
      lab,
      dir,
      async ([v2, v3]) => {
        const brief2 = await viprCli(v2!.socket, 'show vrrp brief');
        expect(brief2).toMatch(/Gi0\/1\s+42\s+100\s+\d+\s+Y\s+Backup\s+10\.0\.0\.97\s+10\.4\.42\.1/);
        expect(brief2).toMatch(/Gi0\/1\s+43\s+100\s+\d+\s+Y\s+Backup\s+10\.0\.0\.97\s+10\.4\.43\.150/);
        expect(await viprCli(v2!.socket, 'show vrrp')).toMatch(/Master Router is 10\.0\.0\.97, priority is 197/);
        expect(await viprCli(v3!.socket, 'show vrrp brief')).toMatch(/Gi0\/1\s+44\s+IPv4\s+100\s+\d+\s+N\s+Y\s+BACKUP\s+10\.0\.0\.97\s+10\.4\.44\.100/);
        expect(v2!.out.join('')).not.toMatch(/-> Master|BADAUTH|%VRRP-4/);
        expect(v3!.out.join('')).not.toMatch(/-> MASTER|%VRRP-4/);
      },
    );
    const adverts = tsharkFields(sent, 'vrrp', ['ip.src', 'vrrp.virt_rtr_id', 'vrrp.prio']);
    console.log(`vipr sent ${adverts.length} VRRP frames during the replay`);
    expect(adverts).toEqual([]);
  }, 60_000);
});

describe('tcpreplay: the wire', () => {
  it('every frame vipr sent is dissected by tshark with no malformed or error item', async () => {
    await wire.check((ok, message) => expect(ok, message).toBe(true));
  }, 30_000);
});
