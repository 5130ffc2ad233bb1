// The bundle generator (src/generate/): files shaped as shared/spec/domino-input.md says,
// reproducible from the seed, one deployment whatever the shape, the planted cases present,
// and the committed sample-data/ exactly what the documented command writes.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../src/config.js';
import { Db, loadQuery, sqlIdent, sqlString } from '../src/db.js';
import { CONFIG_FILE, DEFAULT_AS_OF, SHAPE_FILES, generateBundle, type Shape } from '../src/generate/generate.js';
import { main as generateCli } from '../src/generate/main.js';
import {
  ABSENT_OWNER_ID,
  DANGLING_MEMBER_ID,
  PLANTED_CONTROLS,
  PLANTED_FINDINGS,
  plantedProjectId,
  plantedUserId,
} from '../src/generate/planted.js';
import type { FindingsDocument } from '../src/model.js';
import { runAudit } from '../src/run.js';
import { ROOT, tempDir } from './helpers.js';

const SAMPLE = path.join(ROOT, 'sample-data');
const REAL_AUDIT_TRAIL = path.resolve(ROOT, 'test/fixtures/real-exports/domino-audit-trail-sample.csv');
const SMALL = { users: 300, events: 20_000 };

/** A generated bundle per (shape, seed, …), written once per test file. */
const bundles = new Map<string, Promise<string>>();
function bundle(shape: Shape, opts: { seed?: number; users?: number; events?: number; threads?: number } = {}): Promise<string> {
  const o = { ...SMALL, seed: 1, threads: 2, ...opts };
  const key = JSON.stringify({ shape, ...o });
  let p = bundles.get(key);
  if (!p) {
    const out = tempDir('aa-gen-');
    p = generateBundle({ ...o, shape, out }).then(() => out);
    bundles.set(key, p);
  }
  return p;
}

const read = (dir: string, file: string): string => readFileSync(path.join(dir, file), 'utf8');
const csvRecords = (dir: string, file: string): Record<string, string>[] =>
  parse(read(dir, file), { columns: true, skip_empty_lines: false, relax_quotes: false }) as Record<string, string>[];
const header = (dir: string, file: string): string => read(dir, file).split('\n', 1)[0]!;

// ---- reading a bundle, canonical or native, into normalized tables (queries/generate/check)

/** Adapter order: users before what resolves against them, projects before the audit trail. */
const READ_ORDER = [
  'users.csv', 'users-with-usage.json', 'service-accounts.json', 'roles.csv',
  'organizations.csv', 'organization_members.csv', 'organizations.json',
  'projects.csv', 'projects.json', 'project_members.csv',
  'logins.csv', 'keycloak-events.json', 'activity.csv', 'runs.json', 'audit-trail.csv',
];
const checkQuery = (file: string): string =>
  file.endsWith('.csv') && file !== 'audit-trail.csv'
    ? `generate/check/canonical/${file.replace(/\.csv$/, '')}.sql`
    : `generate/check/native/${file.replace(/\.(json|csv)$/, '')}.sql`;

async function readBundle(db: Db, dir: string, schema: string): Promise<void> {
  await db.execFile('generate/check/use-schema.sql', { schema: sqlIdent(schema), schema_name: sqlString(schema) });
  await db.execFile('generate/check/schema.sql');
  for (const file of READ_ORDER) {
    if (existsSync(path.join(dir, file))) await db.execFile(checkQuery(file), { file: sqlString(path.join(dir, file)) });
  }
}

async function openBundles(dirs: Record<string, string>): Promise<Db> {
  const db = await Db.open({ threads: 2 });
  for (const [schema, dir] of Object.entries(dirs)) await readBundle(db, dir, schema);
  return db;
}

const TABLES = ['n_users', 'n_roles', 'n_logins', 'n_activity', 'n_projects', 'n_members', 'n_orgs', 'n_org_members'];

async function diff(db: Db, a: string, b: string): Promise<{ only_a: number; only_b: number; rows_a: number }> {
  return (await db.one(loadQuery('generate/check/diff.sql', { a, b }))) as { only_a: number; only_b: number; rows_a: number };
}

// ---- the spec's canonical files

