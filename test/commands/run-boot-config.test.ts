/**
 * `vipr run --saved FILE` for real, in a network namespace: the startup-config on first boot, the
 * `write memory` file afterwards (ecosystem §2, the container image's /config/startup-config and
 * /config/saved-config); and a bad interface map is reported without stopping the router (a lab
 * must never lose its gateway over a configuration error).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { NetnsLab } from '../support/netns.js';
import { startVipr, stopVipr, viprCli, waitForLine, type ViprProcess } from '../support/vipr-process.js';

/** Several commands in one `vipr cli` session (`-c … -c …`), as the container test types them. */
async function cliSession(socket: string, commands: readonly string[]): Promise<string> {
  const chunks: Buffer[] = [];
  const stdout = new PassThrough();
  stdout.on('data', (b: Buffer) => chunks.push(b));
  const code = await main(['cli', '--socket', socket, ...commands.flatMap((c) => ['-c', c])], { stdout, stderr: stdout });
  const text = Buffer.concat(chunks).toString('utf8');
  if (code !== 0) throw new Error(`vipr cli exited ${code}: ${text}`);
  return text;
}

/** The CLI socket answers once the daemon has loaded its configuration. */
async function cliWhenUp(r: ViprProcess, command: string, timeoutMs = 20_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    try {
      return await viprCli(r.socket, command);
    } catch (e) {
      if (r.child.exitCode !== null) throw new Error(`${r.name} exited ${r.child.exitCode}:\n${r.out.join('')}`);
      if (Date.now() - started > timeoutMs) throw e;
      await new Promise((res) => setTimeout(res, 50));
    }
  }
}

describe('vipr run: startup-config on first boot, saved configuration afterwards', () => {
  const lab = new NetnsLab('boot');
  const dir = mkdtempSync(join(tmpdir(), 'vipr-boot-run-'));
  const saved = join(dir, 'nvram', 'saved-config');
  const initialText = 'hostname FIRST\n!\nend\n';
  let ns: string;
  const running: ViprProcess[] = [];
  const start = (name: string, extra: readonly string[]): ViprProcess => {
    const r = startVipr(lab, ns, dir, name, initialText, extra);
    running.push(r);
    return r;
  };

  beforeAll(() => {
    ns = lab.namespace('r');
  }, 30_000);

  afterAll(async () => {
    for (const r of running) await stopVipr(r);
    await lab.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('boots from the startup-config and writes `write memory` to the saved file only; a bad interface map is reported, not fatal', async () => {
    // Both in one start: each start of `vipr run` from the sources costs seconds.
    const r = start('R', ['--saved', saved, '--ifmap', 'Gi0/1=']);
    expect(await cliWhenUp(r, 'show running-config | include ^hostname')).toContain('hostname FIRST');
    await waitForLine(r, /%VIPR-3-IFMAP: --ifmap: .*; using the default mapping/, 5_000);
    expect(r.child.exitCode).toBeNull();
    const out = await cliSession(r.socket, ['configure terminal', 'hostname SAVED', 'end', 'write memory']);
    expect(out).not.toMatch(/%/);
    expect(out).toContain('[OK]');
    expect(readFileSync(saved, 'utf8')).toMatch(/^hostname SAVED$/m);
    expect(readFileSync(r.configFile, 'utf8')).toBe(initialText);
    await stopVipr(r);
  }, 30_000);

  it('boots from the saved file once it exists, and says so', async () => {
    const r = start('R', ['--saved', saved]);
    expect(await cliWhenUp(r, 'show running-config | include ^hostname')).toContain('hostname SAVED');
    expect(await viprCli(r.socket, 'show startup-config | include ^hostname')).toContain('hostname SAVED');
    await waitForLine(r, new RegExp(`%VIPR-5-CONFIG: using the saved configuration ${saved}`), 5_000);
    await stopVipr(r);
  }, 30_000);
});
