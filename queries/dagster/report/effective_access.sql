-- Who can do what where, and through which team: one row per principal and scope where it
-- holds a grant (its own or a team's), with the effective role there: the highest of its
-- own grant, its teams' grants and what wider scopes give (organization → everything;
-- deployment → its code locations). `understated` marks a team granting more than the
-- principal's own grant on that very scope (rule hidden-team-escalation).
-- Order: principal name, id, scope (organization, deployment, branch deployments, code
-- location), scope name, scope id. No trailing semicolon: callers wrap this query.
SELECT e.user_id AS principal_id,
       e.display_name AS principal,
       e.email,
       e.account_type,
       dg_scope_kind(e.scope) AS scope,
       e.scope_id,
       e.scope_name,
       e.own_role,
       e.team_role,
       e.team_names AS teams,
       e.inherited_role,
       e.inherited_from,
       e.effective_role,
       e.understated
FROM effective_access e
ORDER BY e.display_name, e.user_id, e.scope_order, e.scope_name, e.scope_id
