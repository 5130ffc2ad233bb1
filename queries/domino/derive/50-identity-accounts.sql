-- The accounts the identity rules judge (docs/spec/identity.md), one row per Domino user, in
-- the shape every platform gives them (queries/common/identity/, queries/common/rules/):
--   user_id, username, display_name (subject name), email, account_type (human | service),
--   is_active, deactivated_at, last_seen, is_privileged, roles (sorted), created_at.
CREATE TABLE identity_accounts AS
SELECT s.user_id, s.username, s.username AS display_name, s.email, s.account_type,
       s.status = 'active' AS is_active, u.deactivated_at, s.last_seen, s.is_privileged, s.roles, s.created_at
FROM user_state s
JOIN users u ON u.user_id = s.user_id;
