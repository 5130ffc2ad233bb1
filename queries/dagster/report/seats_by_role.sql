-- Seats by highest role (Organization Admin, then the deployment roles): who the seats go
-- to, and what they cost a year at the config's seat_price (NULL: unknown).
WITH h AS (
  SELECT u.*, coalesce(u.highest_role, 'no role') AS role_name
  FROM user_state u, params p
  WHERE u.account_type = 'human' AND (u.created_at IS NULL OR u.created_at <= p.eval_instant)
),
roles AS (
  SELECT role_name, count(*) AS seats,
         CASE WHEN (SELECT has_activity_data FROM params) THEN count(*) FILTER (WHERE inactive) END AS inactive_seats
  FROM h GROUP BY role_name
)
SELECT r.role_name AS highest_role, r.seats, r.inactive_seats,
       c.seat_price * 12 * r.seats AS cost_in_use_year
FROM roles r, dg_config c
ORDER BY CASE r.role_name WHEN 'ORGANIZATION ADMIN' THEN 0 WHEN 'ADMIN' THEN 1 WHEN 'EDITOR' THEN 2 WHEN 'LAUNCHER' THEN 3
                          WHEN 'VIEWER' THEN 4 WHEN 'CATALOG_VIEWER' THEN 5 ELSE 6 END, r.role_name
