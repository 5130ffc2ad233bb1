// `collect domino` against a local Domino + Keycloak on 127.0.0.1 serving a generated
// deployment: paging with server pages smaller than asked, 429 + Retry-After, 503, a body
// cut off, a slow response, an expired Keycloak token; then the audit of what was
// collected equals the audit of the generator's own export of the same deployment.
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBundle } from '../src/generate/generate.js';
import type { FindingsDocument } from '../src/model.js';
import { ROOT, makeBundle, tempDir } from './helpers.js';
import { cliAsync, expectCollectRefused, expectNoSecret, freshOut } from './fixtures/collect/helpers.js';
import { startServer, type ServerOptions, type TestServer } from './fixtures/collect/server.mjs';

const API_KEY = 'dom-api-key-7f3a9c1e5b';
const CLIENT_SECRET = 'kc-client-secret-4d8e2a6f';
const STATIC_TOKEN = 'kc-static-token-91b7c3';
const REALM = 'DominoRealm';
const AS_OF = '2026-09-30';

let generated: string;
const servers: TestServer[] = [];

beforeAll(async () => {
  generated = path.join(tempDir('aa-gen-'), 'native');
  await generateBundle({ users: 300, events: 20_000, shape: 'native', out: generated, quiet: true } as Parameters<typeof generateBundle>[0]);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(extra: Partial<ServerOptions> = {}, domino: Partial<NonNullable<ServerOptions['domino']>> = {}): Promise<TestServer> {
  const s = await startServer({
    domino: { dir: generated, apiKey: API_KEY, keycloak: { realm: REALM, clientId: 'access-audit', clientSecret: CLIENT_SECRET }, ...domino },
    stopAfterMs: 120_000,
    ...extra,
  });
  servers.push(s);
  return s;
}

const dominoArgs = (s: TestServer, out: string, more: string[] = []) => [
  'collect', 'domino', '--url', s.url, '--keycloak-url', `${s.url}/auth`, '--realm', REALM, '--out', out, '--as-of', AS_OF, ...more,
];
const creds = { DOMINO_API_KEY: API_KEY, KEYCLOAK_CLIENT_ID: 'access-audit', KEYCLOAK_CLIENT_SECRET: CLIENT_SECRET };

/** A command run under `script` (a pseudo-terminal); what the terminal showed. */
function cliAsyncShell(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...creds, NO_COLOR: '1' };
    delete env.CI;
    const child = spawn('script', ['-qec', command, '/dev/null'], { env });
    let text = '';
    child.stdout.on('data', (c) => (text += c));
    child.on('error', reject);
    child.on('close', () => resolve(text));
  });
}

