// Dagster+ "Real shapes" (docs/spec/dagster.md): records exactly as the current public
// Dagster+ GraphQL schema returns them. Source: dagster-io/terraform-provider-dagsterplus,
// internal/client/schema/schema.graphql —
//   enum PermissionGrant { CATALOG_VIEWER VIEWER LAUNCHER EDITOR ADMIN AGENT CUSTOM }
//   type DagsterCloudScopedPermissionGrant { deploymentId: Int, grant: PermissionGrant!,
//        customRoleId: String, locationGrants: [LocationScopedGrant!]!, deploymentScope, … }
//   type DagsterCloudUserWithScopedPermissionGrants / DagsterCloudTeamPermissions {
//        organizationPermissionGrant, allBranchDeploymentsPermissionGrant,
//        perBaseBranchDeploymentsPermissionGrants: [DagsterCloudScopedPermissionGrant!]!,
//        deploymentPermissionGrants: [DagsterCloudScopedPermissionGrant!]!, … }
//   type AuditLogQuery { enabled: Boolean!, auditLogEntries(…): [AuditLogEntry!] }   (nullable)
//   CloudQuery.auditLog: AuditLogQuery                                              (nullable)
// and queries/users.graphql, queries/team_grants.graphql (the fields asked for).
import { describe, expect, it } from 'vitest';
import { audit, csv, expectRefused, ofRule } from './helpers.js';
import { GRANTS, USERS, reports } from './fixtures/dagster/helpers.js';

const grant = (g: string | null, customRoleId: string | null = null, deploymentId: number | null = null) => ({
  grant: g,
  customRoleId,
  deploymentScope: deploymentId === null ? 'ORGANIZATION' : 'DEPLOYMENT',
  deploymentId,
});
/** One DagsterCloudUserWithScopedPermissionGrants, as usersOrError returns it. */
const userEntry = (userId: number, email: string, g: Partial<Record<string, unknown>> = {}) => ({
  id: `u${userId}`,
  licensedRole: 'EDITOR',
  user: { id: `id-${userId}`, userId, email, name: email.split('@')[0], picture: null, isScimProvisioned: false },
  organizationPermissionGrant: null,
  allBranchDeploymentsPermissionGrant: null,
  perBaseBranchDeploymentsPermissionGrants: [],
  deploymentPermissionGrants: [],
  ...g,
});
const usersJson = (...users: unknown[]) =>
  JSON.stringify({ data: { usersOrError: { __typename: 'DagsterCloudUsersWithScopedPermissionGrants', users } } }, null, 2);
const deploymentsJson = JSON.stringify({
  data: { fullDeployments: [{ deploymentId: 1, deploymentName: 'prod', deploymentType: 'PRODUCTION' }, { deploymentId: 2, deploymentName: 'staging', deploymentType: 'PRODUCTION' }] },
});
const adminOrg = (id: number, email: string) => userEntry(id, email, { organizationPermissionGrant: grant('ADMIN') });
const log = (...emails: string[]) =>
  JSON.stringify({
    data: { auditLog: { enabled: true, auditLogEntries: emails.map((e, i) => ({ id: `e${i}`, eventType: 'LOG_IN', authorUserEmail: e, authorAgentTokenId: null, timestamp: 1790000000 + i, deploymentName: 'prod', branchDeploymentName: null, eventMetadata: null })) } },
  });

