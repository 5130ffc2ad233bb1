-- The Review sheet for Dagster+ (contract: docs/ARCHITECTURE.md): one row per grant a user
-- or service user holds of their own, and one per team membership (a team's grants reach
-- its members; the scope name says what the team grants).
--   organization        — a grant at organization scope (ADMIN there = Organization Admin)
--   deployment          — a grant on one deployment
--   branch_deployments  — the grant for all branch deployments (scope id "all")
--   code_location       — a grant on one code location (scope id "<deployment id>/<location>")
--   team                — membership of a team (role MEMBER)
-- Reviewer: only Organization Admins can change roles or remove users in Dagster+.
-- AGENT grants (agent tokens) and grants or memberships naming no known principal are left
-- out (both are warned). Custom roles show as "custom:<id>".
-- related_findings: findings about the principal (by subject id); on Organization Admin
-- rows (own or through the team) also the organization's sole-admin-risk finding. Most
-- severe first, then by id.
-- Deterministic order: user name, user id, scope (organization, deployment, branch
-- deployments, code location, team), scope name, scope id, role. No trailing semicolon:
-- callers wrap this query.
WITH
team_grants AS (
  SELECT g.principal_id AS team_id,
         bool_or(g.scope = 'organization' AND g.role = 'ADMIN') AS org_admin,
         string_agg(dg_role_label(g.role) || ' on ' || dg_scope_phrase(g.scope, g.deployment_id, g.code_location, d.name), ', '
                    ORDER BY dg_scope_order(g.scope), dg_scope_phrase(g.scope, g.deployment_id, g.code_location, d.name)) AS summary
  FROM grants g LEFT JOIN deployment_names d USING (deployment_id)
  WHERE g.principal_type = 'team' AND g.role <> 'AGENT'
  GROUP BY g.principal_id
),
entitlements AS (
  SELECT g.user_id, dg_scope_kind(g.scope) AS scope, g.scope_order, g.scope_id, g.scope_name,
         dg_role_label(g.role) AS role, g.org_admin
  FROM access_grants g
  WHERE g.via = 'own'
  UNION ALL
  SELECT m.user_id, 'team', 5, m.team_id,
         coalesce(t.name, m.team_id) || CASE WHEN tg.summary IS NULL THEN ' (no grants)' ELSE ' (grants ' || tg.summary || ')' END,
         'MEMBER', coalesce(tg.org_admin, false)
  FROM team_members m
  JOIN users u ON u.user_id = m.user_id AND u.account_type = 'human'
  LEFT JOIN teams t ON t.team_id = m.team_id
  LEFT JOIN team_grants tg ON tg.team_id = m.team_id
),
related AS (
  SELECT e.user_id, e.scope, e.scope_id, e.role,
         string_agg(f.id, '; ' ORDER BY f.severity_rank, f.id) AS ids
  FROM entitlements e
  JOIN findings f
    ON (f.subject_kind IN ('user', 'service_user') AND f.subject_id = e.user_id)
    OR (f.rule = 'sole-admin-risk' AND e.org_admin)
  GROUP BY e.user_id, e.scope, e.scope_id, e.role
)
SELECT e.scope || '|' || e.scope_id || '|' || e.user_id || '|' || e.role AS key,
       e.user_id,
       u.display_name AS user_name,
       e.scope,
       e.scope_id,
       e.scope_name,
       e.role,
       'Organization Admins' AS reviewer,
       r.ids AS related_findings
FROM entitlements e
JOIN user_state u ON u.user_id = e.user_id AND u.in_review
LEFT JOIN related r ON r.user_id = e.user_id AND r.scope = e.scope AND r.scope_id = e.scope_id AND r.role = e.role
ORDER BY u.display_name, e.user_id, e.scope_order, e.scope_name, e.scope_id, e.role
