-- AGENT grants belong to agent tokens: not a person's access, left out of every rule.
SELECT 'agent-grant-ignored' AS kind, g.src AS src, count(*) AS count,
       count(*) || ' AGENT grant(s) were ignored: an agent token''s grant is not a person''s access' AS message,
       list_sort(list(DISTINCT g.principal_type || ' ' || g.principal_id || ' on ' ||
                     dg_scope_phrase(g.scope, g.deployment_id, g.code_location, d.name)))[1:5] AS examples
FROM grants g LEFT JOIN deployment_names d USING (deployment_id)
WHERE g.role = 'AGENT'
GROUP BY g.src;
