/** A word of a command line, as the grammar's terminals see it. */
export interface Token {
  readonly type: 'word';
  readonly value: string;
  readonly text: string;
  /** Offset of the word's first character in the line (0-based). */
  readonly offset: number;
  /** The whole line, so free-text arguments can be cut from it verbatim. */
  readonly line: string;
  /**
   * The keyword this word stands for, chosen before the token is fed (unique prefix, exact match
   * wins); undefined when the word is a value. Keyword terminals match only on this.
   */
  kw: string | undefined;
}
