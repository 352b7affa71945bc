/**
 * `show clock` (fixtures/ios-output/show_clock.txt): `*18:57:38.347 UTC Mon Oct 19 2015`. The `*`
 * marks a clock that is not authoritative (no NTP, no calendar), which is what vipr's is, as in
 * its syslog timestamps (src/runtime/syslog.ts).
 */
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function renderShowClock(nowMs: number): string {
  const d = new Date(nowMs);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
  return `*${time} UTC ${DAYS[d.getUTCDay()] ?? ''} ${MONTHS[d.getUTCMonth()] ?? ''} ${d.getUTCDate()} ${d.getUTCFullYear()}\n`;
}
