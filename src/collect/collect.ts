// `access-audit collect domino|dagster`: export a whole bundle from the platform's API
// into --out, with collection.json (docs/spec/collect.md). Everything is checked before
// the first request (URLs, dates, credentials, --out); the files are written into a
// staging folder beside --out and appear together, or not at all.
import { readdir, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { UsageError } from '../errors.js';
import { LOCK_FILE, STAGING_PREFIX, StagedOutput, checkOutDir } from '../output/atomic.js';
import { createProgress } from '../progress.js';
import { TOOL_VERSION } from '../version.js';
import { Collector, type Auth } from './context.js';
import { collectDagster } from './dagster.js';
import { collectDomino } from './domino.js';
import { httpSettings } from './http.js';
import { keycloakAuth } from './keycloak.js';
import { COLLECTION_FILE, collectionText, type Collection } from './record.js';
import { clean, registerSecret } from './redact.js';
import { window } from './window.js';

export interface CollectOptions {
  url: string;
  out: string;
  keycloakUrl?: string;
  realm?: string;
  since?: string;
  asOf?: string;
  quiet?: boolean;
}

/** A base URL: https, or http to a loopback address only; no credential, query or fragment. */
export function baseUrl(flag: string, value: string): URL {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(`${flag} must be a URL such as https://domino.example.com, not ${JSON.stringify(clean(value).slice(0, 80))}`);
  }
  if (u.username || u.password) throw new UsageError(`${flag} must not hold a user name or password: credentials come from the environment only`);
  if (u.search || u.hash) throw new UsageError(`${flag} must not hold a query or fragment`);
  if (u.protocol === 'http:') {
    if (!isLoopback(u.hostname)) throw new UsageError(`${flag} must be https:// (http:// is allowed to loopback addresses only, for tests)`);
  } else if (u.protocol !== 'https:') {
    throw new UsageError(`${flag} must be an https:// URL, not ${clean(u.protocol)}`);
  }
  return u;
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1';
  return false;
}

/** The URL as collection.json records it: scheme, host and path. */
const shownUrl = (u: URL) => `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;

async function checkEmptyOut(out: string): Promise<void> {
  await checkOutDir(out);
  const entries = await readdir(out).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[];
    throw new UsageError(`--out ${out}: ${e.code ?? String(e)}`);
  });
  // This collection's own lock and staging folder (src/output/atomic.ts) are not "files".
  const held = entries.filter((e) => e !== LOCK_FILE && !e.startsWith(STAGING_PREFIX));
  if (held.length > 0) throw new UsageError(`--out ${out} already holds files (${held.length}); give a new or empty folder, so that one bundle is one collection`);
}

/** A file-system error writing the bundle (a full disk, no permission) is the user's to fix: exit 2. */
function writeError(e: unknown, out: string): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code && ['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS'].includes(code)) {
    return new UsageError(`--out ${clean(out)}: cannot write the bundle there (${code}); nothing was written`);
  }
  return e;
}

function required(env: NodeJS.ProcessEnv, name: string, what: string): string {
  const v = env[name];
  if (!v) throw new UsageError(`${name} is not set: ${what}; credentials are read from the environment only`);
  registerSecret(v);
  return v;
}

export async function collect(platform: 'domino' | 'dagster', opts: CollectOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
    throw new UsageError('NODE_TLS_REJECT_UNAUTHORIZED=0 turns certificate verification off; collect refuses it (for a private CA set NODE_EXTRA_CA_CERTS to its PEM file)');
  }
  const settings = httpSettings(env);
  const w = window(opts);
  const url = baseUrl('--url', opts.url);
  let run: (c: Collector) => Promise<void>;
  let keycloak: { url: URL; realm: string } | null = null;
  if (platform === 'domino') {
    if (opts.keycloakUrl !== undefined || opts.realm !== undefined) {
      if (opts.keycloakUrl === undefined) throw new UsageError('--realm needs --keycloak-url');
      if (opts.realm === undefined || opts.realm === '') throw new UsageError('--keycloak-url needs --realm (the Keycloak realm of Domino, e.g. DominoRealm)');
      keycloak = { url: baseUrl('--keycloak-url', opts.keycloakUrl), realm: opts.realm };
    }
    const key = required(env, 'DOMINO_API_KEY', "an admin's Domino API key is needed");
    const auth: Auth = {
      variable: 'DOMINO_API_KEY',
      forbidden: "the key's user is not a Domino administrator (SysAdmin is needed to list every user)",
      headers: async () => ({ 'X-Domino-Api-Key': key }),
    };
    const kc = keycloak ? { ...keycloak, auth: keycloakAuth(keycloak.url, keycloak.realm, env, settings) } : undefined;
    run = (c) => collectDomino(c, { url, auth, keycloak: kc }, w);
  } else {
    if (opts.keycloakUrl !== undefined || opts.realm !== undefined) throw new UsageError('--keycloak-url and --realm are for collect domino');
    const token = required(env, 'DAGSTER_CLOUD_API_TOKEN', "an Organization Admin's user token is needed");
    const auth: Auth = {
      variable: 'DAGSTER_CLOUD_API_TOKEN',
      forbidden: "the token is not an Organization Admin's user token",
      headers: async () => ({ 'Dagster-Cloud-Api-Token': token }),
    };
    run = (c) => collectDagster(c, { url, auth }, w);
  }
  await checkEmptyOut(opts.out);

  const started = new Date();
  const progress = createProgress(opts.quiet);
  const staged = await StagedOutput.create(opts.out).catch((e: unknown) => {
    throw writeError(e, opts.out);
  });
  // Interrupted (Ctrl-C, a scheduler's SIGTERM): StagedOutput removes the half-collected
  // staging folder, the lock and the --out it created (src/output/cleanup.ts).
  const c = new Collector(staged.dir, settings, progress);
  try {
    await run(c);
    const record: Collection = {
      schema_version: 1,
      tool: { name: 'access-audit', version: TOOL_VERSION },
      platform,
      source: { url: shownUrl(url), keycloak_url: keycloak ? shownUrl(keycloak.url) : null, realm: keycloak?.realm ?? null },
      started_at: started.toISOString(),
      finished_at: new Date().toISOString(),
      since: w.since,
      as_of: w.asOf,
      files: c.files,
      left_out: c.leftOut,
    };
    await writeFile(staged.file(COLLECTION_FILE), collectionText(record), { flag: 'wx' });
    await checkEmptyOut(opts.out); // nobody wrote there meanwhile
    await staged.commit([...c.files.map((f) => f.file), COLLECTION_FILE]);
    const records = c.files.reduce((n, f) => n + f.records, 0);
    const left = c.leftOut.length ? `; left out ${c.leftOut.map((l) => l.file).join(', ')} (see collection.json)` : '';
    progress.done(`collected ${c.files.length} files, ${records.toLocaleString('en-US')} records, into ${clean(opts.out)}${left}`);
    return 0;
  } catch (e) {
    await c.closeAll();
    await staged.discard();
    throw writeError(e, opts.out);
  } finally {
    progress.stop();
  }
}
