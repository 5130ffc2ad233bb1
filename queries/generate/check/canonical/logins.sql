INSERT INTO n_logins SELECT user_id, ms_of(timestamp), coalesce(outcome, 'success') = 'success' FROM csv_of({{file}});
