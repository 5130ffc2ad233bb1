-- Dagster+ value parsers (on top of the shared ones in queries/ingest/macros.sql).
-- Like those, each returns NULL for NULL input and NULL for a value it cannot parse.

-- audit-log.json `timestamp`: epoch seconds (Dagster's Float, may be fractional) or ISO-8601.
-- At most 11 integer digits: a 13-digit value is epoch milliseconds, which this field never
-- holds, and is refused rather than read as a date 50,000 years away.
CREATE OR REPLACE MACRO dg_ts(x) AS
  CASE WHEN x IS NULL THEN NULL
       WHEN regexp_full_match(trim(x), '-?\d{1,11}(\.\d+)?')
         THEN make_timestamptz(CAST(round(CAST(trim(x) AS DOUBLE) * 1000000) AS BIGINT))
       ELSE aa_ts_iso(trim(x))
  END;

-- The built-in roles, matched like every enumerated value (case-, space-, underscore-insensitive).
-- CATALOG_VIEWER is the schema's PermissionGrant value below VIEWER (the asset catalog only).
CREATE OR REPLACE MACRO dg_role(x) AS
  aa_enum(x, ['viewer', 'launcher', 'editor', 'admin', 'agent', 'catalogviewer'], ['VIEWER', 'LAUNCHER', 'EDITOR', 'ADMIN', 'AGENT', 'CATALOG_VIEWER']);

-- Order CATALOG_VIEWER < VIEWER < LAUNCHER < EDITOR < ADMIN; a custom role ranks as EDITOR;
-- AGENT has no rank (an agent token's grant is not a person's access).
CREATE OR REPLACE MACRO dg_rank(role) AS
  CASE role WHEN 'VIEWER' THEN 1 WHEN 'LAUNCHER' THEN 2 WHEN 'EDITOR' THEN 3 WHEN 'ADMIN' THEN 4
            WHEN 'CATALOG_VIEWER' THEN 0 WHEN 'AGENT' THEN NULL ELSE 3 END;
CREATE OR REPLACE MACRO dg_rank_role(r) AS
  CASE r WHEN 0 THEN 'CATALOG_VIEWER' WHEN 1 THEN 'VIEWER' WHEN 2 THEN 'LAUNCHER' WHEN 3 THEN 'EDITOR' WHEN 4 THEN 'ADMIN' END;
CREATE OR REPLACE MACRO dg_is_custom(role) AS role NOT IN ('VIEWER', 'LAUNCHER', 'EDITOR', 'ADMIN', 'AGENT', 'CATALOG_VIEWER');
-- A role as reports show it: custom role ids are marked as such.
CREATE OR REPLACE MACRO dg_role_label(role) AS CASE WHEN dg_is_custom(role) THEN 'custom:' || role ELSE role END;

-- Scopes as reports name them (the Review sheet's scope names for Dagster+).
-- `base_branch_deployments` (perBaseBranchDeploymentsPermissionGrants): the branch
-- deployments of one base deployment, `deployment_id` naming the base; a scope of its own.
CREATE OR REPLACE MACRO dg_scope_kind(scope) AS
  CASE scope WHEN 'all_branch_deployments' THEN 'branch_deployments' ELSE scope END;
CREATE OR REPLACE MACRO dg_scope_order(scope) AS
  CASE scope WHEN 'organization' THEN 1 WHEN 'deployment' THEN 2 WHEN 'all_branch_deployments' THEN 3
             WHEN 'base_branch_deployments' THEN 3 WHEN 'code_location' THEN 4 ELSE 5 END;
CREATE OR REPLACE MACRO dg_scope_id(scope, deployment_id, code_location) AS
  CASE scope WHEN 'organization' THEN 'organization' WHEN 'all_branch_deployments' THEN 'all'
             WHEN 'deployment' THEN deployment_id WHEN 'base_branch_deployments' THEN deployment_id
             ELSE deployment_id || '/' || code_location END;
-- `deployment_name` is the deployment's name where deployments were exported, else NULL.
CREATE OR REPLACE MACRO dg_scope_name(scope, deployment_id, code_location, deployment_name) AS
  CASE scope WHEN 'organization' THEN 'Organization' WHEN 'all_branch_deployments' THEN 'All branch deployments'
             WHEN 'deployment' THEN coalesce(deployment_name, deployment_id)
             WHEN 'base_branch_deployments' THEN 'Branch deployments of ' || coalesce(deployment_name, deployment_id)
             ELSE coalesce(deployment_name, deployment_id) || ' / ' || code_location END;
-- One phrase for a scope, for lists in evidence and messages.
CREATE OR REPLACE MACRO dg_scope_phrase(scope, deployment_id, code_location, deployment_name) AS
  CASE scope WHEN 'organization' THEN 'organization' WHEN 'all_branch_deployments' THEN 'all branch deployments'
             WHEN 'deployment' THEN 'deployment ' || coalesce(deployment_name, deployment_id)
             WHEN 'base_branch_deployments' THEN 'branch deployments of ' || coalesce(deployment_name, deployment_id)
             ELSE 'code location ' || code_location || ' in ' || coalesce(deployment_name, deployment_id) END;
