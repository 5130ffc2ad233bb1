INSERT INTO n_orgs SELECT organization_id, name FROM csv_of({{file}});
