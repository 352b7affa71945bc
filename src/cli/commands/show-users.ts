/**
 * `show users` in the layout of fixtures/ios-output/show_users.txt: columns Line at 0 (`*` for the
 * session asking, the absolute line number right-aligned in 3), the line name at 5, User at 15,
 * Host(s) at 26, Idle at 47, Location at 58; then a blank line and the (empty, for vipr) table of
 * interface sessions.
 */
export interface UserLine {
  readonly kind: 'con' | 'vty';
  readonly number: number;
  readonly user: string | undefined;
  readonly location: string | undefined;
  readonly idleMs: number;
  readonly self: boolean;
}

export const USERS_HEADER = '    Line       User       Host(s)              Idle       Location';
export const USERS_INTERFACE_HEADER = '  Interface    User               Mode         Idle     Peer Address';

/** IOS numbers lines absolutely: con 0 is 0, aux 0 is 1, vty N is 2 + N. */
function absoluteLine(l: UserLine): number {
  return l.kind === 'con' ? l.number : 2 + l.number;
}

function idle(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

export function renderShowUsers(lines: readonly UserLine[]): string {
  const rows = [...lines]
    .sort((a, b) => absoluteLine(a) - absoluteLine(b))
    .map((l) => {
      const row =
        `${l.self ? '*' : ' '}${String(absoluteLine(l)).padStart(3)} ` +
        `${`${l.kind} ${l.number}`.padEnd(10)}${(l.user ?? '').padEnd(11)}${'idle'.padEnd(21)}${idle(l.idleMs).padEnd(11)}${l.location ?? ''}`;
      return row.trimEnd();
    });
  return `${[USERS_HEADER, ...rows, '', USERS_INTERFACE_HEADER].join('\n')}\n`;
}
