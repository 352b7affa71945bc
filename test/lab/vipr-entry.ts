/**
 * `vipr` from the TypeScript sources, for tests that run it as its own process (`node --import tsx
 * test/lab/vipr-entry.ts lab up …`): `vipr lab up` starts its routers with this same node, flags and
 * entry script, so they run the sources too and no build is needed.
 */
import { main } from '../../src/main.js';

process.exitCode = await main(process.argv.slice(2));
