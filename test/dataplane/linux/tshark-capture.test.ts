/**
 * An independent witness on the wire: tshark capturing on the veth a LinuxPort sends on sees exactly
 * the frames sent, byte for byte, and dissects them as HSRP/VRRP with no malformed or error items.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../../src/net/bytes.js';
import { readCapture } from '../../../src/net/pcap.js';
import { NetnsLab, type NodeAgent, sweepStaleNamespaces } from '../../support/netns.js';
import { tsharkFields } from '../../support/tshark.js';
import { FHRP_FRAMES, FHRP_INPUTS } from './frames.js';

const AGENT = join(import.meta.dirname, 'port-agent.ts');
const TSHARK_PREFS = ['-o', 'vrrp.v3_checksum_as_in_v2:TRUE', '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'];

describe('tshark on the wire', () => {
  let lab: NetnsLab;
  let C: string;
  let agent: NodeAgent;
  const dir = mkdtempSync(join(tmpdir(), 'vipr-linux-cap-'));

  beforeAll(async () => {
    sweepStaleNamespaces();
    lab = new NetnsLab('cap');
    C = lab.namespace('c');
    const D = lab.namespace('d');
    lab.veth(C, 'eth1', D, 'eth1');
    agent = await lab.node(C, AGENT);
    await agent.request('open', { port: 'c1', ifName: 'GigabitEthernet0/1', device: 'eth1' });
  });

  afterAll(async () => {
    await lab?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('captures exactly the frames sent and dissects every one cleanly', async () => {
    const file = join(dir, 'sent.pcap');
    const capture = lab.spawn(C, 'tshark', ['-n', '-i', 'eth1', '-F', 'pcap', '-w', file]);
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`tshark did not start: ${stderr}`)), 15_000);
      capture.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        // tshark logs this once dumpcap reports the capture running ("Capturing on" comes earlier).
        if (/Capture started/.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
      capture.once('exit', () => reject(new Error(`tshark exited: ${stderr}`)));
    });
    const sent = Object.values(FHRP_FRAMES);
    await agent.request('send', { port: 'c1', frames: sent });
    // Give the capture a moment to see anything else that might appear, then stop it cleanly.
    await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise((resolve) => capture.once('exit', resolve));
    capture.kill('SIGINT');
    await exited;

    const frames = readCapture(new Uint8Array(readFileSync(file))).frames.map((f) => toHex(f.data));
    expect(frames, stderr).toEqual(sent);

    const bad = tsharkFields(file, '_ws.expert.severity >= 0x00800000 || _ws.malformed', ['frame.number'], TSHARK_PREFS);
    expect(bad).toEqual([]);
    const rows = tsharkFields(file, 'hsrp || vrrp', ['frame.number', 'eth.src', 'frame.protocols'], TSHARK_PREFS);
    expect(rows).toHaveLength(sent.length);
    Object.values(FHRP_INPUTS).forEach((input, i) => {
      const [, src, protocols] = rows[i]!;
      expect(src).toBe(input.ethernet!.source!.replaceAll('.', '').replace(/(..)(?!$)/g, '$1:'));
      expect(protocols).toMatch(input.hsrp === undefined ? /:vrrp$/ : /:hsrp2?$/);
      if (input.ethernet!.tags !== undefined) expect(protocols).toMatch(/^eth:ethertype:vlan:/);
    });
  });
});
