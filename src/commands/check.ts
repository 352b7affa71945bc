/**
 * `vipr check FILE [--render]`: loads a config exactly as the router would and prints each
 * diagnostic as `FILE:LINE:COLUMN: <IOS message>`, then the line and a `^` under the offending word,
 * so editors and CI can jump to it. Exit status 1 when any line was rejected (warnings do not count);
 * `--render` prints the resulting running-config.
 */
import { readFile } from 'node:fs/promises';
import type { Command, CommandIo } from './command.js';
import { loadConfig } from '../config/load.js';
import { renderConfig } from '../config/render.js';

export function formatDiagnostic(file: string, d: { line: number; column: number; message: string; text: string; severity: string }): string {
  const head = `${file}:${d.line}:${d.column}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`;
  return `${head}\n${d.text}\n${' '.repeat(Math.max(0, d.column - 1))}^\n`;
}

export const checkCommand: Command = {
  name: 'check',
  usage: 'check FILE [--render]',
  summary: 'load a config as the router would; IOS diagnostics with line numbers',
  async run(args: readonly string[], io: CommandIo): Promise<number> {
    const render = args.includes('--render');
    const files = args.filter((a) => a !== '--render');
    const file = files[0];
    if (file === undefined || files.length !== 1 || files[0]?.startsWith('-')) {
      io.stderr.write('usage: vipr check FILE [--render]\n');
      return 2;
    }
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      io.stderr.write(`vipr check: cannot read ${file}: ${(e as Error).message}\n`);
      return 2;
    }
    const { config, diagnostics } = loadConfig(text);
    for (const d of diagnostics) io.stderr.write(formatDiagnostic(file, d));
    if (render) io.stdout.write(renderConfig(config));
    return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  },
};
