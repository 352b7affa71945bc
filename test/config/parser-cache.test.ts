/**
 * The chart cache of `parseLine` (src/config/grammar/parser.ts) must be invisible: for every line
 * and mode it gives exactly what the full Earley parse gives – the AST, the number of parses, the
 * error with its kind, offset and message, and the keyword chosen for each word – whether the
 * cache is cold (the line adds its path) or warm (the line replays a known path with new values).
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import moo from 'moo';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearParseCache, completeLine, expectedAt, MODES, parseLine, parseLineFull, tokenize } from '../../src/config/grammar/parser.js';
import { globalCommands, ifCommands, stanza } from './generators.js';

const campus = readFileSync(new URL('../fixtures/configs/campus.cfg', import.meta.url), 'utf8');

/**
 * Every line in every mode, twice: cold (each new shape parses with the chart) and warm (the same
 * shapes replay from the cache). The full parse is the reference; `isDeepStrictEqual` keeps the
 * thousands of comparisons fast, `expect` reports the first difference.
 */
function agreeEverywhere(lines: readonly string[]): void {
  const full = lines.map((line) => MODES.map((mode) => parseLineFull(mode, line)));
  for (let pass = 0; pass < 2; pass++) {
    lines.forEach((line, i) => {
      MODES.forEach((mode, m) => {
        const want = full[i]?.[m];
        const got = parseLine(mode, line);
        if (!isDeepStrictEqual(got, want)) expect(got, `${mode}: ${JSON.stringify(line)} (pass ${pass})`).toStrictEqual(want);
      });
    });
  }
}

/** Words that probe every kind of terminal, its ranges and its edge cases, and prefixes and ambiguities. */
const PROBES = [
  's', 'st', 'standby', 'STANDBY', 'v', 'vr', 'vrrp', 'i', 'ip', 'ipv6', 'in', 'int', 'interface', 'no', 'default', 'de', 'd',
  'address', 'add', 'pri', 'priority', 'preempt', 'delay', 'minimum', 'reload', 'sync', 'track', 'decrement', 'timers', 'msec',
  'authentication', 'md5', 'key-string', 'key-chain', 'text', 'secondary', 'primary', 'description', 'shutdown', 'exit',
  '0', '1', '2', '7', '9', '10', '14', '15', '50', '254', '255', '256', '999', '1000', '1001', '3000', '3600', '4094', '4095',
  '4096', '10000', '32767', '99999999999999999999', '007', '-1', '1.5',
  '10.0.0.1', '255.255.255.0', '10.0.0.256', '1.2.3', '1.2.3.4.5', '01.002.3.4', '10.0.0.0/8', '10.0.0.0/33',
  'FE80::1', 'fe80::1%eth0', '2001:DB8::1/64', '2001:db8::/129', '::', '::ffff:10.0.0.1',
  'aaaa.bbbb.cccc', '0000.0c07.ac01', '123456789012', 'aa:bb:cc:dd:ee:ff',
  'Gi0/1', 'GigabitEthernet0/1.10', 'gi', 'Gig', 'G', 'GigabitEthernet', '0/1', '0/1/2', '1.20', 'Lo0', 'Loopback', 'Vlan10',
  'Vlan4095', 'Vl', 'Fa0/2', 'te1/1', 'x', 'X', 'word', 'line', 'vty', 'con', 'login', 'local', '^C', '#', '!', 'dot1Q', 'native',
];

/** The lines of one random command (global, or of an interface with the subnet 10.<n>.0.0/24). */
const line = fc.oneof(globalCommands, ...[1, 2, 3, 4, 5].map((n) => ifCommands(n))).map((t) => t.split('\n'));

/** A generated line with one word replaced, dropped, duplicated or cut short, or the line cut short. */
const mutated = fc
  .tuple(line, fc.nat(), fc.nat(), fc.constantFrom(...PROBES), fc.constantFrom('replace', 'drop', 'dup', 'prefix', 'cut', 'tab'))
  .map(([lines, i, j, probe, how]) => {
    const l = lines[i % lines.length] ?? '';
    const words = l.trim().split(' ');
    const k = j % Math.max(1, words.length);
    const w = words[k] ?? '';
    switch (how) {
      case 'replace':
        words[k] = probe;
        break;
      case 'drop':
        words.splice(k, 1);
        break;
      case 'dup':
        words.splice(k, 0, w);
        break;
      case 'prefix':
        words[k] = w.slice(0, Math.max(1, (j % 4) + 1));
        break;
      case 'cut':
        return l.slice(0, j % (l.length + 1));
      case 'tab':
        return ` ${words.join('\t')}  `;
    }
    return ` ${words.join(' ')}`;
  });

