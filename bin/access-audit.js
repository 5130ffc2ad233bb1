#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
import { main } from '../dist/cli.js';
process.exitCode = await main(process.argv.slice(2));
// Everything is settled once main returns; a native handle left behind (a defect) must not
// keep a scheduler's job waiting forever. Unref'd: it never delays a normal exit.
setTimeout(() => process.exit(), 5000).unref();
