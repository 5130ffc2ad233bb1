-- The roster's people with their matching keys and their state as of D (docs/spec/identity.md):
-- a leaver's termination date is on or before D, or they are terminated with no date
-- (days since termination unknown); a termination date after D is a scheduled leaver.
CREATE TABLE roster_people AS
SELECT r.rowid AS person_id, r.email, r.status, r.employee_id, r.username, r.full_name, r.hire_date,
       r.termination_date, r.manager_email, r.department, r.cost_center, r.scim_id,
       lower(trim(r.email)) AS email_key,
       lower(trim(r.username)) AS username_key,
       lower(trim(r.manager_email)) AS manager_key,
       coalesce(r.termination_date <= p.as_of, r.status = 'terminated') AS is_leaver,
       coalesce(r.termination_date > p.as_of, false) AS is_scheduled_leaver,
       date_diff('day', r.termination_date, p.as_of) AS days_since_termination
FROM roster r CROSS JOIN params p;
