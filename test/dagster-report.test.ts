// The Dagster+ report tables the workbook and page writers read: the Review sheet (one row
// per grant and team membership), effective access, the seat count and the seat view.
import { loadReportTables } from '../src/report/tables.js';
import { describe, expect, it } from 'vitest';
import { csv } from './helpers.js';
import { AUDIT, GRANTS, NATIVE, SAMPLE, USERS, reports } from './fixtures/dagster/helpers.js';

const REVIEW_COLUMNS = [
  'key', 'user_id', 'user_name', 'scope', 'scope_id', 'scope_name', 'role', 'reviewer', 'related_findings',
  'reviewer_email', 'reviewer_basis', 'full_name', 'email', 'account_status', 'license', 'last_seen',
  'findings_text', 'suggestion', 'person_status', 'department', 'manager', 'privileged',
];

describe('report tables', () => {
  it('are described as ReportTableSpecs whose columns are exactly what their queries return', async () => {
    const specs = loadReportTables('dagster');
    expect(specs.map((t) => t.id)).toEqual(['effective-access', 'last-seen', 'seat-holders', 'seats', 'seats-by-role', 'seats-since']);
    const { tables, review } = await reports(SAMPLE, { config: { purchased_seats: 35 } });
    for (const spec of specs) {
      const rows = tables[spec.id]!;
      expect(rows.length, spec.id).toBeGreaterThan(0);
      expect(Object.keys(rows[0]!), spec.id).toEqual(spec.columns.map((c) => c.key));
    }
    expect(Object.keys(review[0]!)).toEqual(REVIEW_COLUMNS);
  });

  it('Review: one row per own grant and per team membership, each reviewed by one other Organization Admin, with stable keys', async () => {
    const { review } = await reports(NATIVE);
    const keys = review.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    // one person each, by e-mail (how Dagster+ knows a user), never the row's own user
    expect(new Set(review.map((r) => r.reviewer))).toEqual(new Set(['ana@ex.com', 'di@ex.com']));
    for (const r of review) expect(r.reviewer).not.toBe(r.email);
    expect(new Set(review.filter((r) => r.user_name === 'Ana Admin').map((r) => r.reviewer))).toEqual(new Set(['di@ex.com']));
    expect(new Set(review.map((r) => r.reviewer_basis))).toEqual(new Set(['Organization Admin']));
    expect(new Set(review.map((r) => r.scope))).toEqual(new Set(['organization', 'deployment', 'branch_deployments', 'code_location', 'team']));
    const row = (key: string) => review.find((r) => r.key === key);
    expect(row('organization|organization|11|ADMIN')).toMatchObject({ user_name: 'Ana Admin', scope_name: 'Organization', related_findings: 'sole-admin-risk:organization' });
    expect(row('team|t-eng|14|MEMBER')).toMatchObject({ scope_name: 'Eng (grants ADMIN on organization)', related_findings: 'inactive-seat:14; sole-admin-risk:organization' });
    expect(row('code_location|1/etl|15|LAUNCHER')).toMatchObject({ scope_name: 'prod / etl', related_findings: 'hidden-team-escalation:15' });
    expect(row('branch_deployments|all|16|VIEWER')).toMatchObject({ scope_name: 'All branch deployments' });
    expect(row('deployment|2|15|custom:cr-9')).toMatchObject({ role: 'custom:cr-9', scope_name: 'dev' });
    expect(row('organization|organization|svc-2|ADMIN')).toMatchObject({ user_name: 'admin-bot', related_findings: 'privileged-service-user:svc-2; sole-admin-risk:organization' });
    // AGENT grants are no one's access to review; unknown team members have no row
    expect(keys.filter((k) => String(k).includes('svc-3') || String(k).includes('|99|'))).toEqual([]);
    expect(review).toHaveLength(14);
  });

  it('effective access: own, team and inherited roles per scope; an organization grant reaches every deployment', async () => {
    const { tables } = await reports({
      'users.csv': csv(USERS, 'u,u@ex.com,U,human,,'),
      'teams.csv': csv('team_id,name', 'all,All Engineers', 'ml,ML'),
      'team_members.csv': csv('team_id,user_id', 'all,u', 'ml,u'),
      'deployments.csv': csv('deployment_id,name', '1,prod'),
      'grants.csv': csv(GRANTS, 'team,all,organization,,,LAUNCHER', 'user,u,deployment,1,,VIEWER', 'user,u,code_location,1,ml_models,VIEWER', 'team,ml,code_location,1,ml_models,EDITOR'),
    });
    expect(tables['effective-access']!.map((r) => [r.scope, r.scope_name, r.own_role, r.team_role, r.teams, r.inherited_role, r.inherited_from, r.effective_role, r.understated])).toEqual([
      ['organization', 'Organization', null, 'LAUNCHER', ['All Engineers'], null, [], 'LAUNCHER', false],
      ['deployment', 'prod', 'VIEWER', null, [], 'LAUNCHER', ['organization'], 'LAUNCHER', false],
      ['code_location', 'prod / ml_models', 'VIEWER', 'EDITOR', ['ML'], 'LAUNCHER', ['organization'], 'EDITOR', true],
    ]);
  });

  it('seats: humans count, service users never; against purchased_seats from the config', async () => {
    const files = {
      'users.csv': csv(USERS, 'a,a@ex.com,A,human,,', 'b,b@ex.com,B,human,,', 's1,bot,Bot,service,,', 's2,bot2,Bot 2,service,,'),
      'grants.csv': csv(GRANTS, 'service_user,s1,organization,,,ADMIN'),
      'audit_log.csv': csv(AUDIT, '2025-01-01T00:00:00Z,LOG_IN,x@ex.com,', '2026-09-01T00:00:00Z,LOG_IN,a@ex.com,'),
    };
    const { tables } = await reports(files, { config: { purchased_seats: 1 } });
    expect(tables.seats).toEqual([
      { seats_used: 2, active_seats: 1, inactive_seats: 1, never_seen: 1, unproven_inactive: 0, service_users: 2, purchased_seats: 1, seats_over_purchase: 1,
        over_deployed: 1, unused_purchased: 0, projected: 1, seat_price: null, cost_in_use_year: null, cost_purchased_year: null, potential_savings_year: null,
        note: 'over the purchased seats by 1; seat_price is not set in the config: costs unknown' },
    ]);
    // Priced: seat_price a month, × 12 × seats; the contract is the purchased seats.
    const priced = await reports(files, { config: { purchased_seats: 1, seat_price: 40 } });
    expect(priced.tables.seats![0]).toMatchObject({ seat_price: 40, cost_in_use_year: 960, cost_purchased_year: 480, potential_savings_year: 480, note: 'over the purchased seats by 1' });
    expect(priced.doc.seats).toEqual([
      { license: 'Dagster+ seat', tier: null, monthly_price: 40, purchased: 1, in_use: 2, idle: 1, over_deployed: 1, unused_purchased: 0, projected: 1, cost_in_use_year: 960, cost_purchased_year: 480 },
    ]);
    expect(tables['seat-holders']!.map((r) => [r.user_id, r.counts_as_seat, r.activity])).toEqual([
      ['a', true, 'active'],
      ['b', true, 'inactive (never seen)'],
      ['s1', false, 'service user: no seat, no login'],
      ['s2', false, 'service user: no seat, no login'],
    ]);
    const without = await reports({ 'users.csv': files['users.csv'], 'grants.csv': files['grants.csv'] });
    expect(without.tables.seats![0]).toMatchObject({ seats_used: 2, active_seats: null, inactive_seats: null, purchased_seats: null, projected: null,
      note: 'purchased_seats is not set in the config; activity unknown: the audit log needs Dagster+ Pro; seat_price is not set in the config: costs unknown' });
    expect(without.doc.seats).toEqual([
      { license: 'Dagster+ seat', tier: null, monthly_price: null, purchased: null, in_use: 2, idle: null, over_deployed: null, unused_purchased: null, projected: null, cost_in_use_year: null, cost_purchased_year: null },
    ]);
    expect(without.tables['seat-holders']![0]!.activity).toBe('unknown (no audit log)');
  });
});
