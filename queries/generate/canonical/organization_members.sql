COPY (
  SELECT org_id AS organization_id, user_id, role FROM org_members ORDER BY org_id, user_id
) TO {{file}} (HEADER, DELIMITER ',');
