import { describe, expect, it } from 'vitest';
import { formatChangeAge } from '../../../src/protocols/track/change-age.js';

const s = 1000;
const h = 3600 * s;
const d = 24 * h;

describe('formatChangeAge', () => {
  it.each([
    [0, '00:00:00'],
    [291 * s, '00:04:51'],
    [291 * s + 999, '00:04:51'],
    [23 * h + 59 * 60 * s + 59 * s, '23:59:59'],
    [d, '1d00h'],
    [d + 2 * h + 59 * 60 * s, '1d02h'],
    [6 * d + 23 * h, '6d23h'],
    [7 * d, '1w0d'],
    [17 * d + 5 * h, '2w3d'],
    [365 * d + 30 * d, '1y4w'],
    [-5, '00:00:00'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatChangeAge(ms)).toBe(text);
  });
});
