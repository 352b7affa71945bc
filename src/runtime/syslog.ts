/**
 * IOS-format log messages (DESIGN D9, spec §4.6, §5.7, §5.8): `%FACILITY-SEVERITY-MNEMONIC: text`,
 * prefixed as `service timestamps log datetime msec` prints it: `*Mar  1 00:12:36.555: `.
 * The leading `*` is IOS's mark for a clock that is not authoritative (no NTP, no calendar), which is
 * what a lab router shows.
 */
export type Severity = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface SyslogMessage {
  /** Milliseconds since the Unix epoch (virtual time in simulations). */
  readonly atMs: number;
  readonly facility: string;
  readonly severity: Severity;
  readonly mnemonic: string;
  readonly text: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `*Mar  1 00:12:36.555` (day padded to two columns with a space, as IOS does). */
export function iosTimestamp(atMs: number, authoritative = false): string {
  const d = new Date(atMs);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
  return `${authoritative ? '' : '*'}${MONTHS[d.getUTCMonth()] ?? 'Jan'} ${day} ${time}`;
}

export function formatSyslogBody(m: SyslogMessage): string {
  return `%${m.facility}-${m.severity}-${m.mnemonic}: ${m.text}`;
}

export function formatSyslogLine(m: SyslogMessage, authoritative = false): string {
  return `${iosTimestamp(m.atMs, authoritative)}: ${formatSyslogBody(m)}`;
}

/** Where engines send their messages; the daemon fans them out to console, buffer and syslog hosts. */
export interface LogSink {
  log(message: SyslogMessage): void;
}

/** Keeps messages in memory: `show logging`'s buffer, and what tests and `vipr sim` read. */
export class LogBuffer implements LogSink {
  readonly messages: SyslogMessage[] = [];

  constructor(private readonly limit = 4096) {}

  log(message: SyslogMessage): void {
    this.messages.push(message);
    if (this.messages.length > this.limit) this.messages.shift();
  }

  lines(authoritative = false): string[] {
    return this.messages.map((m) => formatSyslogLine(m, authoritative));
  }
}
