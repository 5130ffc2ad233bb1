// The review campaign end to end, through the CLI (docs/spec/outputs.md, "The review
// campaign"): Q2 `run --packets` → reviewers fill their packets with openpyxl (some signed,
// one packet left undecided) → `decisions` on the folder → Q3 bundle with some revocations
// done and some not → `run --previous … --decisions …` → the revocations not carried out and
// the remediation statuses, at the top of the page and of the workbook.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, USERS_HEADER, cli, csv, makeBundle, tempDir } from './helpers.js';
import { openpyxlRequired, pythonWithOpenpyxl } from './fixtures/review/helpers.js';

const py = openpyxlRequired();
const FIX = path.join(ROOT, 'test/fixtures/campaign');

const users = (q3: boolean) =>
  csv(
    USERS_HEADER,
    'u1,ada.admin,ada@example.com,Ada Admin,active,Data Science Professional,human,2024-01-01,,,2026-06-20T00:00:00Z',
    'u2,bo.admin,bo@example.com,Bo Admin,active,Data Science Professional,human,2024-01-01,,,2026-06-20T00:00:00Z',
    'u3,carol,carol@example.com,Carol Chen,active,Data Science Professional,human,2024-01-01,,,2026-06-20T00:00:00Z',
    'u4,dave,dave@example.com,Dave Diaz,active,Data Analyst,human,2024-01-01,,,2026-06-20T00:00:00Z',
    'u5,erin,erin@example.com,Erin Eze,active,Data Analyst,human,2024-01-01,,,2026-06-20T00:00:00Z',
    `u6,frank,frank@example.com,Frank Fox,${q3 ? 'deactivated' : 'active'},Data Analyst,human,2024-01-01,${q3 ? '2026-08-01' : ''},,2026-06-20T00:00:00Z`,
  );
const bundle = (q3: boolean) =>
  makeBundle({
    'users.csv': users(q3),
    'roles.csv': csv('user_id,role', 'u1,SysAdmin', 'u2,SysAdmin', 'u3,SysAdmin', 'u4,Practitioner'),
    'projects.csv': csv('project_id,name,owner_id,visibility,archived,created_at', 'p1,Churn,u4,private,false,2025-01-01', 'p2,Pricing,u5,private,false,2025-01-01'),
    'project_members.csv': csv(
      'project_id,member_id,role',
      ...(q3 ? [] : ['p1,u5,Contributor']), // erin's removal from p1 was carried out
      'p1,u6,Contributor', // frank: deactivated in Q3 (done)
      'p1,u3,ResultsConsumer', // a Modify, still held (check)
      'p2,u4,Contributor',
    ),
    'organizations.csv': csv('organization_id,name', 'o1,Research'),
    'organization_members.csv': csv('organization_id,user_id,role', 'o1,u1,Admin', 'o1,u5,Member'),
  });

const REVOKE = ['system|system|u3|SysAdmin', 'project|p1|u5|Contributor', 'project|p1|u6|Contributor', 'organization|o1|u5|Member'];
const MODIFY = 'project|p1|u3|ResultsConsumer';

function run(args: string[]) {
  const r = cli(args);
  if (r.status !== 0) throw new Error(`${args[0]} exited ${r.status}: ${r.stderr}`);
  return r;
}

const csvRows = (file: string) => readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(','));

