/**
 * Elapsed time as IOS prints it in `last change …` and `show track brief` (the same format as
 * `show standby`'s `last state change` and the uptime columns): `hh:mm:ss` below a day, then `1d02h`,
 * then `2w3d`, then `1y4w`.
 */
const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const YEAR = 365 * DAY;

export function formatChangeAge(elapsedMs: number): string {
  const ms = Math.max(0, elapsedMs);
  const two = (n: number): string => String(n).padStart(2, '0');
  if (ms < DAY) {
    return `${two(Math.floor(ms / HOUR))}:${two(Math.floor((ms % HOUR) / MIN))}:${two(Math.floor((ms % MIN) / S))}`;
  }
  if (ms < WEEK) return `${Math.floor(ms / DAY)}d${two(Math.floor((ms % DAY) / HOUR))}h`;
  if (ms < YEAR) return `${Math.floor(ms / WEEK)}w${Math.floor((ms % WEEK) / DAY)}d`;
  return `${Math.floor(ms / YEAR)}y${Math.floor((ms % YEAR) / WEEK)}w`;
}
