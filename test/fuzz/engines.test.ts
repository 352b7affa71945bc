/**
 * Short fuzz run of the HSRP and VRRP engines under hostile frames; the 1,000,000-input form is
 * `npx tsx bench/fuzz.ts 1000000 fhrp-engines`. Properties: test/fuzz/targets/engines.ts.
 */
import { describe, expect, it } from 'vitest';
import { encodeFhrpFrame } from '../../src/protocols/fhrp-frame.js';
import { assertTarget } from './support/assert.js';
import { engineTarget, runEngines } from './targets/engines.js';

const coup = (authText: string, source: string): Uint8Array =>
  encodeFhrpFrame({
    ethernet: { source: '0011.2233.4455' },
    ip: { source },
    hsrp: { protocol: 'hsrp-v1', opcode: 'coup', state: 'speak', helloTimeS: 3, holdTimeS: 10, priority: 255, group: 1, reserved: 0, authText, virtualIp: '10.0.0.1' },
  });
const advert = (source: string, ttl = 255): Uint8Array => encodeFhrpFrame({ ip: { source, ttl }, vrrp: { version: 2, vrid: 2, priority: 255, authType: 'none', adverIntSec: 1, addresses: ['10.0.0.254'] } });

describe('fuzz: a priority-255 HSRP router and a VRRP owner under hostile frames', () => {
  it('the oracle is not vacuous: only a frame that wins by the rules takes a group', () => {
    // RFC 2281 §5.4: a coup at equal priority from a higher address wins; with the wrong key or from a lower address it does not.
    expect(runEngines([{ frame: coup('cisco', '10.0.0.255') }]).steps[0]).toMatchObject({ hsrp: 'speak', hsrpMayLose: true });
    expect(runEngines([{ frame: coup('wrong', '10.0.0.255') }]).steps[0]).toMatchObject({ hsrp: 'active', hsrpMayLose: false });
    expect(runEngines([{ frame: coup('cisco', '10.0.0.2') }]).steps[0]).toMatchObject({ hsrp: 'active', hsrpMayLose: false });
    // RFC 3768 §6.4.3 and §7.1: equal priority from a higher address wins, but only with TTL 255.
    expect(runEngines([{ frame: advert('10.0.0.255') }]).steps[0]).toMatchObject({ vrrp: 'backup', vrrpMayLose: true });
    expect(runEngines([{ frame: advert('10.0.0.255', 1) }]).steps[0]).toMatchObject({ vrrp: 'master', vrrpMayLose: false });
    expect(runEngines([{ frame: advert('10.0.0.255') }]).end).toMatchObject({ hsrp: 'active', vrrp: 'master' });
  });

  it('nothing throws and garbage never takes Active/Master: 1,500 sequences', () => assertTarget(engineTarget, 1500));
});
