-- Every entitlement this bundle holds, by the Review sheet's key (scope|scope_id|user_id|role,
-- queries/dagster/report/review.sql). Dagster+ has no deactivated users: a user who is gone
-- is absent. A view: read only by the check of last review's decisions (run --decisions).
CREATE VIEW entitlement_keys AS
SELECT DISTINCT key, false AS deactivated
FROM (
  SELECT dg_scope_kind(g.scope) || '|' || g.scope_id || '|' || g.user_id || '|' || dg_role_label(g.role) AS key
  FROM access_grants g WHERE g.via = 'own'
  UNION ALL
  SELECT 'team|' || m.team_id || '|' || m.user_id || '|MEMBER'
  FROM team_members m JOIN users u ON u.user_id = m.user_id AND u.account_type = 'human'
);
