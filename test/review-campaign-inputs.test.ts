// The campaign's refusals and names, through the CLI: exceptions that can never match,
// packets' file names, and the justification rules of `decisions`.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeFileBase } from '../src/report/packets.js';
import { ROOT, USERS_HEADER, cli, csv, expectRefused, makeBundle, tempDir } from './helpers.js';
import { openpyxlRequired, pythonWithOpenpyxl } from './fixtures/review/helpers.js';

const FILES = {
  'users.csv': csv(
    USERS_HEADER,
    'u1,ada.admin,ada@example.com,Ada Admin,active,Data Science Professional,human,2024-01-01,,,2026-09-20T00:00:00Z',
    'u2,bob,bob@example.com,Bob Idle,active,Data Science Professional,human,2024-01-01,,,2026-01-20T00:00:00Z',
    'u3,CON,con@example.com,Con Reserved,active,Data Analyst,human,2024-01-01,,,2026-09-20T00:00:00Z',
    'u4,Con,con2@example.com,Con Two,active,Data Analyst,human,2024-01-01,,,2026-09-20T00:00:00Z',
  ),
  'roles.csv': csv('user_id,role', 'u1,SysAdmin', 'u2,ProjectManager'), // bob: a dormant privileged account (high)
  'projects.csv': csv('project_id,name,owner_id,visibility,archived,created_at', 'p1,A,u3,private,false,2025-01-01', 'p2,B,u4,private,false,2025-01-01'),
  'project_members.csv': csv('project_id,member_id,role', 'p1,u2,Contributor', 'p2,u2,Contributor'),
};

describe('exceptions that can never match are refused, not silently stale', () => {
  it('a misspelt rule id: exit 2 at its line and column, with the closest id', () => {
    const ex = makeBundle({ 'exceptions.yaml': 'exceptions:\n  - rule: inactive-seats\n    subject: u2\n    reason: on leave\n    approved_by: CISO\n    expires: "2027-01-31"\n' });
    expectRefused(FILES, /exceptions\.yaml:2:11: rule "inactive-seats" is not a rule of this audit .*did you mean "inactive-seat"\?/, ['--exceptions', path.join(ex, 'exceptions.yaml')]);
  });
  it("a user's name where the subject id belongs: exit 2 at the subject, naming the id", () => {
    const ex = makeBundle({ 'exceptions.yaml': 'exceptions:\n  - rule: inactive-seat\n    subject: bob\n    reason: on leave\n    approved_by: CISO\n    expires: "2027-01-31"\n' });
    expectRefused(FILES, /exceptions\.yaml:3:14: subject "bob" matches no finding of inactive-seat but is a user's name; .*write subject: "u2"/, ['--exceptions', path.join(ex, 'exceptions.yaml')]);
  });
  it('--decisions without a remediation.json is refused, naming it', () => {
    const d = tempDir();
    expectRefused(FILES, /remediation\.json/, ['--decisions', d]);
  });
});

describe('packet file names', () => {
  it('are safe on every filesystem', () => {
    expect(['ana@example.com', '../../etc/passwd', 'José Núñez', 'CON', 'a/b\\c:d*e?f"g<h>i|j', '', '...'].map(safeFileBase)).toEqual(
      ['ana@example.com', 'etc_passwd', 'Jose_Nunez', 'CON_', 'a_b_c_d_e_f_g_h_i_j', 'reviewer', 'reviewer'].map((x) => x),
    );
  });
});

describe.skipIf(openpyxlRequired().skip)('run --packets and decisions', () => {
  const root = tempDir('aa-campaign-in-');
  const out = path.join(root, 'audit');
  it('names collide case-insensitively and get -2; every packet and the index are in the manifest', () => {
    const r = cli(['run', '--input', makeBundle(FILES), '--out', out, '--as-of', '2026-09-30', '--packets', '-q']);
    expect(r.stderr).toBe('');
    const files = readdirSync(path.join(out, 'packets')).sort();
    expect(files).toEqual(['CON_.xlsx', 'Con_-2.xlsx', 'ada.admin.xlsx', 'index.csv', 'unassigned.xlsx'].sort());
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    for (const f of files) expect(manifest.outputs.map((o: { file: string }) => o.file)).toContain(`packets/${f}`);
    expect(cli(['verify', out]).status).toBe(0);
  });

  it('a Modify without a Comment, and a Keep on a row with a high finding without one, are refused naming the cell', () => {
    const py = pythonWithOpenpyxl()!;
    const returned = path.join(root, 'returned');
    const fill = (decision: string) =>
      execFileSync(py, [path.join(ROOT, 'test/fixtures/campaign/fill_packets.py')], {
        input: JSON.stringify({
          packets: [{ in: path.join(out, 'packets/CON_.xlsx'), out: path.join(returned, 'CON_.xlsx'), decide: true, sign: null }],
          decisions: {},
          default: [decision, null],
        }),
      });
    execFileSync('mkdir', ['-p', returned]);
    fill('Modify');
    let r = cli(['decisions', '--workbook', returned, '--run', out, '--out', path.join(root, 'd1')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/returned\/CON_\.xlsx: Review!G2: a Modify needs a Comment/);
    fill('Keep'); // bob's row on p1: a high inactive-seat finding
    r = cli(['decisions', '--workbook', returned, '--run', out, '--out', path.join(root, 'd2')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Review!G2: a Keep on a row with a critical or high finding needs a Comment/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
