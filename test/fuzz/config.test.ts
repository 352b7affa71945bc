/**
 * Short fuzz run of the configuration loader; the 1,000,000-input form is `npx tsx bench/fuzz.ts
 * 1000000 config-load`. Properties: test/fuzz/targets/config.ts.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { assertTarget } from './support/assert.js';
import { configLines } from './support/inputs.js';
import { configTarget, placementTarget } from './targets/config.js';

describe('fuzz: the configuration loader', () => {
  it('the real configurations the mutations start from load cleanly', () => {
    const lines = configLines();
    expect(lines.length).toBeGreaterThan(100);
    expect(loadConfig(lines.join('\n')).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a global command means the same after an interface stanza as before it: 300 pairs', () => assertTarget(placementTarget, 300));

  it('never throws, reports bad lines IOS-style, render → load → render is a fixed point: 600 configurations', () => assertTarget(configTarget, 600));
});
