-- Canonical Dagster+ tables (../shared/spec/dagster.md). Every adapter (canonical CSV or
-- native GraphQL dump) lands rows here; rules and reports read only these tables.
-- Timestamps are TIMESTAMPTZ in UTC. As for Domino, every table records where each row
-- came from: `src` (the input file's number), `src_row` (native dumps: the record's index,
-- to locate it again) and `_bad` (the number of the first value check that failed, 0 = none).

-- Users and service users (principals that hold grants of their own). Service users come
-- from users.csv (account_type = service) or service-users.json; they never hold a seat.
CREATE TABLE users (
  user_id          VARCHAR,
  email            VARCHAR,             -- service users from service-users.json have none
  name             VARCHAR,
  account_type     VARCHAR,             -- 'human' | 'service'
  scim_provisioned BOOLEAN,
  created_at       TIMESTAMPTZ,         -- users.csv only: DagsterCloudUser has no creation date
  description      VARCHAR,             -- service users (service-users.json)
  src USMALLINT, src_row BIGINT, _bad UTINYINT DEFAULT 0
);

CREATE TABLE deployments (
  deployment_id VARCHAR,
  name          VARCHAR,
  type          VARCHAR,                -- 'PRODUCTION' | 'DEV' | 'BRANCH'
  src USMALLINT, src_row BIGINT, _bad UTINYINT DEFAULT 0
);

CREATE TABLE teams (
  team_id VARCHAR,
  name    VARCHAR,
  src USMALLINT, src_row BIGINT, _bad UTINYINT DEFAULT 0
);

CREATE TABLE team_members (
  team_id VARCHAR,
  user_id VARCHAR,
  src USMALLINT, src_row BIGINT, _bad UTINYINT DEFAULT 0
);

-- One row per grant. `role` is CATALOG_VIEWER, VIEWER, LAUNCHER, EDITOR, ADMIN, AGENT, or a custom role id.
-- scope organization / all_branch_deployments: no deployment_id; deployment: deployment_id;
-- base_branch_deployments: the base deployment's deployment_id; code_location:
-- deployment_id and code_location.
CREATE TABLE grants (
  principal_type VARCHAR,               -- 'user' | 'team' | 'service_user'
  principal_id   VARCHAR,
  scope          VARCHAR,               -- 'organization' | 'deployment' | 'all_branch_deployments' | 'base_branch_deployments' | 'code_location'
  deployment_id  VARCHAR,
  code_location  VARCHAR,
  role           VARCHAR,
  src USMALLINT, src_row BIGINT, _bad UTINYINT DEFAULT 0
);

CREATE TABLE audit_log (
  ts              TIMESTAMPTZ,
  event_type      VARCHAR,
  author_email    VARCHAR,              -- NULL for entries by agent tokens
  deployment_name VARCHAR,
  entry_id        VARCHAR,              -- audit-log.json only
  src USMALLINT, src_row BIGINT, _bad UTINYINT DEFAULT 0
);

-- The organization, when a native response carries `data.organization {id, name}`.
CREATE TABLE organization (
  organization_id VARCHAR,
  name            VARCHAR,
  src USMALLINT, src_row BIGINT, _bad UTINYINT DEFAULT 0
);

-- Staging tables for the native GraphQL dumps: records as text, one row per record, with
-- `idx` (its position, to locate it again in the file for an error message).
CREATE TABLE stage_dg_users (idx BIGINT, src USMALLINT, user_id VARCHAR, email VARCHAR, name VARCHAR,
  account_type VARCHAR, scim VARCHAR, description VARCHAR);
CREATE TABLE stage_dg_grants (idx BIGINT, src USMALLINT, principal_type VARCHAR, principal_id VARCHAR, scope VARCHAR,
  deployment_id VARCHAR, code_location VARCHAR, grant_name VARCHAR, custom_role_id VARCHAR);
CREATE TABLE stage_dg_teams (idx BIGINT, src USMALLINT, team_id VARCHAR, name VARCHAR);
CREATE TABLE stage_dg_team_members (idx BIGINT, src USMALLINT, team_id VARCHAR, user_id VARCHAR);
CREATE TABLE stage_dg_deployments (idx BIGINT, src USMALLINT, deployment_id VARCHAR, name VARCHAR, type VARCHAR);
CREATE TABLE stage_dg_audit (idx BIGINT, src USMALLINT, entry_id VARCHAR, event_type VARCHAR, author_email VARCHAR,
  ts VARCHAR, deployment_name VARCHAR);
CREATE TABLE stage_dg_organization (idx BIGINT, src USMALLINT, organization_id VARCHAR, name VARCHAR);
-- users.json entries whose `user` is null (an older schema's list): named in a warning.
CREATE TABLE dg_userless_entries (idx BIGINT, src USMALLINT, entry VARCHAR);
