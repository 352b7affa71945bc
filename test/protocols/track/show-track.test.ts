import { describe, expect, it } from 'vitest';
import { renderShowTrack, renderShowTrackBrief, showTrack } from '../../../src/protocols/track/show-track.js';
import { trackClientText } from '../../../src/protocols/track/track-clients.js';
import { rig, tracksOf } from './track-fixtures.js';

const CONFIG = [
  'track 1 interface GigabitEthernet1/2 line-protocol',
  'track 2 ip route 0.0.0.0 0.0.0.0 reachability',
  'track 3 interface GigabitEthernet0/3 ip routing',
  'track 5 ip sla 400 state',
  ' delay up 60 down 30',
  'track 6 ip route 10.16.0.0 255.255.0.0 metric threshold',
  'track 10 list boolean and',
  ' object 1',
  ' object 2 not',
  ' object 7',
].join('\n');

/** Spec §6.7 scenario: Gi1/2 up for 4m51s, the default route gone 2m11s ago, HSRP and VRRP tracking. */
function scenario() {
  const r = rig(CONFIG, (i) => {
    i.setLink('GigabitEthernet1/2', true);
    i.setLink('GigabitEthernet0/3', true);
    i.setRoute('0.0.0.0', 0, true, undefined, 'GigabitEthernet0/0');
    i.setRoute('10.16.0.0', 16, true, 'static', 'GigabitEthernet0/1');
    i.setSla(400, 'ok');
  });
  r.tracker.registerClient(1, { kind: 'hsrp', iface: 'Vlan10', group: 10 });
  r.tracker.registerClient(1, { kind: 'vrrp', iface: 'GigabitEthernet0/1', group: 5 });
  r.tracker.registerClient(1, { kind: 'hsrp', iface: 'GigabitEthernet0/0.10', group: 10 });
  r.tracker.registerClient(10, { kind: 'hsrp', iface: 'GigabitEthernet0/0.10', group: 10 });
  r.clock.advance(160_000);
  r.inputs.setRoute('0.0.0.0', 0, false);
  r.clock.advance(131_000);
  return r;
}

describe('show track', () => {
  it('renders every kind as IOS 15 does, byte for byte', () => {
    const r = scenario();
    expect(showTrack(r.tracker)).toBe(
      [
        'Track 1',
        '  Interface GigabitEthernet1/2 line-protocol',
        '  Line protocol is Up',
        '    1 change, last change 00:04:51',
        '  Tracked by:',
        '    HSRP GigabitEthernet0/0.10 10',
        '    HSRP Vlan10 10',
        '    VRRP GigabitEthernet0/1 5',
        '    Track List 10',
        'Track 2',
        '  IP route 0.0.0.0 0.0.0.0 reachability',
        '  Reachability is Down (no ip route)',
        '    2 changes, last change 00:02:11',
        '  First-hop interface is unknown',
        '  Tracked by:',
        '    Track List 10',
        'Track 3',
        '  Interface GigabitEthernet0/3 ip routing',
        '  IP routing is Down (no IP addr)',
        '    1 change, last change 00:04:51',
        'Track 5',
        '  IP SLA 400 state',
        '  State is Up',
        '    1 change, last change 00:04:51',
        '  Delay up 60 secs, down 30 secs',
        'Track 6',
        '  IP route 10.16.0.0 255.255.0.0 metric threshold',
        '  Metric threshold is Up (static)',
        '    1 change, last change 00:04:51',
        '  Metric threshold down 255 up 254',
        '  First-hop interface is GigabitEthernet0/1',
        'Track 10',
        '  List boolean and',
        '  Boolean AND is Down',
        '    1 change, last change 00:04:51',
        '    object 1 Up',
        '    object 2 not Down',
        '    object 7 (unknown)',
        '  Tracked by:',
        '    HSRP GigabitEthernet0/0.10 10',
        '',
      ].join('\n'),
    );
  });

  it('show track N prints one object; an unconfigured one prints nothing', () => {
    const r = scenario();
    expect(showTrack(r.tracker, { object: 2 }).split('\n')[0]).toBe('Track 2');
    expect(showTrack(r.tracker, { object: 99 })).toBe('');
  });

  it('interface down reasons and the RIB source, and the list going Up', () => {
    const r = scenario();
    r.inputs.setLink('GigabitEthernet1/2', false, true);
    r.inputs.setRoute('0.0.0.0', 0, true, undefined, 'GigabitEthernet0/0');
    const text = showTrack(r.tracker, { object: 1 }) + showTrack(r.tracker, { object: 2 });
    expect(text.split('\n').slice(0, 4)).toEqual([
      'Track 1',
      '  Interface GigabitEthernet1/2 line-protocol',
      '  Line protocol is Down ((hw admin-down))',
      '    2 changes, last change 00:00:00',
    ]);
    expect(text).toContain('  Reachability is Up (RIB)\n    3 changes, last change 00:00:00\n  First-hop interface is GigabitEthernet0/0\n');
    r.inputs.setLink('GigabitEthernet1/2', false);
    expect(showTrack(r.tracker, { object: 1 })).toContain('  Line protocol is Down ((hw down))\n');
  });

  it('Boolean OR, one-way delays, days and weeks in the change age', () => {
    const r = rig(['track 4 list boolean or', ' object 9 not', ' delay down 7'].join('\n'));
    r.clock.advance(3 * 86_400_000 + 5 * 3_600_000);
    expect(renderShowTrack(r.tracker.snapshot())).toBe(
      ['Track 4', '  List boolean or', '  Boolean OR is Down', '    1 change, last change 3d05h', '    object 9 not (unknown)', '  Delay down 7 secs', ''].join('\n'),
    );
    r.clock.advance(14 * 86_400_000);
    expect(renderShowTrack(r.tracker.snapshot())).toContain('last change 2w3d\n');
  });
});

