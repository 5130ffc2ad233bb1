-- Activity events → activity_summary, as they are read (the rows: user_id, ts, kind,
-- project_id, src, _bad). The project is kept for events in the window only: the
-- ProjectManager rule asks which projects a user worked in then, nothing else does.
INSERT INTO activity_summary
WITH w AS (SELECT CAST(eval_instant_ts AS TIMESTAMPTZ) AS eval_instant, cutoff FROM params)
SELECT e.src, e.user_id, e.kind,
       CASE WHEN e.ts >= w.cutoff AND e.ts <= w.eval_instant THEN e.project_id END AS window_project_id,
       count(*) AS events,
       count(*) FILTER (WHERE e._bad > 0) AS bad_rows,
       min(e.ts) AS first_ts,
       max(e.ts) AS last_ts,
       max(e.ts) FILTER (WHERE e.ts <= w.eval_instant) AS last_in_period,
       count(*) FILTER (WHERE e.ts >= w.cutoff AND e.ts <= w.eval_instant) AS window_events,
       count(*) FILTER (WHERE e.ts > w.eval_instant) AS future_events,
       min(DISTINCT e.ts, 5) FILTER (WHERE e.ts > w.eval_instant) AS future_examples
FROM {{rows}} e CROSS JOIN w
GROUP BY ALL;
