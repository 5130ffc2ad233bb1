-- GET /v4/admin/user-management/users-with-usage → users, user_roles.
-- Checks (_bad): 1 createdAtTimestampMs, 2 mostRecentActivity, 3 empty id, 4 empty username,
-- 5 createdAtTimestampMs in seconds, 6 mostRecentActivity in seconds (by magnitude).
INSERT INTO users (user_id, username, email, full_name, status, license, account_type, created_at,
                   deactivated_at, idp_id, last_activity_at, src, src_row, _bad)
SELECT user_id, username, email, full_name,
       CASE WHEN is_active = 'true' THEN 'active' ELSE 'deactivated' END,
       license, 'human', aa_ts_epoch_ms(created_ms), NULL, idp_id, aa_ts_iso_or_ms(most_recent),
       src, idx,
       CASE WHEN created_ms IS NOT NULL AND aa_ts_epoch_ms(created_ms) IS NULL THEN 1
            WHEN most_recent IS NOT NULL AND aa_ts_iso_or_ms(most_recent) IS NULL THEN 2
            WHEN coalesce(user_id, '') = '' THEN 3
            WHEN coalesce(username, '') = '' THEN 4
            WHEN aa_ms_holds_seconds(created_ms) THEN 5
            WHEN aa_ms_holds_seconds(most_recent) THEN 6
            ELSE 0 END
FROM stage_users ORDER BY idx;

INSERT INTO user_roles (user_id, role, src, src_row)
SELECT user_id, role, src, idx FROM stage_user_roles ORDER BY idx;
