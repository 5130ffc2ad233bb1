-- Audit-log entries after the evaluation instant: ignored by every rule, so re-runs agree.
SELECT 'future-events' AS kind, a.src, count(*) AS count,
       count(*) || CASE WHEN count(*) = 1 THEN ' audit-log entry is dated after the as-of date and was ignored'
                       ELSE ' audit-log entries are dated after the as-of date and were ignored' END AS message,
       list_sort(list(DISTINCT aa_iso(a.ts)))[1:5] AS examples
FROM audit_log a, params p
WHERE a.ts > p.eval_instant
GROUP BY a.src;
