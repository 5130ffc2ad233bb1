-- hidden-team-escalation: a human user with a grant of their own on a scope (organization,
-- a deployment, all branch deployments, or a code location) where a team they belong to
-- grants a higher role on that very scope. Only the same scope counts: a team's
-- organization-level grant does not escalate a deployment grant (that is inheritance, and
-- the user page shows it). A custom role ranks as EDITOR; AGENT grants are not access.
WITH
  own AS (
    SELECT user_id, scope, deployment_id, code_location, scope_order, scope_id, scope_name, scope_phrase, role, rank
    FROM access_grants WHERE via = 'own' AND account_type = 'human'
  ),
  team AS (
    SELECT user_id, scope, deployment_id, code_location, team_id, team_name, role, rank
    FROM access_grants WHERE via = 'team'
  ),
  esc AS (
    SELECT o.user_id, o.scope, o.scope_order, o.scope_id, o.scope_name, o.scope_phrase,
           dg_role_label(o.role) AS own_role, dg_role_label(t.role) AS team_role, t.rank AS team_rank,
           t.team_id, t.team_name
    FROM own o
    JOIN team t ON t.user_id = o.user_id AND t.scope = o.scope
     AND t.deployment_id IS NOT DISTINCT FROM o.deployment_id
     AND t.code_location IS NOT DISTINCT FROM o.code_location
    WHERE t.rank > o.rank
  )
SELECT e.user_id AS subject_id,
       any_value(u.display_name) AS subject_name,
       CASE WHEN max(e.team_rank) = 4 THEN 'high' ELSE 'medium' END AS severity,
       'normal' AS confidence,
       to_json({
         email: any_value(u.email),
         scope_count: count(DISTINCT (e.scope, e.scope_id)),
         highest_team_role: dg_rank_role(max(e.team_rank)),
         escalations: list({scope: dg_scope_kind(e.scope), scope_id: e.scope_id, scope_name: e.scope_name,
                            own_role: e.own_role, team_role: e.team_role, team_id: e.team_id, team: e.team_name}
                           ORDER BY e.scope_order, e.scope_name, e.scope_id, e.team_name, e.team_id),
         summary: list(e.scope_phrase || ': own ' || e.own_role || ', team ' || e.team_name || ' ' || e.team_role
                       ORDER BY e.scope_order, e.scope_name, e.scope_id, e.team_name, e.team_id)
       }) AS evidence
FROM esc e
JOIN user_state u ON u.user_id = e.user_id AND u.in_review
GROUP BY e.user_id;
