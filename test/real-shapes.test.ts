// Issue 11: Domino's real API shapes, each with a record in that exact shape. Sources:
// the public Domino v4 OpenAPI description (swagger.json in
// ddl-matthew-tendler/audit_traceability_app; schema names below are as given there) and
// the audit-trail CSV as Domino's own export script writes it.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FindingsDocument } from '../src/model.js';
import { ROOT, cli, csv, expectRefused, makeBundle, tempDir, withoutReport } from './helpers.js';

function run(files: Record<string, string | Buffer>, extra: string[] = []) {
  const input = makeBundle(files);
  const out = path.join(tempDir(), 'out');
  const r = cli(['run', '--input', input, '--out', out, '--as-of', '2026-09-30', ...extra]);
  expect(withoutReport(r.stderr)).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8')) as FindingsDocument;
}
const summary = (d: FindingsDocument) => d.findings.map((f) => `${f.rule} ${f.subject.id} ${f.severity}`);

/** domino.admin.usermanagement.api.AdminUserManagementUserWithUsage (user.id is nullable). */
const uwu = (id: string | null, username: string, o: { usageUserId?: string | null; idpId?: string; roles?: string[]; license?: string; recent?: string | null } = {}) => ({
  user: {
    id, idpId: o.idpId ?? `idp-${username}`, firstName: username, lastName: 'X', fullName: `${username} X`, username,
    email: `${username}@ex.com`, roles: o.roles ?? ['Practitioner'], isActive: true, isDominoEmployee: false, isSSO: true,
    licenseName: o.license ?? 'Data Science Professional', createdAtTimestampMs: 1704067200000, metadata: { isManagableByViewer: true },
  },
  usage: {
    userId: o.usageUserId === undefined ? id : o.usageUserId, practitionerWorkloadsTotal: 0, runsTotal: 0, runsRecent: 0,
    projectsTotal: 0, projectsRecent: 0, licenseType: o.license ?? 'Data Science Professional',
    mostRecentActivity: o.recent === undefined ? '2026-09-20T10:00:00Z' : o.recent,
  },
});
const usersFile = (...users: unknown[]) => JSON.stringify({ users, metadata: { offset: 0, limit: 200, totalCount: users.length, allowedActions: {} } });

describe('users-with-usage', () => {
  it('a user whose user.id is null is keyed by usage.userId, else by idpId', () => {
    const doc = run({
      'users-with-usage.json': usersFile(
        uwu(null, 'ana', { usageUserId: 'u-ana', recent: '2025-01-01T00:00:00Z' }),
        uwu(null, 'ben', { usageUserId: null, idpId: 'idp-ben', recent: '2025-01-01T00:00:00Z' }),
      ),
    });
    expect(doc.findings.filter((f) => f.rule === 'inactive-seat').map((f) => f.subject.id).sort()).toEqual(['idp-ben', 'u-ana']);
  });
});

describe('service accounts', () => {
  it('reads the bare array of GET /v4/serviceAccounts (domino.admin.interface.ServiceAccount)', () => {
    const doc = run({
      'users-with-usage.json': usersFile(uwu('u1', 'etl-bot', { recent: '2025-01-01T00:00:00Z' })),
      'service-accounts.json': JSON.stringify([{ username: 'etl-bot', email: null, id: 'u1', idpId: 'idp-etl-bot' }]),
    });
    expect(doc.findings.find((f) => f.rule === 'inactive-seat')!.evidence.account_type).toBe('service');
  });
});

