-- First and last event timestamp of each file of events (by source number).
SELECT src, aa_iso(min(ts)) AS first_event, aa_iso(max(ts)) AS last_event
FROM audit_log WHERE ts IS NOT NULL
GROUP BY src ORDER BY src
