/**
 * The initial and saved configuration files (src/daemon/boot-config.ts): the platform's
 * startup-config on first boot, the `write memory` file afterwards (ecosystem §2).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BootConfigStore } from '../../src/daemon/boot-config.js';

const root = mkdtempSync(join(tmpdir(), 'vipr-boot-'));
let n = 0;
function files(initial: string | undefined): { dir: string; initial: string; saved: string } {
  const dir = join(root, String(++n));
  mkdirSync(dir);
  const paths = { dir, initial: join(dir, 'startup-config'), saved: join(dir, 'saved-config') };
  if (initial !== undefined) writeFileSync(paths.initial, initial);
  return paths;
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('BootConfigStore', () => {
  it('boots from the initial file while nothing was saved', () => {
    const f = files('hostname FIRST\n');
    const store = new BootConfigStore(f.initial, f.saved);
    expect(store.load()).toEqual({ text: 'hostname FIRST\n', path: f.initial, source: 'initial' });
    expect(store.read()).toBe('hostname FIRST\n');
  });

  it('writes to the saved file, leaves the initial one alone, and boots from the save afterwards', () => {
    const f = files('hostname FIRST\n');
    const store = new BootConfigStore(f.initial, f.saved);
    store.write('hostname SAVED\n');
    expect(readFileSync(f.initial, 'utf8')).toBe('hostname FIRST\n');
    expect(readFileSync(f.saved, 'utf8')).toBe('hostname SAVED\n');
    expect(new BootConfigStore(f.initial, f.saved).load()).toEqual({ text: 'hostname SAVED\n', path: f.saved, source: 'saved' });
    expect(store.writePath).toBe(f.saved);
  });

  it('says there is no configuration when neither file exists, naming the initial path', () => {
    const f = files(undefined);
    expect(new BootConfigStore(f.initial, f.saved).load()).toEqual({ text: undefined, path: f.initial, source: 'initial' });
  });

  it('without a saved path (or the same path twice) is the single file of a plain host', () => {
    for (const saved of [undefined, 'same']) {
      const f = files('hostname ONE\n');
      const store = new BootConfigStore(f.initial, saved === 'same' ? f.initial : undefined);
      expect(store.savedPath).toBeUndefined();
      store.write('hostname TWO\n');
      expect(readFileSync(f.initial, 'utf8')).toBe('hostname TWO\n');
      expect(store.load()).toEqual({ text: 'hostname TWO\n', path: f.initial, source: 'initial' });
    }
  });

  it('falls back to the initial file when the saved one cannot be read, and reports why', () => {
    const f = files('hostname FIRST\n');
    // A directory where the saved file should be: reading it fails with EISDIR, even as root.
    mkdirSync(f.saved);
    const read = new BootConfigStore(f.initial, f.saved).load();
    expect(read.source).toBe('initial');
    expect(read.text).toBe('hostname FIRST\n');
    expect(read.savedError?.message).toMatch(/EISDIR/);
  });

  it('lets a read error of the initial file through (the daemon reports it)', () => {
    const f = files(undefined);
    mkdirSync(f.initial);
    expect(() => new BootConfigStore(f.initial, f.saved).load()).toThrow(/EISDIR/);
  });

  it('throws when the save cannot be written (write memory reports it) and leaves no file behind', () => {
    const f = files('hostname FIRST\n');
    // A saved path in a directory that does not exist (root ignores permissions, not ENOENT).
    const broken = new BootConfigStore(f.initial, join(f.dir, 'missing', 'saved-config'));
    expect(() => broken.write('hostname NEW\n')).toThrow(/ENOENT/);
    expect(broken.load()).toEqual({ text: 'hostname FIRST\n', path: f.initial, source: 'initial' });
  });
});
