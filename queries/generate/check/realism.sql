-- What a realistic deployment has, counted on the normalized tables of a bundle.
SELECT
  (SELECT count(*) FROM n_orgs) AS organizations,
  (SELECT count(*) FROM (SELECT user_id FROM n_org_members GROUP BY ALL HAVING count(*) >= 2)) AS users_in_several_orgs,
  (SELECT count(*) FROM n_org_members WHERE role = 'Admin') AS org_admins,
  (SELECT count(DISTINCT user_id) FROM n_roles WHERE role = 'ProjectManager') AS project_managers,
  (SELECT count(DISTINCT user_id) FROM n_roles WHERE role = 'SysAdmin') AS sysadmins,
  (SELECT count(*) FROM n_roles WHERE role NOT IN ('SysAdmin', 'CloudAdmin', 'ProjectManager', 'SupportStaff', 'Practitioner',
     'ReadOnlySupportStaff', 'Librarian', 'LimitedAdmin', 'LicenseReviewer', 'GovernanceAdmin')) AS unknown_roles,
  (SELECT count(*) FROM n_users WHERE account_type = 'service') AS service_accounts,
  (SELECT count(*) FROM n_users WHERE status = 'deactivated') AS deactivated_users,
  (SELECT count(*) FROM n_users WHERE license IS NULL) AS no_license,
  (SELECT count(DISTINCT license) FROM n_users) AS license_spellings,
  (SELECT count(*) FROM n_users WHERE license IN ('Enterprise Trial', 'Legacy Power User')) AS unknown_licenses,
  (SELECT count(*) FROM n_projects WHERE archived) AS archived_projects,
  (SELECT count(*) FROM n_projects WHERE owner_id IN (SELECT org_id FROM n_orgs)) AS org_owned_projects,
  (SELECT count(*) FROM n_members WHERE member_id IN (SELECT org_id FROM n_orgs)) AS org_collaborators,
  (SELECT count(*) FROM n_members WHERE member_id NOT IN (SELECT user_id FROM n_users) AND member_id NOT IN (SELECT org_id FROM n_orgs)) AS dangling_members,
  (SELECT count(*) FROM n_projects WHERE owner_id NOT IN (SELECT user_id FROM n_users) AND owner_id NOT IN (SELECT org_id FROM n_orgs)) AS dangling_owners,
  (SELECT count(*) FROM n_logins WHERE NOT success) AS failed_logins,
  (SELECT count(*) FROM (SELECT ts_ms FROM n_logins UNION ALL SELECT ts_ms FROM n_activity)
     WHERE ts_ms >= epoch_ms(DATE {{as_of}}) + 86400000) AS events_after_as_of,
  (SELECT min(ts_ms) FROM (SELECT ts_ms FROM n_logins UNION ALL SELECT ts_ms FROM n_activity)) >= epoch_ms(DATE {{as_of}}) - 366 * 86400000::BIGINT AS events_within_a_year,
  (SELECT count(*) FROM n_activity WHERE kind NOT IN ('workspace', 'job', 'scheduled_job', 'app_publish', 'model_api_publish',
     'distributed_cluster', 'gpu_workload', 'launcher_run', 'app_view', 'results_view', 'audit_event', 'dataset_write')) AS unknown_kinds,
  (SELECT count(*) FROM n_users u WHERE u.status = 'active' AND u.created_ms >= epoch_ms(DATE {{as_of}}) - 30 * 86400000::BIGINT
     AND u.user_id NOT IN (SELECT user_id FROM n_logins) AND u.user_id NOT IN (SELECT user_id FROM n_activity)) AS new_hires_without_events,
  (SELECT count(*) FROM n_users WHERE full_name LIKE '%,%') AS names_with_commas,
  (SELECT count(*) FROM n_users WHERE full_name LIKE '%''%') AS names_with_apostrophes,
  (SELECT count(*) FROM n_users WHERE full_name LIKE '%' || chr(10) || '%') AS multiline_names,
  (SELECT count(*) FROM n_users WHERE regexp_matches(full_name, '[^\x00-\x7F]')) AS non_ascii_names,
  -- recency skew: most active users seen in the last 90 days, a tail not
  (SELECT count(*) FROM n_users u WHERE status = 'active' AND greatest(
     (SELECT max(ts_ms) FROM n_logins l WHERE l.user_id = u.user_id AND l.success AND l.ts_ms < epoch_ms(DATE {{as_of}}) + 86400000),
     (SELECT max(ts_ms) FROM n_activity a WHERE a.user_id = u.user_id AND a.ts_ms < epoch_ms(DATE {{as_of}}) + 86400000))
     >= epoch_ms(DATE {{as_of}}) - 90 * 86400000::BIGINT) AS active_recently,
  (SELECT count(*) FROM n_users WHERE status = 'active') AS active_users;
