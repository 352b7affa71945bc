/**
 * docs/config-language.md lists exactly the commands the grammar accepts: its generated part must
 * be what src/config/language-doc.ts derives from the compiled grammar. After a grammar change, run
 * `VIPR_UPDATE_DOCS=1 npx vitest run test/config/language-doc.test.ts` to rewrite it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  GENERATED_BEGIN,
  GENERATED_END,
  languageReference,
  modeCommands,
  VERBATIM_SECTIONS,
  verbatimCommands,
  verbatimRuleNames,
} from '../../src/config/language-doc.js';
import { loadConfig } from '../../src/config/load.js';
import { renderConfig } from '../../src/config/render.js';

const DOC = new URL('../../docs/config-language.md', import.meta.url);

describe('docs/config-language.md', () => {
  it('holds the reference generated from the grammar', () => {
    const text = readFileSync(DOC, 'utf8');
    const begin = text.indexOf(GENERATED_BEGIN);
    const end = text.indexOf(GENERATED_END);
    expect(begin, 'the generated-part markers').toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(begin);
    const want = `${GENERATED_BEGIN}\n\n${languageReference()}\n${GENERATED_END}`;
    const got = text.slice(begin, end + GENERATED_END.length);
    if (got !== want && process.env['VIPR_UPDATE_DOCS'] === '1') {
      writeFileSync(DOC, text.slice(0, begin) + want + text.slice(end + GENERATED_END.length));
      return;
    }
    expect(got).toBe(want);
  });
  it('places every verbatim rule of the grammar in a section', () => {
    expect(verbatimRuleNames().sort()).toEqual(Object.keys(VERBATIM_SECTIONS).sort());
  });
  it('lists the commands of the issue in their modes', () => {
    const m = modeCommands();
    const global = (m.get('config') ?? []).join('\n');
    for (const w of ['hostname WORD', 'fhrp version vrrp v3', 'banner {motd | login | exec} LINE', 'ipv6 {unicast-routing | route', '{no | default} line vty']) {
      expect(global).toContain(w);
    }
    expect((m.get('config-if-vrrp') ?? []).join('\n')).toContain('checksum pseudo-header');
    expect((m.get('config-subif') ?? []).join('\n')).toContain('encapsulation dot1Q <1-4094> [native]');
  });
  it('lists verbatim commands that load and render back verbatim', () => {
    const global = verbatimCommands().get('Global configuration') ?? [];
    expect(global).toContain('ntp ...');
    expect(global).toContain('snmp-server ...');
    const iface = verbatimCommands().get('Interface and subinterface') ?? [];
    expect(iface).toContain('duplex [...]');
    // One concrete line per keyword of the global list: accepted and shown as written.
    const lines = global.map((r) => r.replace(/ \[?\.\.\.\]?$/, ' x').replace(/^(boot-(start|end)-marker) x$/, '$1'));
    const r = loadConfig(lines.join('\n'));
    expect(r.diagnostics).toEqual([]);
    const out = renderConfig(r.config);
    for (const l of lines) expect(out).toContain(`\n${l}\n`);
  });
});
