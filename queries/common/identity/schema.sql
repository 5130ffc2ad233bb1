-- The HR roster or the IdP's users (docs/spec/identity.md), whichever the bundle holds:
-- one row per person. Created in every run (empty without a roster) so that the identity
-- derive SQL, rules and reports read it either way. As for the platforms' canonical tables,
-- `src`, `src_row` and `_bad` say where a row came from and which value check failed.
CREATE TABLE roster (
  email            VARCHAR,   -- as given; compared lower-cased and trimmed
  status           VARCHAR,   -- active | leave | terminated
  employee_id      VARCHAR,
  username         VARCHAR,   -- the person's platform username (compared case-insensitively)
  full_name        VARCHAR,
  hire_date        DATE,
  termination_date DATE,      -- the last working day
  manager_email    VARCHAR,
  department       VARCHAR,
  cost_center      VARCHAR,
  scim_id          VARCHAR,   -- scim-users.json: the resource's id
  src USMALLINT, src_row BIGINT, _bad UTINYINT DEFAULT 0
);

-- scim-users.json Resources as text, one row per resource (idx: its position, to locate it).
CREATE TABLE stage_scim_users (idx BIGINT, src USMALLINT, scim_id VARCHAR, user_name VARCHAR, external_id VARCHAR,
  active VARCHAR, full_name VARCHAR, email VARCHAR, last_modified VARCHAR, employee_number VARCHAR,
  department VARCHAR, cost_center VARCHAR, manager_id VARCHAR);

-- Which file the roster came from, by its default name (no row: the bundle holds none).
CREATE TABLE roster_source (src USMALLINT, file VARCHAR);
