COPY (
  SELECT user_id, role FROM (SELECT user_id, unnest(roles) AS role FROM users_all WHERE defined)
  ORDER BY user_id, role
) TO {{file}} (HEADER, DELIMITER ',');