const CANONICAL_HEADERS: Record<string, string> = {
  'users.csv': 'user_id,username,email,full_name,status,license,account_type,created_at,deactivated_at,idp_id,last_activity_at',
  'roles.csv': 'user_id,role',
  'logins.csv': 'user_id,timestamp,outcome,source',
  'activity.csv': 'user_id,timestamp,activity,project_id,hardware_tier',
  'projects.csv': 'project_id,name,owner_id,visibility,archived,created_at',
  'project_members.csv': 'project_id,member_id,role',
  'organizations.csv': 'organization_id,name',
  'organization_members.csv': 'organization_id,user_id,role',
};
const REQUIRED: Record<string, string[]> = {
  'users.csv': ['user_id', 'username', 'status'],
  'roles.csv': ['user_id', 'role'],
  'logins.csv': ['user_id', 'timestamp'],
  'activity.csv': ['user_id', 'timestamp', 'activity'],
  'projects.csv': ['project_id', 'name', 'owner_id'],
  'project_members.csv': ['project_id', 'member_id', 'role'],
  'organizations.csv': ['organization_id', 'name'],
  'organization_members.csv': ['organization_id', 'user_id', 'role'],
};
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ACTIVITY_KINDS = new Set([
  'workspace', 'job', 'scheduled_job', 'app_publish', 'model_api_publish', 'distributed_cluster', 'gpu_workload',
  'launcher_run', 'app_view', 'results_view', 'audit_event',
]);
/** Event names domino-input.md maps to an activity kind. */
const MAPPED_EVENTS = [
  'Launch Job', 'Start Run', 'Start Batch Run', 'Restart Job', 'Create Flows Execution', 'Start a Workspace Session',
  'Schedule Run', 'Edit Schedule Run', 'Create Scheduled Job', 'Publish App', 'Publish Model API', 'View App',
  'Run Launcher', 'View File', 'View Repo File', 'View/Download Flows Output or Artifact',
];

