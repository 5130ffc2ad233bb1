-- LOGIN / LOGIN_ERROR; userId is the idp id, else details.username matches case-insensitively.
INSERT INTO n_logins
SELECT coalesce(by_idp.user_id, by_name.user_id), e.time, e.type = 'LOGIN'
FROM read_json({{file}}, format = 'array', maximum_object_size = 1000000000) e
LEFT JOIN n_users by_idp ON by_idp.idp_id = e.userId
LEFT JOIN n_users by_name ON e.userId IS NULL AND lower(by_name.username) = lower(e.details.username)
WHERE e.type IN ('LOGIN', 'LOGIN_ERROR');
