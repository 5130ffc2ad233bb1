// The real Domino Audit Trail export (test/fixtures/real-exports, copied from the team spec, 7,959 events, 118
// event names) is read as it is: users matched by name in any case, events mapped to
// activity kinds, names nobody defines warned about, never dropped silently.
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../src/run.js';
import { ROOT, USERS_HEADER, csv, makeBundle, ofRule, tempDir } from './helpers.js';

const REAL = path.resolve(ROOT, 'test/fixtures/real-exports/domino-audit-trail-sample.csv');

describe('the real audit-trail export', () => {
  it('is read whole and drives last-seen and license needs', async () => {
    const u = (name: string, license: string) => `${name},${name.toUpperCase()},,,active,${license},human,2024-01-01,,,`;
    const input = makeBundle({
      // ross is matched in another case; jim is on a Lite license but launches jobs.
      'users.csv': csv(USERS_HEADER, u('ross_domino', 'Data Science Professional'), u('jim_domino', ''), u('agnes_domino', 'Data Analyst')),
    });
    cpSync(REAL, path.join(input, 'audit-trail.csv'));
    const out = tempDir('aa-out-');
    await runAudit({ input, out, asOf: '2026-02-28', quiet: true });
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.inputs).toContainEqual(expect.objectContaining({ file: 'audit-trail.csv', shape: 'native', kind: 'activity', rows: 7959 }));
    const doc = JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8'));
    // Everyone listed was active in the window: nobody is an inactive seat.
    expect(ofRule(doc, 'inactive-seat')).toEqual([]);
    const jim = ofRule(doc, 'mislicensed-user').find((f) => f.subject.id === 'jim_domino');
    expect(jim?.evidence).toMatchObject({ direction: 'under', license_tier: 0 });
    // the other user names of the export match nobody: a warning with examples, not an error
    const dangling = doc.warnings.find((w: { kind: string; file: string }) => w.kind === 'dangling-reference' && w.file === 'audit-trail.csv');
    expect(dangling.count).toBe(7959 - 5945 - 717 - 407);
    expect(dangling.examples).toContain('unknown user etan_domino');
  });
});
