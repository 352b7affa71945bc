#!/usr/bin/env node
/**
 * Builds native/vipr_packet.node (raw frame I/O for the Linux data plane) with the project's own
 * node-gyp (an exact devDependency, so no global tool is assumed). Run by `npm run build:native`,
 * which `prebuild` and `pretest` call: npm ≥ 11 does not run dependency install scripts, and the
 * addon is ours anyway, so it is built from our scripts rather than from an install hook.
 *
 * Offline: node-gyp downloads Node's headers unless told where they are. npm passes its `nodedir`
 * setting as npm_config_nodedir; without it, the headers installed next to the running node binary
 * (PREFIX/include/node, where the official tarballs and Debian's nodejs package put them) are used.
 *
 * Skips the build when the addon is newer than its sources (N-API is ABI-stable across Node
 * versions, so a Node upgrade does not require a rebuild); `--force` rebuilds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const output = join(here, 'build', 'Release', 'vipr_packet.node');
const sources = ['vipr_packet.c', 'binding.gyp', 'build.mjs'].map((f) => join(here, f));

if (process.platform !== 'linux') {
  // AF_PACKET and rtnetlink are Linux's; elsewhere vipr runs only its simulator and tools.
  console.log('build:native: not Linux, the raw frame addon is skipped');
  process.exit(0);
}

const newest = Math.max(...sources.map((f) => statSync(f).mtimeMs));
if (!process.argv.includes('--force') && existsSync(output) && statSync(output).mtimeMs >= newest) {
  process.exit(0);
}

function nodeDir() {
  const configured = process.env.npm_config_nodedir;
  if (configured) return configured;
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

const gyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
const dir = nodeDir();
const args = [gyp, 'rebuild', '--directory', here, '--loglevel', 'warn', ...(dir === undefined ? [] : ['--nodedir', dir])];
const run = spawnSync(process.execPath, args, { stdio: 'inherit' });
if (run.status !== 0) {
  console.error(`build:native: node-gyp failed (exit ${run.status ?? run.signal}); needs a C compiler, make and python3`);
  process.exit(1);
}
