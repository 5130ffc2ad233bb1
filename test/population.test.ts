// Issue 11: a complete, dated, accounted-for population. Every refusal goes through the
// CLI (exit 2, one line naming the file and the counts, nothing written); what the run
// reports about its population is read back from findings.json and manifest.json.
// Record shapes cite their source: the public Domino v4 OpenAPI description (swagger.json
// in ddl-matthew-tendler/audit_traceability_app), schema names as given there.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { FindingsDocument } from '../src/model.js';
import type { Population } from '../src/ingest/population.js';
import { USERS_HEADER, cli, csv, expectRefused, makeBundle, tempDir, withoutReport } from './helpers.js';
import { AUDIT as DAGSTER_AUDIT, USERS as DAGSTER_USERS } from './fixtures/dagster/helpers.js';

/** domino.admin.usermanagement.api.AdminUserManagementUserWithUsage, every required field. */
function userWithUsage(id: string | null, username: string, extra: { created?: number; idpId?: string; usageUserId?: string | null; roles?: string[] } = {}) {
  const idp = extra.idpId ?? `idp-${username}`;
  return {
    user: {
      id, idpId: idp, firstName: username, lastName: 'X', fullName: `${username} X`, username, email: `${username}@ex.com`,
      roles: extra.roles ?? ['Practitioner'], isActive: true, isDominoEmployee: false, isSSO: true,
      licenseName: 'Data Science Professional', createdAtTimestampMs: extra.created ?? 1704067200000,
      metadata: { isManagableByViewer: true },
    },
    usage: {
      userId: extra.usageUserId === undefined ? id : extra.usageUserId, practitionerWorkloadsTotal: 0, runsTotal: 0, runsRecent: 0,
      projectsTotal: 0, projectsRecent: 0, licenseType: 'Data Science Professional', mostRecentActivity: '2026-09-01T10:00:00Z',
    },
  };
}
/** domino.admin.usermanagement.api.UsersWithUsageResponse: {users, metadata: UsersWithUsageMetadata}. */
const usersPage = (users: unknown[], totalCount: number, offset = 0) => ({
  users,
  metadata: { offset, limit: 200, totalCount, allowedActions: {} },
});

function runCli(files: Record<string, string | Buffer>, extra: string[] = []) {
  const input = makeBundle(files);
  const out = path.join(tempDir(), 'out');
  const r = cli(['run', '--input', input, '--out', out, '--as-of', '2026-09-30', ...extra]);
  const read = <T>(f: string): T => JSON.parse(readFileSync(path.join(out, f), 'utf8')) as T;
  return { ...r, out, doc: () => read<FindingsDocument>('findings.json'), population: () => read<{ population: Population }>('manifest.json').population };
}

