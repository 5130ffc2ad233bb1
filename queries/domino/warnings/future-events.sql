-- Events after the evaluation instant: ignored by every rule, so re-runs agree.
SELECT 'future-events' AS kind, e.src, count(*) AS count,
       count(*) || ' event(s) are dated after the as-of date and were ignored' AS message,
       list_sort(list(DISTINCT aa_iso(e.ts)))[1:5] AS examples
FROM (SELECT src, ts FROM logins UNION ALL SELECT src, ts FROM activity) e, params p
WHERE e.ts > p.eval_instant
GROUP BY e.src;
