-- Grants whose principal_type disagrees with the users file's account type, and service
-- users listed as team members (Dagster+ service users cannot be). The grant still counts
-- for the principal it names; the team membership gives a service user nothing.
WITH refs AS (
  SELECT g.src, 'grant to ' || g.principal_type || ' ' || g.principal_id || ', a ' ||
         CASE u.account_type WHEN 'service' THEN 'service user' ELSE 'human user' END || ' in the users file' AS example
  FROM grants g JOIN users u ON u.user_id = g.principal_id
  WHERE (g.principal_type = 'user' AND u.account_type = 'service')
     OR (g.principal_type = 'service_user' AND u.account_type = 'human')
  UNION ALL
  SELECT m.src, 'service user ' || m.user_id || ' in team ' || m.team_id
  FROM team_members m JOIN users u ON u.user_id = m.user_id
  WHERE u.account_type = 'service'
)
SELECT 'principal-type-mismatch' AS kind, src, count(*) AS count,
       count(*) || ' row(s) treat a user as a service user or the other way round' AS message,
       list_sort(list(DISTINCT example))[1:5] AS examples
FROM refs GROUP BY src;
