-- Events after the evaluation instant: ignored by every rule, so re-runs agree.
SELECT 'future-events' AS kind, src, sum(future_events) AS count,
       sum(future_events) || ' event(s) are dated after the as-of date and were ignored' AS message,
       list_sort(list_distinct(flatten(list(list_transform(future_examples, t -> aa_iso(t))))))[1:5] AS examples
FROM (SELECT src, future_events, future_examples FROM login_summary
      UNION ALL SELECT src, future_events, future_examples FROM activity_summary)
WHERE future_events > 0
GROUP BY src;
