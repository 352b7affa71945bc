import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/runtime/clock.js';
import { formatSyslogLine, iosTimestamp } from '../../src/runtime/syslog.js';

describe('ManualClock', () => {
  it('fires timers in time order, ties in arming order, and lands on the target time', () => {
    const c = new ManualClock(1000);
    const fired: string[] = [];
    c.setTimer(30, () => fired.push(`b@${c.now()}`));
    c.setTimer(10, () => fired.push(`a@${c.now()}`));
    c.setTimer(30, () => fired.push(`c@${c.now()}`));
    const gone = c.setTimer(20, () => fired.push('never'));
    c.clearTimer(gone);
    c.advance(25);
    expect(fired).toEqual(['a@1010']);
    expect(c.now()).toBe(1025);
    c.advance(5);
    expect(fired).toEqual(['a@1010', 'b@1030', 'c@1030']);
    expect(c.pendingCount).toBe(0);
  });

  it('runs timers armed by callbacks within the same advance', () => {
    const c = new ManualClock();
    const fired: number[] = [];
    const tick = (): void => {
      fired.push(c.now());
      if (fired.length < 4) c.setTimer(100, tick);
    };
    c.setTimer(100, tick);
    c.advance(1000);
    expect(fired).toEqual([100, 200, 300, 400]);
  });
});

describe('IOS syslog format', () => {
  it('prints the timestamp as service timestamps log datetime msec does', () => {
    const at = Date.UTC(2026, 2, 1, 0, 12, 36, 555);
    expect(iosTimestamp(at)).toBe('*Mar  1 00:12:36.555');
    expect(
      formatSyslogLine({ atMs: at, facility: 'HSRP', severity: 5, mnemonic: 'STATECHANGE', text: 'FastEthernet0/0 Grp 1 state Speak -> Standby' }),
    ).toBe('*Mar  1 00:12:36.555: %HSRP-5-STATECHANGE: FastEthernet0/0 Grp 1 state Speak -> Standby');
    expect(iosTimestamp(Date.UTC(2026, 7, 29, 4, 43, 24, 718), true)).toBe('Aug 29 04:43:24.718');
  });
});
