/**
 * When `vipr lab up` considers the elections done (src/lab/elections.ts): one Active and one Standby per
 * HSRP group, one Master and the rest Backup per VRRP group, read from the routers' JSON snapshots.
 */
import { describe, expect, it } from 'vitest';
import { hsrpGroups, judge, vrrpGroups } from '../../src/lab/elections.js';

const hsrp = (router: string, ...states: [number, string][]) =>
  hsrpGroups(
    router,
    states.map(([group, state]) => ({ ifName: 'GigabitEthernet0/1', group, family: 4, state })),
  );
const vrrp = (router: string, state: string) => vrrpGroups(router, [{ ifName: 'GigabitEthernet0/2', groups: [{ vrid: 2, family: 4, state }] }]);

describe('lab elections', () => {
  it('settles with one Active and one Standby per HSRP group and one Master per VRRP group', () => {
    const v = judge([...hsrp('R1', [1, 'active']), ...hsrp('R2', [1, 'standby']), ...vrrp('R1', 'master'), ...vrrp('R2', 'backup')]);
    expect(v.settled).toBe(true);
    expect(v.pending).toEqual([]);
    expect([...v.leaders]).toEqual([
      ['HSRP GigabitEthernet0/1 group 1 (IPv4)', 'R1'],
      ['VRRP GigabitEthernet0/2 group 2 (IPv4)', 'R1'],
    ]);
  });

  it('waits while the second HSRP router is still Speak or Listen, and says who is where', () => {
    const v = judge([...hsrp('R1', [1, 'active']), ...hsrp('R2', [1, 'listen'])]);
    expect(v.settled).toBe(false);
    expect(v.pending).toEqual(['HSRP GigabitEthernet0/1 group 1 (IPv4): R1 active, R2 listen']);
  });

  it('does not settle on two Masters (a split brain) or on no group at all', () => {
    expect(judge([...vrrp('R1', 'master'), ...vrrp('R2', 'master')]).settled).toBe(false);
    expect(judge([...vrrp('R1', 'master'), ...vrrp('R2', 'init')]).settled).toBe(false);
    const none = judge([]);
    expect(none.settled).toBe(false);
    expect(none.pending).toEqual(['no HSRP or VRRP group is configured']);
  });

  it('a group on one router only needs its Active', () => {
    expect(judge(hsrp('R1', [1, 'active'], [2, 'active'])).settled).toBe(true);
  });

  it('rejects snapshots of another shape instead of reading them as no groups', () => {
    expect(() => hsrpGroups('R1', { groups: [] })).toThrow(/not a list/);
    expect(() => vrrpGroups('R1', [{ ifName: 'Gi0/2' }])).toThrow(/unexpected VRRP snapshot/);
  });
});
