COPY (
  SELECT json_object('id', user_id, 'idpId', idp_id, 'username', username, 'email', email) AS line
  FROM users_all WHERE defined AND is_service
  ORDER BY user_id
) TO {{file}} (FORMAT CSV, HEADER false, QUOTE '', ESCAPE '', DELIMITER {{raw_delim}});
