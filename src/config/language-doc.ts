/**
 * The command reference of docs/config-language.md, generated from the compiled grammar so that the
 * documentation lists exactly what the parser accepts (test/config/language-doc.test.ts compares
 * the file with this output). Each mode's commands are the alternatives of its start symbol, written
 * in IOS's syntax conventions: `{a | b}` one of, `[x]` optional, `x ...` one or more, upper-case
 * words and `<A-B>` ranges for values. Known IOS commands that vipr keeps verbatim (accepted, kept
 * and shown in the running-config, not modelled) are the rules named `…verbatim`, listed apart.
 */
import compiled from './grammar/ios.generated.js';
import type { Mode } from './grammar/parser.js';

interface Rule {
  readonly name: string;
  readonly symbols: readonly unknown[];
}

const RULES = compiled.ParserRules as unknown as readonly Rule[];
const BY_NAME = new Map<string, Rule[]>();
for (const r of RULES) {
  const list = BY_NAME.get(r.name);
  if (list) list.push(r);
  else BY_NAME.set(r.name, [r]);
}

/** The start symbol of each mode (as ./grammar/parser.ts uses them) and how the reference titles it. */
const MODE_SECTIONS: readonly { readonly mode: Mode; readonly start: string; readonly title: string }[] = [
  { mode: 'config', start: 'config_line', title: 'Global configuration: `Router(config)#`' },
  { mode: 'config-if', start: 'interface_line', title: 'Interface: `Router(config-if)#`' },
  { mode: 'config-subif', start: 'subinterface_line', title: 'Subinterface: `Router(config-subif)#` (the interface commands, and)' },
  { mode: 'config-if-vrrp', start: 'vrrp_af_line', title: 'VRRPv3 address family: `Router(config-if-vrrp)#`' },
  { mode: 'config-track', start: 'track_line', title: 'Tracked object: `Router(config-track)#`' },
  { mode: 'config-line', start: 'line_line', title: 'Line: `Router(config-line)#`' },
  { mode: 'config-keychain', start: 'keychain_line', title: 'Key chain: `Router(config-keychain)#`' },
  { mode: 'config-keychain-key', start: 'key_line', title: 'Key: `Router(config-keychain-key)#`' },
];

/** Where each group of verbatim commands is accepted, and the words written before them. */
export const VERBATIM_SECTIONS: Readonly<Record<string, { readonly where: string; readonly prefix: string }>> = {
  global_verbatim: { where: 'Global configuration', prefix: '' },
  service_verbatim: { where: 'Global configuration', prefix: 'service ' },
  logging_verbatim: { where: 'Global configuration', prefix: 'logging ' },
  ip_global_verbatim: { where: 'Global configuration', prefix: 'ip ' },
  ipv6_global_verbatim: { where: 'Global configuration', prefix: 'ipv6 ' },
  if_verbatim: { where: 'Interface and subinterface', prefix: '' },
  if_ip_verbatim: { where: 'Interface and subinterface', prefix: 'ip ' },
  if_ipv6_verbatim: { where: 'Interface and subinterface', prefix: 'ipv6 ' },
  line_verbatim: { where: 'Line', prefix: '' },
  key_verbatim: { where: 'Key', prefix: '' },
};

/** The names of the grammar's verbatim rules (each must have an entry in VERBATIM_SECTIONS). */
export function verbatimRuleNames(): string[] {
  return [...BY_NAME.keys()].filter((n) => /verbatim$/.test(n));
}

function isVerbatim(sym: unknown): boolean {
  return typeof sym === 'string' && /verbatim$/.test(sym);
}

/** `"word|help"` → `word`; `"<1-255>|help"` → `<1-255>`; the free-text and interface terminals by name. */
function terminal(spec: string): string {
  const head = spec.split('|')[0] ?? spec;
  if (head === 'IFNAME') return 'INTERFACE';
  if (head === 'IFNUM') return '<number>';
  return head;
}

/** Nonterminals shown by a name rather than expanded. */
const NAMED: Readonly<Record<string, string>> = {
  iface: 'INTERFACE',
  text: 'LINE',
  rest_words: '',
  any_args: '[...]',
  some_args: '...',
};

function renderSymbol(sym: unknown, stack: readonly string[]): string {
  if (typeof sym === 'object' && sym !== null && 'literal' in sym) return terminal(String((sym as { literal: unknown }).literal));
  if (typeof sym !== 'string') return '?';
  const named = NAMED[sym];
  if (named !== undefined) return named;
  return renderNonterminal(sym, stack);
}

function renderSeq(symbols: readonly unknown[], stack: readonly string[]): string {
  return symbols
    .map((s) => renderSymbol(s, stack))
    .filter((s) => s !== '')
    .join(' ');
}

