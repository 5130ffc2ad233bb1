// Two quarters of the review loop through the real CLI: audit Q2 with exceptions, a
// reviewer fills in the workbook with openpyxl (not exceljs), `decisions`, audit Q3 with
// --previous and --exceptions, `verify` against a flipped byte. Exact sets asserted.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FindingsDocument } from '../src/model.js';
import { fillWorkbook, openpyxlRequired } from './fixtures/review/helpers.js';
import { USERS_HEADER, cli, csv, makeBundle, tempDir, withoutReport } from './helpers.js';

const py = openpyxlRequired();
const user = (id: string, status: string, license: string) => `${id},${id},${id}@example.com,${id},${status},${license},human,2024-01-01,,,`;

/** The same deployment at the end of Q2 and of Q3. */
function bundle(quarter: 'q2' | 'q3') {
  const q3 = quarter === 'q3';
  return makeBundle({
    'users.csv': csv(
      USERS_HEADER,
      user('alice', 'active', 'Data Science Professional'),
      user('bob', q3 ? 'deactivated' : 'active', 'Data Analyst'), // Q2: idle seat; Q3: revoked → resolved
      user('carol', 'active', 'Data Analyst'), // GPU work on an Analyst license: under-licensed both quarters
      user('dave', 'deactivated', ''), // owns p-old alone
      user('pm', 'active', 'Data Analyst'),
      ...(q3 ? [user('erin', 'active', 'Data Analyst')] : []), // joins in Q2, never logs in: new idle seat in Q3
    ),
    'roles.csv': csv('user_id,role', 'alice,SysAdmin', 'pm,ProjectManager'),
    'logins.csv': csv(
      'user_id,timestamp',
      'alice,2026-06-20T00:00:00Z', 'alice,2026-09-20T00:00:00Z',
      'bob,2026-01-01T00:00:00Z',
      'pm,2026-06-20T00:00:00Z', 'pm,2026-09-20T00:00:00Z',
    ),
    'activity.csv': csv(
      'user_id,timestamp,activity',
      'carol,2026-06-10T00:00:00Z,gpu_workload', 'carol,2026-09-10T00:00:00Z,gpu_workload',
      'alice,2026-06-11T00:00:00Z,model_api_publish', 'alice,2026-09-11T00:00:00Z,model_api_publish',
      'pm,2026-06-12T00:00:00Z,job', 'pm,2026-09-12T00:00:00Z,job',
    ),
    'organizations.csv': csv('organization_id,name', 'o1,Research'),
    'organization_members.csv': csv('organization_id,user_id,role', 'o1,pm,Member', 'o1,alice,Admin'),
    'projects.csv': csv('project_id,name,owner_id', 'p-a,Alpha,alice', 'p-old,Legacy,dave'),
    // Q3: the reviewers asked for a second owner of p-old → sole-owner risk resolved.
    'project_members.csv': csv('project_id,member_id,role', 'p-a,carol,Contributor', ...(q3 ? ['p-old,alice,Owner'] : [])),
  });
}

const read = (dir: string): FindingsDocument => JSON.parse(readFileSync(path.join(dir, 'findings.json'), 'utf8'));
const ids = (xs: Array<{ id: string }>) => xs.map((x) => x.id).sort();

