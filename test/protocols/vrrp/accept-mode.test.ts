/**
 * RFC 5798 §6.1 Accept_Mode (vipr extension `accept-mode` in the IOS-XE sub-mode, grammar/vrrp.ne):
 * a Master that does not own the VIPs accepts packets addressed to them only in Accept_Mode
 * (§6.4.3), while it always answers ARP for them. The engine tells the data plane which (the
 * `accept` option of VirtualAddressPlane.activate); the in-memory IP stack of `vipr sim` honours it.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { ARP_REPLY, ARP_REQUEST, decodeArp, encodeArp } from '../../../src/net/arp.js';
import { internetChecksum } from '../../../src/net/checksum.js';
import { BROADCAST_MAC, decodeEthernet, encodeEthernet, ETHERTYPE_ARP, ETHERTYPE_IPV4 } from '../../../src/net/ethernet.js';
import { decodeIpv4, encodeIpv4, IP_PROTOCOL_ICMP } from '../../../src/net/ipv4.js';
import type { MemoryPort } from '../../../src/dataplane/memory/segment.js';
import { formatMac } from '../../../src/net/mac.js';
import { acceptsVipTraffic, vrrpGroupConfigs } from '../../../src/protocols/vrrp/group-config.js';
import { Lab, group } from './lab.js';

const HOST_MAC = '02:00:00:00:00:99';
const HOST_IP = '10.0.0.99';

function xe(address: string, lines: readonly string[]): string {
  return ['fhrp version vrrp v3', 'interface GigabitEthernet0/1', ` ip address ${address} 255.255.255.0`, ' vrrp 1 address-family ipv4', ...lines.map((l) => `  ${l}`), ' exit-vrrp', ''].join('\n');
}

/** A host on the segment: asks for the VIP's MAC, then pings the VIP; returns what came back. */
const hosts = new WeakMap<Lab, { port: MemoryPort; heard: Uint8Array[] }>();

function probe(lab: Lab, vip: string): { arpFrom: string | undefined; echoReplies: number } {
  let h = hosts.get(lab);
  if (h === undefined) {
    const port = lab.segment.attach('host', 'eth0', Uint8Array.from(HOST_MAC.split(':').map((x) => parseInt(x, 16))));
    const heard: Uint8Array[] = [];
    port.subscribe((f) => heard.push(f));
    hosts.set(lab, (h = { port, heard }));
  }
  const { port: host, heard } = h;
  heard.length = 0;
  host.send(
    encodeEthernet(
      { destination: BROADCAST_MAC, source: formatMac(host.mac), etherType: ETHERTYPE_ARP },
      encodeArp({ operation: ARP_REQUEST, senderMac: formatMac(host.mac), senderIp: HOST_IP, targetMac: '0000.0000.0000', targetIp: vip }),
      { padTo: 60 },
    ),
  );
  lab.advance(10);
  let arpFrom: string | undefined;
  for (const f of heard) {
    const e = decodeEthernet(f);
    if (!e.ok || e.value.header.etherType !== ETHERTYPE_ARP) continue;
    const a = decodeArp(f.subarray(e.value.payloadOffset));
    if (a.ok && a.value.header.operation === ARP_REPLY && a.value.header.senderIp === vip) arpFrom = a.value.header.senderMac;
  }
  if (arpFrom === undefined) return { arpFrom, echoReplies: 0 };
  const icmp = Uint8Array.of(8, 0, 0, 0, 0x12, 0x34, 0, 1, 0xde, 0xad);
  const sum = internetChecksum(icmp);
  icmp[2] = sum >>> 8;
  icmp[3] = sum & 0xff;
  heard.length = 0;
  host.send(
    encodeEthernet(
      { destination: arpFrom, source: formatMac(host.mac), etherType: ETHERTYPE_IPV4 },
      encodeIpv4({ ttl: 64, protocol: IP_PROTOCOL_ICMP, source: HOST_IP, destination: vip, identification: 1 }, icmp),
      { padTo: 60 },
    ),
  );
  lab.advance(10);
  let echoReplies = 0;
  for (const f of heard) {
    const e = decodeEthernet(f);
    if (!e.ok || e.value.header.etherType !== ETHERTYPE_IPV4) continue;
    const ip = decodeIpv4(f.subarray(e.value.payloadOffset));
    if (ip.ok && ip.value.header.protocol === IP_PROTOCOL_ICMP && ip.value.header.source === vip && f[e.value.payloadOffset + ip.value.payloadOffset] === 0) echoReplies++;
  }
  return { arpFrom, echoReplies };
}

