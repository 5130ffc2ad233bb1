// overprivileged-project-manager: implicit reach through organizations, and its severities.
import { describe, expect, it } from 'vitest';
import { USERS_HEADER, audit, csv, ofRule, subjects } from './helpers.js';

const u = (id: string, status = 'active', created = '2024-01-01') => `${id},${id},,,${status},Data Analyst,human,${created},,,`;
const base = {
  'users.csv': csv(USERS_HEADER, u('pm'), u('alice'), u('bob'), u('carol')),
  'roles.csv': csv('user_id,role', 'pm,ProjectManager', 'pm,Practitioner', 'alice,Practitioner'),
  'organizations.csv': csv('organization_id,name', 'org-a,Analytics', 'org-b,Research'),
  'logins.csv': csv('user_id,timestamp', 'pm,2026-09-01T00:00:00Z', 'alice,2026-09-01T00:00:00Z', 'bob,2026-09-01T00:00:00Z'),
};

describe('overprivileged-project-manager', () => {
  it('reaches user-owned projects of co-members, and not org-owned, archived, own, or explicitly owned ones', async () => {
    const doc = await audit({
      ...base,
      'organization_members.csv': csv('organization_id,user_id,role', 'org-a,pm,Member', 'org-a,alice,member', 'org-b,bob,Member'),
      'projects.csv': csv(
        'project_id,name,owner_id,archived',
        'p-alice,Alice model,alice,false',
        'p-alice-old,Old,alice,true',
        'p-org,Shared,org-a,false',
        'p-pm,Own,pm,false',
        'p-explicit,Explicit,alice,no',
        'p-bob,Bob model,bob,false',
      ),
      'project_members.csv': csv('project_id,member_id,role', 'p-explicit,pm,owner', 'p-alice,pm,Contributor'),
    });
    const [f] = ofRule(doc, 'overprivileged-project-manager');
    expect(f).toMatchObject({ subject: { id: 'pm' }, severity: 'medium' });
    expect(f!.evidence).toMatchObject({ reach_size: 1, sample_project_ids: ['p-alice'], organizations: ['Analytics'] });
  });

  it('is high when the ProjectManager is Admin of an organization through which they reach a project', async () => {
    const doc = await audit({
      ...base,
      'organization_members.csv': csv('organization_id,user_id,role', 'org-a,pm,Admin', 'org-a,alice,Member'),
      'projects.csv': csv('project_id,name,owner_id', 'p1,One,alice'),
    });
    expect(ofRule(doc, 'overprivileged-project-manager')[0]).toMatchObject({ severity: 'high' });
  });

  it('is high from 25 reached projects, medium at 24', async () => {
    const projects = (n: number) => Array.from({ length: n }, (_, i) => `p${String(i).padStart(2, '0')},P${i},alice`);
    const members = csv('organization_id,user_id,role', 'org-a,pm,Member', 'org-a,alice,Member');
    const at25 = await audit({ ...base, 'organization_members.csv': members, 'projects.csv': csv('project_id,name,owner_id', ...projects(25)) });
    const at24 = await audit({ ...base, 'organization_members.csv': members, 'projects.csv': csv('project_id,name,owner_id', ...projects(24)) });
    expect(ofRule(at25, 'overprivileged-project-manager')[0]).toMatchObject({ severity: 'high', evidence: { reach_size: 25 } });
    expect(ofRule(at24, 'overprivileged-project-manager')[0]).toMatchObject({ severity: 'medium', evidence: { reach_size: 24 } });
  });

  it('is critical when the ProjectManager is inactive, and ignores deactivated ProjectManagers and PMs with no reach', async () => {
    const doc = await audit({
      'users.csv': csv(USERS_HEADER, u('pm'), u('pm-gone', 'deactivated'), u('pm-alone'), u('alice')),
      'roles.csv': csv('user_id,role', 'pm,ProjectManager', 'pm-gone,ProjectManager', 'pm-alone,ProjectManager'),
      'organizations.csv': csv('organization_id,name', 'org-a,Analytics'),
      'organization_members.csv': csv('organization_id,user_id,role', 'org-a,pm,Member', 'org-a,pm-gone,Member', 'org-a,alice,Member'),
      'projects.csv': csv('project_id,name,owner_id', 'p1,One,alice'),
      'logins.csv': csv('user_id,timestamp', 'pm,2026-01-01T00:00:00Z', 'pm-alone,2026-09-01T00:00:00Z', 'alice,2026-01-01T00:00:00Z'),
    });
    expect(subjects(doc, 'overprivileged-project-manager')).toEqual(['pm']);
    expect(ofRule(doc, 'overprivileged-project-manager')[0]).toMatchObject({ severity: 'critical', evidence: { inactive: true } });
  });

  it('counts the projects of the reach the ProjectManager worked in during the window', async () => {
    const doc = await audit({
      ...base,
      'organization_members.csv': csv('organization_id,user_id,role', 'org-a,pm,Member', 'org-a,alice,Member'),
      'projects.csv': csv('project_id,name,owner_id', 'p1,One,alice', 'p2,Two,alice'),
      'activity.csv': csv('user_id,timestamp,activity,project_id', 'pm,2026-09-10T00:00:00Z,job,p1', 'pm,2026-01-10T00:00:00Z,job,p2'),
    });
    expect(ofRule(doc, 'overprivileged-project-manager')[0]!.evidence).toMatchObject({ reach_size: 2, projects_with_activity_in_window: 1 });
  });

  it('is not evaluated without organization memberships', async () => {
    const { 'organizations.csv': _o, ...rest } = base;
    const doc = await audit({ ...rest, 'projects.csv': csv('project_id,name,owner_id', 'p1,One,alice') });
    expect(doc.rules.find((r) => r.id === 'overprivileged-project-manager')).toMatchObject({ evaluated: false });
  });
});
