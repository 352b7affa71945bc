/**
 * Kernel-backed tables are read when a command shows them (CliProviders.freshen), not polled every
 * few seconds: the session waits for the read, then shows the command and the prompt.
 */
import { describe, expect, it } from 'vitest';
import { lab, terminal } from './support/lab.js';

describe('commands that show the providers\' tables wait for a fresh read', () => {
  function open() {
    const l = lab();
    const reads: (() => void)[] = [];
    let fresh = false;
    const t = terminal({
      router: l.r1,
      clock: l.clock,
      privilege: 15,
      providers: {
        freshen: () => {
          if (fresh) return undefined;
          return new Promise<void>((resolve) => reads.push(() => {
            fresh = true;
            resolve();
          }));
        },
        interfaceStats: l.stack1,
        neighbors: l.stack1,
      },
    });
    t.session.start();
    t.take();
    return { t, reads };
  }

  const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

  it('show arp runs after the read, then the prompt comes back', async () => {
    const { t, reads } = open();
    expect(t.type('show arp\r')).toBe('show arp\n');
    expect(reads).toHaveLength(1);
    reads[0]!();
    await tick();
    const out = t.take();
    expect(out).toMatch(/^Protocol\s+Address/m);
    expect(out.endsWith('R1#')).toBe(true);
  });

  it('a fresh snapshot answers at once; commands that show no kernel table never wait', async () => {
    const { t, reads } = open();
    t.type('show ip route\r');
    reads[0]!();
    await tick();
    t.take();
    expect(t.type('show arp\r')).toMatch(/^Protocol/m);
    expect(reads).toHaveLength(1);
    expect(t.type('show standby brief\r')).toMatch(/Interface\s+Grp/);
    expect(reads).toHaveLength(1);
  });

  it('keys typed while the read is out do not run before it', async () => {
    const { t, reads } = open();
    t.type('show ip route\r');
    t.type('show clock\r');
    expect(t.take()).not.toMatch(/\d\d:\d\d:\d\d/);
    reads[0]!();
    await tick();
    await tick();
    const out = t.take();
    // The route table first, then the clock that was typed during the read, then the prompt.
    const route = out.search(/^Codes:/m);
    const clock = out.search(/\d\d:\d\d:\d\d/);
    expect(route).toBeGreaterThanOrEqual(0);
    expect(clock).toBeGreaterThan(route);
    expect(out).toMatch(/R1#$/);
  });
});
