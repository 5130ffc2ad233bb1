-- People whose manager is not in the roster (hr-roster.csv manager_email, scim-users.json
-- manager.value): their reviews cannot be routed to that manager's account.
SELECT 'unknown-manager' AS kind, s.src, count(*) AS count,
       count(*) || ' person(s) of the roster name a manager who is not in it; reviews cannot be routed to that manager''s account' AS message,
       list_sort(list(DISTINCT ref))[1:5] AS examples
FROM (
  SELECT manager_key AS ref FROM roster_people
  WHERE manager_key IS NOT NULL AND manager_key NOT IN (SELECT email_key FROM roster_people WHERE email_key IS NOT NULL)
  UNION ALL
  SELECT manager_id FROM stage_scim_users
  WHERE manager_id IS NOT NULL AND manager_id NOT IN (SELECT scim_id FROM stage_scim_users)
) x
CROSS JOIN roster_source s
GROUP BY s.src;
