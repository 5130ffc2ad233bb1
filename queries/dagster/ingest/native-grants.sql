-- Permission grants of users.json, teams.json and service-users.json → grants.
-- A grant with a customRoleId is that custom role; otherwise `grant` must be a role name.
-- (PermissionGrant CUSTOM always comes with its customRoleId.)
-- Checks (_bad): 1 grant is no role and there is no customRoleId; 2 CUSTOM without customRoleId.
INSERT INTO grants (principal_type, principal_id, scope, deployment_id, code_location, role, src, src_row, _bad)
SELECT principal_type, principal_id, scope, deployment_id, code_location,
       CASE WHEN coalesce(custom_role_id, '') <> '' THEN custom_role_id ELSE dg_role(grant_name) END,
       src, idx,
       CASE WHEN coalesce(custom_role_id, '') = '' AND upper(trim(grant_name)) = 'CUSTOM' THEN 2
            WHEN coalesce(custom_role_id, '') = '' AND dg_role(grant_name) IS NULL THEN 1 ELSE 0 END
FROM stage_dg_grants WHERE src = {{src}} ORDER BY idx;
