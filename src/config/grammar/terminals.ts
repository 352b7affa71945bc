/**
 * Terminals of the IOS grammar. The .ne sources spell each terminal as a string literal
 * (`"standby|HSRP interface configuration commands"`, `"<0-255>|Priority value"`, `"A.B.C.D|…"`, see
 * grammar/ios.ne); `compileTerminals` turns those into objects with a `test` function, which nearley
 * calls for each word, and the `?` help that the CLI shows. Help therefore comes from the same
 * objects that accept the words, so the two cannot drift apart (DESIGN D1).
 */
import { parseIpv4, parseIpv6 } from '../../net/ip-address.js';
import { parseMac } from '../../net/mac.js';
import { ipv4NumberOrUndefined } from '../../model/ipv4.js';
import { INTERFACE_TYPES, interfaceTypeByPrefix, parseInterfaceName } from '../../model/interface-name.js';
import type { Token } from './token.js';

export type TerminalKind =
  | 'keyword'
  | 'int'
  | 'ipv4'
  | 'ipv4-prefix'
  | 'ipv6'
  | 'ipv6-prefix'
  | 'mac'
  | 'word'
  | 'line'
  | 'rest'
  | 'ifname'
  | 'iftype'
  | 'ifnum';

export interface Terminal {
  readonly kind: TerminalKind;
  /** What `?` shows in the first column: the keyword, `<1-255>`, `A.B.C.D`, `WORD`, … */
  readonly display: string;
  readonly help: string;
  /** For keywords: the canonical spelling (`dot1Q`), matched case-insensitively. */
  readonly word?: string;
  readonly min?: number;
  readonly max?: number;
  test(token: Token): boolean;
}

const INT_RE = /^<(\d+)-(\d+)>$/;
const DEC_RE = /^\d+$/;
const IFNUM_RE = /^\d+(?:\/\d+){0,2}(?:\.\d+)?$/;

function isIpv4Prefix(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const len = s.slice(slash + 1);
  return parseIpv4(s.slice(0, slash)) !== undefined && DEC_RE.test(len) && Number(len) <= 32;
}

function isIpv6Prefix(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const len = s.slice(slash + 1);
  return parseIpv6(s.slice(0, slash)) !== undefined && DEC_RE.test(len) && Number(len) <= 128;
}

/**
 * Builds the terminal for one literal of the .ne sources.
 *
 * The parser's chart cache (./parser.ts) relies on three properties of what this returns; keep them
 * when adding a kind: a keyword's test is `t.kw === word`; every other test is false when `t.kw`
 * is set and otherwise looks at `t.value` only; and two terminals of the same kind (and, for
 * integers, the same range) have the same test, whatever their help text.
 */
export function terminalFromSpec(spec: string): Terminal {
  const bar = spec.indexOf('|');
  const head = bar < 0 ? spec : spec.slice(0, bar);
  const help = bar < 0 ? '' : spec.slice(bar + 1);
  const value = (t: Token): boolean => t.kw === undefined;
  const intRange = INT_RE.exec(head);
  if (intRange) {
    const min = Number(intRange[1]);
    const max = Number(intRange[2]);
    return {
      kind: 'int',
      display: head,
      help,
      min,
      max,
      test: (t) => value(t) && DEC_RE.test(t.value) && Number(t.value) >= min && Number(t.value) <= max,
    };
  }
  switch (head) {
    case 'A.B.C.D':
      return { kind: 'ipv4', display: head, help, test: (t) => value(t) && ipv4NumberOrUndefined(t.value) !== undefined };
    case 'A.B.C.D/nn':
      return { kind: 'ipv4-prefix', display: head, help, test: (t) => value(t) && isIpv4Prefix(t.value) };
    case 'X:X:X:X::X':
      return {
        kind: 'ipv6',
        display: head,
        help,
        test: (t) => value(t) && t.value.includes(':') && !t.value.includes('%') && parseIpv6(t.value) !== undefined,
      };
    case 'X:X:X:X::X/<0-128>':
      return { kind: 'ipv6-prefix', display: head, help, test: (t) => value(t) && isIpv6Prefix(t.value) };
    case 'H.H.H':
      return { kind: 'mac', display: head, help, test: (t) => value(t) && parseMac(t.value) !== undefined };
    case 'WORD':
      return { kind: 'word', display: head, help, test: value };
    case 'LINE':
      return { kind: 'line', display: head, help, test: value };
    case 'REST':
      return { kind: 'rest', display: '', help, test: value };
    case 'IFNAME':
      return { kind: 'ifname', display: head, help, test: (t) => value(t) && parseInterfaceName(t.value) !== undefined };
    case 'IFTYPE':
      return {
        kind: 'iftype',
        display: head,
        help,
        test: (t) => value(t) && /^[A-Za-z-]+$/.test(t.value) && interfaceTypeByPrefix(t.value) !== undefined,
      };
    case 'IFNUM':
      return { kind: 'ifnum', display: '<0-9999>', help, test: (t) => value(t) && IFNUM_RE.test(t.value) };
    default: {
      if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(head)) throw new Error(`grammar: bad terminal literal ${JSON.stringify(spec)}`);
      const word = head.toLowerCase();
      return { kind: 'keyword', display: head, help, word, test: (t) => t.kw === word };
    }
  }
}

/** Help entries of the interface types, which `?` lists where an interface name is expected. */
export const INTERFACE_TYPE_HELP: readonly { display: string; help: string }[] = INTERFACE_TYPES.map((t) => ({
  display: t.name,
  help: t.help,
}));

export function isTerminal(x: unknown): x is Terminal {
  return typeof x === 'object' && x !== null && 'test' in x && 'kind' in x;
}
