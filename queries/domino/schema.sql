-- Canonical Domino tables. Every adapter (canonical CSV or native dump) lands rows here;
-- rules and reports read only these tables, never a native format.
-- Timestamps are TIMESTAMPTZ in UTC (the session time zone is UTC).
-- Every table also records where each row came from: `src` (the input file's number in
-- the run's list of sources), `src_row` (for native dumps: the record's index, to locate
-- it again) and `_bad` (the number of the first value check that failed, 0 = none).
-- Values are validated after loading, so no column is declared NOT NULL here.

CREATE TABLE users (
  user_id          VARCHAR,
  username         VARCHAR,
  email            VARCHAR,
  full_name        VARCHAR,
  status           VARCHAR,   -- 'active' | 'deactivated'
  license          VARCHAR,            -- free text as exported; NULL/'' = Lite
  account_type     VARCHAR,   -- 'human' | 'service'
  created_at       TIMESTAMPTZ,
  deactivated_at   TIMESTAMPTZ,
  idp_id           VARCHAR,
  last_activity_at TIMESTAMPTZ,
  src USMALLINT, src_row BIGINT, _bad UTINYINT DEFAULT 0
);

CREATE TABLE user_roles (
  user_id  VARCHAR,
  role     VARCHAR,
  src USMALLINT, src_row BIGINT, _bad UTINYINT DEFAULT 0
);

-- Successful and failed logins; only successes are activity.
CREATE TABLE logins (
  user_id VARCHAR,
  ts      TIMESTAMPTZ,
  success BOOLEAN,
  source  VARCHAR,
  src USMALLINT, src_row BIGINT, _bad UTINYINT DEFAULT 0
);

CREATE TABLE activity (
  user_id       VARCHAR,
  ts            TIMESTAMPTZ,
  kind          VARCHAR,      -- activity kind, see rules.md
  project_id    VARCHAR,
  hardware_tier VARCHAR,
  src USMALLINT, src_row BIGINT, _bad UTINYINT DEFAULT 0
);

CREATE TABLE projects (
  project_id VARCHAR,
  name       VARCHAR,
  owner_id   VARCHAR,         -- a user id or an organization id
  visibility VARCHAR,
  archived   BOOLEAN,
  created_at TIMESTAMPTZ,
  src USMALLINT, src_row BIGINT, _bad UTINYINT DEFAULT 0
);

CREATE TABLE project_members (
  project_id VARCHAR,
  member_id  VARCHAR,         -- a user id or an organization id
  role       VARCHAR,         -- normalised: Owner | Contributor | ResultsConsumer | LauncherUser | ProjectImporter,
  src USMALLINT, src_row BIGINT, _bad UTINYINT DEFAULT 0
);

CREATE TABLE organizations (
  organization_id VARCHAR,    -- the id that appears as an owner or member
  name            VARCHAR,
  src USMALLINT, src_row BIGINT, _bad UTINYINT DEFAULT 0
);

CREATE TABLE organization_members (
  organization_id VARCHAR,
  user_id         VARCHAR,
  role            VARCHAR,    -- normalised: Admin | Member,
  src USMALLINT, src_row BIGINT, _bad UTINYINT DEFAULT 0
);

-- Events the adapters could not attribute to a user (e.g. a Keycloak user name that
-- matches nobody). Kept for the data-quality warnings, never used by rules.
CREATE TABLE unmatched_events (
  ref      VARCHAR,                    -- the id or user name that matched nobody
  ts       TIMESTAMPTZ,
  src USMALLINT, src_row BIGINT, _bad UTINYINT DEFAULT 0
);
