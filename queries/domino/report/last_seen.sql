-- Days since last seen, for active users holding a seat: a histogram. Every bucket is
-- listed, empty ones too, so the chart's axis does not depend on the data. Each bucket is
-- split by user_state.inactive, so the threshold (params.inactive_days) shows as colour.
WITH buckets AS (
  SELECT * FROM (VALUES
    (1, '0–30 days'), (2, '31–60 days'), (3, '61–90 days'), (4, '91–180 days'),
    (5, '181–365 days'), (6, 'Over 365 days'), (7, 'Never seen')
  ) t(ord, bucket)
),
placed AS (
  SELECT
    CASE
      WHEN days_since_seen IS NULL THEN 7
      WHEN days_since_seen <= 30 THEN 1
      WHEN days_since_seen <= 60 THEN 2
      WHEN days_since_seen <= 90 THEN 3
      WHEN days_since_seen <= 180 THEN 4
      WHEN days_since_seen <= 365 THEN 5
      ELSE 6
    END AS ord,
    inactive
  FROM user_state
  WHERE status = 'active' AND is_seat AND in_review
)
SELECT
  b.bucket,
  count(pl.ord) FILTER (WHERE NOT pl.inactive) AS active,
  count(pl.ord) FILTER (WHERE pl.inactive) AS inactive
FROM buckets b LEFT JOIN placed pl USING (ord)
GROUP BY b.ord, b.bucket
ORDER BY b.ord
