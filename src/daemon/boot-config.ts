/**
 * Which configuration a router boots from, and where `write memory` goes (DESIGN D4).
 *
 * Lab platforms hand a router its startup-config as a file they own: containerlab bind-mounts it
 * (often read-only), a compose file mounts it from the repository. containerlab's Cisco kinds apply
 * that file on first boot only; after a `write memory` the saved configuration wins (ecosystem §2).
 * So there are two files: the *initial* one (`--config`), never written, and the *saved* one
 * (`--saved`), which `write memory` writes atomically and which, once it exists, is what the router
 * boots from, what SIGHUP reloads and what `show startup-config` shows. Without a saved path the
 * initial file is both, as on a plain Linux host.
 */
import type { StartupStore } from '../config/startup-store.js';
import { FileStartupStore } from '../config/startup-store.js';

export interface BootConfigRead {
  /** The configuration text, or undefined when neither file exists. */
  readonly text: string | undefined;
  /** The file it came from (the initial path when neither exists). */
  readonly path: string;
  /** `saved`: written by `write memory`; `initial`: the platform's file. */
  readonly source: 'saved' | 'initial';
  /** A saved file that exists but could not be read (the initial one was used instead). */
  readonly savedError?: Error;
}

export class BootConfigStore implements StartupStore {
  private readonly initial: FileStartupStore;
  private readonly saved: FileStartupStore | undefined;

  constructor(initialPath: string, savedPath?: string | undefined) {
    this.initial = new FileStartupStore(initialPath);
    // The same file twice is the single-file behaviour.
    this.saved = savedPath === undefined || savedPath === initialPath ? undefined : new FileStartupStore(savedPath);
  }

  get initialPath(): string {
    return this.initial.path;
  }

  get savedPath(): string | undefined {
    return this.saved?.path;
  }

  /** Where `write memory` writes. */
  get writePath(): string {
    return (this.saved ?? this.initial).path;
  }

  /**
   * The configuration to boot from: the saved file when it exists, else the initial one. Read
   * errors of the initial file propagate (the daemon reports them); an unreadable saved file falls
   * back to the initial one and says so, since a router must come up with some configuration.
   */
  load(): BootConfigRead {
    let savedError: Error | undefined;
    if (this.saved !== undefined) {
      try {
        const text = this.saved.read();
        if (text !== undefined) return { text, path: this.saved.path, source: 'saved' };
      } catch (e) {
        savedError = e as Error;
      }
    }
    const text = this.initial.read();
    return { text, path: this.initial.path, source: 'initial', ...(savedError !== undefined ? { savedError } : {}) };
  }

  read(): string | undefined {
    return this.load().text;
  }

  write(text: string): void {
    (this.saved ?? this.initial).write(text);
  }
}
