-- person_of_account (queries/common/identity.sql): one row per matched account, with the
-- person's manager resolved to the manager's own platform account (the account matched to
-- the roster person whose e-mail is the manager's; an active one first, then the lowest id).
INSERT INTO person_of_account
WITH matched AS (
  SELECT m.user_id, a.username, a.is_active, a.email AS account_email, r.*
  FROM identity_match m
  JOIN roster_people r ON r.person_id = m.person_id
  JOIN identity_accounts a ON a.user_id = m.user_id
),
manager_account AS (
  SELECT email_key, user_id, username, is_active, account_email
  FROM (SELECT email_key, user_id, username, is_active, account_email,
               row_number() OVER (PARTITION BY email_key ORDER BY is_active DESC, user_id) AS n
        FROM matched WHERE email_key IS NOT NULL)
  WHERE n = 1
)
SELECT m.user_id, m.email_key, m.employee_id, m.full_name, m.status, m.termination_date,
       m.department, m.cost_center, m.manager_key, ma.user_id, coalesce(ma.username, m.manager_key),
       s.file,
       CASE WHEN coalesce(ma.username, m.manager_key, '') = '' THEN NULL
            WHEN ma.user_id IS NOT NULL AND (ma.user_id = m.user_id OR NOT ma.is_active) THEN NULL
            WHEN ma.user_id IS NULL AND m.manager_key = m.email_key THEN NULL
            ELSE coalesce(ma.username, m.manager_key) END,
       coalesce(ma.account_email, m.manager_key)
FROM matched m
CROSS JOIN roster_source s
LEFT JOIN manager_account ma ON ma.email_key = m.manager_key
ORDER BY m.user_id;
