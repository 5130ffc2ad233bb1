#!/usr/bin/env node
// Writes the Dagster+ sample bundle of this folder: the GraphQL responses an Organization
// Admin would save with curl (see docs/dagster.md), for a made-up organization of 40
// people, 4 service users, 6 teams, 4 deployments and a year of audit log. Deterministic:
// the same script writes the same bytes. What is planted for each rule: README.md.
//
//   node sample-data/dagster/generate.mjs
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const AS_OF = '2026-09-30';
const LOG_START = Date.parse('2025-10-01T00:00:00Z');

// A small seeded PRNG (mulberry32): no Math.random, so the output is stable.
let seed = 20260930;
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const between = (a, b) => a + Math.floor(rand() * (b - a));

const ORG = { id: '48213', name: 'Northwind Analytics' };
const DEPLOYMENTS = [
  { deploymentId: 101, deploymentName: 'prod', deploymentType: 'PRODUCTION' },
  { deploymentId: 102, deploymentName: 'staging', deploymentType: 'DEV' },
  { deploymentId: 201, deploymentName: 'sandbox', deploymentType: 'DEV' },
  { deploymentId: 301, deploymentName: 'prod-feature-dbt-1-9', deploymentType: 'BRANCH' },
];
const PROD = 101;
const STAGING = 102;
const SANDBOX = 201;

const g = (grant, customRoleId = null) => ({ grant, customRoleId });
const dep = (deploymentId, grant, locationGrants = [], customRoleId = null) => ({
  deploymentId,
  grant,
  customRoleId,
  locationGrants: locationGrants.map(([locationName, lg, lc = null]) => ({ locationName, grant: lg, customRoleId: lc })),
});

