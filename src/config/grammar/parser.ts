/**
 * The line parser (DESIGN D1): runs the compiled nearley grammar over one line in the context of a
 * CLI mode, and answers the three IOS errors with the offset of the offending word:
 *   `% Ambiguous command:  "…"`  a word is a prefix of two or more keywords expected there (even if
 *                                only one of them could complete), and equals none of them;
 *   `% Incomplete command.`       the words ran out before a command was complete;
 *   `% Invalid input detected at '^' marker.`  no terminal expected at that point accepts the word.
 * The same chart gives what is expected next at a cursor, for `?` help and Tab completion.
 */
import nearley from 'nearley';
import moo from 'moo';
import compiled from './ios.generated.js';
import { INTERFACE_TYPE_HELP, isTerminal, terminalFromSpec, type Terminal } from './terminals.js';
import { lexer as tokenLexer } from './support.js';
import type { Token } from './token.js';
import type { LineAst } from './ast.js';

export type Mode =
  | 'exec'
  | 'config'
  | 'config-if'
  | 'config-subif'
  | 'config-if-vrrp'
  | 'config-track'
  | 'config-line'
  | 'config-keychain'
  | 'config-keychain-key';

export const MODES: readonly Mode[] = [
  'exec',
  'config',
  'config-if',
  'config-subif',
  'config-if-vrrp',
  'config-track',
  'config-line',
  'config-keychain',
  'config-keychain-key',
];

const START: Record<Mode, string> = {
  exec: 'exec_line',
  config: 'config_line',
  'config-if': 'interface_line',
  'config-subif': 'subinterface_line',
  'config-if-vrrp': 'vrrp_af_line',
  'config-track': 'track_line',
  'config-line': 'line_line',
  'config-keychain': 'keychain_line',
  'config-keychain-key': 'key_line',
};

export type ParseErrorKind = 'invalid' | 'incomplete' | 'ambiguous';

export interface ParseError {
  readonly kind: ParseErrorKind;
  /** 0-based offset in the line of the word the error is about (the `^` column); 0 for incomplete. */
  readonly offset: number;
  /** The IOS message, exactly as IOS prints it. */
  readonly message: string;
}

export type ParseResult =
  | { readonly ok: true; readonly ast: LineAst; readonly tokens: readonly Token[]; readonly parses: number }
  | { readonly ok: false; readonly error: ParseError; readonly tokens: readonly Token[] };

export const MSG_INVALID = "% Invalid input detected at '^' marker.";
export const MSG_INCOMPLETE = '% Incomplete command.';
export function ambiguousMessage(line: string): string {
  return `% Ambiguous command:  "${line.trim()}"`;
}

// ---- grammar set-up -------------------------------------------------------------------------------

interface RawRule {
  name: string;
  symbols: unknown[];
  postprocess?: (d: unknown[], loc?: number, reject?: object) => unknown;
}

const terminalCache = new Map<string, Terminal>();
function literalToTerminal(sym: unknown): unknown {
  if (typeof sym === 'object' && sym !== null && 'literal' in sym) {
    const spec = String((sym as { literal: unknown }).literal);
    let t = terminalCache.get(spec);
    if (!t) {
      t = terminalFromSpec(spec);
      terminalCache.set(spec, t);
    }
    return t;
  }
  return sym;
}

const rules = (compiled.ParserRules as unknown as RawRule[]).map((r) => ({
  ...r,
  symbols: r.symbols.map(literalToTerminal),
}));

interface EarleyState {
  rule: { symbols: unknown[]; name: string };
  dot: number;
}
interface EarleyColumn {
  states: EarleyState[];
  scannable: EarleyState[];
}
interface EarleyParser {
  table: EarleyColumn[];
  current: number;
  results: unknown[];
  feed(chunk: unknown): EarleyParser;
}

interface ModeGrammar {
  readonly grammar: nearley.Grammar;
  readonly column0: EarleyColumn;
}

