// Dagster+ bundles in either shape: the same organization as canonical CSV or as native
// GraphQL dumps (or mixed file by file) gives the same findings; platform detection; the
// sample organization's planted findings; determinism.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FindingsDocument } from '../src/model.js';
import { runAudit } from '../src/run.js';
import { cli, csv, makeBundle, tempDir, withoutReport } from './helpers.js';
import { AUDIT, CANONICAL, GRANTS, NATIVE, SAMPLE, USERS, comparable, nativeToCanonical } from './fixtures/dagster/helpers.js';

async function run(input: string, opts: { asOf?: string; platform?: 'domino' | 'dagster' } = {}): Promise<{ doc: FindingsDocument; text: string; out: string }> {
  const out = tempDir('aa-out-');
  await runAudit({ input, out, asOf: opts.asOf ?? '2026-09-30', platform: opts.platform, quiet: true });
  const text = readFileSync(path.join(out, 'findings.json'), 'utf8');
  return { doc: JSON.parse(text) as FindingsDocument, text, out };
}
const summary = (doc: FindingsDocument) => doc.findings.map((f) => `${f.rule} ${f.severity} ${f.subject.id}`);

describe('both shapes', () => {
  it('the native dumps and the canonical CSV of the same organization give identical findings, rules, coverage and warnings', async () => {
    const native = await run(NATIVE);
    const canonical = await run(CANONICAL);
    expect(native.doc.platform).toBe('dagster');
    expect(comparable(native.doc)).toEqual(comparable(canonical.doc));
    // and the fixture exercises every rule, both severities, and every warning kind it plants
    expect(summary(native.doc)).toEqual([
      'hidden-team-escalation high 12',
      'hidden-team-escalation high 16',
      'hidden-team-escalation medium 15',
      'inactive-seat high 14',
      'inactive-seat medium 13',
      'privileged-service-user high svc-2',
      'privileged-service-user medium svc-1',
      'sole-admin-risk medium organization',
    ]);
    expect(native.doc.warnings.map((w) => `${w.kind} ${w.file} ${w.count}`)).toEqual([
      'agent-grant-ignored service-users.json 1',
      'custom-role users.json 1',
      'dangling-reference teams.json 1',
      'future-events audit-log.json 1',
      'unmatched-audit-author audit-log.json 1',
    ]);
  });

  it('a bundle mixing both shapes file by file gives the same findings too', async () => {
    const mixed = tempDir('aa-mixed-');
    for (const f of ['users.json', 'service-users.json', 'audit-log.json']) cpSync(path.join(NATIVE, f), path.join(mixed, f));
    for (const f of ['teams.csv', 'team_members.csv', 'deployments.csv']) cpSync(path.join(CANONICAL, f), path.join(mixed, f));
    // grants of teams only: the users' and service users' grants come with their JSON files
    const teamGrants = readFileSync(path.join(CANONICAL, 'grants.csv'), 'utf8').split('\n').filter((l, i) => i === 0 || l.startsWith('team,'));
    writeFileSync(path.join(mixed, 'grants.csv'), teamGrants.join('\n'));
    const a = await run(mixed);
    const b = await run(CANONICAL);
    expect(comparable(a.doc)).toEqual(comparable(b.doc));
  });

  it('the sample organization converted to canonical CSV gives the same findings as its native dumps', async () => {
    // The canonical CSV has no place for the organization id: compare without it.
    const native = tempDir('aa-native-');
    cpSync(SAMPLE, native, { recursive: true });
    const users = JSON.parse(readFileSync(path.join(native, 'users.json'), 'utf8'));
    delete users.data.organization;
    writeFileSync(path.join(native, 'users.json'), JSON.stringify(users));
    const canonical = tempDir('aa-canonical-');
    nativeToCanonical(SAMPLE, canonical);
    // The IdP's users are the same file in either shape of the platform's files.
    cpSync(path.join(SAMPLE, 'scim-users.json'), path.join(canonical, 'scim-users.json'));
    const a = await run(native);
    const b = await run(canonical);
    expect(a.doc.findings.length).toBeGreaterThan(10);
    expect(comparable(a.doc)).toEqual(comparable(b.doc));
  });

  it('reads epoch seconds with a fraction, as a number or a string, and ISO-8601, in audit-log.json', async () => {
    const entry = (ts: unknown, email: string) => ({ id: email, eventType: 'LOG_IN', authorUserEmail: email, timestamp: ts });
    const dir = makeBundle({
      'users.csv': csv(USERS, 'a,a@ex.com,A,human,,', 'b,b@ex.com,B,human,,', 'c,c@ex.com,C,human,,', 'd,d@ex.com,D,human,,'),
      'audit-log.json': JSON.stringify({
        data: { auditLog: { auditLogEntries: [entry(1751414399.9995, 'a@ex.com'), entry('1751414400', 'b@ex.com'), entry('2026-07-02T00:00:00+02:00', 'c@ex.com'), entry(1790000000.123456, 'd@ex.com')] } },
      }),
    });
    const { doc } = await run(dir);
    // 2025-07-01T23:59:59.9995Z and 2025-07-02T00:00:00Z are long before the cutoff; so is 2026-07-01T22:00Z.
    expect(doc.findings.filter((f) => f.rule === 'inactive-seat').map((f) => [f.subject.id, f.evidence.last_seen])).toEqual([
      ['a', '2025-07-01T23:59:59.999Z'],
      ['b', '2025-07-02T00:00:00.000Z'],
      ['c', '2026-07-01T22:00:00.000Z'],
    ]);
  });
});

