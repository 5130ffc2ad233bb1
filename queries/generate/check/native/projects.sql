CREATE TEMP TABLE projects_json AS SELECT * FROM read_json({{file}}, format = 'array', maximum_object_size = 1000000000);
INSERT INTO n_projects SELECT id, name, ownerId, visibility, coalesce(archived, false), ms_of(created) FROM projects_json;
INSERT INTO n_members SELECT id, c.collaboratorId, lower(c.projectRole)
FROM (SELECT id, unnest(collaborators) AS c FROM projects_json);
DROP TABLE projects_json;
