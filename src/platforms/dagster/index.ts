// Dagster+: finds the bundle's files, runs the adapter of each (canonical CSV or native
// GraphQL dump, mixed file by file) in dependency order, and checks keys across them.
// Contract: docs/spec/dagster.md.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';
import { loadQuery, sqlIdent, type Db } from '../../db.js';
import { InputError } from '../../errors.js';
import { loadCsv, locateCsvRecord } from '../../ingest/csv.js';
import { checkNativeValues, checkUniqueKeys, loadBundleFiles, refuseDoubleSources, refuseEmptyUsers, resolveFiles, tableBase, type LoadedFile, type Source, type UniqueKey } from '../../ingest/bundle.js';
import type { IngestResult, Platform } from '../types.js';
import { CANONICAL_FILES } from './canonical.js';
import * as native from './native.js';

type Stager = (db: Db, file: string, shown: string, src: number) => Promise<native.NativeLoad>;
type Check = { field: (string | number)[]; message: string };

interface NativeFile {
  kind: string;
  stage: Stager;
  /** Conversion SQL, run once per file with {{src}}. */
  sql: string[];
  /** Canonical tables this file fills, with the message and JSON field of each `_bad` code. */
  checks: Record<string, Record<number, Check>>;
  /** Canonical inputs this file provides (for rules' requirements). */
  provides: string[];
}

const USER_CHECKS: Record<number, Check> = {
  1: { field: [], message: 'the id is empty' },
  2: { field: ['email'], message: 'user.email is empty' },
};
const GRANT_CHECKS: Record<number, Check> = {
  1: { field: ['grant'], message: 'grant is not VIEWER, LAUNCHER, EDITOR, ADMIN or AGENT, and there is no customRoleId (CATALOG_VIEWER, and CUSTOM with its customRoleId, are read too)' },
  2: { field: ['customRoleId'], message: 'grant is CUSTOM but customRoleId is empty: the custom role cannot be named' },
  11: { field: ['deploymentId'], message: 'deploymentId is empty' },
  12: { field: ['locationName'], message: 'locationName is empty' },
};

const NATIVE_FILES: Record<string, NativeFile> = {
  'users.json': {
    kind: 'users',
    stage: native.stageUsers,
    sql: ['dagster/ingest/native-users.sql', 'dagster/ingest/native-grants.sql', 'dagster/ingest/native-organization.sql'],
    checks: { users: USER_CHECKS, grants: GRANT_CHECKS },
    provides: ['users', 'user_grants'],
  },
  'service-users.json': {
    kind: 'service_users',
    stage: native.stageServiceUsers,
    sql: ['dagster/ingest/native-users.sql', 'dagster/ingest/native-grants.sql', 'dagster/ingest/native-organization.sql'],
    checks: { users: USER_CHECKS, grants: GRANT_CHECKS },
    provides: ['service_users', 'service_user_grants'],
  },
  'deployments.json': {
    kind: 'deployments',
    stage: native.stageDeployments,
    sql: ['dagster/ingest/native-deployments.sql', 'dagster/ingest/native-organization.sql'],
    checks: { deployments: { 1: { field: ['deploymentType'], message: 'deploymentType is not PRODUCTION, DEV or BRANCH' } } },
    provides: ['deployments'],
  },
  'teams.json': {
    kind: 'teams',
    stage: native.stageTeams,
    sql: ['dagster/ingest/native-teams.sql', 'dagster/ingest/native-grants.sql', 'dagster/ingest/native-organization.sql'],
    checks: { grants: GRANT_CHECKS },
    provides: ['teams', 'team_members', 'team_grants'],
  },
  'audit-log.json': {
    kind: 'audit_log',
    stage: native.stageAuditLog,
    sql: ['dagster/ingest/native-audit-log.sql', 'dagster/ingest/native-organization.sql'],
    checks: {
      audit_log: {
        1: { field: ['timestamp'], message: 'timestamp is neither epoch seconds nor an ISO-8601 timestamp' },
        2: { field: ['eventType'], message: 'eventType is empty' },
        3: { field: ['timestamp'], message: 'timestamp is neither epoch seconds nor an ISO-8601 timestamp: it is in epoch milliseconds (read as seconds it would be past the year 3000)' },
        4: { field: ['timestamp'], message: 'timestamp is neither epoch seconds nor an ISO-8601 timestamp: it is in epoch microseconds or nanoseconds (read as seconds it would be past the year 3000)' },
      },
    },
    provides: ['audit_log'],
  },
};

