// The same deployment in either bundle shape gives the same findings; runs are
// deterministic; the manifest's hashes are the files' hashes.
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../src/run.js';
import { ROOT, tempDir } from './helpers.js';

const NATIVE = path.resolve(ROOT, 'docs/spec/examples/domino-native');
const CANONICAL = path.join(ROOT, 'test/fixtures/domino-canonical');

async function run(input: string, asOf = '2026-09-30'): Promise<{ out: string; findings: string }> {
  const out = tempDir('aa-out-');
  await runAudit({ input, out, asOf, quiet: true });
  return { out, findings: readFileSync(path.join(out, 'findings.json'), 'utf8') };
}

/** What must agree between shapes: everything but which files the warnings name. */
function comparable(findingsJson: string) {
  const doc = JSON.parse(findingsJson);
  return { rules: doc.rules, findings: doc.findings, coverage: doc.coverage };
}

describe('bundle shapes', () => {
  it('native dumps and canonical CSV of the same deployment give identical findings', async () => {
    const native = await run(NATIVE);
    const canonical = await run(CANONICAL);
    expect(comparable(native.findings)).toEqual(comparable(canonical.findings));
    // and the example deployment does exercise three of the rules
    expect(JSON.parse(native.findings).findings.map((f: { rule: string }) => f.rule)).toEqual([
      'inactive-seat',
      'overprivileged-project-manager',
      'sole-owner-risk',
    ]);
  });

  it('a bundle mixing both shapes file by file gives the same findings too', async () => {
    const mixed = tempDir('aa-mixed-');
    for (const f of ['users-with-usage.json', 'service-accounts.json', 'keycloak-events.json', 'organizations.json']) {
      cpSync(path.join(NATIVE, f), path.join(mixed, f));
    }
    for (const f of ['projects.csv', 'project_members.csv', 'activity.csv']) cpSync(path.join(CANONICAL, f), path.join(mixed, f));
    const a = await run(mixed);
    const b = await run(CANONICAL);
    expect(comparable(a.findings)).toEqual(comparable(b.findings));
  });
});

describe('evidence', () => {
  it('two runs on the same bundle, as-of and config write byte-identical findings.json', async () => {
    const a = await run(NATIVE);
    const b = await run(NATIVE);
    expect(a.findings).toBe(b.findings);
  });

  it('manifest.json states the SHA-256, size and rows of every input and output file', async () => {
    const { out } = await run(NATIVE);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
    expect(manifest.inputs.map((i: { file: string }) => i.file).sort()).toEqual(readdirSync(NATIVE).filter((f) => f !== 'README.md').sort());
    for (const i of manifest.inputs) expect(i.sha256).toBe(sha(path.join(NATIVE, i.file)));
    expect(manifest.inputs.find((i: { file: string }) => i.file === 'keycloak-events.json')).toMatchObject({ rows: 4, shape: 'native', kind: 'logins' });
    for (const o of manifest.outputs) expect(o.sha256).toBe(sha(path.join(out, o.file)));
    expect(manifest.outputs.map((o: { file: string }) => o.file)).toContain('findings.json');
    expect(manifest).toMatchObject({ as_of: '2026-09-30', platform: 'domino', config: { inactive_days: 90, grace_days: 30 } });
  });
});
