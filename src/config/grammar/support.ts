/**
 * Helpers the grammar's postprocessors call (grammar/*.ne). They turn tokens into the values of the
 * command AST (./ast.ts); they never fail, because the terminals already checked the words.
 */
import { interfaceName, interfaceTypeByPrefix, parseInterfaceName } from '../../model/interface-name.js';
import type { Token } from './token.js';

/**
 * The lexer the compiled grammar names. vipr feeds the parser one prepared token at a time (see
 * ./parser.ts), so this only hands back what it is given; `has` is false so `%x` names never apply.
 */
export const lexer = {
  tokens: [] as Token[],
  index: 0,
  reset(chunk: unknown): void {
    this.tokens = chunk as Token[];
    this.index = 0;
  },
  next(): Token | undefined {
    return this.tokens[this.index++];
  },
  save(): object {
    return {};
  },
  formatError(_token: never): string {
    return 'syntax error';
  },
  has(_name: string): boolean {
    return false;
  },
};

export function v(t: Token): string {
  return t.value;
}

export function n(t: Token): number {
  return Number(t.value);
}

/** Text from this word to the end of the line, as typed (trailing separators removed: see tokenize). */
export function rest(t: Token): string {
  return t.line.slice(t.offset).replace(/[ \t\r\n]+$/, '');
}

export function flag(x: unknown): boolean {
  return x !== null && x !== undefined;
}

/** The canonical keyword followed by the rest of the line with its words single-spaced. */
export function kwText(t: Token): string {
  // The separators of the tokenizer (parser.ts tokenize): String.trim() would also take Unicode
  // spaces (U+2028, U+00A0) that IOS reads as part of a word.
  const after = t.line
    .slice(t.offset + t.value.length)
    .split(/[ \t\r\n]+/)
    .filter((w) => w.length > 0);
  return [t.kw ?? t.value, ...after].join(' ');
}

/**
 * A canonical interface name from one word (`Gi0/1`) or two (`GigabitEthernet`, `0/1`). The terminals
 * check each word alone; whether the number suits the type (`Loopback 0/1`, `Gi 10.0`: no
 * subinterface 0) is known only here, and throwing rejects the line at the number (parser.ts).
 */
export function ifname(t: Token, u?: Token): string {
  if (u === undefined) return parseInterfaceName(t.value)?.name ?? t.value;
  const type = interfaceTypeByPrefix(t.value);
  const name = type && interfaceName(type, u.value)?.name;
  if (name === undefined) throw new RangeError(`${t.value} ${u.value} is not an interface name`);
  return name;
}

export interface ExecNode {
  readonly k: 'exec';
  readonly path: readonly string[];
  readonly args: readonly string[];
}

function collect(x: unknown, path: string[], args: string[]): void {
  if (x === null || x === undefined) return;
  if (Array.isArray(x)) {
    for (const e of x) collect(e, path, args);
    return;
  }
  if (typeof x === 'string') {
    args.push(x);
    return;
  }
  if (typeof x === 'object') {
    const o = x as { k?: string; path?: string[]; args?: string[]; type?: string; kw?: string; value?: string };
    if (o.k === 'exec') {
      path.push(...(o.path ?? []));
      args.push(...(o.args ?? []));
    } else if (o.type === 'word') {
      if (o.kw !== undefined) path.push(o.kw);
      else args.push(o.value ?? '');
    }
  }
}

/** Flattens an EXEC command's parse into its keywords and its values. */
export function execNode(d: unknown[]): ExecNode {
  const path: string[] = [];
  const args: string[] = [];
  collect(d, path, args);
  return { k: 'exec', path, args };
}
