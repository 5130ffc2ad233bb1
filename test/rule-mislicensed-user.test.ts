// mislicensed-user: required tier from window activity against the license tier.
import { describe, expect, it } from 'vitest';
import { USERS_HEADER, audit, csv, ofRule, subjects } from './helpers.js';

const u = (id: string, license: string, type = 'human', status = 'active') => `${id},${id},,,${status},${license},${type},2024-01-01,,,`;

describe('mislicensed-user', () => {
  it('flags under-licensed usage (high) with the suggested license and counts per tier', async () => {
    const doc = await audit({
      'users.csv': csv(USERS_HEADER, u('analyst-gpu', 'Data Analyst'), u('lite-job', '')),
      'activity.csv': csv(
        'user_id,timestamp,activity',
        'analyst-gpu,2026-09-01T00:00:00Z,gpu_workload',
        'analyst-gpu,2026-09-02T00:00:00Z,workspace',
        'analyst-gpu,2026-09-03T00:00:00Z,app_view',
        'lite-job,2026-09-01T00:00:00Z,job',
      ),
    });
    const byId = Object.fromEntries(ofRule(doc, 'mislicensed-user').map((f) => [f.subject.id, f]));
    expect(byId['analyst-gpu']).toMatchObject({
      severity: 'high',
      evidence: { direction: 'under', license_tier: 1, required_tier: 2, suggested_license: 'Data Science Professional', tier0_events: 1, tier1_events: 1, tier2_events: 1 },
    });
    expect(byId['lite-job']).toMatchObject({ severity: 'high', evidence: { direction: 'under', license_tier: 0, required_tier: 1, suggested_license: 'Data Analyst' } });
  });

  it('reads activity kinds in any case and with spaces around them, usual spellings or not', async () => {
    const doc = await audit({
      'users.csv': csv(USERS_HEADER, u('shouty', 'Data Analyst'), u('custom', 'Data Analyst')),
      'activity.csv': csv(
        'user_id,timestamp,activity',
        'shouty,2026-09-01T00:00:00Z, GPU_Workload ',
        'custom,2026-09-01T00:00:00Z,Notebook_Export',
        'custom,2026-09-02T00:00:00Z,notebook_export ',
      ),
    });
    const byId = Object.fromEntries(ofRule(doc, 'mislicensed-user').map((f) => [f.subject.id, f.evidence]));
    expect(byId['shouty']).toMatchObject({ direction: 'under', required_tier: 2, tier2_events: 1 });
    // An unknown kind is tier 1, which an Analyst license covers; its two spellings are one kind.
    expect(byId['custom']).toBeUndefined();
    const unknown = doc.warnings.find((w) => w.kind === 'unknown-activity-kind');
    expect(unknown).toMatchObject({ count: 2, examples: ['notebook_export'] });
  });

  it('flags over-licensed users only when they were seen in the window', async () => {
    const doc = await audit({
      'users.csv': csv(USERS_HEADER, u('pro-jobs', 'Professional'), u('pro-login-only', 'Practitioner'), u('pro-unseen', 'DataScienceProfessional')),
      'activity.csv': csv('user_id,timestamp,activity', 'pro-jobs,2026-09-01T00:00:00Z,job', 'pro-unseen,2026-01-01T00:00:00Z,gpu_workload'),
      'logins.csv': csv('user_id,timestamp', 'pro-login-only,2026-09-01T00:00:00Z'),
    });
    const byId = Object.fromEntries(ofRule(doc, 'mislicensed-user').map((f) => [f.subject.id, f.evidence]));
    expect(Object.keys(byId).sort()).toEqual(['pro-jobs', 'pro-login-only']);
    expect(byId['pro-jobs']).toMatchObject({ direction: 'over', required_tier: 1, suggested_license: 'Data Analyst' });
    expect(byId['pro-login-only']).toMatchObject({ direction: 'over', required_tier: 0, suggested_license: 'Lite' });
    expect(ofRule(doc, 'mislicensed-user').every((f) => f.severity === 'low')).toBe(true);
    // The unseen one belongs to inactive-seat: never reported by both rules.
    expect(subjects(doc, 'inactive-seat')).toEqual(['pro-unseen']);
  });

  it('only counts activity inside [cutoff, evaluation instant]', async () => {
    const doc = await audit({
      'users.csv': csv(USERS_HEADER, u('a', 'Data Analyst')),
      'activity.csv': csv(
        'user_id,timestamp,activity',
        'a,2026-07-01T23:59:59Z,gpu_workload',
        'a,2026-10-01T00:00:00Z,gpu_workload',
        'a,2026-07-02T00:00:00Z,job',
      ),
    });
    expect(ofRule(doc, 'mislicensed-user')).toEqual([]);
  });

  it('skips service accounts, deactivated users and unknown-tier licenses; unknown activity kinds count as tier 1 and warn', async () => {
    const doc = await audit({
      'users.csv': csv(
        USERS_HEADER,
        u('svc', 'Data Analyst', 'service'),
        u('gone', 'Data Analyst', 'human', 'deactivated'),
        u('trial', 'Enterprise Trial'),
        u('lite-odd', 'Lite'),
      ),
      'activity.csv': csv(
        'user_id,timestamp,activity',
        'svc,2026-09-01T00:00:00Z,gpu_workload',
        'gone,2026-09-01T00:00:00Z,gpu_workload',
        'trial,2026-09-01T00:00:00Z,gpu_workload',
        'lite-odd,2026-09-01T00:00:00Z,Notebook_Magic',
      ),
    });
    expect(ofRule(doc, 'mislicensed-user').map((f) => [f.subject.id, f.evidence.required_tier])).toEqual([['lite-odd', 1]]);
    expect(doc.warnings.find((w) => w.kind === 'unknown-activity-kind')).toMatchObject({ examples: ['notebook_magic'] });
  });

  it('is not evaluated without activity events (logins alone cannot tell what license a user needs)', async () => {
    const doc = await audit({
      'users.csv': csv(USERS_HEADER, u('a', 'Data Analyst')),
      'logins.csv': csv('user_id,timestamp', 'a,2026-09-01T00:00:00Z'),
    });
    expect(doc.rules.find((r) => r.id === 'mislicensed-user')).toMatchObject({ evaluated: false });
  });
});
