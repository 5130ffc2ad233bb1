CREATE TEMP TABLE orgs_json AS SELECT * FROM read_json({{file}}, format = 'array', maximum_object_size = 1000000000);
INSERT INTO n_orgs SELECT organizationUserId, name FROM orgs_json;
INSERT INTO n_org_members SELECT organizationUserId, m.id, m.role FROM (SELECT organizationUserId, unnest(members) AS m FROM orgs_json);
DROP TABLE orgs_json;
