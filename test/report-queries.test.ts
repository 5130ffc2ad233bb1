// The report SQL (queries/domino/report/) on the hand-computed fixture.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadQuery } from '../src/db.js';
import { loadReportTables } from '../src/report/tables.js';
import { buildFixture, type Fixture } from './fixtures/report/helpers.js';
import { findingId } from './fixtures/report/findings.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await buildFixture();
});
afterAll(() => fx?.close());

type Row = Record<string, unknown>;
const byLicense = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.license as string, r]));

describe('licenses.sql (the license position)', () => {
  let rows: Row[];
  beforeAll(async () => {
    rows = await fx.ctx.db.all(loadQuery('domino/report/licenses.sql'));
  });

  test('one row per catalog license, an Unknown license row, then Total', () => {
    expect(rows.map((r) => r.license)).toEqual(['Lite', 'Data Analyst', 'Data Science Professional', 'Unknown license', 'Total']);
  });

  test('in use: active accounts holding the license, Lite included; idle = inactive-seat findings', () => {
    const l = byLicense(rows);
    // Data Analyst: bob, +1, svc-etl, carol, dave (the deactivated holder does not count).
    expect(l['Data Analyst']).toMatchObject({ in_use: 5, active_in_use: 3, idle: 2, service_accounts: 1 });
    expect(l['Lite']).toMatchObject({ in_use: 1, idle: 0 });
    expect(l['Unknown license']).toMatchObject({ in_use: 1, idle: 1, tier: null });
    expect(l['Total']).toMatchObject({ in_use: 12, idle: 4 });
  });

  test('reclaimable = open inactive-seat findings; the excepted service account is kept', () => {
    const l = byLicense(rows);
    expect(l['Data Analyst']!.reclaimable).toBe(1); // bob; svc-etl is excepted
    expect(l['Data Science Professional']!.reclaimable).toBe(1);
    expect(l['Unknown license']!.reclaimable).toBe(1);
  });

  test('over/under from mislicensed-user evidence, priced from the catalog', () => {
    const l = byLicense(rows);
    // +1 needs Professional: (450 − 150) × 12.
    expect(l['Data Analyst']).toMatchObject({ under_licensed: 1, upgrade_cost_year: 3600 });
    // -2 → Lite saves 450, @SUM(A1) → Data Analyst saves 300, eve's idle seat 450: a month.
    expect(l['Data Science Professional']).toMatchObject({ over_licensed: 2, potential_savings_year: (450 + 450 + 300) * 12 });
    expect(l['Data Analyst']!.potential_savings_year).toBe(150 * 12);
  });

  test('projected: idle seats given back, mislicensed users moved to the suggested license', () => {
    const l = byLicense(rows);
    // Data Analyst 5 − bob − +1 (up to Professional) + @SUM(A1) (down from Professional).
    expect(l['Data Analyst']!.projected).toBe(4);
    // Professional 5 − the idle ProjectManager − -2 − @SUM(A1) + +1.
    expect(l['Data Science Professional']!.projected).toBe(3);
    expect(l['Lite']!.projected).toBe(2); // -2 moves down to Lite
    expect(l['Unknown license']!.projected).toBe(0);
    expect(l['Total']!.projected).toBe(9);
  });

  test('costs per year from monthly_price, in use and purchased; unknown price is NULL, never zero', () => {
    const l = byLicense(rows);
    expect(l['Data Analyst']).toMatchObject({ monthly_price: 150, cost_in_use_year: 9000, cost_purchased_year: 7200 });
    expect(l['Unknown license']).toMatchObject({ monthly_price: null, cost_in_use_year: null, cost_purchased_year: null, potential_savings_year: null });
    expect(l['Unknown license']!.note).toContain('Enterprise Gold');
    expect(l['Total']).toMatchObject({ cost_in_use_year: 36000, cost_purchased_year: 23400 });
    expect(l['Total']!.note).toMatch(/known amounts only.*Unknown license/);
  });

  test('purchased seats: over-deployed and unused per license, never netted in the Total', () => {
    const l = byLicense(rows);
    expect(l['Data Analyst']).toMatchObject({ purchased: 4, over_deployed: 1, unused_purchased: 0 });
    expect(l['Data Science Professional']).toMatchObject({ purchased: 3, over_deployed: 2, unused_purchased: 0 });
    expect(l['Lite']).toMatchObject({ purchased: null, over_deployed: null, unused_purchased: null });
    expect(l['Total']).toMatchObject({ purchased: 7, over_deployed: 3, unused_purchased: 0 });
  });

  test('a catalog with no prices gives unknown money everywhere, the Total included (not 0)', async () => {
    const f = await buildFixture({
      extraSql: `UPDATE licenses SET monthly_price = NULL, purchased_seats = NULL;
                 UPDATE user_state SET license_known = TRUE, license_name = 'Data Analyst', license_tier = 1, monthly_price = NULL WHERE NOT license_known;
                 UPDATE user_state SET monthly_price = NULL;`,
    });
    try {
      const r = byLicense(await f.ctx.db.all(loadQuery('domino/report/licenses.sql')));
      expect(r['Data Analyst']).toMatchObject({ cost_in_use_year: null, upgrade_cost_year: null, potential_savings_year: null, over_deployed: null });
      expect(r['Data Science Professional']).toMatchObject({ potential_savings_year: null });
      expect(r['Data Analyst']!.note).toMatch(/No price/);
      expect(r['Total']).toMatchObject({ cost_in_use_year: null, cost_purchased_year: null, potential_savings_year: null, upgrade_cost_year: null });
    } finally {
      f.close();
    }
  });

  test('every column of the spec comes out of the query', () => {
    const spec = loadReportTables('domino').find((t) => t.id === 'licenses')!;
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(spec.columns.map((c) => c.key)));
  });
});

