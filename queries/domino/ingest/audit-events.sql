-- GET /api/audittrail/v1/auditevents pages → the audit-trail staging table, then read
-- exactly like audit-trail.csv (audit-trail.sql). Checks (_bad): 1 timestamp.
INSERT INTO stage_audit_trail (ts, user_name, event, target, project_name, src, src_row, _bad, actor_id)
SELECT aa_ts_epoch_ms(ts_ms), actor_name, event, target, project_name, src, idx,
       CASE WHEN aa_ts_epoch_ms(ts_ms) IS NULL THEN 1 ELSE 0 END, actor_id
FROM stage_audit_events WHERE src = {{src}} ORDER BY idx;
