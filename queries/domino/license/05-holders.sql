-- Who holds which license in use (the seats array's in_use, one row per account): active
-- accounts created at or before the evaluation instant, by catalog license ('Unknown
-- license' for names the catalog does not know), with their price and whether they hold an
-- idle seat (an inactive-seat finding). Chargeback and --export-data read it.
CREATE OR REPLACE TABLE license_holders AS
SELECT u.user_id, u.username, u.account_type,
       CASE WHEN u.license_known THEN u.license_name ELSE 'Unknown license' END AS license,
       u.license AS license_as_exported, u.license_tier AS tier, u.monthly_price,
       EXISTS (SELECT 1 FROM findings f WHERE f.rule = 'inactive-seat' AND f.subject_id = u.user_id) AS idle
FROM user_state u
CROSS JOIN params p
LEFT JOIN users c ON c.user_id = u.user_id
WHERE u.status = 'active' AND (c.created_at IS NULL OR c.created_at <= p.eval_instant);
