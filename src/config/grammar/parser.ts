/**
 * The line parser (DESIGN D1): runs the compiled nearley grammar over one line in the context of a
 * CLI mode, and answers the three IOS errors with the offset of the offending word:
 *   `% Ambiguous command:  "…"`  a word is a prefix of two or more keywords expected there (even if
 *                                only one of them could complete), and equals none of them;
 *   `% Incomplete command.`       the words ran out before a command was complete;
 *   `% Invalid input detected at '^' marker.`  no terminal expected at that point accepts the word.
 * The same chart gives what is expected next at a cursor, for `?` help and Tab completion.
 *
 * Loading a large configuration parses many lines that differ only in their values (numbers,
 * addresses, names): `parseLine` therefore remembers, per mode and *shape* of a line, what the
 * Earley parse decided (see "the chart cache" below) and replays only the postprocessors for the
 * next line of that shape. `parseLineFull` is the parse without that cache; the two agree exactly.
 */
import nearley from 'nearley';
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

type Postprocess = NonNullable<RawRule['postprocess']>;

/**
 * What a rule of the derivation grammar yields instead of its value: the rule's own postprocessor
 * and its children, so that the value can be computed afterwards – for this line's tokens or for
 * another line of the same shape.
 */
class Deriv {
  constructor(
    readonly pp: Postprocess | undefined,
    readonly d: unknown[],
    readonly ref: number,
  ) {}
}

/**
 * The same rules with every postprocessor replaced by one that records the derivation. The chart,
 * the expected terminals and the number of parses are those of the plain grammar (no postprocessor
 * of the IOS grammar rejects), only the values differ.
 */
const derivRules = rules.map((r) => {
  const pp = r.postprocess;
  return { ...r, postprocess: (d: unknown[], ref?: number): unknown => new Deriv(pp, d, ref ?? 0) };
});

const modeGrammars = new Map<string, ModeGrammar>();
function modeGrammar(mode: Mode, deriv = false): ModeGrammar {
  const key = deriv ? `${mode}\u0000deriv` : mode;
  let mg = modeGrammars.get(key);
  if (!mg) {
    const grammar = nearley.Grammar.fromCompiled({
      Lexer: tokenLexer,
      ParserRules: (deriv ? derivRules : rules) as unknown as nearley.CompiledRules['ParserRules'],
      ParserStart: START[mode],
    });
    const p = new nearley.Parser(grammar, { lexer: tokenLexer }) as unknown as EarleyParser;
    const column0 = p.table[0];
    if (!column0) throw new Error('nearley: no initial column');
    mg = { grammar, column0 };
    modeGrammars.set(key, mg);
  }
  return mg;
}

/**
 * A parser positioned at the start of a line. The first column of the Earley chart depends only on
 * the grammar and is never mutated by later columns, so it is computed once per mode and shared.
 */
