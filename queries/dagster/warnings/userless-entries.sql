-- users.json entries whose `user` is null (seen in an older schema's user list): nobody to
-- attribute their grants to, so they are left out, and each is named here.
SELECT 'user-entry-without-user' AS kind, src, count(*) AS count,
       count(*) || ' entr' || CASE WHEN count(*) = 1 THEN 'y' ELSE 'ies' END ||
       ' of usersOrError.users had "user": null and were left out (their grants name nobody)' AS message,
       list(entry ORDER BY idx)[1:5] AS examples
FROM dg_userless_entries GROUP BY src;
