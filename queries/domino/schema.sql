-- Canonical Domino tables. Every adapter (canonical CSV or native dump) lands rows here;
-- rules and reports read only these tables, never a native format.
-- Timestamps are TIMESTAMPTZ in UTC (the session time zone is UTC).

CREATE TABLE users (
  user_id          VARCHAR NOT NULL,
  username         VARCHAR NOT NULL,
  email            VARCHAR,
  full_name        VARCHAR,
  status           VARCHAR NOT NULL,   -- 'active' | 'deactivated'
  license          VARCHAR,            -- free text as exported; NULL/'' = Lite
  account_type     VARCHAR NOT NULL,   -- 'human' | 'service'
  created_at       TIMESTAMPTZ,
  deactivated_at   TIMESTAMPTZ,
  idp_id           VARCHAR,
  last_activity_at TIMESTAMPTZ,
  src_file         VARCHAR NOT NULL,
  src_row          BIGINT NOT NULL      -- 1-based record number in src_file
);

CREATE TABLE user_roles (
  user_id  VARCHAR NOT NULL,
  role     VARCHAR NOT NULL,
  src_file VARCHAR NOT NULL
);

-- Successful and failed logins; only successes are activity.
CREATE TABLE logins (
  user_id VARCHAR NOT NULL,
  ts      TIMESTAMPTZ NOT NULL,
  success BOOLEAN NOT NULL,
  source  VARCHAR
);

CREATE TABLE activity (
  user_id       VARCHAR NOT NULL,
  ts            TIMESTAMPTZ NOT NULL,
  kind          VARCHAR NOT NULL,      -- activity kind, see rules.md
  project_id    VARCHAR,
  hardware_tier VARCHAR
);

CREATE TABLE projects (
  project_id VARCHAR NOT NULL,
  name       VARCHAR NOT NULL,
  owner_id   VARCHAR NOT NULL,         -- a user id or an organization id
  visibility VARCHAR,
  archived   BOOLEAN NOT NULL,
  created_at TIMESTAMPTZ,
  src_file   VARCHAR NOT NULL
);

CREATE TABLE project_members (
  project_id VARCHAR NOT NULL,
  member_id  VARCHAR NOT NULL,         -- a user id or an organization id
  role       VARCHAR NOT NULL,         -- normalised: Owner | Contributor | ResultsConsumer | LauncherUser | ProjectImporter
  src_file   VARCHAR NOT NULL
);

CREATE TABLE organizations (
  organization_id VARCHAR NOT NULL,    -- the id that appears as an owner or member
  name            VARCHAR NOT NULL,
  src_file        VARCHAR NOT NULL
);

CREATE TABLE organization_members (
  organization_id VARCHAR NOT NULL,
  user_id         VARCHAR NOT NULL,
  role            VARCHAR NOT NULL,    -- normalised: Admin | Member
  src_file        VARCHAR NOT NULL
);

-- Events the adapters could not attribute to a user (e.g. a Keycloak user name that
-- matches nobody). Kept for the data-quality warnings, never used by rules.
CREATE TABLE unmatched_events (
  src_file VARCHAR NOT NULL,
  ref      VARCHAR,                    -- the id or user name that matched nobody
  ts       TIMESTAMPTZ
);
