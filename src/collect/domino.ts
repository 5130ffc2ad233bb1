// Domino (v4 API and the audit trail API) and Keycloak: every endpoint and paging rule
// of docs/spec/collect.md. Offsets advance by the records received, whatever page size
// the server chose.
import { UsageError } from '../errors.js';
import { expectShape, isObject, type Auth, type Collector } from './context.js';
import type { KeycloakAuth } from './keycloak.js';
import { clean } from './redact.js';
import type { Window } from './window.js';

/** Records asked for per page; a server may return fewer. */
export const PAGE = 1000;

export interface DominoSource {
  url: URL;
  auth: Auth;
  keycloak?: { url: URL; realm: string; auth: KeycloakAuth };
}

export async function collectDomino(c: Collector, src: DominoSource, w: Window): Promise<void> {
  const userIds = new Unique('user');
  await offsetPaged(c, src, 'users-with-usage.json', '/v4/admin/user-management/users-with-usage', (o) => `offset=${o}&limit=${PAGE}`, (j, ep) => {
    expectShape(isObject(j) && Array.isArray(j.users), ep, 'a users-with-usage response ({users: [...], metadata})');
    const o = j as { users: { user?: { id?: unknown; idpId?: unknown }; usage?: { userId?: unknown } }[]; metadata?: { totalCount?: unknown } };
    for (const u of o.users) userIds.add(u?.user?.id ?? u?.usage?.userId ?? u?.user?.idpId, ep);
    return { records: o.users.length, total: numberOrNull(o.metadata?.totalCount) };
  });
  const users = c.files.at(-1)!;
  if (users.records === 0) throw new UsageError(`${users.endpoint}: the API listed no users; an audit of nobody is not an audit (is the key's user an administrator?)`);
  await single(c, src, 'service-accounts.json', '/v4/serviceAccounts?includeDeactivated=true', (j, ep) => {
    expectShape(Array.isArray(j), ep, 'a list of service accounts');
    return (j as unknown[]).length;
  });
  await single(c, src, 'organizations.json', '/v4/organizations', (j, ep) => {
    expectShape(Array.isArray(j), ep, 'a list of organizations');
    return (j as unknown[]).length;
  });
  const projectIds = new Unique('project');
  await offsetPaged(c, src, 'projects.json', '/v4/projects/billingtags/projects', (o) => `offset=${o}&pageSize=${PAGE}`, (j, ep) => {
    expectShape(isObject(j) && Array.isArray(j.page), ep, 'a page of projects ({page: [...], totalMatches})');
    const o = j as { page: { id?: unknown }[]; totalMatches?: unknown };
    for (const p of o.page) projectIds.add(p?.id, ep);
    return { records: o.page.length, total: numberOrNull(o.totalMatches) };
  });
  await single(c, src, 'hardware-tiers.json', '/v4/hardwareTier?show_archived=true', (j, ep) => {
    expectShape(isObject(j) && Array.isArray(j.hardwareTiers), ep, 'a hardware tier envelope ({hardwareTiers: [...]})');
    return (j as { hardwareTiers: unknown[] }).hardwareTiers.length;
  });
  // The three long event streams, side by side (each a different server, or endpoint).
  const kc = src.keycloak;
  await c.parallel([() => runs(c, src), () => auditEvents(c, src, w), ...(kc ? [() => keycloakEvents(c, kc, w)] : [])]);
  c.files.sort((a, b) => ORDER.indexOf(a.file) - ORDER.indexOf(b.file));
}

/** collection.json lists the files in the spec's order, whichever finished first. */
const ORDER = ['users-with-usage.json', 'service-accounts.json', 'organizations.json', 'projects.json', 'hardware-tiers.json', 'runs.json', 'audit-events.json', 'keycloak-events.json'];

async function single(c: Collector, src: DominoSource, file: string, pathAndQuery: string, count: (j: unknown, ep: string) => number) {
  const f = c.open(file, pathAndQuery);
  await f.page(src.url, pathAndQuery, src.auth, (j, ep) => ({ records: count(j, ep) }));
  await f.finish(null);
}