/** What each canonical file provides (for rules' requirements). */
const CANONICAL_PROVIDES: Record<string, string[]> = {
  'users.csv': ['users', 'service_users'],
  'deployments.csv': ['deployments'],
  'teams.csv': ['teams'],
  'team_members.csv': ['team_members'],
  'grants.csv': ['user_grants', 'team_grants', 'service_user_grants'],
  'audit_log.csv': ['audit_log'],
};

/** Processing order: principals and deployments before what refers to them. */
const ORDER = [
  'users.csv', 'users.json', 'service-users.json',
  'deployments.csv', 'deployments.json',
  'teams.csv', 'teams.json', 'team_members.csv',
  'grants.csv',
  'audit_log.csv', 'audit-log.json',
];

/** Entities that must come from one file only: two would double every row. */
const SINGLE_SOURCE: Record<string, string[]> = {
  users: ['users.csv', 'users.json'],
  deployments: ['deployments.csv', 'deployments.json'],
  teams: ['teams.csv', 'teams.json'],
  'team members': ['team_members.csv', 'teams.json'],
  'audit log entries': ['audit_log.csv', 'audit-log.json'],
};

/** Grant rows whose scope and ids do not fit (queries/dagster/ingest/check-grants.sql). */
const GRANT_ROW_CHECKS: Record<number, { column: string; message: (v: string) => string }> = {
  10: {
    column: 'role',
    message: (v) => `"${v}" in column "role" is not a role: use VIEWER, LAUNCHER, EDITOR, ADMIN or AGENT, or a custom role id (CATALOG_VIEWER is a role too)`,
  },
  11: { column: 'deployment_id', message: () => 'a deployment or code_location grant needs a deployment_id' },
  12: { column: 'code_location', message: () => 'a code_location grant needs a code_location' },
  13: { column: 'deployment_id', message: () => 'an organization or all_branch_deployments grant names no deployment_id' },
  14: { column: 'code_location', message: () => 'only a code_location grant names a code_location' },
  15: { column: 'role', message: () => 'required value "role" is empty' },
  16: { column: 'deployment_id', message: () => 'a base_branch_deployments grant needs a deployment_id (the base deployment whose branch deployments it covers)' },
};

/** Keys that must be unique (the spec's "duplicate key" refusals). */
const UNIQUE_KEYS: UniqueKey[] = [
  { table: 'users', columns: ['user_id'], label: 'user_id', column: 'user_id' },
  { table: 'users', columns: ['lower(trim(email))'], where: 'email IS NOT NULL', label: 'email', column: 'email' },
  { table: 'deployments', columns: ['deployment_id'], label: 'deployment_id', column: 'deployment_id' },
  { table: 'teams', columns: ['team_id'], label: 'team_id', column: 'team_id' },
  { table: 'team_members', columns: ['team_id', 'user_id'], label: 'member of this team', column: 'user_id' },
  {
    table: 'grants',
    columns: ['principal_type', 'principal_id', 'scope', 'deployment_id', 'code_location'],
    label: 'grant (the same principal on the same scope)',
    column: 'principal_id',
  },
  { table: 'audit_log', columns: ['entry_id'], where: 'entry_id IS NOT NULL', label: 'audit log entry id', column: 'id' },
];

/** File names only a Dagster+ bundle holds (users.csv is shared with Domino). */
const OWN_FILES = ORDER.filter((f) => f !== 'users.csv');
const KNOWN_FILES = new Set(ORDER);

