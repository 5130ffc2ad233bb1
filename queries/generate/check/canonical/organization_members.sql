INSERT INTO n_org_members SELECT organization_id, user_id, role FROM csv_of({{file}});
