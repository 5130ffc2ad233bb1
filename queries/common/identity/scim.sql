-- scim-users.json (SCIM 2.0 GET /Users ListResponse pages) → roster, as docs/spec/identity.md
-- maps it: status from `active`; the termination date is the UTC date of meta.lastModified
-- when the user is inactive (SCIM has no termination date: it is the IdP's last change);
-- the manager's e-mail is the e-mail of the resource whose id is manager.value.
-- Checks (_bad): 1 meta.lastModified is not an ISO-8601 timestamp.
INSERT INTO roster (email, status, employee_id, username, full_name, hire_date, termination_date,
                    manager_email, department, cost_center, scim_id, src, src_row, _bad)
SELECT s.email,
       CASE WHEN lower(s.active) = 'true' THEN 'active' ELSE 'terminated' END,
       coalesce(nullif(s.employee_number, ''), nullif(s.external_id, '')),
       s.user_name, s.full_name, NULL,
       CASE WHEN lower(s.active) <> 'true' THEN CAST(aa_ts_iso(s.last_modified) AS DATE) END,
       m.email, s.department, s.cost_center, s.scim_id, s.src, s.idx,
       CASE WHEN s.last_modified IS NOT NULL AND aa_ts_iso(s.last_modified) IS NULL THEN 1 ELSE 0 END
FROM stage_scim_users s
LEFT JOIN (SELECT scim_id, min(email) AS email FROM stage_scim_users WHERE src = {{src}} GROUP BY scim_id) m
       ON m.scim_id = s.manager_id
WHERE s.src = {{src}}
ORDER BY s.idx;
