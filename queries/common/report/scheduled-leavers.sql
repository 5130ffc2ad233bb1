-- Scheduled leavers (docs/spec/identity.md): active accounts of people whose termination date
-- is after the as-of date. Not findings yet; the reviewer plans their removal. Soonest first.
SELECT a.user_id, a.display_name AS user_name, r.full_name, trim(r.email) AS email, r.employee_id, r.status,
       strftime(r.termination_date, '%Y-%m-%d') AS termination_date,
       date_diff('day', p.as_of, r.termination_date) AS days_until,
       r.department, coalesce(po.manager_name, r.manager_key) AS manager,
       aa_iso(a.last_seen) AS last_seen, a.roles, a.is_privileged AS privileged
FROM identity_accounts a
JOIN identity_match m ON m.user_id = a.user_id
JOIN roster_people r ON r.person_id = m.person_id
LEFT JOIN person_of_account po ON po.user_id = a.user_id
CROSS JOIN params p
WHERE a.is_active AND a.account_type = 'human' AND r.is_scheduled_leaver
ORDER BY r.termination_date, a.user_id