describe('licenses_chargeback.sql', () => {
  const cost = (rows: Row[], by: string, name: string, license: string) => rows.find((r) => r.group_by === by && r.group_name === name && r.license === license);

  test('per organization: members count in each, their cost split between them; no roster, no department rows', async () => {
    const rows = await fx.ctx.db.all(loadQuery('domino/report/licenses_chargeback.sql'));
    expect(new Set(rows.map((r) => r.group_by))).toEqual(new Set(['Organization']));
    const byOrg = (license: string) => rows.filter((r) => r.license === license);
    // Allocated costs add up to the Licenses sheet's cost in use, license by license.
    const lic = byLicense(await fx.ctx.db.all(loadQuery('domino/report/licenses.sql')));
    for (const l of ['Data Analyst', 'Data Science Professional']) {
      const sum = byOrg(l).reduce((n, r) => n + (r.allocated_cost_year as number), 0);
      expect(sum, l).toBeCloseTo(lic[l]!.cost_in_use_year as number, 6);
    }
    expect(rows.filter((r) => r.license === 'Unknown license').every((r) => r.cost_in_use_year === null)).toBe(true);
  });

  test('per department and cost center from the identity roster (person_of_account)', async () => {
    const f = await buildFixture({
      extraSql: `INSERT INTO person_of_account (user_id, person_email, department, cost_center, source) VALUES
                   ('u02', 'bob@example.com', 'Finance', 'CC-100', 'hr-roster.csv'),
                   ('u04', 'plus@example.com', 'Finance', 'CC-200', 'hr-roster.csv'),
                   ('u13', 'dave@example.com', 'Research', 'CC-200', 'hr-roster.csv'),
                   ('u01', 'alice@example.com', ' ', NULL, 'hr-roster.csv');`,
    });
    try {
      const rows = await f.ctx.db.all(loadQuery('domino/report/licenses_chargeback.sql'));
      expect(cost(rows, 'Department', 'Finance', 'Data Analyst')).toMatchObject({ seats: 2, idle: 1, cost_in_use_year: 3600, allocated_cost_year: 3600 });
      expect(cost(rows, 'Department', 'Research', 'Data Analyst')).toMatchObject({ seats: 1, cost_in_use_year: 1800 });
      // svc-etl and carol hold Data Analyst seats but are not in the roster.
      expect(cost(rows, 'Department', '(not in the roster)', 'Data Analyst')).toMatchObject({ seats: 2 });
      expect(cost(rows, 'Department', '(no department)', 'Data Science Professional')).toMatchObject({ seats: 1 }); // alice
      expect(cost(rows, 'Cost center', 'CC-200', 'Data Analyst')).toMatchObject({ seats: 2, cost_in_use_year: 3600 });
      expect(cost(rows, 'Cost center', 'CC-100', 'Data Analyst')).toMatchObject({ seats: 1, idle: 1 });
      // Every department's seats add up to the license's seats in use.
      const da = rows.filter((r) => r.group_by === 'Department' && r.license === 'Data Analyst').reduce((n, r) => n + (r.seats as number), 0);
      expect(da).toBe(5);
    } finally {
      f.close();
    }
  });
});