describe('pages must be whole', () => {
  it('refuses users-with-usage whose metadata.totalCount exceeds the users it holds, naming both counts', () => {
    const page1 = usersPage([userWithUsage('u1', 'ana'), userWithUsage('u2', 'ben')], 3);
    expectRefused({ 'users-with-usage.json': JSON.stringify(page1) }, /error: users-with-usage\.json: incomplete export: metadata\.totalCount says 3 users, the file holds 2/);
  });

  it('accepts every page of users-with-usage, and the population says the total was checked', () => {
    const pages = [usersPage([userWithUsage('u1', 'ana'), userWithUsage('u2', 'ben')], 3), usersPage([userWithUsage('u3', 'cy')], 3, 2)];
    const r = runCli({ 'users-with-usage.json': JSON.stringify(pages) });
    expect(withoutReport(r.stderr)).toBe('');
    expect(r.status).toBe(0);
    const f = r.population().files.find((x) => x.file === 'users-with-usage.json')!;
    expect(f).toMatchObject({ records: 3, stated_total: 3, checked: true });
  });

  it('refuses project pages (PaginatedProjectSummaryResults) whose totalMatches exceeds the projects read', () => {
    const users = csv(USERS_HEADER, 'u1,ana,,,active,,,,,,');
    // domino.projects.api.PaginatedProjectSummaryResults {page: [ProjectSummary], totalMatches}
    const page = { page: [{ id: 'p1', name: 'churn', ownerId: 'u1', ownerUsername: 'ana', collaborators: [], visibility: 'Private', created: '2024-03-01T09:00:00Z' }], totalMatches: 40 };
    expectRefused({ 'users.csv': users, 'projects.json': JSON.stringify(page) }, /error: projects\.json: incomplete export: totalMatches says 40 projects, the file holds 1/);
  });

  it('refuses a runs.json whose last getByBatchId page still carries nextBatchId, at that line', () => {
    const users = csv(USERS_HEADER, 'u1,ana,,,active,,,,,,');
    const run = { runId: 'r1', runType: 'Batch', userId: 'u1', userName: 'ana', projectId: 'p1', hardwareTier: 'small', startTime: '2025-01-02T00:00:00Z' };
    const pages = [{ runs: [run], nextBatchId: 'b2' }, { runs: [{ ...run, runId: 'r2' }], nextBatchId: 'b3' }];
    expectRefused(
      { 'users.csv': users, 'runs.json': JSON.stringify(pages, null, 1) },
      /error: runs\.json:\d+:\d+: incomplete export: the last page still has nextBatchId "b3" \(2 runs read in 2 page\(s\)\)/,
    );
  });

  it('says what it could not check where the API states no total (Keycloak pages of exactly max)', () => {
    const users = csv(USERS_HEADER, 'u1,ana,,,active,,,,,idp-1,');
    // Keycloak EventRepresentation {time, type, userId, details}; 100 = Keycloak's default max
    const events = Array.from({ length: 100 }, (_, i) => ({ time: 1758000000000 + i * 1000, type: 'LOGIN', userId: 'idp-1', realmId: 'domino', details: { username: 'ana' } }));
    const r = runCli({ 'users.csv': users, 'keycloak-events.json': JSON.stringify(events) });
    expect(r.status).toBe(0);
    const f = r.population().files.find((x) => x.file === 'keycloak-events.json')!;
    expect(f.checked).toBe(false);
    expect(f.stated_total).toBeNull();
    expect(f.how).toMatch(/states no total.*last page holds 100 records, exactly a page size, so there may be more/);
    expect(f.first_event).toBe('2025-09-16T05:20:00.000Z');
    expect(f.last_event).toBe('2025-09-16T05:21:39.000Z');
  });
});

describe('an empty users file', () => {
  it('is refused, canonical or native: an audit of nobody is not a clean audit', () => {
    expectRefused({ 'users.csv': USERS_HEADER + '\n' }, /error: users\.csv: the users file lists no users/);
    expectRefused({ 'users-with-usage.json': JSON.stringify(usersPage([], 0)) }, /error: users-with-usage\.json: the users file lists no users/);
  });
});

describe('every file in the bundle is accounted for', () => {
  const users = csv(USERS_HEADER, 'u1,ana,,,active,Data Science Professional,,2024-01-01,,idp-1,');

  it('warns unread-file for a misspelt name, with the likely intended one', () => {
    const r = runCli({
      'users.csv': users,
      'keycloak_events.json': '[]',
      'Activity.CSV': 'user_id,timestamp,activity\n',
      'rolls.csv': 'user_id,role\n',
      'notes-from-bob.xlsx': 'x',
    });
    expect(r.status).toBe(0);
    const unread = r.doc().warnings.filter((w) => w.kind === 'unread-file');
    expect(unread.map((w) => [w.file, w.examples])).toEqual([
      ['Activity.CSV', ['activity.csv']],
      ['keycloak_events.json', ['keycloak-events.json']],
      ['notes-from-bob.xlsx', []],
      ['rolls.csv', ['roles.csv']],
    ]);
    expect(unread[0]!.message).toMatch(/Activity\.CSV is in the bundle but was not read: .*did you mean activity\.csv\?/);
    expect(r.population().unread_files.map((u) => u.file)).toEqual(['Activity.CSV', 'keycloak_events.json', 'notes-from-bob.xlsx', 'rolls.csv']);
    // what was read is listed as read, not as unread
    expect(r.population().files.map((f) => f.file)).toEqual(['users.csv']);
  });

  it('refuses a bundle holding both platforms\' files without --platform, naming them; with it the other platform\'s files are unread', () => {
    const files = { 'users.csv': users, 'grants.csv': 'principal_type,principal_id,scope,role\n', 'roles.csv': 'user_id,role\n' };
    expectRefused(files, /more than one platform \(domino, dagster\): pass --platform \(Domino: roles\.csv, users\.csv; Dagster\+: grants\.csv, users\.csv\)/);
    const r = runCli(files, ['--platform', 'domino']);
    expect(r.status).toBe(0);
    const w = r.doc().warnings.find((x) => x.kind === 'unread-file')!;
    expect(w.file).toBe('grants.csv');
    expect(w.message).toMatch(/a Dagster\+ file: this run reads the bundle as Domino/);
  });

  it('warns for a Dagster+ bundle too, and for a folder', () => {
    const r = runCli({ 'users.json': JSON.stringify({ data: { usersOrError: { __typename: 'DagsterCloudUsersWithScopedPermissionGrants', users: [
      { id: 1, user: { userId: 1, email: 'a@ex.com', name: 'A', isScimProvisioned: false }, organizationPermissionGrant: { grant: 'VIEWER' }, deploymentPermissionGrants: [] },
    ] } } }), 'audit_log.json': '[]', 'old/users.csv': 'x\n' });
    expect(withoutReport(r.stderr)).toBe('');
    const unread = r.doc().warnings.filter((x) => x.kind === 'unread-file');
    expect(unread.map((u) => [u.file, u.examples])).toEqual([['audit_log.json', ['audit-log.json']], ['old/', []]]);
  });
});

