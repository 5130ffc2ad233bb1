-- Staging tables for native dumps: the records as text, one row per record, with `idx`
-- (its position, to locate it again in the file for an error message).
CREATE TABLE stage_users (idx BIGINT, src USMALLINT, user_id VARCHAR, username VARCHAR, email VARCHAR, full_name VARCHAR,
  is_active VARCHAR, license VARCHAR, created_ms VARCHAR, idp_id VARCHAR, most_recent VARCHAR);
CREATE TABLE stage_user_roles (idx BIGINT, src USMALLINT, user_id VARCHAR, role VARCHAR);
CREATE TABLE stage_service_accounts (idx BIGINT, src USMALLINT, id VARCHAR, idp_id VARCHAR, username VARCHAR, email VARCHAR);
CREATE TABLE stage_organizations (idx BIGINT, src USMALLINT, organization_id VARCHAR, name VARCHAR);
CREATE TABLE stage_organization_members (idx BIGINT, src USMALLINT, organization_id VARCHAR, user_id VARCHAR, role VARCHAR);
CREATE TABLE stage_projects (idx BIGINT, src USMALLINT, project_id VARCHAR, name VARCHAR, owner_id VARCHAR, visibility VARCHAR,
  archived VARCHAR, created VARCHAR);
CREATE TABLE stage_project_members (idx BIGINT, src USMALLINT, project_id VARCHAR, member_id VARCHAR, role VARCHAR);
CREATE TABLE stage_runs (idx BIGINT, src USMALLINT, user_id VARCHAR, project_id VARCHAR, run_type VARCHAR, hardware_tier VARCHAR,
  start_time VARCHAR, has_cluster VARCHAR);
CREATE TABLE stage_keycloak (idx BIGINT, src USMALLINT, time_ms VARCHAR, type VARCHAR, idp_id VARCHAR, username VARCHAR);
CREATE TABLE stage_audit_trail (ts TIMESTAMPTZ, user_name VARCHAR, event VARCHAR, target VARCHAR, project_name VARCHAR,
  src USMALLINT, src_row BIGINT, _bad UTINYINT DEFAULT 0, actor_id VARCHAR DEFAULT NULL);
-- GET /v4/hardwareTier (HardwareTierEnvelope): gpus = gpuConfiguration.numberOfGpus.
CREATE TABLE stage_hardware_tiers (idx BIGINT, src USMALLINT, id VARCHAR, name VARCHAR, gpus VARCHAR);
-- GET /api/audittrail/v1/auditevents pages: one row per event.
CREATE TABLE stage_audit_events (idx BIGINT, src USMALLINT, ts_ms VARCHAR, actor_id VARCHAR, actor_name VARCHAR, event VARCHAR,
  target VARCHAR, project_name VARCHAR);
-- Audit-trail event names (lower case) → activity kinds: the defaults and the config's audit_events.
CREATE TABLE audit_event_kinds (event_key VARCHAR, kind VARCHAR);
