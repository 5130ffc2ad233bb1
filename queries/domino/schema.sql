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

-- Successful and failed logins; only successes are activity. Like `activity`, it holds
-- events only on their way into their summary (native dumps, and a CSV file with a bad
-- row, to locate it): rules and warnings read login_summary and activity_summary.
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

-- Events summarised as they are read: one row per source file, user and outcome (logins)
-- or user, kind and project worked in during the window (activity). A log of tens of
-- millions of events is never held in memory, only this. The window is params' (cutoff,
-- evaluation instant], known before the bundle is read.
--   events          rows summarised; bad_rows: rows that failed a value check (refused)
--   first_ts/last_ts      the earliest and latest event, whenever it happened
--   last_in_period        the latest event at or before the evaluation instant
--   future_events         events after the evaluation instant (ignored by every rule)
--   future_examples       the first five distinct such instants
CREATE TABLE login_summary (
  src USMALLINT, user_id VARCHAR, success BOOLEAN,
  events BIGINT, bad_rows BIGINT, first_ts TIMESTAMPTZ, last_ts TIMESTAMPTZ, last_in_period TIMESTAMPTZ,
  future_events BIGINT, future_examples TIMESTAMPTZ[]
);

--   window_project_id     the project of the events in the activity window (NULL: the
--                         events outside it, or without a project)
--   window_events         events in the activity window [cutoff, evaluation instant]
CREATE TABLE activity_summary (
  src USMALLINT, user_id VARCHAR, kind VARCHAR, window_project_id VARCHAR,
  events BIGINT, bad_rows BIGINT, first_ts TIMESTAMPTZ, last_ts TIMESTAMPTZ, last_in_period TIMESTAMPTZ,
  window_events BIGINT, future_events BIGINT, future_examples TIMESTAMPTZ[]
);

-- Events the adapters could not attribute to a user (e.g. a Keycloak user name that
-- matches nobody). Kept for the data-quality warnings, never used by rules.
CREATE TABLE unmatched_events (
  ref      VARCHAR,                    -- the id or user name that matched nobody
  ts       TIMESTAMPTZ,
  src USMALLINT, src_row BIGINT, _bad UTINYINT DEFAULT 0
);
