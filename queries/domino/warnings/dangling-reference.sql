-- Rows that name an id no file defines: kept and counted, never dropped silently.
WITH known_users AS (SELECT user_id AS id FROM users),
     known_principals AS (SELECT user_id AS id FROM users UNION SELECT organization_id FROM organizations),
     refs AS (
       SELECT src, 'role of unknown user ' || user_id AS example FROM user_roles WHERE user_id NOT IN (SELECT id FROM known_users)
       UNION ALL
       SELECT src, 'member ' || member_id || ' of project ' || project_id FROM project_members
         WHERE member_id NOT IN (SELECT id FROM known_principals)
       UNION ALL
       SELECT src, 'member of unknown project ' || project_id FROM project_members
         WHERE project_id NOT IN (SELECT project_id FROM projects)
       UNION ALL
       SELECT src, 'owner ' || owner_id || ' of project ' || project_id FROM projects
         WHERE owner_id NOT IN (SELECT id FROM known_principals)
       UNION ALL
       SELECT src, 'member ' || user_id || ' of organization ' || organization_id FROM organization_members
         WHERE user_id NOT IN (SELECT id FROM known_users)
       UNION ALL
       SELECT src, 'member of unknown organization ' || organization_id FROM organization_members
         WHERE organization_id NOT IN (SELECT organization_id FROM organizations)
       UNION ALL
       SELECT src, 'unknown user ' || ref FROM unmatched_events
     ),
     events AS (
       SELECT src, user_id, events FROM login_summary WHERE user_id NOT IN (SELECT id FROM known_users)
       UNION ALL
       SELECT src, user_id, events FROM activity_summary WHERE user_id NOT IN (SELECT id FROM known_users)
     )
SELECT 'dangling-reference' AS kind, src, count(*) AS count,
       count(*) || ' row(s) refer to an id or name that no file defines; they are kept but cannot be attributed' AS message,
       list_sort(list(DISTINCT example))[1:5] AS examples
FROM refs GROUP BY src
UNION ALL
SELECT 'dangling-reference', src, sum(events),
       sum(events) || ' event(s) belong to user ids that the users file does not define',
       list_sort(list(DISTINCT 'events of unknown user ' || user_id))[1:5]
FROM events GROUP BY src;
