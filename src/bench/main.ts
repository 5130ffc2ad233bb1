// npm run bench: the audit at several sizes against the cost of merely reading the same
// files, measured in the same run on the same machine. Prints a table; never asserts.
//   npm run bench -- [--sizes 1.5k,10k,100k] [--data .bench] [--repeat 3] [--chromium] [--config <audit config>] [--packets]
// With --repeat N the floor and the audit each run N times, alternating, and the median
// run of each is reported (shared machines drift by tens of percent within minutes).
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';

interface Size {
  label: string;
  users: number;
  events: number;
}
const SIZES: Record<string, Size> = {
  '1.5k': { label: '1,500 users / 150k events', users: 1_500, events: 150_000 },
  '1k': { label: '1k users / 500k events', users: 1_000, events: 500_000 },
  '10k': { label: '10k users / 5M events', users: 10_000, events: 5_000_000 },
  '100k': { label: '100k users / 50M events', users: 100_000, events: 50_000_000 },
};

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const sizes = arg('--sizes', '1.5k,1k,10k,100k').split(',').map((s) => {
  const size = SIZES[s.trim()];
  if (!size) throw new Error(`unknown size ${s}; one of ${Object.keys(SIZES).join(', ')}`);
  return size;
});
const dataRoot = path.resolve(arg('--data', path.join(PACKAGE_ROOT, '.bench')));
const withChromium = args.includes('--chromium');
const repeat = Math.max(1, Number(arg('--repeat', '1')) || 1);
const auditConfig = args.includes('--config') ? ['--config', path.resolve(arg('--config', ''))] : [];
// --packets: time `run --packets` (one workbook per reviewer) instead of a plain run.
const auditExtra = args.includes('--packets') ? ['--packets'] : [];
const node = process.execPath;

function bundleFor(size: Size): { dir: string; generateSeconds: number | null } {
  const dir = path.join(dataRoot, `bundle-${size.users}-${size.events}`);
  // A bundle cached before the generator wrote an HR roster is generated again.
  if (existsSync(path.join(dir, 'users.csv')) && existsSync(path.join(dir, 'hr-roster.csv'))) return { dir, generateSeconds: null };
  mkdirSync(dir, { recursive: true });
  const t = performance.now();
  execFileSync(node, [path.join(PACKAGE_ROOT, 'dist/generate/main.js'), '--users', String(size.users), '--events', String(size.events), '--out', dir, '--seed', '1'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { dir, generateSeconds: (performance.now() - t) / 1000 };
}

const bytesOf = (dir: string) => readdirSync(dir).reduce((n, f) => n + statSync(path.join(dir, f)).size, 0);

/** Read every file once (streamed: files pass 2 GiB) so the floor and the audit both start from a warm page cache. */
async function warm(dir: string): Promise<void> {
  for (const f of readdirSync(dir)) for await (const _ of createReadStream(path.join(dir, f), { highWaterMark: 1 << 22 }));
}

function floor(dir: string): { seconds: number; max_rss_mib: number } {
  const out = execFileSync(node, [path.join(PACKAGE_ROOT, 'dist/bench/floor.js'), dir], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

interface AuditTimes {
  wall: number;
  phases: Record<string, number>;
  max_rss_mib: number;
  page_mib: number;
  workbook_mib: number;
}

function audit(dir: string): AuditTimes {
  const out = path.join(dataRoot, 'out');
  rmSync(out, { recursive: true, force: true });
  const timings = path.join(dataRoot, 'timings.json');
  const t = performance.now();
  const r = spawnSync(node, [path.join(PACKAGE_ROOT, 'bin/access-audit.js'), 'run', '--input', dir, '--out', out, '--as-of', '2026-09-30', '--quiet', ...auditConfig, ...auditExtra], {
    env: { ...process.env, ACCESS_AUDIT_TIMINGS: timings },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const wall = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`audit exited ${r.status}`);
  const tm = JSON.parse(readFileSync(timings, 'utf8'));
  return {
    wall,
    phases: tm.phases,
    max_rss_mib: tm.max_rss_mib,
    page_mib: statSync(path.join(out, 'access-review.html')).size / 2 ** 20,
    workbook_mib: statSync(path.join(out, 'access-review.xlsx')).size / 2 ** 20,
  };
}

async function pageOpenSeconds(file: string): Promise<number | null> {
  if (!withChromium || !existsSync('/usr/bin/chromium')) return null;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage();
    const t = performance.now();
    await page.goto('file://' + file, { waitUntil: 'load' });
    return (performance.now() - t) / 1000;
  } finally {
    await browser.close();
  }
}

/** The middle run by `key` (the lower middle for an even count). */
function median<T>(runs: T[], key: (t: T) => number): T {
  return [...runs].sort((x, y) => key(x) - key(y))[Math.floor((runs.length - 1) / 2)]!;
}

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const ratio = (x: number, base: number) => `${f2(x / base)}×`;

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; median of ${repeat} run(s) each`);
console.log('');
console.log('| bundle | CSV MiB | floor s | ingest | rules | findings | workbook ‖ page (side by side) | total (wall, incl. start-up) | total ÷ floor | peak RSS MiB (floor / audit) | page MiB | page opens in |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const size of sizes) {
  const { dir, generateSeconds } = bundleFor(size);
  await warm(dir);
  const floors: Array<{ seconds: number; max_rss_mib: number }> = [];
  const audits: AuditTimes[] = [];
  for (let i = 0; i < repeat; i++) {
    floors.push(floor(dir));
    audits.push(audit(dir));
  }
  const base = median(floors, (f) => f.seconds);
  const a = median(audits, (x) => x.wall);
  const p = a.phases;
  const open = await pageOpenSeconds(path.join(dataRoot, 'out', 'access-review.html'));
  const cell = (x: number | undefined) => (x === undefined ? '–' : `${f1(x)} s (${ratio(x, base.seconds)})`);
  console.log(
    `| ${size.label} | ${f1(bytesOf(dir) / 2 ** 20)} | ${f2(base.seconds)} | ${cell(p.ingest)} | ${cell(p.rules)} | ${cell(p.findings)} | ${cell(p.workbook)} ‖ ${cell(p.page)} | ${f2(a.wall)} s | ${ratio(a.wall, base.seconds)} | ${base.max_rss_mib} / ${a.max_rss_mib} | ${f2(a.page_mib)} | ${open === null ? '–' : f2(open) + ' s'} |`,
  );
  if (generateSeconds !== null) console.error(`  (generated ${size.label} in ${f1(generateSeconds)} s)`);
}
