// Domino Data Lab: finds the bundle's files, runs the adapter of each (canonical CSV or
// native dump, mixed file by file) in dependency order, and checks keys across them.
import { loadFragment, loadQuery, sqlIdent, type Db } from '../../db.js';
import { InputError } from '../../errors.js';
import { checkNativeValues, checkUniqueKeys, loadBundleFiles, refuseDoubleSources, refuseEmptyUsers, resolveFiles, type LoadedFile, type UniqueKey } from '../../ingest/bundle.js';
import { loadCsv, summariseCsv } from '../../ingest/csv.js';
import type { Warning } from '../../model.js';
import type { Completeness } from '../../ingest/population.js';
import type { IngestResult, Platform } from '../types.js';
import { AUDIT_TRAIL_SPEC, CANONICAL_FILES } from './canonical.js';
import * as native from './native.js';
import { appendAuditEventKinds } from './audit-events.js';

type Stager = (db: Db, file: string, shown: string, src: number) => Promise<native.NativeLoad>;

interface NativeFile {
  kind: string;
  /** Canonical inputs it carries besides its kind (users-with-usage.json also has the roles). */
  alsoProvides?: string[];
  stage?: Stager;
  /** Conversion SQL, run with {{src}} in this order. */
  sql: string | string[];
  /** Canonical tables this file fills, with the message and JSON field of each `_bad` code. */
  checks: Record<string, Record<number, { field: (string | number)[]; message: string }>>;
}

const NATIVE_FILES: Record<string, NativeFile> = {
  'users-with-usage.json': {
    kind: 'users',
    alsoProvides: ['roles'],
    stage: native.stageUsersWithUsage,
    sql: 'domino/ingest/users-with-usage.sql',
    checks: {
      users: {
        1: { field: ['user', 'createdAtTimestampMs'], message: 'createdAtTimestampMs is not epoch milliseconds' },
        2: { field: ['usage', 'mostRecentActivity'], message: 'mostRecentActivity is neither ISO-8601 nor epoch milliseconds' },
        3: { field: ['user', 'id'], message: 'user.id is empty' },
        4: { field: ['user', 'username'], message: 'user.username is empty' },
        5: { field: ['user', 'createdAtTimestampMs'], message: 'createdAtTimestampMs is not epoch milliseconds: it is in epoch seconds (read as milliseconds it would fall in 1970)' },
        6: { field: ['usage', 'mostRecentActivity'], message: 'mostRecentActivity is neither ISO-8601 nor epoch milliseconds: it is in epoch seconds (read as milliseconds it would fall in 1970)' },
      },
    },
  },
  'service-accounts.json': { kind: 'service_accounts', stage: native.stageServiceAccounts, sql: 'domino/ingest/service-accounts.sql', checks: {} },
  'organizations.json': {
    kind: 'organizations',
    alsoProvides: ['organization_members'],
    stage: native.stageOrganizations,
    sql: 'domino/ingest/organizations.sql',
    checks: { organization_members: { 1: { field: [], message: 'member role is not Admin or Member' } } },
  },
  'projects.json': {
    kind: 'projects',
    alsoProvides: ['project_members'],
    stage: native.stageProjects,
    sql: 'domino/ingest/projects.sql',
    checks: {
      projects: { 1: { field: [], message: 'created is not an ISO-8601 timestamp' } },
      project_members: {
        1: { field: [], message: 'projectRole is not Owner, Contributor, ResultsConsumer, LauncherUser or ProjectImporter' },
      },
    },
  },
  'runs.json': {
    kind: 'activity',
    stage: native.stageRuns,
    sql: 'domino/ingest/runs.sql',
    checks: { activity: { 1: { field: [], message: 'neither startTime nor queuedTime is an ISO-8601 timestamp' } } },
  },
  'keycloak-events.json': {
    kind: 'logins',
    stage: native.stageKeycloak,
    sql: 'domino/ingest/keycloak.sql',
    checks: {
      logins: {
        1: { field: [], message: 'time is not epoch milliseconds' },
        2: { field: ['time'], message: 'time is not epoch milliseconds: it is in epoch seconds (read as milliseconds it would fall in 1970; Keycloak gives milliseconds)' },
      },
    },
  },
  'audit-trail.csv': { kind: 'activity', sql: 'domino/ingest/audit-trail.sql', checks: {} },
  'hardware-tiers.json': { kind: 'hardware_tiers', stage: native.stageHardwareTiers, sql: 'domino/ingest/hardware-tiers.sql', checks: {} },
  'audit-events.json': {
    kind: 'activity',
    stage: native.stageAuditEvents,
    sql: ['domino/ingest/audit-events.sql', 'domino/ingest/audit-trail.sql'],
    checks: { stage_audit_trail: { 1: { field: ['timestamp'], message: 'timestamp is not epoch milliseconds' } } },
  },
};

