/**
 * `?` help as IOS prints it (spec §6.9): after a blank (`show ?`) every keyword and value expected
 * there, one per line, two leading spaces, the first column padded to the longest entry plus two,
 * then `<cr>` when the words so far are already a command; inside a word (`sh?`) the keywords it
 * begins, on one line, each followed by two spaces. The entries come from the grammar's chart
 * (DESIGN D1), so help cannot drift from what the parser accepts.
 */
import type { HelpEntry } from '../config/grammar/parser.js';

/** The full list: `  keyword   help` lines. */
export function renderHelpList(entries: readonly HelpEntry[]): string[] {
  const width = entries.reduce((w, e) => Math.max(w, e.token.length), 0);
  return entries.map((e) => (e.help === '' ? `  ${e.token}` : `  ${e.token.padEnd(width)}  ${e.help}`));
}

/** The partial-word form: the matching keywords on one line. */
export function renderHelpWords(entries: readonly HelpEntry[]): string {
  return entries.map((e) => `${e.token}  `).join('');
}

/** `|  Output modifiers`: IOS lists it before `<cr>` wherever a show command may end. */
export const PIPE_HELP: HelpEntry = { token: '|', help: 'Output modifiers' };
