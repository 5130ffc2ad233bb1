// Who can review an account as its manager (docs/spec/outputs.md, "The review campaign";
// queries/common/identity/30-person-of-account.sql), decided once for every platform: the
// roster's manager, by their platform account when they have one, else by e-mail; never the
// person themself, never an account that is no longer active.
import { describe, expect, it } from 'vitest';
import { csv } from './helpers.js';
import { ROSTER_HEADER, identityAudit, platformFiles, type Account, type PlatformName } from './fixtures/identity/helpers.js';

const person = (email: string, manager: string) => `${email},active,,,${email.split('@')[0]},2020-01-01,,${manager},Risk,`;

describe.each<PlatformName>(['domino', 'dagster'])('%s', (platform) => {
  it('a manager reviews by account, else by e-mail; a person who is their own manager has none', async () => {
    const accounts: Account[] = [
      { id: 'ann', email: 'ann@corp.example' },
      { id: 'self', email: 'self@corp.example' },
      { id: 'lead', email: 'Lead@Corp.example' },
      { id: 'orphan', email: 'orphan@corp.example' },
    ];
    const { people } = await identityAudit(platform, {
      ...platformFiles(platform, accounts),
      'hr-roster.csv': csv(ROSTER_HEADER,
        person('ann@corp.example', ' LEAD@corp.example'),
        person('self@corp.example', 'self@corp.example'),
        person('lead@corp.example', 'boss@corp.example'),
        person('orphan@corp.example', '')),
    });
    const of = (id: string) => people.find((p) => p.user_id === id);
    expect(of('ann')).toMatchObject({ manager_reviewer: platform === 'domino' ? 'lead' : 'Lead@Corp.example', manager_reviewer_email: 'Lead@Corp.example' });
    expect(of('self')).toMatchObject({ manager_reviewer: null });
    expect(of('lead')).toMatchObject({ manager_reviewer: 'boss@corp.example', manager_reviewer_email: 'boss@corp.example' });
    expect(of('orphan')).toMatchObject({ manager_reviewer: null });
  });
});

it('domino: a manager whose account is deactivated does not review', async () => {
  const { people } = await identityAudit('domino', {
    ...platformFiles('domino', [
      { id: 'ann', email: 'ann@corp.example' },
      { id: 'gone', email: 'gone@corp.example', status: 'deactivated', deactivatedAt: '2026-05-01T00:00:00Z' },
    ]),
    'hr-roster.csv': csv(ROSTER_HEADER, person('ann@corp.example', 'gone@corp.example'), 'gone@corp.example,terminated,,,Gone,2020-01-01,2026-04-30,,Risk,'),
  });
  expect(people.find((p) => p.user_id === 'ann')).toMatchObject({ manager_user_id: 'gone', manager_name: 'gone', manager_reviewer: null });
});