/** Processing order: users before anything resolved against them, projects before the audit trail. */
const ORDER = [
  'users.csv', 'users-with-usage.json', 'service-accounts.json', 'roles.csv',
  'organizations.csv', 'organizations.json', 'organization_members.csv',
  'projects.csv', 'projects.json', 'project_members.csv',
  'logins.csv', 'keycloak-events.json', 'activity.csv', 'hardware-tiers.json', 'runs.json', 'audit-trail.csv', 'audit-events.json',
];

/**
 * Event kinds that are summarised as they are read (queries/domino/schema.sql): a CSV log
 * straight from the reader, a native dump once staged and checked.
 */
const SUMMARIES: Record<string, { events: string; query: string; summary: string }> = {
  logins: { events: 'logins', query: 'domino/ingest/summarise-logins.sql', summary: 'login_summary' },
  activity: { events: 'activity', query: 'domino/ingest/summarise-activity.sql', summary: 'activity_summary' },
};

async function summariseStaged(db: Db, s: { events: string; query: string }, src: number): Promise<void> {
  const vars = { table: sqlIdent(s.events), src: String(src) };
  await db.exec(loadQuery(s.query, { rows: loadFragment('domino/ingest/events-of-source.sql', vars) }));
  await db.exec(loadQuery('domino/ingest/drop-events-of-source.sql', vars));
}

/** Entities that must come from one file only: two would double every row. */
const SINGLE_SOURCE: Record<string, string[]> = {
  users: ['users.csv', 'users-with-usage.json'],
  organizations: ['organizations.csv', 'organizations.json'],
  projects: ['projects.csv', 'projects.json'],
  'audit-trail events': ['audit-trail.csv', 'audit-events.json'],
};

/** Keys that must be unique (the spec's "duplicate key" refusals). */
const UNIQUE_KEYS: UniqueKey[] = [
  { table: 'users', columns: ['user_id'], label: 'user_id', column: 'user_id' },
  { table: 'projects', columns: ['project_id'], label: 'project_id', column: 'project_id' },
  { table: 'organizations', columns: ['organization_id'], label: 'organization_id', column: 'organization_id' },
  { table: 'project_members', columns: ['project_id', 'member_id'], label: 'member of this project', column: 'member_id' },
  { table: 'organization_members', columns: ['organization_id', 'user_id'], label: 'member of this organization', column: 'user_id' },
];

