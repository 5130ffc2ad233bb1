-- Effective role of each principal on each scope where it holds a grant (its own or a
-- team's): the highest of its own grant there, its teams' grants there, and what it
-- inherits from wider scopes. An organization-scope grant applies to every deployment and
-- code location; a deployment grant is the default of every code location in it (vendor
-- doc: "used as the default for all code locations in the deployment").
CREATE TABLE effective_access AS
WITH
  targets AS (
    SELECT DISTINCT user_id, scope, deployment_id, code_location, scope_order, scope_id, scope_name, scope_phrase
    FROM access_grants
  ),
  -- Rows ranked within their (principal, scope): `best` is the highest rank there.
  ranked AS (
    SELECT *, max(rank) OVER (PARTITION BY user_id, via, scope, deployment_id, code_location) AS best
    FROM access_grants
  ),
  own AS (
    SELECT user_id, scope, deployment_id, code_location, max(rank) AS rank,
           list_sort(list(DISTINCT dg_role_label(role)) FILTER (WHERE rank = best))[1] AS role
    FROM ranked WHERE via = 'own'
    GROUP BY ALL
  ),
  team AS (
    SELECT user_id, scope, deployment_id, code_location, max(rank) AS rank,
           list_sort(list(DISTINCT dg_role_label(role)) FILTER (WHERE rank = best))[1] AS role,
           list_sort(list(DISTINCT team_name) FILTER (WHERE rank = best)) AS teams
    FROM ranked WHERE via = 'team'
    GROUP BY ALL
  ),
  -- What wider scopes give: the organization to everything below it; a deployment to its
  -- code locations; the grant for all branch deployments to the branch deployments of
  -- each base deployment.
  inherited AS (
    SELECT t.user_id, t.scope, t.deployment_id, t.code_location, w.rank,
           CASE WHEN w.scope = 'organization' THEN 'organization' ELSE w.scope_phrase END AS source
    FROM targets t
    JOIN access_grants w ON w.user_id = t.user_id
     AND ((w.scope = 'organization' AND t.scope <> 'organization')
       OR (w.scope = 'deployment' AND t.scope = 'code_location' AND w.deployment_id = t.deployment_id)
       OR (w.scope = 'all_branch_deployments' AND t.scope = 'base_branch_deployments'))
  ),
  inherited_best AS (
    SELECT user_id, scope, deployment_id, code_location, max(rank) AS rank,
           list_sort(list(DISTINCT source) FILTER (WHERE rank = best)) AS sources
    FROM (SELECT *, max(rank) OVER (PARTITION BY user_id, scope, deployment_id, code_location) AS best FROM inherited)
    GROUP BY ALL
  )
SELECT t.user_id, us.display_name, us.email, us.account_type,
       t.scope, t.deployment_id, t.code_location, t.scope_order, t.scope_id, t.scope_name, t.scope_phrase,
       o.role AS own_role, o.rank AS own_rank,
       tm.role AS team_role, tm.rank AS team_rank, coalesce(tm.teams, []) AS team_names,
       dg_rank_role(i.rank) AS inherited_role, i.rank AS inherited_rank, coalesce(i.sources, []) AS inherited_from,
       greatest(o.rank, tm.rank, i.rank) AS effective_rank,
       CASE WHEN t.scope = 'organization' AND greatest(o.rank, tm.rank) = 4 THEN 'ORGANIZATION ADMIN' ELSE dg_rank_role(greatest(o.rank, tm.rank, i.rank)) END AS effective_role,
       coalesce(tm.rank > o.rank, false) AS understated
FROM targets t
JOIN user_state us ON us.user_id = t.user_id
LEFT JOIN own o ON o.user_id = t.user_id AND o.scope = t.scope
     AND o.deployment_id IS NOT DISTINCT FROM t.deployment_id AND o.code_location IS NOT DISTINCT FROM t.code_location
LEFT JOIN team tm ON tm.user_id = t.user_id AND tm.scope = t.scope
     AND tm.deployment_id IS NOT DISTINCT FROM t.deployment_id AND tm.code_location IS NOT DISTINCT FROM t.code_location
LEFT JOIN inherited_best i ON i.user_id = t.user_id AND i.scope = t.scope
     AND i.deployment_id IS NOT DISTINCT FROM t.deployment_id AND i.code_location IS NOT DISTINCT FROM t.code_location;
