-- Who holds which role where, and how: one row per grant a principal holds, its own or
-- through a team (../shared/spec/dagster.md, "Effective role").
-- AGENT grants are left out (an agent token's grant is not a person's access; warned).
-- Team grants reach human members only: service users cannot be team members.
-- A grant names a principal by id; `user` and `service_user` both resolve against users
-- (account_type tells them apart; a mismatch is warned, the grant still counts).
CREATE TABLE deployment_names AS
SELECT deployment_id, min(name) AS name FROM deployments GROUP BY deployment_id;

CREATE TABLE access_grants AS
WITH g AS (
  SELECT g.*, dg_rank(g.role) AS rank, dg_is_custom(g.role) AS is_custom
  FROM grants g
  WHERE g.role <> 'AGENT'
),
held AS (
  SELECT u.user_id, u.account_type, 'own' AS via, CAST(NULL AS VARCHAR) AS team_id, CAST(NULL AS VARCHAR) AS team_name,
         g.scope, g.deployment_id, g.code_location, g.role, g.rank, g.is_custom
  FROM g JOIN users u ON u.user_id = g.principal_id
  WHERE g.principal_type IN ('user', 'service_user')
  UNION ALL
  SELECT u.user_id, u.account_type, 'team', g.principal_id, coalesce(t.name, g.principal_id),
         g.scope, g.deployment_id, g.code_location, g.role, g.rank, g.is_custom
  FROM g
  JOIN team_members m ON m.team_id = g.principal_id
  JOIN users u ON u.user_id = m.user_id AND u.account_type = 'human'
  LEFT JOIN teams t ON t.team_id = g.principal_id
  WHERE g.principal_type = 'team'
)
SELECT h.*,
       dg_scope_order(h.scope) AS scope_order,
       dg_scope_id(h.scope, h.deployment_id, h.code_location) AS scope_id,
       dg_scope_name(h.scope, h.deployment_id, h.code_location, d.name) AS scope_name,
       dg_scope_phrase(h.scope, h.deployment_id, h.code_location, d.name) AS scope_phrase,
       -- Organization Admin: ADMIN at organization scope (a custom role ranks EDITOR: never).
       (h.scope = 'organization' AND h.role = 'ADMIN') AS org_admin,
       -- ADMIN on a deployment (branch deployments included) or at organization scope.
       (h.role = 'ADMIN' AND h.scope IN ('organization', 'deployment', 'all_branch_deployments', 'base_branch_deployments')) AS deployment_admin
FROM held h
LEFT JOIN deployment_names d ON d.deployment_id = h.deployment_id;
