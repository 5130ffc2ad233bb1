// The bundle generator: a synthetic Domino deployment (users, roles, organizations, projects,
// logins, activity) written as a canonical CSV bundle, as native dumps, or a mix of both.
// Everything is built inside DuckDB from range() and hash(seed, …) (queries/generate/), so
// the same arguments give byte-identical files and events stream to disk at any size.
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import { stringify } from 'yaml';

import { Db, loadQuery, sqlString } from '../db.js';
import { UsageError } from '../errors.js';
import { DEFAULT_LICENSES, licenseKey } from '../config.js';
import { wrapLines, type Layout } from './native.js';

export const SHAPES = ['canonical', 'native', 'mixed'] as const;
export type Shape = (typeof SHAPES)[number];

export const DEFAULT_SEED = 1;
export const DEFAULT_AS_OF = '2026-09-30';
/** The planted cast is 41 users; the background needs a few dozen more to be a deployment. */
export const MIN_USERS = 60;
export const CONFIG_FILE = 'access-audit.config.yaml';
/** Enough for any size: events stream to disk; only users, projects and organizations are held. */
export const DEFAULT_MEMORY_LIMIT = '1GB';

export interface GenerateOptions {
  users: number;
  events: number;
  out: string;
  seed?: number;
  asOf?: string;
  shape?: Shape;
  /** DuckDB threads (default: all cores). The output does not depend on it. */
  threads?: number;
  /** DuckDB memory limit (default DEFAULT_MEMORY_LIMIT). */
  memoryLimit?: string;
  /** Progress lines go here (default: nowhere). */
  log?: (line: string) => void;
}

export interface GeneratedFile {
  file: string;
  /** Records: CSV data rows, or JSON records (users, runs, events, …). */
  rows: number;
  bytes: number;
}

export interface GenerateResult {
  shape: Shape;
  seed: number;
  asOf: string;
  users: number;
  events: number;
  files: GeneratedFile[];
}

type FileSpec = { query: string; layout?: Layout };

const RUNS_PAGE = 1000;
const USERS_PAGE = 200;

/** Every file the generator can write, and how. JSON files get their envelope from native.ts. */
function fileSpecs(counts: { users: number }): Record<string, FileSpec> {
  return {
    'users.csv': { query: 'generate/canonical/users.sql' },
    'roles.csv': { query: 'generate/canonical/roles.sql' },
    'logins.csv': { query: 'generate/canonical/logins.sql' },
    'activity.csv': { query: 'generate/canonical/activity.sql' },
    'projects.csv': { query: 'generate/canonical/projects.sql' },
    'project_members.csv': { query: 'generate/canonical/project_members.sql' },
    'organizations.csv': { query: 'generate/canonical/organizations.sql' },
    'organization_members.csv': { query: 'generate/canonical/organization_members.sql' },
    'users-with-usage.json': {
      query: 'generate/native/users-with-usage.sql',
      layout: {
        type: 'pages',
        key: 'users',
        pageSize: USERS_PAGE,
        single: counts.users <= USERS_PAGE,
        footer: (p) => ({ metadata: { allowedActions: [], limit: USERS_PAGE, offset: p.offset, totalCount: counts.users } }),
      },
    },
    'service-accounts.json': {
      query: 'generate/native/service-accounts.sql',
      layout: { type: 'object', key: 'serviceAccounts', footer: (n) => ({ metadata: { limit: Math.max(n, 10), offset: 0, totalCount: n } }) },
    },
    'organizations.json': { query: 'generate/native/organizations.sql', layout: { type: 'array' } },
    'projects.json': { query: 'generate/native/projects.sql', layout: { type: 'array' } },
    'runs.json': {
      query: 'generate/native/runs.sql',
      layout: {
        type: 'pages',
        key: 'runs',
        pageSize: RUNS_PAGE,
        footer: (p) => ({ nextBatchId: p.last ? null : `batch-${p.index + 2}` }),
      },
    },
    'keycloak-events.json': { query: 'generate/native/keycloak-events.sql', layout: { type: 'array' } },
    'audit-trail.csv': { query: 'generate/native/audit-trail.sql' },
    'hr-roster.csv': { query: 'generate/canonical/hr-roster.sql' },
  };
}

/** Which files make up each shape. One deployment, so every shape gives the same findings. */
export const SHAPE_FILES: Record<Shape, readonly string[]> = {
  canonical: [
    'users.csv',
    'roles.csv',
    'logins.csv',
    'activity.csv',
    'projects.csv',
    'project_members.csv',
    'organizations.csv',
    'organization_members.csv',
    'hr-roster.csv',
  ],
  native: [
    'users-with-usage.json',
    'service-accounts.json',
    'organizations.json',
    'projects.json',
    'runs.json',
    'keycloak-events.json',
    'audit-trail.csv',
    'hr-roster.csv',
  ],
  mixed: [
    'users-with-usage.json',
    'service-accounts.json',
    'organizations.json',
    'keycloak-events.json',
    'projects.csv',
    'project_members.csv',
    'activity.csv',
    'hr-roster.csv',
  ],
};

/** Every name the generator may have written into an out dir (stale ones are removed). */
const ALL_FILES = [...new Set([...Object.values(SHAPE_FILES).flat(), CONFIG_FILE])];

