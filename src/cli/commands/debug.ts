/**
 * `debug standby|vrrp [events|packets|errors|all]`, `debug track`, `undebug …`, `undebug all`
 * (DESIGN D9). The flags are router-wide, as on IOS, and kept in one shared DebugFlags so the
 * daemon can hand them to the engines' tracing. Replies are IOS's `<Protocol> <Kind> debugging is
 * on|off` and `All possible debugging has been turned off` [mem].
 */
const PROTOCOL: Record<string, string> = { standby: 'HSRP', vrrp: 'VRRP', track: 'Tracking' };

export class DebugFlags {
  private readonly on = new Set<string>();
  private readonly listeners = new Set<(flags: ReadonlySet<string>) => void>();

  /** `standby`, `standby events`, `vrrp packets`, `track`, … */
  get flags(): ReadonlySet<string> {
    return this.on;
  }

  set(flag: string, enabled: boolean): void {
    if (enabled) this.on.add(flag);
    else for (const f of [...this.on]) if (f === flag || f.startsWith(`${flag} `)) this.on.delete(f);
    for (const l of [...this.listeners]) l(this.on);
  }

  clear(): void {
    this.on.clear();
    for (const l of [...this.listeners]) l(this.on);
  }

  onChange(listener: (flags: ReadonlySet<string>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function reply(path: readonly string[], enabled: boolean): string {
  const proto = PROTOCOL[path[1] ?? ''] ?? path[1] ?? '';
  const kind = path[2];
  const what = kind === undefined ? proto : `${proto} ${kind[0]?.toUpperCase() ?? ''}${kind.slice(1)}`;
  return `${what} debugging is ${enabled ? 'on' : 'off'}\n`;
}

/** `path` as the exec grammar yields it: ['debug', 'standby', 'events'], ['undebug', 'all']. */
export function runDebug(flags: DebugFlags, path: readonly string[]): string {
  const enabled = path[0] === 'debug';
  if (!enabled && path[1] === 'all') {
    flags.clear();
    return 'All possible debugging has been turned off\n';
  }
  flags.set(path.slice(1).join(' '), enabled);
  return reply(path, enabled);
}
