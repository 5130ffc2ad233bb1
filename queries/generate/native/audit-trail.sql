-- Domino Audit Trail CSV export: every field quoted, as in a real export. A few rows spell
-- the user name with a capital (the tool matches user names case-insensitively).
COPY (
  SELECT iso_ms(ts_ms) AS "DATE & TIME",
    CASE WHEN NOT is_planted AND rnd(i, 'ucase') < 0.03 THEN upper(username[1]) || username[2:] ELSE username END AS "USER NAME",
    event_name AS "EVENT",
    CASE WHEN kind IN ('job', 'scheduled_job') THEN ''
         WHEN kind = 'workspace' THEN username || '''s ' || pick(ide_names(), rnd(i, 'ide')) || ' session'
         WHEN kind IN ('app_publish', 'app_view') THEN coalesce(project_name || '-app', '')
         WHEN kind = 'model_api_publish' THEN coalesce(project_name || '-api', '')
         WHEN kind = 'results_view' THEN pick(['results/summary.html', 'output/metrics.json', 'reports/weekly.pdf',
                                               'README.md', 'notebooks/eda.ipynb'], rnd(i, 'file'))
         ELSE coalesce(project_name, '') END AS "TARGET NAME",
    coalesce(project_name, '') AS "PROJECT NAME"
  FROM base WHERE cat = 'audit'
) TO {{file}} (HEADER, DELIMITER ',', FORCE_QUOTE *);