describe('VRRPv3 Accept_Mode (RFC 5798 §6.1, §6.4.3)', () => {
  it('group configuration: on by default, off with `no accept-mode`, always on for legacy groups; an owner accepts whatever the mode', () => {
    const configs = (text: string) => {
      const c = loadConfig(text).config;
      const i = c.interfaces[0]!;
      return vrrpGroupConfigs(i, { ipv4: i.ipv4?.address, ipv4PrefixLength: 24, ipv6LinkLocal: undefined }, c.fhrpVrrpV3);
    };
    const on = configs(xe('10.0.0.2', ['address 10.0.0.1 primary']))[0]!;
    const off = configs(xe('10.0.0.2', ['address 10.0.0.1 primary', 'no accept-mode']))[0]!;
    const owner = configs(xe('10.0.0.1', ['address 10.0.0.1 primary', 'no accept-mode']))[0]!;
    const legacy = configs('interface GigabitEthernet0/1\n ip address 10.0.0.2 255.255.255.0\n vrrp 1 ip 10.0.0.1\n')[0]!;
    expect([on.acceptMode, off.acceptMode, owner.acceptMode, legacy.acceptMode]).toEqual([true, false, false, true]);
    expect([acceptsVipTraffic(on), acceptsVipTraffic(off), acceptsVipTraffic(owner), acceptsVipTraffic(legacy)]).toEqual([true, false, true, true]);
  });

  it('the engine hands the mode to the data plane and shows it; a change applies to a running Master', () => {
    const lab = new Lab();
    const r = lab.add('R1', xe('10.0.0.2', ['address 10.0.0.1 primary', 'no accept-mode']), 1);
    expect(group(r, 1)).toMatchObject({ state: 'backup', acceptMode: false, acceptingVipTraffic: false });
    lab.advance(4000);
    expect(group(r, 1)).toMatchObject({ state: 'master', acceptMode: false, acceptingVipTraffic: false });
    expect(r.plane.accept.get('ipv4:1')).toBe(false);
    const on = loadConfig(xe('10.0.0.2', ['address 10.0.0.1 primary'])).config;
    r.engine.update(on.interfaces[0]!, on.fhrpVrrpV3);
    expect(group(r, 1)).toMatchObject({ state: 'master', acceptMode: true, acceptingVipTraffic: true });
    expect(r.plane.accept.get('ipv4:1')).toBe(true);
    // The mode is the data plane's business: no new election, no extra state change.
    expect(r.log.messages).toHaveLength(2);
  });

  it('in the in-memory IP stack: a non-owner Master without Accept_Mode answers ARP for the VIP from the virtual MAC but not ping; with it, both', () => {
    for (const [lines, replies] of [
      [['address 10.0.0.1 primary', 'no accept-mode'], 0],
      [['address 10.0.0.1 primary'], 1],
    ] as const) {
      const lab = new Lab();
      const r = lab.add('R1', xe('10.0.0.2', lines), 1, { ipStack: true });
      lab.advance(4000);
      expect(group(r, 1).state).toBe('master');
      expect(probe(lab, '10.0.0.1')).toEqual({ arpFrom: '0000.5e00.0101', echoReplies: replies });
      // The router's own address answers in both modes.
      expect(probe(lab, '10.0.0.2')).toEqual({ arpFrom: 'aabb.cc00.0100', echoReplies: 1 });
    }
  });

  it('an owner Master answers ping for its address in either mode; a Backup answers neither ARP nor ping for the VIP', () => {
    const lab = new Lab();
    lab.add('OWNER', xe('10.0.0.1', ['address 10.0.0.1 primary', 'no accept-mode']), 1, { ipStack: true });
    lab.advance(100);
    expect(probe(lab, '10.0.0.1')).toEqual({ arpFrom: '0000.5e00.0101', echoReplies: 1 });
    const other = new Lab();
    other.add('HIGH', xe('10.0.0.3', ['address 10.0.0.1 primary', 'priority 120']), 3);
    const low = other.add('LOW', xe('10.0.0.2', ['address 10.0.0.1 primary']), 2, { ipStack: true });
    other.advance(5000);
    expect(group(low, 1).state).toBe('backup');
    expect(probe(other, '10.0.0.1')).toEqual({ arpFrom: undefined, echoReplies: 0 });
  });
});
