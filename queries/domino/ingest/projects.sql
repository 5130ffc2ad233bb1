-- GET /v4/projects → projects, project_members.
-- Checks (_bad) on projects: 1 created; on members: 1 projectRole.
INSERT INTO projects (project_id, name, owner_id, visibility, archived, created_at, src, src_row, _bad)
SELECT project_id, name, owner_id, visibility, coalesce(aa_bool(archived), false), aa_ts_iso(created), src, idx,
       CASE WHEN created IS NOT NULL AND aa_ts_iso(created) IS NULL THEN 1 ELSE 0 END
FROM stage_projects ORDER BY idx;

INSERT INTO project_members (project_id, member_id, role, src, src_row, _bad)
SELECT project_id, member_id,
       aa_enum(role, ['owner', 'contributor', 'resultsconsumer', 'launcheruser', 'projectimporter'],
                     ['Owner', 'Contributor', 'ResultsConsumer', 'LauncherUser', 'ProjectImporter']),
       src, idx,
       CASE WHEN aa_enum(role, ['owner', 'contributor', 'resultsconsumer', 'launcheruser', 'projectimporter'],
                               ['Owner', 'Contributor', 'ResultsConsumer', 'LauncherUser', 'ProjectImporter']) IS NULL THEN 1 ELSE 0 END
FROM stage_project_members ORDER BY idx;
