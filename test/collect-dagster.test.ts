// `collect dagster` against a local Dagster+ GraphQL endpoint serving sample-data/dagster:
// the audit log paged by cursor, Pro features not enabled (files left out, and why),
// `errors` and UnauthorizedError stopping the collection; the audit of what was collected
// equals the audit of the sample's own files.
import { copyFileSync, cpSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FindingsDocument } from '../src/model.js';
import { ROOT, tempDir } from './helpers.js';
import { cliAsync, expectCollectRefused, expectNoSecret, freshOut } from './fixtures/collect/helpers.js';
import { startServer, type TestServer } from './fixtures/collect/server.mjs';

const TOKEN = 'user:dg-token-3e9f1b7a2c';
const SAMPLE = path.join(ROOT, 'sample-data/dagster');
const AS_OF = '2026-09-30';
const servers: TestServer[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(mode: 'pro' | 'starter' | 'unauthorized' | 'errors' = 'pro', faults: Parameters<typeof startServer>[0]['faults'] = []): Promise<TestServer> {
  const s = await startServer({ dagster: { dir: SAMPLE, token: TOKEN, mode, cap: 97 }, faults, stopAfterMs: 120_000 });
  servers.push(s);
  return s;
}

const args = (s: TestServer, out: string) => ['collect', 'dagster', '--url', s.url, '--out', out, '--as-of', AS_OF];

async function auditOf(input: string): Promise<{ doc: FindingsDocument; out: string }> {
  const out = path.join(tempDir('aa-run-'), 'out');
  const r = await cliAsync(['run', '--platform', 'dagster', '--input', input, '--out', out, '--as-of', AS_OF, '--config', path.join(SAMPLE, 'access-audit.config.yaml'), '--quiet']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return { doc: JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8')) as FindingsDocument, out };
}

describe('collect dagster', () => {
  it('collects every file, pages the audit log by cursor, and audits like the sample it was served from', async () => {
    const s = await serve('pro', [{ path: '/graphql', kind: '429', after: 6, retryAfter: 0 }, { path: '/graphql', kind: 'cut', after: 8 }]);
    const out = freshOut();
    const r = await cliAsync(args(s, out), { DAGSTER_CLOUD_API_TOKEN: TOKEN });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['audit-log.json', 'collection.json', 'deployments.json', 'service-users.json', 'teams.json', 'users.json']);
    const collection = JSON.parse(readFileSync(path.join(out, 'collection.json'), 'utf8'));
    expect(collection.platform).toBe('dagster');
    expect(collection.left_out).toEqual([]);
    const log = collection.files.find((f: { file: string }) => f.file === 'audit-log.json');
    const pages = JSON.parse(readFileSync(path.join(out, 'audit-log.json'), 'utf8')) as { data: { auditLog: { auditLogEntries: { id: string; timestamp: number }[] } } }[];
    const entries = pages.flatMap((p) => p.data.auditLog.auditLogEntries);
    expect(log.records).toBe(entries.length);
    expect(pages.at(-1)!.data.auditLog.auditLogEntries).toEqual([]); // paging ended on an empty page
    expect(pages.slice(0, -1).every((p) => p.data.auditLog.auditLogEntries.length <= 97)).toBe(true);
    expect(log.requests).toBe(log.pages + 2);
    // Each request after the first carried the last entry's id as its cursor.
    const logRequests = s.requests.filter((q) => q.body.includes('AccessAuditLog')).map((q) => JSON.parse(q.body).variables);
    expect(logRequests[0].cursor).toBeNull();
    expect(logRequests[0].after).toBe(Date.parse('2025-08-26T00:00:00Z') / 1000);
    expect(logRequests[0].before).toBe(Date.parse('2026-09-30T23:59:59.999Z') / 1000);
    expect(new Set(logRequests.slice(1).map((v) => v.cursor))).toEqual(new Set(pages.slice(0, -1).map((p) => p.data.auditLog.auditLogEntries.at(-1)!.id)));
    expect(entries.every((e) => e.timestamp <= Date.parse('2026-10-01T00:00:00Z') / 1000)).toBe(true);
    expect(s.requests.every((q) => q.headers['dagster-cloud-api-token'] === TOKEN && q.method === 'POST')).toBe(true);
    expectNoSecret([TOKEN], [out], r);

    // The IdP's users come from the IdP, not from Dagster+ (identity.md): the admin adds them.
    const bundle = path.join(tempDir('aa-collected-'), 'bundle');
    cpSync(out, bundle, { recursive: true });
    copyFileSync(path.join(SAMPLE, 'scim-users.json'), path.join(bundle, 'scim-users.json'));
    const [mine, theirs] = await Promise.all([auditOf(bundle), auditOf(SAMPLE)]);
    expect(mine.doc.findings.length).toBeGreaterThan(3);
    expect(mine.doc.findings).toEqual(theirs.doc.findings);
    expect(mine.doc.rules).toEqual(theirs.doc.rules);
    expect(JSON.parse(readFileSync(path.join(mine.out, 'manifest.json'), 'utf8')).collection.files).toEqual(collection.files);
  });

  it('Pro features not enabled: teams, service users and the audit log are left out, and collection.json says why', async () => {
    const s = await serve('starter');
    const out = freshOut();
    const r = await cliAsync(args(s, out), { DAGSTER_CLOUD_API_TOKEN: TOKEN });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['collection.json', 'deployments.json', 'users.json']);
    const collection = JSON.parse(readFileSync(path.join(out, 'collection.json'), 'utf8'));
    const why = Object.fromEntries(collection.left_out.map((l: { file: string; reason: string }) => [l.file, l.reason]));
    expect(Object.keys(why).sort()).toEqual(['audit-log.json', 'service-users.json', 'teams.json']);
    expect(why['audit-log.json']).toMatch(/enabled is false.*Pro/);
    expect(why['teams.json']).toMatch(/plan lacks it.*"Teams are not available on your current plan"/);
    expect(why['service-users.json']).toMatch(/UnauthorizedError.*plan lacks it.*"Service users require the Pro plan"/);
    // The audit runs on what was collected: the rules that need the audit log are not evaluated.
    const { doc } = await auditOf(out);
    expect(doc.rules.find((x) => x.id === 'inactive-seat')).toMatchObject({ evaluated: false });
  });

  it('UnauthorizedError stops the collection, naming the token variable and what it must be', async () => {
    const s = await serve('unauthorized');
    const out = freshOut();
    expectCollectRefused(
      await cliAsync(args(s, out), { DAGSTER_CLOUD_API_TOKEN: TOKEN }),
      out,
      /\/graphql \(query AccessAuditUsers\): usersOrError answered UnauthorizedError "Only organization admins can view users": the token in DAGSTER_CLOUD_API_TOKEN must be an Organization Admin's user token$/m,
    );
  });

  it('a response holding errors stops the collection with the API\'s message', async () => {
    const s = await serve('errors');
    const out = freshOut();
    expectCollectRefused(
      await cliAsync(args(s, out), { DAGSTER_CLOUD_API_TOKEN: TOKEN }),
      out,
      /\/graphql \(query AccessAuditUsers\): the API answered with an error: "Cannot query field "isScimProvisioned" on type "DagsterCloudUser"."/,
    );
  });

  it('a wrong or missing token', async () => {
    const s = await serve();
    const out = freshOut();
    const r = await cliAsync(args(s, out), { DAGSTER_CLOUD_API_TOKEN: 'user:wrong-token-77' });
    expectCollectRefused(r, out, /\/graphql \(query AccessAuditUsers\): answered 403 Forbidden \("Invalid token"\): the token is not an Organization Admin's user token \(DAGSTER_CLOUD_API_TOKEN\)/);
    expectNoSecret(['user:wrong-token-77'], [path.dirname(out)], r);
    expectCollectRefused(await cliAsync(args(s, out)), out, /DAGSTER_CLOUD_API_TOKEN is not set/);
  });
});
