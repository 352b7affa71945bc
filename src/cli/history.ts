/**
 * Command history (spec §6.9): IOS keeps the last `history size` lines (default 10) of EXEC and of
 * configuration mode separately, recalls them with Up/Ctrl-P and Down/Ctrl-N, and lists the EXEC
 * ones with `show history`, two spaces before each.
 */
export const DEFAULT_HISTORY_SIZE = 10;

export class History {
  private readonly entries: string[] = [];
  /** Position while browsing: entries.length means "the line being typed". */
  private cursor = 0;
  private draft = '';

  constructor(private readonly size = DEFAULT_HISTORY_SIZE) {}

  add(line: string): void {
    if (line.trim() === '') return;
    this.entries.push(line);
    while (this.entries.length > this.size) this.entries.shift();
    this.reset();
  }

  /** Ends browsing: the next Up starts from the newest entry again. */
  reset(): void {
    this.cursor = this.entries.length;
    this.draft = '';
  }

  /** Up / Ctrl-P: the previous entry, or undefined at the oldest (IOS then rings the bell). */
  previous(current: string): string | undefined {
    if (this.cursor === 0) return undefined;
    if (this.cursor === this.entries.length) this.draft = current;
    this.cursor--;
    return this.entries[this.cursor];
  }

  /** Down / Ctrl-N: the next entry, the line that was being typed after the newest, or undefined. */
  next(): string | undefined {
    if (this.cursor >= this.entries.length) return undefined;
    this.cursor++;
    return this.cursor === this.entries.length ? this.draft : this.entries[this.cursor];
  }

  list(): readonly string[] {
    return this.entries;
  }
}