describe('PermissionGrant CATALOG_VIEWER and CUSTOM', () => {
  it('CATALOG_VIEWER is read as a role below VIEWER, shown in effective access and the Review sheet', async () => {
    const { doc, tables, review } = await reports({
      'users.json': usersJson(
        adminOrg(1, 'a@ex.com'),
        adminOrg(2, 'b@ex.com'),
        userEntry(3, 'cat@ex.com', { deploymentPermissionGrants: [{ ...grant('CATALOG_VIEWER', null, 1), locationGrants: [] }] }),
      ),
      'deployments.json': deploymentsJson,
    });
    expect(doc.findings.filter((f) => f.subject.id === '3')).toEqual([]);
    const row = tables['effective-access']!.find((r) => r.principal_id === '3')!;
    expect(row).toMatchObject({ scope: 'deployment', scope_name: 'prod', own_role: 'CATALOG_VIEWER', effective_role: 'CATALOG_VIEWER' });
    expect(review.find((r) => r.user_id === '3')).toMatchObject({ scope: 'deployment', scope_id: '1', role: 'CATALOG_VIEWER' });
  });

  it('a team VIEWER above an own CATALOG_VIEWER on the same deployment is a (medium) hidden escalation: ranked below VIEWER', async () => {
    const doc = await audit(
      {
        'users.json': usersJson(adminOrg(1, 'a@ex.com'), adminOrg(2, 'b@ex.com'), userEntry(3, 'cat@ex.com', { deploymentPermissionGrants: [{ ...grant('CATALOG_VIEWER', null, 1), locationGrants: [] }] })),
        'teams.json': JSON.stringify({
          data: { teamPermissions: [{ id: 'tp1', team: { id: 't1', name: 'Analysts', members: [{ userId: 3, email: 'cat@ex.com' }] }, organizationPermissionGrant: null, allBranchDeploymentsPermissionGrant: null, perBaseBranchDeploymentsPermissionGrants: [], deploymentPermissionGrants: [{ ...grant('VIEWER', null, 1), locationGrants: [] }] }] },
        }),
      },
      { platform: 'dagster' },
    );
    const f = ofRule(doc, 'hidden-team-escalation');
    expect(f.map((x) => `${x.subject.id} ${x.severity}`)).toEqual(['3 medium']);
    expect(JSON.stringify(f[0]!.evidence)).toContain('CATALOG_VIEWER');
  });

  it('CATALOG_VIEWER in grants.csv (any case, as every enumerated value)', async () => {
    const { tables } = await reports({
      'users.csv': csv(USERS, 'a,a@ex.com,A,human,,', 'b,b@ex.com,B,human,,'),
      'grants.csv': csv(GRANTS, 'user,a,organization,,,ADMIN', 'user,b,deployment,1,,catalog_viewer'),
    });
    expect(tables['effective-access']!.find((r) => r.principal_id === 'b')).toMatchObject({ own_role: 'CATALOG_VIEWER' });
  });

  it('CUSTOM with its customRoleId is that custom role (kept, shown, warned, ranked EDITOR)', async () => {
    const { doc, review } = await reports({
      'users.json': usersJson(adminOrg(1, 'a@ex.com'), adminOrg(2, 'b@ex.com'), userEntry(3, 'c@ex.com', { deploymentPermissionGrants: [{ ...grant('CUSTOM', 'cr_release', 1), locationGrants: [] }] })),
    });
    expect(review.find((r) => r.user_id === '3')).toMatchObject({ scope: 'deployment', role: 'custom:cr_release' });
    expect(doc.warnings.map((w) => w.kind)).toContain('custom-role');
  });

  it('CUSTOM without a customRoleId is refused at the grant', () =>
    expectRefused(
      { 'users.json': usersJson(adminOrg(1, 'a@ex.com'), userEntry(3, 'c@ex.com', { organizationPermissionGrant: grant('CUSTOM') })) },
      /users\.json:\d+:\d+: grant is CUSTOM but customRoleId is empty/,
    ));
});

