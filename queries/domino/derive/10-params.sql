-- Complete params with the instant as TIMESTAMPTZ and the bundle's event coverage.
CREATE TABLE params_full AS
SELECT p.*, CAST(p.eval_instant_ts AS TIMESTAMPTZ) AS eval_instant,
       (SELECT min(ts) FROM (SELECT min(first_ts) AS ts FROM login_summary UNION ALL SELECT min(first_ts) FROM activity_summary)) AS earliest_event,
       (SELECT max(ts) FROM (SELECT max(last_ts) AS ts FROM login_summary UNION ALL SELECT max(last_ts) FROM activity_summary)) AS latest_event
FROM params p;
DROP TABLE params;
ALTER TABLE params_full RENAME TO params;
