/**
 * VRRPv2 authentication failures are dropped (RFC 3768 §7.1, RFC 2338 §5.3.6) and logged as IOS logs
 * them (src/protocols/vrrp/log.ts): %VRRP-4-BADAUTHTYPE for a different Auth Type, with the type IOS
 * expected (0 none, 1 text, 254 Cisco MD5), %VRRP-4-BADAUTH for the right type with the wrong key.
 */
import { describe, expect, it } from 'vitest';
import { Lab, legacyConfig, logLines, stateOf } from './lab.js';

describe('VRRPv2 bad authentication syslog', () => {
  it('MD5 against no authentication: BADAUTHTYPE on both sides, as in the IOS transcript', () => {
    const lab = new Lab();
    const r1 = lab.add('R1', legacyConfig('192.168.1.3', 1, '192.168.1.1', ['vrrp 1 authentication md5 key-string cisco123']), 1);
    const r2 = lab.add('R2', legacyConfig('192.168.1.2', 1, '192.168.1.1'), 2);
    lab.advance(10_000);
    expect([stateOf(r1, 1), stateOf(r2, 1)]).toEqual(['master', 'master']);
    expect(logLines(r1).map((l) => l.body)).toContain('%VRRP-4-BADAUTHTYPE: Bad authentication from 192.168.1.2, group 1, type 0, expected 254.');
    expect(logLines(r2).map((l) => l.body)).toContain('%VRRP-4-BADAUTHTYPE: Bad authentication from 192.168.1.3, group 1, type 254, expected 0.');
  });

  it('the same type with another key or password: BADAUTH with the type', () => {
    for (const [x, y, type] of [
      ['vrrp 1 authentication text one', 'vrrp 1 authentication text two', 1],
      ['vrrp 1 authentication md5 key-string password12345', 'vrrp 1 authentication md5 key-string openwall12345', 254],
    ] as const) {
      const lab = new Lab();
      const a = lab.add('A', legacyConfig('192.168.0.10', 1, '192.168.0.1', [x]), 1);
      lab.add('B', legacyConfig('192.168.0.20', 1, '192.168.0.1', [y]), 2);
      lab.advance(10_000);
      const bad = logLines(a).filter((l) => l.body.startsWith('%VRRP-4-BADAUTH'));
      expect(bad.length).toBeGreaterThan(3);
      expect(bad[0]!.body).toBe(`%VRRP-4-BADAUTH: Bad authentication from 192.168.0.20, group 1, type ${type}`);
    }
  });

  it('other drops (interval mismatch) log nothing', () => {
    const lab = new Lab();
    const a = lab.add('A', legacyConfig('192.168.0.10', 1, '192.168.0.1', ['vrrp 1 timers advertise 2']), 1);
    lab.add('B', legacyConfig('192.168.0.20', 1, '192.168.0.1'), 2);
    lab.advance(10_000);
    expect(logLines(a).filter((l) => l.body.includes('BADAUTH'))).toEqual([]);
  });
});
