-- Complete params with the instant as TIMESTAMPTZ and the bundle's event coverage.
CREATE TABLE params_full AS
SELECT p.*, CAST(p.eval_instant_ts AS TIMESTAMPTZ) AS eval_instant,
       (SELECT min(ts) FROM (SELECT min(ts) AS ts FROM logins UNION ALL SELECT min(ts) FROM activity)) AS earliest_event,
       (SELECT max(ts) FROM (SELECT max(ts) AS ts FROM logins UNION ALL SELECT max(ts) FROM activity)) AS latest_event
FROM params p;
DROP TABLE params;
ALTER TABLE params_full RENAME TO params;
