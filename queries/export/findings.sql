-- Export: every finding of this run (exceptions applied), evidence as JSON text.
SELECT id, rule, severity, subject_kind, subject_id, subject_name, status, confidence, message, CAST(evidence AS VARCHAR) AS evidence
FROM findings ORDER BY rule, severity_rank, subject_id, id