describe.skipIf(py.skip)('two quarters through access-audit run, decisions and verify', () => {
  it('carries findings, exceptions and decisions from Q2 to Q3 and proves the evidence', () => {
    const root = tempDir('aa-2q-');
    const exceptions = path.join(root, 'exceptions.yaml');
    writeFileSync(
      exceptions,
      [
        'exceptions:',
        '  - { rule: overprivileged-project-manager, subject: pm, reason: Portfolio oversight for Research, approved_by: CISO, expires: 2026-12-31 }',
        '  - { rule: mislicensed-user, subject: carol, reason: GPU pilot ends in August, approved_by: Finance, expires: 2026-08-31 }',
        '  - { rule: inactive-seat, subject: zoe, reason: Left the company, approved_by: HR, expires: 2026-12-31 }',
      ].join('\n') + '\n',
    );

    // ---- Q2 ----
    const q2 = path.join(root, 'q2');
    const r2 = cli(['run', '--input', bundle('q2'), '--out', q2, '--as-of', '2026-06-30', '--exceptions', exceptions, '--fail-on', 'high']);
    expect(withoutReport(r2.stderr)).toBe('');
    expect(r2.status).toBe(1); // dave's project is an open high finding
    const d2 = read(q2);
    expect(ids(d2.findings)).toEqual([
      'inactive-seat:bob',
      'mislicensed-user:carol',
      'overprivileged-project-manager:pm',
      'sole-owner-risk:p-old',
    ]);
    expect(d2.findings.filter((f) => f.status === 'excepted').map((f) => f.id)).toEqual(['mislicensed-user:carol', 'overprivileged-project-manager:pm']);
    expect(d2.stale_exceptions?.map((e) => e.subject)).toEqual(['zoe']);

    // ---- the reviewers, in a real spreadsheet writer that is not exceljs ----
    const returned = path.join(root, 'returned.xlsx');
    fillWorkbook(path.join(q2, 'access-review.xlsx'), returned, [
      { op: 'decide', key: 'system|system|pm|ProjectManager', decision: 'Revoke', comment: 'oversight via reports instead' },
      { op: 'decide', key: 'system|system|alice|SysAdmin', decision: 'Keep' },
      { op: 'decide', key: 'organization|o1|alice|Admin', decision: 'Modify', comment: 'Member, not Admin' },
    ]);
    const dec = path.join(root, 'decisions');
    const rd = cli(['decisions', '--workbook', returned, '--run', q2, '--out', dec]);
    expect(rd.stderr).toBe('');
    expect(rd.status).toBe(0);
    const remediation = JSON.parse(readFileSync(path.join(dec, 'remediation.json'), 'utf8'));
    const items = (remediation.items ?? remediation.remediation ?? remediation) as Array<Record<string, string>>;
    expect(items.map((i) => `${i.decision} ${i.user_id} ${i.scope} ${i.role}`).sort()).toEqual([
      'Modify alice organization Admin',
      'Revoke pm system ProjectManager',
    ]);
    expect(readFileSync(path.join(dec, 'remediation.csv'), 'utf8')).toMatch(/Member, not Admin/);

    // ---- Q3 ----
    const q3 = path.join(root, 'q3');
    const r3 = cli(['run', '--input', bundle('q3'), '--out', q3, '--as-of', '2026-09-30', '--exceptions', exceptions, '--previous', path.join(q2, 'findings.json'), '--fail-on', 'high']);
    expect(withoutReport(r3.stderr)).toBe('');
    expect(r3.status).toBe(1); // carol's exception expired: her high finding is open again
    const d3 = read(q3);
    const byId = Object.fromEntries(d3.findings.map((f) => [f.id, f]));
    expect(Object.keys(byId).sort()).toEqual(['inactive-seat:erin', 'mislicensed-user:carol', 'overprivileged-project-manager:pm']);
    expect(byId['inactive-seat:erin']).toMatchObject({ change: 'new', first_seen: '2026-09-30', status: 'open' });
    expect(byId['mislicensed-user:carol']).toMatchObject({ change: 'persisting', first_seen: '2026-06-30', status: 'open', exception_expired: true });
    expect(byId['overprivileged-project-manager:pm']).toMatchObject({ change: 'persisting', first_seen: '2026-06-30', status: 'excepted' });
    expect(ids(d3.resolved ?? [])).toEqual(['inactive-seat:bob', 'sole-owner-risk:p-old']);

    // ---- the auditor ----
    expect(cli(['verify', q3]).status).toBe(0);
    const html = path.join(q3, 'access-review.html');
    const bytes = readFileSync(html);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 1;
    writeFileSync(html, bytes);
    const rv = cli(['verify', q3]);
    expect(rv.status).toBe(1);
    expect(rv.stdout + rv.stderr).toMatch(/access-review\.html/);
    expect(rv.stdout + rv.stderr).not.toMatch(/findings\.json/);
  });
});
