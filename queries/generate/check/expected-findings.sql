-- The four core rules (shared/spec/rules.md, default thresholds) read straight off the
-- normalized tables: the generator's own statement of what a bundle must yield, used to
-- check that the planted cases hold. Not the tool's implementation (src/, queries/domino/).
CREATE OR REPLACE TABLE f_params AS
SELECT epoch_ms(DATE {{as_of}}) + 86400000 - 1 AS eval_ms,
       epoch_ms(DATE {{as_of}}) - 90 * 86400000::BIGINT AS cutoff_ms,
       epoch_ms(DATE {{as_of}}) - 30 * 86400000::BIGINT AS grace_ms;

CREATE OR REPLACE MACRO license_tier(l) AS CASE lower(replace(coalesce(l, ''), ' ', ''))
  WHEN '' THEN 0 WHEN 'lite' THEN 0 WHEN 'resultsconsumer' THEN 0 WHEN 'none' THEN 0
  WHEN 'dataanalyst' THEN 1 WHEN 'analyst' THEN 1
  WHEN 'datascienceprofessional' THEN 2 WHEN 'practitioner' THEN 2 WHEN 'professional' THEN 2 END;
CREATE OR REPLACE MACRO activity_tier(k) AS CASE
  WHEN k IN ('app_view', 'results_view', 'launcher_run', 'audit_event') THEN 0
  WHEN k IN ('model_api_publish', 'distributed_cluster', 'gpu_workload') THEN 2 ELSE 1 END;

CREATE OR REPLACE TABLE f_users AS
SELECT u.*, license_tier(u.license) AS tier, coalesce(r.roles, []) AS roles,
  greatest(l.ts, a.ts, CASE WHEN u.last_activity_ms <= p.eval_ms THEN u.last_activity_ms END) AS last_seen,
  coalesce(w.req, 0) AS req,
  CASE WHEN greatest(l.ts, a.ts, CASE WHEN u.last_activity_ms <= p.eval_ms THEN u.last_activity_ms END) IS NOT NULL
       THEN greatest(l.ts, a.ts, CASE WHEN u.last_activity_ms <= p.eval_ms THEN u.last_activity_ms END) < p.cutoff_ms
       ELSE u.created_ms IS NULL OR u.created_ms < p.grace_ms END AS inactive
FROM n_users u CROSS JOIN f_params p
LEFT JOIN (SELECT user_id, list(DISTINCT role) AS roles FROM n_roles GROUP BY ALL) r USING (user_id)
LEFT JOIN (SELECT user_id, max(ts_ms) AS ts FROM n_logins, f_params WHERE success AND ts_ms <= eval_ms GROUP BY ALL) l USING (user_id)
LEFT JOIN (SELECT user_id, max(ts_ms) AS ts FROM n_activity, f_params WHERE ts_ms <= eval_ms GROUP BY ALL) a USING (user_id)
LEFT JOIN (SELECT user_id, max(activity_tier(kind)) AS req FROM n_activity, f_params
           WHERE ts_ms >= cutoff_ms AND ts_ms <= eval_ms GROUP BY ALL) w USING (user_id);

-- Project owners as users: owner_id, Owner members, organizations standing for their Admins.
CREATE OR REPLACE TABLE f_owners AS
WITH direct AS (
  SELECT project_id, owner_id AS id FROM n_projects WHERE NOT archived
  UNION SELECT m.project_id, m.member_id FROM n_members m JOIN n_projects p USING (project_id)
  WHERE NOT p.archived AND m.role = 'owner'
)
SELECT DISTINCT d.project_id, coalesce(om.user_id, d.id) AS user_id
FROM direct d
LEFT JOIN n_org_members om ON om.org_id = d.id AND om.role = 'Admin'
WHERE d.id NOT IN (SELECT org_id FROM n_orgs) OR om.user_id IS NOT NULL;

-- ProjectManager reach: live projects owned by a user who shares an organization with the
-- PM, not the PM's own, not ones the PM explicitly owns; `via_admin` when one of those
-- organizations has the PM as Admin.
CREATE OR REPLACE TABLE f_reach AS
SELECT pm.user_id AS pm_id, p.project_id, bool_or(mine.role = 'Admin') AS via_admin
FROM f_users pm
JOIN n_org_members mine ON mine.user_id = pm.user_id
JOIN n_org_members other ON other.org_id = mine.org_id AND other.user_id <> pm.user_id
JOIN n_projects p ON p.owner_id = other.user_id AND NOT p.archived
WHERE list_contains(pm.roles, 'ProjectManager') AND pm.status = 'active'
  AND NOT EXISTS (SELECT 1 FROM n_members m WHERE m.project_id = p.project_id AND m.member_id = pm.user_id AND m.role = 'owner')
GROUP BY ALL;

CREATE OR REPLACE TABLE f_expected AS
SELECT 'inactive-seat' AS rule,
  CASE WHEN list_has_any(roles, ['SysAdmin', 'CloudAdmin', 'LimitedAdmin', 'ProjectManager']) THEN 'high' ELSE 'medium' END AS severity,
  user_id AS subject_id, NULL AS direction
FROM f_users WHERE status = 'active' AND (tier IS NULL OR tier >= 1) AND inactive
UNION ALL
SELECT 'overprivileged-project-manager',
  CASE WHEN u.inactive THEN 'critical' WHEN bool_or(r.via_admin) OR count(*) >= 25 THEN 'high' ELSE 'medium' END,
  u.user_id, NULL
FROM f_reach r JOIN f_users u ON u.user_id = r.pm_id GROUP BY u.user_id, u.inactive
UNION ALL
SELECT 'mislicensed-user', CASE WHEN req > tier THEN 'high' ELSE 'low' END, user_id,
  CASE WHEN req > tier THEN 'under' ELSE 'over' END
FROM f_users, f_params
WHERE status = 'active' AND account_type = 'human' AND tier IS NOT NULL
  AND (req > tier OR (req < tier AND last_seen >= cutoff_ms))
UNION ALL
SELECT 'sole-owner-risk', CASE WHEN u.user_id IS NULL OR u.status = 'deactivated' THEN 'high' ELSE 'medium' END,
  o.project_id, NULL
FROM (SELECT project_id, min(user_id) AS owner_id FROM f_owners GROUP BY ALL HAVING count(*) = 1) o
LEFT JOIN f_users u ON u.user_id = o.owner_id
WHERE u.user_id IS NULL OR u.status = 'deactivated' OR u.inactive;
