// Dagster+: POST {url}/graphql with the queries of docs/dagster.md. A response holding
// `errors`, or an `…OrError` field holding an error, stops the collection with the API's
// message, except where a Pro feature is not enabled for the organization (the audit
// log's `enabled: false`, or an error saying the plan lacks it): that file is left out
// and collection.json says why.
import { UsageError } from '../errors.js';
import { isObject, type Auth, type Collector } from './context.js';
import { clean } from './redact.js';
import type { Window } from './window.js';

const GRANT = 'grant customRoleId';
const GRANTS = `organizationPermissionGrant { ${GRANT} }
        allBranchDeploymentsPermissionGrant { ${GRANT} }
        deploymentPermissionGrants {
          deploymentId ${GRANT}
          locationGrants { locationName ${GRANT} }
        }`;

export const QUERIES = {
  users: `query AccessAuditUsers {
  organization { id name }
  usersOrError {
    __typename
    ... on DagsterCloudUsersWithScopedPermissionGrants {
      users {
        id
        user { userId email name isScimProvisioned }
        ${GRANTS}
      }
    }
    ... on UnauthorizedError { message }
    ... on PythonError { message }
  }
}`,
  teams: `query AccessAuditTeams {
  teamPermissions {
    id
    team { id name members { userId email } }
    ${GRANTS}
  }
}`,
  serviceUsers: `query AccessAuditServiceUsers {
  serviceUsersOrError {
    __typename
    ... on ServiceUsersWithScopedPermissionGrants {
      serviceUsers {
        id
        serviceUser { id name description }
        ${GRANTS}
      }
    }
    ... on UnauthorizedError { message }
    ... on PythonError { message }
  }
}`,
  deployments: `query AccessAuditDeployments { fullDeployments { deploymentId deploymentName deploymentType } }`,
  auditLog: `query AccessAuditLog($cursor: String, $after: Float, $before: Float) {
  auditLog {
    enabled
    auditLogEntries(limit: 1000, cursor: $cursor, filters: {afterDatetime: $after, beforeDatetime: $before}) {
      id eventType authorUserEmail authorAgentTokenId timestamp deploymentName eventMetadata
    }
  }
}`,
} as const;

const NAMES: Record<keyof typeof QUERIES, string> = {
  users: 'AccessAuditUsers',
  teams: 'AccessAuditTeams',
  serviceUsers: 'AccessAuditServiceUsers',
  deployments: 'AccessAuditDeployments',
  auditLog: 'AccessAuditLog',
};

/** An error message saying the organization's plan lacks the feature. */
const PLAN_LACKS = /\bplan\b|not enabled|not available|upgrade|\bpro\b|enterprise|subscription/i;

class LeftOut extends Error {}

export interface DagsterSource {
  url: URL;
  auth: Auth;
}

export async function collectDagster(c: Collector, src: DagsterSource, w: Window): Promise<void> {
  await one(c, src, 'users.json', 'users', (data, ep) => {
    const n = orError(data, 'usersOrError', 'users', ep, false);
    if (n === 0) throw new UsageError(`${ep}: the API listed no users; an audit of nobody is not an audit`);
    return n;
  });
  await one(c, src, 'teams.json', 'teams', (data, ep) => {
    const v = data.teamPermissions;
    if (!Array.isArray(v)) throw new UsageError(`${ep}: teamPermissions is not a list of teams`);
    return v.length;
  }, true);
  await one(c, src, 'service-users.json', 'serviceUsers', (data, ep) => orError(data, 'serviceUsersOrError', 'serviceUsers', ep, true), true);
  await one(c, src, 'deployments.json', 'deployments', (data, ep) => {
    const v = data.fullDeployments;
    if (!Array.isArray(v)) throw new UsageError(`${ep}: fullDeployments is not a list of deployments`);
    return v.length;
  });
  await auditLog(c, src, w);
}

/** The endpoint as collection.json and messages name it: the path and the query's name. */
const endpoint = (q: keyof typeof QUERIES) => `/graphql (query ${NAMES[q]})`;

function body(q: keyof typeof QUERIES, variables: Record<string, unknown> = {}): string {
  return JSON.stringify({ query: QUERIES[q], variables });
}

/**
 * The `data` of a GraphQL response, or the reason to stop: `errors` stop the collection
 * (a Pro file whose error says the plan lacks the feature is left out instead).
 */