const modeGrammars = new Map<Mode, ModeGrammar>();
function modeGrammar(mode: Mode): ModeGrammar {
  let mg = modeGrammars.get(mode);
  if (!mg) {
    const grammar = nearley.Grammar.fromCompiled({
      Lexer: tokenLexer,
      ParserRules: rules as unknown as nearley.CompiledRules['ParserRules'],
      ParserStart: START[mode],
    });
    const p = new nearley.Parser(grammar, { lexer: tokenLexer }) as unknown as EarleyParser;
    const column0 = p.table[0];
    if (!column0) throw new Error('nearley: no initial column');
    mg = { grammar, column0 };
    modeGrammars.set(mode, mg);
  }
  return mg;
}

/**
 * A parser positioned at the start of a line. The first column of the Earley chart depends only on
 * the grammar and is never mutated by later columns, so it is computed once per mode and shared:
 * this is what keeps a 100,000-line config fast.
 */
function freshParser(mode: Mode): EarleyParser {
  const mg = modeGrammar(mode);
  const p = Object.create(nearley.Parser.prototype) as EarleyParser & Record<string, unknown>;
  p['grammar'] = mg.grammar;
  p['options'] = { keepHistory: false, lexer: tokenLexer };
  p['lexer'] = tokenLexer;
  p['lexerState'] = undefined;
  p.table = [mg.column0];
  p.current = 0;
  p.results = [];
  return p;
}

// ---- lexing -----------------------------------------------------------------------------------------

const wordLexer = moo.compile({ ws: /[ \t]+/, word: /[^ \t\r\n]+/, nl: { match: /[\r\n]+/, lineBreaks: true } });

/** The words of a line, each with its offset. */
export function tokenize(line: string): Token[] {
  const out: Token[] = [];
  wordLexer.reset(line);
  for (let t = wordLexer.next(); t !== undefined; t = wordLexer.next()) {
    if (t.type === 'word') out.push({ type: 'word', value: t.value, text: t.value, offset: t.offset, line, kw: undefined });
  }
  return out;
}

// ---- stepping ---------------------------------------------------------------------------------------

function expectedTerminals(p: EarleyParser): Terminal[] {
  const column = p.table[p.current];
  const out: Terminal[] = [];
  if (!column) return out;
  for (const s of column.scannable) {
    const sym = s.rule.symbols[s.dot];
    if (isTerminal(sym)) out.push(sym);
  }
  return out;
}

type StepOutcome = { ok: true } | { ok: false; kind: 'invalid' | 'ambiguous' };

/** Decides which keyword the word stands for (if any) and advances the chart by it. */
function step(p: EarleyParser, tok: Token): StepOutcome {
  const expected = expectedTerminals(p);
  const lower = tok.value.toLowerCase();
  let exact: string | undefined;
  const candidates = new Set<string>();
  for (const t of expected) {
    if (t.kind !== 'keyword' || t.word === undefined) continue;
    if (t.word === lower) exact = t.word;
    else if (t.word.startsWith(lower)) candidates.add(t.word);
  }
  if (exact !== undefined) tok.kw = exact;
  else if (candidates.size === 1) tok.kw = candidates.values().next().value;
  else if (candidates.size > 1) return { ok: false, kind: 'ambiguous' };
  else tok.kw = undefined;
  if (!expected.some((t) => t.test(tok))) return { ok: false, kind: 'invalid' };
  try {
    p.feed([tok]);
  } catch {
    return { ok: false, kind: 'invalid' };
  }
  return { ok: true };
}

/** Parses one line in a mode. Blank lines and `!` comments are the caller's business. */
export function parseLine(mode: Mode, line: string): ParseResult {
  const tokens = tokenize(line);
  const p = freshParser(mode);
  for (const tok of tokens) {
    const r = step(p, tok);
    if (!r.ok) {
      const message = r.kind === 'ambiguous' ? ambiguousMessage(line) : MSG_INVALID;
      return { ok: false, error: { kind: r.kind, offset: tok.offset, message }, tokens };
    }
  }
  const results = p.results;
  if (tokens.length === 0 || results.length === 0) {
    return { ok: false, error: { kind: 'incomplete', offset: line.length, message: MSG_INCOMPLETE }, tokens };
  }
  return { ok: true, ast: results[0] as LineAst, tokens, parses: results.length };
}

