-- Each platform account matched to a roster person (docs/spec/identity.md): by e-mail
-- (trimmed, case-insensitive; roster e-mails are unique), failing that by the roster's
-- username (case-insensitive). Two people by username: ambiguous, treated as unmatched.
-- Service accounts are never matched. Hash joins only: 100k accounts × 100k people cost
-- about one read of each.
--   matched_by   email | username | ambiguous | none | service
--   person_id    the person (NULL unless email or username)
--   candidates   ambiguous: the e-mails of the people it could be
CREATE TABLE identity_match AS
WITH accounts AS (
  SELECT user_id, account_type, lower(trim(email)) AS email_key, lower(trim(username)) AS username_key
  FROM identity_accounts
),
by_email AS (
  SELECT a.user_id, r.person_id
  FROM accounts a JOIN roster_people r ON r.email_key = a.email_key
  WHERE a.account_type = 'human'
),
by_username AS (
  SELECT a.user_id, min(r.person_id) AS person_id, count(*) AS people, list_sort(list(trim(r.email))) AS candidates
  FROM accounts a
  JOIN roster_people r ON r.username_key = a.username_key
  LEFT JOIN by_email e ON e.user_id = a.user_id
  WHERE a.account_type = 'human' AND e.user_id IS NULL
  GROUP BY a.user_id
)
SELECT a.user_id,
       CASE WHEN a.account_type <> 'human' THEN 'service'
            WHEN e.user_id IS NOT NULL THEN 'email'
            WHEN u.people = 1 THEN 'username'
            WHEN u.people > 1 THEN 'ambiguous'
            ELSE 'none' END AS matched_by,
       CASE WHEN a.account_type <> 'human' THEN NULL
            WHEN e.user_id IS NOT NULL THEN e.person_id
            WHEN u.people = 1 THEN u.person_id END AS person_id,
       CASE WHEN u.people > 1 AND e.user_id IS NULL AND a.account_type = 'human' THEN u.candidates END AS candidates
FROM accounts a
LEFT JOIN by_email e ON e.user_id = a.user_id
LEFT JOIN by_username u ON u.user_id = a.user_id;
