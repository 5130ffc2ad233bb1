-- How the platform's accounts matched the roster (docs/spec/identity.md): one row.
SELECT s.file AS source,
       (SELECT count(*) FROM roster_people) AS people,
       count(*) FILTER (WHERE m.matched_by <> 'service') AS human_accounts,
       count(*) FILTER (WHERE m.matched_by IN ('email', 'username')) AS matched,
       count(*) FILTER (WHERE m.matched_by = 'email') AS by_email,
       count(*) FILTER (WHERE m.matched_by = 'username') AS by_username,
       count(*) FILTER (WHERE m.matched_by = 'ambiguous') AS ambiguous,
       count(*) FILTER (WHERE m.matched_by IN ('none', 'ambiguous')) AS unmatched,
       count(*) FILTER (WHERE m.matched_by = 'service') AS service_accounts,
       (SELECT count(*) FROM roster_people WHERE is_leaver) AS leavers,
       (SELECT count(*) FROM roster_people WHERE is_scheduled_leaver) AS scheduled_leavers
FROM identity_match m
CROSS JOIN roster_source s
GROUP BY s.file