async function auditOf(input: string, extra: string[] = []): Promise<{ doc: FindingsDocument; out: string }> {
  const out = path.join(tempDir('aa-run-'), 'out');
  const r = await cliAsync(['run', '--input', input, '--out', out, '--as-of', AS_OF, '--config', path.join(generated, 'access-audit.config.yaml'), '--quiet', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return { doc: JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8')) as FindingsDocument, out };
}

describe('collect domino: a whole deployment through every fault the issue names', () => {
  let s: TestServer;
  let out: string;
  let result: Awaited<ReturnType<typeof cliAsync>>;
  let collection: { files: { file: string; records: number; reported_total: number | null; requests: number; pages: number; endpoint: string; sha256: string; bytes: number }[]; since: string; as_of: string; source: Record<string, unknown> };

  beforeAll(async () => {
    s = await serve({
      faults: [
        { path: '/v4/admin/user-management/users-with-usage', kind: '429', after: 1, retryAfter: 1 },
        { path: '/v4/projects/billingtags/projects', kind: '503', after: 2, count: 2 },
        { path: '/v4/gateway/runs/getByBatchId', kind: 'cut', after: 3 },
        { path: '/v4/organizations', kind: 'slow', ms: 1500 },
        { path: '/api/audittrail/v1/auditevents', kind: 'html', after: 4 },
      ],
    }, { keycloak: { realm: REALM, clientId: 'access-audit', clientSecret: CLIENT_SECRET, tokenUses: 4 } });
    out = freshOut();
    result = await cliAsync(dominoArgs(s, out), { ...creds, ACCESS_AUDIT_HTTP_TIMEOUT_MS: '700' });
    collection = existsSync(path.join(out, 'collection.json')) ? JSON.parse(readFileSync(path.join(out, 'collection.json'), 'utf8')) : null;
  });

  it('exits 0 and writes every file of the spec and collection.json, nothing else', () => {
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'audit-events.json', 'collection.json', 'hardware-tiers.json', 'keycloak-events.json', 'organizations.json',
      'projects.json', 'runs.json', 'service-accounts.json', 'users-with-usage.json',
    ]);
    expect(readdirSync(path.dirname(out))).toEqual(['bundle']);
  });

  it('pages by what the server returned, not by what was asked, and records the totals it stated', () => {
    const users = collection.files.find((f) => f.file === 'users-with-usage.json')!;
    expect(users.records).toBe(300);
    expect(users.reported_total).toBe(300);
    expect(users.pages).toBe(Math.ceil(300 / 137));
    expect(users.endpoint).toBe('/v4/admin/user-management/users-with-usage?offset=0&limit=1000');
    const offsets = s.requests.filter((r) => r.path.startsWith('/v4/admin/user-management')).map((r) => new URL(r.path, s.url).searchParams.get('offset'));
    expect([...new Set(offsets)]).toEqual(['0', '137', '274']);
    const projects = collection.files.find((f) => f.file === 'projects.json')!;
    expect(projects.records).toBe(s.totals.projects);
    expect(projects.reported_total).toBe(s.totals.projects);
    const pages = JSON.parse(readFileSync(path.join(out, 'projects.json'), 'utf8')) as { page: unknown[]; totalMatches: number }[];
    expect(pages.length).toBe(Math.ceil(s.totals.projects! / 53));
    expect(pages.every((p) => p.totalMatches === s.totals.projects && p.page.length <= 53)).toBe(true);
  });

  it('saves each file as the API returned it: a JSON array of the pages', () => {
    const runs = JSON.parse(readFileSync(path.join(out, 'runs.json'), 'utf8')) as { runs: unknown[]; nextBatchId: string | null }[];
    expect(runs.at(-1)!.nextBatchId).toBeNull();
    expect(runs.slice(0, -1).every((p) => typeof p.nextBatchId === 'string')).toBe(true);
    const generatedRuns = (JSON.parse(readFileSync(path.join(generated, 'runs.json'), 'utf8')) as { runs: unknown[] }[]).flatMap((p) => p.runs);
    expect(runs.flatMap((p) => p.runs)).toEqual(generatedRuns);
    const accounts = JSON.parse(readFileSync(path.join(out, 'service-accounts.json'), 'utf8'));
    expect(Array.isArray(accounts) && Array.isArray(accounts[0])).toBe(true);
    const tiers = JSON.parse(readFileSync(path.join(out, 'hardware-tiers.json'), 'utf8'));
    expect(tiers[0].hardwareTiers.length).toBeGreaterThan(0);
    for (const f of collection.files) {
      expect(readFileSync(path.join(out, f.file)).length).toBe(f.bytes);
    }
  });

  it('retries 429 (after Retry-After), 503, a cut-off body, a slow response and a non-JSON body', () => {
    const count = (p: string) => s.requests.filter((r) => r.path.startsWith(p)).length;
    const file = (f: string) => collection.files.find((x) => x.file === f)!;
    expect(file('users-with-usage.json').requests).toBe(file('users-with-usage.json').pages + 1);
    expect(file('projects.json').requests).toBe(file('projects.json').pages + 2);
    expect(file('runs.json').requests).toBe(file('runs.json').pages + 1);
    expect(file('organizations.json').requests).toBe(2);
    expect(file('audit-events.json').requests).toBe(file('audit-events.json').pages + 1);
    expect(count('/v4/organizations')).toBe(2);
    // The page answered 429 was asked again, not skipped.
    const users = s.requests.filter((r) => r.path.startsWith('/v4/admin/user-management'));
    expect(users[1]!.path).toBe(users[2]!.path);
  });

  it('bounds the event exports by --since (default as-of − 400 days) and the as-of evaluation instant', () => {
    expect(collection.since).toBe('2025-08-26');
    expect(collection.as_of).toBe(AS_OF);
    const audit = collection.files.find((f) => f.file === 'audit-events.json')!;
    expect(audit.endpoint).toBe(`/api/audittrail/v1/auditevents?startTimestamp=${Date.parse('2025-08-26T00:00:00Z')}&endTimestamp=${Date.parse('2026-09-30T23:59:59.999Z')}&limit=1000&offset=0`);
    const kc = collection.files.find((f) => f.file === 'keycloak-events.json')!;
    expect(kc.endpoint).toBe(`/admin/realms/${REALM}/events?type=LOGIN&type=LOGIN_ERROR&dateFrom=2025-08-26&first=0&max=1000`);
    const events = (JSON.parse(readFileSync(path.join(out, 'keycloak-events.json'), 'utf8')) as { type: string }[][]).flat();
    expect(events.length).toBe(kc.records);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['LOGIN', 'LOGIN_ERROR']));
  });

  it('fetches a new Keycloak token when the old one expires (401), with client credentials', () => {
    const tokens = s.requests.filter((r) => r.path.endsWith('/protocol/openid-connect/token'));
    const pages = collection.files.find((f) => f.file === 'keycloak-events.json')!.pages;
    expect(tokens.length).toBe(Math.ceil(pages / 4));
    expect(tokens.every((t) => t.method === 'POST' && new URLSearchParams(t.body).get('grant_type') === 'client_credentials')).toBe(true);
  });

  it('never writes or prints a credential', () => {
    const kcTokens = s.requests.map((r) => r.headers.authorization).filter((a): a is string => typeof a === 'string').map((a) => a.slice(7));
    expectNoSecret([API_KEY, CLIENT_SECRET, ...new Set(kcTokens)], [out], result);
    expect(s.requests.every((r) => r.path.includes(API_KEY) === false)).toBe(true);
  });

  it('the audit of the collected bundle equals the audit of the generator\'s own export, and its manifest carries collection.json', async () => {
    // The collected bundle as collect wrote it, with the HR roster beside it: the roster comes
    // from HR, not from the platform's API (identity.md), so the admin adds it.
    const bundle = path.join(tempDir('aa-collected-'), 'bundle');
    cpSync(out, bundle, { recursive: true });
    copyFileSync(path.join(generated, 'hr-roster.csv'), path.join(bundle, 'hr-roster.csv'));
    const [mine, theirs] = await Promise.all([auditOf(bundle), auditOf(generated)]);
    expect(mine.doc.findings.length).toBeGreaterThan(10);
    expect(mine.doc.findings).toEqual(theirs.doc.findings);
    expect(mine.doc.rules).toEqual(theirs.doc.rules);
    const manifest = JSON.parse(readFileSync(path.join(mine.out, 'manifest.json'), 'utf8'));
    const { collection_file, ...carried } = manifest.collection;
    expect(carried).toEqual({ left_out: [], ...collection });
    expect(collection_file.file).toBe('collection.json');
    // … and into the population section: each file's records against what the API reported.
    const users = manifest.population.files.find((f: { file: string }) => f.file === 'users-with-usage.json');
    expect(users.collected).toEqual({ endpoint: expect.stringMatching(/^\/v4\/admin\/user-management\/users-with-usage\?/), records: 300, reported_total: 300 });
    expect(users.records).toBe(300);
    expect(manifest.population.notes.at(-1)).toMatch(/^Collected by access-audit collect domino from http:\/\/127\.0\.0\.1:\d+ and http:\/\/127\.0\.0\.1:\d+\S* \(realm \S+\) between /);
    expect(JSON.parse(readFileSync(path.join(theirs.out, 'manifest.json'), 'utf8')).collection).toBeUndefined();
  });

  // Needs the `population` branch (adapters for {page, totalMatches} project pages, the bare
  // service-account array, audit-events.json and hardware-tiers.json): un-skip at merge.
});

