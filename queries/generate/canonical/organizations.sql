COPY (
  SELECT org_id AS organization_id, name FROM orgs ORDER BY org_id
) TO {{file}} (HEADER, DELIMITER ',');
