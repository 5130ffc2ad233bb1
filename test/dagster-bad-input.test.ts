// Dagster+ bad input is refused exactly as Domino's: exit 2, one message naming file, line
// and column, no stack trace, and --out exactly as it was.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, csv, makeBundle, tempDir, expectRefused, withoutReport } from './helpers.js';
import { AUDIT, GRANTS, USERS } from './fixtures/dagster/helpers.js';

const okUsers = csv(USERS, 'u1,ana@ex.com,Ana,human,,2024-01-01', 'u2,ben@ex.com,Ben,human,,2024-01-01');

const refuse = expectRefused;

const usersJson = (users: unknown[]) => JSON.stringify({ data: { usersOrError: { users } } }, null, 1);
const u = (id: number, email: string, extra: Record<string, unknown> = {}) => ({ user: { userId: id, email, name: null }, ...extra });

describe('Dagster+ bad input is refused with exit 2 and file:line:column', () => {
  it('a bundle without a users file', () => refuse({ 'grants.csv': csv(GRANTS) }, /no users file: the bundle needs users\.csv or users\.json \(Dagster\+\)/));

  it('a users.csv without its required email column', () =>
    refuse({ 'users.csv': csv('user_id,name', 'u1,Ana'), 'grants.csv': csv(GRANTS) }, /users\.csv:1: required column "email" is missing/));

  it('an empty required value', () =>
    refuse({ 'users.csv': csv(USERS, 'u1,,Ana,human,,'), 'grants.csv': csv(GRANTS) }, /users\.csv:2:2: required value "email" is empty/));

  it('an unknown account_type', () =>
    refuse({ 'users.csv': csv(USERS, 'u1,a@ex.com,A,robot,,'), 'grants.csv': csv(GRANTS) }, /users\.csv:2:4: cannot read "robot" in column "account_type" as one of human, service/));

  it('an unknown principal_type', () =>
    refuse({ 'users.csv': okUsers, 'grants.csv': csv(GRANTS, 'user,u1,organization,,,ADMIN', 'group,g1,organization,,,VIEWER') },
      /grants\.csv:3:1: cannot read "group" in column "principal_type" as one of user, team, service_user/));

  it('an unknown scope', () =>
    refuse({ 'users.csv': okUsers, 'grants.csv': csv(GRANTS, 'user,u1,workspace,1,,ADMIN') }, /grants\.csv:2:3: cannot read "workspace" in column "scope"/));

  it('an unknown deployment type, in CSV and in JSON', () => {
    refuse({ 'users.csv': okUsers, 'deployments.csv': csv('deployment_id,name,type', '1,prod,PRODUCTION', '2,qa,STAGING') }, /deployments\.csv:3:3: cannot read "STAGING" in column "type" as one of PRODUCTION, DEV, BRANCH/);
    refuse(
      { 'users.csv': okUsers, 'deployments.json': '{"data": {"fullDeployments": [\n  {"deploymentId": 1, "deploymentName": "prod", "deploymentType": "QA"}]}}' },
      /deployments\.json:2:67: deploymentType is not PRODUCTION, DEV or BRANCH/,
    );
  });

  it('a role name that is no role (a custom role id is anything but a plain word)', () =>
    refuse({ 'users.csv': okUsers, 'grants.csv': csv(GRANTS, 'user,u1,deployment,1,,cr-1', 'user,u2,deployment,1,,OWNER') },
      /grants\.csv:3:6: "OWNER" in column "role" is not a role: use VIEWER, LAUNCHER, EDITOR, ADMIN or AGENT, or a custom role id/));

  it('a native grant that is no role and has no customRoleId', () =>
    refuse(
      { 'users.json': usersJson([u(1, 'a@ex.com', { deploymentPermissionGrants: [{ deploymentId: 1, grant: 'SUPERUSER', customRoleId: null, locationGrants: [] }] })]) },
      /users\.json:\d+:\d+: grant is not VIEWER, LAUNCHER, EDITOR, ADMIN or AGENT, and there is no customRoleId/,
    ));

  it('grants whose scope and ids do not fit', () => {
    refuse({ 'users.csv': okUsers, 'grants.csv': csv(GRANTS, 'user,u1,deployment,,,VIEWER') }, /grants\.csv:2:4: a deployment or code_location grant needs a deployment_id/);
    refuse({ 'users.csv': okUsers, 'grants.csv': csv(GRANTS, 'user,u1,code_location,1,,VIEWER') }, /grants\.csv:2:5: a code_location grant needs a code_location/);
    refuse({ 'users.csv': okUsers, 'grants.csv': csv(GRANTS, 'user,u1,organization,1,,ADMIN') }, /grants\.csv:2:4: an organization or all_branch_deployments grant names no deployment_id/);
  });

  it('malformed CSV: an unterminated quote, a row of the wrong shape', () => {
    refuse({ 'users.csv': okUsers, 'team_members.csv': 'team_id,user_id\nt1,u1\n"t2,u2\n' }, /team_members\.csv:3:1: a quoted field starts here and is never closed/);
    refuse({ 'users.csv': okUsers, 'team_members.csv': 'team_id,user_id\nt1,u1,extra\n' }, /team_members\.csv:2:3: this row has 3 fields but the header has 2/);
  });

  it('a file that is not UTF-8', () =>
    refuse({ 'users.csv': okUsers, 'teams.csv': Buffer.concat([Buffer.from('team_id,name\nt1,Donn'), Buffer.from([0xe9]), Buffer.from('es\n')]) }, /teams\.csv:2:8: the file is not valid UTF-8/));

  it('malformed JSON', () => refuse({ 'users.json': '{"data": {"usersOrError": {"users": [\n  {"user": }]}}}' }, /users\.json:2:12: malformed JSON/));

  it('wrongly shaped JSON, at the deepest field', () =>
    refuse({ 'users.json': '{"data": {"usersOrError": {"users": [\n  {"user": {"userId": 1, "email": 7}}]}}}' }, /users\.json:2:35: not a usersOrError response: at data\.usersOrError\.users\[0\]\.user\.email/));

  it('a response saved without its data wrapper', () =>
    refuse({ 'users.json': '{"usersOrError": {"users": []}}' }, /users\.json:1:18: the response has no "data" wrapper: save the GraphQL response as returned/));

  it('a GraphQL error response, and an …OrError field holding an error', () => {
    refuse({ 'users.json': '{"errors": [{"message": "Unauthorized"}], "data": null}' }, /users\.json:1:13: the file holds a GraphQL error, not usersOrError data: "Unauthorized"/);
    refuse(
      { 'users.csv': okUsers, 'service-users.json': '{"data": {"serviceUsersOrError": {"__typename": "UnauthorizedError", "message": "Not an admin"}}}' },
      /service-users\.json:1:34: serviceUsersOrError returned UnauthorizedError: "Not an admin" instead of serviceUsers/,
    );
  });

  // An audit log that is not enabled (`enabled: false`, or auditLog / auditLogEntries null) is
  // no audit log, not a bad file: its rules are not evaluated (docs/spec/dagster.md, "Real
  // shapes"; test/dagster-real-shapes.test.ts).

  it('bad timestamps: an ISO date that is none, epoch milliseconds, a word', () => {
    refuse({ 'users.csv': okUsers, 'audit_log.csv': csv(AUDIT, '2026-09-01T00:00:00Z,LOG_IN,ana@ex.com,', '2026-13-01,LOG_IN,ben@ex.com,') }, /audit_log\.csv:3:1: cannot read "2026-13-01" in column "timestamp" as an ISO-8601 timestamp/);
    refuse(
      { 'users.csv': okUsers, 'audit-log.json': '{"data": {"auditLog": {"auditLogEntries": [\n {"id": "1", "eventType": "LOG_IN", "timestamp": 1790000000.5},\n {"id": "2", "eventType": "LOG_IN", "timestamp": 1790000000500}]}}}' },
      /audit-log\.json:3:50: timestamp is neither epoch seconds nor an ISO-8601 timestamp/,
    );
    refuse(
      { 'users.csv': okUsers, 'audit-log.json': '{"data": {"auditLog": {"auditLogEntries": [\n {"id": "1", "eventType": "LOG_IN", "timestamp": "yesterday"}]}}}' },
      /audit-log\.json:2:50: timestamp is neither epoch seconds nor an ISO-8601 timestamp/,
    );
    refuse({ 'users.csv': csv(USERS, 'u1,a@ex.com,A,human,,last week') }, /users\.csv:2:6: cannot read "last week" in column "created_at"/);
  });

  it('an unparseable boolean', () =>
    refuse({ 'users.csv': csv(USERS, 'u1,a@ex.com,A,human,maybe,') }, /users\.csv:2:5: cannot read "maybe" in column "scim_provisioned" as a boolean/));

  it('the same user twice: by id, by email in another case, across pages of users.json', () => {
    refuse({ 'users.csv': csv(USERS, 'u1,a@ex.com,A,human,,', 'u2,b@ex.com,B,human,,', 'u1,c@ex.com,C,human,,') }, /users\.csv:4:1: duplicate user_id "u1"/);
    refuse({ 'users.csv': csv(USERS, 'u1,a@ex.com,A,human,,', 'u2,A@Ex.com ,B,human,,') }, /users\.csv:3:2: duplicate email "a@ex\.com"/);
    const page = (id: number) => ({ data: { usersOrError: { users: [u(id, `u${id}@ex.com`)] } } });
    refuse({ 'users.json': JSON.stringify([page(1), page(2), page(1)], null, 1) }, /users\.json:\d+:\d+: duplicate user_id "1"/);
  });

  it('the same grant twice, the same member twice, the same deployment twice', () => {
    refuse({ 'users.csv': okUsers, 'grants.csv': csv(GRANTS, 'user,u1,deployment,1,,VIEWER', 'user,u2,deployment,1,,VIEWER', 'USER,u1,Deployment,1,,ADMIN') }, /grants\.csv:4:2: duplicate grant \(the same principal on the same scope\) "user \/ u1 \/ deployment \/ 1"/);
    refuse({ 'users.csv': okUsers, 'team_members.csv': csv('team_id,user_id', 't1,u1', 't1,u1') }, /team_members\.csv:3:2: duplicate member of this team "t1 \/ u1"/);
    refuse({ 'users.csv': okUsers, 'deployments.csv': csv('deployment_id,name', '1,prod', '1,prod again') }, /deployments\.csv:3:1: duplicate deployment_id "1"/);
  });

  it('the same entity in both shapes', () =>
    refuse({ 'users.csv': okUsers, 'users.json': usersJson([]) }, /users are given twice \(users\.csv and users\.json\)/));

  it('files from two organizations', () =>
    refuse(
      {
        'users.json': JSON.stringify({ data: { organization: { id: 1, name: 'A' }, usersOrError: { users: [] } } }),
        'teams.json': JSON.stringify({ data: { organization: { id: 2, name: 'B' }, teamPermissions: [] } }),
      },
      /teams\.json:1:\d+: this file is from organization "2", users\.json from "1": one bundle, one organization/,
    ));
});