// People: [id, name, last seen (ISO, or null = never), scim, own grants].
// Last seen dates are the last audit-log entry each one authors before the as-of date.
const P = (id, name, lastSeen, own = {}, scim = true) => ({ id, name, lastSeen, own, scim });
const PEOPLE = [
  // Organization Admins: Maya is active, Tom left in March and still holds the role.
  P(1001, 'Maya Chen', '2026-09-29T16:42:10Z', { org: g('ADMIN') }),
  P(1002, 'Tom Becker', '2026-03-14T09:12:55Z', { org: g('ADMIN') }),
  // Data Platform (team: ADMIN on prod and staging, EDITOR on all branch deployments).
  P(1003, 'Jonas Weber', '2026-09-30T08:01:00Z'),
  P(1004, 'Aisha Khan', '2026-09-25T13:30:00Z'),
  P(1005, 'Sam Ortiz', '2026-09-18T10:05:00Z', { branch: g('LAUNCHER') }),
  P(1006, 'Rui Costa', '2026-05-20T17:45:00Z'),
  // On-call (team: ADMIN on prod); Priya's own page says Viewer.
  P(1007, 'Priya Nair', '2026-09-22T07:55:00Z', { deps: [dep(PROD, 'VIEWER')] }),
  // Analytics (team: LAUNCHER on prod, EDITOR on staging).
  P(1008, 'Lucas Martin', '2026-09-28T11:00:00Z'),
  P(1009, 'Emma Novak', '2026-09-27T15:20:00Z'),
  P(1010, 'Noah Silva', '2026-09-12T09:40:00Z'),
  P(1011, 'Olivia Brown', '2026-08-30T14:10:00Z'),
  P(1012, 'Mateo Rossi', '2026-09-03T16:00:00Z'),
  P(1013, 'Chloe Dubois', null), // provisioned by SCIM, never logged in
  P(1014, 'Ethan Clarke', '2025-12-02T10:30:00Z'),
  P(1015, 'Zoe Fischer', '2026-07-01T23:59:59Z'), // one second before the cutoff day
  P(1016, 'Liam Walsh', '2026-07-02T00:00:00Z'), // at the cutoff: active
  P(1017, 'Mia Kowalski', '2026-09-21T12:00:00Z'),
  // Finance BI (team: VIEWER on prod, EDITOR on code location finance_reports).
  P(1018, 'Hugo Lambert', '2026-09-16T09:00:00Z'),
  P(1019, 'Ines Ferreira', '2026-02-10T08:20:00Z'),
  P(1020, 'Daniel Park', '2026-09-09T10:10:00Z'),
  P(1021, 'Sara Lindqvist', '2026-09-24T13:13:00Z', { deps: [dep(PROD, 'VIEWER', [['finance_reports', 'VIEWER']])] }),
  // ML (team: EDITOR on code location ml_models in prod).
  P(1022, 'Omar Haddad', '2026-09-26T18:00:00Z', { deps: [dep(PROD, 'VIEWER', [['ml_models', 'LAUNCHER']])] }),
  P(1023, 'Lena Fischer', '2026-09-23T10:00:00Z', { deps: [dep(PROD, 'VIEWER', [['ml_models', 'EDITOR']])] }),
  P(1024, 'Kofi Mensah', '2026-09-19T09:30:00Z'),
  // All Engineers (team: LAUNCHER at organization scope) and own grants.
  P(1025, 'Ken Ito', '2026-09-20T08:45:00Z', { deps: [dep(PROD, 'VIEWER')] }),
  P(1026, 'Hana Sato', '2026-09-15T14:00:00Z', { deps: [dep(STAGING, 'CUSTOM', [], 'cr_release_manager')] }),
  P(1027, 'Ivan Petrov', '2026-09-11T11:11:00Z', { deps: [dep(STAGING, 'EDITOR'), dep(SANDBOX, 'ADMIN')] }),
  P(1028, 'Julia Schmidt', '2026-09-07T15:00:00Z', { deps: [dep(PROD, 'EDITOR'), dep(STAGING, 'EDITOR')] }),
  P(1029, 'Marco Bianchi', '2026-09-30T17:30:00Z', { deps: [dep(PROD, 'LAUNCHER')] }),
  P(1030, 'Nina Horvat', '2026-09-02T10:00:00Z', { deps: [dep(STAGING, 'EDITOR')], branch: g('EDITOR') }),
  // Viewers and occasional users (own grants only).
  P(1031, 'Oscar Nilsson', '2026-09-14T09:00:00Z', { deps: [dep(PROD, 'VIEWER')] }),
  P(1032, 'Paula Gomez', '2026-08-12T10:00:00Z', { deps: [dep(PROD, 'VIEWER')] }),
  P(1033, 'Quinn Murphy', '2026-09-29T09:00:00Z', { deps: [dep(PROD, 'VIEWER'), dep(STAGING, 'VIEWER')] }),
  P(1034, 'Ruth Adler', '2026-04-02T12:00:00Z', { deps: [dep(PROD, 'VIEWER')] }, false),
  P(1035, 'Stefan Wolf', '2026-09-01T08:00:00Z', { deps: [dep(PROD, 'VIEWER')] }),
  P(1036, 'Tara Singh', '2026-09-10T10:00:00Z', { deps: [dep(PROD, 'VIEWER')], branch: g('VIEWER') }),
  P(1037, 'Uma Reddy', '2026-09-17T16:00:00Z', { deps: [dep(STAGING, 'LAUNCHER')] }),
  P(1038, 'Victor Huang', null, { deps: [dep(STAGING, 'EDITOR')] }, false), // contractor, never logged in
  P(1039, 'Wendy Zhao', '2026-09-08T09:00:00Z', { deps: [dep(PROD, 'VIEWER')] }),
  P(1040, 'Yusuf Demir', '2026-09-05T13:00:00Z', { deps: [dep(SANDBOX, 'EDITOR')] }),
];
const email = (name) => name.toLowerCase().replace(/ /g, '.') + '@northwind.example';