describe('collect domino: a body that stalls half-way', () => {
  it('is timed out and asked again', async () => {
    const s = await serve({ faults: [{ path: '/v4/hardwareTier', kind: 'stall', ms: 1500 }] });
    const out = freshOut();
    const r = await cliAsync(dominoArgs(s, out), { ...creds, ACCESS_AUDIT_HTTP_TIMEOUT_MS: '400' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const collection = JSON.parse(readFileSync(path.join(out, 'collection.json'), 'utf8'));
    expect(collection.files.find((f: { file: string }) => f.file === 'hardware-tiers.json')).toMatchObject({ requests: 2, pages: 1 });
    expect(JSON.parse(readFileSync(path.join(out, 'hardware-tiers.json'), 'utf8'))[0].hardwareTiers.length).toBe(9);
  });
});

describe('collect domino: refusals (exit 2, one line, nothing written)', () => {
  it('a missing credential names the variable before any request', async () => {
    const s = await serve();
    const out = freshOut();
    const r = await cliAsync(dominoArgs(s, out), { KEYCLOAK_CLIENT_ID: 'access-audit', KEYCLOAK_CLIENT_SECRET: CLIENT_SECRET });
    expectCollectRefused(r, out, /DOMINO_API_KEY is not set/);
    expect(s.requests).toEqual([]);
    const r2 = await cliAsync(dominoArgs(s, out), { DOMINO_API_KEY: API_KEY, KEYCLOAK_CLIENT_ID: 'access-audit' });
    expectCollectRefused(r2, out, /KEYCLOAK_TOKEN, or KEYCLOAK_CLIENT_ID and KEYCLOAK_CLIENT_SECRET.*KEYCLOAK_CLIENT_SECRET is not set/);
    expect(s.requests).toEqual([]);
  });

  it('a wrong API key: 401 names the endpoint and DOMINO_API_KEY, and never prints the key', async () => {
    const s = await serve();
    const out = freshOut();
    const r = await cliAsync(dominoArgs(s, out), { ...creds, DOMINO_API_KEY: 'wrong-key-0000' });
    expectCollectRefused(r, out, /^access-audit: error: \/v4\/admin\/user-management\/users-with-usage\?offset=0&limit=1000: answered 401 .*DOMINO_API_KEY was not accepted/);
    expectNoSecret(['wrong-key-0000', CLIENT_SECRET], [path.dirname(out)], r);
  });

  it('403 names the endpoint and what the key lacks', async () => {
    const s = await serve({ faults: [{ path: '/v4/organizations', kind: '403', count: 99 }] });
    const out = freshOut();
    expectCollectRefused(await cliAsync(dominoArgs(s, out), creds), out, /\/v4\/organizations: answered 403 Forbidden.*administrator.*DOMINO_API_KEY/);
  });

  it('another 4xx names the endpoint and the status, without retrying', async () => {
    const s = await serve({ faults: [{ path: '/v4/hardwareTier', kind: '404', count: 99, message: 'No such endpoint' }] });
    const out = freshOut();
    expectCollectRefused(await cliAsync(dominoArgs(s, out), creds), out, /\/v4\/hardwareTier\?show_archived=true: answered 404 \("No such endpoint"\)$/m);
    expect(s.requests.filter((r) => r.path.startsWith('/v4/hardwareTier'))).toHaveLength(1);
  });

  it('a 5xx that does not go away stops after a bounded number of retries', async () => {
    const s = await serve({ faults: [{ path: '/v4/serviceAccounts', kind: '503', count: 99 }] });
    const out = freshOut();
    const r = await cliAsync(dominoArgs(s, out), { ...creds, ACCESS_AUDIT_HTTP_RETRIES: '3' });
    expectCollectRefused(r, out, /\/v4\/serviceAccounts\?includeDeactivated=true: answered 503 Service Unavailable \(after 4 attempts\)/);
    expect(s.requests.filter((r) => r.path.startsWith('/v4/serviceAccounts'))).toHaveLength(4);
  });

  it('a Retry-After longer than collect waits stops at once, saying so', async () => {
    const s = await serve({ faults: [{ path: '/v4/organizations', kind: '429', retryAfter: 3600 }] });
    const out = freshOut();
    const r = await cliAsync(dominoArgs(s, out), creds);
    expectCollectRefused(r, out, /\/v4\/organizations: answered 429 Too Many Requests with Retry-After of 3600 s, longer than collect waits; try again later/);
  });

  it('a server that never answers in time stops with the timeout', async () => {
    const s = await serve({ faults: [{ path: '/v4/organizations', kind: 'slow', ms: 900, count: 99 }] });
    const out = freshOut();
    const r = await cliAsync(dominoArgs(s, out), { ...creds, ACCESS_AUDIT_HTTP_TIMEOUT_MS: '300', ACCESS_AUDIT_HTTP_RETRIES: '1' });
    expectCollectRefused(r, out, /\/v4\/organizations: no response within 0.3 s \(after 2 attempts\)/);
  });

  it('records short of the stated total: names the endpoint and both counts', async () => {
    const s = await serve({}, { statedUsers: 305 });
    const out = freshOut();
    expectCollectRefused(await cliAsync(dominoArgs(s, out), creds), out, /users-with-usage\?offset=0&limit=1000: the API stated 305 records but paging ended after 300/);
  });

  it('no users at all is refused: an audit of nobody', async () => {
    const s = await serve({}, { dir: makeBundle({ 'users-with-usage.json': '{"users":[\n],"metadata":{"totalCount":0}}\n' }) });
    const out = freshOut();
    expectCollectRefused(await cliAsync(dominoArgs(s, out), creds), out, /users-with-usage\?offset=0&limit=1000: the API listed no users; an audit of nobody is not an audit/);
  });

  it('a last page that still carries a cursor: names the endpoint and the count', async () => {
    const s = await serve({}, { cursorOnLastPage: true });
    const out = freshOut();
    expectCollectRefused(await cliAsync(dominoArgs(s, out), creds), out, /\/v4\/gateway\/runs\/getByBatchId\?limit=1000: paging ended on an empty page that still carries a cursor .* after \d+ records/);
  });

  it('a user list that changed while it was read (a user on two pages) is refused, not half-audited', async () => {
    const s = await serve({}, { shiftUsers: true });
    const out = freshOut();
    expectCollectRefused(await cliAsync(dominoArgs(s, out), creds), out, /users-with-usage\?offset=137&limit=1000: user \S+ came back on two pages: the list changed while it was read; run collect again/);
  });

  it('interrupted (SIGTERM), it removes what it had collected and says so', async () => {
    const s = await serve({ faults: [{ path: '/v4/gateway/runs/getByBatchId', kind: 'slow', ms: 3000, after: 2 }] });
    const out = freshOut();
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/access-audit.js'), ...dominoArgs(s, out)], { env: { ...process.env, ...creds, ACCESS_AUDIT_HTTP_TIMEOUT_MS: '10000' } });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    for (let i = 0; i < 200 && !s.requests.some((r) => r.path.includes('batchId=')); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    expect(readdirSync(out).some((f) => f.startsWith('.access-audit-staging-'))).toBe(true);
    child.kill('SIGTERM');
    const status = await new Promise((resolve) => child.on('close', (c) => resolve(c)));
    expect(status).toBe(143);
    expect(stderr).toBe('access-audit: interrupted (SIGTERM); nothing was written to --out\n');
    expect(readdirSync(path.dirname(out))).toEqual([]);
  });

  it('shows progress on a terminal (file, page, records), and none with --quiet', async () => {
    const s = await serve();
    const run = async (quiet: boolean) => {
      const out = freshOut();
      const cmd = [process.execPath, path.join(ROOT, 'bin/access-audit.js'), ...dominoArgs(s, out), ...(quiet ? ['--quiet'] : [])].map((a) => `'${a}'`).join(' ');
      // `script` gives the command a pseudo-terminal of 120 columns.
      const r = await cliAsyncShell(`stty cols 120 2>/dev/null; ${cmd}`);
      return r;
    };
    const loud = await run(false);
    expect(loud).toMatch(/Collecting: [^\n]*runs\.json · page \d+ · [\d,]+ records/);
    expect(loud).toMatch(/collected 8 files, [\d,]+ records, into /);
    expect(loud).not.toContain(API_KEY);
    const quiet = await run(true);
    expect(quiet).not.toMatch(/Collecting|collected/);
  });

  it('a wrong Keycloak client secret names both client variables, never the secret', async () => {
    const s = await serve();
    const out = freshOut();
    const r = await cliAsync(dominoArgs(s, out), { ...creds, KEYCLOAK_CLIENT_SECRET: 'not-the-secret-55' });
    expectCollectRefused(r, out, /openid-connect\/token: answered 401 .*KEYCLOAK_CLIENT_ID and KEYCLOAK_CLIENT_SECRET was not accepted/);
    expectNoSecret(['not-the-secret-55', API_KEY], [path.dirname(out)], r);
  });

  it('an expired KEYCLOAK_TOKEN cannot be renewed: 401 names the endpoint and KEYCLOAK_TOKEN', async () => {
    const s = await serve({}, { keycloak: { realm: REALM, token: 'another-token-x' } });
    const out = freshOut();
    const r = await cliAsync(dominoArgs(s, out), { DOMINO_API_KEY: API_KEY, KEYCLOAK_TOKEN: STATIC_TOKEN });
    expectCollectRefused(r, out, new RegExp(`/admin/realms/${REALM}/events\\?type=LOGIN.*answered 401 .*KEYCLOAK_TOKEN was not accepted`));
    expectNoSecret([STATIC_TOKEN, API_KEY], [path.dirname(out)], r);
  });

  it('a redirect is not followed (it would carry the key elsewhere)', async () => {
    const s = await serve({ faults: [{ path: '/v4/organizations', kind: 'redirect' }] });
    const out = freshOut();
    expectCollectRefused(await cliAsync(dominoArgs(s, out), creds), out, /\/v4\/organizations: answered 302, a redirect to http:\/\/example.org\/elsewhere; give the URL it redirects to/);
    expect(s.requests.some((r) => r.path.includes('elsewhere'))).toBe(false);
  });

  it('http:// only to loopback, no credential in a URL, a non-empty --out, certificate checks left on', async () => {
    const out = freshOut();
    const args = (url: string) => ['collect', 'domino', '--url', url, '--out', out];
    expectCollectRefused(await cliAsync(args('http://domino.example.com'), creds), out, /--url must be https:\/\/ \(http:\/\/ is allowed to loopback addresses only/);
    expectCollectRefused(await cliAsync(args('https://admin:pw@domino.example.com'), creds), out, /--url must not hold a user name or password/);
    expectCollectRefused(await cliAsync(args('https://domino.example.com'), { ...creds, NODE_TLS_REJECT_UNAUTHORIZED: '0' }), out, /NODE_TLS_REJECT_UNAUTHORIZED=0.*NODE_EXTRA_CA_CERTS/);
    expectCollectRefused(await cliAsync([...args('https://domino.example.com'), '--since', '2026-02-30'], creds), out, /--since must be a date YYYY-MM-DD/);
    mkdirSync(out);
    writeFileSync(path.join(out, 'users-with-usage.json'), 'last quarter');
    const r = await cliAsync(args('https://domino.example.com'), creds);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--out .* already holds files/);
    expect(readdirSync(out)).toEqual(['users-with-usage.json']);
  });

  it('an https server whose certificate is not trusted is refused with the NODE_EXTRA_CA_CERTS hint', async () => {
    const out = freshOut();
    // A TLS server with a self-signed certificate, on loopback.
    const { createServer } = await import('node:https');
    const key = readFileSync(path.join(ROOT, 'test/fixtures/collect/self-signed.key'));
    const cert = readFileSync(path.join(ROOT, 'test/fixtures/collect/self-signed.crt'));
    const tls = createServer({ key, cert }, (_req, res) => res.end('[]'));
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    try {
      const port = (tls.address() as { port: number }).port;
      const r = await cliAsync(['collect', 'domino', '--url', `https://127.0.0.1:${port}`, '--out', out], creds);
      expectCollectRefused(r, out, /the TLS certificate was not accepted .*NODE_EXTRA_CA_CERTS/);
      const trusted = await cliAsync(['collect', 'domino', '--url', `https://127.0.0.1:${port}`, '--out', out], { ...creds, NODE_EXTRA_CA_CERTS: path.join(ROOT, 'test/fixtures/collect/self-signed.crt') });
      // Trusted now: the connection is made, and the answer is not a users page.
      expectCollectRefused(trusted, out, /users-with-usage\?offset=0&limit=1000: the response is not a users-with-usage response/);
    } finally {
      tls.closeAllConnections();
      await new Promise<void>((resolve) => tls.close(() => resolve()));
    }
  });
});
