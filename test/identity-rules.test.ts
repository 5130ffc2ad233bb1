// The identity rules at every edge of docs/spec/identity.md, on both platforms: one set of
// accounts written as a Domino and as a Dagster+ bundle, one roster. As-of D = 2026-09-30,
// leaver_grace_days 1 (default), activity window from C = 2026-07-02T00:00:00Z.
import { describe, expect, it } from 'vitest';
import { csv, ofRule, subjects } from './helpers.js';
import { ROSTER_HEADER, identityAudit, platformFiles, scimPages, scimUser, type Account, type PlatformName } from './fixtures/identity/helpers.js';

const person = (email: string, status: string, o: { td?: string; username?: string; manager?: string; id?: string; dept?: string; name?: string } = {}) =>
  [email, status, o.id ?? '', o.username ?? '', o.name ?? '', '2020-01-01', o.td ?? '', o.manager ?? '', o.dept ?? '', ''].join(',');

describe.each<PlatformName>(['domino', 'dagster'])('%s', (platform) => {
  const run = (accounts: Account[], roster: string[], config = {}) =>
    identityAudit(platform, { ...platformFiles(platform, accounts), 'hr-roster.csv': csv(ROSTER_HEADER, ...roster) }, { config });

  describe('leaver-with-access', () => {
    it('uses leaver_grace_days: 1 day after the last working day is on time, 2 days is a finding; the termination day itself is never one', async () => {
      const accounts = ['d0', 'd1', 'd2'].map((id) => ({ id, email: `${id}@corp.example` }));
      const roster = [person('d0@corp.example', 'terminated', { td: '2026-09-30' }), person('d1@corp.example', 'terminated', { td: '2026-09-29' }),
        person('d2@corp.example', 'terminated', { td: '2026-09-28', id: 'E2' })];
      const { doc } = await run(accounts, roster);
      expect(subjects(doc, 'leaver-with-access')).toEqual(['d2']);
      expect(ofRule(doc, 'leaver-with-access')[0]).toMatchObject({
        severity: 'high',
        evidence: { email: 'd2@corp.example', employee_id: 'E2', termination_date: '2026-09-28', days_since_termination: 2,
          last_seen: null, seen_after_termination: false, roles: platform === 'domino' ? [] : ['deployment prod: VIEWER'], source: 'hr-roster.csv',
          termination_date_from: 'termination_date (the last working day)' },
      });
      // leaver_grace_days 0: the day after is already late
      const strict = await run(accounts, roster, { leaver_grace_days: 0 });
      expect(subjects(strict.doc, 'leaver-with-access')).toEqual(['d1', 'd2']);
      expect(strict.doc.parameters).toMatchObject({ leaver_grace_days: 0 });
    });

    it('is critical when the account was seen after the end of the termination day (UTC), high when seen on it', async () => {
      const accounts = [
        { id: 'on', email: 'on@corp.example', seen: '2026-09-10T23:59:59.999Z' },
        { id: 'after', email: 'after@corp.example', seen: '2026-09-11T00:00:00Z' },
      ];
      const { doc } = await run(accounts, [person('on@corp.example', 'terminated', { td: '2026-09-10' }), person('after@corp.example', 'terminated', { td: '2026-09-10' })]);
      const byId = Object.fromEntries(ofRule(doc, 'leaver-with-access').map((f) => [f.subject.id, f]));
      expect(byId.on).toMatchObject({ severity: 'high', evidence: { seen_after_termination: false, last_seen: '2026-09-10T23:59:59.999Z' } });
      expect(byId.after).toMatchObject({ severity: 'critical', evidence: { seen_after_termination: true, last_seen: '2026-09-11T00:00:00.000Z', days_since_termination: 20 } });
      expect(byId.after!.message).toBe('after is still active but left on 2026-09-10 (20 days before the review date) and was seen after leaving.');
    });

    it('is critical for a privileged leaver even when unseen', async () => {
      const { doc } = await run([{ id: 'adm', email: 'adm@corp.example', privileged: true }], [person('adm@corp.example', 'terminated', { td: '2026-08-01' })]);
      expect(ofRule(doc, 'leaver-with-access').map((f) => [f.subject.id, f.severity])).toEqual([['adm', 'critical']]);
    });

    it('reports a terminated person with no termination date (days unknown), but not a scheduled leaver or someone on leave', async () => {
      const accounts = ['nodate', 'scheduled', 'onleave', 'leavegone'].map((id) => ({ id, email: `${id}@corp.example` }));
      const { doc, tables } = await run(accounts, [
        person('nodate@corp.example', 'terminated'),
        person('scheduled@corp.example', 'active', { td: '2026-10-01', name: 'Sched Uled', manager: 'boss@corp.example', dept: 'Risk' }),
        person('onleave@corp.example', 'leave'),
        person('leavegone@corp.example', 'leave', { td: '2026-09-01' }),
      ]);
      expect(subjects(doc, 'leaver-with-access')).toEqual(['leavegone', 'nodate']);
      const nodate = ofRule(doc, 'leaver-with-access').find((f) => f.subject.id === 'nodate')!;
      expect(nodate).toMatchObject({ severity: 'high', evidence: { termination_date: null, days_since_termination: null, seen_after_termination: null, termination_date_from: null } });
      expect(nodate.message).toBe('nodate is still active but is terminated in hr-roster.csv, with no termination date.');
      expect(subjects(doc, 'orphaned-account')).toEqual([]);
      // the scheduled leaver is listed for the reviewer
      expect(tables['scheduled-leavers']).toEqual([
        expect.objectContaining({ user_id: 'scheduled', email: 'scheduled@corp.example', termination_date: '2026-10-01', days_until: 1, department: 'Risk', manager: 'boss@corp.example' }),
      ]);
    });

    it('matches e-mails trimmed and case-insensitively, then the roster username case-insensitively', async () => {
      const accounts = [
        { id: 'caps', email: ' Caps.Person@Corp.Example ' },
        platform === 'domino'
          ? { id: 'byname', username: 'Old.Login', email: 'old.login@acquired.example' }
          : { id: 'byname', email: 'Old.Login@Acquired.example' },
      ];
      const { doc, matches } = await run(accounts, [
        person('caps.person@corp.example ', 'terminated', { td: '2026-09-01' }),
        person('new.name@corp.example', 'terminated', { td: '2026-09-01', username: platform === 'domino' ? 'old.login' : 'old.login@acquired.example' }),
      ]);
      expect(matches).toEqual([{ user_id: 'byname', matched_by: 'username' }, { user_id: 'caps', matched_by: 'email' }]);
      expect(subjects(doc, 'leaver-with-access')).toEqual(['byname', 'caps']);
      expect(ofRule(doc, 'leaver-with-access').find((f) => f.subject.id === 'byname')!.evidence.email).toBe('new.name@corp.example');
    });

    it('prefers the e-mail match to a username match', async () => {
      const acc = platform === 'domino' ? { id: 'x', username: 'shared', email: 'x@corp.example' } : { id: 'x', email: 'x@corp.example' };
      const { doc } = await run([acc], [person('x@corp.example', 'active'), person('y@corp.example', 'terminated', { td: '2026-01-01', username: platform === 'domino' ? 'shared' : 'x@corp.example' })]);
      expect(subjects(doc, 'leaver-with-access')).toEqual([]);
      expect(doc.warnings.filter((w) => w.kind === 'ambiguous-identity')).toEqual([]);
    });

    it('never reports service accounts, nor matches them', async () => {
      const { doc, matches } = await run(
        [{ id: 'svc', email: 'left@corp.example', service: true, privileged: true }, { id: 'svc2', email: 'robot@corp.example', service: true }],
        [person('left@corp.example', 'terminated', { td: '2026-01-01' })],
      );
      expect(ofRule(doc, 'leaver-with-access')).toEqual([]);
      expect(ofRule(doc, 'orphaned-account')).toEqual([]);
      expect(matches.map((m) => m.matched_by)).toEqual(['service', 'service']);
    });
  });

  describe('orphaned-account', () => {
    it('reports active human accounts nobody in the roster owns: high when privileged, else medium', async () => {
      const { doc } = await run(
        [{ id: 'ghost', email: 'ghost@corp.example', seen: '2026-09-01T00:00:00Z' }, { id: 'root', email: 'root@corp.example', privileged: true }, { id: 'ok', email: 'ok@corp.example' }],
        [person('ok@corp.example', 'active')],
      );
      expect(ofRule(doc, 'orphaned-account').map((f) => [f.subject.id, f.severity])).toEqual([['root', 'high'], ['ghost', 'medium']]);
      expect(ofRule(doc, 'orphaned-account').find((f) => f.subject.id === 'ghost')!.evidence).toEqual({
        email: 'ghost@corp.example', username: platform === 'domino' ? 'ghost' : 'ghost@corp.example', last_seen: '2026-09-01T00:00:00.000Z', roles: expect.any(Array),
      });
    });

    it('treats an account that two people match by username as unmatched, with an ambiguous-identity warning', async () => {
      const acc = platform === 'domino' ? { id: 'js', username: 'JSmith', email: 'js@legacy.example' } : { id: 'js', email: 'JSmith@legacy.example' };
      const uname = platform === 'domino' ? 'jsmith' : 'jsmith@legacy.example';
      const { doc, people } = await run([acc], [person('john.smith@corp.example', 'active', { username: uname }), person('jane.smith@corp.example', 'terminated', { td: '2026-01-01', username: uname })]);
      expect(subjects(doc, 'orphaned-account')).toEqual(['js']);
      expect(subjects(doc, 'leaver-with-access')).toEqual([]);
      expect(people).toEqual([]);
      const w = doc.warnings.find((x) => x.kind === 'ambiguous-identity');
      expect(w).toMatchObject({ file: 'hr-roster.csv', count: 1 });
      expect(w!.examples[0]).toMatch(/jane\.smith@corp\.example, john\.smith@corp\.example/);
    });
  });

  describe('without a roster', () => {
    it('the three rules are not evaluated, with the reason, and nothing else changes', async () => {
      const files = platformFiles(platform, [{ id: 'a', email: 'a@corp.example' }]);
      const { doc, people } = await identityAudit(platform, files);
      for (const id of ['leaver-with-access', 'orphaned-account', 'late-deprovisioning']) {
        const r = doc.rules.find((x) => x.id === id)!;
        expect(r.evaluated, id).toBe(false);
        expect(r.reason).toBe('not evaluated: no HR roster or IdP users file in the bundle');
      }
      expect(people).toEqual([]);
      const { doc: withRoster } = await run([{ id: 'a', email: 'a@corp.example' }], [person('a@corp.example', 'active')]);
      const core = (d: typeof doc) => ({ rules: d.rules.filter((r) => !r.id.match(/leaver|orphan|deprovision/)), findings: d.findings });
      expect(core(withRoster)).toEqual(core(doc));
    });
  });

  it('fills person_of_account with the person, and the manager as their platform account', async () => {
    const accounts = platform === 'domino'
      ? [{ id: 'emp', username: 'emp', email: 'emp@corp.example' }, { id: 'mgr', username: 'the.boss', email: 'Boss@corp.example' }]
      : [{ id: 'emp', email: 'emp@corp.example' }, { id: 'mgr', email: 'Boss@corp.example' }];
    const { doc, people } = await run(accounts, [
      person('emp@corp.example', 'leave', { id: 'E1', name: 'Em Ployee', manager: ' BOSS@corp.example', dept: 'Risk' }),
      person('boss@corp.example', 'active', { manager: 'ceo@corp.example' }),
    ]);
    expect(people).toEqual([
      { user_id: 'emp', person_email: 'emp@corp.example', employee_id: 'E1', full_name: 'Em Ployee', person_status: 'leave', termination_date: null,
        department: 'Risk', cost_center: null, manager_email: 'boss@corp.example', manager_user_id: 'mgr',
        manager_name: platform === 'domino' ? 'the.boss' : 'Boss@corp.example', source: 'hr-roster.csv',
        manager_reviewer: platform === 'domino' ? 'the.boss' : 'Boss@corp.example', manager_reviewer_email: 'Boss@corp.example' },
      expect.objectContaining({ user_id: 'mgr', manager_email: 'ceo@corp.example', manager_user_id: null, manager_name: 'ceo@corp.example' }),
    ]);
    expect(doc.warnings.find((w) => w.kind === 'unknown-manager')).toMatchObject({ file: 'hr-roster.csv', count: 1, examples: ['ceo@corp.example'] });
  });

  describe('scim-users.json', () => {
    it('maps SCIM users: primary e-mail, inactive = terminated on the date of meta.lastModified, manager by SCIM id, paged responses', async () => {
      const resources = [
        scimUser('m1', { emails: [{ value: 'boss@corp.example', primary: true }] }),
        scimUser('u1', { emails: [{ value: 'other@corp.example' }, { value: 'Left@Corp.example', primary: true }], active: false, lastModified: '2026-09-20T17:45:00Z', manager: 'm1', employeeNumber: '1001' }),
        scimUser('u2', { emails: [], userName: 'bare@corp.example', active: false, lastModified: '2026-09-29T08:00:00-05:00' }),
        ...Array.from({ length: 5 }, (_, i) => scimUser(`bg${i}`)),
      ];
      const accounts = [
        { id: 'left', email: 'left@corp.example', seen: '2026-09-25T00:00:00Z' },
        { id: 'bare', email: 'bare@corp.example' },
        { id: 'boss', email: 'boss@corp.example' },
      ];
      const { doc, people } = await identityAudit(platform, { ...platformFiles(platform, accounts), 'scim-users.json': scimPages(resources, 3) });
      // u2's last change is 2026-09-29 13:00 UTC: 1 day before D, within the grace
      expect(ofRule(doc, 'leaver-with-access').map((f) => [f.subject.id, f.severity, f.evidence])).toEqual([[
        'left', 'critical',
        { email: 'Left@Corp.example', employee_id: '1001', termination_date: '2026-09-20', days_since_termination: 10, last_seen: '2026-09-25T00:00:00.000Z',
          seen_after_termination: true, roles: expect.any(Array), source: 'scim-users.json',
          termination_date_from: "meta.lastModified (the IdP's last change to the user)" },
      ]]);
      expect(ofRule(doc, 'leaver-with-access')[0]!.message).toBe(
        'left is still active but was made inactive in the IdP on 2026-09-20 (its last change, 10 days before the review date) and was seen after leaving.',
      );
      expect(people.find((p) => p.user_id === 'left')).toMatchObject({ person_status: 'terminated', manager_email: 'boss@corp.example', manager_user_id: 'boss', department: 'Data' });
      expect(doc.rules.find((r) => r.id === 'orphaned-account')).toMatchObject({ evaluated: true, findings: 0 });
      expect(doc.warnings.filter((w) => w.kind === 'unknown-manager')).toEqual([]);
    });

    it('warns about a manager.value that no resource of the file has', async () => {
      const { doc, people } = await identityAudit(platform, {
        ...platformFiles(platform, [{ id: 'a', email: 'a@corp.example' }]),
        'scim-users.json': scimPages([scimUser('a', { manager: '00u-gone' })]),
      });
      expect(people).toEqual([expect.objectContaining({ user_id: 'a', manager_email: null, manager_user_id: null, manager_name: null })]);
      expect(doc.warnings.find((w) => w.kind === 'unknown-manager')).toMatchObject({ file: 'scim-users.json', count: 1, examples: ['00u-gone'] });
    });

    it('an inactive SCIM user without meta.lastModified is a leaver with an unknown termination date; externalId stands in for employeeNumber', async () => {
      const gone = scimUser('g1', { active: false });
      delete (gone.meta as Record<string, unknown>).lastModified;
      const { doc } = await identityAudit(platform, { ...platformFiles(platform, [{ id: 'g', email: 'g1@corp.example' }]), 'scim-users.json': scimPages([gone]) });
      expect(ofRule(doc, 'leaver-with-access').map((f) => f.evidence)).toEqual([
        expect.objectContaining({ termination_date: null, days_since_termination: null, seen_after_termination: null, employee_id: 'ext-g1', source: 'scim-users.json' }),
      ]);
    });
  });
});

