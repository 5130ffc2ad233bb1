-- Deterministic pseudo-randomness and formatting shared by every generator query.
-- {{seed}} and {{as_of}} are substituted by src/generate/generate.ts. Never random():
-- every value is a function of (seed, key, salt), so the same arguments give the same bytes.

-- Uniform double in [0, 1) for a key (or the key's hash h) and a salt. Not hash(seed, k, salt): DuckDB combines
-- the hashes of several arguments with XOR, so two salts of one key would give values with
-- a constant XOR between them (perfectly correlated). Hashing the combination once more
-- (a 64-bit finalizer) decorrelates them.
CREATE MACRO rndh(h, salt) AS (hash(xor(h, hash({{seed}}, salt))) >> 11) / 9007199254740992.0;
CREATE MACRO rnd(k, salt) AS rndh(hash(k), salt);
-- One element of a list, chosen by a uniform x in [0, 1).
CREATE MACRO pick(lst, x) AS lst[(1 + floor(x * len(lst)))::BIGINT];
-- Instants are epoch milliseconds (BIGINT) throughout; this is the one output format.
CREATE MACRO iso_ms(ms) AS strftime(make_timestamp(ms * 1000), '%Y-%m-%dT%H:%M:%S.%gZ');
CREATE MACRO day_ms() AS 86400000::BIGINT;
-- 00:00 UTC of the as-of date.
CREATE MACRO asof_ms() AS epoch_ms(DATE {{as_of}});
-- Instant `days` days before the as-of date (negative = after) at `hours` past midnight UTC.
CREATE MACRO days_before(days, hours) AS asof_ms() - (days * day_ms())::BIGINT + (hours * 3600000)::BIGINT;
-- A working-hours time of day (07:00-19:00 UTC, peaking early afternoon), in ms.
CREATE MACRO tod_ms(k, salt) AS floor((7 + 6 * (rnd(k, salt || '.a') + rnd(k, salt || '.b'))) * 3600000 + rnd(k, salt || '.c') * 1000)::BIGINT;
-- A random 4 UUID-shaped id (Keycloak user ids), stable for a key.
CREATE MACRO uuid_of(s) AS
  substr(md5(s), 1, 8) || '-' || substr(md5(s), 9, 4) || '-4' || substr(md5(s), 14, 3) || '-a'
  || substr(md5(s), 18, 3) || '-' || substr(md5(s), 21, 12);
-- ASCII user-name part of a display name: accents stripped, letters only, lower case.
CREATE MACRO asciify(s) AS lower(regexp_replace(strip_accents(
  replace(replace(replace(replace(replace(s, 'ł', 'l'), 'Ł', 'L'), 'ø', 'o'), 'Ø', 'O'), 'ß', 'ss')), '[^A-Za-z]', '', 'g'));

-- Activity kind of a Domino run type (domino-input.md), and of an audit-trail event name.
CREATE MACRO run_kind(run_type) AS CASE run_type
  WHEN 'Workspace' THEN 'workspace' WHEN 'Batch' THEN 'job' WHEN 'Scheduled' THEN 'scheduled_job'
  WHEN 'App' THEN 'app_publish' WHEN 'Launcher' THEN 'launcher_run' WHEN 'ModelApi' THEN 'model_api_publish'
  ELSE 'job' END;
CREATE MACRO kind_run_type(kind) AS CASE kind
  WHEN 'workspace' THEN 'Workspace' WHEN 'job' THEN 'Batch' WHEN 'scheduled_job' THEN 'Scheduled'
  WHEN 'app_publish' THEN 'App' WHEN 'launcher_run' THEN 'Launcher' WHEN 'model_api_publish' THEN 'ModelApi' END;
CREATE MACRO audit_kind(event_name) AS CASE lower(event_name)
  WHEN 'launch job' THEN 'job' WHEN 'start run' THEN 'job' WHEN 'start batch run' THEN 'job'
  WHEN 'restart job' THEN 'job' WHEN 'create flows execution' THEN 'job'
  WHEN 'start a workspace session' THEN 'workspace'
  WHEN 'schedule run' THEN 'scheduled_job' WHEN 'edit schedule run' THEN 'scheduled_job'
  WHEN 'create scheduled job' THEN 'scheduled_job'
  WHEN 'publish app' THEN 'app_publish' WHEN 'publish model api' THEN 'model_api_publish'
  WHEN 'view app' THEN 'app_view' WHEN 'run launcher' THEN 'launcher_run'
  WHEN 'view file' THEN 'results_view' WHEN 'view repo file' THEN 'results_view'
  WHEN 'view/download flows output or artifact' THEN 'results_view'
  ELSE 'audit_event' END;
