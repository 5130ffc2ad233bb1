// The command as a new user meets it: --help with required flags and examples, --previous
// given an audit folder, and the launcher working from any folder and through a symlink
// (what `npm link` and `npm install -g .` install).
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FindingsDocument } from '../src/model.js';
import { ROOT, USERS_HEADER, cli, csv, makeBundle, tempDir } from './helpers.js';

const bundle = () =>
  makeBundle({
    'users.csv': csv(USERS_HEADER, 'u1,ann,ann@example.com,Ann,active,Data Analyst,human,2024-01-01,,,'),
    'logins.csv': csv('user_id,timestamp', 'u1,2026-01-01T00:00:00Z'),
  });
const read = (dir: string): FindingsDocument => JSON.parse(readFileSync(path.join(dir, 'findings.json'), 'utf8'));

describe('--help', () => {
  it('marks the required flags and shows an example of every command', () => {
    const run = cli(['run', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/--input <dir> +\(required\)/);
    expect(run.stdout).toMatch(/--out <dir> +\(required\)/);
    expect(run.stdout).not.toMatch(/--as-of <date> +\(required\)/);
    expect(run.stdout).toMatch(/Examples:\n {2}\$ access-audit run --input /);
    const decisions = cli(['decisions', '--help']);
    for (const flag of ['--workbook <file-or-folder>', '--run <dir>', '--out <dir>']) expect(decisions.stdout).toMatch(new RegExp(`${flag} +\\(required\\)`));
    expect(decisions.stdout).toMatch(/Example:\n {2}\$ access-audit decisions --workbook /);
    expect(cli(['verify', '--help']).stdout).toMatch(/Examples:\n {2}\$ access-audit verify /);
    expect(cli(['--help']).stdout).toMatch(/Examples:\n {2}\$ access-audit run [^\n]*\n {2}\$ access-audit decisions [^\n]*\n {2}\$ access-audit verify /);
  });
  it('names a missing required flag', () => {
    const r = cli(['run', '--input', bundle()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/required option '--out <dir>' not specified/);
  });
});

describe('--previous', () => {
  it('takes the audit folder of the last review as well as its findings.json', () => {
    const input = bundle();
    const q2 = path.join(tempDir(), 'q2');
    expect(cli(['run', '--input', input, '--out', q2, '--as-of', '2026-06-30']).status).toBe(0);
    const byFolder = path.join(tempDir(), 'q3');
    const byFile = path.join(tempDir(), 'q3');
    expect(cli(['run', '--input', input, '--out', byFolder, '--as-of', '2026-09-30', '--previous', q2]).status).toBe(0);
    expect(cli(['run', '--input', input, '--out', byFile, '--as-of', '2026-09-30', '--previous', path.join(q2, 'findings.json')]).status).toBe(0);
    const doc = read(byFolder);
    expect(doc.findings.length).toBeGreaterThan(0);
    expect(doc.findings.every((f) => f.change === 'persisting' && f.first_seen === '2026-06-30')).toBe(true);
    expect(readFileSync(path.join(byFolder, 'findings.json'), 'utf8')).toBe(readFileSync(path.join(byFile, 'findings.json'), 'utf8'));
  });
  it('refuses a folder without a findings.json, naming it', () => {
    const empty = tempDir('aa-empty-');
    const out = path.join(tempDir(), 'out');
    const r = cli(['run', '--input', bundle(), '--out', out, '--as-of', '2026-09-30', '--previous', empty]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${empty}: --previous is a folder without a findings.json`);
  });
});

describe('the installed command', () => {
  it('runs from any folder, and through a symlink as npm link and npm install -g . make it', () => {
    const elsewhere = tempDir('aa-cwd-');
    const link = path.join(tempDir('aa-bin-'), 'access-audit');
    symlinkSync(path.join(ROOT, 'bin/access-audit.js'), link);
    const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    const v = spawnSync(process.execPath, [link, '--version'], { cwd: elsewhere, encoding: 'utf8' });
    expect(v.stdout.trim()).toBe(version);
    const out = path.join(elsewhere, 'out');
    const r = spawnSync(process.execPath, [link, 'run', '--input', path.join(ROOT, 'sample-data'), '--out', 'out', '--as-of', '2026-09-30', '--quiet'], {
      cwd: elsewhere,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(read(out).findings.length).toBeGreaterThan(0); // the rules' SQL and templates found from the package, not the cwd
  });
});
