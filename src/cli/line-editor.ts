/**
 * The line being typed at a prompt and how the terminal shows it (DESIGN D5: a VTY, no full-screen
 * redraws): every edit returns the characters that bring the screen from the old line to the new
 * one using only printing characters, spaces and backspaces, so it works on any terminal and any
 * transport. Keys follow IOS's editing commands: Ctrl-A/E (start/end), Ctrl-B/F (back/forward),
 * Ctrl-D (delete the character at the cursor), Ctrl-K (delete to the end), Ctrl-U/X (delete to the
 * start), Ctrl-W (delete the word before the cursor), Backspace/DEL.
 */

/**
 * The longest line the editor keeps. Longer input is dropped (with one bell), so a pasted megabyte
 * never makes each keystroke cost a megabyte of work; no IOS command comes near it.
 */
export const MAX_LINE_LENGTH = 4096;

const BS = '\b';

export class LineEditor {
  private text = '';
  private pos = 0;
  private overflowed = false;

  get line(): string {
    return this.text;
  }

  get cursor(): number {
    return this.pos;
  }

  /** The text left of the cursor: what `?` and Tab look at. */
  get beforeCursor(): string {
    return this.text.slice(0, this.pos);
  }

  /** Starts a fresh line (after Enter); nothing to draw. */
  clear(): void {
    this.text = '';
    this.pos = 0;
    this.overflowed = false;
  }

  insert(chars: string): string {
    const room = MAX_LINE_LENGTH - this.text.length;
    if (room <= 0) {
      if (this.overflowed) return '';
      this.overflowed = true;
      return '\x07';
    }
    const cut = chars.length > room;
    const s = cut ? chars.slice(0, room) : chars;
    if (cut) this.overflowed = true;
    const bell = cut ? '\x07' : '';
    if (this.pos === this.text.length) {
      // The common case (typing at the end) costs only the new characters.
      this.text += s;
      this.pos = this.text.length;
      return s + bell;
    }
    return this.replace(this.text.slice(0, this.pos) + s + this.text.slice(this.pos), this.pos + s.length) + bell;
  }

  backspace(): string {
    if (this.pos === 0) return '';
    if (this.pos === this.text.length) {
      this.text = this.text.slice(0, -1);
      this.pos--;
      return `${BS} ${BS}`;
    }
    return this.replace(this.text.slice(0, this.pos - 1) + this.text.slice(this.pos), this.pos - 1);
  }

  deleteAtCursor(): string {
    if (this.pos >= this.text.length) return '';
    return this.replace(this.text.slice(0, this.pos) + this.text.slice(this.pos + 1), this.pos);
  }

  home(): string {
    return this.moveTo(0);
  }

  end(): string {
    return this.moveTo(this.text.length);
  }

  left(): string {
    return this.pos > 0 ? this.moveTo(this.pos - 1) : '';
  }

  right(): string {
    return this.pos < this.text.length ? this.moveTo(this.pos + 1) : '';
  }

  killToEnd(): string {
    return this.replace(this.text.slice(0, this.pos), this.pos);
  }

  killToStart(): string {
    return this.replace(this.text.slice(this.pos), 0);
  }

  /** Ctrl-W: the word left of the cursor and the blanks after it. */
  killWord(): string {
    let i = this.pos;
    while (i > 0 && this.text[i - 1] === ' ') i--;
    while (i > 0 && this.text[i - 1] !== ' ') i--;
    return this.replace(this.text.slice(0, i) + this.text.slice(this.pos), i);
  }

  /** Replaces the whole line (history recall, Tab completion), cursor at the end. */
  set(text: string): string {
    const t = text.length > MAX_LINE_LENGTH ? text.slice(0, MAX_LINE_LENGTH) : text;
    return this.replace(t, t.length);
  }

  /** The line as a fresh prompt shows it, cursor restored (after `?` help or a log message). */
  redisplay(): string {
    return this.text + BS.repeat(this.text.length - this.pos);
  }

  private moveTo(target: number): string {
    const out = target < this.pos ? BS.repeat(this.pos - target) : this.text.slice(this.pos, target);
    this.pos = target;
    return out;
  }

  /**
   * Draws the change from the current line to `next`: back to the first differing column, the new
   * tail, blanks over what is left of the old tail, and back to the new cursor.
   */
  private replace(next: string, nextPos: number): string {
    const old = this.text;
    let common = 0;
    const limit = Math.min(old.length, next.length);
    while (common < limit && old.charCodeAt(common) === next.charCodeAt(common)) common++;
    let out = common < this.pos ? BS.repeat(this.pos - common) : old.slice(this.pos, common);
    const tail = next.slice(common);
    const blanks = Math.max(0, old.length - next.length);
    out += tail + ' '.repeat(blanks);
    out += BS.repeat(tail.length + blanks - (nextPos - common));
    this.text = next;
    this.pos = nextPos;
    return out;
  }
}
