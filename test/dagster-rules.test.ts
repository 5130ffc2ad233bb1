// The four Dagster+ rules at their edges (docs/spec/dagster.md). As-of 2026-09-30:
// cutoff C = 2026-07-02T00:00:00Z, evaluation instant 2026-09-30T23:59:59.999Z, grace
// cutoff 2026-08-31T00:00:00Z.
import { describe, expect, it } from 'vitest';
import { audit, csv, ofRule, subjects } from './helpers.js';
import { AUDIT, GRANTS, USERS } from './fixtures/dagster/helpers.js';

const user = (id: string, extra: { created?: string; type?: string } = {}) =>
  `${id},${id}@ex.com,${id.toUpperCase()},${extra.type ?? 'human'},,${extra.created ?? '2024-01-01'}`;
const seen = (id: string, ts = '2026-09-15T00:00:00Z') => `${ts},LOG_IN,${id}@ex.com,prod`;
const TEAMS = csv('team_id,name', 'ops,Ops', 'eng,Eng', 'data,Data');

describe('inactive-seat', () => {
  it('puts the cutoff at 00:00:00 UTC of as-of minus 90 days: an entry at the cutoff is activity, one millisecond earlier is not', async () => {
    const doc = await audit({
      'users.csv': csv(USERS, user('at'), user('before')),
      'audit_log.csv': csv(AUDIT, '2026-07-02T00:00:00Z,LOG_IN,at@ex.com,', '2026-07-01T23:59:59.999Z,LAUNCH_RUN,before@ex.com,prod'),
    });
    expect(subjects(doc, 'inactive-seat')).toEqual(['before']);
    expect(ofRule(doc, 'inactive-seat')[0]!.evidence).toMatchObject({ last_seen: '2026-07-01T23:59:59.999Z', days_since_last_seen: 91 });
  });

  it('matches audit-log authors to users by email, case-insensitively, whatever the event type', async () => {
    const doc = await audit({
      'users.csv': csv(USERS, '1,Ana.Diaz@Ex.com,Ana,human,,2020-01-01', '2,ben@ex.com,Ben,human,,2020-01-01'),
      'audit_log.csv': csv(AUDIT, '2026-09-01T00:00:00Z,UPDATE_SENSOR,ANA.DIAZ@EX.COM,prod'),
    });
    expect(subjects(doc, 'inactive-seat')).toEqual(['2']);
  });

  it('ignores entries after the evaluation instant (and warns), but counts the last millisecond of the as-of day', async () => {
    const doc = await audit({
      'users.csv': csv(USERS, user('future'), user('lastms')),
      'audit_log.csv': csv(AUDIT, '2026-10-01T00:00:00Z,LOG_IN,future@ex.com,', '2026-09-30T23:59:59.999Z,LOG_IN,lastms@ex.com,'),
    });
    expect(subjects(doc, 'inactive-seat')).toEqual(['future']);
    expect(doc.warnings.find((w) => w.kind === 'future-events')).toMatchObject({ file: 'audit_log.csv', count: 1 });
  });

  it('spares users created inside the grace period and never seen; not those created before it, nor those with no created_at', async () => {
    const doc = await audit({
      'users.csv': csv(USERS, user('newhire', { created: '2026-08-31T00:00:00Z' }), user('older', { created: '2026-08-30T23:59:59Z' }),
        '3,nocreated@ex.com,No Created,human,,', user('active')),
      'audit_log.csv': csv(AUDIT, seen('active')),
    });
    expect(subjects(doc, 'inactive-seat')).toEqual(['3', 'older']);
  });

  it('never reports service users: they hold no seat', async () => {
    const doc = await audit({
      'users.csv': csv(USERS, user('svc', { type: 'service' }), user('human')),
      'grants.csv': csv(GRANTS, 'service_user,svc,organization,,,ADMIN'),
      'audit_log.csv': csv(AUDIT, seen('someone-else')),
    });
    expect(subjects(doc, 'inactive-seat')).toEqual(['human']);
  });

  it('is high for ADMIN on a deployment (own or a team\'s), all branch deployments or the organization; medium for a code location ADMIN, a custom role or EDITOR', async () => {
    const doc = await audit({
      'users.csv': csv(USERS, ...['own', 'team', 'branch', 'org', 'loc', 'custom', 'editor', 'teamorg'].map((u) => user(u))),
      'teams.csv': TEAMS,
      'team_members.csv': csv('team_id,user_id', 'ops,team', 'eng,teamorg'),
      'grants.csv': csv(GRANTS,
        'user,own,deployment,1,,ADMIN', 'team,ops,deployment,1,,ADMIN', 'user,branch,all_branch_deployments,,,ADMIN',
        'user,org,organization,,,ADMIN', 'user,loc,code_location,1,etl,ADMIN', 'user,custom,deployment,1,,cr-42',
        'user,editor,deployment,1,,EDITOR', 'team,eng,organization,,,ADMIN'),
      'audit_log.csv': csv(AUDIT, seen('nobody')),
    });
    const sev = Object.fromEntries(ofRule(doc, 'inactive-seat').map((f) => [f.subject.id, f.severity]));
    expect(sev).toEqual({ own: 'high', team: 'high', branch: 'high', org: 'high', teamorg: 'high', loc: 'medium', custom: 'medium', editor: 'medium' });
    const teamorg = ofRule(doc, 'inactive-seat').find((f) => f.subject.id === 'teamorg')!;
    expect(teamorg.evidence).toMatchObject({ organization_admin: true, highest_role: 'ORGANIZATION ADMIN', teams: ['Eng'] });
    expect(teamorg.message).toBe('TEAMORG holds a Dagster+ seat as Organization Admin and has never been seen in the audit log.');
  });

  it('is not evaluated without an audit log, and calls nobody inactive', async () => {
    const doc = await audit({
      'users.csv': csv(USERS, user('a'), user('b')),
      'grants.csv': csv(GRANTS, 'user,a,organization,,,ADMIN', 'user,b,organization,,,ADMIN'),
    });
    const status = doc.rules.find((r) => r.id === 'inactive-seat')!;
    expect(status.evaluated).toBe(false);
    expect(status.reason).toMatch(/the audit log needs Dagster\+ Pro/);
    expect(ofRule(doc, 'inactive-seat')).toEqual([]);
  });

  it('marks never-seen users insufficient-data when the log starts after the cutoff; users seen before the cutoff stay normal', async () => {
    const doc = await audit({
      'users.csv': csv(USERS, user('never'), user('seen')),
      'audit_log.csv': csv(AUDIT, '2026-08-01T00:00:00Z,LOG_IN,seen@ex.com,'),
    });
    expect(ofRule(doc, 'inactive-seat').map((f) => [f.subject.id, f.confidence])).toEqual([['never', 'insufficient-data']]);
    expect(doc.warnings.find((w) => w.kind === 'insufficient-coverage')).toMatchObject({ count: 1, examples: ['NEVER'] });

    const proven = await audit({
      'users.csv': csv(USERS, user('never'), user('old')),
      'audit_log.csv': csv(AUDIT, '2026-01-01T00:00:00Z,LOG_IN,old@ex.com,'),
    });
    expect(ofRule(proven, 'inactive-seat').map((f) => [f.subject.id, f.confidence])).toEqual([
      ['never', 'normal'],
      ['old', 'normal'],
    ]);
  });

  it('does not credit entries without an author (agent tokens) to anyone, and warns about authors who match no user', async () => {
    const doc = await audit({
      'users.csv': csv(USERS, user('a')),
      'audit_log.csv': csv(AUDIT, '2026-09-01T00:00:00Z,LAUNCH_RUN,,prod', '2026-09-01T00:00:00Z,LOG_IN,gone@ex.com,prod', '2026-09-02T00:00:00Z,LOG_IN,Gone@ex.com,prod'),
    });
    expect(subjects(doc, 'inactive-seat')).toEqual(['a']);
    expect(doc.warnings.find((w) => w.kind === 'unmatched-audit-author')).toMatchObject({ count: 2, examples: ['gone@ex.com'] });
  });
});

