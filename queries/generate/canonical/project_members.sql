COPY (
  SELECT project_id, member_id, role FROM project_members_all ORDER BY project_id, member_id
) TO {{file}} (HEADER, DELIMITER ',');
