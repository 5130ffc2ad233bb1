-- The license position of Dagster+ (docs/spec/outputs.md): one license, its seat. Every
-- human user created at or before the evaluation instant holds one; service users never
-- do. Priced by the config's seat_price (monthly) against its purchased_seats; idle =
-- inactive-seat findings, projected = in use less the open ones (NULL without an audit log:
-- inactive-seat is then not evaluated).
CREATE OR REPLACE TABLE license_seats AS
WITH
p AS (SELECT * FROM params),
ev AS (SELECT coalesce((SELECT evaluated FROM rule_status WHERE id = 'inactive-seat'), false) AS inactive_ok),
holders AS (
  SELECT u.user_id FROM user_state u, p
  WHERE u.account_type = 'human' AND (u.created_at IS NULL OR u.created_at <= p.eval_instant)
),
idle AS (
  SELECT count(*) AS idle, count(*) FILTER (WHERE f.status = 'open') AS reclaim
  FROM holders h JOIN findings f ON f.rule = 'inactive-seat' AND f.subject_id = h.user_id
),
rows AS (
  SELECT 'Dagster+ seat' AS license, CAST(NULL AS INTEGER) AS tier, c.seat_price AS monthly_price, c.purchased_seats AS purchased,
         (SELECT count(*) FROM holders) AS in_use,
         CASE WHEN ev.inactive_ok THEN i.idle END AS idle,
         CASE WHEN ev.inactive_ok THEN i.reclaim END AS reclaim,
         (SELECT count(*) FROM user_state WHERE account_type = 'service') AS service_users
  FROM dg_config c, ev, idle i
)
SELECT license, tier, monthly_price, purchased, in_use, idle,
       CASE WHEN purchased IS NOT NULL THEN greatest(in_use - purchased, 0) END AS over_deployed,
       CASE WHEN purchased IS NOT NULL THEN greatest(purchased - in_use, 0) END AS unused_purchased,
       in_use - reclaim AS projected,
       monthly_price * 12 * in_use AS cost_in_use_year,
       monthly_price * 12 * purchased AS cost_purchased_year,
       0 AS section, true AS seat, reclaim, service_users, 1 AS ord
FROM rows;
