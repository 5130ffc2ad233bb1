-- Audit-log entries whose author email matches no user (case-insensitive): former users,
-- or a users export older than the log. They prove nobody's activity. Entries without an
-- author email (agent tokens) are not a person's and are not counted here.
SELECT 'unmatched-audit-author' AS kind, a.src, count(*) AS count,
       count(*) || CASE WHEN count(*) = 1 THEN ' audit-log entry names an author email that matches no user; it proves nobody''s activity'
                       ELSE ' audit-log entries name an author email that matches no user; they prove nobody''s activity' END AS message,
       list_sort(list(DISTINCT lower(trim(a.author_email))))[1:5] AS examples
FROM audit_log a
WHERE a.author_email IS NOT NULL
  AND lower(trim(a.author_email)) NOT IN (SELECT lower(trim(email)) FROM users WHERE email IS NOT NULL)
GROUP BY a.src;