describe('show track brief', () => {
  it('has the IOS columns, byte for byte', () => {
    const r = scenario();
    expect(showTrack(r.tracker, { brief: true })).toBe(
      [
        'Track Type        Instance                   Parameter        State Last Change',
        '1     interface   GigabitEthernet1/2         line-protocol    Up    00:04:51',
        '2     ip route    0.0.0.0/0                  reachability     Down  00:02:11',
        '3     interface   GigabitEthernet0/3         ip routing       Down  00:04:51',
        '5     ip sla      400                        state            Up    00:04:51',
        '6     ip route    10.16.0.0/16               metric threshold Up    00:04:51',
        '10    list                                   boolean          Down  00:04:51',
        '',
      ].join('\n'),
    );
  });

  it('show track N brief: the header and one line; long names keep a separating space', () => {
    const r = rig('track 1 interface TenGigabitEthernet1/0/1.4000 line-protocol');
    expect(renderShowTrackBrief(r.tracker.snapshot(1))).toBe(
      [
        'Track Type        Instance                   Parameter        State Last Change',
        '1     interface   TenGigabitEthernet1/0/1.4000 line-protocol    Down  00:00:00',
        '',
      ].join('\n'),
    );
  });
});

describe('Tracked by', () => {
  it('registrations are counted and removable', () => {
    const r = rig('track 1 interface GigabitEthernet0/1 line-protocol');
    const a = r.tracker.registerClient(1, { kind: 'hsrp', iface: 'GigabitEthernet0/1', group: 1 });
    const b = r.tracker.registerClient(1, { kind: 'hsrp', iface: 'GigabitEthernet0/1', group: 1 });
    const lines = () => r.tracker.snapshot(1)[0]?.trackedBy.map(trackClientText);
    expect(lines()).toEqual(['HSRP GigabitEthernet0/1 1']);
    a();
    a();
    expect(lines()).toEqual(['HSRP GigabitEthernet0/1 1']);
    b();
    expect(lines()).toEqual([]);
    expect(showTrack(r.tracker)).not.toContain('Tracked by');
  });

  it('a registration for an object not configured yet shows once it is', () => {
    const r = rig('');
    r.tracker.registerClient(3, { kind: 'vrrp', iface: 'GigabitEthernet0/1', group: 5 });
    expect(showTrack(r.tracker)).toBe('');
    r.tracker.update(tracksOf('track 3 ip sla 1 reachability'));
    expect(showTrack(r.tracker)).toContain('  Tracked by:\n    VRRP GigabitEthernet0/1 5\n');
  });
});
