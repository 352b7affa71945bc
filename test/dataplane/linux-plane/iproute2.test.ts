import { afterAll, describe, expect, it } from 'vitest';
import { IpCommandError, Iproute2, parseBatchFailures, routeDestination } from '../../../src/dataplane/linux/iproute2.js';
import { createSysctl } from '../../../src/dataplane/linux/sysctl.js';
import { Lab, netnsAvailable } from './lab.js';

describe('iproute2 helpers', () => {
  it('matches batch failures to their lines', () => {
    const stderr = 'Cannot find device "nonex"\nCommand failed -:2\nError: either "local" is duplicate\nsecond line\nCommand failed -:4\n';
    expect(parseBatchFailures(stderr, ['a', 'addr add 1.2.3.4/32 dev nonex', 'c', 'd'])).toEqual([
      { line: 2, command: 'addr add 1.2.3.4/32 dev nonex', message: 'Cannot find device "nonex"' },
      { line: 4, command: 'd', message: 'Error: either "local" is duplicate; second line' },
    ]);
  });

  it('normalises route destinations', () => {
    expect(routeDestination('default', 4)).toBe('0.0.0.0/0');
    expect(routeDestination('default', 6)).toBe('::/0');
    expect(routeDestination('10.0.0.1', 4)).toBe('10.0.0.1/32');
    expect(routeDestination('2001:db8::/32', 6)).toBe('2001:db8::/32');
  });

  it('names the command in errors, with the namespace', () => {
    const ip = new Iproute2({ netns: 'nowhere-ns' });
    expect(ip.describe(['link', 'set', 'dev', 'eth1', 'alias', 'a b'])).toBe(`ip -n nowhere-ns link set dev eth1 alias 'a b'`);
  });

  it('refuses batch arguments that the batch tokenizer would misread', async () => {
    await expect(new Iproute2().batch([['link', 'set', 'dev', 'x', 'alias', 'a"b']])).rejects.toThrow(TypeError);
    await expect(new Iproute2().batch([['link', 'set', 'dev', 'x', 'alias', 'a#b']])).rejects.toThrow(TypeError);
  });
});

const available = await netnsAvailable();

describe.skipIf(!available)('iproute2 in a namespace', () => {
  const lab = new Lab('vpi');
  afterAll(async () => {
    await lab.destroy();
  });

  it('runs json queries, batches with per-line failures, and names the command in errors', async () => {
    const ns = await lab.ns('r');
    const ip = new Iproute2({ netns: ns });
    const r = await ip.batch([
      ['link', 'add', 'br9', 'type', 'bridge'],
      ['link', 'set', 'dev', 'br9', 'alias', 'vipr test 1'],
      ['addr', 'add', '10.1.1.1/24', 'dev', 'nonexistent'],
      ['addr', 'add', '10.1.1.1/24', 'dev', 'br9'],
    ]);
    expect(r.failures).toEqual([{ line: 3, command: 'addr add 10.1.1.1/24 dev nonexistent', message: expect.stringMatching(/nonexistent/) }]);
    console.log(`ip -batch of 4 lines: ${r.elapsedMs.toFixed(2)} ms`);
    const links = await ip.links();
    expect(links.find((l) => l.ifname === 'br9')).toMatchObject({ ifalias: 'vipr test 1', linkinfo: { info_kind: 'bridge' } });
    const addrs = await ip.addresses();
    expect(addrs.find((l) => l.ifname === 'br9')?.addr_info).toEqual([expect.objectContaining({ family: 'inet', local: '10.1.1.1', prefixlen: 24 })]);
    expect(await ip.routes(4, ['proto', '118'])).toEqual([]);
    const err = await ip.run(['link', 'show', 'dev', 'nonexistent']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpCommandError);
    expect((err as Error).message).toMatch(new RegExp(`^ip -n ${ns} link show dev nonexistent: .*nonexistent`));
    await expect(ip.batchOrThrow([['link', 'del', 'dev', 'nonexistent']])).rejects.toThrow(/link del dev nonexistent/);
  });

  it('sysctls in a namespace: several keys per exec, dotted device names', async () => {
    const ns = await lab.ns('s');
    await lab.ip(ns, 'link', 'add', 'br1.5', 'type', 'bridge');
    const sysctl = createSysctl(ns);
    const keys = ['net/ipv4/conf/br1.5/arp_ignore', 'net/ipv4/conf/br1.5/arp_announce', 'net/ipv4/conf/nonexistent/arp_ignore'];
    expect(await sysctl.read(keys)).toEqual(
      new Map([
        ['net/ipv4/conf/br1.5/arp_ignore', '0'],
        ['net/ipv4/conf/br1.5/arp_announce', '0'],
      ]),
    );
    await sysctl.write([
      ['net/ipv4/conf/br1.5/arp_ignore', '1'],
      ['net/ipv4/conf/br1.5/arp_announce', '2'],
    ]);
    expect(await sysctl.read(keys.slice(0, 2))).toEqual(
      new Map([
        ['net/ipv4/conf/br1.5/arp_ignore', '1'],
        ['net/ipv4/conf/br1.5/arp_announce', '2'],
      ]),
    );
    await expect(sysctl.write([['net/ipv4/conf/nonexistent/arp_ignore', '1']])).rejects.toThrow(/nonexistent/);
  });
});
