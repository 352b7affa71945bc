import { describe, expect, it } from 'vitest';
import { Lab } from './lab.js';

const v6 = (name: string, ll: string, prio: number): string =>
  [`hostname ${name}`, 'interface GigabitEthernet0/1', ' ipv6 enable', ` ipv6 address ${ll} link-local`, ' standby version 2', ' standby 6 ipv6 autoconfig', ` standby 6 priority ${prio}`].join('\n');

describe('HSRPv2 IPv6 groups', () => {
  it('elect over ff02::66 from link-local sources; the Active owns FE80::205:73FF:FEA0:6 on 0005.73a0.0006 and sends unsolicited NAs', () => {
    const lab = new Lab();
    const r1 = lab.add('R1', v6('R1', 'FE80::1', 110));
    lab.add('R2', v6('R2', 'FE80::2', 100));
    lab.run(40);
    expect([lab.state('R1', 6), lab.state('R2', 6)]).toEqual(['active', 'standby']);
    expect([...r1.plane.active.values()]).toEqual([{ mac: '0005.73a0.0006', addresses: ['fe80::205:73ff:fea0:6'] }]);
    const hsrp = lab.frames().filter((f) => f.frame.protocol === 'hsrp-v2');
    expect(hsrp.every((f) => f.frame.ip.destination === 'ff02::66' && f.frame.ip.source.startsWith('fe80::'))).toBe(true);
    expect(hsrp.filter((f) => f.from === 'R1').at(-1)!.frame.ethernet.source).toBe('0005.73a0.0006');
    const na = lab.segment.records.filter((r) => r.frame[12] === 0x86 && r.frame[13] === 0xdd && r.frame[20] === 58);
    expect(na.length).toBe(3);
  });
});
