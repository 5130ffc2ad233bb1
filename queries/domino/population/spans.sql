-- First and last event timestamp of each file of events (by source number): the events
-- as summarised, plus those no user could be matched to.
SELECT src, aa_iso(min(first_ts)) AS first_event, aa_iso(max(last_ts)) AS last_event
FROM (
  SELECT src, first_ts, last_ts FROM login_summary
  UNION ALL SELECT src, first_ts, last_ts FROM activity_summary
  UNION ALL SELECT src, ts, ts FROM unmatched_events WHERE ts IS NOT NULL
)
GROUP BY src ORDER BY src