describe('perBaseBranchDeploymentsPermissionGrants', () => {
  const base = (g: string, deploymentId: number) => ({ grant: g, customRoleId: null, deploymentScope: 'ALL_BRANCH_DEPLOYMENTS', deploymentId, locationGrants: [] });

  it("a user's grant on the branch deployments of one base deployment is a scope of its own, named after the base", async () => {
    const { tables, review } = await reports({
      'users.json': usersJson(adminOrg(1, 'a@ex.com'), adminOrg(2, 'b@ex.com'), userEntry(3, 'dev@ex.com', { perBaseBranchDeploymentsPermissionGrants: [base('EDITOR', 1)] })),
      'deployments.json': deploymentsJson,
    });
    expect(review.find((r) => r.user_id === '3')).toMatchObject({
      key: 'base_branch_deployments|1|3|EDITOR',
      scope: 'base_branch_deployments',
      scope_id: '1',
      scope_name: 'Branch deployments of prod',
      role: 'EDITOR',
    });
    expect(tables['effective-access']!.find((r) => r.principal_id === '3')).toMatchObject({ scope: 'base_branch_deployments', effective_role: 'EDITOR' });
  });

  it('ADMIN there makes a user an Admin (inactive-seat high) and a service user privileged', async () => {
    const doc = await audit(
      {
        'users.json': usersJson(adminOrg(1, 'a@ex.com'), adminOrg(2, 'b@ex.com'), userEntry(3, 'dev@ex.com', { perBaseBranchDeploymentsPermissionGrants: [base('ADMIN', 2)] })),
        'service-users.json': JSON.stringify({
          data: { serviceUsersOrError: { __typename: 'ServiceUsersWithScopedPermissionGrants', serviceUsers: [{ id: 'su1', serviceUser: { id: 'svc-ci', name: 'ci', description: null }, organizationPermissionGrant: null, allBranchDeploymentsPermissionGrant: null, perBaseBranchDeploymentsPermissionGrants: [base('ADMIN', 2)], deploymentPermissionGrants: [] }] } },
        }),
        'audit-log.json': log('a@ex.com', 'b@ex.com'),
        'deployments.json': deploymentsJson,
      },
      { platform: 'dagster' },
    );
    expect(ofRule(doc, 'inactive-seat').map((f) => `${f.subject.id} ${f.severity}`)).toEqual(['3 high']);
    const svc = ofRule(doc, 'privileged-service-user');
    expect(svc.map((f) => `${f.subject.id} ${f.severity}`)).toEqual(['svc-ci medium']);
    expect(svc[0]!.message).toContain('branch deployments of staging');
  });

  it("a team's higher grant there than the user's own is a hidden escalation on that scope", async () => {
    const doc = await audit(
      {
        'users.json': usersJson(adminOrg(1, 'a@ex.com'), adminOrg(2, 'b@ex.com'), userEntry(3, 'dev@ex.com', { perBaseBranchDeploymentsPermissionGrants: [base('VIEWER', 1)] })),
        'teams.json': JSON.stringify({
          data: { teamPermissions: [{ id: 'tp1', team: { id: 't1', name: 'Release', members: [{ userId: 3, email: 'dev@ex.com' }] }, organizationPermissionGrant: null, allBranchDeploymentsPermissionGrant: null, perBaseBranchDeploymentsPermissionGrants: [base('ADMIN', 1)], deploymentPermissionGrants: [] }] },
        }),
        'deployments.json': deploymentsJson,
      },
      { platform: 'dagster' },
    );
    const f = ofRule(doc, 'hidden-team-escalation');
    expect(f.map((x) => `${x.subject.id} ${x.severity}`)).toEqual(['3 high']);
    expect(JSON.stringify(f[0]!.evidence)).toContain('branch deployments of prod');
  });

  it("in grants.csv as scope base_branch_deployments with the base deployment's deployment_id", async () => {
    const { review } = await reports({
      'users.csv': csv(USERS, 'a,a@ex.com,A,human,,', 'b,b@ex.com,B,human,,'),
      'grants.csv': csv(GRANTS, 'user,a,organization,,,ADMIN', 'user,b,base_branch_deployments,1,,LAUNCHER'),
    });
    expect(review.find((r) => r.user_id === 'b')).toMatchObject({ scope: 'base_branch_deployments', scope_id: '1', scope_name: 'Branch deployments of 1', role: 'LAUNCHER' });
  });

  it('a base_branch_deployments grant without a deployment_id is refused', () =>
    expectRefused(
      { 'users.csv': csv(USERS, 'a,a@ex.com,A,human,,'), 'grants.csv': csv(GRANTS, 'user,a,base_branch_deployments,,,EDITOR') },
      /grants\.csv:2:4: a base_branch_deployments grant needs a deployment_id \(the base deployment/,
    ));
});

describe('a deployment entry whose own grant is null, with location grants under it', () => {
  it('no deployment-level role; the location grants stand', async () => {
    const { review } = await reports({
      'users.json': usersJson(
        adminOrg(1, 'a@ex.com'),
        userEntry(3, 'loc@ex.com', {
          deploymentPermissionGrants: [{ grant: null, customRoleId: null, deploymentScope: 'DEPLOYMENT', deploymentId: 1, locationGrants: [{ locationName: 'etl', grant: 'LAUNCHER', customRoleId: null }] }],
        }),
      ),
      'deployments.json': deploymentsJson,
    });
    expect(review.filter((r) => r.user_id === '3').map((r) => `${r.scope} ${r.scope_id} ${r.role}`)).toEqual(['code_location 1/etl LAUNCHER']);
  });
});

describe('auditLog or auditLogEntries null: no audit log, as with enabled: false', () => {
  const users = usersJson(adminOrg(1, 'a@ex.com'), userEntry(3, 'c@ex.com'));
  const reason = /not evaluated: the audit log needs Dagster\+ Pro \(audit-log\.json says it is not enabled/;
  for (const [what, body] of [
    ['auditLog null', '{"data": {"auditLog": null}}'],
    ['auditLogEntries null', '{"data": {"auditLog": {"enabled": true, "auditLogEntries": null}}}'],
    ['enabled: false', '{"data": {"auditLog": {"enabled": false, "auditLogEntries": null}}}'],
    ['every page null', '[{"data": {"auditLog": null}}, {"data": {"auditLog": {"auditLogEntries": null}}}]'],
  ] as const) {
    it(`${what}: inactive-seat not evaluated with the reason, sole-admin-risk counts every Organization Admin`, async () => {
      const doc = await audit({ 'users.json': users, 'audit-log.json': body }, { platform: 'dagster' });
      const inactive = doc.rules.find((r) => r.id === 'inactive-seat')!;
      expect(inactive.evaluated).toBe(false);
      expect(inactive.reason).toMatch(reason);
      expect(ofRule(doc, 'inactive-seat')).toEqual([]);
      expect(ofRule(doc, 'sole-admin-risk').map((f) => f.severity)).toEqual(['medium']); // one admin, activity unknown
    });
  }
});

describe('user: null in a user list entry', () => {
  it('a warning naming the entry, not a refusal; the other users are read', async () => {
    const doc = await audit(
      {
        'users.json': usersJson(adminOrg(1, 'a@ex.com'), { ...userEntry(2, 'x@ex.com'), id: 'gone-7', user: null, organizationPermissionGrant: grant('ADMIN') }, adminOrg(3, 'c@ex.com')),
      },
      { platform: 'dagster' },
    );
    const w = doc.warnings.find((x) => x.kind === 'user-entry-without-user')!;
    expect(w).toMatchObject({ file: 'users.json', count: 1 });
    expect(w.examples).toEqual([expect.stringMatching(/^data\.usersOrError\.users\[1\] \(id gone-7\) at line \d+$/)]);
    expect(ofRule(doc, 'sole-admin-risk')).toEqual([]); // users 1 and 3: two Organization Admins
  });
});

describe('a null audit log is not mistaken for "not enabled" when the API said why', () => {
  it('a GraphQL error response with auditLog null is refused with the API\'s message', () =>
    expectRefused(
      { 'users.csv': csv(USERS, 'a,a@ex.com,A,human,,'), 'audit-log.json': '{"errors": [{"message": "Unauthorized: requires Organization Admin"}], "data": {"auditLog": null}}' },
      /audit-log\.json:1:\d+: the file holds a GraphQL error, not auditLog data: "Unauthorized: requires Organization Admin"/,
    ));

  it('an error object in place of the audit log is refused', () =>
    expectRefused(
      { 'users.csv': csv(USERS, 'a,a@ex.com,A,human,,'), 'audit-log.json': '{"data": {"auditLog": {"__typename": "UnauthorizedError", "message": "Not allowed"}}}' },
      /audit-log\.json:1:\d+: auditLog returned an error instead of auditLogEntries: "Not allowed"/,
    ));
});