describe('canonical bundle: every file as domino-input.md specifies', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await bundle('canonical');
  });

  it('writes exactly the eight canonical files and a config', () => {
    expect(readdirSync(dir).sort()).toEqual([...SHAPE_FILES.canonical, CONFIG_FILE].sort());
  });

  it('headers, required columns, enumerations and timestamps', () => {
    for (const [file, head] of Object.entries(CANONICAL_HEADERS)) {
      expect(header(dir, file), file).toBe(head);
      const rows = csvRecords(dir, file);
      expect(rows.length, file).toBeGreaterThan(0);
      for (const col of REQUIRED[file]!) expect(rows.filter((r) => !r[col]).length, `${file} ${col}`).toBe(0);
    }
    const users = csvRecords(dir, 'users.csv');
    expect(new Set(users.map((u) => u.status))).toEqual(new Set(['active', 'deactivated']));
    expect(new Set(users.map((u) => u.account_type))).toEqual(new Set(['human', 'service']));
    for (const u of users) for (const c of ['created_at', 'deactivated_at', 'last_activity_at']) if (u[c]) expect(u[c]).toMatch(ISO_MS);
    expect(users.filter((u) => u.deactivated_at).every((u) => u.status === 'deactivated')).toBe(true);
    const logins = csvRecords(dir, 'logins.csv');
    expect(new Set(logins.map((l) => l.outcome))).toEqual(new Set(['success', 'failure']));
    expect(logins.every((l) => ISO_MS.test(l.timestamp!))).toBe(true);
    const activity = csvRecords(dir, 'activity.csv');
    expect(activity.every((a) => ISO_MS.test(a.timestamp!))).toBe(true);
    const kinds = new Set(activity.map((a) => a.activity!));
    for (const k of ACTIVITY_KINDS) expect(kinds, k).toContain(k);
    expect([...kinds].filter((k) => !ACTIVITY_KINDS.has(k))).toEqual(['notebook_export']); // the one unknown kind
    expect(new Set(csvRecords(dir, 'projects.csv').map((p) => p.archived))).toEqual(new Set(['true', 'false']));
    const memberRoles = new Set(csvRecords(dir, 'project_members.csv').map((m) => m.role!.toLowerCase()));
    expect(memberRoles).toEqual(new Set(['owner', 'contributor', 'resultsconsumer', 'launcheruser', 'projectimporter']));
    expect(new Set(csvRecords(dir, 'organization_members.csv').map((m) => m.role))).toEqual(new Set(['Admin', 'Member']));
  });

  it('keys are unique: users, projects, organizations, one membership per member', () => {
    const unique = (file: string, ...cols: string[]) => {
      const keys = csvRecords(dir, file).map((r) => cols.map((c) => r[c]).join('|'));
      expect(new Set(keys).size, file).toBe(keys.length);
    };
    unique('users.csv', 'user_id');
    unique('projects.csv', 'project_id');
    unique('organizations.csv', 'organization_id');
    unique('project_members.csv', 'project_id', 'member_id');
    unique('organization_members.csv', 'organization_id', 'user_id');
    const names = csvRecords(dir, 'users.csv').map((u) => u.username!.toLowerCase());
    expect(new Set(names).size).toBe(names.length); // Keycloak and the audit trail match names case-insensitively
  });

  it('the config is valid for access-audit and prices the three default licenses', async () => {
    const cfg = await loadConfig(path.join(dir, CONFIG_FILE));
    expect(cfg.licenses.map((l) => [l.name, l.tier, l.monthly_price])).toEqual([
      ['Lite', 0, 0],
      ['Data Analyst', 1, 250],
      ['Data Science Professional', 2, 600],
    ]);
    expect(cfg.licenses.slice(1).every((l) => (l.purchased_seats ?? 0) > 0)).toBe(true);
  });

  it('is a realistic deployment', async () => {
    const db = await openBundles({ c: dir });
    const r = (await db.one(loadQuery('generate/check/realism.sql', { as_of: sqlString(DEFAULT_AS_OF) })))!;
    db.close();
    for (const [k, v] of Object.entries(r)) {
      if (k !== 'active_recently' && k !== 'active_users') expect(v, k).toBeTruthy();
    }
    expect(r.license_spellings).toBeGreaterThanOrEqual(10);
    // most active users were seen in the last 90 days, but not all
    expect(Number(r.active_recently) / Number(r.active_users)).toBeGreaterThan(0.6);
    expect(Number(r.active_recently) / Number(r.active_users)).toBeLessThan(0.95);
  });
});