describe('parseLine with its chart cache agrees with the full parse', () => {
  beforeEach(() => clearParseCache());

  it('on every line of the campus sample, in every mode', () => {
    agreeEverywhere(campus.split('\n'));
  });

  it('on a few thousand random lines from the property-test generators, in every mode', () => {
    // Whole interface stanzas are slow to generate: a few, and single commands for the bulk.
    const lines = [...fc.sample(stanza, { numRuns: 30, seed: 1 }), ...fc.sample(line, { numRuns: 3000, seed: 42 })].flatMap((t) =>
      typeof t === 'string' ? t.split('\n') : t,
    );
    expect(lines.length).toBeGreaterThan(3000);
    agreeEverywhere(lines);
  });

  it('on a few thousand mutated lines (bad values, ambiguous prefixes, missing and extra words)', () => {
    const lines = fc.sample(mutated, { numRuns: 3000, seed: 7 });
    agreeEverywhere(lines);
  });

  it('on every probe word after every prefix of some lines', () => {
    const heads = ['', 'standby 1 ', 'no standby ', 'vrrp 5 ', 'ip address ', 'interface ', 'track 3 ', 'ip route 10.0.0.0 255.0.0.0 ',
      'standby 1 timers msec ', 'vrrp 1 address-family ipv4', 'address ', 'key ', 'line vty 0 ', 'banner motd ', 'username u ', 'logging '];
    const lines = heads.flatMap((h) => PROBES.map((p) => `${h}${p}`));
    agreeEverywhere(lines);
  });

  it('gives a fresh AST and fresh tokens for every line, never shared with the cache', () => {
    const a = parseLine('config-if', ' standby 1 ip 10.0.0.1');
    const b = parseLine('config-if', ' standby 1 ip 10.0.0.1');
    expect(a).toStrictEqual(b);
    if (!a.ok || !b.ok) throw new Error('expected parses');
    expect(a.ast).not.toBe(b.ast);
    expect(a.tokens[0]).not.toBe(b.tokens[0]);
    const c = parseLine('config-if', ' standby 2 ip 10.0.0.9');
    expect(c.ok && c.ast).toStrictEqual({ neg: undefined, cmd: { k: 'standby', group: 2, groupOffset: 9, sub: { s: 'ip', address: '10.0.0.9', secondary: false } } });
  });
});

describe('interactive use (one line at a prompt, ? and Tab)', () => {
  it('gets the same help and completions with a cold and a warm cache', () => {
    const probes: [(typeof MODES)[number], string][] = [
      ['config-if', 'standby 1 '],
      ['config-if', 'standby '],
      ['config-if', 's'],
      ['config-if', 'standby 1 pre'],
      ['config', 'int gi'],
      ['config', 'interface '],
      ['exec', 'sh stand'],
      ['config-if', 'standby 1 bogus '],
    ];
    const answers = (): unknown => probes.map(([mode, text]) => [expectedAt(mode, text), completeLine(mode, text)]);
    clearParseCache();
    const cold = answers();
    agreeEverywhere(campus.split('\n'));
    expect(answers()).toStrictEqual(cold);
  });
});

describe('tokenize', () => {
  const wordLexer = moo.compile({ ws: /[ \t]+/, word: /[^ \t\r\n]+/, nl: { match: /[\r\n]+/, lineBreaks: true } });
  function mooWords(line: string): { value: string; offset: number }[] {
    const out: { value: string; offset: number }[] = [];
    wordLexer.reset(line);
    for (let t = wordLexer.next(); t !== undefined; t = wordLexer.next()) if (t.type === 'word') out.push({ value: t.value, offset: t.offset });
    return out;
  }
  it('splits words exactly as the moo word lexer does', () => {
    const chars = fc.constantFrom(' ', '\t', '\r', '\n', '\f', '\v', '\u00a0', 'a', 'B', '0', '.', '/', ':', 'é', '😀');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 30 }).map((cs) => cs.join('')), (line) => {
        expect(tokenize(line).map((t) => ({ value: t.value, offset: t.offset }))).toEqual(mooWords(line));
        for (const t of tokenize(line)) expect(t).toStrictEqual({ type: 'word', value: t.value, text: t.value, offset: t.offset, line, kw: undefined });
      }),
      { numRuns: 2000 },
    );
  });
});
