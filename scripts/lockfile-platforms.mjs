// The npm registry reachable here serves only the linux-x64 builds of DuckDB's native
// bindings, so `npm install` leaves the other platforms' optional packages out of
// package-lock.json, and `npm ci` then refuses the lockfile as out of sync. This adds them
// back as optional, os/cpu-restricted entries (npm skips them on other platforms).
// Run after any `npm install` that rewrites the lockfile: node scripts/lockfile-platforms.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const bindings = lock.packages['node_modules/@duckdb/node-bindings'];
for (const [name, version] of Object.entries(bindings.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const [, os, cpu] = /node-bindings-(\w+)-(\w+)/.exec(name);
  lock.packages[key] = { version, cpu: [cpu], license: 'MIT', optional: true, os: [os] };
}
const sorted = {};
for (const k of Object.keys(lock.packages).sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1))) sorted[k] = lock.packages[k];
lock.packages = sorted;
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
