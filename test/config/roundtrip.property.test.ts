/**
 * D1: load(render(model)) equals the model, for random models. Models are built the way users build
 * them – random sequences of commands from every part of the language, including `no`/`default`
 * forms – so each command's rendering is checked against its parsing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { renderConfig } from '../../src/config/render.js';
import { globalCommands, stanza } from './generators.js';

describe('load(render(model)) equals the model', () => {
  it('holds for random models built from every command', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(globalCommands, stanza), { maxLength: 12 }), (blocks) => {
        const text = ['fhrp version vrrp v3', ...blocks].join('\n');
        const model = loadConfig(text, { salt: () => 'abcdefghijklmn' }).config;
        const rendered = renderConfig(model);
        const again = loadConfig(rendered);
        expect(again.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(again.config).toEqual(model);
        expect(renderConfig(again.config)).toBe(rendered);
      }),
      { numRuns: 300 },
    );
  });
});
