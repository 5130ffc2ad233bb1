-- Export: one row per account with everything the rules judge it by (user_state), and
-- the license it holds in use (license_holders; NULL when it holds none in use).
SELECT u.*, h.license AS license_in_use, h.idle AS idle_seat
FROM user_state u LEFT JOIN license_holders h USING (user_id)
ORDER BY u.user_id
