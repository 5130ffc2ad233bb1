// inactive-seat at its edges. As-of 2026-09-30: cutoff C = 2026-07-02T00:00:00Z, evaluation
// instant 2026-09-30T23:59:59.999Z, grace cutoff 2026-08-31T00:00:00Z.
import { describe, expect, it } from 'vitest';
import { USERS_HEADER, audit, csv, ofRule, subjects } from './helpers.js';

const user = (id: string, extra: { license?: string; status?: string; type?: string; created?: string; last?: string } = {}) =>
  `${id},${id},${id}@example.com,${id},${extra.status ?? 'active'},${extra.license ?? 'Data Analyst'},${extra.type ?? 'human'},${extra.created ?? '2024-01-01'},,,${extra.last ?? ''}`;

describe('inactive-seat', () => {
  it('puts the cutoff at 00:00:00 UTC of as-of minus 90 days: a login at the cutoff is active, one millisecond earlier is not', async () => {
    const doc = await audit({
      'users.csv': csv(USERS_HEADER, user('at-cutoff'), user('just-before')),
      'logins.csv': csv('user_id,timestamp', 'at-cutoff,2026-07-02T00:00:00Z', 'just-before,2026-07-01T23:59:59.999Z'),
    });
    expect(subjects(doc, 'inactive-seat')).toEqual(['just-before']);
  });

  it('reads time-zone offsets: +02:00 can move a login before the cutoff, -01:00 after it', async () => {
    const doc = await audit({
      'users.csv': csv(USERS_HEADER, user('plus2'), user('minus1')),
      'logins.csv': csv('user_id,timestamp', 'plus2,2026-07-02T01:00:00+02:00', 'minus1,2026-07-01T23:30:00-01:00'),
    });
    expect(subjects(doc, 'inactive-seat')).toEqual(['plus2']);
  });

  it('does not count failed logins as activity', async () => {
    const doc = await audit({
      'users.csv': csv(USERS_HEADER, user('failer'), user('succeeder')),
      'logins.csv': csv('user_id,timestamp,outcome', 'failer,2026-09-01T00:00:00Z,failure', 'succeeder,2026-09-01T00:00:00Z,SUCCESS'),
    });
    expect(subjects(doc, 'inactive-seat')).toEqual(['failer']);
    expect(ofRule(doc, 'inactive-seat')[0]!.evidence.last_seen).toBeNull();
  });

  it('ignores events after the evaluation instant (and warns), but counts the last millisecond of the as-of day', async () => {
    const doc = await audit({
      'users.csv': csv(USERS_HEADER, user('future', { created: '2020-01-01' }), user('last-ms')),
      'activity.csv': csv('user_id,timestamp,activity', 'future,2026-10-01T00:00:00Z,job', 'last-ms,2026-09-30T23:59:59.999Z,job'),
    });
    expect(subjects(doc, 'inactive-seat')).toEqual(['future']);
    const w = doc.warnings.find((x) => x.kind === 'future-events');
    expect(w).toMatchObject({ file: 'activity.csv', count: 1 });
  });

  it('spares users created inside the grace period and never seen; not those created just before it, nor those with no created_at', async () => {
    const doc = await audit({
      'users.csv': csv(
        USERS_HEADER,
        user('new-hire', { created: '2026-08-31T00:00:00Z' }),
        user('just-older', { created: '2026-08-30T23:59:59Z' }),
        user('no-created', { created: '' }),
        user('seen', { created: '2020-01-01' }),
      ),
      'logins.csv': csv('user_id,timestamp', 'seen,2026-09-01T00:00:00Z'),
    });
    expect(subjects(doc, 'inactive-seat')).toEqual(['just-older', 'no-created']);
  });

  it("uses the users file's last_activity_at, and never a value after the evaluation instant", async () => {
    const doc = await audit({
      'users.csv': csv(
        USERS_HEADER,
        user('recent', { last: '2026-09-01T00:00:00Z' }),
        user('future-last', { last: '2026-12-01T00:00:00Z', created: '2020-01-01' }),
      ),
      'logins.csv': csv('user_id,timestamp', 'other,2025-01-01T00:00:00Z'),
    });
    expect(subjects(doc, 'inactive-seat')).toEqual(['future-last']);
  });

  it('counts only seats held by active users: Lite is no seat, an unknown license is, service accounts are included', async () => {
    const doc = await audit({
      'users.csv': csv(
        USERS_HEADER,
        user('lite', { license: '' }),
        user('rc', { license: 'Results Consumer' }),
        user('trial', { license: 'Enterprise Trial' }),
        user('svc', { type: 'service', license: 'DataScienceProfessional' }),
        user('gone', { status: 'deactivated' }),
      ),
      'logins.csv': csv('user_id,timestamp', 'x,2026-09-01T00:00:00Z'),
    });
    expect(subjects(doc, 'inactive-seat')).toEqual(['svc', 'trial']);
    expect(doc.warnings.find((w) => w.kind === 'unknown-license')).toMatchObject({ count: 1, examples: ['Enterprise Trial'] });
  });

  it('is high for a dormant privileged account, medium otherwise, and states the evidence', async () => {
    const doc = await audit(
      {
        'users.csv': csv(USERS_HEADER, user('admin', { license: 'data science  professional' }), user('plain')),
        'roles.csv': csv('user_id,role', 'admin,SysAdmin', 'admin,Practitioner', 'plain,Practitioner'),
        'logins.csv': csv('user_id,timestamp', 'admin,2026-06-30T12:00:00Z'),
      },
      {},
    );
    const [admin, plain] = ofRule(doc, 'inactive-seat');
    expect(admin).toMatchObject({ severity: 'high', subject: { id: 'admin' } });
    expect(admin!.evidence).toMatchObject({
      license_name: 'Data Science Professional',
      tier: 2,
      last_seen: '2026-06-30T12:00:00.000Z',
      days_since_last_seen: 92,
      roles: ['Practitioner', 'SysAdmin'],
    });
    expect(plain).toMatchObject({ severity: 'medium', subject: { id: 'plain' } });
  });

  it('marks findings insufficient-data when the event log starts after the cutoff and the user has no last_activity_at', async () => {
    const doc = await audit({
      'users.csv': csv(USERS_HEADER, user('no-record'), user('has-record', { last: '2026-03-01T00:00:00Z' })),
      'logins.csv': csv('user_id,timestamp', 'someone,2026-08-15T00:00:00Z'),
    });
    const byId = Object.fromEntries(ofRule(doc, 'inactive-seat').map((f) => [f.subject.id, f.confidence]));
    expect(byId).toEqual({ 'no-record': 'insufficient-data', 'has-record': 'normal' });
    expect(doc.warnings.some((w) => w.kind === 'insufficient-coverage' && w.count === 1)).toBe(true);
  });

  it('is not evaluated, with the reason, when the bundle has no activity data at all', async () => {
    const doc = await audit({ 'users.csv': csv(USERS_HEADER, user('a')) });
    const rule = doc.rules.find((r) => r.id === 'inactive-seat')!;
    expect(rule.evaluated).toBe(false);
    expect(rule.reason).toMatch(/no login or activity data/);
    expect(doc.findings).toEqual([]);
  });
});
