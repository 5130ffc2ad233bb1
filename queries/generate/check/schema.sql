-- Test-side reader of generated bundles (test/generate.test.ts): an independent, minimal
-- mapping of each file, canonical or native, to one normalized form, so two shapes of one
-- deployment can be compared row for row. Instants are epoch milliseconds.
CREATE TABLE n_users (user_id VARCHAR, username VARCHAR, email VARCHAR, full_name VARCHAR, status VARCHAR,
  license VARCHAR, account_type VARCHAR, created_ms BIGINT, idp_id VARCHAR, last_activity_ms BIGINT);
CREATE TABLE n_roles (user_id VARCHAR, role VARCHAR);
CREATE TABLE n_logins (user_id VARCHAR, ts_ms BIGINT, success BOOLEAN);
CREATE TABLE n_activity (user_id VARCHAR, ts_ms BIGINT, kind VARCHAR, project_id VARCHAR, hardware_tier VARCHAR);
CREATE TABLE n_projects (project_id VARCHAR, name VARCHAR, owner_id VARCHAR, visibility VARCHAR, archived BOOLEAN, created_ms BIGINT);
CREATE TABLE n_members (project_id VARCHAR, member_id VARCHAR, role VARCHAR);
CREATE TABLE n_orgs (org_id VARCHAR, name VARCHAR);
CREATE TABLE n_org_members (org_id VARCHAR, user_id VARCHAR, role VARCHAR);
-- ISO-8601 text as written, or a TIMESTAMP that read_json inferred from it.
CREATE MACRO ms_of(x) AS epoch_ms(strptime(x::VARCHAR, ['%Y-%m-%dT%H:%M:%S.%gZ', '%Y-%m-%d %H:%M:%S.%g', '%Y-%m-%d %H:%M:%S']));
CREATE MACRO csv_of(f) AS TABLE SELECT * FROM read_csv(f, header = true, all_varchar = true, strict_mode = true);
