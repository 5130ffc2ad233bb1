// Outputs all or nothing on any file system: --out a mount point, a full disk, a read-only
// --out, two runs at once, kill -9 in mid-commit, Ctrl-C / SIGTERM, a previous audit.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, USERS_HEADER, cli, csv, makeBundle, tempDir } from './helpers.js';

const BUNDLE = {
  'users.csv': csv(USERS_HEADER, 'u1,ana,ana@x.io,Ana,active,Data Analyst,human,2024-01-01,,,', 'u2,bo,bo@x.io,Bo,active,Data Analyst,human,2024-01-01,,,'),
  'logins.csv': csv('user_id,timestamp', 'u1,2026-09-01T00:00:00Z'),
};
const NODE = process.execPath;
const BIN = path.join(ROOT, 'bin/access-audit.js');

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(NODE, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}
const asOf = (out: string): string => (JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8')) as { as_of: string }).as_of;
const internals = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('.access-audit'));

function oneLineRefusal(r: { status: number | null; stderr: string }, re: RegExp): void {
  expect(r.stderr).toMatch(re);
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('a previous audit folder', () => {
  it('is never overwritten without --replace, and is replaced whole with it', () => {
    const input = makeBundle(BUNDLE);
    const out = path.join(tempDir(), 'audit');
    expect(run(['run', '--input', input, '--out', out, '--as-of', '2026-06-30', '-q']).status).toBe(0);
    const before = readFileSync(path.join(out, 'manifest.json'), 'utf8');
    const r = run(['run', '--input', input, '--out', out, '--as-of', '2026-09-30']);
    oneLineRefusal(r, /--out .*audit already holds the outputs of an earlier run \(manifest\.json, findings\.json.*pass --replace/);
    expect(readFileSync(path.join(out, 'manifest.json'), 'utf8')).toBe(before);
    expect(internals(out)).toEqual([]);
    expect(run(['run', '--input', input, '--out', out, '--as-of', '2026-09-30', '--replace', '-q']).status).toBe(0);
    expect(asOf(out)).toBe('2026-09-30');
    expect(internals(out)).toEqual([]);
    const v = run(['verify', out, '--input', input]);
    expect(v.stdout).toMatch(/as of 2026-09-30/);
    expect(v.status).toBe(0);
  });

  it('--replace is in --help', () => {
    expect(cli(['run', '--help']).stdout).toMatch(/--replace\s+overwrite --out when it already holds an audit/);
  });

  it('npm start can be run twice', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
    expect(pkg.scripts.start).toMatch(/--replace/);
  });
});

describe('two runs into one --out', () => {
  it('the second is refused while the first holds the lock; a lock left by a dead run is taken over', () => {
    const input = makeBundle(BUNDLE);
    const out = path.join(tempDir(), 'audit');
    mkdirSync(out);
    // A live process (this test) holds the lock.
    writeFileSync(path.join(out, '.access-audit.lock'), JSON.stringify({ pid: process.pid, host: hostname(), started: '2026-09-30T00:00:00Z' }));
    const r = run(['run', '--input', input, '--out', out, '--as-of', '2026-09-30']);
    oneLineRefusal(r, new RegExp(`being written by another access-audit run \\(pid ${process.pid} on`));
    expect(readdirSync(out)).toEqual(['.access-audit.lock']);
    // A run that was killed: its pid is gone.
    const dead = spawnSync(NODE, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(path.join(out, '.access-audit.lock'), JSON.stringify({ pid: Number(dead), host: hostname(), started: '2026-09-30T00:00:00Z' }));
    expect(run(['run', '--input', input, '--out', out, '--as-of', '2026-09-30', '-q']).status).toBe(0);
    expect(internals(out)).toEqual([]);
  });
});

describe('kill -9 in mid-commit', () => {
  it.each([
    ['after the first file is moved in', '1'],
    ['after the second file is moved in', '2'],
  ])('%s: the folder holds the new audit, and verify says so', (_, k) => {
    const input = makeBundle(BUNDLE);
    const out = path.join(tempDir(), 'audit');
    expect(run(['run', '--input', input, '--out', out, '--as-of', '2026-06-30', '-q']).status).toBe(0);
    const r = run(['run', '--input', input, '--out', out, '--as-of', '2026-09-30', '--replace', '-q'], { ACCESS_AUDIT_TEST_KILL_IN_COMMIT: k });
    expect(r.signal).toBe('SIGKILL');
    // Half-moved: the commit record says what the folder is becoming.
    expect(readdirSync(out)).toContain('.access-audit-commit.json');
    const v = run(['verify', out, '--input', input]);
    expect(v.stdout).toMatch(/finished the commit of an interrupted run/);
    expect(v.stdout).toMatch(/holds the audit of domino as of 2026-09-30/);
    expect(v.stdout).toMatch(/verify: all \d+ files match/);
    expect(v.status).toBe(0);
    expect(asOf(out)).toBe('2026-09-30');
    expect(internals(out)).toEqual([]);
  });

  it('before the commit record is written: the folder holds the old audit, and the next run clears the leftovers', () => {
    const input = makeBundle(BUNDLE);
    const out = path.join(tempDir(), 'audit');
    expect(run(['run', '--input', input, '--out', out, '--as-of', '2026-06-30', '-q']).status).toBe(0);
    const r = run(['run', '--input', input, '--out', out, '--as-of', '2026-09-30', '--replace', '-q'], { ACCESS_AUDIT_TEST_KILL_IN_COMMIT: '0' });
    expect(r.signal).toBe('SIGKILL');
    const v = run(['verify', out, '--input', input]);
    expect(v.stdout).toMatch(/holds the audit of domino as of 2026-06-30/);
    expect(v.status).toBe(0);
    expect(asOf(out)).toBe('2026-06-30');
    expect(run(['run', '--input', input, '--out', out, '--as-of', '2026-09-30', '--replace', '-q']).status).toBe(0);
    expect(internals(out)).toEqual([]);
  });
});

describe('SIGTERM or Ctrl-C during a run', () => {
  it.each([['SIGTERM', 143], ['SIGINT', 130]] as const)('%s removes the staging folder, the lock and DuckDB spill folder; --out stays as it was', async (signal, status) => {
    const tmp = tempDir('aa-sig-tmp-');
    const input = tempDir('aa-sig-bundle-');
    cpSync(path.join(ROOT, 'sample-data'), input, { recursive: true });
    const out = path.join(tempDir(), 'audit');
    const child = spawn(NODE, [BIN, 'run', '--input', input, '--out', out, '--as-of', '2026-09-30', '-q'], { env: { ...process.env, TMPDIR: tmp } });
    const spilled = () => readdirSync(tmp).some((f) => f.startsWith('access-audit-spill-'));
    for (let i = 0; i < 2000 && !spilled(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(spilled()).toBe(true);
    child.kill(signal);
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(status);
    expect(readdirSync(tmp).filter((f) => f.startsWith('access-audit'))).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });
});

describe('inputs', () => {
  it('a file appended to while the run reads it is refused, not vouched for in a state never audited', async () => {
    const input = tempDir('aa-grow-');
    cpSync(path.join(ROOT, 'sample-data'), input, { recursive: true });
    const out = path.join(tempDir(), 'audit');
    const log = path.join(input, 'activity.csv');
    const child = spawn(NODE, [BIN, 'run', '--input', input, '--out', out, '--as-of', '2026-09-30', '-q']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    let n = 0;
    // Complete lines, appended in one write each: the file stays a valid CSV throughout.
    const timer = setInterval(() => appendFileSync(log, `${readFileSync(log, 'utf8').split('\n')[1]}\n`) ?? n++, 10);
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    clearInterval(timer);
    expect(stderr).toMatch(/activity\.csv: (changed size from \d+ to \d+ bytes|was modified) while the audit read it; nothing was written/);
    expect(code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

// --out on another file system (a Docker volume, an NFS share), a full disk, a read-only --out.
const mounts: string[] = [];
function mountTmpfs(options: string): string | null {
  if (process.getuid?.() !== 0) return null;
  const dir = tempDir('aa-mnt-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  if (r.status !== 0) return null;
  mounts.push(dir);
  return dir;
}
afterAll(() => {
  for (const m of mounts) spawnSync('umount', [m]);
});
const canMount = (() => {
  const m = process.getuid?.() === 0 ? mountTmpfs('size=64k') : null;
  return m !== null;
})();

describe.skipIf(!canMount)('--out on another file system (needs root to mount a tmpfs)', () => {
  it('writes into a mount point, and replaces the audit there', () => {
    const mnt = mountTmpfs('size=16m')!;
    const input = makeBundle(BUNDLE);
    expect(run(['run', '--input', input, '--out', mnt, '--as-of', '2026-06-30', '-q']).stderr).toBe('');
    const r = run(['run', '--input', input, '--out', mnt, '--as-of', '2026-09-30', '--replace', '-q']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(asOf(mnt)).toBe('2026-09-30');
    expect(readdirSync(mnt).sort()).toEqual(['access-review.html', 'access-review.xlsx', 'findings.json', 'manifest.json']);
  });

  it('a full disk is exit 2, one line, and the previous audit stays as it was', () => {
    const mnt = mountTmpfs('size=96k')!;
    writeFileSync(path.join(mnt, 'findings.json'), 'previous');
    const input = tempDir('aa-big-');
    cpSync(path.join(ROOT, 'sample-data'), input, { recursive: true });
    const r = run(['run', '--input', input, '--out', mnt, '--as-of', '2026-09-30', '--replace', '-q']);
    oneLineRefusal(r, /cannot write the outputs: the disk is full \(ENOSPC\); nothing was written/);
    expect(readdirSync(mnt)).toEqual(['findings.json']);
    expect(readFileSync(path.join(mnt, 'findings.json'), 'utf8')).toBe('previous');
  });

  it('a read-only --out is exit 2, one line', () => {
    const mnt = mountTmpfs('ro,size=64k')!;
    const r = run(['run', '--input', makeBundle(BUNDLE), '--out', mnt, '--as-of', '2026-09-30']);
    oneLineRefusal(r, /--out .*: .*read-only.*\(EROFS\)/);
    const sub = run(['run', '--input', makeBundle(BUNDLE), '--out', path.join(mnt, 'new'), '--as-of', '2026-09-30']);
    oneLineRefusal(sub, /--out .*new: .*read-only.*\(EROFS\)/);
  });
});

it('--out "" is refused, not the current folder', () => {
  const cwd = tempDir();
  const r = spawnSync(NODE, [BIN, 'run', '--input', makeBundle(BUNDLE), '--out', '', '--as-of', '2026-09-30'], { cwd, encoding: 'utf8' });
  oneLineRefusal({ status: r.status, stderr: r.stderr }, /--out is empty/);
  expect(readdirSync(cwd)).toEqual([]);
  rmSync(cwd, { recursive: true });
});

describe('a previous decisions folder', () => {
  it('is never overwritten without --replace', () => {
    const root = tempDir();
    const out = path.join(root, 'audit');
    expect(run(['run', '--input', makeBundle({ ...BUNDLE, 'roles.csv': csv('user_id,role', 'u1,SysAdmin') }), '--out', out, '--as-of', '2026-09-30', '-q']).status).toBe(0);
    const args = ['decisions', '--workbook', path.join(out, 'access-review.xlsx'), '--run', out, '--out', path.join(root, 'decided')];
    expect(run(args).status).toBe(0);
    const before = readFileSync(path.join(root, 'decided', 'manifest.json'), 'utf8');
    oneLineRefusal(run(args), /--out .*decided already holds the outputs of an earlier run \(manifest\.json, remediation\.json, review-status\.json\).*pass --replace/);
    expect(readFileSync(path.join(root, 'decided', 'manifest.json'), 'utf8')).toBe(before);
    expect(run([...args, '--replace']).status).toBe(0);
    expect(internals(path.join(root, 'decided'))).toEqual([]);
  });
});
