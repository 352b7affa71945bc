/**
 * `show running-config [interface X]`, `show startup-config`, `write terminal` (spec §6.8): the
 * running-config is rendered from the model (src/config/render.ts); the interface form prints
 * `Building configuration...`, a blank line, `Current configuration : N bytes`, `!`, the stanza and
 * `end`; the startup-config begins `Using N out of 524288 bytes` (512K of NVRAM, as show version
 * says).
 */
import { renderConfig, showRunningConfig, type RenderOptions } from '../../config/render.js';
import type { RouterConfig } from '../../model/types.js';

export const NVRAM_BYTES = 524288;

export function renderShowRunning(config: RouterConfig, options: RenderOptions = {}): string {
  return showRunningConfig(config, options);
}

/** The interface's stanza, or undefined when the interface is not in the configuration. */
export function renderShowRunningInterface(config: RouterConfig, ifName: string): string | undefined {
  if (!config.interfaces.some((i) => i.name === ifName)) return undefined;
  const lines = renderConfig(config).split('\n');
  const start = lines.indexOf(`interface ${ifName}`);
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length && lines[end] !== '!') end++;
  const body = `!\n${lines.slice(start, end).join('\n')}\nend\n`;
  return `Building configuration...\n\nCurrent configuration : ${Buffer.byteLength(body)} bytes\n${body}`;
}

export function renderShowStartup(text: string | undefined): string {
  if (text === undefined) return 'startup-config is not present\n';
  return `Using ${Buffer.byteLength(text)} out of ${NVRAM_BYTES} bytes\n${text.endsWith('\n') ? text : `${text}\n`}`;
}