describe('hidden-team-escalation', () => {
  const run = (grants: string[], members = ['ops,u'], users = [user('u')]) =>
    audit({
      'users.csv': csv(USERS, ...users),
      'teams.csv': TEAMS,
      'team_members.csv': csv('team_id,user_id', ...members),
      'grants.csv': csv(GRANTS, ...grants),
    });

  it('reports a team granting more on the very deployment where the user has a grant of their own; high when the team grants ADMIN', async () => {
    const high = await run(['user,u,deployment,1,,VIEWER', 'team,ops,deployment,1,,ADMIN']);
    expect(ofRule(high, 'hidden-team-escalation')).toHaveLength(1);
    const f = ofRule(high, 'hidden-team-escalation')[0]!;
    expect(f).toMatchObject({ severity: 'high', subject: { kind: 'user', id: 'u', name: 'U' } });
    expect(f.evidence.escalations).toEqual([{ scope: 'deployment', scope_id: '1', scope_name: '1', own_role: 'VIEWER', team_role: 'ADMIN', team_id: 'ops', team: 'Ops' }]);
    expect(ofRule(await run(['user,u,deployment,1,,VIEWER', 'team,ops,deployment,1,,EDITOR']), 'hidden-team-escalation')[0]!.severity).toBe('medium');
  });

  it('says nothing when the team grants the same role or less', async () => {
    expect(subjects(await run(['user,u,deployment,1,,EDITOR', 'team,ops,deployment,1,,EDITOR']), 'hidden-team-escalation')).toEqual([]);
    expect(subjects(await run(['user,u,deployment,1,,ADMIN', 'team,ops,deployment,1,,VIEWER']), 'hidden-team-escalation')).toEqual([]);
  });

  it('does not count a team grant inherited from a wider scope: an organization-level team ADMIN is no escalation of a deployment grant', async () => {
    const doc = await run(['user,u,deployment,1,,VIEWER', 'team,ops,organization,,,ADMIN', 'team,ops,deployment,2,,ADMIN']);
    expect(subjects(doc, 'hidden-team-escalation')).toEqual([]);
    // …but it is one on the organization scope itself, when the user has an organization grant of their own
    const org = await run(['user,u,organization,,,VIEWER', 'team,ops,organization,,,ADMIN']);
    expect(ofRule(org, 'hidden-team-escalation')[0]!.evidence.summary).toEqual(['organization: own VIEWER, team Ops ADMIN']);
  });

  it('compares code locations and all branch deployments scope by scope; a deployment-level team grant does not escalate a location grant', async () => {
    const doc = await run([
      'user,u,code_location,1,etl,LAUNCHER', 'team,ops,code_location,1,etl,EDITOR',
      'user,u,code_location,1,ml,VIEWER', 'team,ops,deployment,1,,ADMIN', 'team,ops,code_location,2,ml,ADMIN',
      'user,u,all_branch_deployments,,,VIEWER', 'team,ops,all_branch_deployments,,,LAUNCHER',
    ], ['ops,u'], [user('u')]);
    const f = ofRule(doc, 'hidden-team-escalation')[0]!;
    expect(f.severity).toBe('medium');
    expect(f.evidence.summary).toEqual(['all branch deployments: own VIEWER, team Ops LAUNCHER', 'code location etl in 1: own LAUNCHER, team Ops EDITOR']);
  });

  it('ranks a custom role as EDITOR, on either side', async () => {
    expect(subjects(await run(['user,u,deployment,1,,cr-1', 'team,ops,deployment,1,,EDITOR']), 'hidden-team-escalation')).toEqual([]);
    const up = await run(['user,u,deployment,1,,cr-1', 'team,ops,deployment,1,,ADMIN']);
    expect(ofRule(up, 'hidden-team-escalation')[0]!.evidence.summary).toEqual(['deployment 1: own custom:cr-1, team Ops ADMIN']);
    const team = await run(['user,u,deployment,1,,LAUNCHER', 'team,ops,deployment,1,,cr-2']);
    expect(ofRule(team, 'hidden-team-escalation')[0]).toMatchObject({ severity: 'medium', evidence: { highest_team_role: 'EDITOR' } });
    expect(team.warnings.find((w) => w.kind === 'custom-role')).toMatchObject({ count: 1 });
  });

  it('ignores AGENT grants on either side, and warns about them', async () => {
    const doc = await run(['user,u,deployment,1,,VIEWER', 'team,ops,deployment,1,,AGENT', 'user,u,deployment,2,,AGENT', 'team,ops,deployment,2,,VIEWER']);
    expect(subjects(doc, 'hidden-team-escalation')).toEqual([]);
    expect(doc.warnings.find((w) => w.kind === 'agent-grant-ignored')).toMatchObject({ count: 2 });
  });

  it('lists every escalated scope and team, sorted; names deployments when they were exported', async () => {
    const doc = await audit({
      'users.csv': csv(USERS, user('u')),
      'teams.csv': TEAMS,
      'deployments.csv': csv('deployment_id,name,type', '1,prod,PRODUCTION', '2,dev,DEV'),
      'team_members.csv': csv('team_id,user_id', 'ops,u', 'data,u'),
      'grants.csv': csv(GRANTS, 'user,u,deployment,2,,VIEWER', 'user,u,deployment,1,,VIEWER', 'team,ops,deployment,1,,EDITOR', 'team,data,deployment,1,,LAUNCHER', 'team,data,deployment,2,,ADMIN'),
    });
    const f = ofRule(doc, 'hidden-team-escalation')[0]!;
    expect(f.severity).toBe('high');
    expect(f.evidence.summary).toEqual(['deployment dev: own VIEWER, team Data ADMIN', 'deployment prod: own VIEWER, team Data LAUNCHER', 'deployment prod: own VIEWER, team Ops EDITOR']);
    expect(f.evidence.scope_count).toBe(2);
  });

  it('is about human users only: a team grant never reaches a service user listed as a member (warned)', async () => {
    const doc = await run(['service_user,svc,deployment,1,,VIEWER', 'team,ops,deployment,1,,ADMIN'], ['ops,svc'], [user('svc', { type: 'service' })]);
    expect(subjects(doc, 'hidden-team-escalation')).toEqual([]);
    expect(subjects(doc, 'privileged-service-user')).toEqual([]);
    expect(doc.warnings.find((w) => w.kind === 'principal-type-mismatch')).toMatchObject({ examples: ['service user svc in team ops'] });
  });

  it('is not evaluated without team memberships', async () => {
    const doc = await audit({ 'users.csv': csv(USERS, user('u')), 'grants.csv': csv(GRANTS, 'user,u,deployment,1,,VIEWER', 'team,ops,deployment,1,,ADMIN') });
    expect(doc.rules.find((r) => r.id === 'hidden-team-escalation')).toMatchObject({ evaluated: false, reason: expect.stringMatching(/team memberships/) });
  });
});

