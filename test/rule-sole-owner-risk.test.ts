// sole-owner-risk: exactly one owner (organizations stand for their Admins), who is gone.
import { describe, expect, it } from 'vitest';
import { USERS_HEADER, audit, csv, ofRule } from './helpers.js';

const u = (id: string, status = 'active') => `${id},${id},,,${status},Data Analyst,human,2024-01-01,,,`;
const users = csv(USERS_HEADER, u('gone', 'deactivated'), u('idle'), u('busy'), u('admin-gone', 'deactivated'));
const logins = csv('user_id,timestamp', 'idle,2026-01-01T00:00:00Z', 'busy,2026-09-01T00:00:00Z');

describe('sole-owner-risk', () => {
  it('is high for a deactivated or absent sole owner, medium for an inactive one, none for an active one', async () => {
    const doc = await audit({
      'users.csv': users,
      'logins.csv': logins,
      'projects.csv': csv('project_id,name,owner_id', 'p-gone,G,gone', 'p-absent,A,nobody', 'p-idle,I,idle', 'p-busy,B,busy'),
      'project_members.csv': csv('project_id,member_id,role', 'p-gone,busy,Contributor', 'p-gone,idle,ResultsConsumer'),
    });
    const got = ofRule(doc, 'sole-owner-risk').map((f) => [f.subject.id, f.severity, f.evidence.owner_status]);
    expect(got).toEqual([
      ['p-absent', 'high', 'absent'],
      ['p-gone', 'high', 'deactivated'],
      ['p-idle', 'medium', 'active'],
    ]);
    expect(ofRule(doc, 'sole-owner-risk').find((f) => f.subject.id === 'p-gone')!.evidence.collaborator_count).toBe(2);
  });

  it('counts members with role Owner: a second owner removes the risk, the same owner twice does not', async () => {
    const doc = await audit({
      'users.csv': users,
      'logins.csv': logins,
      'projects.csv': csv('project_id,name,owner_id', 'p-two,T,gone', 'p-same,S,gone'),
      'project_members.csv': csv('project_id,member_id,role', 'p-two,busy,Owner', 'p-same,gone,Owner'),
    });
    expect(ofRule(doc, 'sole-owner-risk').map((f) => f.subject.id)).toEqual(['p-same']);
  });

  it('lets an organization owner stand for its Admins, and skips archived projects', async () => {
    const doc = await audit({
      'users.csv': users,
      'logins.csv': logins,
      'organizations.csv': csv('organization_id,name', 'org-1,One', 'org-2,Two', 'org-3,Three'),
      'organization_members.csv': csv(
        'organization_id,user_id,role',
        'org-1,admin-gone,Admin',
        'org-1,busy,Member',
        'org-2,admin-gone,Admin',
        'org-2,busy,Admin',
        'org-3,busy,Member',
      ),
      'projects.csv': csv(
        'project_id,name,owner_id,archived',
        'p-org1,O1,org-1,false',
        'p-org2,O2,org-2,false',
        'p-org3,O3,org-3,false',
        'p-archived,X,gone,true',
      ),
    });
    expect(ofRule(doc, 'sole-owner-risk').map((f) => [f.subject.id, f.evidence.owner_id])).toEqual([['p-org1', 'admin-gone']]);
  });

  it('leaves inactive owners alone when the bundle has no activity data, but still reports deactivated ones', async () => {
    const doc = await audit({
      'users.csv': users,
      'projects.csv': csv('project_id,name,owner_id', 'p-gone,G,gone', 'p-idle,I,idle'),
    });
    expect(ofRule(doc, 'sole-owner-risk').map((f) => f.subject.id)).toEqual(['p-gone']);
  });
});
