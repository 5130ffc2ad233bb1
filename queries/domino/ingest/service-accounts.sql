-- GET /api/serviceAccounts/v1/serviceAccounts: these users are service accounts.
UPDATE users SET account_type = 'service'
WHERE user_id IN (SELECT id FROM stage_service_accounts);

-- Service accounts the users file does not list: kept for the dangling-reference warning.
INSERT INTO unmatched_events (ref, ts, src, src_row)
SELECT s.id, NULL, s.src, s.idx FROM stage_service_accounts s
WHERE s.id NOT IN (SELECT user_id FROM users);
