-- The seat count (one row): every human user holds a seat; service users never do.
-- Against `purchased_seats` from the config when it is set. Activity columns are NULL
-- without an audit log (unknown, not zero).
WITH h AS (SELECT * FROM user_state WHERE account_type = 'human' AND in_review),
     p AS (SELECT * FROM params)
SELECT (SELECT count(*) FROM h) AS seats_used,
       CASE WHEN p.has_activity_data THEN (SELECT count(*) FROM h WHERE NOT inactive) END AS active_seats,
       CASE WHEN p.has_activity_data THEN (SELECT count(*) FROM h WHERE inactive) END AS inactive_seats,
       CASE WHEN p.has_activity_data THEN (SELECT count(*) FROM h WHERE last_seen IS NULL) END AS never_seen,
       CASE WHEN p.has_activity_data THEN (SELECT count(*) FROM h WHERE inactive AND insufficient_data) END AS unproven_inactive,
       (SELECT count(*) FROM user_state WHERE account_type = 'service' AND in_review) AS service_users,
       c.purchased_seats,
       (SELECT count(*) FROM h) - c.purchased_seats AS seats_over_purchase,
       CASE WHEN c.purchased_seats IS NULL THEN 'purchased_seats is not set in the config'
            WHEN (SELECT count(*) FROM h) > c.purchased_seats THEN 'over the purchased seats by ' || ((SELECT count(*) FROM h) - c.purchased_seats)
            ELSE ((c.purchased_seats - (SELECT count(*) FROM h))) || ' purchased seat(s) unused' END ||
       CASE WHEN NOT p.has_activity_data THEN '; activity unknown: the audit log needs Dagster+ Pro' ELSE '' END AS note
FROM p, dg_config c
