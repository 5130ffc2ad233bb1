// Time `decisions` over a campaign's returned packets: wall time, peak RSS, CPU (user + system)
// and the cores that makes, for the audit folder of a `run --packets`. Never asserts.
//   node scripts/bench-decisions.mjs <audit folder> [--packets <folder>] [--out <folder>] [--repeat N]
// --packets defaults to <audit folder>/packets, --out to a temporary folder (removed after).
// Run it alone on the machine (e.g. under `flock /work/bench.lock`): an overlapped timing is worthless.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const run = args[0] && !args[0].startsWith('--') ? path.resolve(args[0]) : null;
if (!run || !existsSync(path.join(run, 'manifest.json'))) {
  console.error('usage: node scripts/bench-decisions.mjs <audit folder of a run --packets> [--packets <folder>] [--out <folder>] [--repeat N]');
  process.exit(2);
}
const packets = path.resolve(opt('--packets', path.join(run, 'packets')));
const tmp = args.includes('--out') ? null : mkdtempSync(path.join(tmpdir(), 'bench-decisions-'));
const out = path.resolve(opt('--out', path.join(tmp ?? '', 'out')));
const repeat = Math.max(1, Number(opt('--repeat', '1')) || 1);
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const count = readdirSync(packets).filter((n) => /\.xlsx$/i.test(n)).length;

console.log(`decisions over ${count} packets of ${run}; ${availableParallelism()} cores, node ${process.version}`);
console.log('| run | wall s | user s | sys s | cores used | peak RSS MiB | exit |');
console.log('|---|---|---|---|---|---|---|');
try {
  for (let i = 1; i <= repeat; i++) {
    const cli = [path.join(root, 'bin/access-audit.js'), 'decisions', '--workbook', packets, '--run', run, '--out', out, '--replace'];
    const cmd = timeBin ? [timeBin, '-f', '@@ %e %U %S %M', process.execPath, ...cli] : [process.execPath, ...cli];
    const t = performance.now();
    const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
    const wall = (performance.now() - t) / 1000;
    const m = /@@ ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
    const [user, sys, rss] = m ? [Number(m[2]), Number(m[3]), Number(m[4]) / 1024] : [NaN, NaN, NaN];
    const status = r.status ?? r.signal;
    console.log(`| ${i} | ${wall.toFixed(1)} | ${user.toFixed(1)} | ${sys.toFixed(1)} | ${((user + sys) / wall).toFixed(2)} | ${rss.toFixed(0)} | ${status} |`);
    if (r.status !== 0) process.stderr.write((r.stderr ?? '').split('\n').filter((l) => !l.startsWith('@@')).slice(-5).join('\n') + '\n');
  }
} finally {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}
