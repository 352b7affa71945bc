/**
 * LinuxPort on real kernel links: two namespaces joined through a bridge in a third.
 *
 *   a:eth1 ── veth ── sw:pa ┐
 *                           br0 (mcast_snooping 0)
 *   b:eth1 ── veth ── sw:pb ┘     b:mv0 = macvlan (bridge mode) of b:eth1
 *
 * An agent in a and one in b drive the ports (port-agent.ts); the test talks to them over stdio.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../../src/net/bytes.js';
import { FHRP_MULTICAST_MACS } from '../../../src/dataplane/linux/raw-socket.js';
import { type AgentEvent, NetnsLab, type NodeAgent, sweepStaleNamespaces } from '../../support/netns.js';
import { FHRP_FRAMES, FHRP_INPUTS, FHRP_TO_BROADCAST, FRAME_PER_GROUP_MAC, NOISE_FRAMES } from './frames.js';

const AGENT = join(import.meta.dirname, 'port-agent.ts');

interface PortInfo {
  present: boolean;
  up: boolean;
  ifindex: number | null;
  mac: string;
  counters: { opens: number; txFrames: number; txDropped: number; rxErrors: number };
}

const framesOf = (agent: NodeAgent, port: string): string[] => agent.events.filter((e) => e.event === 'frame' && e.port === port).map((e) => e.hex as string);
const isFrame = (port: string, hex?: string) => (e: AgentEvent) => e.event === 'frame' && e.port === port && (hex === undefined || e.hex === hex);
const isLink = (port: string, up: boolean) => (e: AgentEvent) => e.event === 'link' && e.port === port && e.up === up;

function maddrs(lab: NetnsLab, ns: string, dev: string): string[] {
  return [...lab.ip(ns, 'maddr', 'show', 'dev', dev).matchAll(/link\s+([0-9a-f:]{17})/g)].map((m) => m[1]!.replaceAll(':', ''));
}

function promiscuity(lab: NetnsLab, ns: string, dev: string): number {
  const [link] = JSON.parse(lab.ip(ns, '-d', '-j', 'link', 'show', 'dev', dev)) as { promiscuity: number }[];
  return link!.promiscuity;
}

const GROUP_MACS = FHRP_MULTICAST_MACS.map((m) => toHex(m));

describe('LinuxPort on veths, a bridge and a macvlan', () => {
  let lab: NetnsLab;
  let A: string, B: string, SW: string;
  let agentA: NodeAgent, agentB: NodeAgent;

  beforeAll(async () => {
    sweepStaleNamespaces();
    lab = new NetnsLab('port');
    A = lab.namespace('a');
    B = lab.namespace('b');
    SW = lab.namespace('sw');
    lab.veth(A, 'eth1', SW, 'pa');
    lab.veth(B, 'eth1', SW, 'pb');
    lab.bridge(SW, 'br0', ['pa', 'pb']);
    lab.macvlan(B, 'eth1', 'mv0');
    [agentA, agentB] = await Promise.all([lab.node(A, AGENT), lab.node(B, AGENT)]);
    await agentA.request('open', { port: 'a1', ifName: 'GigabitEthernet0/1', device: 'eth1' });
    await agentB.request('open', { port: 'b1', ifName: 'GigabitEthernet0/1', device: 'eth1' });
  });

  afterAll(async () => {
    await lab?.cleanup();
  });

  it('sends whole frames that arrive byte for byte across a veth and a bridge, virtual MAC as source, VLAN tags restored', async () => {
    const sent = Object.values(FHRP_FRAMES);
    const a = await agentA.request<PortInfo>('send', { port: 'a1', frames: sent });
    expect(a.counters.txFrames).toBe(sent.length);
    await agentB.waitForCount(isFrame('b1'), sent.length, 5000, 'frames at b1');
    expect(framesOf(agentB, 'b1')).toEqual(sent);
    // Sourced from the virtual MAC given, not rewritten to the device's own address.
    for (const [name, input] of Object.entries(FHRP_INPUTS)) {
      const got = framesOf(agentB, 'b1')[Object.keys(FHRP_INPUTS).indexOf(name)]!;
      expect(got.slice(12, 24), name).toBe(input.ethernet!.source!.replaceAll('.', ''));
    }
    const info = await agentA.request<PortInfo>('state', { port: 'a1' });
    expect(info.mac).not.toBe(FHRP_INPUTS['HSRPv1']!.ethernet!.source!.replaceAll('.', ''));
    agentB.clearEvents();
  });

  it('never hears its own frames, on the sending port or another port of the same device', async () => {
    await agentA.request('open', { port: 'a-all', device: 'eth1', filter: 'none' });
    await agentA.request('send', { port: 'a1', frames: [FHRP_FRAMES['VRRPv2']] });
    await agentB.waitFor(isFrame('b1', FHRP_FRAMES['VRRPv2']), 5000, 'the VRRPv2 frame at b1');
    await agentA.request('state', { port: 'a1' }); // a round trip: a's loop has read whatever was queued
    expect(framesOf(agentA, 'a1')).toEqual([]);
    expect(framesOf(agentA, 'a-all')).toEqual([]);
    await agentA.request('close', { port: 'a-all' });
    agentB.clearEvents();
  });

  it('lets the kernel drop everything but HSRP and VRRP (ARP, ICMP, other UDP ports and protocols, fragments, real kernel traffic)', async () => {
    await agentB.request('open', { port: 'b-all', device: 'eth1', filter: 'none' });
    await agentB.request('open', { port: 'b-untagged', device: 'eth1', filter: 'fhrp-untagged' });
    await agentA.request('open', { port: 'a-raw', device: 'eth1', filter: 'none' });
    const noise = Object.values(NOISE_FRAMES);
    const fhrp = Object.values(FHRP_FRAMES);
    // Interleaved, so that a frame the filter wrongly passed would show up among the right ones.
    const mixed = fhrp.flatMap((f, i) => [noise[i % noise.length]!, f]);
    await agentA.request('send', { port: 'a-raw', frames: mixed });
    await agentB.waitForCount(isFrame('b-all'), mixed.length, 5000, 'every frame at b-all');
    await agentB.waitForCount(isFrame('b1'), fhrp.length, 5000, 'FHRP frames at b1');
    expect(framesOf(agentB, 'b-all')).toEqual(mixed);
    expect(framesOf(agentB, 'b1')).toEqual(fhrp);
    expect(framesOf(agentB, 'b-untagged')).toEqual(fhrp.filter((f) => f.slice(24, 28) !== '8100'));

    // Real traffic from the kernel's own stack: ARP both ways, a UDP datagram to a closed port and
    // the ICMP port-unreachable it earns (ping is not on every machine; node is).
    lab.ip(A, 'addr', 'add', '192.0.2.1/24', 'dev', 'eth1');
    lab.ip(B, 'addr', 'add', '192.0.2.2/24', 'dev', 'eth1');
    lab.exec(A, process.execPath, ['-e', "const s=require('dgram').createSocket('udp4');s.send('x',9,'192.0.2.2',()=>setTimeout(()=>s.close(),300))"]);
    await agentB.waitFor((e) => isFrame('b-all')(e) && (e.hex as string).slice(24, 28) === '0806', 5000, 'an ARP frame at b-all');
    await agentB.waitFor((e) => isFrame('b-all')(e) && (e.hex as string).slice(24, 28) === '0800' && (e.hex as string).slice(46, 48) === '11', 5000, 'the UDP datagram at b-all');
    await agentB.request('send', { port: 'b1', frames: [FHRP_FRAMES['HSRPv1']] }); // flush marker on the way back
    await agentA.waitFor(isFrame('a1', FHRP_FRAMES['HSRPv1']), 5000, 'the marker at a1');
    expect(framesOf(agentB, 'b1')).toEqual(fhrp);
    expect(framesOf(agentA, 'a1')).toEqual([FHRP_FRAMES['HSRPv1']]);
    lab.ip(A, 'addr', 'flush', 'dev', 'eth1');
    lab.ip(B, 'addr', 'flush', 'dev', 'eth1');
    for (const p of ['b-all', 'b-untagged']) await agentB.request('close', { port: p });
    await agentA.request('close', { port: 'a-raw' });
    agentA.clearEvents();
    agentB.clearEvents();
  });

  it('joins the FHRP multicast MACs without promiscuous mode, and leaves them on close', async () => {
    // a:eth1 (b:eth1 is promiscuous because of its macvlan child: a veth has no unicast filter).
    const joined = maddrs(lab, A, 'eth1');
    for (const mac of GROUP_MACS) expect(joined).toContain(mac);
    expect(promiscuity(lab, A, 'eth1')).toBe(0);
    await agentB.request('open', { port: 'b-extra', device: 'eth1', multicast: ['01005e0000fb'] });
    expect(maddrs(lab, B, 'eth1')).toContain('01005e0000fb');
    await agentB.request('close', { port: 'b-extra' });
    expect(maddrs(lab, B, 'eth1')).not.toContain('01005e0000fb');
    // b1 still holds the FHRP groups: membership is counted per socket.
    for (const mac of GROUP_MACS) expect(maddrs(lab, B, 'eth1')).toContain(mac);
  });

  it('hears the FHRP groups on a macvlan child (bridge mode) only because it joined them', async () => {
    // Without memberships the macvlan's multicast filter drops frames to the group MACs; a frame to
    // the broadcast MAC, sent last, shows the path works and that everything before it was handled.
    await agentB.request('open', { port: 'mv-nogroups', device: 'mv0', multicast: [] });
    expect(maddrs(lab, B, 'mv0').filter((m) => GROUP_MACS.includes(m))).toEqual([]);
    await agentA.request('send', { port: 'a1', frames: [...FRAME_PER_GROUP_MAC, FHRP_TO_BROADCAST] });
    await agentB.waitFor(isFrame('mv-nogroups', FHRP_TO_BROADCAST), 5000, 'the broadcast control frame on mv0');
    // The filter is a 256-bit hash: one group MAC may share a bit with an address the device joined
    // for itself, but not all five.
    expect(framesOf(agentB, 'mv-nogroups').length - 1).toBeLessThan(FRAME_PER_GROUP_MAC.length);
    await agentB.request('close', { port: 'mv-nogroups' });

    await agentB.request('open', { port: 'mv', device: 'mv0' });
    const joined = maddrs(lab, B, 'mv0');
    for (const mac of GROUP_MACS) expect(joined).toContain(mac);
    expect(promiscuity(lab, B, 'mv0')).toBe(0);
    await agentA.request('send', { port: 'a1', frames: [...FRAME_PER_GROUP_MAC, FHRP_TO_BROADCAST] });
    await agentB.waitFor(isFrame('mv', FHRP_TO_BROADCAST), 5000, 'the broadcast control frame on mv0');
    expect(framesOf(agentB, 'mv')).toEqual([...FRAME_PER_GROUP_MAC, FHRP_TO_BROADCAST]);
    agentB.clearEvents();
  });

  it('reports the link down and up when the far end of the veth goes down and up', async () => {
    lab.ip(SW, 'link', 'set', 'pb', 'down');
    await agentB.waitFor(isLink('b1', false), 5000, 'b1 down');
    expect((await agentB.request<PortInfo>('state', { port: 'b1' })).up).toBe(false);
    lab.ip(SW, 'link', 'set', 'pb', 'up');
    await agentB.waitFor(isLink('b1', true), 5000, 'b1 up');
    // Same socket, frames flow again.
    await agentA.request('send', { port: 'a1', frames: [FHRP_FRAMES['VRRPv3 IPv4']] });
    await agentB.waitFor(isFrame('b1', FHRP_FRAMES['VRRPv3 IPv4']), 5000, 'a frame after the link came back');
    agentB.clearEvents();
  });

  it('reports a macvlan child down while its lower device is down (LOWERLAYERDOWN), and up again', async () => {
    lab.ip(B, 'link', 'set', 'eth1', 'down');
    await agentB.waitFor(isLink('mv', false), 5000, 'mv0 down');
    await agentB.waitFor(isLink('b1', false), 5000, 'b1 down');
    expect(lab.ip(B, 'link', 'show', 'dev', 'mv0')).toMatch(/LOWERLAYERDOWN/);
    // The child itself is still administratively up: only operstate tells.
    expect(lab.ip(B, 'link', 'show', 'dev', 'mv0')).toMatch(/<[^>]*\bUP\b/);
    // A send while down is dropped and counted, never thrown at the engine.
    const before = await agentB.request<PortInfo>('send', { port: 'mv', frames: [FHRP_FRAMES['HSRPv1']] });
    expect(before.counters.txDropped).toBe(1);
    lab.ip(B, 'link', 'set', 'eth1', 'up');
    await agentB.waitFor(isLink('mv', true), 5000, 'mv0 up');
    await agentB.waitFor(isLink('b1', true), 5000, 'b1 up');
    // The sockets outlived the ENETDOWN the kernel raised on them (a POLLERR, which libuv would
    // otherwise take as the end of the socket): the same sockets hear frames again.
    await agentA.request('send', { port: 'a1', frames: [FHRP_FRAMES['HSRPv2 IPv4']] });
    await agentB.waitFor(isFrame('b1', FHRP_FRAMES['HSRPv2 IPv4']), 5000, 'a frame at b1 after its device came back up');
    await agentB.waitFor(isFrame('mv', FHRP_FRAMES['HSRPv2 IPv4']), 5000, 'a frame at mv after its lower device came back up');
    const b1 = await agentB.request<PortInfo>('state', { port: 'b1' });
    expect(b1.counters).toMatchObject({ opens: 1, rxErrors: 0 });
    agentB.clearEvents();
  });

  it('follows a device that disappears and comes back (a hot-plugged veth with a new MAC)', async () => {
    const before = await agentB.request<PortInfo>('state', { port: 'b1' });
    lab.ip(SW, 'link', 'del', 'pb'); // takes b:eth1 and its macvlan child with it
    await agentB.waitFor(isLink('b1', false), 5000, 'b1 down');
    await agentB.waitFor(isLink('mv', false), 5000, 'mv down');
    const gone = await agentB.request<PortInfo>('state', { port: 'b1' });
    expect(gone).toMatchObject({ present: false, up: false, ifindex: null });
    const dropped = await agentB.request<PortInfo>('send', { port: 'b1', frames: [FHRP_FRAMES['HSRPv1']] });
    expect(dropped.counters.txDropped).toBeGreaterThan(0);

    lab.veth(SW, 'pb', B, 'eth1');
    lab.ip(SW, 'link', 'set', 'pb', 'master', 'br0');
    const up = await agentB.waitFor(isLink('b1', true), 5000, 'b1 up again');
    // The kernel may hand out the same ifindex again; the MAC is new (veths get random ones).
    expect(up.mac).not.toBe(before.mac);
    const back = await agentB.request<PortInfo>('state', { port: 'b1' });
    expect(back.counters.opens).toBe(2);
    // The new socket has joined the groups on the new device and hears frames again.
    for (const mac of GROUP_MACS) expect(maddrs(lab, B, 'eth1')).toContain(mac);
    await agentA.request('send', { port: 'a1', frames: [FHRP_FRAMES['HSRPv2 IPv6']] });
    await agentB.waitFor(isFrame('b1', FHRP_FRAMES['HSRPv2 IPv6']), 5000, 'a frame on the new device');
    // And it sends on it.
    await agentB.request('send', { port: 'b1', frames: [FHRP_FRAMES['VRRPv2']] });
    await agentA.waitFor(isFrame('a1', FHRP_FRAMES['VRRPv2']), 5000, 'a frame from the new device');
    // The macvlan child went with its lower device and stays absent: nobody recreated it.
    expect((await agentB.request<PortInfo>('state', { port: 'mv' })).present).toBe(false);
  });

  it('follows a device deleted and re-created in one burst, even with the old ifindex and MAC', async () => {
    agentA.clearEvents();
    agentB.clearEvents();
    const before = await agentB.request<PortInfo>('state', { port: 'b1' });
    // The agent is frozen meanwhile, so it reads the deletion and the creation together, and then
    // finds a device of the same name, ifindex and MAC as before: only the kernel's RTM_DELLINK
    // tells that the socket bound to the old one is dead.
    agentB.pause();
    try {
      lab.ip(SW, 'link', 'del', 'pb');
      lab.ip(B, 'link', 'add', 'eth1', 'index', String(before.ifindex), 'address', before.mac.replace(/(..)(?!$)/g, '$1:'), 'type', 'veth', 'peer', 'name', 'pb', 'netns', SW);
      lab.ip(SW, 'link', 'set', 'pb', 'master', 'br0');
      lab.ip(SW, 'link', 'set', 'pb', 'up');
    } finally {
      agentB.resume();
    }
    lab.ip(B, 'link', 'set', 'eth1', 'up');
    await agentB.waitFor(isLink('b1', true), 5000, 'b1 up on the new device');
    const after = await agentB.request<PortInfo>('state', { port: 'b1' });
    expect(after.counters.opens).toBe(before.counters.opens + 1);
    expect(after.ifindex).toBe(before.ifindex);
    await agentA.request('send', { port: 'a1', frames: [FHRP_FRAMES['VRRPv3 IPv6']] });
    await agentB.waitFor(isFrame('b1', FHRP_FRAMES['VRRPv3 IPv6']), 5000, 'a frame on the re-created device');
  });
});