describe.skipIf(py.skip)('the review campaign, Q2 to Q3, through the CLI', () => {
  const root = tempDir('aa-campaign-');
  const q2 = path.join(root, 'q2');
  const q3 = path.join(root, 'q3');
  const returned = path.join(root, 'returned');
  const decided = path.join(root, 'decisions-q2');
  let index: string[][];
  let decisionsOut = '';

  beforeAll(() => {
    run(['run', '--input', bundle(false), '--out', q2, '--as-of', '2026-06-30', '--packets', '--quiet']);
    index = csvRows(path.join(q2, 'packets/index.csv'));
    // The reviewers: every packet decided and signed but two — dave's decided and not
    // signed, erin's returned untouched.
    mkdirSync(returned);
    const decisions = Object.fromEntries([...REVOKE.map((k) => [k, ['Revoke', null]]), [MODIFY, ['Modify', 'results only, no project files']]]);
    const packets = index.slice(1).map(([reviewer, , file]) => ({
      in: path.join(q2, file!),
      out: path.join(returned, path.basename(file!)),
      decide: reviewer !== 'erin',
      sign: reviewer === 'erin' || reviewer === 'dave' ? null : [`${reviewer} (signed)`, '2026-07-03'],
    }));
    execFileSync(pythonWithOpenpyxl()!, [path.join(FIX, 'fill_packets.py')], { input: JSON.stringify({ packets, decisions, default: ['Keep', 'still needed for the job'] }) });
    decisionsOut = run(['decisions', '--workbook', returned, '--run', q2, '--out', decided]).stdout;
    run(['run', '--input', bundle(true), '--out', q3, '--as-of', '2026-09-30', '--previous', path.join(q2, 'findings.json'), '--decisions', decided, '--quiet']);
  }, 240_000);

  it('Q2: a packet per reviewer, one person each, never reviewing their own access; all in the manifest', () => {
    expect(index[0]).toEqual(['reviewer', 'email', 'file', 'rows', 'privileged_rows']);
    const reviewers = index.slice(1).map((r) => r[0]!);
    for (const r of reviewers) expect(r).not.toMatch(/;|System administrators/);
    expect(reviewers).toContain('erin');
    expect(readdirSync(path.join(q2, 'packets')).sort()).toEqual([...index.slice(1).map((r) => path.basename(r[2]!)), 'index.csv'].sort());
    const manifest = JSON.parse(readFileSync(path.join(q2, 'manifest.json'), 'utf8'));
    const listed = manifest.outputs.map((o: { file: string }) => o.file);
    for (const r of index.slice(1)) expect(listed).toContain(r[2]);
    expect(listed).toContain('packets/index.csv');
    expect(cli(['verify', q2]).status).toBe(0);
    // 12 entitlements in all; the three SysAdmin rows are the privileged ones
    expect(index.slice(1).reduce((n, r) => n + Number(r[3]), 0)).toBe(12);
    expect(index.slice(1).reduce((n, r) => n + Number(r[4]), 0)).toBe(3);
  });

  it('decisions on the folder: sign-off per reviewer, the undecided packet named, the remediation list', () => {
    const status = JSON.parse(readFileSync(path.join(decided, 'review-status.json'), 'utf8'));
    const byReviewer = Object.fromEntries(status.reviewers.map((r: { reviewer: string }) => [r.reviewer, r]));
    expect(byReviewer.erin).toMatchObject({ rows: 1, decided: 0, undecided: 1, signed_off: false, signed_by: null, file: 'erin.xlsx' });
    expect(byReviewer.dave).toMatchObject({ undecided: 0, signed_off: false, signed_by: null, signed_on: null });
    for (const r of status.reviewers.filter((x: { reviewer: string }) => x.reviewer !== 'erin' && x.reviewer !== 'dave')) {
      expect(r).toMatchObject({ undecided: 0, signed_off: true, signed_by: `${r.reviewer} (signed)`, signed_on: '2026-07-03' });
    }
    expect(status.complete).toBe(false);
    expect(status.totals).toMatchObject({ rows: 12, decided: 11, undecided: 1, revoke: 4, modify: 1 });
    expect(decisionsOut).toMatch(/erin: 1 of 1 undecided/);
    expect(decisionsOut).toMatch(/review-status\.csv/);
    const rem = JSON.parse(readFileSync(path.join(decided, 'remediation.json'), 'utf8'));
    expect(rem.items.map((i: { key: string; decision: string }) => `${i.decision} ${i.key}`).sort()).toEqual([...REVOKE.map((k) => `Revoke ${k}`), `Modify ${MODIFY}`].sort());
  });

  it('Q3: revocations not carried out are findings, and the remediation array says what became of each decision', () => {
    const doc = JSON.parse(readFileSync(path.join(q3, 'findings.json'), 'utf8'));
    const rnc = doc.findings.filter((f: { rule: string }) => f.rule === 'revocation-not-carried-out');
    expect(rnc.map((f: { subject: { kind: string; id: string }; severity: string }) => [f.subject.kind, f.subject.id, f.severity])).toEqual([
      ['entitlement', 'system|system|u3|SysAdmin', 'critical'],
      ['entitlement', 'organization|o1|u5|Member', 'high'],
    ]);
    expect(rnc[0].evidence).toMatchObject({ user_name: 'carol', scope: 'system', role: 'SysAdmin', decided_as_of: '2026-06-30', comment: '' });
    expect(rnc[0].evidence.reviewer).toMatch(/^(ada|bo)\.admin$/);
    expect(doc.remediation).toEqual([
      { key: 'organization|o1|u5|Member', decision: 'Revoke', status: 'not-done' },
      { key: 'project|p1|u3|ResultsConsumer', decision: 'Modify', status: 'check' },
      { key: 'project|p1|u5|Contributor', decision: 'Revoke', status: 'done' },
      { key: 'project|p1|u6|Contributor', decision: 'Revoke', status: 'done' },
      { key: 'system|system|u3|SysAdmin', decision: 'Revoke', status: 'not-done' },
    ]);
  });

  it('Q3: the page and the workbook open with what changed, the revocations not carried out first', () => {
    const html = readFileSync(path.join(q3, 'access-review.html'), 'utf8');
    const changes = html.indexOf('<h2>Changed since last review</h2>');
    expect(changes).toBeGreaterThan(0);
    expect(changes).toBeLessThan(html.indexOf('<h2>Summary</h2>'));
    const section = html.slice(changes, html.indexOf('<section id="summary">'));
    expect(section).toContain('2 revocation(s) not carried out (of last review&#x27;s decisions: 2 done, 2 not done, 1 to check)');
    expect(section).toContain('carol · SysAdmin on Domino (system roles) (system)');
    expect(section).toContain('erin · Member on Research (organization)');
    const top = JSON.parse(execFileSync(pythonWithOpenpyxl()!, [path.join(FIX, 'read_top.py'), path.join(q3, 'access-review.xlsx'), '12'], { encoding: 'utf8' }));
    expect(top.sheet).toBe('Summary');
    const text = top.rows.map((r: string[]) => r.join(' | '));
    const at = text.findIndex((l: string) => l.startsWith('Changed since last review'));
    expect(at).toBeGreaterThan(0);
    expect(text[at + 1]).toContain('2 revocation(s) not carried out');
    expect(text[at + 2]).toMatch(/^Revocation not carried out \| Decided \| Severity/);
    expect(text[at + 3]).toMatch(/^carol · SysAdmin on Domino \(system roles\) \(system\) \| Revoke, by (ada|bo)\.admin in the review of 2026-06-30 \| critical/);
    expect(text[at + 4]).toMatch(/^erin · Member on Research \(organization\) \| Revoke, by ada\.admin in the review of 2026-06-30 \| high/);
  });

  it("last quarter's packets are refused against this quarter's audit, naming the file", () => {
    const r = cli(['decisions', '--workbook', returned, '--run', q3, '--out', path.join(root, 'wrong')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/returned\/[^ ]+\.xlsx: belongs to another audit/);
  });
});