describe('native bundle: the shapes of the Domino and Keycloak APIs', () => {
  let dir: string;
  const json = (file: string) => JSON.parse(read(dir, file));
  beforeAll(async () => {
    dir = await bundle('native');
  });

  it('writes exactly the native files and a config', () => {
    expect(readdirSync(dir).sort()).toEqual([...SHAPE_FILES.native, CONFIG_FILE].sort());
  });

  it('users-with-usage: pages of users with metadata; license names in several spellings', () => {
    const pages = json('users-with-usage.json');
    expect(Array.isArray(pages)).toBe(true);
    expect(pages.map((p: { metadata: { offset: number } }) => p.metadata.offset)).toEqual([0, 200]);
    const users = pages.flatMap((p: { users: unknown[] }) => p.users) as { user: Record<string, unknown>; usage: Record<string, unknown> }[];
    expect(users.length).toBe(SMALL.users);
    expect(pages[0].metadata.totalCount).toBe(SMALL.users);
    for (const { user, usage } of users) {
      expect(typeof user.id).toBe('string');
      expect(typeof user.isActive).toBe('boolean');
      expect(Array.isArray(user.roles)).toBe(true);
      expect(usage.userId).toBe(user.id);
      if (user.createdAtTimestampMs !== null) expect(Number.isInteger(user.createdAtTimestampMs)).toBe(true);
      const mra = usage.mostRecentActivity;
      if (mra !== null) expect(String(mra)).toMatch(/^(\d{13}|\d{4}-\d{2}-\d{2}T.*Z)$/);
    }
    const names = new Set(users.map((u) => u.user.licenseName));
    for (const n of ['DataScienceProfessional', 'Data Analyst', '', null]) expect(names).toContain(n);
    // a licenseName of null leaves the license to usage.licenseType
    expect(users.some((u) => u.user.licenseName === null && u.usage.licenseType)).toBe(true);
    expect(users.some((u) => /^\d+$/.test(String(u.usage.mostRecentActivity)))).toBe(true);
    expect(users.some((u) => Object.keys(u.usage).length === 3)).toBe(true); // the minimal usage record
  });

  it('service accounts, organizations and projects', () => {
    const sa = json('service-accounts.json');
    expect(sa.metadata.totalCount).toBe(sa.serviceAccounts.length);
    expect(sa.serviceAccounts.length).toBeGreaterThan(1);
    const orgs = json('organizations.json');
    expect(orgs.every((o: Record<string, unknown>) => o.id !== o.organizationUserId && Array.isArray(o.members))).toBe(true);
    const projects = json('projects.json') as Record<string, unknown>[];
    expect(projects.some((p) => !('archived' in p))).toBe(true);
    expect(projects.some((p) => p.archived === true)).toBe(true);
    expect(projects.every((p) => Array.isArray(p.collaborators) && typeof p.created === 'string')).toBe(true);
  });

  it('runs: pages chained by nextBatchId; GPU tiers and cluster details', () => {
    const pages = json('runs.json') as { runs: Record<string, unknown>[]; nextBatchId: string | null }[];
    expect(pages.at(-1)!.nextBatchId).toBeNull();
    expect(pages.slice(0, -1).every((p, i) => p.nextBatchId === `batch-${i + 2}`)).toBe(true);
    const runs = pages.flatMap((p) => p.runs);
    expect(new Set(runs.map((r) => r.runType))).toEqual(new Set(['Workspace', 'Batch', 'Scheduled', 'App', 'Launcher', 'ModelApi']));
    expect(runs.some((r) => /gpu/i.test(String(r.hardwareTier)))).toBe(true);
    expect(runs.some((r) => r.computeClusterDetails !== null)).toBe(true);
    expect(runs.every((r) => ISO_MS.test(String(r.startTime)) && typeof r.userId === 'string')).toBe(true);
  });

  it('keycloak: LOGIN, LOGIN_ERROR and ignorable types; some events only name the user, in another case', () => {
    const events = json('keycloak-events.json') as { time: number; type: string; userId?: string; details: { username?: string } }[];
    const types = new Set(events.map((e) => e.type));
    for (const t of ['LOGIN', 'LOGIN_ERROR', 'CODE_TO_TOKEN']) expect(types).toContain(t);
    expect(events.every((e) => Number.isInteger(e.time))).toBe(true);
    const nameOnly = events.filter((e) => !('userId' in e));
    expect(nameOnly.length).toBeGreaterThan(0);
    expect(nameOnly.every((e) => e.details.username === e.details.username!.toUpperCase())).toBe(true);
  });

  it('audit trail: the real export format and event vocabulary', () => {
    const text = read(dir, 'audit-trail.csv');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('"DATE & TIME","USER NAME","EVENT","TARGET NAME","PROJECT NAME"');
    const quoted = /^"(?:[^"]|"")*"(?:,"(?:[^"]|"")*"){4}$/;
    expect(lines.filter((l) => !quoted.test(l))).toEqual([]);
    const rows = csvRecords(dir, 'audit-trail.csv');
    expect(rows.every((r) => ISO_MS.test(r['DATE & TIME']!))).toBe(true);
    const realNames = new Set(
      (parse(readFileSync(REAL_AUDIT_TRAIL, 'utf8'), { columns: true }) as Record<string, string>[]).map((r) => r.EVENT!),
    );
    const ours = new Set(rows.map((r) => r.EVENT!));
    expect([...ours].filter((e) => !realNames.has(e) && !MAPPED_EVENTS.includes(e))).toEqual([]);
    expect(rows.some((r) => /^[A-Z]/.test(r['USER NAME']!))).toBe(true); // names differ in case from users
  });
});