function unbrace(s: string): string {
  return s.startsWith('{') && s.endsWith('}') && balanced(s.slice(1, -1)) ? s.slice(1, -1) : s;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

function renderNonterminal(name: string, stack: readonly string[]): string {
  if (stack.includes(name)) return name;
  const inner = [...stack, name];
  const alts = BY_NAME.get(name) ?? [];
  const recursive = alts.filter((a) => a.symbols[0] === name);
  const base = alts.filter((a) => a.symbols[0] !== name);
  if (recursive.length > 0) {
    // nearley's `x:*` and `x:+`: `N -> null | N x` and `N -> x | N x`.
    const item = renderSeq(recursive[0]?.symbols.slice(1) ?? [], inner);
    return base.some((a) => a.symbols.length === 0) ? `[${item} ...]` : `${item} ...`;
  }
  const shown = [...new Set(base.filter((a) => a.symbols.length > 0).map((a) => renderSeq(a.symbols, inner)))];
  const optional = base.some((a) => a.symbols.length === 0);
  if (shown.length === 0) return '';
  const body = shown.length === 1 ? (shown[0] ?? '') : `{${shown.join(' | ')}}`;
  return optional ? `[${unbrace(body)}]` : body;
}

/** The top-level alternatives of a nonterminal, each as one command line (verbatim groups left out). */
function commandsOf(name: string, prefix: string, out: string[]): void {
  for (const alt of BY_NAME.get(name) ?? []) {
    const [first, ...rest] = alt.symbols;
    if (alt.symbols.length === 1 && typeof first === 'string' && !NAMED[first] && !isVerbatim(first)) {
      if (first === 'mode_common') continue;
      // A single nonterminal (`cfg`, a subexpression `(ifc_no | encapsulation_no)`): its alternatives.
      commandsOf(first, prefix, out);
      continue;
    }
    if (alt.symbols.length === 1 && isVerbatim(first)) continue;
    const head = typeof first === 'object' && first !== null && 'literal' in first ? terminal(String((first as { literal: unknown }).literal)) : '';
    if ((head === 'no' || head === 'default') && rest.length === 1 && typeof rest[0] === 'string') {
      commandsOf(rest[0], `${prefix}{no | default} `, out);
      continue;
    }
    out.push(`${prefix}${renderSeq(alt.symbols, [name])}`);
  }
}

/** The rows of a verbatim group: one per keyword, with what may follow it. */
function verbatimRows(name: string): string[] {
  const prefix = VERBATIM_SECTIONS[name]?.prefix ?? '';
  const rows: string[] = [];
  for (const alt of BY_NAME.get(name) ?? []) {
    const [first, ...rest] = alt.symbols;
    if (typeof first === 'string' && first.endsWith('_kw')) {
      const tail = renderSeq(rest, [name]);
      for (const kw of BY_NAME.get(first) ?? []) rows.push(`${prefix}${renderSeq(kw.symbols, [name])}${tail ? ` ${tail}` : ''}`);
    } else rows.push(`${prefix}${renderSeq(alt.symbols, [name])}`);
  }
  return rows;
}

/** The verbatim commands, as the reference lists them (`where` → command lines). */
export function verbatimCommands(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const name of Object.keys(VERBATIM_SECTIONS)) {
    const where = VERBATIM_SECTIONS[name]?.where ?? '';
    out.set(where, [...(out.get(where) ?? []), ...verbatimRows(name)]);
  }
  return out;
}

/** The commands of every configuration mode, as the reference lists them (mode → command lines). */
export function modeCommands(): Map<Mode, string[]> {
  const out = new Map<Mode, string[]>();
  for (const s of MODE_SECTIONS) {
    const lines: string[] = [];
    commandsOf(s.start, '', lines);
    out.set(s.mode, [...new Set(lines)]);
  }
  return out;
}

/** The generated part of docs/config-language.md. */
export function languageReference(): string {
  const parts: string[] = ['## Commands by mode', ''];
  parts.push(
    'Every mode also takes `exit`, `end` and `do EXEC-COMMAND`; `!` lines are comments. `{no | default}` marks the',
    'negated forms (`no` removes the setting, `default` puts it back to its default).',
    '',
  );
  const commands = modeCommands();
  for (const s of MODE_SECTIONS) {
    parts.push(`### ${s.title}`, '', '```');
    parts.push(...(commands.get(s.mode) ?? []));
    parts.push('```', '');
  }
  parts.push('## Known IOS commands kept verbatim', '');
  parts.push(
    'These are accepted, kept exactly as written (and their `no` forms) and shown in the running-config, but',
    'vipr does not act on them. Any other command is rejected as IOS rejects it.',
    '',
  );
  for (const [where, rows] of verbatimCommands()) {
    parts.push(`### ${where}`, '', '```', ...rows, '```', '');
  }
  return parts.join('\n');
}

export const GENERATED_BEGIN = '<!-- generated from the grammar by src/config/language-doc.ts: begin -->';
export const GENERATED_END = '<!-- generated from the grammar by src/config/language-doc.ts: end -->';