/** Offset paging against a stated total: until the offset reaches it, or a page is empty. */
async function offsetPaged(
  c: Collector,
  src: DominoSource,
  file: string,
  path: string,
  query: (offset: number) => string,
  count: (j: unknown, ep: string) => { records: number; total: number | null },
) {
  const f = c.open(file, `${path}?${query(0)}`);
  let total: number | null = null;
  for (;;) {
    const p = await f.page(src.url, `${path}?${query(f.records)}`, src.auth, count);
    if (p.total === null) throw new UsageError(`${f.endpoint}: the response states no total (${file === 'projects.json' ? 'totalMatches' : 'metadata.totalCount'}); collect cannot know the export is whole`);
    total = p.total;
    if (p.records === 0 || f.records >= total) break;
  }
  await f.finish(total);
}

/** GET /v4/gateway/runs/getByBatchId: follow nextBatchId until it is null. */
async function runs(c: Collector, src: DominoSource) {
  const path = '/v4/gateway/runs/getByBatchId';
  const f = c.open('runs.json', `${path}?limit=${PAGE}`);
  let batch: string | null = null;
  const seen = new Set<string>();
  for (;;) {
    const q: string = `${path}?limit=${PAGE}` + (batch === null ? '' : `&batchId=${encodeURIComponent(batch)}`);
    const p = await f.page(src.url, q, src.auth, (j, ep) => {
      expectShape(isObject(j) && Array.isArray(j.runs), ep, 'a runs sequence ({runs: [...], nextBatchId})');
      const o = j as { runs: unknown[]; nextBatchId?: unknown };
      const next = o.nextBatchId === null || o.nextBatchId === undefined || o.nextBatchId === '' ? null : String(o.nextBatchId);
      return { records: o.runs.length, next };
    });
    if (p.next === null) return void (await f.finish(null));
    if (p.records === 0) return void (await f.finish(null, p.next));
    if (seen.has(p.next)) throw new UsageError(`${f.endpoint}: the API returned batch ${p.next} twice after ${f.records} runs; paging would never end`);
    seen.add(p.next);
    batch = p.next;
  }
}

/** The audit trail: offset paging over a time window, until a page comes back empty. */
async function auditEvents(c: Collector, src: DominoSource, w: Window) {
  const path = '/api/audittrail/v1/auditevents';
  const q = (o: number) => `${path}?startTimestamp=${w.startMs}&endTimestamp=${w.endMs}&limit=${PAGE}&offset=${o}`;
  const f = c.open('audit-events.json', q(0));
  for (;;) {
    const p = await f.page(src.url, q(f.records), src.auth, (j, ep) => {
      // Deployments answer {events: [...]}, some a bare array of events.
      if (Array.isArray(j)) return { records: j.length };
      expectShape(isObject(j) && Array.isArray(j.events), ep, 'a page of audit events ({events: [...]})');
      return { records: (j as { events: unknown[] }).events.length };
    });
    if (p.records === 0) break;
  }
  await f.finish(null);
}

/** Keycloak admin events of the realm: first/max paging until a page comes back empty. */
async function keycloakEvents(c: Collector, kc: NonNullable<DominoSource['keycloak']>, w: Window) {
  const path = `/admin/realms/${encodeURIComponent(kc.realm)}/events`;
  const q = (first: number) => `${path}?type=LOGIN&type=LOGIN_ERROR&dateFrom=${w.since}&first=${first}&max=${PAGE}`;
  const f = c.open('keycloak-events.json', q(0));
  for (;;) {
    const p = await f.page(kc.url, q(f.records), kc.auth, (j, ep) => {
      expectShape(Array.isArray(j), ep, 'a list of Keycloak events');
      return { records: (j as unknown[]).length };
    });
    if (p.records === 0) break;
  }
  await f.finish(null);
}

/**
 * Offset paging over a list that changes while it is read can return a record on two
 * pages (and skip another); `run` refuses a duplicate user or project, so collect stops
 * first and says to run it again.
 */
class Unique {
  private readonly seen = new Set<string>();
  constructor(private readonly what: string) {}
  add(id: unknown, endpoint: string): void {
    if (id === null || id === undefined) return;
    const k = String(id);
    if (this.seen.has(k)) {
      throw new UsageError(`${endpoint}: ${this.what} ${clean(k).slice(0, 60)} came back on two pages: the list changed while it was read; run collect again`);
    }
    this.seen.add(k);
  }
}

function numberOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;
}
