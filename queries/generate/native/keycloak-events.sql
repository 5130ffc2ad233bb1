-- Keycloak admin events API records. A few LOGIN / LOGIN_ERROR events carry no userId, only
-- details.username in another case (the tool matches them by user name).
COPY (
  SELECT CASE
    WHEN cat = 'kc_other' THEN json_object('time', ts_ms, 'type', pick(kc_other_types(), rnd(i, 'kc.type')),
      'realmId', 'dominorealm', 'clientId', 'domino-play', 'userId', idp_id, 'ipAddress', ip, 'details', json_object())
    WHEN noid AND cat = 'login' THEN json_object('time', ts_ms, 'type', kc_type, 'realmId', 'dominorealm', 'clientId', 'domino-play',
      'ipAddress', ip, 'details', json_object('username', upper(username), 'auth_method', 'openid-connect'))
    WHEN noid THEN json_object('time', ts_ms, 'type', kc_type, 'realmId', 'dominorealm', 'clientId', 'domino-play',
      'ipAddress', ip, 'error', 'invalid_user_credentials',
      'details', json_object('username', upper(username), 'auth_method', 'openid-connect'))
    WHEN cat = 'login' THEN json_object('time', ts_ms, 'type', kc_type, 'realmId', 'dominorealm', 'clientId', 'domino-play',
      'userId', idp_id, 'ipAddress', ip, 'details', json_object('username', username, 'auth_method', 'openid-connect'))
    ELSE json_object('time', ts_ms, 'type', kc_type, 'realmId', 'dominorealm', 'clientId', 'domino-play',
      'userId', idp_id, 'ipAddress', ip, 'error', 'invalid_user_credentials',
      'details', json_object('username', username, 'auth_method', 'openid-connect'))
  END AS line
  FROM (
    SELECT *, CASE cat WHEN 'login' THEN 'LOGIN' WHEN 'login_error' THEN 'LOGIN_ERROR' END AS kc_type,
      '10.' || floor(rnd(user_id, 'ip.b') * 256)::BIGINT || '.' || floor(rnd(user_id, 'ip.c') * 256)::BIGINT
        || '.' || floor(1 + rnd(i, 'ip.d') * 254)::BIGINT AS ip
    FROM base WHERE cat IN ('login', 'login_error', 'kc_other')
  )
) TO {{file}} (FORMAT CSV, HEADER false, QUOTE '', ESCAPE '', DELIMITER {{raw_delim}});
