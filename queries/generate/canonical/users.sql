COPY (
  SELECT user_id, username, email, full_name, status, license,
    CASE WHEN is_service THEN 'service' ELSE 'human' END AS account_type,
    iso_ms(created_ms) AS created_at, iso_ms(deactivated_ms) AS deactivated_at, idp_id,
    iso_ms(last_activity_ms) AS last_activity_at
  FROM users_all WHERE defined
  ORDER BY user_id
) TO {{file}} (HEADER, DELIMITER ',');