describe('organizations', () => {
  const users = usersFile(uwu('pm', 'pat', { roles: ['ProjectManager'] }), uwu('u2', 'quinn'));
  const projects = JSON.stringify([{ id: 'p1', name: 'churn', ownerId: 'u2', ownerUsername: 'quinn', collaborators: [], visibility: 'Private', created: '2024-03-01T09:00:00Z' }]);

  it('reads {organizations:[Organization]} and members as bare ids, each a Member, with a warning that roles were not exported', () => {
    const org = { id: 'o1', organizationUserId: 'ou1', name: 'Analytics', members: ['pm', 'u2'] };
    const doc = run({ 'users-with-usage.json': users, 'projects.json': projects, 'organizations.json': JSON.stringify({ organizations: [org] }) });
    // the reach rule sees the membership: pat reaches quinn's project through Analytics
    expect(summary(doc)).toContain('overprivileged-project-manager pm medium');
    const w = doc.warnings.find((x) => x.kind === 'organization-roles-not-exported')!;
    expect(w.file).toBe('organizations.json');
    expect(w.count).toBe(2);
    expect(w.message).toMatch(/read as a Member/);
  });

  it('reads the bare array of GET /v4/organizations with OrganizationMember {id, role} as before', () => {
    const org = { id: 'o1', organizationUserId: 'ou1', name: 'Analytics', members: [{ id: 'pm', role: 'Admin' }, { id: 'u2', role: 'Member' }] };
    const doc = run({ 'users-with-usage.json': users, 'projects.json': projects, 'organizations.json': JSON.stringify([org]) });
    expect(summary(doc)).toContain('overprivileged-project-manager pm high');
    expect(doc.warnings.map((x) => x.kind)).not.toContain('organization-roles-not-exported');
  });
});

describe('projects', () => {
  const users = usersFile(uwu('u1', 'ana', { recent: '2025-01-01T00:00:00Z' }), uwu('u2', 'ben'));
  // domino.projects.api.ProjectSummary
  const summaryOf = (id: string, owner: string, collaborators?: unknown[]) => ({
    id, name: `project-${id}`, description: '', created: '2024-03-01T09:00:00Z', visibility: 'Private', ownerId: owner, ownerUsername: owner,
    importedGitRepositories: [], tags: [], stageId: 's', status: { status: 'active', isBlocked: false }, projectType: 'Analytic',
    ...(collaborators ? { collaboratorIds: collaborators.map((c) => (c as { collaboratorId: string }).collaboratorId), collaborators } : {}),
  });

  it('reads PaginatedProjectSummaryResults pages {page, totalMatches} (GET /v4/projects/billingtags/projects)', () => {
    const pages = [
      { page: [summaryOf('p1', 'u1', [])], totalMatches: 2 },
      { page: [summaryOf('p2', 'u1', [{ collaboratorId: 'u2', projectRole: 'Owner' }])], totalMatches: 2 },
    ];
    const doc = run({ 'users-with-usage.json': users, 'projects.json': JSON.stringify(pages) });
    // p1: an empty collaborator list is a project with no collaborators, solely owned by inactive ana; p2 has ben too
    expect(summary(doc).filter((s) => s.startsWith('sole-owner-risk'))).toEqual(['sole-owner-risk p1 medium']);
  });

  it('without collaborator lists (GET /v4/gateway/projects), sole-owner-risk and the ProjectManager reach are not evaluated, with the reason', () => {
    const doc = run({ 'users-with-usage.json': users, 'projects.json': JSON.stringify([summaryOf('p1', 'u1'), summaryOf('p2', 'u1', [])]) });
    const status = Object.fromEntries(doc.rules.map((r) => [r.id, r]));
    expect(status['sole-owner-risk']!.evaluated).toBe(false);
    expect(status['sole-owner-risk']!.reason).toMatch(/without a collaborators list, so project ownership cannot be shown/);
    expect(status['overprivileged-project-manager']!.evaluated).toBe(false);
    expect(status['inactive-seat']!.evaluated).toBe(true);
    expect(doc.warnings.find((w) => w.kind === 'collaborators-not-exported')!.count).toBe(1);
  });
});

