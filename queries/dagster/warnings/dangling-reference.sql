-- Rows that name an id no file defines: kept and counted, never dropped silently. Grants
-- and memberships of unknown principals reach nobody; grants on a deployment missing from
-- the deployments file still count (they are only reported when deployments were given).
WITH known_teams AS (SELECT team_id FROM teams UNION SELECT team_id FROM team_members),
     refs AS (
       SELECT src, 'grant to unknown ' || principal_type || ' ' || principal_id AS example FROM grants
         WHERE principal_type IN ('user', 'service_user') AND principal_id NOT IN (SELECT user_id FROM users)
       UNION ALL
       SELECT src, 'grant to unknown team ' || principal_id FROM grants
         WHERE principal_type = 'team' AND principal_id NOT IN (SELECT team_id FROM known_teams)
       UNION ALL
       SELECT src, 'grant on unknown deployment ' || deployment_id FROM grants
         WHERE deployment_id IS NOT NULL AND EXISTS (SELECT 1 FROM deployments)
           AND deployment_id NOT IN (SELECT deployment_id FROM deployments)
       UNION ALL
       SELECT src, 'unknown user ' || user_id || ' in team ' || team_id FROM team_members
         WHERE user_id NOT IN (SELECT user_id FROM users)
       UNION ALL
       SELECT src, 'member of unknown team ' || team_id FROM team_members
         WHERE EXISTS (SELECT 1 FROM teams) AND team_id NOT IN (SELECT team_id FROM teams)
     )
SELECT 'dangling-reference' AS kind, src, count(*) AS count,
       count(*) || ' row(s) refer to an id that no file defines; they are kept but reach nobody they can be attributed to' AS message,
       list_sort(list(DISTINCT example))[1:5] AS examples
FROM refs GROUP BY src;