function checkOptions(o: GenerateOptions): Required<Omit<GenerateOptions, 'log' | 'threads'>> & { threads: number } {
  const seed = o.seed ?? DEFAULT_SEED;
  const asOf = o.asOf ?? DEFAULT_AS_OF;
  const shape = o.shape ?? 'canonical';
  if (!Number.isSafeInteger(o.users) || o.users < MIN_USERS) throw new UsageError(`--users must be an integer of at least ${MIN_USERS}`);
  if (!Number.isSafeInteger(o.events) || o.events < 0) throw new UsageError('--events must be a non-negative integer');
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError('--seed must be a non-negative integer');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || new Date(`${asOf}T00:00:00Z`).toISOString().slice(0, 10) !== asOf) {
    throw new UsageError(`--as-of must be a date YYYY-MM-DD, not "${asOf}"`);
  }
  if (!SHAPES.includes(shape)) throw new UsageError(`--shape must be one of ${SHAPES.join(', ')}`);
  const threads = o.threads ?? os.availableParallelism();
  if (!Number.isSafeInteger(threads) || threads < 1) throw new UsageError('--threads must be a positive integer');
  return { users: o.users, events: o.events, out: o.out, seed, asOf, shape, threads, memoryLimit: o.memoryLimit ?? DEFAULT_MEMORY_LIMIT };
}

/** Write a bundle into `out` (created if missing). Files of other shapes left there by an earlier run are removed. */
export async function generateBundle(options: GenerateOptions): Promise<GenerateResult> {
  const o = checkOptions(options);
  const log = options.log ?? (() => {});
  const out = path.resolve(o.out);
  await mkdir(out, { recursive: true });
  const staging = path.join(out, `.generate-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging);

  const db = await Db.open({ threads: o.threads, memoryLimit: o.memoryLimit });
  try {
    const vars = {
      seed: String(o.seed),
      as_of: sqlString(o.asOf),
      n_users: String(o.users),
      n_events: String(o.events),
      temp_dir: sqlString(path.join(staging, 'duckdb.tmp')),
      raw_delim: sqlString('\x01'),
    };
    await db.execFile('generate/settings.sql', vars);
    for (const step of ['00-macros', '10-planted', '20-users', '30-orgs-projects', '40-events']) {
      await db.execFile(`generate/${step}.sql`, vars);
    }
    const summary = (await db.all<Record<string, number>>(loadQuery('generate/summary.sql')))[0]!;
    const minEvents = summary.planted_events! + summary.anchors!;
    if (o.events < minEvents) {
      throw new UsageError(
        `--events must be at least ${minEvents} for --users ${o.users}: the planted events plus one per active user`,
      );
    }
    log(`model: ${summary.users} users, ${summary.projects} projects, ${summary.organizations} organizations`);

    const specs = fileSpecs({ users: summary.users! });
    const files: GeneratedFile[] = [];
    for (const name of SHAPE_FILES[o.shape]) {
      const started = Date.now();
      const spec = specs[name]!;
      const target = path.join(staging, name);
      let rows: number;
      if (spec.layout) {
        const lines = target + '.lines';
        await db.all(loadQuery(spec.query, { ...vars, file: sqlString(lines) }));
        rows = await wrapLines(lines, target, spec.layout);
        await rm(lines);
      } else {
        const res = await db.all<{ Count: number }>(loadQuery(spec.query, { ...vars, file: sqlString(target) }));
        rows = res[0]?.Count ?? 0;
      }
      const bytes = (await stat(target)).size;
      files.push({ file: name, rows, bytes });
      log(`${name}: ${rows} records, ${bytes} bytes (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }

    const licenseCounts = await db.all<{ license: string; users: number }>(loadQuery('generate/license-counts.sql'));
    const configText = bundleConfig(licenseCounts);
    await writeFile(path.join(staging, CONFIG_FILE), configText);
    files.push({ file: CONFIG_FILE, rows: 0, bytes: Buffer.byteLength(configText) });

    // Publish: stale generated files of another shape go, the new ones move in.
    const keep = new Set(files.map((f) => f.file));
    for (const name of ALL_FILES) if (!keep.has(name)) await rm(path.join(out, name), { force: true });
    for (const f of files) await rename(path.join(staging, f.file), path.join(out, f.file));
    return { shape: o.shape, seed: o.seed, asOf: o.asOf, users: summary.users!, events: o.events, files };
  } finally {
    db.close();
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * access-audit.config.yaml for the bundle: illustrative monthly prices, and purchased seats
 * set a little under the Analyst seats in use (a true-up) and over the Professional ones
 * (shelfware), so the license summary has something to say.
 */
export function bundleConfig(activeByLicense: { license: string; users: number }[]): string {
  const inUse = new Map<string, number>();
  for (const { license, users } of activeByLicense) {
    const entry = DEFAULT_LICENSES.find((l) => [l.name, ...l.aliases].some((n) => licenseKey(n) === licenseKey(license)));
    if (entry) inUse.set(entry.name, (inUse.get(entry.name) ?? 0) + users);
  }
  const roundUp5 = (n: number): number => Math.max(5, Math.ceil(n / 5) * 5);
  const prices: Record<string, number> = { Lite: 0, 'Data Analyst': 250, 'Data Science Professional': 600 };
  const seats: Record<string, number | undefined> = {
    'Data Analyst': roundUp5((inUse.get('Data Analyst') ?? 0) * 0.9),
    'Data Science Professional': roundUp5((inUse.get('Data Science Professional') ?? 0) * 1.15),
  };
  const config = {
    inactive_days: 90,
    grace_days: 30,
    currency: 'USD',
    licenses: DEFAULT_LICENSES.map((l) => ({
      name: l.name,
      tier: l.tier,
      aliases: l.aliases,
      monthly_price: prices[l.name] ?? null,
      ...(seats[l.name] !== undefined ? { purchased_seats: seats[l.name] } : {}),
    })),
  };
  return (
    '# access-audit configuration for a bundle written by `npm run generate`.\n' +
    '# Prices are illustrative list prices (USD per seat per month); purchased_seats are set a\n' +
    '# little under the Data Analyst seats in use and over the Professional ones.\n' +
    stringify(config)
  );
}