export const domino: Platform = {
  id: 'domino',
  label: 'Domino',
  knownFiles: ORDER,

  parameterKeys: ['inactive_days', 'grace_days', 'pm_reach_high', 'leaver_grace_days'],

  recognises(files) {
    return files.includes('users.csv') || files.includes('users-with-usage.json');
  },

  async ingest(db, bundleDir, config, onFile): Promise<IngestResult> {
    await db.execFile('ingest/macros.sql');
    await db.execFile('domino/schema.sql');
    await db.execFile('domino/ingest/stage.sql');
    await appendAuditEventKinds(db, config.audit_events);
    const files = resolveFiles(bundleDir, config, ORDER);
    if (!files.has('users.csv') && !files.has('users-with-usage.json')) {
      throw new InputError({ file: bundleDir }, 'no users file: the bundle needs users.csv or users-with-usage.json');
    }
    refuseDoubleSources(files, SINGLE_SOURCE);

    const completeness: Record<string, Completeness> = {};
    const warnings: Warning[] = [];
    const { sources, inputs, present } = await loadBundleFiles(
      bundleDir,
      files,
      ORDER,
      async (name, abs, shown, src): Promise<LoadedFile> => {
        const canonical = CANONICAL_FILES[name];
        if (canonical) {
          const summarise = SUMMARIES[canonical.kind];
          const loaded = summarise
            ? await summariseCsv(db, abs, shown, src, canonical.spec, summarise)
            : await loadCsv(db, abs, shown, src, canonical.spec);
          return { source: { shown, shape: 'canonical', kind: canonical.kind, csv: { header: loaded.header, abs } }, rows: loaded.rows, provides: [canonical.kind] };
        }
        const nf = NATIVE_FILES[name]!;
        // The audit trail is a CSV export, staged like canonical CSV; the rest are JSON.
        const load = nf.stage ? await nf.stage(db, abs, shown, src) : undefined;
        const rows = load ? load.rows : (await loadCsv(db, abs, shown, src, AUDIT_TRAIL_SPEC)).rows;
        if (load?.completeness) completeness[shown] = load.completeness;
        for (const n of load?.notes ?? []) warnings.push({ ...n, file: shown });
        for (const f of [nf.sql].flat()) await db.execFile(f, { src: String(src) });
        await checkNativeValues(db, src, shown, nf.checks, load);
        const summarise = SUMMARIES[nf.kind];
        if (summarise) await summariseStaged(db, summarise, src);
        const provides = [nf.kind, ...(nf.alsoProvides ?? []), ...(load?.alsoProvides ?? [])];
        return { source: { shown, shape: 'native', kind: nf.kind, native: load }, rows, provides };
      },
      onFile,
    );
    await checkUniqueKeys(db, sources, UNIQUE_KEYS);
    refuseEmptyUsers(inputs);
    return { inputs, present, sourceFiles: sources.map((s) => s.shown), completeness, warnings };
  },

  /** Logins, activity events, or Domino's own last-activity date on any user. */
  async hasActivityData(db, present) {
    const withLastActivity = (await db.one<{ n: number }>(loadQuery('domino/count-last-activity.sql')))?.n ?? 0;
    if (withLastActivity > 0) present.add('last_activity');
    return present.has('logins') || present.has('activity') || present.has('last_activity');
  },

  notEvaluatedReason(ruleId, present) {
    const events = present.has('logins') || present.has('activity') || present.has('last_activity');
    const need: Record<string, Array<[boolean, string]>> = {
      'inactive-seat': [[events, 'no login or activity data (logins.csv, keycloak-events.json, activity.csv, runs.json, audit-trail.csv or last_activity_at)']],
      'overprivileged-project-manager': [
        [present.has('roles'), 'no system roles (roles.csv or users-with-usage.json)'],
        [present.has('projects'), 'no projects (projects.csv or projects.json)'],
        [present.has('organization_members'), 'no organization memberships (organization_members.csv or organizations.json)'],
        [!present.has('projects_without_collaborators'), NO_COLLABORATORS],
      ],
      'mislicensed-user': [[present.has('activity'), 'no activity events (activity.csv, runs.json or audit-trail.csv)']],
      'sole-owner-risk': [[present.has('projects'), 'no projects (projects.csv or projects.json)'], [!present.has('projects_without_collaborators'), NO_COLLABORATORS]],
    };
    const missing = (need[ruleId] ?? []).filter(([ok]) => !ok).map(([, why]) => why);
    return missing.length ? `not evaluated: ${missing.join('; ')}` : null;
  },
};

const NO_COLLABORATORS = 'projects.json has projects without a collaborators list, so project ownership cannot be shown (export GET /v4/projects, which lists collaborators)';