describe('runs', () => {
  const users = usersFile(uwu('u1', 'ana', { license: 'Data Analyst' }), uwu('u2', 'ben', { license: 'Data Analyst' }));
  const runOf = (userId: string, runType: string, hardwareTier: string) => ({
    runId: `r-${userId}-${runType}`, runType, userId, userName: userId, projectId: 'p1', hardwareTier,
    queuedTime: '2026-09-10T09:59:00Z', startTime: '2026-09-10T10:00:00Z', endTime: '2026-09-10T11:00:00Z', status: 'Succeeded',
  });
  const under = (d: FindingsDocument) => d.findings.filter((f) => f.rule === 'mislicensed-user').map((f) => `${f.subject.id} ${f.evidence.required_tier}`);

  it('Endpoint and ModelDeploy runs are Model API work (tier 2)', () => {
    const doc = run({ 'users-with-usage.json': users, 'runs.json': JSON.stringify({ runs: [runOf('u1', 'Endpoint', 'small'), runOf('u2', 'ModelDeploy', 'small')], nextBatchId: null }) });
    expect(under(doc)).toEqual(['u1 2', 'u2 2']);
  });

  it('hardware-tiers.json (HardwareTierEnvelope) decides GPU use by tier id, whatever the name; unlisted tiers fall back to the name rule, reported', () => {
    // domino.hardwaretier.api.HardwareTierEnvelope {hardwareTiers: [HardwareTierDto], isDataAnalystEnabled}
    const tiers = {
      hardwareTiers: [
        { id: 'accel-large', name: 'Accelerated large', gpuConfiguration: { numberOfGpus: 1, gpuKey: 'nvidia.com/gpu' }, centsPerMinute: 10 },
        { id: 'gpu-imposter', name: 'gpu-imposter', gpuConfiguration: null, centsPerMinute: 1 },
      ],
      isDataAnalystEnabled: true,
    };
    const runs = { runs: [runOf('u1', 'Batch', 'accel-large'), runOf('u2', 'Batch', 'gpu-imposter')], nextBatchId: null };
    const doc = run({ 'users-with-usage.json': users, 'runs.json': JSON.stringify(runs), 'hardware-tiers.json': JSON.stringify(tiers) });
    expect(under(doc)).toEqual(['u1 2']);
    expect(doc.warnings.map((w) => w.kind)).not.toContain('gpu-by-tier-name');

    const noTiers = run({ 'users-with-usage.json': users, 'runs.json': JSON.stringify(runs) });
    expect(under(noTiers)).toEqual(['u2 2']);
    const w = noTiers.warnings.find((x) => x.kind === 'gpu-by-tier-name')!;
    expect(w.message).toMatch(/GPU use was judged from hardware tier names .* no hardware-tiers\.json/);
  });
});

