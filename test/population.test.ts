// Issue 11: a complete, dated, accounted-for population. Every refusal goes through the
// CLI (exit 2, one line naming the file and the counts, nothing written); what the run
// reports about its population is read back from findings.json and manifest.json.
// Record shapes cite their source: the public Domino v4 OpenAPI description (swagger.json
// in ddl-matthew-tendler/audit_traceability_app), schema names as given there.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FindingsDocument } from '../src/model.js';
import type { Population } from '../src/ingest/population.js';
import { USERS_HEADER, cli, csv, expectRefused, makeBundle, tempDir } from './helpers.js';

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
    expect(r.stderr).toBe('');
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
