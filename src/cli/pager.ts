/**
 * `--More--` paging (spec §6.9): with `terminal length N` (default 24, 0 = no paging) output stops
 * after N-1 lines at ` --More-- `; Space shows the next screenful, Enter the next line, any other
 * key ends the output. The prompt is then erased with backspaces, blanks and backspaces (no cursor
 * addressing), as IOS does on a VTY, so the transcript a script reads holds only the output.
 */
export const MORE_PROMPT = ' --More-- ';
export const ERASE_MORE = '\b'.repeat(MORE_PROMPT.length) + ' '.repeat(MORE_PROMPT.length) + '\b'.repeat(MORE_PROMPT.length);

export type PagerKey = 'page' | 'line' | 'quit';

export class Pager {
  private at = 0;

  /** `length`: the terminal length (0 = never stop). */
  constructor(
    private readonly lines: readonly string[],
    private readonly length: number,
  ) {}

  get done(): boolean {
    return this.at >= this.lines.length;
  }

  /** The first screenful; ends with the --More-- prompt when more is left. */
  start(): string {
    return this.emit(this.length === 0 ? this.lines.length : Math.max(1, this.length - 1));
  }

  /** Answers a key at the --More-- prompt. */
  key(k: PagerKey): string {
    if (k === 'quit') {
      this.at = this.lines.length;
      return ERASE_MORE;
    }
    return ERASE_MORE + this.emit(k === 'page' ? Math.max(1, this.length - 1) : 1);
  }

  private emit(count: number): string {
    const chunk = this.lines.slice(this.at, this.at + count);
    this.at += chunk.length;
    const text = chunk.map((l) => `${l}\n`).join('');
    return this.done ? text : text + MORE_PROMPT;
  }
}
