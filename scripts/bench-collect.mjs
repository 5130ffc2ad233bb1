#!/usr/bin/env node
// Measures `access-audit collect domino` against the local test server (the one the collect
// tests use) serving a generated native bundle: wall time, requests, peak RSS of the
// collector, and its RSS sampled as the pages arrive (flat = memory does not grow with
// pages). Run after `npm run build`:
//
//   node scripts/bench-collect.mjs [--users 10000] [--events 5000000] [--bundle /tmp/col-10k]
//                                  [--server-page 1000] [--keep]
//
// The bundle is generated (native shape) when the folder does not hold one yet.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../test/fixtures/collect/server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? dflt : process.argv[i + 1];
};
const users = Number(arg('users', '10000'));
const events = Number(arg('events', '5000000'));
const bundle = path.resolve(arg('bundle', `/tmp/col-${users / 1000}k`));
const serverPage = Number(arg('server-page', '1000'));
const keep = process.argv.includes('--keep');

if (!existsSync(path.join(bundle, 'users-with-usage.json'))) {
  console.error(`generating ${users} users, ${events} events into ${bundle} …`);
  const g = spawnSync(process.execPath, [path.join(ROOT, 'dist/generate/main.js'), '--users', String(users), '--events', String(events), '--shape', 'native', '--out', bundle, '-q'], { stdio: 'inherit' });
  if (g.status !== 0) process.exit(g.status ?? 1);
}
const inputBytes = readdirSync(bundle).reduce((n, f) => n + statSync(path.join(bundle, f)).size, 0);

const key = 'bench-key-' + Math.random().toString(36).slice(2);
const server = await startServer({
  domino: {
    dir: bundle,
    apiKey: key,
    caps: { users: serverPage, projects: serverPage, runs: serverPage, events: serverPage, keycloak: serverPage },
    keycloak: { realm: 'DominoRealm', clientId: 'bench', clientSecret: 'bench-secret', tokenUses: 500 },
  },
  maxRequests: 10_000_000,
  stopAfterMs: 3_600_000,
});
const outParent = mkdtempSync(path.join(tmpdir(), 'aa-bench-collect-'));
const out = path.join(outParent, 'bundle');
const started = Date.now();
const child = spawn(
  process.execPath,
  [path.join(ROOT, 'bin/access-audit.js'), 'collect', 'domino', '--url', server.url, '--keycloak-url', `${server.url}/auth`, '--realm', 'DominoRealm', '--out', out, '--as-of', '2026-09-30', '--quiet'],
  { env: { ...process.env, DOMINO_API_KEY: key, KEYCLOAK_CLIENT_ID: 'bench', KEYCLOAK_CLIENT_SECRET: 'bench-secret' }, stdio: ['ignore', 'inherit', 'inherit'] },
);

// RSS of the collector, sampled against the requests served so far.
const samples = [];
let peakKb = 0;
let childCpu = 0;
const serverCpu0 = process.cpuUsage();
const status = () => {
  try {
    const s = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rss = Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0);
    peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0));
    samples.push({ t: Date.now() - started, requests: server.requests.length, rssMb: rss / 1024 });
    // utime + stime, clock ticks (100 a second on Linux)
    const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    childCpu = (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    /* exited */
  }
};
const timer = setInterval(status, 250);
const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c)));
clearInterval(timer);
const secs = (Date.now() - started) / 1000;
await server.close();

if (code !== 0) {
  console.error(`collect exited ${code}`);
  process.exit(1);
}
const collection = JSON.parse(readFileSync(path.join(out, 'collection.json'), 'utf8'));
const records = collection.files.reduce((n, f) => n + f.records, 0);
const pages = collection.files.reduce((n, f) => n + f.pages, 0);
const bytes = collection.files.reduce((n, f) => n + f.bytes, 0);
const mb = (b) => (b / 1024 / 1024).toFixed(0);
console.log(`collect domino: ${users} users, ${events} events generated (${mb(inputBytes)} MB native bundle), server pages of ${serverPage}`);
console.log(`  ${secs.toFixed(1)} s wall, ${server.requests.length} requests, ${pages} pages, ${records} records, ${mb(bytes)} MB written`);
console.log(`  peak RSS of the collector: ${(peakKb / 1024).toFixed(0)} MB (VmHWM)`);
const sc = process.cpuUsage(serverCpu0);
console.log(`  CPU: collector ${childCpu.toFixed(1)} s, test server ${((sc.user + sc.system) / 1e6).toFixed(1)} s (of ${secs.toFixed(1)} s wall)`);
console.log('  RSS as the pages arrive (requests served → RSS):');
const pick = [0.1, 0.25, 0.5, 0.75, 0.95].map((q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]).filter(Boolean);
for (const s of pick) console.log(`    ${String(s.requests).padStart(7)} requests at ${(s.t / 1000).toFixed(1).padStart(6)} s → ${s.rssMb.toFixed(0)} MB`);
for (const f of collection.files) console.log(`    ${f.file.padEnd(24)} ${String(f.pages).padStart(6)} pages ${String(f.records).padStart(9)} records ${mb(f.bytes).padStart(6)} MB`);
if (!keep) rmSync(outParent, { recursive: true, force: true });
else console.log(`  kept in ${out}`);