describe('late-deprovisioning (Domino, with deactivated_at)', () => {
  const run = (accounts: Account[], roster: string[], config = {}) =>
    identityAudit('domino', { ...platformFiles('domino', accounts), 'hr-roster.csv': csv(ROSTER_HEADER, ...roster) }, { config });
  const left = (id: string) => person(`${id}@corp.example`, 'terminated', { td: '2026-09-01' });

  it('reports deactivations more than leaver_grace_days after the termination date, inside the window; high when privileged', async () => {
    const accounts: Account[] = [
      { id: 'ontime', email: 'ontime@corp.example', status: 'deactivated', deactivatedAt: '2026-09-02T23:59:59Z' },
      { id: 'late', email: 'late@corp.example', status: 'deactivated', deactivatedAt: '2026-09-03T00:00:00Z' },
      { id: 'lateadm', email: 'lateadm@corp.example', status: 'deactivated', deactivatedAt: '2026-09-15T10:00:00Z', privileged: true },
      { id: 'old', email: 'old@corp.example', status: 'deactivated', deactivatedAt: '2026-07-01T23:59:59Z' },
      { id: 'future', email: 'future@corp.example', status: 'deactivated', deactivatedAt: '2026-10-01T00:00:00Z' },
    ];
    const roster = [left('ontime'), left('late'), left('lateadm'), person('old@corp.example', 'terminated', { td: '2026-06-01' }), left('future')];
    const { doc } = await run(accounts, roster);
    expect(ofRule(doc, 'late-deprovisioning').map((f) => [f.subject.id, f.severity, f.evidence])).toEqual([
      ['lateadm', 'high', { termination_date: '2026-09-01', deactivated_at: '2026-09-15T10:00:00.000Z', days_late: 14 }],
      ['late', 'medium', { termination_date: '2026-09-01', deactivated_at: '2026-09-03T00:00:00.000Z', days_late: 2 }],
    ]);
    // deactivated accounts are never leaver-with-access nor orphaned
    expect(ofRule(doc, 'leaver-with-access')).toEqual([]);
    expect(ofRule(doc, 'orphaned-account')).toEqual([]);
  });

  it('needs a known termination date and a leaver', async () => {
    const { doc } = await run(
      [{ id: 'nodate', email: 'nodate@corp.example', status: 'deactivated', deactivatedAt: '2026-09-20T00:00:00Z' },
        { id: 'stays', email: 'stays@corp.example', status: 'deactivated', deactivatedAt: '2026-09-20T00:00:00Z' }],
      [person('nodate@corp.example', 'terminated'), person('stays@corp.example', 'active', { td: '2026-12-31' })],
    );
    expect(doc.rules.find((r) => r.id === 'late-deprovisioning')).toMatchObject({ evaluated: true, findings: 0 });
  });

  it('is not evaluated when no user has deactivated_at', async () => {
    const { doc } = await run([{ id: 'a', email: 'a@corp.example', status: 'deactivated' }], [left('a')]);
    expect(doc.rules.find((r) => r.id === 'late-deprovisioning')).toMatchObject({ evaluated: false, reason: 'not evaluated: no user has deactivated_at (users.csv column deactivated_at)' });
  });

  it('is not evaluated on Dagster+, which has no deactivated accounts', async () => {
    const { doc } = await identityAudit('dagster', { ...platformFiles('dagster', [{ id: 'a', email: 'a@corp.example' }]), 'hr-roster.csv': csv(ROSTER_HEADER, left('a')) });
    expect(doc.rules.find((r) => r.id === 'late-deprovisioning')).toMatchObject({ evaluated: false, reason: expect.stringMatching(/^not evaluated: Dagster\+ has no deactivated accounts/) });
    expect(doc.rules.find((r) => r.id === 'leaver-with-access')).toMatchObject({ evaluated: true, findings: 1 });
  });
});