describe('the organization subject', () => {
  it('uses the organization id and name a native response carries', async () => {
    const { doc } = await run(SAMPLE);
    expect(doc.findings.find((f) => f.rule === 'sole-admin-risk')!.subject).toEqual({ kind: 'organization', id: '48213', name: 'Northwind Analytics' });
  });
});

describe('platform detection', () => {
  const dagsterUsers = csv(USERS, 'u1,a@ex.com,A,human,,');
  const dominoUsers = csv('user_id,username,email,status', 'u1,ana,a@ex.com,active');

  it('recognises a Dagster+ bundle by its own files, or by a users.csv without username and status', async () => {
    expect((await run(makeBundle({ 'users.csv': dagsterUsers }))).doc.platform).toBe('dagster');
    expect((await run(makeBundle({ 'users.csv': dagsterUsers, 'grants.csv': csv(GRANTS) }))).doc.platform).toBe('dagster');
    expect((await run(NATIVE)).doc.platform).toBe('dagster');
    expect((await run(makeBundle({ 'users.csv': dominoUsers }))).doc.platform).toBe('domino');
  });

  it('asks for --platform when the files point both ways, and takes --platform when given', async () => {
    const both = makeBundle({ 'users.csv': dominoUsers, 'grants.csv': csv(GRANTS), 'roles.csv': csv('user_id,role') });
    const r = cli(['run', '--input', both, '--out', path.join(tempDir(), 'o'), '--as-of', '2026-09-30']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/looks like more than one platform \(domino, dagster\): pass --platform/);
    const foreign = makeBundle({ 'users.csv': dagsterUsers, 'audit_log.csv': csv(AUDIT), 'notes.csv': 'x\n1\n' });
    expect(cli(['run', '--input', foreign, '--out', path.join(tempDir(), 'o')]).stderr).toMatch(/pass --platform/);
    const explicit = cli(['run', '--input', foreign, '--out', path.join(tempDir(), 'o'), '--platform', 'dagster', '--as-of', '2026-09-30']);
    expect(withoutReport(explicit.stderr)).toBe('');
    expect(explicit.status).toBe(0);
  });
});

describe('the sample organization (sample-data/dagster)', () => {
  it('reports what its README says is planted', async () => {
    const { doc } = await run(SAMPLE);
    expect(summary(doc)).toEqual([
      'hidden-team-escalation high 1007',
      'hidden-team-escalation medium 1005',
      'hidden-team-escalation medium 1021',
      'hidden-team-escalation medium 1022',
      'inactive-seat high 1002',
      'inactive-seat high 1006',
      'inactive-seat medium 1013',
      'inactive-seat medium 1014',
      'inactive-seat medium 1015',
      'inactive-seat medium 1019',
      'inactive-seat medium 1034',
      'inactive-seat medium 1038',
      'leaver-with-access critical 1002',
      'leaver-with-access critical 1011',
      'leaver-with-access high 1014',
      'leaver-with-access high 1019',
      'orphaned-account high 1027',
      'orphaned-account medium 1038',
      'orphaned-account medium 1040',
      'privileged-service-user high su_terraform',
      'privileged-service-user medium su_ci_deployer',
      'sole-admin-risk medium 48213',
    ]);
    expect(doc.warnings.map((w) => `${w.kind} ${w.count}`)).toEqual([
      'agent-grant-ignored 2',
      'ambiguous-identity 1',
      'custom-role 1',
      'dangling-reference 1',
      'future-events 2',
      'unmatched-audit-author 14',
    ]);
  });

  it('writes byte-identical findings.json twice, and the generator rewrites the same bytes', async () => {
    const a = await run(SAMPLE);
    const b = await run(SAMPLE);
    expect(a.text).toBe(b.text);
    const before = readFileSync(path.join(SAMPLE, 'audit-log.json'), 'utf8');
    const copy = tempDir('aa-gen-');
    cpSync(path.join(SAMPLE, 'generate.mjs'), path.join(copy, 'generate.mjs'));
    const { spawnSync } = await import('node:child_process');
    expect(spawnSync(process.execPath, [path.join(copy, 'generate.mjs')]).status).toBe(0);
    expect(readFileSync(path.join(copy, 'audit-log.json'), 'utf8')).toBe(before);
  });
});
