-- Seats reclaimed since the previous run (--previous; empty tables without it), per
-- license, beside this run's potential:
--   reclaimed   users the previous run reported as idle seats (open inactive-seat) who no
--               longer hold that license in use: deactivated, removed, or moved
--   downgraded  users it reported over-licensed (open mislicensed-user, over) now holding a
--               license of a lower tier, or no longer in use
--   realized    what those changes save a year: the old license's price less the price of
--               what they hold now (nothing, when they hold nothing); NULL when a price it
--               needs is unknown
CREATE OR REPLACE TABLE license_realized AS
WITH
p AS (SELECT * FROM params),
now_holders AS (
  SELECT u.user_id, CASE WHEN u.license_known THEN u.license_name ELSE 'Unknown license' END AS name,
         u.license_tier AS tier, u.monthly_price AS price
  FROM user_state u
  CROSS JOIN p
  LEFT JOIN users c ON c.user_id = u.user_id
  WHERE u.status = 'active' AND (c.created_at IS NULL OR c.created_at <= p.eval_instant)
),
prev AS (
  SELECT f.rule, f.subject_id, f.direction, coalesce(a.name, 'Unknown license') AS name, l.tier, l.monthly_price AS price
  FROM previous_findings f
  LEFT JOIN license_aliases a ON a.key = lower(regexp_replace(coalesce(f.license, ''), '\s', '', 'g'))
  LEFT JOIN licenses l ON l.name = a.name
  WHERE coalesce(f.status, 'open') = 'open'
    AND (f.rule = 'inactive-seat' OR (f.rule = 'mislicensed-user' AND f.direction = 'over'))
),
changed AS (
  SELECT v.name, v.rule, v.price AS old_price, n.price AS new_price, n.user_id IS NOT NULL AS still_in_use
  FROM prev v
  LEFT JOIN now_holders n ON n.user_id = v.subject_id
  WHERE (v.rule = 'inactive-seat' AND (n.user_id IS NULL OR n.name <> v.name))
     OR (v.rule = 'mislicensed-user' AND (n.user_id IS NULL OR n.tier < v.tier))
),
per_license AS (
  SELECT name,
         count(*) FILTER (WHERE rule = 'inactive-seat') AS reclaimed,
         count(*) FILTER (WHERE rule = 'mislicensed-user') AS downgraded,
         CASE WHEN bool_or(old_price IS NULL OR (still_in_use AND new_price IS NULL)) THEN NULL
              ELSE sum(old_price - CASE WHEN still_in_use THEN new_price ELSE 0 END) * 12 END AS realized_savings_year
  FROM changed GROUP BY name
),
prev_in_use AS (
  SELECT license, in_use FROM previous_seats
  WHERE as_of = (SELECT max(as_of) FROM previous_seats)
)
SELECT s.license, pi.in_use AS previous_in_use, s.in_use,
       coalesce(r.reclaimed, 0) AS reclaimed, coalesce(r.downgraded, 0) AS downgraded,
       CASE WHEN r.license IS NULL THEN 0 ELSE r.realized_savings_year END AS realized_savings_year,
       s.potential_savings_year, s.ord
FROM license_seats s
LEFT JOIN (SELECT name AS license, * EXCLUDE (name) FROM per_license) r ON r.license = s.license
LEFT JOIN prev_in_use pi ON pi.license = s.license
ORDER BY s.ord;

-- In use per license over the quarters available, oldest first, this run last.
CREATE OR REPLACE TABLE license_trend AS
SELECT license, as_of, in_use, purchased FROM previous_seats
UNION ALL
SELECT license, strftime((SELECT as_of FROM params), '%Y-%m-%d'), in_use, purchased FROM license_seats;