const TEAMS = [
  {
    id: 'tm_data_platform', name: 'Data Platform', members: [1003, 1004, 1005, 1006],
    grants: { deps: [dep(PROD, 'ADMIN'), dep(STAGING, 'ADMIN')], branch: g('EDITOR') },
  },
  // Made during an incident and never cleaned up: ADMIN on prod for whoever is in it.
  { id: 'tm_on_call', name: 'On-call', members: [1003, 1007], grants: { deps: [dep(PROD, 'ADMIN')] } },
  {
    id: 'tm_analytics', name: 'Analytics', members: [1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015, 1016, 1017, 9999],
    grants: { deps: [dep(PROD, 'LAUNCHER'), dep(STAGING, 'EDITOR')] },
  },
  {
    id: 'tm_finance_bi', name: 'Finance BI', members: [1018, 1019, 1020, 1021],
    grants: { deps: [dep(PROD, 'VIEWER', [['finance_reports', 'EDITOR']])] },
  },
  { id: 'tm_ml', name: 'ML', members: [1022, 1023, 1024], grants: { deps: [dep(PROD, 'VIEWER', [['ml_models', 'EDITOR']])] } },
  {
    id: 'tm_all_engineers', name: 'All Engineers', members: [1003, 1004, 1005, 1022, 1023, 1024, 1025, 1027, 1028, 1029, 1030],
    grants: { org: g('LAUNCHER') },
  },
];

const SERVICE_USERS = [
  { id: 'su_terraform', name: 'terraform-cloud', description: 'Manages Dagster+ settings from the infra repo', org: g('ADMIN'), deps: [] },
  { id: 'su_ci_deployer', name: 'ci-deployer', description: 'GitHub Actions: deploys code locations', deps: [dep(PROD, 'EDITOR'), dep(STAGING, 'ADMIN')] },
  { id: 'su_airbyte', name: 'airbyte-sync', description: 'Triggers syncs', deps: [dep(PROD, 'LAUNCHER')] },
  { id: 'su_k8s_agent', name: 'k8s-agent', description: 'Hybrid agent in the EKS cluster', deps: [dep(PROD, 'AGENT'), dep(STAGING, 'AGENT')] },
];

const write = (name, value) => writeFileSync(path.join(HERE, name), JSON.stringify(value, null, 2) + '\n');
const grantsOf = (o) => ({
  organizationPermissionGrant: o.org ?? null,
  allBranchDeploymentsPermissionGrant: o.branch ?? null,
  deploymentPermissionGrants: o.deps ?? [],
});

write('deployments.json', { data: { fullDeployments: DEPLOYMENTS } });

write('users.json', {
  data: {
    organization: ORG,
    usersOrError: {
      __typename: 'DagsterCloudUsersWithScopedPermissionGrants',
      users: PEOPLE.map((p) => ({
        id: String(p.id),
        user: { userId: p.id, email: email(p.name), name: p.name, isScimProvisioned: p.scim },
        ...grantsOf(p.own),
      })),
    },
  },
});

const byId = new Map(PEOPLE.map((p) => [p.id, p]));
write('teams.json', {
  data: {
    teamPermissions: TEAMS.map((t) => ({
      id: t.id,
      team: {
        id: t.id,
        name: t.name,
        members: t.members.map((m) => ({ userId: m, email: byId.get(m) ? email(byId.get(m).name) : 'olga.petrova@northwind.example' })),
      },
      ...grantsOf(t.grants),
    })),
  },
});

write('service-users.json', {
  data: {
    serviceUsersOrError: {
      __typename: 'ServiceUsersWithScopedPermissionGrants',
      serviceUsers: SERVICE_USERS.map((s) => ({
        id: s.id,
        serviceUser: { id: s.id, name: s.name, description: s.description },
        organizationPermissionGrant: s.org ?? null,
        deploymentPermissionGrants: s.deps,
      })),
    },
  },
});