describe('sole-admin-risk', () => {
  const run = (grants: string[], log: string[] | null, members: string[] = [], users = ['a', 'b', 'c'].map((u) => user(u))) =>
    audit({
      'users.csv': csv(USERS, ...users),
      'teams.csv': TEAMS,
      'team_members.csv': csv('team_id,user_id', ...members),
      'grants.csv': csv(GRANTS, ...grants),
      ...(log ? { 'audit_log.csv': csv(AUDIT, ...log) } : {}),
    });

  it('says nothing with two active human Organization Admins; medium with one; high with none', async () => {
    expect(ofRule(await run(['user,a,organization,,,ADMIN', 'user,b,organization,,,ADMIN'], [seen('a'), seen('b')]), 'sole-admin-risk')).toEqual([]);
    const one = ofRule(await run(['user,a,organization,,,ADMIN', 'user,b,organization,,,ADMIN'], [seen('a'), seen('b', '2026-01-01T00:00:00Z')]), 'sole-admin-risk');
    expect(one).toMatchObject([{ severity: 'medium', subject: { kind: 'organization', id: 'organization' }, evidence: { active_admins: 1, organization_admins: 2 } }]);
    expect(one[0]!.message).toBe('The organization has only one active human Organization Admin (2 in total: A (own grant; last seen 2026-09-15), B (own grant; last seen 2026-01-01, inactive)).');
    const none = ofRule(await run(['user,a,deployment,1,,ADMIN'], [seen('a')]), 'sole-admin-risk');
    expect(none).toMatchObject([{ severity: 'high', evidence: { active_admins: 0, organization_admins: 0 } }]);
  });

  it('counts Organization Admins through a team, but not service users, custom roles at organization scope, or deployment ADMINs', async () => {
    const viaTeam = await run(['team,eng,organization,,,ADMIN'], [seen('a'), seen('b')], ['eng,a', 'eng,b']);
    expect(ofRule(viaTeam, 'sole-admin-risk')).toEqual([]);
    const doc = await run(
      ['user,a,organization,,,ADMIN', 'service_user,svc,organization,,,ADMIN', 'user,b,organization,,,cr-owner', 'user,c,deployment,1,,ADMIN'],
      [seen('a'), seen('b'), seen('c')],
      [],
      [user('a'), user('b'), user('c'), user('svc', { type: 'service' })],
    );
    expect(ofRule(doc, 'sole-admin-risk')).toMatchObject([{ severity: 'medium', evidence: { active_admins: 1, organization_admins: 1 } }]);
  });

  it('without an audit log counts every Organization Admin (activity unknown)', async () => {
    const two = await run(['user,a,organization,,,ADMIN', 'user,b,organization,,,ADMIN'], null);
    expect(two.rules.find((r) => r.id === 'sole-admin-risk')).toMatchObject({ evaluated: true, findings: 0 });
    const one = ofRule(await run(['user,a,organization,,,ADMIN'], null), 'sole-admin-risk');
    expect(one).toMatchObject([{ severity: 'medium', evidence: { activity_known: false, active_admins: 1 } }]);
    expect(one[0]!.message).toBe('The organization has only one human Organization Admin (1 in total: A (own grant; activity unknown)).');
  });

  it('is insufficient-data when an admin left out as inactive was only never seen in a log that starts after the cutoff', async () => {
    const doc = await run(['user,a,organization,,,ADMIN', 'user,b,organization,,,ADMIN'], ['2026-08-01T00:00:00Z,LOG_IN,a@ex.com,']);
    expect(ofRule(doc, 'sole-admin-risk')).toMatchObject([{ severity: 'medium', confidence: 'insufficient-data' }]);
  });

  it('is not evaluated without grants of users', async () => {
    const doc = await audit({ 'users.csv': csv(USERS, user('a')), 'audit_log.csv': csv(AUDIT, seen('a')) });
    expect(doc.rules.find((r) => r.id === 'sole-admin-risk')).toMatchObject({ evaluated: false, reason: 'not evaluated: no grants of users (grants.csv or users.json)' });
    expect(doc.rules.find((r) => r.id === 'privileged-service-user')!.evaluated).toBe(false);
  });
});

