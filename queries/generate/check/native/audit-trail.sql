-- Users by name (case-insensitive), projects by (unique) name; event names as in domino-input.md.
INSERT INTO n_activity
SELECT u.user_id, ms_of(a."DATE & TIME"), CASE lower(a."EVENT")
    WHEN 'launch job' THEN 'job' WHEN 'start run' THEN 'job' WHEN 'start batch run' THEN 'job'
    WHEN 'restart job' THEN 'job' WHEN 'create flows execution' THEN 'job'
    WHEN 'start a workspace session' THEN 'workspace'
    WHEN 'schedule run' THEN 'scheduled_job' WHEN 'edit schedule run' THEN 'scheduled_job' WHEN 'create scheduled job' THEN 'scheduled_job'
    WHEN 'publish app' THEN 'app_publish' WHEN 'publish model api' THEN 'model_api_publish' WHEN 'view app' THEN 'app_view'
    WHEN 'run launcher' THEN 'launcher_run'
    WHEN 'view file' THEN 'results_view' WHEN 'view repo file' THEN 'results_view'
    WHEN 'view/download flows output or artifact' THEN 'results_view'
    ELSE 'audit_event' END,
  p.project_id, NULL
FROM csv_of({{file}}) a
LEFT JOIN n_users u ON lower(u.username) = lower(a."USER NAME")
LEFT JOIN (SELECT name, min(project_id) AS project_id FROM n_projects GROUP BY name HAVING count(*) = 1) p
  ON p.name = a."PROJECT NAME";