function freshParser(mode: Mode, deriv = false): EarleyParser {
  const mg = modeGrammar(mode, deriv);
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

/**
 * The words of a line, each with its offset: the maximal runs of characters other than blank, tab,
 * CR and LF (what a moo lexer with the rules `ws: /[ \t]+/`, `word: /[^ \t\r\n]+/`,
 * `nl: /[\r\n]+/` yields as words; a hand-written loop because this runs for every line loaded).
 */
export function tokenize(line: string): Token[] {
  const out: Token[] = [];
  const len = line.length;
  let i = 0;
  while (i < len) {
    let c = line.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13 || c === 10) {
      i++;
      continue;
    }
    const start = i;
    for (i++; i < len; i++) {
      c = line.charCodeAt(i);
      if (c === 32 || c === 9 || c === 13 || c === 10) break;
    }
    const value = line.slice(start, i);
    out.push({ type: 'word', value, text: value, offset: start, line, kw: undefined });
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

/**
 * Parses one line in a mode with the plain grammar, without the chart cache: the reference that
 * `parseLine` agrees with (the tests compare the two).
 */
export function parseLineFull(mode: Mode, line: string): ParseResult {
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

// ---- the chart cache -------------------------------------------------------------------------------
//
// What the Earley parse of a line decides at a word depends only on the chart column it reaches
// and on what the terminals expected there say about the word: `step` picks the keyword among
// the expected ones that the lower-cased word equals or is the unique prefix of (or finds it
// ambiguous), and every other terminal requires that no keyword was picked and tests the word's
// value. So the column after a word is a function of the column before it and of that answer
// (the keyword picked, or which of the expected value tests pass), and the derivation the chart
// yields at the end of the line is a function of the path of answers.
//
// `parseLine` keeps that function as a tree per mode: a node stands for a column (what keywords
// and value tests it expects, how many parses end there, the derivation of the first one with word
// positions for leaves), an edge for an answer. A line walks the tree answering only the questions
// its columns ask (typically one or two value tests per word); the value of the line is the node's
// derivation with the line's own words run through the grammar's postprocessors: the AST the chart
// would have built, without building the chart. A line that leaves the known tree is parsed with
// the derivation grammar, which adds its path.
//
// This holds because the terminals keep the properties listed at `terminalFromSpec`, and because
// the grammar's postprocessors are total functions of their children (./support.ts: they never
// fail, the terminals already checked the words), so only the derivation that `parseLine` returns
// needs computing.

interface TemplateNode {
  readonly pp: Postprocess | undefined;
  readonly ref: number;
  /** A number is the position of a word in the line. */
  readonly kids: readonly (TemplateNode | number)[];
}

interface Template {
  readonly root: TemplateNode;
  /** Whether some derivation node occurs twice (its value is then computed once and shared, as in the chart). */
  readonly shared: boolean;
}

interface ChartNode {
  /** Lower-cased word → the expected keyword it stands for, or null when it is ambiguous. */
  readonly resolve: ReadonlyMap<string, string | null>;
  /** The distinct tests of the expected terminals that are not keywords. */
  readonly tests: readonly ((t: Token) => boolean)[];
  readonly byKeyword: Map<string, ChartNode>;
  /** Keyed by the answers of `tests`, one bit each (0: no terminal accepts the word). */
  readonly byValue: Map<number, ChartNode>;
  /** Complete parses of the words so far. */
  readonly parses: number;
  template: Template | undefined;
}

const MAX_CHART_NODES = 20_000;
let chartNodes = 0;
const chartRoots = new Map<Mode, ChartNode>();

function chartNode(p: EarleyParser): ChartNode {
  const words = new Set<string>();
  const tests = new Map<string, (t: Token) => boolean>();
  for (const t of expectedTerminals(p)) {
    if (t.kind === 'keyword' && t.word !== undefined) words.add(t.word);
    // A terminal's test depends only on its kind and range (./terminals.ts).
    else tests.set(`${t.kind}|${t.word ?? ''}|${t.min ?? ''}|${t.max ?? ''}`, t.test.bind(t));
  }
  if (tests.size > 50) throw new Error('parser: too many value terminals in one column');
  chartNodes++;
  return {
    resolve: keywordResolver(words),
    tests: [...tests.values()],
    byKeyword: new Map(),
    byValue: new Map(),
    parses: p.results.length,
    template: undefined,
  };
}

/** Columns that expect the same keywords share one resolver. */
const resolvers = new Map<string, ReadonlyMap<string, string | null>>();
function keywordResolver(words: ReadonlySet<string>): ReadonlyMap<string, string | null> {
  const key = [...words].sort().join(' ');
  const known = resolvers.get(key);
  if (known) return known;
  const candidates = new Map<string, Set<string>>();
  for (const w of words) {
    for (let i = 1; i <= w.length; i++) {
      const prefix = w.slice(0, i);
      let set = candidates.get(prefix);
      if (!set) candidates.set(prefix, (set = new Set()));
      set.add(w);
    }
  }
  const resolve = new Map<string, string | null>();
  for (const [prefix, set] of candidates) {
    resolve.set(prefix, set.has(prefix) ? prefix : set.size === 1 ? (set.values().next().value as string) : null);
  }
  resolvers.set(key, resolve);
  return resolve;
}

/** The answers of a column's value tests for a word that is not a keyword there. */
function valueAnswers(node: ChartNode, tok: Token): number {
  let bits = 0;
  for (const test of node.tests) bits = bits * 2 + (test(tok) ? 1 : 0);
  return bits;
}

function toTemplate(root: Deriv, tokens: readonly Token[]): Template {
  const position = new Map<unknown, number>();
  tokens.forEach((t, i) => position.set(t, i));
  const seen = new Map<Deriv, TemplateNode>();
  let shared = false;
  const walk = (n: Deriv): TemplateNode => {
    let t = seen.get(n);
    if (t) shared = true;
    else {
      const kids = n.d.map((x) => {
        if (x instanceof Deriv) return walk(x);
        const at = position.get(x);
        if (at === undefined) throw new Error('parser: a derivation leaf that is not a word of the line');
        return at;
      });
      t = { pp: n.pp, ref: n.ref, kids };
      seen.set(n, t);
    }
    return t;
  };
  return { root: walk(root), shared };
}

function evaluateNode(n: TemplateNode, tokens: readonly Token[], memo: Map<TemplateNode, unknown> | undefined): unknown {
  if (memo?.has(n)) return memo.get(n);
  const kids = n.kids;
  const d: unknown[] = new Array(kids.length);
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i] as TemplateNode | number;
    d[i] = typeof k === 'number' ? tokens[k] : evaluateNode(k, tokens, memo);
  }
  const value = n.pp ? n.pp(d, n.ref, nearley.Parser.fail) : d;
  memo?.set(n, value);
  return value;
}

function failure(kind: 'invalid' | 'ambiguous', line: string, tok: Token, tokens: Token[]): ParseResult {
  const message = kind === 'ambiguous' ? ambiguousMessage(line) : MSG_INVALID;
  return { ok: false, error: { kind, offset: tok.offset, message }, tokens };
}

function incomplete(line: string, tokens: Token[]): ParseResult {
  return { ok: false, error: { kind: 'incomplete', offset: line.length, message: MSG_INCOMPLETE }, tokens };
}

function success(mode: Mode, line: string, node: ChartNode, template: Template, tokens: Token[]): ParseResult {
  let ast: LineAst;
  try {
    ast = evaluateNode(template.root, tokens, template.shared ? new Map() : undefined) as LineAst;
  } catch {
    // A postprocessor that throws makes the chart reject the line at that word: let the chart say where.
    return parseLineFull(mode, line);
  }
  return { ok: true, ast, tokens, parses: node.parses };
}

/** `s.toLowerCase()`, without allocating a copy of the (usual) word that has no capital letters. */
function lowerCase(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return s.toLowerCase();
  }
  return s;
}

