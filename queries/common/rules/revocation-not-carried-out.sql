-- revocation-not-carried-out (docs/spec/outputs.md, "Verifying last quarter's decisions"):
-- a Revoke decided in the previous review (previous_remediation, loaded from its
-- remediation.json) whose entitlement this bundle still holds — same key — for a user who is
-- not deactivated. Critical when the role is privileged (Domino SysAdmin, CloudAdmin,
-- LimitedAdmin, ProjectManager; Dagster+ ADMIN), else high. Platform-neutral: it reads the
-- platform's entitlement_keys view (queries/<platform>/derive/90-entitlement-keys.sql).
SELECT r.key AS subject_id,
       coalesce(nullif(r.user_name, ''), r.user_id) || ' · ' || r.role || ' on ' || coalesce(nullif(r.scope_name, ''), r.scope_id) AS subject_name,
       CASE WHEN r.privileged THEN 'critical' ELSE 'high' END AS severity,
       'normal' AS confidence,
       json_object('user_id', r.user_id, 'user_name', r.user_name, 'scope', r.scope, 'scope_id', r.scope_id,
                   'scope_name', r.scope_name, 'role', r.role, 'reviewer', r.reviewer, 'comment', r.comment,
                   'decided_as_of', r.as_of, 'privileged', r.privileged)::VARCHAR AS evidence
FROM (SELECT *, role IN ('SysAdmin', 'CloudAdmin', 'LimitedAdmin', 'ProjectManager') OR role = 'ADMIN' AS privileged
      FROM previous_remediation WHERE decision = 'Revoke') r
JOIN entitlement_keys k ON k.key = r.key AND NOT k.deactivated
ORDER BY r.key