// The audit log: for every person seen, a history of log-ins and work from a start date
// up to their last-seen entry (exactly that instant); an ex-employee still in the log;
// agent-token runs without an author; two entries the day after the as-of date.
const EVENTS = ['LOG_IN', 'LOG_IN', 'LOG_IN', 'LAUNCH_RUN', 'LAUNCH_RUN', 'UPDATE_SCHEDULE', 'UPDATE_SENSOR', 'LAUNCH_BACKFILL'];
const ADMIN_EVENTS = ['CHANGE_USER_PERMISSIONS', 'CREATE_SECRET', 'UPDATE_SECRET', 'UPDATE_DEPLOYMENT_SETTINGS', 'CREATE_USER_TOKEN'];
const entries = [];
const add = (ms, eventType, author, deploymentName, agent = null) =>
  entries.push({ ms, eventType, authorUserEmail: author, authorAgentTokenId: agent, deploymentName, eventMetadata: {} });
const deploymentNames = ['prod', 'prod', 'staging', 'sandbox'];

for (const p of PEOPLE) {
  if (!p.lastSeen) continue;
  const last = Date.parse(p.lastSeen);
  const first = Math.max(LOG_START, last - between(60, 330) * 86_400_000);
  const n = between(6, 60);
  const admin = p.own.org?.grant === 'ADMIN';
  // Some people's email appears in other case in the log (matched case-insensitively).
  const author = p.id % 7 === 0 ? email(p.name).replace(/^./, (c) => c.toUpperCase()) : email(p.name);
  for (let i = 0; i < n; i++) {
    const ms = first + Math.floor(rand() * Math.max(1, last - first - 3_600_000));
    add(ms, admin && rand() < 0.3 ? pick(ADMIN_EVENTS) : pick(EVENTS), author, pick(deploymentNames));
  }
  add(last, 'LOG_IN', author, 'prod');
}
for (let i = 0; i < 14; i++) add(Date.parse('2026-01-05T09:00:00Z') + i * 3 * 86_400_000, 'LOG_IN', 'olga.petrova@northwind.example', 'prod');
for (let i = 0; i < 40; i++) add(LOG_START + between(0, 364) * 86_400_000 + between(0, 86_400_000), 'LAUNCH_RUN', null, 'prod', 'agt_7c1e');
add(Date.parse('2026-10-01T07:15:00Z'), 'LOG_IN', email('Tom Becker'), 'prod');
add(Date.parse('2026-10-01T07:20:00Z'), 'CHANGE_USER_PERMISSIONS', email('Tom Becker'), null);
// The first entry of the log: one year before the as-of date.
add(LOG_START + 3_600_000, 'LOG_IN', email('Maya Chen'), 'prod');

// Newest first, as the API pages them; epoch seconds with microseconds, as Dagster+ returns.
entries.sort((a, b) => b.ms - a.ms || (a.authorUserEmail ?? '').localeCompare(b.authorUserEmail ?? ''));
const PAGE = 250;
const pages = [];
entries.forEach((e, i) => {
  const { ms, ...rest } = e;
  if (i % PAGE === 0) pages.push({ data: { auditLog: { auditLogEntries: [] } } });
  pages.at(-1).data.auditLog.auditLogEntries.push({ id: `ale_${String(entries.length - i).padStart(5, '0')}`, ...rest, timestamp: ms / 1000 + (i % 10) / 1e6 });
});
write('audit-log.json', pages);

