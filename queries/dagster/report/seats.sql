-- The seat count and its money (one row): every human user holds a seat; service users
-- never do. The figures of findings.json's seats entry "Dagster+ seat" (license_seats:
-- queries/dagster/license/10-seats.sql), against `purchased_seats` and priced by
-- `seat_price` from the config. Activity columns are NULL without an audit log (unknown,
-- not zero); money is NULL without a seat price.
WITH h AS (SELECT * FROM user_state WHERE account_type = 'human' AND in_review),
     p AS (SELECT * FROM params),
     s AS (SELECT * FROM license_seats)
SELECT s.in_use AS seats_used,
       CASE WHEN p.has_activity_data THEN (SELECT count(*) FROM h WHERE NOT inactive) END AS active_seats,
       CASE WHEN p.has_activity_data THEN (SELECT count(*) FROM h WHERE inactive) END AS inactive_seats,
       CASE WHEN p.has_activity_data THEN (SELECT count(*) FROM h WHERE last_seen IS NULL) END AS never_seen,
       CASE WHEN p.has_activity_data THEN (SELECT count(*) FROM h WHERE inactive AND insufficient_data) END AS unproven_inactive,
       (SELECT count(*) FROM user_state WHERE account_type = 'service' AND in_review) AS service_users,
       c.purchased_seats,
       s.in_use - c.purchased_seats AS seats_over_purchase,
       s.over_deployed, s.unused_purchased, s.projected,
       s.monthly_price AS seat_price, s.cost_in_use_year, s.cost_purchased_year,
       CASE WHEN s.reclaim IS NULL THEN NULL WHEN s.reclaim = 0 THEN 0 ELSE s.monthly_price * 12 * s.reclaim END AS potential_savings_year,
       CASE WHEN c.purchased_seats IS NULL THEN 'purchased_seats is not set in the config'
            WHEN s.in_use > c.purchased_seats THEN 'over the purchased seats by ' || (s.in_use - c.purchased_seats)
            ELSE ((c.purchased_seats - s.in_use)) || ' purchased seat(s) unused' END ||
       CASE WHEN NOT p.has_activity_data THEN '; activity unknown: the audit log needs Dagster+ Pro' ELSE '' END ||
       CASE WHEN s.monthly_price IS NULL THEN '; seat_price is not set in the config: costs unknown' ELSE '' END AS note
FROM p, dg_config c, s
