-- Chart on the page: seat holders by days since the audit log last saw them.
-- No trailing semicolon: callers wrap this query.
WITH h AS (
  SELECT u.*, CASE WHEN u.last_seen IS NULL THEN 6
                   WHEN u.days_since_seen <= 30 THEN 1 WHEN u.days_since_seen <= 90 THEN 2
                   WHEN u.days_since_seen <= 180 THEN 3 WHEN u.days_since_seen <= 365 THEN 4 ELSE 5 END AS b
  FROM user_state u, params p
  WHERE u.account_type = 'human' AND p.has_activity_data AND u.in_review
),
buckets AS (SELECT * FROM (VALUES (1, '0–30 days'), (2, '31–90 days'), (3, '91–180 days'), (4, '181–365 days'),
                                  (5, 'over a year'), (6, 'never seen')) t(b, bucket))
SELECT k.bucket,
       count(h.user_id) FILTER (WHERE NOT h.inactive) AS active,
       count(h.user_id) FILTER (WHERE h.inactive) AS inactive
FROM buckets k LEFT JOIN h ON h.b = k.b
GROUP BY k.b, k.bucket
ORDER BY k.b