function dataOf(j: unknown, ep: string, pro: boolean): Record<string, unknown> {
  if (!isObject(j)) throw new UsageError(`${ep}: the response is not a GraphQL response; is --url the organization's https://<org>.dagster.cloud?`);
  if (Array.isArray(j.errors) && j.errors.length > 0) {
    const first = j.errors[0] as { message?: unknown } | null;
    const msg = clean(typeof first?.message === 'string' ? first.message : JSON.stringify(first)).slice(0, 300);
    if (pro && PLAN_LACKS.test(msg)) throw new LeftOut(`the API answered that the organization's plan lacks it (a Dagster+ Pro feature): "${msg}"`);
    throw new UsageError(`${ep}: the API answered with an error: "${msg}"`);
  }
  if (!isObject(j.data)) throw new UsageError(`${ep}: the response holds no data`);
  return j.data;
}

/** An `…OrError` field: the list's length, or the API's error as a message naming the token. */
function orError(data: Record<string, unknown>, field: string, list: string, ep: string, pro: boolean): number {
  const v = data[field];
  if (!isObject(v)) throw new UsageError(`${ep}: ${field} is missing from the response`);
  if (Array.isArray(v[list])) return (v[list] as unknown[]).length;
  const kind = typeof v.__typename === 'string' ? clean(v.__typename) : 'an error';
  const msg = typeof v.message === 'string' ? clean(v.message).slice(0, 300) : '';
  if (pro && PLAN_LACKS.test(msg)) throw new LeftOut(`${field} answered ${kind}: the organization's plan lacks it (a Dagster+ Pro feature): "${msg}"`);
  const who = kind === 'UnauthorizedError' ? ": the token in DAGSTER_CLOUD_API_TOKEN must be an Organization Admin's user token" : '';
  throw new UsageError(`${ep}: ${field} answered ${kind}${msg ? ` "${msg}"` : ''}${who}`);
}

async function one(
  c: Collector,
  src: DagsterSource,
  file: string,
  q: keyof typeof QUERIES,
  count: (data: Record<string, unknown>, ep: string) => number,
  pro = false,
): Promise<void> {
  const ep = endpoint(q);
  const f = c.open(file, ep);
  try {
    await f.page(src.url, '/graphql', src.auth, (j) => ({ records: count(dataOf(j, ep, pro), ep) }), post(q));
  } catch (e) {
    if (e instanceof LeftOut) return f.leaveOut(e.message);
    throw e;
  }
  await f.finish(null);
}

const post = (q: keyof typeof QUERIES, variables?: Record<string, unknown>) => ({
  method: 'POST' as const,
  body: body(q, variables),
  contentType: 'application/json',
  endpoint: endpoint(q),
});

/** The audit log: cursor = the last entry's id, limit 1000, until a page comes back empty. */
async function auditLog(c: Collector, src: DagsterSource, w: Window): Promise<void> {
  const ep = endpoint('auditLog');
  const f = c.open('audit-log.json', ep);
  let cursor: string | null = null;
  const after = w.startMs / 1000;
  const before = w.endMs / 1000;
  try {
    for (;;) {
      const p: { records: number; last: string | null } = await f.page(src.url, '/graphql', src.auth, (j) => {
        const data = dataOf(j, ep, true);
        const log = data.auditLog;
        if (log === null) throw new LeftOut('auditLog is null: the organization has no audit log (a Dagster+ Pro feature)');
        if (!isObject(log)) throw new UsageError(`${ep}: auditLog is missing from the response`);
        if (log.enabled === false) throw new LeftOut('auditLog.enabled is false: the audit log is not enabled for the organization (a Dagster+ Pro feature)');
        const entries = log.auditLogEntries;
        if (entries === null) throw new LeftOut('auditLog.auditLogEntries is null: the organization has no audit log (a Dagster+ Pro feature)');
        if (!Array.isArray(entries)) throw new UsageError(`${ep}: auditLog.auditLogEntries is not a list`);
        const last = entries.length > 0 ? (entries[entries.length - 1] as { id?: unknown })?.id : undefined;
        if (entries.length > 0 && (typeof last !== 'string' || last === '')) throw new UsageError(`${ep}: an audit log entry has no id to page on`);
        return { records: entries.length, last: (last as string | undefined) ?? null };
      }, post('auditLog', { cursor, after, before }));
      if (p.records === 0) break;
      if (p.last === cursor) throw new UsageError(`${ep}: the API returned the page after ${cursor} again after ${f.records} entries; paging would never end`);
      cursor = p.last;
    }
  } catch (e) {
    if (e instanceof LeftOut && f.pages === 0) return f.leaveOut(e.message);
    if (e instanceof LeftOut) throw new UsageError(`${ep}: the audit log stopped answering after ${f.records} entries: ${e.message}`);
    throw e;
  }
  await f.finish(null);
}