describe('data that looks wrong is a warning, never a refusal', () => {
  it('dangling references, custom roles, AGENT grants, unmatched authors and future entries are listed and the run succeeds', () => {
    const input = makeBundle({
      'users.csv': okUsers,
      'deployments.csv': csv('deployment_id,name', '1,prod'),
      'team_members.csv': csv('team_id,user_id', 't1,u1', 't1,ghost'),
      'grants.csv': csv(GRANTS, 'user,nobody,deployment,1,,VIEWER', 'team,t9,deployment,1,,ADMIN', 'user,u1,deployment,7,,VIEWER', 'user,u2,deployment,1,,cr-1', 'user,u2,organization,,,AGENT'),
      'audit_log.csv': csv(AUDIT, '2026-09-01T00:00:00Z,LOG_IN,stranger@ex.com,', '2026-12-01T00:00:00Z,LOG_IN,ana@ex.com,'),
    });
    const out = path.join(tempDir(), 'out');
    const r = cli(['run', '--input', input, '--out', out, '--as-of', '2026-09-30']);
    expect(withoutReport(r.stderr)).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8'));
    const warnings = doc.warnings.map((w: { kind: string; file: string; count: number; examples: string[] }) => [w.kind, w.file, w.count, w.examples]);
    expect(warnings).toEqual([
      ['agent-grant-ignored', 'grants.csv', 1, ['user u2 on organization']],
      ['custom-role', 'grants.csv', 1, ['user u2: cr-1 on deployment prod']],
      ['dangling-reference', 'grants.csv', 3, ['grant on unknown deployment 7', 'grant to unknown team t9', 'grant to unknown user nobody']],
      ['dangling-reference', 'team_members.csv', 1, ['unknown user ghost in team t1']],
      ['future-events', 'audit_log.csv', 1, ['2026-12-01T00:00:00.000Z']],
      // the log starts after the cutoff: users never seen in it cannot be proven inactive
      ['insufficient-coverage', '(bundle)', 2, ['Ana', 'Ben']],
      ['unmatched-audit-author', 'audit_log.csv', 1, ['stranger@ex.com']],
    ]);
    expect(doc.findings.map((f: { rule: string; confidence: string }) => [f.rule, f.confidence])).toEqual([
      ['inactive-seat', 'insufficient-data'],
      ['inactive-seat', 'insufficient-data'],
      // an AGENT grant at organization scope is nobody's Organization Admin role
      ['sole-admin-risk', 'normal'],
    ]);
  });
});
