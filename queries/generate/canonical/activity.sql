COPY (
  SELECT user_id, iso_ms(ts_ms) AS timestamp, unnest(kinds) AS activity, project_id, hw AS hardware_tier
  FROM base WHERE cat IN ('run', 'audit')
) TO {{file}} (HEADER, DELIMITER ',');
