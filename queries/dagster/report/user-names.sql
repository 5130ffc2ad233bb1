-- Every name a user is known by (name, e-mail), to tell an exception whose subject is a
-- user's name instead of their id (src/review/exception-checks.ts).
SELECT user_id, name FROM (SELECT user_id, name FROM users UNION SELECT user_id, email FROM users)
WHERE name IS NOT NULL AND trim(name) <> ''
