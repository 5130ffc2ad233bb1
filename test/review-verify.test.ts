import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashFile } from '../src/output/hash-file.js';
import { sha256File, verifyOutDir } from '../src/output/manifest.js';
import { finding, findingsDoc, runCli, tempDir, writeAuditFolder, writeBundle, type Entitlement } from './fixtures/review/helpers.js';

const ROWS: Entitlement[] = [
  { user_id: 'u1', user_name: 'Ana', scope: 'system', scope_id: 'domino', scope_name: 'Domino', role: 'SysAdmin', reviewer: 'it-sec' },
  { user_id: 'u2', user_name: 'Bob', scope: 'project', scope_id: 'p1', scope_name: 'churn', role: 'Contributor', reviewer: 'ana' },
];

async function audit() {
  const root = await tempDir();
  const bundle = path.join(root, 'bundle');
  const out = path.join(root, 'out');
  await writeBundle(bundle, ['u1', 'u2']);
  await writeAuditFolder(out, { doc: findingsDoc('2026-09-30', [finding('inactive-seat', 'u2', 'medium')]), rows: ROWS, inputDir: bundle });
  return { root, bundle, out };
}

async function flipByte(file: string, at: number): Promise<void> {
  const buf = await readFile(file);
  buf[at] = buf[at]! ^ 0x01;
  await writeFile(file, buf);
}

describe('sha256File', () => {
  it('streams the file and agrees with a one-shot hash', async () => {
    const file = path.join(await tempDir(), 'big.bin');
    const data = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    await writeFile(file, data);
    const want = createHash('sha256').update(data).digest('hex');
    expect(await sha256File(file)).toBe(want);
    expect(await hashFile(file)).toEqual({ sha256: want, bytes: data.length });
  });
});

describe('access-audit verify', () => {
  it('exits 0 when every output and input matches', async () => {
    const { out } = await audit();
    const r = await runCli(['verify', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/verify: all 5 files match manifest\.json \(3 outputs .*, 2 inputs/);
  });

  it('exits 1 naming a flipped byte in an output and a deleted output', async () => {
    const { out } = await audit();
    await flipByte(path.join(out, 'findings.json'), 10);
    await rm(path.join(out, 'access-review.html'));
    const r = await runCli(['verify', out]);
    expect(r.code).toBe(1);
    const named = r.stdout.split('\n').filter((l) => /^(CHANGED|MISSING)/.test(l)).map((l) => l.split(/\s+/).slice(0, 3).join(' '));
    expect(named).toEqual(['CHANGED output findings.json', 'MISSING output access-review.html']);
    expect(r.stdout).toMatch(/verify: 2 of 5 files do not match manifest\.json/);
  });

  it('checks the inputs where the manifest says, or where --input says', async () => {
    const { root, bundle, out } = await audit();
    await flipByte(path.join(bundle, 'users.csv'), 0);
    let r = await runCli(['verify', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^CHANGED {2}input users\.csv/m);
    await flipByte(path.join(bundle, 'users.csv'), 0); // back as it was
    const moved = path.join(root, 'bundle-archive');
    await rename(bundle, moved);
    r = await runCli(['verify', out]);
    expect(r.code).toBe(1);
    expect(r.stdout.match(/^MISSING {2}input/gm)).toHaveLength(2);
    r = await runCli(['verify', out, '--input', moved]);
    expect(r.code).toBe(0);
  });

  it('reports the problems to callers as data', async () => {
    const { out } = await audit();
    await writeFile(path.join(out, 'access-review.xlsx'), 'not the workbook');
    const res = await verifyOutDir(out, { outputsOnly: true });
    expect(res.checked).toEqual({ outputs: 3, inputs: 0 });
    expect(res.problems.map((p) => [p.role, p.file, p.problem])).toEqual([['output', 'access-review.xlsx', 'changed']]);
  });

  it('exits 2 when there is no manifest, or it is not readable', async () => {
    const { out } = await audit();
    let r = await runCli(['verify', path.join(out, 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope: no such folder/);
    const manifest = path.join(out, 'manifest.json');
    const text = await readFile(manifest, 'utf8');
    await writeFile(manifest, text.replace('"outputs": [', '"outputs": [,'));
    r = await runCli(['verify', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/manifest\.json:\d+:\d+: manifest\.json is not valid JSON/);
    await writeFile(manifest, text.replace('"file": "findings.json"', '"file": "../../etc/passwd"'));
    r = await runCli(['verify', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/manifest\.json:\d+:\d+: manifest\.json outputs\[0\]\.file: must be a relative path/);
    await rm(manifest);
    r = await runCli(['verify', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read manifest\.json .*\(no such file\)/);
  });

  it('refuses unknown flags', async () => {
    const { out } = await audit();
    const r = await runCli(['verify', out, '--fast']);
    expect(r.code).toBe(2);
  });
});
