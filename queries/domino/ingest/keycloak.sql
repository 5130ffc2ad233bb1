-- Keycloak admin events → logins. LOGIN = success, LOGIN_ERROR = failure, other types
-- ignored. userId is the user's idp_id; without it, details.username matches username
-- case-insensitively. Checks (_bad): 1 time, 2 time in seconds (by magnitude: in 1970 as ms).
CREATE TEMP TABLE kc AS
SELECT k.idx, k.src, aa_ts_epoch_ms(k.time_ms) AS ts, k.type = 'LOGIN' AS success, k.idp_id, k.username,
       CASE WHEN aa_ts_epoch_ms(k.time_ms) IS NULL THEN 1 WHEN aa_ms_holds_seconds(k.time_ms) THEN 2 ELSE 0 END AS bad,
       coalesce(by_idp.user_id, by_name.user_id) AS user_id
FROM stage_keycloak k
LEFT JOIN (SELECT idp_id, min(user_id) AS user_id FROM users WHERE idp_id IS NOT NULL GROUP BY idp_id) by_idp
       ON by_idp.idp_id = k.idp_id
LEFT JOIN (SELECT lower(username) AS uname, min(user_id) AS user_id FROM users GROUP BY 1) by_name
       ON k.idp_id IS NULL AND by_name.uname = lower(k.username)
WHERE k.type IN ('LOGIN', 'LOGIN_ERROR');

INSERT INTO logins (user_id, ts, success, source, src, src_row, _bad)
SELECT user_id, ts, success, 'keycloak', src, idx, bad
FROM kc WHERE user_id IS NOT NULL OR bad > 0 ORDER BY idx;

INSERT INTO unmatched_events (ref, ts, src, src_row)
SELECT coalesce(idp_id, username), ts, src, idx FROM kc WHERE user_id IS NULL AND bad = 0;

DROP TABLE kc;
