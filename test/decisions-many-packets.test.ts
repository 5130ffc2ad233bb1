// `decisions` over a campaign with more packets than the threshold for reading them on
// worker threads (src/review/returned-pool.ts), through the CLI: every packet is read and
// accounted for, a filled packet's decisions are taken, and a broken packet among many is
// refused as it would be on its own — exit 2, one line naming the file, nothing written.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, truncateSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateBundle } from '../src/generate/generate.js';
import { cli, tempDir } from './helpers.js';
import { openpyxlRequired, pythonWithOpenpyxl } from './fixtures/review/helpers.js';

const py = openpyxlRequired();
const root = tempDir('aa-many-packets-');
const audit = path.join(root, 'audit');
const packets = path.join(audit, 'packets');
let names: string[] = [];

/** A copy of the packets folder (the audit folder stays as written). */
function returnedCopy(name: string): string {
  const dir = path.join(root, name);
  mkdirSync(dir);
  for (const n of names) copyFileSync(path.join(packets, n), path.join(dir, n));
  return dir;
}

beforeAll(async () => {
  const bundle = path.join(root, 'bundle');
  await generateBundle({ users: 300, events: 5_000, out: bundle, seed: 1, threads: 1 });
  const r = cli(['run', '--input', bundle, '--out', audit, '--as-of', '2026-09-30', '--packets', '--quiet']);
  if (r.status !== 0) throw new Error(`run --packets exited ${r.status}: ${r.stderr}`);
  names = readdirSync(packets).filter((n) => n.endsWith('.xlsx')).sort();
}, 120_000);

describe('decisions over many packets', () => {
  it('reads every packet: each reviewer is reported with their own file, every row of the audit counted', () => {
    expect(names.length).toBeGreaterThan(50);
    const out = path.join(root, 'out-all');
    const r = cli(['decisions', '--workbook', packets, '--run', audit, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const status = JSON.parse(readFileSync(path.join(out, 'review-status.json'), 'utf8'));
    expect(status.files.map((f: { file: string }) => f.file)).toEqual(names);
    const index = readFileSync(path.join(packets, 'index.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
    const fileOf = Object.fromEntries(status.reviewers.map((x: { reviewer: string; file: string }) => [x.reviewer, x.file]));
    for (const [reviewer, , file] of index) expect(fileOf[reviewer!]).toBe(path.basename(file!));
    const auditRows = index.reduce((n, row) => n + Number(row[3]), 0);
    expect(status.totals.rows).toBe(auditRows);
    expect(status.totals.undecided).toBe(auditRows);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.inputs).toHaveLength(names.length);
    // Each packet's digest is that of its bytes (taken from the one read of it).
    expect(cli(['verify', out]).status).toBe(0);
  });

  it.skipIf(py.skip)("takes the decisions of a filled packet in the middle of the folder, naming the packet's cell", () => {
    const dir = returnedCopy('filled');
    const middle = names[Math.floor(names.length / 2)]!;
    const file = path.join(dir, middle);
    execFileSync(pythonWithOpenpyxl()!, ['-c', [
      'import sys, openpyxl',
      'wb = openpyxl.load_workbook(sys.argv[1]); ws = wb["Review"]',
      'h = {str(c.value).strip(): c.column for c in ws[1] if c.value is not None}',
      'ws.cell(row=2, column=h["Decision"]).value = " revoke "',
      'wb.save(sys.argv[1])',
    ].join('\n'), file]);
    const out = path.join(root, 'out-filled');
    const r = cli(['decisions', '--workbook', dir, '--run', audit, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const rem = JSON.parse(readFileSync(path.join(out, 'remediation.json'), 'utf8'));
    expect(rem.items).toHaveLength(1);
    expect(rem.items[0].decision).toBe('Revoke');
    expect(rem.items[0].decision_cell).toMatch(new RegExp(`^${middle.replace(/\./g, '\\.')}: Review![A-Z]+2$`));
  });

  it('refuses a damaged packet among many as on its own: exit 2, one line naming it, nothing written', () => {
    const dir = returnedCopy('damaged');
    const victim = names[names.length - 3]!;
    const file = path.join(dir, victim);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const out = path.join(root, 'out-damaged');
    const r = cli(['decisions', '--workbook', dir, '--run', audit, '--out', out]);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(victim);
    expect(lines[0]).toMatch(/not a complete \.xlsx workbook|cannot be read/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a file that is no workbook at all among many, naming it', () => {
    const dir = returnedCopy('garbage');
    const victim = names[5]!;
    execFileSync('sh', ['-c', `printf 'not a workbook' > "${path.join(dir, victim)}"`]);
    const r = cli(['decisions', '--workbook', dir, '--run', audit, '--out', path.join(root, 'out-garbage')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${victim}: is not an .xlsx workbook`);
  });
});


