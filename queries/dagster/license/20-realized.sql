-- Seats reclaimed since the previous run (--previous; empty tables without it): users the
-- previous run reported as idle seats (open inactive-seat) who no longer hold a seat now.
CREATE OR REPLACE TABLE license_realized AS
WITH
p AS (SELECT * FROM params),
now_holders AS (
  SELECT u.user_id FROM user_state u, p
  WHERE u.account_type = 'human' AND (u.created_at IS NULL OR u.created_at <= p.eval_instant)
),
reclaimed AS (
  SELECT count(*) AS n FROM previous_findings f
  WHERE f.rule = 'inactive-seat' AND coalesce(f.status, 'open') = 'open'
    AND f.subject_id NOT IN (SELECT user_id FROM now_holders)
)
SELECT s.license,
       (SELECT in_use FROM previous_seats WHERE license = s.license ORDER BY as_of DESC LIMIT 1) AS previous_in_use,
       s.in_use, r.n AS reclaimed, 0 AS downgraded,
       CASE WHEN r.n = 0 THEN 0 ELSE s.monthly_price * 12 * r.n END AS realized_savings_year,
       CASE WHEN s.reclaim IS NULL THEN NULL WHEN s.reclaim = 0 THEN 0 ELSE s.monthly_price * 12 * s.reclaim END AS potential_savings_year,
       s.ord
FROM license_seats s, reclaimed r;

CREATE OR REPLACE TABLE license_trend AS
SELECT license, as_of, in_use, purchased FROM previous_seats
UNION ALL
SELECT license, strftime((SELECT as_of FROM params), '%Y-%m-%d'), in_use, purchased FROM license_seats;
