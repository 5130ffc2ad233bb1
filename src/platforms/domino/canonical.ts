// The canonical CSV files of docs/spec/domino-input.md, as column specs.
import { DEFAULT_ACTIVITY_TIERS } from '../../config.js';
import { sqlString } from '../../db.js';
import type { CsvFileSpec } from '../../ingest/csv.js';

const str = { kind: 'string' } as const;
const ts = { kind: 'timestamp' } as const;
const bool = { kind: 'boolean' } as const;

/** The default activity kinds, the usual spellings in an event log: they need no normalising. */
const USUAL_ACTIVITY_KINDS = `[${Object.keys(DEFAULT_ACTIVITY_TIERS).map(sqlString).join(', ')}]`;

export const CANONICAL_FILES: Record<string, { kind: string; spec: CsvFileSpec }> = {
  'users.csv': {
    kind: 'users',
    spec: {
      table: 'users',
      columns: [
        { name: 'user_id', type: str, required: true },
        { name: 'username', type: str, required: true },
        { name: 'email', type: str },
        { name: 'full_name', type: str },
        { name: 'status', type: { kind: 'enum', values: ['active', 'deactivated'] }, required: true },
        { name: 'license', type: str },
        { name: 'account_type', type: { kind: 'enum', values: ['human', 'service'] }, default: "'human'" },
        { name: 'created_at', type: ts },
        { name: 'deactivated_at', type: ts },
        { name: 'idp_id', type: str },
        { name: 'last_activity_at', type: ts },
      ],
    },
  },
  'roles.csv': {
    kind: 'roles',
    spec: {
      table: 'user_roles',
      columns: [
        { name: 'user_id', type: str, required: true },
        { name: 'role', type: str, required: true },
      ],
    },
  },
  'logins.csv': {
    kind: 'logins',
    spec: {
      table: 'logins',
      columns: [
        { name: 'user_id', type: str, required: true },
        { name: 'timestamp', target: 'ts', type: ts, required: true },
        // success unless the outcome says failure; the enum check still refuses other words.
        { name: 'outcome', target: 'success', type: { kind: 'enum', values: ['success', 'failure'] }, default: "'success'",
          transform: (x) => `(${x} <> 'failure')` },
        { name: 'source', type: str },
      ],
    },
  },
  'activity.csv': {
    kind: 'activity',
    spec: {
      table: 'activity',
      columns: [
        { name: 'user_id', type: str, required: true },
        { name: 'timestamp', target: 'ts', type: ts, required: true },
        { name: 'activity', target: 'kind', type: str, required: true, transform: (x) => `aa_key(${x}, ${USUAL_ACTIVITY_KINDS})` },
        { name: 'project_id', type: str },
        { name: 'hardware_tier', type: str },
      ],
    },
  },
  'projects.csv': {
    kind: 'projects',
    spec: {
      table: 'projects',
      columns: [
        { name: 'project_id', type: str, required: true },
        { name: 'name', type: str, required: true },
        { name: 'owner_id', type: str, required: true },
        { name: 'visibility', type: str },
        { name: 'archived', type: bool, default: 'false' },
        { name: 'created_at', type: ts },
      ],
    },
  },
  'project_members.csv': {
    kind: 'project_members',
    spec: {
      table: 'project_members',
      columns: [
        { name: 'project_id', type: str, required: true },
        { name: 'member_id', type: str, required: true },
        {
          name: 'role',
          type: { kind: 'enum', values: ['Owner', 'Contributor', 'ResultsConsumer', 'LauncherUser', 'ProjectImporter'] },
          required: true,
        },
      ],
    },
  },
  'organizations.csv': {
    kind: 'organizations',
    spec: {
      table: 'organizations',
      columns: [
        { name: 'organization_id', type: str, required: true },
        { name: 'name', type: str, required: true },
      ],
    },
  },
  'organization_members.csv': {
    kind: 'organization_members',
    spec: {
      table: 'organization_members',
      columns: [
        { name: 'organization_id', type: str, required: true },
        { name: 'user_id', type: str, required: true },
        { name: 'role', type: { kind: 'enum', values: ['Admin', 'Member'] }, required: true },
      ],
    },
  },
};

/** The audit-trail CSV export, landed in a staging table before user names are resolved. */
export const AUDIT_TRAIL_SPEC: CsvFileSpec = {
  table: 'stage_audit_trail',
  columns: [
    // Domino's own export script writes "DATE & TIME (UTC)" and times as YYYY-MM-DD HH:MM:SS (UTC).
    { name: 'date & time', aliases: ['date & time (utc)'], target: 'ts', type: ts, required: true },
    { name: 'user name', target: 'user_name', type: str, required: true },
    { name: 'event', type: str, required: true },
    { name: 'target name', target: 'target', type: str },
    { name: 'project name', target: 'project_name', type: str },
  ],
};
