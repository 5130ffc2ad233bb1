INSERT INTO n_users
SELECT user_id, username, email, full_name, status, license, coalesce(account_type, 'human'), ms_of(created_at), idp_id,
  ms_of(last_activity_at)
FROM csv_of({{file}});
