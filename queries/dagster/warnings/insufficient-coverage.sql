-- The audit log starts after the cutoff: users never seen in it cannot be proven inactive
-- (their findings carry confidence insufficient-data).
SELECT 'insufficient-coverage' AS kind, NULL::USMALLINT AS src, count(*) AS count,
       'the earliest audit-log entry (' || coalesce(aa_iso(any_value(p.earliest_event)), 'none') ||
       ') is after the cutoff (' || aa_iso(any_value(p.cutoff)) || '): ' || count(*) ||
       ' user(s) never seen in it cannot be proven inactive' AS message,
       list_sort(list(u.display_name))[1:5] AS examples
FROM user_state u, params p
WHERE p.has_activity_data AND u.account_type = 'human' AND u.insufficient_data AND u.inactive
HAVING count(*) > 0;
