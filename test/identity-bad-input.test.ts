// Refusals of the roster files (docs/spec/identity.md), through the CLI: exit 2, one line
// naming the file and line/column (or both counts), nothing written. And platform detection
// that a roster file never sways.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, csv, expectRefused, makeBundle, tempDir } from './helpers.js';
import { ROSTER_HEADER, platformFiles, scimPages, scimUser } from './fixtures/identity/helpers.js';

const domino = platformFiles('domino', [{ id: 'a', email: 'a@corp.example' }]);
const dagster = platformFiles('dagster', [{ id: 'a', email: 'a@corp.example' }]);

describe.each([['domino', domino], ['dagster', dagster]] as const)('%s bundle', (_name, files) => {
  it('refuses hr-roster.csv and scim-users.json together', () => {
    expectRefused(
      { ...files, 'hr-roster.csv': csv(ROSTER_HEADER), 'scim-users.json': scimPages([]) },
      /error: scim-users\.json: people \(the HR roster and the IdP users\) are given twice \(hr-roster\.csv and scim-users\.json\); keep one of them$/m,
    );
  });

  it('refuses two roster rows with the same e-mail after trimming and lower-casing, at the second', () => {
    expectRefused(
      { ...files, 'hr-roster.csv': csv(ROSTER_HEADER, 'ann@corp.example,active,,,,,,,,', 'bob@corp.example,active,,,,,,,,', ' Ann@Corp.Example,terminated,,,,,,,,') },
      /error: hr-roster\.csv:4:1: duplicate e-mail "ann@corp\.example"/m,
    );
  });

  it('refuses a status outside active, leave, terminated', () => {
    expectRefused({ ...files, 'hr-roster.csv': csv(ROSTER_HEADER, 'ann@corp.example,retired,,,,,,,,') },
      /error: hr-roster\.csv:2:2: cannot read "retired" in column "status" as one of active, leave, terminated$/m);
  });

  it('refuses a date that does not parse', () => {
    expectRefused({ ...files, 'hr-roster.csv': csv(ROSTER_HEADER, 'ann@corp.example,terminated,,,,,2026-02-30,,,') },
      /error: hr-roster\.csv:2:7: cannot read "2026-02-30" in column "termination_date" as a date \(YYYY-MM-DD\)$/m);
    expectRefused({ ...files, 'hr-roster.csv': csv(ROSTER_HEADER, 'ann@corp.example,active,,,,15/06/2026,,,,') },
      /error: hr-roster\.csv:2:6: cannot read "15\/06\/2026" in column "hire_date"/m);
  });

  it('refuses a roster without its required columns or with an empty e-mail', () => {
    expectRefused({ ...files, 'hr-roster.csv': csv('email,employee_id', 'ann@corp.example,1') }, /error: hr-roster\.csv:1: required column "status" is missing/m);
    expectRefused({ ...files, 'hr-roster.csv': csv(ROSTER_HEADER, ',active,,,,,,,,') }, /error: hr-roster\.csv:2:1: required value "email" is empty$/m);
  });

  it('refuses incomplete SCIM pages, naming the file and both counts', () => {
    const resources = Array.from({ length: 5 }, (_, i) => scimUser(`u${i}`));
    // the IdP said 7; only two pages of the three were saved
    expectRefused({ ...files, 'scim-users.json': scimPages(resources.slice(0, 4), 2, 7) },
      /error: scim-users\.json:\d+:\d+: incomplete: totalResults of the first page is 7, but the file holds 4 users over 2 page\(s\)/m);
    // one page saved of a longer list
    expectRefused({ ...files, 'scim-users.json': scimPages(resources.slice(0, 2), 2, 5) }, /incomplete: totalResults of the first page is 5, but the file holds 2 users/);
  });

  it('refuses SCIM resources it cannot read faithfully, at their place in the file', () => {
    const noActive = scimUser('u1');
    delete noActive.active;
    expectRefused({ ...files, 'scim-users.json': scimPages([noActive]) }, /error: scim-users\.json:\d+:\d+: not a SCIM ListResponse .* at Resources\[0\]\.active/m);
    expectRefused({ ...files, 'scim-users.json': scimPages([scimUser('u1', { active: false, lastModified: 'yesterday' })]) },
      /error: scim-users\.json:\d+:\d+: meta\.lastModified is not an ISO-8601 timestamp$/m);
    expectRefused({ ...files, 'scim-users.json': scimPages([scimUser('u1'), scimUser('u2', { emails: [{ value: 'U1@corp.example' }] })]) },
      /error: scim-users\.json:\d+:\d+: duplicate e-mail "u1@corp\.example"/m);
    expectRefused({ ...files, 'scim-users.json': '{"totalResults": 1, "Resources": [' }, /error: scim-users\.json:1:\d+: malformed JSON/m);
  });
});

describe('platform detection', () => {
  it('is not swayed by a roster file: a Dagster+ users.csv with hr-roster.csv, or scim-users.json, is still Dagster+', () => {
    for (const roster of [{ 'hr-roster.csv': csv(ROSTER_HEADER, 'a@corp.example,active,,,,,,,,') }, { 'scim-users.json': scimPages([scimUser('a')]) }] as Array<Record<string, string>>) {
      const input = makeBundle({ 'users.csv': dagster['users.csv']!, ...roster });
      const out = path.join(tempDir(), 'out');
      const r = cli(['run', '--input', input, '--out', out, '--as-of', '2026-09-30', '--quiet']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const doc = JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8'));
      expect(doc.platform).toBe('dagster');
      expect(doc.rules.find((x: { id: string }) => x.id === 'orphaned-account')).toMatchObject({ evaluated: true });
      const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
      expect(manifest.inputs.map((i: { file: string; kind: string }) => [i.file, i.kind])).toContainEqual([Object.keys(roster)[0], 'roster']);
    }
  });

  it('a roster renamed through the config is read under its new name', () => {
    const input = makeBundle({ ...domino, 'people-2026-09-30.csv': csv(ROSTER_HEADER, 'a@corp.example,terminated,,,,,2026-01-01,,,') });
    const cfg = path.join(tempDir(), 'c.yaml');
    writeFileSync(cfg, 'files: { hr-roster.csv: people-2026-09-30.csv }\n');
    const out = path.join(tempDir(), 'out');
    const r = cli(['run', '--input', input, '--out', out, '--as-of', '2026-09-30', '--quiet', '--config', cfg]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8'));
    expect(doc.findings.filter((f: { rule: string }) => f.rule === 'leaver-with-access').map((f: { evidence: { source: string } }) => f.evidence.source)).toEqual(['hr-roster.csv']);
  });
});
