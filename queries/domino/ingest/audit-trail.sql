-- Domino Audit Trail CSV → activity. Users by user name (case-insensitive); every event
-- is activity; event names map to activity kinds case-insensitively, any other event is
-- `audit_event` (tier 0: presence, not a license need). A project name resolves to a
-- project id only when exactly one project bears it.
INSERT INTO activity (user_id, ts, kind, project_id, hardware_tier, src, src_row)
SELECT u.user_id, a.ts,
       CASE lower(trim(a.event))
         WHEN 'launch job' THEN 'job' WHEN 'start run' THEN 'job' WHEN 'start batch run' THEN 'job'
         WHEN 'restart job' THEN 'job' WHEN 'create flows execution' THEN 'job'
         WHEN 'start a workspace session' THEN 'workspace'
         WHEN 'schedule run' THEN 'scheduled_job' WHEN 'edit schedule run' THEN 'scheduled_job'
         WHEN 'create scheduled job' THEN 'scheduled_job'
         WHEN 'publish app' THEN 'app_publish'
         WHEN 'publish model api' THEN 'model_api_publish'
         WHEN 'view app' THEN 'app_view'
         WHEN 'run launcher' THEN 'launcher_run'
         WHEN 'view file' THEN 'results_view' WHEN 'view repo file' THEN 'results_view'
         WHEN 'view/download flows output or artifact' THEN 'results_view'
         ELSE 'audit_event' END,
       p.project_id, NULL, a.src, a.src_row
FROM stage_audit_trail a
JOIN (SELECT lower(username) AS uname, min(user_id) AS user_id FROM users GROUP BY 1) u ON u.uname = lower(a.user_name)
LEFT JOIN (SELECT name, min(project_id) AS project_id FROM projects GROUP BY name HAVING count(*) = 1) p
       ON p.name = a.project_name;

INSERT INTO unmatched_events (ref, ts, src, src_row)
SELECT a.user_name, a.ts, a.src, a.src_row FROM stage_audit_trail a
WHERE lower(a.user_name) NOT IN (SELECT lower(username) FROM users WHERE username IS NOT NULL);
