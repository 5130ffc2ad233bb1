-- The top-level "remediation" array of findings.json (docs/spec/outputs.md): one entry per
-- Revoke/Modify row of the previous review. done: the entitlement is gone or its user is
-- deactivated; not-done: a Revoke still held (also a revocation-not-carried-out finding);
-- check: a Modify still held (the tool cannot read what "modify" meant).
SELECT r.key, r.decision,
       CASE WHEN k.key IS NULL OR k.deactivated THEN 'done'
            WHEN r.decision = 'Revoke' THEN 'not-done'
            ELSE 'check' END AS status
FROM previous_remediation r
LEFT JOIN entitlement_keys k ON k.key = r.key
ORDER BY r.key, r.decision
