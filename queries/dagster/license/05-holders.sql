-- Who holds a seat (the seats array's in_use, one row per human user created at or before
-- the evaluation instant), with the seat price, their highest role and whether the seat is
-- idle (an inactive-seat finding). --export-data reads it.
CREATE OR REPLACE TABLE license_holders AS
SELECT u.user_id, u.display_name AS username, u.account_type, 'Dagster+ seat' AS license, u.highest_role,
       c.seat_price AS monthly_price,
       EXISTS (SELECT 1 FROM findings f WHERE f.rule = 'inactive-seat' AND f.subject_id = u.user_id) AS idle
FROM user_state u
CROSS JOIN params p
CROSS JOIN dg_config c
WHERE u.account_type = 'human' AND (u.created_at IS NULL OR u.created_at <= p.eval_instant);
