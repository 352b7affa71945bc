/**
 * The facts `show version` prints about vipr and its machine: vipr's version from its own
 * package.json (found upward from this module, so it works from src/ under tsx and from dist/),
 * memory and architecture from the OS, a board ID derived from the host name.
 */
import { readFileSync } from 'node:fs';
import { arch, hostname, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SystemInfo } from './cli-router.js';

let cachedVersion: string | undefined;

export function viprVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'vipr' && typeof pkg.version === 'string') return (cachedVersion = pkg.version);
    } catch {
      // not here: look one level up
    }
    dir = dirname(dir);
  }
  return (cachedVersion = 'unknown');
}

export function defaultSystemInfo(bootedAtMs: number): SystemInfo {
  let h = 0;
  for (const ch of hostname()) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return {
    viprVersion: viprVersion(),
    bootedAtMs,
    memoryKb: Math.floor(totalmem() / 1024),
    arch: arch(),
    serial: `VIPR${h.toString(16).toUpperCase().padStart(8, '0')}`,
  };
}