describe('reproducible from the seed', () => {
  const files = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(path.join(dir, f))]));

  it('the same arguments write byte-identical files, whatever the thread count', async () => {
    for (const shape of ['canonical', 'native'] as const) {
      const a = files(await bundle(shape, { threads: 2 }));
      const b = files(await bundle(shape, { threads: 1 }));
      expect(Object.keys(a)).toEqual(Object.keys(b));
      for (const f of Object.keys(a)) expect(a[f]!.equals(b[f]!), `${shape} ${f}`).toBe(true);
    }
  });

  it('another seed gives another deployment, with the same planted cast', async () => {
    const a = csvRecords(await bundle('canonical'), 'users.csv');
    const b = csvRecords(await bundle('canonical', { seed: 2 }), 'users.csv');
    const background = (rows: Record<string, string>[]) => rows.filter((u) => !u.user_id!.startsWith('65f10000')).map((u) => u.user_id);
    expect(background(a)).not.toEqual(background(b));
    const planted = (rows: Record<string, string>[]) => rows.filter((u) => u.user_id!.startsWith('65f10000'));
    expect(planted(a)).toEqual(planted(b));
    expect(read(await bundle('canonical'), 'activity.csv')).not.toBe(read(await bundle('canonical', { seed: 2 }), 'activity.csv'));
  });
});

describe('one deployment in every shape', () => {
  it('native dumps describe the same users, roles, memberships, logins and activity as the canonical CSV', async () => {
    const db = await openBundles({ c: await bundle('canonical'), n: await bundle('native') });
    // the one canonical fact native dumps cannot carry: an activity kind outside the tier table
    await db.exec(loadQuery('generate/check/drop-unknown-kinds.sql', { schema: 'c' }));
    for (const t of TABLES) {
      const d = await diff(db, `c.${t}`, `n.${t}`);
      expect(d.rows_a, t).toBeGreaterThan(0);
      expect([t, d.only_a, d.only_b]).toEqual([t, 0, 0]);
    }
    db.close();
  });

  it('the mixed bundle is the canonical one, file by file', async () => {
    const db = await openBundles({ c: await bundle('canonical'), m: await bundle('mixed') });
    for (const t of TABLES) {
      const d = await diff(db, `c.${t}`, `m.${t}`);
      expect([t, d.only_a, d.only_b]).toEqual([t, 0, 0]);
    }
    db.close();
  });

  it('a moderately large bundle (5,000 users, 200,000 events) round-trips too', async () => {
    const opts = { users: 5_000, events: 200_000 };
    const c = await bundle('canonical', opts);
    const db = await openBundles({ c, n: await bundle('native', opts) });
    await db.exec(loadQuery('generate/check/drop-unknown-kinds.sql', { schema: 'c' }));
    for (const t of TABLES) {
      const d = await diff(db, `c.${t}`, `n.${t}`);
      expect([t, d.only_a, d.only_b]).toEqual([t, 0, 0]);
    }
    // logins + activity come to about the requested number of events
    const counts = (await db.one<{ logins: number; activity: number }>(
      loadQuery('generate/check/event-counts.sql', { schema: 'c' }),
    ))!;
    expect(counts.logins + counts.activity).toBeGreaterThan(0.9 * opts.events);
    expect(counts.logins + counts.activity).toBeLessThan(1.1 * opts.events);
    db.close();
  }, 180_000);
});

