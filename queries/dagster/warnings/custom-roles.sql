-- Grants of a custom role (customRoleId): kept, shown, and ranked as EDITOR, since the
-- export does not say what the role may do.
SELECT 'custom-role' AS kind, g.src AS src, count(*) AS count,
       count(*) || ' grant(s) use a custom role; its permissions are not in the export, so it is ranked as EDITOR' AS message,
       list_sort(list(DISTINCT g.principal_type || ' ' || g.principal_id || ': ' || g.role || ' on ' ||
                     dg_scope_phrase(g.scope, g.deployment_id, g.code_location, d.name)))[1:5] AS examples
FROM grants g LEFT JOIN deployment_names d USING (deployment_id)
WHERE dg_is_custom(g.role)
GROUP BY g.src;