describe('the population is dated', () => {
  // created 2026-10-05: after the evaluation instant of --as-of 2026-09-30
  const users = csv(
    USERS_HEADER,
    'u1,ana,,,active,Data Science Professional,,2024-01-01,,,2026-09-20',
    'u2,late.lee,,,active,Data Science Professional,,2026-10-05T08:00:00Z,,,',
    'u3,old.olga,,,active,Data Science Professional,,2023-01-01,,,2025-01-01',
  );
  const roles = csv('user_id,role', 'u2,ProjectManager', 'u3,Practitioner');
  const projects = csv('project_id,name,owner_id', 'p1,late-project,u2', 'p2,old-project,u3');

  it('keeps a user created after the evaluation instant out of findings, Review rows and seats, and counts them', () => {
    const r = runCli({ 'users.csv': users, 'roles.csv': roles, 'projects.csv': projects });
    expect(withoutReport(r.stderr)).toBe('');
    const doc = r.doc();
    // u3 is inactive and sole owner of p2; u2 (never seen, created later) is nobody's subject
    expect(doc.findings.map((f) => `${f.rule} ${f.subject.id}`)).toEqual(['inactive-seat u3', 'sole-owner-risk p2']);
    // u2 is read as exported where other records name them: their project is not dangling
    expect(doc.warnings.filter((w) => w.kind === 'dangling-reference')).toEqual([]);
    const outside = doc.warnings.find((w) => w.kind === 'outside-review')!;
    expect(outside.count).toBe(1);
    expect(outside.examples).toEqual(['late.lee (created 2026-10-05T08:00:00.000Z)']);
    expect(r.population().outside_review).toEqual({ users: 1, examples: ['late.lee (created 2026-10-05T08:00:00.000Z)'] });
    return checkWorkbook(r.out);
  });

  async function checkWorkbook(out: string) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, 'access-review.xlsx'));
    const review = wb.getWorksheet('Review')!;
    const userIdColumn = (review.getRow(1).values as unknown[]).indexOf('User ID');
    const reviewUsers = new Set<string>();
    review.eachRow((row, n) => { if (n > 1) reviewUsers.add(String(row.getCell(userIdColumn).value)); });
    expect([...reviewUsers].sort()).toEqual(['u3']); // u3's Practitioner role and project; nothing of u2
    const rows = wb.getWorksheet('Licenses')!.getRows(1, 40)!;
    const header = (rows.find((row) => row.getCell(1).value === 'License')!.values as unknown[]).map(String);
    const total = rows.find((row) => row.getCell(1).value === 'Total')!;
    expect(total.getCell(header.indexOf('In use')).value).toBe(2); // ana and olga, not late.lee
  }

  it('a user created on the as-of date itself is inside the review', () => {
    const r = runCli({ 'users.csv': csv(USERS_HEADER, 'u1,ana,,,active,Data Science Professional,,2026-09-30T23:59:59Z,,,') });
    expect(r.population().outside_review.users).toBe(0);
  });
});

