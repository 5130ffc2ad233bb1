INSERT INTO n_members SELECT project_id, member_id, lower(role) FROM csv_of({{file}});
