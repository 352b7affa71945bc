/**
 * Where the startup-config lives (DESIGN D4): `write memory` writes the rendered running-config
 * atomically — a temporary file in the same directory, fsync, rename over the old one, fsync of the
 * directory — so a crash or SIGKILL at any moment leaves either the old file or the new one, never a
 * truncated mix. A writer killed between creating its temporary file and the rename leaves that file
 * behind; the next write removes such leftovers of writers that no longer run, so they never pile up.
 */
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { processAlive } from '../runtime/process.js';

export interface StartupStore {
  /** The saved configuration, or undefined when there is none. */
  read(): string | undefined;
  write(text: string): void;
}

export class FileStartupStore implements StartupStore {
  constructor(readonly path: string) {}

  /** Temporary files are `.<name>.<pid>.tmp` beside the file: one per writing process. */
  private get tempPrefix(): string {
    return `.${basename(this.path)}.`;
  }

  /** Removes the temporary files of writers that died before their rename (never a live writer's). */
  private removeStaleTemporaries(dir: string): void {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    const prefix = this.tempPrefix;
    for (const name of names) {
      if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
      const pid = Number(name.slice(prefix.length, -'.tmp'.length));
      if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || processAlive(pid)) continue;
      try {
        unlinkSync(join(dir, name));
      } catch {
        // Another writer removed it first.
      }
    }
  }

  read(): string | undefined {
    try {
      return readFileSync(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  write(text: string): void {
    const dir = dirname(this.path);
    const tmp = join(dir, `${this.tempPrefix}${process.pid}.tmp`);
    this.removeStaleTemporaries(dir);
    const fd = openSync(tmp, 'w', 0o600);
    try {
      const bytes = Buffer.from(text, 'utf8');
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } catch (e) {
      closeSync(fd);
      unlinkSync(tmp);
      throw e;
    }
    closeSync(fd);
    renameSync(tmp, this.path);
    // The rename itself is durable only once the directory entry is on disk.
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  }
}

/** A store in memory, for simulations and tests. */
export class MemoryStartupStore implements StartupStore {
  constructor(private text: string | undefined = undefined) {}

  read(): string | undefined {
    return this.text;
  }

  write(text: string): void {
    this.text = text;
  }
}
