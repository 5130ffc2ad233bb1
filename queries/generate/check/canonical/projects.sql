INSERT INTO n_projects SELECT project_id, name, owner_id, visibility, archived::BOOLEAN, ms_of(created_at) FROM csv_of({{file}});
