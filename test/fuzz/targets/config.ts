/**
 * Fuzz target for the configuration language (src/config/**): whole startup-configs made of mutated
 * lines of the real configurations in test/fixtures/configs, commands from the generators of the
 * round-trip test, and arbitrary text (control characters, non-ASCII, huge words).
 *
 * Properties (DESIGN D1, D6): loading never throws; every rejected line is reported IOS-style with its
 * line number, a column inside the line and a `%` message, and the rest still loads; the model
 * loaded renders to a configuration that loads without an error and renders to itself (a fixed point).
 */
import fc from 'fast-check';
import { loadConfig } from '../../../src/config/load.js';
import { renderConfig } from '../../../src/config/render.js';
import { globalCommands, stanza } from '../../config/generators.js';
import { configLines } from '../support/inputs.js';
import { defineTarget, expectThat } from '../support/target.js';

const ODD_CHARS = ['\t', '\0', '\x7f', '\x1b', '\r', '?', '|', '!', '^', '#', '"', "'", '\\', 'é', '€', '\u2028', ' ', '  ', '0', '255', '4294967296', '-1', ':', '/', '.'];

type LineEdit = { readonly k: 'replace' | 'insert'; readonly at: number; readonly text: string } | { readonly k: 'delete'; readonly at: number; readonly n: number } | { readonly k: 'cut'; readonly at: number };

const lineEdit: fc.Arbitrary<LineEdit> = fc.oneof(
  fc.record({ k: fc.constantFrom('replace' as const, 'insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...ODD_CHARS), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 })) }),
  fc.record({ k: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ k: fc.constant('cut' as const), at: fc.nat() }),
);

function editLine(line: string, edits: readonly LineEdit[]): string {
  let s = line;
  for (const e of edits) {
    const at = e.at % (s.length + 1);
    switch (e.k) {
      case 'replace':
        s = s.slice(0, at) + e.text + s.slice(at + e.text.length);
        break;
      case 'insert':
        s = s.slice(0, at) + e.text + s.slice(at);
        break;
      case 'delete':
        s = s.slice(0, at) + s.slice(at + e.n);
        break;
      case 'cut':
        s = s.slice(0, at);
        break;
    }
  }
  return s;
}

function configLine(real: readonly string[]): fc.Arbitrary<string> {
  const pick = fc.integer({ min: 0, max: real.length - 1 }).map((i) => real[i] as string);
  return fc.oneof(
    { arbitrary: pick, weight: 4 },
    { arbitrary: fc.tuple(pick, fc.array(lineEdit, { minLength: 1, maxLength: 3 })).map(([l, e]) => editLine(l, e)), weight: 4 },
    { arbitrary: globalCommands, weight: 2 },
    { arbitrary: stanza, weight: 2 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
    { arbitrary: fc.string({ unit: fc.constantFrom('a', 'z', '0', '9', ' ', '-', '.', '/', 'x'), minLength: 200, maxLength: 2000 }), weight: 1 },
  );
}

/** Salted hashes must be reproducible for the fixed point, and cheap: a constant salt. */
const SALT = { salt: () => 'fuzzsaltfuzzsa' };

function checkConfig(lines: readonly string[]): void {
  const text = lines.join('\n');
  const physical = text.split('\n');
  const r = loadConfig(text, SALT);
  for (const d of r.diagnostics) {
    expectThat(Number.isInteger(d.line) && d.line >= 1 && d.line <= physical.length, () => `diagnostic on line ${d.line} of ${physical.length}`);
    const raw = (physical[d.line - 1] ?? '').replace(/\r$/, '');
    expectThat(d.text === raw, () => `diagnostic for line ${d.line} quotes ${JSON.stringify(d.text)}, the line is ${JSON.stringify(raw)}`);
    expectThat(Number.isInteger(d.column) && d.column >= 1 && d.column <= raw.length + 1, () => `column ${d.column} outside line ${d.line} (${raw.length} characters): ${JSON.stringify(raw)}`);
    // IOS's messages mostly start with `%`; a few of its own have none (`ERROR: The secret you entered…`,
    // `Cannot change tracked object N - delete old config first`, `Must delete secondary…`: src/config/apply.ts lists them).
    expectThat(/^(%\S|% \S|[A-Z][a-z]+ |ERROR: )/.test(d.message), () => `message ${JSON.stringify(d.message)} is not IOS-style`);
  }
  const rendered = renderConfig(r.config);
  const again = loadConfig(rendered, SALT);
  const errors = again.diagnostics.filter((d) => d.severity === 'error');
  expectThat(errors.length === 0, () => `the rendered configuration does not load: ${JSON.stringify(errors.slice(0, 3))}\n--- rendered ---\n${rendered}`);
  const twice = renderConfig(again.config);
  expectThat(twice === rendered, () => `render → load → render is not a fixed point:\n--- first ---\n${rendered}\n--- second ---\n${twice}`);
}

export const configTarget = defineTarget<string[]>({
  name: 'config-load',
  what: 'startup-configs of 1–8 lines: real lines of test/fixtures/configs, the same mutated (odd characters, cuts, insertions), generated commands, binary text, 2,000-character lines',
  arbitrary: () => fc.array(configLine(configLines()), { minLength: 1, maxLength: 8 }),
  check: checkConfig,
  toJson: (l) => l,
  fromJson: (j) => {
    if (!Array.isArray(j) || !j.every((l) => typeof l === 'string')) throw new TypeError('a config fixture is an array of lines');
    return j as string[];
  },
});

/**
 * Global commands whose place in the file does not matter. On IOS a line that the current
 * sub-mode does not accept is tried in the enclosing modes, so a global command written right after
 * an interface stanza (no `!` needed, and `!` would not leave the stanza anyway) means the same as
 * written before it.
 */
const PLACE_FREE_GLOBALS = [
  'service password-encryption',
  'service timestamps log uptime',
  'hostname EDGE-7',
  'no ip domain-lookup',
  'ip domain-name lab.example',
  'ip cef',
  'ip routing',
  'ipv6 unicast-routing',
  'ntp server 10.0.0.1',
  'logging host 10.9.9.9',
  'logging buffered 16384 warnings',
  'snmp-server community public RO',
  'spanning-tree mode rapid-pvst',
  'spanning-tree extend system-id',
  'udld enable',
  'mls qos',
  'ip route 192.168.9.0 255.255.255.0 10.9.0.1',
  'username ops privilege 15 password 0 opspw',
  'enable password 0 enpw',
  'cdp run',
  'lldp run',
  'login block-for 60 attempts 3 within 30',
  'track 9 interface GigabitEthernet0/0 line-protocol',
];

interface PlacementInput {
  readonly stanza: string;
  readonly global: string;
}

function checkPlacement(input: PlacementInput): void {
  const after = loadConfig(`${input.stanza}\n${input.global}`, SALT);
  const before = loadConfig(`${input.global}\n${input.stanza}`, SALT);
  const a = renderConfig(after.config);
  const b = renderConfig(before.config);
  expectThat(a === b, () => `${JSON.stringify(input.global)} after the stanza is not the same as before it:\n--- after ---\n${a}\n--- before ---\n${b}`);
}

export const placementTarget = defineTarget<PlacementInput>({
  name: 'config-modes',
  what: 'a generated interface stanza and a global command: the command means the same after the stanza as before it (IOS tries a line the sub-mode rejects in the enclosing mode)',
  arbitrary: () => fc.record({ stanza, global: fc.constantFrom(...PLACE_FREE_GLOBALS) }),
  check: checkPlacement,
  toJson: (i) => i,
  fromJson: (j) => j as PlacementInput,
});