describe('review.sql (the Review sheet contract)', () => {
  let rows: Row[];
  beforeAll(async () => {
    rows = await fx.ctx.db.all(loadQuery('domino/report/review.sql'));
  });
  const row = (key: string) => rows.find((r) => r.key === key);

  test('columns in contract order, then the context columns; keys unique and made of scope|scope_id|user_id|role', () => {
    expect(Object.keys(rows[0]!)).toEqual([
      'key', 'user_id', 'user_name', 'scope', 'scope_id', 'scope_name', 'role', 'reviewer', 'related_findings',
      'reviewer_email', 'reviewer_basis', 'full_name', 'email', 'account_status', 'license', 'last_seen',
      'findings_text', 'suggestion', 'person_status', 'department', 'manager', 'privileged',
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    for (const r of rows) expect(r.key).toBe(`${r.scope}|${r.scope_id}|${r.user_id}|${r.role}`);
  });

  test('every entitlement is there once: system roles, organization roles, project roles and owners', () => {
    const count = (scope: string) => rows.filter((r) => r.scope === scope).length;
    expect(count('system')).toBe(7);
    expect(count('organization')).toBe(7);
    // 9 member rows + one Owner row per project from owner_id (a member also listed as
    // Owner and as owner_id would appear once).
    expect(count('project')).toBe(9 + 6);
  });

  test('a reviewer is one person, never the row\'s own user', () => {
    for (const r of rows) {
      expect(String(r.reviewer)).not.toMatch(/; |System administrators/);
      expect(r.reviewer).not.toBe(r.user_name);
    }
  });

  test('system roles go to another system administrator; the only SysAdmin\'s own roles are unassigned', () => {
    expect(row('system|system|u03|ProjectManager')).toMatchObject({ reviewer: 'alice', reviewer_email: 'alice@example.com', reviewer_basis: 'system administrator' });
    expect(row('system|system|u01|SysAdmin')).toMatchObject({ reviewer: 'unassigned', reviewer_email: null, user_name: 'alice' });
    expect(row('system|system|u01|SysAdmin')!.reviewer_basis).toMatch(/^unassigned: /);
  });

  test('project roles go to the project\'s owner, else another owner; organizations stand for their Admins', () => {
    expect(row('project|p1|u05|Contributor')).toMatchObject({ reviewer: 'alice', reviewer_basis: 'project owner' }); // owner_id of p1
    expect(row('project|p1|u01|Owner')!.reviewer).toBe('dave'); // nobody reviews themself
    // p2 is owned by organization o1, whose Admins are "><img…> and alice: the first by name.
    expect(row('project|p2|u04|Contributor')!.reviewer).toBe('"><img src=x onerror=alert(3)>');
    expect(row('project|p2|o2|ResultsConsumer')).toMatchObject({ user_name: 'Organization: @Finance', user_id: 'o2', account_status: 'organization' });
    expect(row('project|p2|o1|Owner')!.user_name).toBe('Organization: Research');
  });

  test('a project whose owner is deactivated or absent goes to a system administrator, and says why', () => {
    expect(row('project|p3|u07|LauncherUser')).toMatchObject({ reviewer: 'alice', reviewer_basis: 'system administrator: the project has no other active owner' });
    expect(row('project|p5|ghost|Owner')).toMatchObject({ reviewer: 'alice', account_status: 'not in the users file' });
    expect(row('project|p4|u02|Owner')!.reviewer).toBe('alice');
  });

  test('organization roles are reviewed by another Admin of that organization', () => {
    expect(row('organization|o1|u02|Member')).toMatchObject({ reviewer: '"><img src=x onerror=alert(3)>', reviewer_basis: 'organization Admin' });
    expect(row('organization|o1|u10|Admin')!.reviewer).toBe('alice');
    expect(row('organization|o2|u04|Admin')).toMatchObject({ reviewer: 'alice', reviewer_basis: 'system administrator: the organization has no other active Admin' });
    expect(row('organization|o2|u03|Member')!.reviewer).toBe('+1');
  });

  test('each row says what a reviewer needs: name, e-mail, status, license, last seen, findings in words, a suggestion', () => {
    expect(row('organization|o1|u02|Member')).toMatchObject({
      full_name: 'Bob Idle', email: 'bob@example.com', account_status: 'active', license: 'Data Analyst',
      last_seen: '2026-03-14 (200 days ago)', findings_text: 'bob holds a Data Analyst seat and was last seen 200 days ago.',
      suggestion: 'Revoke suggested: not seen for 200 days', person_status: null, department: null, manager: null, privileged: false,
    });
    expect(row('project|p3|u08|Owner')).toMatchObject({ account_status: 'deactivated', suggestion: expect.stringMatching(/^Revoke suggested: the account is deactivated · a Keep needs a Comment/) });
    expect(row('system|system|u09|LimitedAdmin')).toMatchObject({ license: 'Enterprise Gold (not in the catalog)', last_seen: 'never seen', privileged: true });
    expect(row('system|system|u05|Practitioner')).toMatchObject({ suggestion: '', privileged: false });
  });

  test('with a roster: system roles and organization memberships go to the manager; project roles stay with the owners', async () => {
    const f = await buildFixture({
      // manager_reviewer as the identity step fills it (test/identity-manager-reviewer.test.ts):
      // none for u02 (its own manager) and u10 (the manager's account is deactivated).
      extraSql: `INSERT INTO person_of_account (user_id, person_email, full_name, person_status, department, manager_email, manager_user_id, manager_name, source, manager_reviewer, manager_reviewer_email) VALUES
        ('u03', 'eve@example.com', 'Eve Example', 'active', 'Research', 'dave@example.com', 'u13', 'dave', 'hr-roster.csv', 'dave', 'dave@example.com'),
        ('u05', 'minus@example.com', 'Min Us', 'terminated', 'Finance', 'boss@example.com', NULL, 'boss@example.com', 'hr-roster.csv', 'boss@example.com', 'boss@example.com'),
        ('u02', 'bob@example.com', 'Bob Idle', 'leave', 'Ops', 'bob@example.com', 'u02', 'bob', 'hr-roster.csv', NULL, 'bob@example.com'),
        ('u10', 'x3@example.com', 'X3', 'active', 'IT', 'x1@example.com', 'u08', '<script>alert(1)</script>', 'hr-roster.csv', NULL, 'x1@example.com')`,
    });
    try {
      const r = new Map((await f.ctx.db.all(loadQuery('domino/report/review.sql'))).map((x) => [x.key, x]));
      expect(r.get('system|system|u03|ProjectManager')).toMatchObject({ reviewer: 'dave', reviewer_email: 'dave@example.com', reviewer_basis: 'manager (roster)', person_status: 'active', department: 'Research', manager: 'dave' });
      expect(r.get('organization|o1|u03|Member')).toMatchObject({ reviewer: 'dave', reviewer_basis: 'manager (roster)' });
      // a manager without an account reviews by e-mail
      expect(r.get('system|system|u05|Practitioner')).toMatchObject({ reviewer: 'boss@example.com', reviewer_email: 'boss@example.com', suggestion: expect.stringMatching(/^Revoke suggested: terminated in the HR roster/) });
      // project roles stay with the owners
      expect(r.get('project|p1|u05|Contributor')).toMatchObject({ reviewer: 'alice', reviewer_basis: 'project owner', person_status: 'terminated', department: 'Finance' });
      // without a manager who can review them, the next in the chain
      expect(r.get('organization|o1|u02|Member')).toMatchObject({ reviewer: '"><img src=x onerror=alert(3)>', reviewer_basis: 'organization Admin', manager: 'bob' });
      expect(r.get('system|system|u10|ProjectManager')).toMatchObject({ reviewer: 'alice', reviewer_basis: 'system administrator' });
    } finally {
      f.close();
    }
  });

  test('related findings: the user\'s and the project\'s, most severe first', () => {
    // u03: critical overprivileged-project-manager before high inactive-seat.
    expect(row('system|system|u03|ProjectManager')!.related_findings).toBe(
      `${findingId('overprivileged-project-manager', 'u03')}; ${findingId('inactive-seat', 'u03')}`,
    );
    // u05 on p4: the project's medium sole-owner-risk before the user's low mislicensed-user.
    expect(row('project|p4|u05|Contributor')!.related_findings).toBe(
      `${findingId('sole-owner-risk', 'p4')}; ${findingId('mislicensed-user', 'u05')}`,
    );
    expect(row('system|system|u01|SysAdmin')!.related_findings).toBe('');
  });

  test('order is deterministic: system, organization, project, then by names', async () => {
    const again = await fx.ctx.db.all(loadQuery('domino/report/review.sql'));
    expect(again.map((r) => r.key)).toEqual(rows.map((r) => r.key));
    const scopes = rows.map((r) => r.scope);
    expect(scopes.indexOf('organization')).toBeGreaterThan(scopes.lastIndexOf('system'));
    expect(scopes.indexOf('project')).toBeGreaterThan(scopes.lastIndexOf('organization'));
  });
});

describe('last_seen.sql', () => {
  test('every bucket, seat holders split by inactivity', async () => {
    const rows = await fx.ctx.db.all(loadQuery('domino/report/last_seen.sql'));
    expect(rows.map((r) => r.bucket)).toEqual(['0–30 days', '31–60 days', '61–90 days', '91–180 days', '181–365 days', 'Over 365 days', 'Never seen']);
    const total = rows.reduce((n, r) => n + (r.active as number) + (r.inactive as number), 0);
    expect(total).toBe(11); // seats held
    expect(rows.at(-1)).toMatchObject({ active: 1, inactive: 1 }); // carol (in grace) and u09
  });
});