describe('planted cases (the generator’s own reading of rules.md)', () => {
  let expected: { rule: string; severity: string; subject_id: string; direction: string | null }[];
  let db: Db;
  beforeAll(async () => {
    db = await openBundles({ s: await bundle('mixed') });
    await db.execFile('generate/check/expected-findings.sql', { as_of: sqlString(DEFAULT_AS_OF) });
    expected = await db.all(loadQuery('generate/check/expected.sql'));
  });

  it('every planted finding holds in the data, with its severity and direction', () => {
    for (const p of PLANTED_FINDINGS) {
      const hit = expected.filter((e) => e.rule === p.rule && e.subject_id === p.subject.id);
      expect(hit.map((e) => [e.severity, e.direction ?? undefined]), `${p.rule} ${p.subject.name}`).toEqual([[p.severity, p.direction]]);
    }
  });

  it('no planted look-alike triggers the rules it is a control for', () => {
    for (const c of PLANTED_CONTROLS) {
      for (const rule of c.notReportedBy) {
        expect(expected.filter((e) => e.rule === rule && e.subject_id === c.subject.id), `${rule} ${c.subject.name}`).toEqual([]);
      }
    }
  });

  it('the planted facts: reach, GPU run, dangling ids, hostile names', async () => {
    const facts = (await db.one(loadQuery('generate/check/planted-facts.sql', {
      as_of: sqlString(DEFAULT_AS_OF),
      wide: sqlString(plantedUserId(10)),
      narrow: sqlString(plantedUserId(11)),
      under_gpu: sqlString(plantedUserId(13)),
      absent_owner: sqlString(ABSENT_OWNER_ID),
      dangling: sqlString(DANGLING_MEMBER_ID),
      script_project: sqlString(plantedProjectId(3)),
      mallory: sqlString(plantedUserId(32)),
    })))!;
    expect(facts).toEqual({
      wide_reach: 28, // ≥ 25: high
      narrow_reach: 2,
      narrow_reach_via_admin: false,
      under_gpu_license: 'Data Analyst',
      under_gpu_runs_in_window: 1,
      absent_owner_defined: false,
      dangling_member_defined: false,
      dangling_member_projects: 1,
      script_project_name: '<script>alert(1)</script>',
      mallory_full_name: '=HYPERLINK("http://evil.example","click")',
    });
  });

  it('the planted cast is the same at any size', async () => {
    const planted = (dir: string) => csvRecords(dir, 'users.csv').filter((u) => u.user_id!.startsWith('65f10000'));
    const small = planted(await bundle('canonical'));
    expect(small.length).toBe(41);
    expect(planted(await bundle('canonical', { users: 5_000, events: 200_000 }))).toEqual(small);
  }, 180_000);
});

/** sample-data/ must be there (it is committed). */
function sampleData(): string {
  if (!existsSync(path.join(SAMPLE, 'users-with-usage.json'))) throw new Error('sample-data/ is missing: run the command in sample-data/README.md');
  return SAMPLE;
}

