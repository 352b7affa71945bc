/**
 * Output modifiers (spec §6.9): `show … | include|exclude|begin|section|count REGEX`, and vipr's
 * `| json` (DESIGN D7). The line is split at the first `|` that follows a blank before the command
 * is parsed, so the command's own words never see the modifier, and the regular expression is the
 * rest of the line (it may itself contain `|`). IOS regular expressions are close to JavaScript's;
 * the one IOS-only atom, `_` (a delimiter: start, end, blank, comma, braces, parentheses), is
 * translated. Matching is case-sensitive, as on IOS.
 */
import type { HelpEntry } from '../config/grammar/parser.js';
import { MSG_INCOMPLETE, MSG_INVALID } from '../config/grammar/parser.js';

export type FilterKind = 'include' | 'exclude' | 'begin' | 'section' | 'count' | 'json';

export interface OutputFilter {
  readonly kind: FilterKind;
  /** undefined for `json` (and an empty `count`) */
  readonly regex: RegExp | undefined;
}

export interface SplitLine {
  /** The command without the modifier. */
  readonly command: string;
  /** The text after `|`, or undefined when the line has no modifier. */
  readonly modifier: string | undefined;
  /** Offset of the text after `|` in the whole line (for the caret). */
  readonly modifierOffset: number;
}

export function splitPipe(line: string): SplitLine {
  const m = /\s\|/.exec(line);
  if (!m) return { command: line, modifier: undefined, modifierOffset: line.length };
  const at = m.index + m[0].length;
  return { command: line.slice(0, m.index), modifier: line.slice(at), modifierOffset: at };
}

export const FILTER_HELP: readonly HelpEntry[] = [
  { token: 'begin', help: 'Begin with the line that matches' },
  { token: 'count', help: 'Count number of lines which match regexp' },
  { token: 'exclude', help: 'Exclude lines that match' },
  { token: 'include', help: 'Include lines that match' },
  { token: 'json', help: 'The same snapshot as JSON (vipr)' },
  { token: 'section', help: 'Filter a section of output' },
];

export const REGEX_HELP: readonly HelpEntry[] = [{ token: 'LINE', help: 'Regular Expression' }];

export type FilterParse =
  | { readonly ok: true; readonly filter: OutputFilter }
  | { readonly ok: false; readonly offset: number; readonly message: string };

/** IOS's `_` as a JavaScript group; escaped underscores and those in brackets stay literal. */
export function iosRegex(source: string): RegExp {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '\\' && i + 1 < source.length) {
      out += c + (source[i + 1] as string);
      i++;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === ']') {
      inClass = false;
      out += c;
    } else if (c === '_' && !inClass) out += '(?:^|$|[ ,{}()])';
    else out += c;
  }
  return new RegExp(out);
}

/** Parses the text after `|`; `offset` is where that text starts in the line. */
export function parseFilter(text: string, offset: number): FilterParse {
  const m = /^(\s*)(\S*)(\s?)(.*)$/s.exec(text) as RegExpExecArray;
  const lead = (m[1] as string).length;
  const word = (m[2] as string).toLowerCase();
  if (word === '') return { ok: false, offset: offset + text.length, message: MSG_INCOMPLETE };
  const hits = FILTER_HELP.filter((f) => f.token.startsWith(word));
  if (hits.length !== 1) return { ok: false, offset: offset + lead, message: MSG_INVALID };
  const kind = (hits[0] as HelpEntry).token as FilterKind;
  const rest = m[4] as string;
  if (kind === 'json') {
    if (rest.trim() !== '') return { ok: false, offset: offset + text.length - rest.length, message: MSG_INVALID };
    return { ok: true, filter: { kind, regex: undefined } };
  }
  if (rest === '' && kind !== 'count') return { ok: false, offset: offset + text.length, message: MSG_INCOMPLETE };
  try {
    return { ok: true, filter: { kind, regex: rest === '' ? undefined : iosRegex(rest) } };
  } catch {
    return { ok: false, offset: offset + text.length - rest.length, message: '% Invalid regular expression' };
  }
}

function indented(line: string): boolean {
  return line.startsWith(' ') || line.startsWith('\t');
}

/** Applies a text filter to output lines (json is the command's business). */
export function applyFilter(lines: readonly string[], f: OutputFilter): string[] {
  const re = f.regex;
  const test = (l: string): boolean => (re === undefined ? true : re.test(l));
  switch (f.kind) {
    case 'include':
      return lines.filter(test);
    case 'exclude':
      return lines.filter((l) => !test(l));
    case 'begin': {
      const at = lines.findIndex(test);
      return at < 0 ? [] : lines.slice(at);
    }
    case 'section': {
      // A top-level line that matches, with the indented lines under it.
      const out: string[] = [];
      let keep = false;
      for (const l of lines) {
        if (!indented(l)) keep = test(l);
        if (keep) out.push(l);
      }
      return out;
    }
    case 'count':
      return [`Number of lines which match regexp = ${lines.filter(test).length}`];
    case 'json':
      return [...lines];
  }
}
