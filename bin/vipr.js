#!/usr/bin/env node
// The installed `vipr` executable: runs the compiled composition root (npm run build makes dist/).
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2));
