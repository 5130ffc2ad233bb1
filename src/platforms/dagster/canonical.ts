// The canonical CSV files of docs/spec/dagster.md, as column specs (same conventions
// as Domino's: header names case-insensitive, enumerated values case-, space- and
// underscore-insensitive, empty cell = null, ISO-8601 timestamps).
import type { CsvFileSpec } from '../../ingest/csv.js';

const str = { kind: 'string' } as const;
const ts = { kind: 'timestamp' } as const;
const bool = { kind: 'boolean' } as const;

/** The built-in role names, for matching a `role` cell; anything else is a custom role id. */
const ROLE_KEYS = "['viewer', 'launcher', 'editor', 'admin', 'agent', 'catalogviewer']";
const ROLE_NAMES = "['VIEWER', 'LAUNCHER', 'EDITOR', 'ADMIN', 'AGENT', 'CATALOG_VIEWER']";

export const CANONICAL_FILES: Record<string, { kind: string; spec: CsvFileSpec }> = {
  'users.csv': {
    kind: 'users',
    spec: {
      table: 'users',
      columns: [
        { name: 'user_id', type: str, required: true },
        { name: 'email', type: str, required: true },
        { name: 'name', type: str },
        { name: 'account_type', type: { kind: 'enum', values: ['human', 'service'] }, default: "'human'" },
        { name: 'scim_provisioned', type: bool },
        { name: 'created_at', type: ts },
      ],
    },
  },
  'deployments.csv': {
    kind: 'deployments',
    spec: {
      table: 'deployments',
      columns: [
        { name: 'deployment_id', type: str, required: true },
        { name: 'name', type: str, required: true },
        { name: 'type', type: { kind: 'enum', values: ['PRODUCTION', 'DEV', 'BRANCH'] } },
      ],
    },
  },
  'teams.csv': {
    kind: 'teams',
    spec: {
      table: 'teams',
      columns: [
        { name: 'team_id', type: str, required: true },
        { name: 'name', type: str, required: true },
      ],
    },
  },
  'team_members.csv': {
    kind: 'team_members',
    spec: {
      table: 'team_members',
      columns: [
        { name: 'team_id', type: str, required: true },
        { name: 'user_id', type: str, required: true },
      ],
    },
  },
  'grants.csv': {
    kind: 'grants',
    spec: {
      table: 'grants',
      columns: [
        { name: 'principal_type', type: { kind: 'enum', values: ['user', 'team', 'service_user'] }, required: true },
        { name: 'principal_id', type: str, required: true },
        { name: 'scope', type: { kind: 'enum', values: ['organization', 'deployment', 'all_branch_deployments', 'base_branch_deployments', 'code_location'] }, required: true },
        { name: 'deployment_id', type: str },
        { name: 'code_location', type: str },
        // A built-in role in its canonical spelling, else the custom role id as written.
        { name: 'role', type: str, required: true, transform: (x) => `coalesce(aa_enum(${x}, ${ROLE_KEYS}, ${ROLE_NAMES}), trim(${x}))` },
      ],
    },
  },
  'audit_log.csv': {
    kind: 'audit_log',
    spec: {
      table: 'audit_log',
      columns: [
        { name: 'timestamp', target: 'ts', type: ts, required: true },
        { name: 'event_type', type: str, required: true },
        { name: 'author_email', type: str, transform: (x) => `nullif(trim(${x}), '')` },
        { name: 'deployment_name', type: str },
      ],
    },
  },
};
