-- teams.json (teamPermissions) → teams, team_members (its grants: native-grants.sql).
INSERT INTO teams (team_id, name, src, src_row)
SELECT team_id, name, src, idx FROM stage_dg_teams WHERE src = {{src}} ORDER BY idx;

INSERT INTO team_members (team_id, user_id, src, src_row)
SELECT team_id, user_id, src, idx FROM stage_dg_team_members WHERE src = {{src}} ORDER BY idx;
