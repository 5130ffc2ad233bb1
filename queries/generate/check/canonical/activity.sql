INSERT INTO n_activity SELECT user_id, ms_of(timestamp), activity, project_id, hardware_tier FROM csv_of({{file}});
