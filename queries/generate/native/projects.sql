-- ProjectSummary records; `archived` is optional in the API and written for some projects only.
COPY (
  SELECT CASE WHEN p.archived_key
    THEN json_object('id', p.project_id, 'name', p.name, 'ownerId', p.owner_id, 'ownerUsername', p.owner_name,
      'collaborators', c.collaborators, 'collaboratorIds', c.ids, 'visibility', p.visibility, 'created', iso_ms(p.created_ms),
      'status', json_object('status', p.run_status, 'isBlocked', false), 'tags', []::VARCHAR[], 'archived', p.archived)
    ELSE json_object('id', p.project_id, 'name', p.name, 'ownerId', p.owner_id, 'ownerUsername', p.owner_name,
      'collaborators', c.collaborators, 'collaboratorIds', c.ids, 'visibility', p.visibility, 'created', iso_ms(p.created_ms),
      'status', json_object('status', p.run_status, 'isBlocked', false), 'tags', []::VARCHAR[], 'billingTag', NULL)
    END AS line
  FROM projects_all p
  LEFT JOIN (
    SELECT p_key,
      list(struct_pack(collaboratorId := member_id, projectRole := role) ORDER BY m) AS collaborators,
      list(member_id ORDER BY m) AS ids
    FROM project_members_all GROUP BY p_key
  ) c0 USING (p_key)
  CROSS JOIN LATERAL (SELECT
      coalesce(c0.collaborators, []::STRUCT(collaboratorId VARCHAR, projectRole VARCHAR)[]) AS collaborators,
      coalesce(c0.ids, []::VARCHAR[]) AS ids) c
  ORDER BY p.project_id
) TO {{file}} (FORMAT CSV, HEADER false, QUOTE '', ESCAPE '', DELIMITER {{raw_delim}});
