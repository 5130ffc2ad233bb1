-- Every entitlement this bundle holds, by the Review sheet's key (scope|scope_id|user_id|role,
-- queries/domino/report/review.sql), and whether its holder is deactivated. A view: read only
-- by the check of last review's decisions (run --decisions), so it costs nothing otherwise.
CREATE VIEW entitlement_keys AS
SELECT DISTINCT e.scope || '|' || e.scope_id || '|' || e.user_id || '|' || e.role AS key,
       coalesce(u.status = 'deactivated', false) AS deactivated
FROM (
  SELECT 'system' AS scope, 'system' AS scope_id, user_id, role FROM user_roles
  UNION ALL SELECT 'organization', organization_id, user_id, role FROM organization_members
  UNION ALL SELECT 'project', project_id, member_id, role FROM project_members
  UNION ALL SELECT 'project', project_id, owner_id, 'Owner' FROM projects WHERE owner_id IS NOT NULL
) e
LEFT JOIN users u ON u.user_id = e.user_id;
