/**
 * What user EXEC (`R1>`, privilege 1) may run. IOS puts the commands that change or reveal the
 * configuration at privilege 15; at level 1 they do not exist, so `?` does not list them and
 * typing one is an unknown word (spec §6.9), or `% Invalid input` under the second word of a
 * `show`.
 */
export const USER_EXEC_COMMANDS: ReadonlySet<string> = new Set(['enable', 'disable', 'exit', 'logout', 'ping', 'show', 'terminal', 'traceroute']);

export const USER_SHOW_COMMANDS: ReadonlySet<string> = new Set([
  'arp',
  'clock',
  'history',
  'hosts',
  'interfaces',
  'ip',
  'ipv6',
  'privilege',
  'standby',
  'track',
  'users',
  'version',
  'vrrp',
]);

/** Whether the command (the exec grammar's keyword path) exists at the privilege level. */
export function allowedAt(privilege: number, path: readonly string[]): { ok: true } | { ok: false; word: number } {
  if (privilege >= 15) return { ok: true };
  const [first, second] = path;
  if (first === undefined || !USER_EXEC_COMMANDS.has(first)) return { ok: false, word: 0 };
  if (first === 'show' && (second === undefined || !USER_SHOW_COMMANDS.has(second))) return { ok: false, word: 1 };
  return { ok: true };
}