describe('the audit trail', () => {
  const users = usersFile(uwu('u1', 'ana', { license: 'Lite', recent: null }), uwu('u2', 'ben', { license: 'Lite', recent: null }));

  it('reads the CSV as Domino\'s export script writes it: DATE & TIME (UTC), YYYY-MM-DD HH:MM:SS, more columns', () => {
    const trail = csv('"DATE & TIME (UTC)","USER NAME","EVENT","TARGET NAME","PROJECT NAME","PROJECT OWNER","METADATA"',
      '"2026-09-10 14:03:11","ana","Create Project","churn","churn","ana","{}"');
    const doc = run({ 'users-with-usage.json': users, 'audit-trail.csv': trail });
    const f = doc.findings.find((x) => x.rule === 'mislicensed-user')!;
    expect(f.subject.id).toBe('u1');
    expect(f.evidence).toMatchObject({ required_tier: 1, tier1_events: 1, last_seen: '2026-09-10T14:03:11.000Z' });
  });

  it('scores the real vocabulary\'s license-needing events as tier-1 work, the rest tier 0; audit_events in the config extends and overrides', () => {
    const events = ['Create Dataset', 'Upload Files', 'Create Flows Task', 'Create Environment', 'Create Governance Bundle', 'Edit File'];
    const trail = csv('"DATE & TIME","USER NAME","EVENT","TARGET NAME","PROJECT NAME"',
      ...events.map((e, i) => `"2026-09-1${i}T10:00:00Z","ana","${e}","",""`),
      '"2026-09-10T10:00:00Z","ben","Add Collaborator","",""', '"2026-09-11T10:00:00Z","ben","Download Audit Trail","",""');
    const doc = run({ 'users-with-usage.json': users, 'audit-trail.csv': trail });
    expect(doc.findings.filter((f) => f.rule === 'mislicensed-user').map((f) => [f.subject.id, f.evidence.tier1_events])).toEqual([['u1', 6]]);

    const config = path.join(tempDir(), 'c.yaml');
    writeFileSync(config, 'audit_events:\n  add collaborator: workspace\n  Upload Files: audit_event\n');
    const custom = run({ 'users-with-usage.json': users, 'audit-trail.csv': trail }, ['--config', config]);
    expect(custom.findings.filter((f) => f.rule === 'mislicensed-user').map((f) => [f.subject.id, f.evidence.tier1_events])).toEqual([['u1', 5], ['u2', 1]]);
  });

  it('reads audit-events.json (GET /api/audittrail/v1/auditevents pages) like the CSV, by actor id', () => {
    const page = { events: [
      { timestamp: 1789048800000, actor: { id: 'u2', name: 'someone-renamed' }, action: { eventName: 'Create Project' },
        in: { entityType: 'project', id: 'p9', name: 'churn' }, targets: [{ entity: { entityType: 'project', id: 'p9', name: 'churn' } }] },
    ] };
    const doc = run({ 'users-with-usage.json': users, 'audit-events.json': JSON.stringify([page]) });
    expect(doc.findings.filter((f) => f.rule === 'mislicensed-user').map((f) => [f.subject.id, f.evidence.last_seen])).toEqual([['u2', '2026-09-10T14:00:00.000Z']]);
  });

  it('two users whose usernames differ only in case: an exact name is that account\'s, a case-only match is nobody\'s, and it is reported', () => {
    const twins = usersFile(uwu('u1', 'ana.diaz', { license: 'Lite', recent: null }), uwu('u2', 'Ana.Diaz', { license: 'Lite', recent: null }));
    const trail = csv('"DATE & TIME","USER NAME","EVENT","TARGET NAME","PROJECT NAME"',
      '"2026-09-10T10:00:00Z","Ana.Diaz","Create Project","",""', '"2026-09-11T10:00:00Z","ANA.DIAZ","Create Dataset","",""');
    const doc = run({ 'users-with-usage.json': twins, 'audit-trail.csv': trail });
    expect(doc.findings.filter((f) => f.rule === 'mislicensed-user').map((f) => [f.subject.id, f.evidence.tier1_events])).toEqual([['u2', 1]]);
    const w = doc.warnings.find((x) => x.kind === 'ambiguous-username')!;
    expect(w.count).toBe(2);
    expect(w.message).toMatch(/differs from another account's only in case \(Ana\.Diaz \/ ana\.diaz\)/);
    expect(w.examples).toEqual(['ANA.DIAZ (1 event(s)) → nobody', 'Ana.Diaz (1 event(s)) → Ana.Diaz']);
  });
});

describe('audit-events.json, refused or flagged', () => {
  const users = usersFile(uwu('u1', 'ana'));
  const ev = (timestamp: unknown) => ({ timestamp, actor: { id: 'u1', name: 'ana' }, action: { eventName: 'Launch Job' }, in: null, targets: [] });

  it('refuses a timestamp that is not epoch milliseconds, at its line', () => {
    expectRefused({ 'users-with-usage.json': users, 'audit-events.json': JSON.stringify({ events: [ev(1789048800000), ev('yesterday')] }, null, 1) },
      /error: audit-events\.json:\d+:\d+: timestamp is not epoch milliseconds/);
  });

  it('refuses audit-events.json beside audit-trail.csv: the same events twice', () => {
    expectRefused({ 'users-with-usage.json': users, 'audit-events.json': JSON.stringify({ events: [] }), 'audit-trail.csv': '"DATE & TIME","USER NAME","EVENT"\n' },
      /error: audit-events\.json: audit-trail events are given twice/);
  });
});

describe('the real export\'s vocabulary', () => {
  it('every license-needing event of test/fixtures/real-exports is tier-1 work for a Lite user', () => {
    const real = readFileSync(path.join(ROOT, 'test/fixtures/real-exports/domino-audit-trail-sample.csv'), 'utf8').split('\n');
    const building = /^(Create (Project|Dataset|Flows Task|Flows Workflow|Environment|Governance Bundle|Folder)|Upload Files|Edit File|Copy Project|Create Project from Template|Duplicate Environment|Synchronize working directory)$/;
    const rows = real.slice(1).filter((l) => l).map((l) => l.split('","')).filter((f) => building.test(f[2] ?? ''));
    expect(new Set(rows.map((f) => f[2])).size).toBeGreaterThan(8);
    // the export's own rows, as one Lite user's, a day apart so all fall in the window
    const trail = csv(real[0]!, ...rows.map((f, i) => [`"2026-09-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`, 'builder', ...f.slice(2)].join('","')));
    const doc = run({ 'users-with-usage.json': usersFile(uwu('u1', 'builder', { license: 'Lite', recent: null })), 'audit-trail.csv': trail });
    const f = doc.findings.find((x) => x.rule === 'mislicensed-user')!;
    expect(f.evidence).toMatchObject({ direction: 'under', required_tier: 1, tier0_events: 0, tier1_events: rows.length });
  });
});
