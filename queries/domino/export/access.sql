-- Export: every entitlement as held: system roles, organization memberships, project
-- memberships and project ownership (owner_id), one row each.
SELECT r.user_id, 'system' AS scope, 'system' AS scope_id, NULL AS scope_name, r.role, 'role' AS via
FROM (SELECT DISTINCT user_id, role FROM user_roles) r
UNION ALL
SELECT m.user_id, 'organization', m.organization_id, o.name, m.role, 'membership'
FROM (SELECT DISTINCT organization_id, user_id, role FROM organization_members) m
LEFT JOIN (SELECT organization_id, any_value(name) AS name FROM organizations GROUP BY 1) o USING (organization_id)
UNION ALL
SELECT m.member_id, 'project', m.project_id, p.name, m.role, 'membership'
FROM (SELECT DISTINCT project_id, member_id, role FROM project_members) m
LEFT JOIN (SELECT project_id, any_value(name) AS name FROM projects GROUP BY 1) p USING (project_id)
UNION ALL
SELECT p.owner_id, 'project', p.project_id, p.name, 'Owner', 'owner_id'
FROM (SELECT project_id, any_value(name) AS name, any_value(owner_id) AS owner_id FROM projects GROUP BY 1) p
WHERE p.owner_id IS NOT NULL
ORDER BY 1, 2, 3, 5, 6