/** What the header of users.csv says about its platform, without failing on a bad file. */
function usersCsvLooks(bundleDir: string, files: string[]): 'dagster' | 'domino' | 'unknown' | 'absent' {
  if (!files.includes('users.csv')) return 'absent';
  try {
    // Never open a FIFO or device here (it would block or never end): the ingest refuses it.
    if (!statSync(path.join(bundleDir, 'users.csv')).isFile()) return 'unknown';
    const fd = openSync(path.join(bundleDir, 'users.csv'), 'r');
    const head = Buffer.alloc(64 * 1024);
    let n: number;
    try {
      n = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
    const text = head.subarray(0, n).toString('utf8');
    const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
    const names = new Set(first.split(',').map((h) => h.trim().replace(/^"|"$/g, '').trim().toLowerCase()));
    // A Domino users.csv requires username and status; a Dagster+ one has neither.
    if (names.has('username') || names.has('status')) return 'domino';
    if (names.has('email') && names.has('user_id')) return 'dagster';
    return 'unknown';
  } catch {
    return 'unknown';
  }
}

export const dagster: Platform = {
  id: 'dagster',
  label: 'Dagster+',
  knownFiles: ORDER,

  recognises(files, bundleDir) {
    if (files.some((f) => OWN_FILES.includes(f))) return true;
    return usersCsvLooks(bundleDir, files) === 'dagster';
  },

  // Chosen over another platform that also recognises the folder (users.csv alone) only
  // when nothing in it points elsewhere: no Domino-shaped users.csv, no CSV or JSON file
  // that a Dagster+ bundle does not hold.
  distinctive(files, bundleDir) {
    const looks = usersCsvLooks(bundleDir, files);
    if (looks === 'domino') return false;
    const foreign = files.filter((f) => /\.(csv|json)$/i.test(f) && !KNOWN_FILES.has(f));
    if (foreign.length > 0) return false;
    return looks === 'dagster' || files.some((f) => OWN_FILES.includes(f));
  },

  parameterKeys: ['inactive_days', 'grace_days', 'purchased_seats', 'leaver_grace_days'],

  async ingest(db: Db, bundleDir: string, config: Config, onFile): Promise<IngestResult> {
    await db.execFile('ingest/macros.sql');
    await db.execFile('dagster/ingest/macros.sql');
    await db.execFile('dagster/schema.sql');
    await db.exec(loadQuery('dagster/ingest/config.sql'), { purchased_seats: config.purchased_seats ?? null, seat_price: config.seat_price ?? null });
    const files = resolveFiles(bundleDir, config, ORDER);
    if (!files.has('users.csv') && !files.has('users.json')) {
      throw new InputError({ file: bundleDir }, 'no users file: the bundle needs users.csv or users.json (Dagster+)');
    }
    refuseDoubleSources(files, SINGLE_SOURCE);

    const { sources, inputs, present } = await loadBundleFiles(
      bundleDir,
      files,
      ORDER,
      async (name, abs, shown, src): Promise<LoadedFile> => {
        const canonical = CANONICAL_FILES[name];
        if (canonical) {
          const loaded = await loadCsv(db, abs, shown, src, canonical.spec);
          const source: Source = { shown, shape: 'canonical', kind: canonical.kind, csv: { header: loaded.header, abs } };
          if (canonical.spec.table === 'grants') await checkCanonicalGrants(db, src, source);
          return { source, rows: loaded.rows, provides: CANONICAL_PROVIDES[name] ?? [] };
        }
        const nf = NATIVE_FILES[name]!;
        const load: native.NativeLoad & { absent?: boolean } = await nf.stage(db, abs, shown, src);
        for (const f of nf.sql) await db.execFile(f, { src: String(src) });
        if (nf.checks.grants) await db.execFile('dagster/ingest/check-grants.sql', { src: String(src), canonical: 'false' });
        await checkNativeValues(db, src, shown, nf.checks, load);
        // An audit-log.json that holds no audit log (null, or not enabled) provides none.
        const provides = load.absent ? [`${nf.kind}_not_enabled`] : nf.provides;
        return { source: { shown, shape: 'native', kind: nf.kind, native: load }, rows: load.rows, provides };
      },
      onFile,
    );
    await checkUniqueKeys(db, sources, UNIQUE_KEYS);
    await checkOrganization(db, sources);
    refuseEmptyUsers(inputs);
    return { inputs, present, sourceFiles: sources.map((s) => s.shown) };
  },

  notEvaluatedReason(ruleId, present) {
    const need: Record<string, Array<[boolean, string]>> = {
      'inactive-seat': [[present.has('audit_log'), present.has('audit_log_not_enabled') ? AUDIT_LOG_NOT_ENABLED : AUDIT_LOG_MISSING]],
      'hidden-team-escalation': [
        [present.has('user_grants'), 'no grants of users (grants.csv or users.json)'],
        [present.has('team_members'), 'no team memberships (team_members.csv or teams.json)'],
        [present.has('team_grants'), 'no grants of teams (grants.csv or teams.json)'],
      ],
      'sole-admin-risk': [[present.has('user_grants'), 'no grants of users (grants.csv or users.json)']],
      'privileged-service-user': [
        [present.has('service_users'), 'no service users (users.csv or service-users.json)'],
        [present.has('service_user_grants'), 'no grants of service users (grants.csv or service-users.json)'],
      ],
    };
    const missing = (need[ruleId] ?? []).filter(([ok]) => !ok).map(([, why]) => why);
    return missing.length ? `not evaluated: ${missing.join('; ')}` : null;
  },

  // The audit log is Dagster+'s only record of activity (DagsterCloudUser has no
  // last-activity field).
  async hasActivityData(_db, present) {
    return present.has('audit_log');
  },
};

export const AUDIT_LOG_MISSING = 'the audit log needs Dagster+ Pro (no audit_log.csv or audit-log.json in the bundle)';
/** audit-log.json with `auditLog` or `auditLogEntries` null, or `enabled: false`. */
export const AUDIT_LOG_NOT_ENABLED = 'the audit log needs Dagster+ Pro (audit-log.json says it is not enabled for this organization: no audit log)';

/** Canonical grants.csv: scope and ids must fit, and a role that is a word must be a role name. */
async function checkCanonicalGrants(db: Db, src: number, source: Source): Promise<void> {
  await db.execFile('dagster/ingest/check-grants.sql', { src: String(src), canonical: 'true' });
  const bad = await db.one<{ row_id: number; check_no: number }>(
    loadQuery('ingest/first-bad-row.sql', { table: sqlIdent('grants'), src: String(src) }),
  );
  if (!bad) return;
  const check = GRANT_ROW_CHECKS[bad.check_no];
  const csv = source.csv!;
  const where = await locateCsvRecord(csv.abs, bad.row_id - (await tableBase(db, 'grants', src)) + 1);
  const col = check ? csv.header.indexOf(check.column) : -1;
  const value = col >= 0 ? (where?.fields[col] ?? '') : '';
  throw new InputError(
    { file: source.shown, line: where?.line, column: col >= 0 ? col + 1 : undefined },
    check ? check.message(value) : 'a grant cannot be read',
  );
}


/** Files that name their organization must name the same one. */
async function checkOrganization(db: Db, sources: Source[]): Promise<void> {
  const rows = await db.all<{ organization_id: string; src: number; src_row: number }>(
    loadQuery('dagster/ingest/organizations-named.sql'),
  );
  const first = rows[0];
  const other = rows.find((r) => r.organization_id !== first?.organization_id);
  if (!first || !other) return;
  const source = sources[other.src]!;
  throw new InputError(
    { file: source.shown, ...source.native?.locate('organization', other.src_row, ['id']) },
    `this file is from organization "${other.organization_id}", ${sources[first.src]!.shown} from "${first.organization_id}": one bundle, one organization`,
  );
}

