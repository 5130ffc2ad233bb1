UPDATE n_users SET account_type = 'service'
WHERE user_id IN (SELECT unnest(serviceAccounts).id FROM read_json({{file}}, format = 'auto'));
