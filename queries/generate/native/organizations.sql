COPY (
  SELECT json_object('id', o.record_id, 'name', o.name, 'organizationUserId', o.org_id,
    'members', coalesce(m.members, []::STRUCT(id VARCHAR, role VARCHAR)[]), 'defaultEnvironment', NULL) AS line
  FROM orgs o
  LEFT JOIN (SELECT org_id, list(struct_pack(id := user_id, role := role) ORDER BY user_id) AS members
             FROM org_members GROUP BY org_id) m USING (org_id)
  ORDER BY o.org_id
) TO {{file}} (FORMAT CSV, HEADER false, QUOTE '', ESCAPE '', DELIMITER {{raw_delim}});
