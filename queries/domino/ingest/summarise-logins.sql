-- Logins → login_summary, as they are read (the rows: user_id, ts, success, src, _bad).
-- See schema.sql for what each column means; the window comes from params.
INSERT INTO login_summary
WITH w AS (SELECT CAST(eval_instant_ts AS TIMESTAMPTZ) AS eval_instant FROM params)
SELECT e.src, e.user_id, e.success,
       count(*) AS events,
       count(*) FILTER (WHERE e._bad > 0) AS bad_rows,
       min(e.ts) AS first_ts,
       max(e.ts) AS last_ts,
       max(e.ts) FILTER (WHERE e.ts <= w.eval_instant) AS last_in_period,
       count(*) FILTER (WHERE e.ts > w.eval_instant) AS future_events,
       min(DISTINCT e.ts, 5) FILTER (WHERE e.ts > w.eval_instant) AS future_examples
FROM {{rows}} e CROSS JOIN w
GROUP BY e.src, e.user_id, e.success;
