-- users.json (usersOrError) and service-users.json (serviceUsersOrError) → users.
-- Checks (_bad): 1 empty id, 2 empty email of a user.
INSERT INTO users (user_id, email, name, account_type, scim_provisioned, created_at, description, src, src_row, _bad)
SELECT user_id, email, name, account_type, aa_bool(scim), NULL, description, src, idx,
       CASE WHEN coalesce(user_id, '') = '' THEN 1
            WHEN account_type = 'human' AND coalesce(trim(email), '') = '' THEN 2
            ELSE 0 END
FROM stage_dg_users WHERE src = {{src}} ORDER BY idx;