// ---- help and completion ------------------------------------------------------------------------

export interface HelpEntry {
  /** `standby`, `<0-255>`, `A.B.C.D`, `WORD`, `LINE`, `GigabitEthernet`, `<cr>` */
  readonly token: string;
  readonly help: string;
}

export type Expected =
  | {
      readonly ok: true;
      /** The word being typed when the cursor is in the middle of one (`sh?`), else undefined. */
      readonly partial: string | undefined;
      readonly entries: readonly HelpEntry[];
    }
  | { readonly ok: false; readonly error: ParseError };

function helpEntries(p: EarleyParser, partial: string | undefined): HelpEntry[] {
  const values: HelpEntry[] = [];
  const keywords = new Map<string, HelpEntry>();
  const seen = new Set<string>();
  const lower = partial?.toLowerCase();
  for (const t of expectedTerminals(p)) {
    if (t.kind === 'keyword') {
      if (lower !== undefined && !(t.word ?? '').startsWith(lower)) continue;
      if (!keywords.has(t.display)) keywords.set(t.display, { token: t.display, help: t.help });
    } else if (t.kind === 'iftype') {
      for (const it of INTERFACE_TYPE_HELP) {
        if (lower !== undefined && !it.display.toLowerCase().startsWith(lower)) continue;
        if (!keywords.has(it.display)) keywords.set(it.display, { token: it.display, help: it.help });
      }
    } else if (lower === undefined && t.kind !== 'rest' && t.kind !== 'ifname' && t.kind !== 'ifnum') {
      const key = `${t.display}|${t.help}`;
      if (!seen.has(key) && !values.some((e) => e.token === t.display)) {
        seen.add(key);
        values.push({ token: t.display, help: t.help });
      }
    } else if (lower === undefined && t.kind === 'ifnum' && !values.some((e) => e.token === t.display)) {
      values.push({ token: t.display, help: t.help });
    }
  }
  const sorted = [...keywords.values()].sort((a, b) => a.token.toLowerCase().localeCompare(b.token.toLowerCase()));
  const entries = [...values, ...sorted];
  if (lower === undefined && p.results.length > 0) entries.push({ token: '<cr>', help: '' });
  return entries;
}

/**
 * What may come next at the end of `text` (the line up to the cursor): every keyword and value
 * the grammar accepts there, plus `<cr>` when the words so far already form a command. When `text`
 * ends inside a word, only the keywords that word is a prefix of (IOS `sh?`).
 */
export function expectedAt(mode: Mode, text: string): Expected {
  const tokens = tokenize(text);
  const endsInWord = text.length > 0 && !/[ \t]$/.test(text);
  const done = endsInWord ? tokens.slice(0, -1) : tokens;
  const p = freshParser(mode);
  for (const tok of done) {
    const r = step(p, tok);
    if (!r.ok) {
      const message = r.kind === 'ambiguous' ? ambiguousMessage(text) : MSG_INVALID;
      return { ok: false, error: { kind: r.kind, offset: tok.offset, message } };
    }
  }
  const partial = endsInWord ? tokens[tokens.length - 1]?.value : undefined;
  return { ok: true, partial, entries: helpEntries(p, partial) };
}

/**
 * Tab completion: the line with its last word completed when that word is a prefix of exactly one
 * keyword (or interface type) expected there, else undefined (IOS then leaves the line as is).
 */
export function completeLine(mode: Mode, text: string): string | undefined {
  const e = expectedAt(mode, text);
  if (!e.ok || e.partial === undefined) return undefined;
  const words = e.entries.filter((x) => !x.token.startsWith('<') && x.token !== x.token.toUpperCase());
  const exact = words.find((x) => x.token.toLowerCase() === e.partial?.toLowerCase());
  const pick = exact ?? (words.length === 1 ? words[0] : undefined);
  if (!pick) return undefined;
  return `${text.slice(0, text.length - e.partial.length)}${pick.token} `;
}
