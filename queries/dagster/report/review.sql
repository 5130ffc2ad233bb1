-- The Review sheet for Dagster+ (contract: docs/ARCHITECTURE.md): one row per grant a user
-- or service user holds of their own, and one per team membership (a team's grants reach
-- its members; the scope name says what the team grants).
--   organization        — a grant at organization scope (ADMIN there = Organization Admin)
--   deployment          — a grant on one deployment
--   branch_deployments  — the grant for all branch deployments (scope id "all")
--   base_branch_deployments — a grant on the branch deployments of one base deployment
--                         (scope id: the base's deployment id)
--   code_location       — a grant on one code location (scope id "<deployment id>/<location>")
--   team                — membership of a team (role MEMBER)
-- Reviewer: always ONE person, never the row's own user. Only Organization Admins can
-- change roles or remove users in Dagster+, so the chain (first that qualifies;
-- reviewer_basis says which) is:
--   organization scope — the user's manager (roster, docs/spec/identity.md) → an
--                        Organization Admin → unassigned
--   any other scope    — an Organization Admin → the user's manager (roster) → unassigned
-- "An Organization Admin" (named by e-mail, how Dagster+ knows a person) is a human user holding ADMIN at organization scope (own or
-- through a team) other than the row's user; rows are spread over them by a stable hash of
-- the user id. `unassigned` rows go to a packet of their own and the report flags them.
-- Context for the reviewer: name, e-mail, account type, seat, last seen, the findings in
-- words, a suggestion (never a decision), and the roster's person status, department and
-- manager (blank without a roster).
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
         string_agg(f.id, '; ' ORDER BY f.severity_rank, f.id) AS ids,
         string_agg(f.message, ' · ' ORDER BY f.severity_rank, f.id) AS messages,
         min(f.severity_rank) AS top_rank
  FROM entitlements e
  JOIN findings f
    ON (f.subject_kind IN ('user', 'service_user') AND f.subject_id = e.user_id)
    OR (f.rule = 'sole-admin-risk' AND e.org_admin)
  GROUP BY e.user_id, e.scope, e.scope_id, e.role
),
admins AS (
  SELECT row_number() OVER (ORDER BY lower(coalesce(email, display_name)), user_id) - 1 AS i, user_id, coalesce(email, display_name) AS name, email
  FROM user_state WHERE is_org_admin AND account_type = 'human'
),
admin_count AS (SELECT count(*) AS n FROM admins),
person AS (SELECT DISTINCT ON (user_id) * FROM person_of_account ORDER BY user_id, person_email, source),
-- one Organization Admin per user, picked by a stable hash of the user id (the next one
-- when that is the user themself)
routed AS (
  SELECT e.*, pe.manager_reviewer, pe.manager_reviewer_email,
    CASE WHEN a1.user_id <> e.user_id THEN struct_pack(name := a1.name, email := a1.email)
         WHEN a2.user_id <> e.user_id THEN struct_pack(name := a2.name, email := a2.email) END AS admin
  FROM (SELECT e.*, CASE WHEN c.n > 0 THEN CAST(('0x' || left(md5(e.user_id), 8))::BIGINT % c.n AS BIGINT) END AS h, c.n
        FROM entitlements e CROSS JOIN admin_count c) e
  LEFT JOIN admins a1 ON a1.i = e.h
  LEFT JOIN admins a2 ON a2.i = (e.h + 1) % e.n
  LEFT JOIN person pe ON pe.user_id = e.user_id
),
chosen AS (
  SELECT r.*,
    CASE WHEN r.scope = 'organization' AND r.manager_reviewer IS NOT NULL THEN 'manager'
         WHEN r.admin IS NOT NULL THEN 'admin'
         WHEN r.manager_reviewer IS NOT NULL THEN 'manager'
         ELSE 'unassigned' END AS basis
  FROM routed r
)
SELECT e.scope || '|' || e.scope_id || '|' || e.user_id || '|' || e.role AS key,
       e.user_id,
       u.display_name AS user_name,
       e.scope,
       e.scope_id,
       e.scope_name,
       e.role,
       CASE e.basis WHEN 'manager' THEN e.manager_reviewer WHEN 'admin' THEN e.admin.name ELSE 'unassigned' END AS reviewer,
       r.ids AS related_findings,
       CASE e.basis WHEN 'manager' THEN e.manager_reviewer_email WHEN 'admin' THEN e.admin.email END AS reviewer_email,
       CASE e.basis WHEN 'manager' THEN 'manager (roster)' WHEN 'admin' THEN 'Organization Admin'
            ELSE 'unassigned: no other Organization Admin and no manager' END AS reviewer_basis,
       coalesce(u.name, pe.full_name) AS full_name,
       coalesce(u.email, pe.person_email) AS email,
       CASE u.account_type WHEN 'service' THEN 'service user' ELSE 'active' END AS account_status,
       CASE WHEN u.is_seat THEN 'Dagster+ seat' ELSE 'no seat (service user)' END AS license,
       CASE WHEN u.last_seen IS NULL THEN CASE WHEN pr.has_activity_data THEN 'never seen' ELSE 'no activity data' END
            ELSE strftime(u.last_seen, '%Y-%m-%d') || ' (' || u.days_since_seen || CASE WHEN u.days_since_seen = 1 THEN ' day ago)' ELSE ' days ago)' END END AS last_seen,
       coalesce(r.messages, '') AS findings_text,
       concat_ws(' · ',
         CASE WHEN pe.person_status = 'terminated' THEN 'Revoke suggested: terminated in the HR roster' || coalesce(' on ' || strftime(pe.termination_date, '%Y-%m-%d'), '')
              WHEN u.inactive AND u.last_seen IS NOT NULL THEN 'Revoke suggested: not seen for ' || u.days_since_seen || ' days'
              WHEN u.inactive THEN 'Revoke suggested: never seen' END,
         CASE WHEN r.top_rank <= 1 THEN 'a Keep needs a Comment (critical or high finding)' END
       ) AS suggestion,
       pe.person_status,
       pe.department,
       pe.manager_name AS manager,
       e.org_admin OR upper(e.role) = 'ADMIN' AS privileged
FROM chosen e
CROSS JOIN params pr
JOIN user_state u ON u.user_id = e.user_id AND u.in_review
LEFT JOIN related r ON r.user_id = e.user_id AND r.scope = e.scope AND r.scope_id = e.scope_id AND r.role = e.role
LEFT JOIN person pe ON pe.user_id = e.user_id
ORDER BY u.display_name, e.user_id, e.scope_order, e.scope_name, e.scope_id, e.role
