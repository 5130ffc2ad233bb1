-- The event log starts after the cutoff: inactivity of users without Domino's own
-- last-activity date cannot be proven (those findings carry confidence insufficient-data).
SELECT 'insufficient-coverage' AS kind, NULL::USMALLINT AS src, count(*) AS count,
       'the earliest login/activity event (' || coalesce(aa_iso(any_value(p.earliest_event)), 'none') ||
       ') is after the cutoff (' || aa_iso(any_value(p.cutoff)) || '): ' || count(*) ||
       ' user(s) without last_activity_at cannot be proven inactive' AS message,
       list_sort(list(u.username))[1:5] AS examples
FROM user_state u, params p
WHERE p.has_activity_data AND u.insufficient_data AND u.inactive
HAVING count(*) > 0;
