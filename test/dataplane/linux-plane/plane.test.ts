/**
 * LinuxAddressPlane on real namespaces: a router namespace whose eth1 and a host namespace whose eth0
 * are ports of a bridge in a switch namespace. The namespaces are this file's own (test-local lab.ts)
 * and are deleted after the tests, failing or not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Iproute2 } from '../../../src/dataplane/linux/iproute2.js';
import { childName, groupFamily, isChildName, LinuxAddressPlane, type PlaneEvent } from '../../../src/dataplane/linux/plane.js';
import { createSysctl } from '../../../src/dataplane/linux/sysctl.js';
import { parseMac, virtualMac } from '../../../src/net/mac.js';
import { Lab, netnsAvailable } from './lab.js';

const available = await netnsAvailable();

describe('child names', () => {
  it('are deterministic, readable when they fit, at most 15 characters, and recognisable', () => {
    expect(childName('eth1', 'hsrp-v2-ipv4-10')).toBe('vh-eth1-h4-10');
    expect(childName('eth1', 'hsrp-v1-ipv4-10')).toBe('vh-eth1-h4-10');
    expect(childName('eth1', 'hsrp-v2-ipv6-10')).toBe('vh-eth1-h6-10');
    expect(childName('eth1', 'ipv4:10')).toBe('vh-eth1-v4-10');
    expect(childName('eth12', 'ipv6:255')).toBe('vh-eth12-v6-255');
    const long = childName('ens1f0np0.100', 'hsrp-v2-ipv4-4095');
    expect(long).toMatch(/^vh[0-9a-f]{5}-h4-4095$/);
    expect(long).toBe(childName('ens1f0np0.100', 'hsrp-v2-ipv4-4095'));
    expect(childName('ens1f0np0.101', 'hsrp-v2-ipv4-4095')).not.toBe(long);
    const odd = childName('eth1', 'some-future-key');
    expect(odd.length).toBeLessThanOrEqual(15);
    for (const n of [long, odd, 'vh-eth1-h4-10', 'vh-eth12-v6-255']) {
      expect(n.length).toBeLessThanOrEqual(15);
      expect(isChildName(n)).toBe(true);
    }
    expect(isChildName('eth1')).toBe(false);
    expect(isChildName('vhost0')).toBe(false);
  });

  it('families come from the group key', () => {
    expect(groupFamily('hsrp-v2-ipv6-1')).toBe(6);
    expect(groupFamily('ipv6:3')).toBe(6);
    expect(groupFamily('ipv4:3')).toBe(4);
    expect(groupFamily('x', ['2001:db8::1'])).toBe(6);
  });
});

describe.skipIf(!available)('LinuxAddressPlane on real namespaces', () => {
  const lab = new Lab('vpp');
  let r = '';
  let h = '';
  let sw = '';
  let ip: Iproute2;
  const events: PlaneEvent[] = [];
  const devices: Record<string, string> = { 'GigabitEthernet0/1': 'eth1', 'GigabitEthernet0/2': 'mv0' };
  const makePlane = (): Promise<LinuxAddressPlane> =>
    LinuxAddressPlane.open({ ip, sysctl: createSysctl(r), device: (n) => devices[n], onEvent: (e) => events.push(e) });
  const hsrpMac = virtualMac('hsrp-v1', 10);
  const hsrpMacText = '00:00:0c:07:ac:0a';
  const v6Mac = virtualMac('vrrp-ipv6', 3);
  const v6MacText = '00:00:5e:00:02:03';
  let parentMac = '';
  let hostMac = '';
  const timings: { what: string; ms: number }[] = [];

  const addrsOn = async (dev: string): Promise<string[]> => {
    const links = await lab.json<{ addr_info: { local: string; prefixlen: number }[] }[]>(r, 'addr', 'show', 'dev', dev);
    return (links[0]?.addr_info ?? []).map((a) => `${a.local}/${a.prefixlen}`);
  };
  const macvlans = async (): Promise<string[]> => (await lab.json<{ ifname: string }[]>(r, 'link', 'show', 'type', 'macvlan')).map((l) => l.ifname);

  beforeAll(async () => {
    try {
      r = await lab.ns('r');
      h = await lab.ns('h');
      sw = await lab.ns('sw');
      await lab.bridge(sw);
      await lab.cable(r, 'eth1', sw, 'p-r');
      await lab.cable(h, 'eth0', sw, 'p-h');
      await lab.ip(r, 'addr', 'add', '192.0.2.2/24', 'dev', 'eth1');
      await lab.ip(r, '-6', 'addr', 'add', '2001:db8:1::2/64', 'dev', 'eth1', 'nodad');
      await lab.ip(h, 'addr', 'add', '192.0.2.10/24', 'dev', 'eth0');
      await lab.ip(h, '-6', 'addr', 'add', '2001:db8:1::10/64', 'dev', 'eth0', 'nodad');
      // Fast neighbour failure on the host: unanswered resolution gives up after 3 × 100 ms.
      await lab.sysctl(h, 'net/ipv4/neigh/eth0/retrans_time_ms', '100');
      await lab.sysctl(h, 'net/ipv6/neigh/eth0/retrans_time_ms', '100');
      // A macvlan whose lower device lives in another namespace: what a docker macvlan network gives.
      await lab.ip(sw, 'link', 'add', 'mvlow', 'type', 'veth', 'peer', 'name', 'mvlow2');
      await lab.ip(sw, 'link', 'add', 'link', 'mvlow', 'name', 'mv0', 'type', 'macvlan', 'mode', 'bridge');
      await lab.ip(sw, 'link', 'set', 'mv0', 'netns', r);
      await lab.ip(r, 'link', 'set', 'mv0', 'up');
      await lab.ip(r, 'addr', 'add', '198.51.100.2/24', 'dev', 'mv0');
      parentMac = (await lab.json<{ address: string }[]>(r, 'link', 'show', 'dev', 'eth1'))[0]?.address ?? '';
      hostMac = (await lab.json<{ address: string }[]>(h, 'link', 'show', 'dev', 'eth0'))[0]?.address ?? '';
      ip = new Iproute2({ netns: r });
    } catch (e) {
      await lab.destroy();
      throw e;
    }
  });

  afterAll(async () => {
    await lab.destroy();
    if (timings.length > 0) console.log(`VIP timings (activate/deactivate → applied):\n${timings.map((t) => `  ${t.what}: ${t.ms.toFixed(2)} ms`).join('\n')}`);
  });

  it('prepares a macvlan child with the virtual MAC, bridge mode, up, without the VIP', async () => {
    const plane = await makePlane();
    try {
      plane.prepare('GigabitEthernet0/1', 'hsrp-v1-ipv4-10', hsrpMac);
      await plane.settled();
      const name = plane.childOf('GigabitEthernet0/1', 'hsrp-v1-ipv4-10');
      expect(name).toBe('vh-eth1-h4-10');
      const link = (await ip.links()).find((l) => l.ifname === name);
      expect(link?.address).toBe(hsrpMacText);
      expect(link?.linkinfo?.info_kind).toBe('macvlan');
      expect(link?.linkinfo?.info_data?.mode).toBe('bridge');
      expect(link?.flags).toContain('UP');
      expect(link?.ifalias).toBe('vipr GigabitEthernet0/1 hsrp-v1-ipv4-10');
      expect(await addrsOn(name ?? '')).toEqual([]);
      expect(plane.placement('GigabitEthernet0/1')).toMatchObject({ placement: 'macvlan', device: 'eth1' });
      // ip-sysctl.rst: parent and child answer ARP only for their own addresses, never announce a VIP.
      for (const dev of ['eth1', name ?? '']) {
        expect(await lab.readSysctl(r, `net/ipv4/conf/${dev}/arp_ignore`)).toBe('1');
        expect(await lab.readSysctl(r, `net/ipv4/conf/${dev}/arp_announce`)).toBe('2');
      }
      expect(await lab.readSysctl(r, `net/ipv4/conf/${name ?? ''}/rp_filter`)).toBe('2');
      expect(await lab.readSysctl(r, `net/ipv6/conf/${name ?? ''}/disable_ipv6`)).toBe('1');
    } finally {
      await plane.close();
    }
    expect(await macvlans()).toEqual(['mv0']);
    // close() puts the parent's sysctls back as they were.
    expect(await lab.readSysctl(r, 'net/ipv4/conf/eth1/arp_ignore')).toBe('0');
  });

  it('IPv4: the VIP is on the child only while active; the host resolves it to the virtual MAC, never the parent', async () => {
    const plane = await makePlane();
    try {
      const key = 'hsrp-v1-ipv4-10';
      plane.prepare('GigabitEthernet0/1', key, hsrpMac);
      await plane.settled();
      const child = plane.childOf('GigabitEthernet0/1', key) ?? '';

      // Inactive: nobody answers for the VIP, in particular not the parent.
      expect(await lab.resolve(h, 'eth0', '192.0.2.1')).toBeUndefined();

      for (let round = 0; round < 3; round++) {
        events.length = 0;
        plane.activate('GigabitEthernet0/1', key, hsrpMac, ['192.0.2.1', '192.0.2.254']);
        await plane.settled();
        const took = events.find((e) => e.kind === 'applied' && e.action === 'activate');
        timings.push({ what: `IPv4 take (2 VIPs), round ${round + 1}`, ms: took?.kind === 'applied' ? took.elapsedMs : NaN });
        expect((await addrsOn(child)).sort()).toEqual(['192.0.2.1/32', '192.0.2.254/32']);
        expect(await addrsOn('eth1')).not.toContain('192.0.2.1/32');

        events.length = 0;
        plane.deactivate('GigabitEthernet0/1', key);
        await plane.settled();
        const released = events.find((e) => e.kind === 'applied' && e.action === 'deactivate');
        timings.push({ what: `IPv4 release (2 VIPs), round ${round + 1}`, ms: released?.kind === 'applied' ? released.elapsedMs : NaN });
        expect(await addrsOn(child)).toEqual([]);
      }

      plane.activate('GigabitEthernet0/1', key, hsrpMac, ['192.0.2.1']);
      await plane.settled();
      // Every ARP reply for the VIP comes from the virtual MAC: the parent stays silent (arp_ignore=1).
      let resolved: string | undefined;
      const lines = await lab.capture(h, 'eth0', 'arp', async () => {
        resolved = await lab.resolve(h, 'eth0', '192.0.2.1');
      });
      expect(resolved).toBe(hsrpMacText);
      const replies = lines.filter((l) => /Reply 192\.0\.2\.1 is-at/.test(l));
      expect(replies.length).toBeGreaterThan(0);
      for (const l of replies) expect(l).toContain(`is-at ${hsrpMacText}`);
      expect(lines.join('\n')).not.toContain(`is-at ${parentMac}`);
      // The router's own address is still answered by the parent with its own MAC.
      expect(await lab.resolve(h, 'eth0', '192.0.2.2')).toBe(parentMac);

      plane.deactivate('GigabitEthernet0/1', key);
      await plane.settled();
      expect(await lab.resolve(h, 'eth0', '192.0.2.1')).toBeUndefined();
    } finally {
      await plane.close();
    }
  });

  it('VRRPv3 without Accept_Mode (accept: false): the VIP is installed as usual and the kernel accepts packets to it; a warning says so once per group', async () => {
    const plane = await makePlane();
    try {
      const key = 'ipv4:7';
      const mac = virtualMac('vrrp-ipv4', 7);
      events.length = 0;
      for (let i = 0; i < 2; i++) {
        plane.activate('GigabitEthernet0/1', key, mac, ['192.0.2.7'], { accept: false });
        await plane.settled();
      }
      const child = plane.childOf('GigabitEthernet0/1', key) ?? '';
      expect(await addrsOn(child)).toEqual(['192.0.2.7/32']);
      const warnings = events.filter((e) => e.kind === 'warning');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ ifName: 'GigabitEthernet0/1', groupKey: key });
      expect(warnings[0]?.kind === 'warning' && warnings[0].message).toContain('no accept-mode is not enforced on Linux');
      // What the warning says: the host's ping to the VIP is answered (RFC 5798 §6.4.3 would drop it).
      expect((await lab.exec(h, 'ping', '-c', '1', '-W', '2', '192.0.2.7')).code).toBe(0);
      events.length = 0;
      plane.activate('GigabitEthernet0/1', 'ipv4:8', virtualMac('vrrp-ipv4', 8), ['192.0.2.8'], { accept: true });
      plane.activate('GigabitEthernet0/1', 'ipv4:9', virtualMac('vrrp-ipv4', 9), ['192.0.2.9']);
      await plane.settled();
      expect(events.filter((e) => e.kind === 'warning')).toEqual([]);
    } finally {
      await plane.close();
    }
  });

  it('why bridge mode: the parent still hears frames sourced from the virtual MAC (a peer Active); a private child would swallow them', async () => {
    const plane = await makePlane();
    try {
      plane.prepare('GigabitEthernet0/1', 'hsrp-v1-ipv4-10', hsrpMac);
      await plane.settled();
      // The host plays the peer that is Active: it sends from the virtual MAC, as HSRP hellos do.
      await lab.ip(h, 'link', 'set', 'eth0', 'address', hsrpMacText);
      // A broadcast from the virtual MAC reaches the parent's stack: it answers ARP for its address.
      expect(await lab.resolve(h, 'eth0', '192.0.2.2')).toBe(parentMac);
      await plane.close();
      await lab.ip(r, 'link', 'add', 'link', 'eth1', 'name', 'vpriv', 'address', hsrpMacText, 'type', 'macvlan', 'mode', 'private');
      await lab.sysctl(r, 'net/ipv4/conf/vpriv/arp_ignore', '1');
      await lab.ip(r, 'link', 'set', 'vpriv', 'up');
      // drivers/net/macvlan.c: a multicast frame whose source is a private child's MAC goes to that
      // child alone, so the parent never answers (and would never hear the peer's hellos).
      expect(await lab.resolve(h, 'eth0', '192.0.2.2')).toBeUndefined();
    } finally {
      await plane.close();
      await lab.ip(r, 'link', 'del', 'vpriv').catch(() => undefined);
      await lab.ip(h, 'link', 'set', 'eth0', 'address', hostMac);
    }
  });

  it('activate then deactivate in the same tick coalesces; a changed VIP list only moves the difference', async () => {
    const plane = await makePlane();
    try {
      const key = 'ipv4:7';
      const mac = virtualMac('vrrp-ipv4', 7);
      plane.prepare('GigabitEthernet0/1', key, mac);
      await plane.settled();
      const child = plane.childOf('GigabitEthernet0/1', key) ?? '';
      expect(child).toBe('vh-eth1-v4-7');
      plane.activate('GigabitEthernet0/1', key, mac, ['192.0.2.7']);
      plane.deactivate('GigabitEthernet0/1', key);
      await plane.settled();
      expect(await addrsOn(child)).toEqual([]);
      plane.activate('GigabitEthernet0/1', key, mac, ['192.0.2.7', '192.0.2.8']);
      await plane.settled();
      plane.activate('GigabitEthernet0/1', key, mac, ['192.0.2.8', '192.0.2.9']);
      await plane.settled();
      expect((await addrsOn(child)).sort()).toEqual(['192.0.2.8/32', '192.0.2.9/32']);
      // The group goes away from the configuration: its child and VIPs go too.
      plane.release('GigabitEthernet0/1', key);
      await plane.settled();
      expect(await macvlans()).not.toContain(child);
    } finally {
      await plane.close();
    }
  });

  it('IPv6: a child that is up, with a random link-local, only while active; the VIP (nodad) answers ND with the virtual MAC', async () => {
    const plane = await makePlane();
    try {
      const key = 'ipv6:3';
      plane.prepare('GigabitEthernet0/1', key, v6Mac);
      await plane.settled();
      const child = plane.childOf('GigabitEthernet0/1', key) ?? '';
      const link = (await ip.links()).find((l) => l.ifname === child);
      expect(link?.inet6_addr_gen_mode).toBe('random');
      // A Backup's IPv6 child is down: it must not forward what reaches the virtual MAC.
      expect(link?.flags).not.toContain('UP');
      expect(await lab.readSysctl(r, `net/ipv6/conf/${child}/accept_ra`)).toBe('0');
      expect(await lab.readSysctl(r, `net/ipv6/conf/${child}/autoconf`)).toBe('0');

      expect(await lab.resolve(h, 'eth0', '2001:db8:1::1')).toBeUndefined();
      events.length = 0;
      plane.activate('GigabitEthernet0/1', key, v6Mac, ['fe80::1', '2001:db8:1::1']);
      await plane.settled();
      const took = events.find((e) => e.kind === 'applied');
      timings.push({ what: 'IPv6 take (2 VIPs)', ms: took?.kind === 'applied' ? took.elapsedMs : NaN });
      const addrs = (await ip.addresses()).find((l) => l.ifname === child)?.addr_info ?? [];
      const vip = addrs.find((a) => a.local === '2001:db8:1::1');
      expect(vip).toMatchObject({ prefixlen: 128, nodad: true });
      expect(vip?.tentative).toBeUndefined();
      expect(addrs.find((a) => a.local === 'fe80::1')).toMatchObject({ prefixlen: 128 });
      expect(await lab.resolve(h, 'eth0', '2001:db8:1::1')).toBe(v6MacText);
      expect(await lab.resolve(h, 'eth0', 'fe80::1')).toBe(v6MacText);
      expect((await ip.links()).find((l) => l.ifname === child)?.flags).toContain('UP');
      const lls = addrs.filter((a) => a.family === 'inet6' && a.scope === 'link' && a.local !== 'fe80::1');
      expect(lls.length).toBe(1);
      // Not the EUI-64 of the virtual MAC, which the other router would derive too.
      expect(lls[0]?.local).not.toBe('fe80::200:5eff:fe00:203');

      events.length = 0;
      plane.deactivate('GigabitEthernet0/1', key);
      await plane.settled();
      const released = events.find((e) => e.kind === 'applied');
      timings.push({ what: 'IPv6 release (2 VIPs)', ms: released?.kind === 'applied' ? released.elapsedMs : NaN });
      expect(await lab.resolve(h, 'eth0', '2001:db8:1::1')).toBeUndefined();
      expect((await ip.links()).find((l) => l.ifname === child)?.flags).not.toContain('UP');
    } finally {
      await plane.close();
    }
  });

  it('two routers with the same IPv6 group never share a link-local', async () => {
    const a = await makePlane();
    try {
      const vip = 'fe80::5:73ff:fea0:1';
      a.activate('GigabitEthernet0/1', 'hsrp-v2-ipv6-1', virtualMac('hsrp-v2-ipv6', 1), [vip]);
      await a.settled();
      const own = (addrs: readonly { local?: string; scope?: string }[] | undefined): string | undefined => addrs?.find((x) => x.scope === 'link' && x.local !== vip)?.local;
      const first = own((await ip.addresses()).find((l) => l.ifname === 'vh-eth1-h6-1')?.addr_info);
      a.release('GigabitEthernet0/1', 'hsrp-v2-ipv6-1');
      await a.settled();
      a.activate('GigabitEthernet0/1', 'hsrp-v2-ipv6-1', virtualMac('hsrp-v2-ipv6', 1), [vip]);
      await a.settled();
      const second = own((await ip.addresses()).find((l) => l.ifname === 'vh-eth1-h6-1')?.addr_info);
      expect(first).toBeDefined();
      expect(second).toBeDefined();
      expect(second).not.toBe(first);
    } finally {
      await a.close();
    }
  });

  it('activating an unprepared group creates the child on the way; a new virtual MAC moves onto the child', async () => {
    const plane = await makePlane();
    try {
      const key = 'hsrp-v2-ipv4-20';
      events.length = 0;
      plane.activate('GigabitEthernet0/1', key, virtualMac('hsrp-v2-ipv4', 20), ['192.0.2.20']);
      await plane.settled();
      const took = events.find((e) => e.kind === 'applied');
      timings.push({ what: 'IPv4 take, child created on the way', ms: took?.kind === 'applied' ? took.elapsedMs : NaN });
      expect(await addrsOn('vh-eth1-h4-20')).toEqual(['192.0.2.20/32']);
      const custom = parseMac('0200.1234.5678') ?? new Uint8Array(6);
      plane.activate('GigabitEthernet0/1', key, custom, ['192.0.2.20']);
      await plane.settled();
      expect((await ip.links()).find((l) => l.ifname === 'vh-eth1-h4-20')?.address).toBe('02:00:12:34:56:78');
      expect(await lab.resolve(h, 'eth0', '192.0.2.20')).toBe('02:00:12:34:56:78');
    } finally {
      await plane.close();
    }
  });

  it('no leftovers after close(), and a start-up sweep removes what a crashed run left', async () => {
    const crashed = await makePlane();
    crashed.activate('GigabitEthernet0/1', 'hsrp-v1-ipv4-10', hsrpMac, ['192.0.2.1']);
    crashed.activate('GigabitEthernet0/1', 'ipv6:3', v6Mac, ['2001:db8:1::1']);
    crashed.activate('GigabitEthernet0/2', 'hsrp-v1-ipv4-11', virtualMac('hsrp-v1', 11), ['198.51.100.1']);
    await crashed.settled();
    expect((await macvlans()).sort()).toEqual(['mv0', 'vh-eth1-h4-10', 'vh-eth1-v6-3']);
    expect(await addrsOn('mv0')).toContain('198.51.100.1/32');
    // The process dies here: no close(). The next run sweeps on open.
    events.length = 0;
    const next = await makePlane();
    try {
      const swept = events.find((e) => e.kind === 'swept');
      expect(swept).toMatchObject({ kind: 'swept', devices: expect.arrayContaining(['vh-eth1-h4-10', 'vh-eth1-v6-3']) });
      expect(await macvlans()).toEqual(['mv0']);
      expect(await addrsOn('mv0')).toEqual(['198.51.100.2/24']);
      next.activate('GigabitEthernet0/1', 'hsrp-v1-ipv4-10', hsrpMac, ['192.0.2.1']);
      next.activate('GigabitEthernet0/2', 'hsrp-v1-ipv4-11', virtualMac('hsrp-v1', 11), ['198.51.100.1']);
      await next.settled();
    } finally {
      await next.close();
    }
    expect(await macvlans()).toEqual(['mv0']);
    expect(await addrsOn('mv0')).toEqual(['198.51.100.2/24']);
    expect(await addrsOn('eth1')).toEqual(expect.not.arrayContaining(['192.0.2.1/32']));
  });

  it('a parent that is itself a macvlan (docker macvlan network) falls back to use-bia: the VIP on the parent', async () => {
    const plane = await makePlane();
    try {
      events.length = 0;
      const decision = await plane.attach('GigabitEthernet0/2');
      expect(decision).toMatchObject({ placement: 'parent', device: 'mv0' });
      expect(decision?.reason).toMatch(/itself a macvlan of a device in another namespace/);
      expect(events.find((e) => e.kind === 'placement')).toMatchObject({ decision: { placement: 'parent' } });
      plane.activate('GigabitEthernet0/2', 'hsrp-v1-ipv4-11', virtualMac('hsrp-v1', 11), ['198.51.100.1']);
      await plane.settled();
      expect(await macvlans()).toEqual(['mv0']);
      expect((await addrsOn('mv0')).sort()).toEqual(['198.51.100.1/32', '198.51.100.2/24']);
      plane.deactivate('GigabitEthernet0/2', 'hsrp-v1-ipv4-11');
      await plane.settled();
      expect(await addrsOn('mv0')).toEqual(['198.51.100.2/24']);
      expect(plane.placement('GigabitEthernet0/1')).toBeUndefined();
    } finally {
      await plane.close();
    }
  });

  it('an unmapped or absent interface is reported, not thrown', async () => {
    const plane = await makePlane();
    try {
      events.length = 0;
      plane.activate('GigabitEthernet0/9', 'hsrp-v1-ipv4-1', hsrpMac, ['192.0.2.1']);
      await plane.settled();
      expect(events.some((e) => e.kind === 'warning' && /no Linux device/.test(e.message))).toBe(true);
      devices['GigabitEthernet0/3'] = 'eth3';
      plane.activate('GigabitEthernet0/3', 'hsrp-v1-ipv4-1', hsrpMac, ['192.0.2.1']);
      await plane.settled();
      expect(events.some((e) => e.kind === 'warning' && /eth3 is not present/.test(e.message))).toBe(true);
    } finally {
      await plane.close();
    }
  });
});
