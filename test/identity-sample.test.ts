// sample-data/ with its HR roster: the planted identity cases (src/generate/planted.ts,
// sample-data/README.md) are reported as listed, and the roster changes nothing the four
// core rules report.
import { cpSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PLANTED_IDENTITY, PLANTED_IDENTITY_CONTROLS } from '../src/generate/planted.js';
import type { FindingsDocument } from '../src/model.js';
import { runAudit } from '../src/run.js';
import { ROOT, tempDir } from './helpers.js';

const SAMPLE = path.join(ROOT, 'sample-data');
const CORE = ['inactive-seat', 'overprivileged-project-manager', 'mislicensed-user', 'sole-owner-risk'];

async function run(input: string): Promise<FindingsDocument> {
  const out = tempDir('aa-out-');
  await runAudit({ input, out, asOf: '2026-09-30', config: path.join(SAMPLE, 'access-audit.config.yaml'), quiet: true });
  return JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8')) as FindingsDocument;
}

describe('sample-data/ with hr-roster.csv', () => {
  let withRoster: FindingsDocument;
  let without: FindingsDocument;
  beforeAll(async () => {
    withRoster = await run(SAMPLE);
    const copy = tempDir('aa-sample-');
    cpSync(SAMPLE, copy, { recursive: true });
    rmSync(path.join(copy, 'hr-roster.csv'));
    without = await run(copy);
  }, 120_000);

  it('reports every planted identity case with its severity, and none of the look-alikes', () => {
    for (const p of PLANTED_IDENTITY) {
      const hit = withRoster.findings.filter((f) => f.rule === p.rule && f.subject.id === p.subject.id);
      expect(hit.map((f) => [f.subject.name, f.severity]), `${p.rule} ${p.subject.name}`).toEqual([[p.subject.name, p.severity]]);
    }
    for (const c of PLANTED_IDENTITY_CONTROLS) {
      expect(withRoster.findings.filter((f) => /leaver|orphan|deprovision/.test(f.rule) && f.subject.id === c.subject.id), c.subject.name).toEqual([]);
    }
    expect(withRoster.warnings.find((w) => w.kind === 'ambiguous-identity')).toMatchObject({ file: 'hr-roster.csv', count: 1 });
    expect(withRoster.rules.find((r) => r.id === 'late-deprovisioning')!.reason).toMatch(/no user has deactivated_at/);
  });

  it('changes nothing the four core rules report', () => {
    const core = (d: FindingsDocument) => ({ rules: d.rules.filter((r) => CORE.includes(r.id)), findings: d.findings.filter((f) => CORE.includes(f.rule)) });
    expect(core(withRoster)).toEqual(core(without));
    expect(core(withRoster).findings.length).toBeGreaterThan(100);
  });

  it('writes byte-identical findings.json for the same bundle', async () => {
    const again = await run(SAMPLE);
    expect(JSON.stringify(again)).toBe(JSON.stringify(withRoster));
  });

  it('its README names every planted identity case', () => {
    const readme = readFileSync(path.join(SAMPLE, 'README.md'), 'utf8');
    for (const p of [...PLANTED_IDENTITY, ...PLANTED_IDENTITY_CONTROLS]) expect(readme, p.subject.name).toContain(p.subject.name);
  });
});
