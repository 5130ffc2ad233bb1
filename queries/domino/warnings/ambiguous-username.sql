-- Audit-trail events whose user name matches accounts that differ only in case (ana.diaz,
-- Ana.Diaz): an event whose name is exactly one account's username is that account's; the
-- others cannot be attributed and are reported here, never guessed.
WITH twins AS (
  SELECT lower(username) AS uname, list(username ORDER BY username) AS names
  FROM users WHERE username IS NOT NULL GROUP BY 1 HAVING count(DISTINCT username) > 1
),
hits AS (
  SELECT a.src, a.user_name, count(*) AS events, a.user_name IN (SELECT username FROM users) AS exact, any_value(t.names) AS names
  FROM stage_audit_trail a JOIN twins t ON t.uname = lower(a.user_name)
  WHERE a.actor_id IS NULL OR a.actor_id NOT IN (SELECT user_id FROM users)
  GROUP BY a.src, a.user_name
)
SELECT 'ambiguous-username' AS kind, src, sum(events)::BIGINT AS count,
       sum(events) || ' audit-trail event(s) name a user whose username differs from another account''s only in case (' ||
       (SELECT string_agg(DISTINCT array_to_string(names, ' / '), '; ') FROM hits h2 WHERE h2.src = h.src) ||
       '): an event naming one of them exactly is that account''s; one that matches only by case is attributed to nobody' AS message,
       list(user_name || ' (' || events || ' event(s)) → ' || CASE WHEN exact THEN user_name ELSE 'nobody' END ORDER BY user_name)[1:5] AS examples
FROM hits h GROUP BY src
