-- hr-roster.csv (docs/spec/identity.md): the HR roster of the deployment's people. Every human
-- user is in it (service accounts never are) except a few contractors HR never heard of, and
-- the planted identity cases (src/generate/planted.ts, PLANTED_IDENTITY) are as listed there.
-- Background people: mostly active; a few on leave, a few leaving after the as-of date, a
-- few who left but whose account is still active; deactivated accounts' people left a few
-- days (0-7) before their account was deactivated.
COPY (
  WITH planted(username, status, td_days, email, roster_username, note) AS (
    -- td_days: termination date in days before the as-of date (negative: after it)
    SELECT * FROM (VALUES
      ('under.gpu-analyst', 'terminated', 30,   NULL, NULL, 'left 30 days ago, GPU run 20 days ago: seen after termination'),
      ('dormant.sysadmin',  'terminated', 180,  NULL, NULL, 'privileged leaver, last seen before leaving'),
      ('dormant.analyst',   'terminated', 120,  NULL, NULL, 'left 120 days ago, not seen since'),
      ('mkt.analyst',       'terminated', 1,    NULL, NULL, 'left yesterday: inside leaver_grace_days'),
      ('king.jr',           'terminated', NULL, NULL, NULL, 'terminated, no termination date'),
      ('over.jobs-pro',     'active',     -14,  NULL, NULL, 'scheduled leaver in 14 days'),
      ('credit.modeler',    'active',     -45,  NULL, NULL, 'scheduled leaver in 45 days'),
      ('sean.obrien',       'leave',      NULL, NULL, NULL, 'on leave'),
      ('zoe.angstrom',      'terminated', 60,   '  Zoe.Angstrom@Example.COM ', NULL, 'e-mail in other case and with spaces'),
      ('yamada.taro',       'terminated', 45,   'taro.yamada@example.co.jp', 'yamada.taro', 'another e-mail: matched by username'),
      ('owner.departed',    'terminated', 201,  NULL, NULL, 'deactivated the day after leaving'),
      ('bi.departed',       'terminated', 301,  NULL, NULL, 'deactivated the day after leaving')
    ) t(username, status, td_days, email, roster_username, note)
  ),
  -- Not in HR: planted orphans, and a few background contractors.
  omitted AS (SELECT * FROM (VALUES ('fin.owner'), ('pm.org-admin'), ('role.unknown')) t(username)),
  people AS (
    SELECT u.u_key, u.user_id, u.username, u.email AS account_email, u.full_name, u.created_ms, u.deactivated_ms, u.planted,
           p.status AS p_status, p.td_days, p.email AS p_email, p.roster_username
    FROM users_all u
    LEFT JOIN planted p ON p.username = u.username
    WHERE u.defined AND NOT u.is_service
      AND u.username NOT IN (SELECT username FROM omitted)
      AND (u.planted OR rnd(u.u_key, 'hr.contractor') >= 0.01)
  ),
  rows AS (
    SELECT u_key, user_id,
      coalesce(p_email, account_email) AS email,
      CASE WHEN p_status IS NOT NULL THEN p_status
           WHEN planted THEN 'active'
           WHEN deactivated_ms IS NOT NULL THEN 'terminated'
           WHEN rnd(u_key, 'hr.status') < 0.015 THEN 'leave'
           WHEN rnd(u_key, 'hr.status') < 0.025 THEN 'terminated'
           ELSE 'active' END AS status,
      'E' || printf('%06d', u_key) AS employee_id,
      roster_username AS username,
      full_name,
      strftime(make_timestamp(created_ms * 1000), '%Y-%m-%d') AS hire_date,
      CASE WHEN td_days IS NOT NULL THEN strftime(DATE {{as_of}} - CAST(td_days AS INTEGER), '%Y-%m-%d')
           WHEN planted THEN NULL
           WHEN deactivated_ms IS NOT NULL
             THEN strftime(CAST(make_timestamp(deactivated_ms * 1000) AS DATE) - CAST(floor(8 * rnd(u_key, 'hr.late')) AS INTEGER), '%Y-%m-%d')
           WHEN rnd(u_key, 'hr.status') < 0.015 THEN NULL
           WHEN rnd(u_key, 'hr.status') < 0.025 THEN strftime(DATE {{as_of}} - CAST(2 + floor(60 * rnd(u_key, 'hr.td')) AS INTEGER), '%Y-%m-%d')
           WHEN rnd(u_key, 'hr.status') < 0.035 THEN strftime(DATE {{as_of}} + CAST(1 + floor(60 * rnd(u_key, 'hr.td')) AS INTEGER), '%Y-%m-%d')
           END AS termination_date,
      -- Teams of eight report to their first member; the planted cast and the first 64 leads to
      -- ada.admin, who reports to the CIO; lead t past those to lead t/8 (a tree of eights), so
      -- that at 100k users no manager reviews thousands of people (the small bundles are flat).
      CASE WHEN username = 'ada.admin' THEN 'cio@example.com'
           WHEN planted OR ((u_key - 1000) % 8 = 0 AND (u_key - 1000) // 8 < 64) THEN 'ada.admin@example.com'
           WHEN (u_key - 1000) % 8 = 0 THEN (SELECT l.email FROM users_all l WHERE l.u_key = 1000 + ((p.u_key - 1000) // 64) * 8)
           ELSE (SELECT l.email FROM users_all l WHERE l.u_key = 1000 + ((p.u_key - 1000) // 8) * 8) END AS manager_email,
      pick(['Data Science', 'Risk', 'Finance', 'Marketing', 'Engineering', 'Operations'], rnd(u_key, 'hr.dept')) AS department
    FROM people p
  )
  SELECT email, status, employee_id, username, full_name, hire_date, termination_date, manager_email, department,
         'CC-' || (100 + list_position(['Data Science', 'Risk', 'Finance', 'Marketing', 'Engineering', 'Operations'], department)) AS cost_center
  FROM (
    SELECT * FROM rows
    UNION ALL
    -- Two people HR lists under role.unknown's platform username: an ambiguous match.
    SELECT 36, NULL, 'rosa.delgado@hq.example.com', 'active', 'E900036', 'role.unknown', 'Rosa Delgado', '2024-01-15', NULL, 'ada.admin@example.com', 'Risk'
    UNION ALL
    SELECT 36, NULL, 'rosa.delgado.martin@hq.example.com', 'active', 'E900037', 'Role.Unknown', 'Rosa Delgado Martín', '2025-03-03', NULL, 'ada.admin@example.com', 'Finance'
  )
  ORDER BY u_key, email
) TO {{file}} (HEADER, DELIMITER ',');