describe('privileged-service-user', () => {
  it('is high for an Organization Admin service user, medium for ADMIN on a deployment or all branch deployments, nothing below or on a code location only', async () => {
    const svcs = ['org', 'dep', 'branch', 'loc', 'editor', 'custom', 'agent'];
    const doc = await audit({
      'users.csv': csv(USERS, ...svcs.map((s) => user(s, { type: 'service' })), user('human')),
      'grants.csv': csv(GRANTS,
        'service_user,org,organization,,,ADMIN', 'service_user,org,deployment,1,,ADMIN', 'service_user,dep,deployment,1,,ADMIN',
        'service_user,dep,deployment,2,,Admin', 'service_user,branch,all_branch_deployments,,,ADMIN', 'service_user,loc,code_location,1,etl,ADMIN',
        'service_user,editor,deployment,1,,EDITOR', 'service_user,custom,organization,,,cr-7', 'service_user,agent,deployment,1,,AGENT',
        'user,human,organization,,,ADMIN'),
    });
    const found = ofRule(doc, 'privileged-service-user');
    expect(found.map((f) => [f.subject.id, f.severity, f.subject.kind])).toEqual([
      ['org', 'high', 'service_user'],
      ['branch', 'medium', 'service_user'],
      ['dep', 'medium', 'service_user'],
    ]);
    expect(found[2]!.evidence).toEqual({ organization_admin: false, admin_scopes: ['deployment 1', 'deployment 2'], admin_scope_count: 2 });
    expect(found[0]!.message).toBe('Service user ORG is an Organization Admin: a leaked token of it is an admin.');
  });
});
