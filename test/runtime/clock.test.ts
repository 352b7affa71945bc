import { describe, expect, it } from 'vitest';
import { ManualClock, WallClock, wakeAt } from '../../src/runtime/clock.js';
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

describe('WallClock', () => {
  const after = (c: WallClock, ms: number, precise: boolean): Promise<{ early: number; sync: boolean }> =>
    new Promise((resolve) => {
      let armed = false;
      const due = c.now() + ms;
      c.setTimer(ms, () => resolve({ early: due - c.now(), sync: !armed }), precise);
      armed = true;
    });

  it('reads the Unix epoch with a fraction of a millisecond', () => {
    const c = new WallClock();
    expect(Math.abs(c.now() - Date.now())).toBeLessThan(1000);
    const samples = Array.from({ length: 50 }, () => c.now());
    expect(samples.some((t) => !Number.isInteger(t))).toBe(true);
  });

  it('never fires a precise timer before its due time, nor from inside setTimer', async () => {
    const c = new WallClock();
    for (const ms of [0, 0.3, 1.7, 2.5, 7.25]) {
      const r = await after(c, ms, true);
      expect(r.sync).toBe(false);
      expect(r.early).toBeLessThanOrEqual(0);
    }
  });

  it('clears a precise timer in its plain wait and in its last stretch', async () => {
    const c = new WallClock();
    const fired: string[] = [];
    c.clearTimer(c.setTimer(10, () => fired.push('plain phase'), true));
    const last = c.setTimer(1, () => fired.push('last stretch'), true);
    setImmediate(() => c.clearTimer(last));
    await after(c, 20, false);
    expect(fired).toEqual([]);
  });

  it('wakes a plain timer preciseLeadMs ahead of a precise deadline, and a ManualClock exactly at it', () => {
    const wall = new WallClock();
    expect(wakeAt(wall, 1300.5, 1000, true)).toBe(1300.5 - wall.preciseLeadMs);
    expect(wakeAt(wall, 1300.5, 1299, true)).toBe(1300.5);
    expect(wakeAt(wall, 1300.5, 1000, false)).toBe(1300.5);
    expect(wakeAt(new ManualClock(), 1300.5, 1000, true)).toBe(1300.5);
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