// The IdP's users (Okta-style SCIM 2.0 GET /Users, two pages of 25), the organization's
// identity source of truth (docs/spec/identity.md). No rand(): what comes before is
// unchanged. Planted: README.md, "Identity".
const scimId = (n) => `00u${String(n).padStart(6, '0')}nw1`;
const MANAGER = { 1001: null, 1002: 1001, 1003: 1001 };
const IDP = {
  // inactive in the IdP: SCIM has no termination date, the last change stands in for it
  1002: { active: false, lastModified: '2026-03-13T18:05:00Z' }, // Org Admin, seen after: critical
  1011: { active: false, lastModified: '2026-08-14T16:00:00Z' }, // seen after leaving: critical
  1014: { active: false, lastModified: '2026-01-15T12:00:00Z' }, // not seen since: high
  1019: { active: false, lastModified: null }, // no lastModified: days since termination unknown
  1029: { active: false, lastModified: '2026-09-29T20:30:00Z' }, // left yesterday: inside leaver_grace_days
  1033: { email: ' Quinn.Murphy@Northwind.example ' }, // other case and spaces: still matched
  1026: { email: 'hana.sato@northwind-group.example' }, // other e-mail: matched by userName
};
const NOT_IN_IDP = new Set([1027, 1038, 1040]); // orphaned (1027 is ADMIN on sandbox); 1038 is ambiguous
const resources = [];
for (const p of PEOPLE) {
  if (NOT_IN_IDP.has(p.id)) continue;
  const o = IDP[p.id] ?? {};
  const manager = p.id in MANAGER ? MANAGER[p.id] : p.id <= 1010 ? 1003 : 1001;
  resources.push({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
    id: scimId(p.id),
    externalId: `nw-${p.id}`,
    userName: email(p.name),
    name: { givenName: p.name.split(' ')[0], familyName: p.name.split(' ')[1], formatted: p.name },
    displayName: p.name,
    active: o.active ?? true,
    emails: [{ value: o.email ?? email(p.name), type: 'work', primary: true }],
    meta: {
      resourceType: 'User',
      created: '2024-02-01T09:00:00Z',
      ...(o.lastModified !== null ? { lastModified: o.lastModified ?? '2026-06-30T08:00:00Z' } : {}),
      location: `https://northwind.okta.example/scim/v2/Users/${scimId(p.id)}`,
    },
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
      employeeNumber: String(p.id - 1000 + 50000),
      department: p.id <= 1007 ? 'Data Platform' : p.id <= 1017 ? 'Analytics' : p.id <= 1021 ? 'Finance' : 'Engineering',
      costCenter: p.id <= 1017 ? 'CC-410' : 'CC-520',
      ...(manager ? { manager: { value: scimId(manager), $ref: `../Users/${scimId(manager)}`, displayName: byId.get(manager).name } } : {}),
    },
  });
}
// Victor Huang's contractor account twice in the IdP (a migration): two people for one account.
for (const [n, mail] of [[1901, 'v.huang@contractor.example'], [1902, 'victor.huang@partner.example']]) {
  resources.push({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id: scimId(n),
    userName: n === 1901 ? email('Victor Huang') : email('Victor Huang').toUpperCase(),
    name: { formatted: 'Victor Huang' },
    active: true,
    emails: [{ value: mail, primary: true }],
    meta: { resourceType: 'User', lastModified: '2026-05-01T10:00:00Z' },
  });
}
// The ex-employee still in the audit log left long ago.
resources.push({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: scimId(1950), userName: 'olga.petrova@northwind.example', name: { formatted: 'Olga Petrova' }, active: false,
  emails: [{ value: 'olga.petrova@northwind.example', primary: true }], meta: { resourceType: 'User', lastModified: '2026-01-31T17:00:00Z' },
});
const SCIM_PAGE = 25;
const scimPages = [];
for (let i = 0; i < resources.length; i += SCIM_PAGE) {
  const chunk = resources.slice(i, i + SCIM_PAGE);
  scimPages.push({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: resources.length, startIndex: i + 1, itemsPerPage: chunk.length, Resources: chunk });
}
write('scim-users.json', scimPages);

console.log(`wrote ${PEOPLE.length} users, ${SERVICE_USERS.length} service users, ${TEAMS.length} teams, ${entries.length} audit-log entries in ${pages.length} pages`);