/** Walks the known tree; undefined when the line leaves it. Sets each word's `kw` as `step` would. */
function walkChart(mode: Mode, line: string, tokens: Token[]): ParseResult | undefined {
  let node = chartRoots.get(mode);
  if (!node) return undefined;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as Token;
    const kw = node.resolve.get(lowerCase(tok.value));
    let next: ChartNode | undefined;
    if (kw === null) return failure('ambiguous', line, tok, tokens);
    if (kw !== undefined) {
      tok.kw = kw;
      next = node.byKeyword.get(kw);
    } else {
      const bits = valueAnswers(node, tok);
      if (bits === 0) return failure('invalid', line, tok, tokens);
      next = node.byValue.get(bits);
    }
    if (!next) {
      for (let j = 0; j <= i; j++) (tokens[j] as Token).kw = undefined;
      return undefined;
    }
    node = next;
  }
  if (tokens.length === 0 || node.parses === 0) return incomplete(line, tokens);
  if (!node.template) {
    for (const t of tokens) t.kw = undefined;
    return undefined;
  }
  return success(mode, line, node, node.template, tokens);
}

/** Parses a line with the derivation grammar, adding its path to the tree. */
function extendChart(mode: Mode, line: string, tokens: Token[]): ParseResult {
  if (chartNodes >= MAX_CHART_NODES) clearParseCache();
  const p = freshParser(mode, true);
  let node = chartRoots.get(mode);
  if (!node) chartRoots.set(mode, (node = chartNode(p)));
  for (const tok of tokens) {
    const r = step(p, tok);
    if (!r.ok) return failure(r.kind, line, tok, tokens);
    const edges: Map<string | number, ChartNode> = tok.kw !== undefined ? node.byKeyword : node.byValue;
    const key = tok.kw ?? valueAnswers(node, tok);
    let next = edges.get(key);
    if (!next) edges.set(key, (next = chartNode(p)));
    node = next;
  }
  if (tokens.length === 0 || p.results.length === 0) return incomplete(line, tokens);
  node.template ??= toTemplate(p.results[0] as Deriv, tokens);
  return success(mode, line, node, node.template, tokens);
}

/** Forgets every cached column (tests start from a cold cache with it). */
export function clearParseCache(): void {
  chartRoots.clear();
  resolvers.clear();
  chartNodes = 0;
}

/** Parses one line in a mode. Blank lines and `!` comments are the caller's business. */
export function parseLine(mode: Mode, line: string): ParseResult {
  const tokens = tokenize(line);
  return walkChart(mode, line, tokens) ?? extendChart(mode, line, tokens);
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
