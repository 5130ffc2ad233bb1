-- audit-log.json (auditLog.auditLogEntries) → audit_log.
-- Checks (_bad): 1 timestamp is neither epoch seconds nor ISO-8601; 2 empty eventType;
-- 3 timestamp in epoch milliseconds, 4 in micro- or nanoseconds (by magnitude: past the
-- year 3000 as seconds).
INSERT INTO audit_log (ts, event_type, author_email, deployment_name, entry_id, src, src_row, _bad)
SELECT dg_ts(ts), event_type, nullif(trim(author_email), ''), deployment_name, entry_id, src, idx,
       CASE WHEN aa_epoch_unit(ts) = 'ms' THEN 3
            WHEN aa_epoch_unit(ts) IN ('us', 'ns') THEN 4
            WHEN dg_ts(ts) IS NULL THEN 1
            WHEN coalesce(trim(event_type), '') = '' THEN 2
            ELSE 0 END
FROM stage_dg_audit WHERE src = {{src}} ORDER BY idx;
