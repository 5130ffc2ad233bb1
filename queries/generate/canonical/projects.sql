COPY (
  SELECT project_id, name, owner_id, visibility, archived, iso_ms(created_ms) AS created_at
  FROM projects_all ORDER BY project_id
) TO {{file}} (HEADER, DELIMITER ',');
