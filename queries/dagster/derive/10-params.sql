-- Complete params with the instant as TIMESTAMPTZ and the audit log's span (every entry,
-- whoever wrote it: the log's coverage is a property of the log, not of a user).
CREATE TABLE params_full AS
SELECT p.*, CAST(p.eval_instant_ts AS TIMESTAMPTZ) AS eval_instant,
       (SELECT min(ts) FROM audit_log) AS earliest_event,
       (SELECT max(ts) FROM audit_log) AS latest_event
FROM params p;
DROP TABLE params;
ALTER TABLE params_full RENAME TO params;
