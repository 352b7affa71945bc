import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStartupStore } from '../../src/config/startup-store.js';
import { REPO_ROOT } from '../support/tshark.js';

const dir = mkdtempSync(join(tmpdir(), 'vipr-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('FileStartupStore', () => {
  it('reads nothing when there is no file, then what was written, leaving no temporary file', () => {
    const store = new FileStartupStore(join(dir, 'startup-config'));
    expect(store.read()).toBeUndefined();
    store.write('hostname R1\n');
    store.write('hostname R2\n');
    expect(store.read()).toBe('hostname R2\n');
    expect(readdirSync(dir)).toEqual(['startup-config']);
  });

  it('a process killed with SIGKILL while writing never leaves a truncated file', async () => {
    const path = join(dir, 'killed-config');
    const old = `hostname OLD\n${'!\n'.repeat(1000)}end\n`;
    writeFileSync(path, old);
    const big = `hostname NEW\n${'interface Loopback1\n description x\n!\n'.repeat(200_000)}end\n`;
    const script = `import { FileStartupStore } from ${JSON.stringify(join(REPO_ROOT, 'src/config/startup-store.ts'))};
const s = new FileStartupStore(${JSON.stringify(path)});
const big = 'hostname NEW\\n' + 'interface Loopback1\\n description x\\n!\\n'.repeat(200000) + 'end\\n';
process.stdout.write('go\\n');
for (;;) s.write(big);`;
    for (let round = 0; round < 5; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 30 + round * 37));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const text = readFileSync(path, 'utf8');
      expect(text === old || text === big, `round ${round}: ${text.length} bytes`).toBe(true);
    }
  });
});
