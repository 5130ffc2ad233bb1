-- Keycloak LOGIN / LOGIN_ERROR events; the other Keycloak event types are not logins.
COPY (
  SELECT user_id, iso_ms(ts_ms) AS timestamp, CASE cat WHEN 'login' THEN 'success' ELSE 'failure' END AS outcome,
    'keycloak' AS source
  FROM base WHERE cat IN ('login', 'login_error')
) TO {{file}} (HEADER, DELIMITER ',');
