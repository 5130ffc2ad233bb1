-- One JSON object per line (src/generate/native.ts wraps the lines into pages).
-- The usage counters are illustrative (the audit reads only mostRecentActivity); a few
-- users have the minimal usage record Domino returns for accounts that never ran anything.
COPY (
  SELECT json_object(
    'user', json_object('id', user_id, 'username', username, 'email', email, 'firstName', first_name,
      'lastName', last_name, 'fullName', full_name, 'roles', roles, 'isActive', status = 'active',
      'isDominoEmployee', false, 'isSSO', NOT is_service, 'licenseName', lic_name,
      'createdAtTimestampMs', created_ms, 'idpId', idp_id, 'metadata', json_object('isManagableByViewer', true)),
    'usage', CASE WHEN usage_minimal OR last_activity_ms IS NULL
      THEN json_object('userId', user_id, 'licenseType', coalesce(lic_type, ''), 'mostRecentActivity', mra)
      ELSE json_object('userId', user_id, 'licenseType', coalesce(lic_type, ''),
        'practitionerWorkloadsTotal', runs_total + floor(runs_total * rnd(u_key, 'usage.pw') * 0.3)::BIGINT,
        'runsTotal', runs_total, 'runsRecent', floor(runs_total * rnd(u_key, 'usage.rr') * 0.2)::BIGINT,
        'projectsTotal', 1 + floor(12 * rnd(u_key, 'usage.pt'))::BIGINT, 'projectsRecent', floor(4 * rnd(u_key, 'usage.pr'))::BIGINT,
        'mostRecentActivity', mra) END
  ) AS line
  FROM (
    SELECT *,
      -- Domino gives no format for mostRecentActivity: ISO-8601 for most, epoch-ms text for some
      CASE WHEN last_activity_ms IS NULL THEN NULL WHEN mra_format = 'ms' THEN last_activity_ms::VARCHAR
           ELSE iso_ms(last_activity_ms) END AS mra,
      floor(400 * pow(rnd(u_key, 'usage.rt'), 2))::BIGINT AS runs_total
    FROM users_all WHERE defined
  )
  ORDER BY user_id
) TO {{file}} (FORMAT CSV, HEADER false, QUOTE '', ESCAPE '', DELIMITER {{raw_delim}});