describe('sample-data/', () => {
  /** The command line documented in sample-data/README.md, from `--users` on. */
  const documentedArgs = (): string[] => {
    const readme = read(SAMPLE, 'README.md');
    const m = /npm run generate -- (--users [^\n`]*)/.exec(readme);
    if (!m) throw new Error('sample-data/README.md does not give the `npm run generate -- …` command');
    return m[1]!.trim().split(/\s+/);
  };

  it('is exactly what the documented command writes (it cannot drift)', async () => {
    const args = documentedArgs();
    const outAt = args.indexOf('--out');
    expect(args[outAt + 1]).toBe('sample-data');
    const out = tempDir('aa-sample-');
    args[outAt + 1] = out;
    expect(await generateCli([...args, '--quiet'])).toBe(0);
    const generated = readdirSync(out).sort();
    expect(generated).toEqual([...SHAPE_FILES.mixed, CONFIG_FILE].sort());
    for (const f of generated) {
      expect(readFileSync(path.join(SAMPLE, f)).equals(readFileSync(path.join(out, f))), `sample-data/${f}`).toBe(true);
    }
    // and nothing else but the README and the Dagster folder another bundle lives in
    const others = readdirSync(SAMPLE).filter((f) => !generated.includes(f));
    expect(others.filter((f) => f !== 'README.md' && f !== 'dagster')).toEqual([]);
  });

  it('is a mixed bundle of about 300 users, small enough to read', () => {
    const args = documentedArgs();
    expect(args).toContain('mixed');
    const bytes = readdirSync(SAMPLE).filter((f) => statSync(path.join(SAMPLE, f)).isFile())
      .reduce((n, f) => n + statSync(path.join(SAMPLE, f)).size, 0);
    expect(bytes).toBeLessThan(6_000_000);
  });

  it('its README names every planted case', () => {
    const readme = read(SAMPLE, 'README.md');
    for (const p of [...PLANTED_FINDINGS, ...PLANTED_CONTROLS]) expect(readme, p.subject.name).toContain(p.subject.name);
  });
});

describe('the audit itself on generated bundles', () => {
  const audit = async (input: string): Promise<FindingsDocument> => {
    const out = tempDir('aa-out-');
    await runAudit({ input, out, asOf: DEFAULT_AS_OF, config: path.join(input, CONFIG_FILE), quiet: true });
    return JSON.parse(read(out, 'findings.json')) as FindingsDocument;
  };

  it('reports every planted case on sample-data, and none of the controls', async () => {
    const doc = await audit(sampleData());
    for (const p of PLANTED_FINDINGS) {
      const f = doc.findings.filter((x) => x.rule === p.rule && x.subject.id === p.subject.id);
      expect(f.map((x) => [x.severity, x.subject.name, (x.evidence as { direction?: string }).direction]), `${p.rule} ${p.subject.name}`)
        .toEqual([[p.severity, p.subject.name, p.direction]]);
    }
    for (const c of PLANTED_CONTROLS) {
      for (const rule of c.notReportedBy) {
        expect(doc.findings.filter((x) => x.rule === rule && x.subject.id === c.subject.id), `${rule} ${c.subject.name}`).toEqual([]);
      }
    }
  });

  it("agrees with the generator's own reading of the rules on every user and project", async () => {
    const doc = await audit(sampleData());
    const db = await openBundles({ s: SAMPLE });
    await db.execFile('generate/check/expected-findings.sql', { as_of: sqlString(DEFAULT_AS_OF) });
    const mine = (await db.all<{ rule: string; severity: string; subject_id: string; direction: string | null }>(
      loadQuery('generate/check/expected.sql'),
    )).map((e) => `${e.rule} ${e.severity} ${e.subject_id} ${e.direction ?? ''}`);
    db.close();
    // The generator reads the four core rules; the roster's rules are identity-sample.test.ts's.
    const core = new Set(['inactive-seat', 'mislicensed-user', 'overprivileged-project-manager', 'sole-owner-risk']);
    const tools = doc.findings.filter((f) => core.has(f.rule)).map(
      (f) => `${f.rule} ${f.severity} ${f.subject.id} ${(f.evidence as { direction?: string }).direction ?? ''}`,
    );
    expect(tools.sort()).toEqual(mine.sort());
  });

  it('canonical, native and mixed bundles of one seed give the same findings', async () => {
    const [c, n, m] = await Promise.all([bundle('canonical'), bundle('native'), bundle('mixed')]);
    // late-deprovisioning needs deactivated_at, which only the canonical users.csv carries.
    const late = 'late-deprovisioning';
    const comparable = (doc: FindingsDocument) => ({ rules: doc.rules.filter((r) => r.id !== late), findings: doc.findings.filter((f) => f.rule !== late) });
    const [a, b, d] = [await audit(c), await audit(n), await audit(m)];
    expect(a.findings.length).toBeGreaterThan(50);
    expect(a.findings.filter((f) => f.rule === late).length).toBeGreaterThan(0);
    expect(b.rules.find((r) => r.id === late)!.reason).toMatch(/no user has deactivated_at/);
    expect(comparable(b)).toEqual(comparable(a));
    expect(comparable(d)).toEqual(comparable(a));
  });
});

describe('generate command line', () => {
  it('refuses what it cannot generate, with exit status 2', async () => {
    const out = tempDir('aa-gen-');
    expect(await generateCli(['--users', '10', '--events', '100', '--out', out, '-q'])).toBe(2);
    expect(await generateCli(['--users', '300', '--events', '10', '--out', out, '-q'])).toBe(2);
    expect(await generateCli(['--users', '300', '--events', '1000', '--out', out, '--shape', 'csv', '-q'])).toBe(2);
    expect(await generateCli(['--users', '300', '--events', '1000', '--out', out, '--as-of', '2026-02-30', '-q'])).toBe(2);
    expect(await generateCli(['--users', 'many', '--events', '1000', '--out', out, '-q'])).toBe(2);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a new shape in the same folder replaces the files of the old one', async () => {
    const out = tempDir('aa-gen-');
    expect(await generateCli(['--users', '100', '--events', '2000', '--out', out, '--shape', 'canonical', '-q'])).toBe(0);
    expect(await generateCli(['--users', '100', '--events', '2000', '--out', out, '--shape', 'native', '-q'])).toBe(0);
    expect(readdirSync(out).sort()).toEqual([...SHAPE_FILES.native, CONFIG_FILE].sort());
  });
});