describe('the population section', () => {
  it('is in the Evidence sheet, on the page and in manifest.json: per file read against stated, unread files, users outside', async () => {
    const pages = [usersPage([userWithUsage('u1', 'ana'), userWithUsage('u2', 'ben', { created: Date.parse('2026-10-02T00:00:00Z') })], 2)];
    const r = runCli({ 'users-with-usage.json': JSON.stringify(pages), 'Activity.CSV': 'x\n' });
    expect(withoutReport(r.stderr)).toBe('');
    const m = JSON.parse(readFileSync(path.join(r.out, 'manifest.json'), 'utf8'));
    expect(Object.keys(m)).toEqual(['schema_version', 'tool', 'platform', 'as_of', 'input_dir', 'config', 'inputs', 'population', 'outputs']);
    expect(m.population).toEqual({
      files: [{
        file: 'users-with-usage.json', kind: 'users', shape: 'native', records: 2, stated_total: 2, checked: true,
        how: '2 users read, metadata.totalCount 2', first_event: null, last_event: null, collected: null,
      }],
      unread_files: [{ file: 'Activity.CSV', likely: 'activity.csv', why: 'not a file name the tool reads; did you mean activity.csv?' }],
      outside_review: { users: 1, examples: ['ben (created 2026-10-02T00:00:00.000Z)'] },
      notes: [],
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(r.out, 'access-review.xlsx'));
    const cells: string[][] = [];
    wb.getWorksheet('Evidence')!.eachRow((row) => cells.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    const at = cells.findIndex((c) => c[0]?.startsWith('Population'));
    expect(at).toBeGreaterThan(0);
    expect(cells[at + 2]!.slice(0, 5)).toEqual(['users-with-usage.json', 'users', 'yes', '2', '2']);
    expect(cells.some((c) => c[0] === 'Activity.CSV' && c[1] === 'activity.csv')).toBe(true);
    expect(cells.some((c) => c[0] === 'Users outside the review: 1')).toBe(true);
    const html = readFileSync(path.join(r.out, 'access-review.html'), 'utf8');
    expect(html).toContain('<h3 id="population">Population</h3>');
    expect(html).toMatch(/<td>users-with-usage\.json<\/td><td>users<\/td><td class="num">2<\/td><td class="num">2<\/td><td>yes<\/td><td>2 users read, metadata\.totalCount 2<\/td>/);
    expect(html).toContain('<td>Activity.CSV</td><td>activity.csv</td>');
    expect(html).toContain('1 user(s) created after the evaluation instant are outside this review');
  });

  it('escapes hostile file names on the page and neutralises them in the workbook', async () => {
    const r = runCli({ 'users.csv': csv(USERS_HEADER, 'u1,ana,,,active,,,,,,'), '=HYPERLINK("x")<b>.csv': 'x\n' });
    expect(r.status).toBe(0);
    const html = readFileSync(path.join(r.out, 'access-review.html'), 'utf8');
    expect(html).not.toContain('<b>.csv');
    expect(html).toContain('&#x3D;HYPERLINK(&quot;x&quot;)&lt;b&gt;.csv'); // handlebars escapes = too
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(r.out, 'access-review.xlsx'));
    let found = false;
    wb.getWorksheet('Evidence')!.eachRow((row) => {
      const v = row.getCell(1).value;
      if (typeof v === 'string' && v.includes('HYPERLINK')) {
        found = true;
        expect(v.startsWith('=')).toBe(false);
      }
    });
    expect(found).toBe(true);
  });
});

describe('the population is dated on Dagster+ too', () => {
  it('a user created after the evaluation instant is nobody\'s inactive seat and is counted outside the review', () => {
    const users = csv(DAGSTER_USERS, '1,old@ex.com,Old,human,,2024-01-01', '2,late@ex.com,Late,human,,2026-10-03T00:00:00Z');
    const r = runCli({ 'users.csv': users, 'audit_log.csv': csv(DAGSTER_AUDIT, '2026-01-01T00:00:00Z,LOG_IN,old@ex.com,') }, ['--platform', 'dagster']);
    expect(withoutReport(r.stderr)).toBe('');
    expect(r.doc().findings.filter((f) => f.rule === 'inactive-seat').map((f) => f.subject.id)).toEqual(['1']);
    expect(r.population().outside_review).toEqual({ users: 1, examples: ['Late (created 2026-10-03T00:00:00.000Z)'] });
  });
});

describe('names from the bundle on the terminal', () => {
  it('a file name holding a newline or an escape stays on one line in a refusal', () => {
    const files = { 'users.csv': csv(USERS_HEADER, 'u1,ana,,,active,,,,,,'), 'grants.csv': 'principal_type,principal_id,scope,role\n', 'a\n\u001b[31mb.csv': 'x\n' };
    expectRefused(files, /neither: "a\\u000a\\u001b\[31mb\.csv"\)/);
  });
});
