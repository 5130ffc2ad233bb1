INSERT INTO n_roles SELECT user_id, role FROM csv_of({{file}});
