-- Every name a user is known by (username, e-mail, full name), to tell an exception whose
-- subject is a user's name instead of their id (src/review/exception-checks.ts).
SELECT user_id, name FROM (
  SELECT user_id, username AS name FROM users UNION SELECT user_id, email FROM users UNION SELECT user_id, full_name FROM users
) WHERE name IS NOT NULL AND trim(name) <> ''
